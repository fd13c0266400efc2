//! voc's interner (string-interner's `StringInterner` with Fx hashing) against the one voc wrote
//! by hand before, lasso's `Rodeo` and string-interner with its default hasher on the workload a report gives it: a million
//! distinct conversation ids, each followed by a lookup of one of 20,000 customers and one of
//! 40 products, then every id looked up again. Time (best of 5) and the heap each holds at the
//! end (a counting allocator), in one run, on one core.
//!
//!     cargo bench --bench interner --features bench-interners

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::Instant;

struct Counting;
static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        LIVE.fetch_add(n as isize - l.size() as isize, Ordering::Relaxed);
        unsafe { System.realloc(p, l, n) }
    }
}

#[global_allocator]
static A: Counting = Counting;

const IDS: usize = 1_000_000;

/// voc's interner until it adopted string-interner: strings end to end in one buffer, a
/// hashbrown table of (32 bits of the hash, symbol), a direct-mapped cache of recent lookups.
#[derive(Default, Debug, Clone)]
pub struct HandWritten {
    table: hashbrown::HashTable<(u32, u32)>,
    text: String,
    ends: Vec<usize>,
    /// A small direct-mapped cache of recent lookups: the few channels, products and
    /// categories repeated on every row are found without probing the big table.
    recent: Vec<(u64, u32)>,
}

const RECENT: usize = 256;

fn str_hash(s: &str) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    s.hash(&mut h);
    h.finish()
}

fn name_in<'t>(text: &'t str, ends: &[usize], k: u32) -> &'t str {
    let k = k as usize;
    let start = if k == 0 { 0 } else { ends[k - 1] };
    // the offsets are char boundaries by construction
    text.get(start..ends[k]).unwrap_or("")
}

impl HandWritten {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn intern(&mut self, s: &str) -> u32 {
        self.intern_new(s).0
    }

    /// The symbol of `s`, and whether it was new.
    pub fn intern_new(&mut self, s: &str) -> (u32, bool) {
        let h = str_hash(s);
        if self.recent.is_empty() {
            self.recent = vec![(0, u32::MAX); RECENT];
        }
        let slot = (h as usize) % RECENT;
        let (ch, ck) = self.recent[slot];
        if ch == h && ck != u32::MAX && self.name(ck) == s {
            return (ck, false);
        }
        let (text, ends) = (&self.text, &self.ends);
        let tag = (h >> 32) as u32;
        if let Some(&(_, k)) = self.table.find(h, |&(kt, k)| kt == tag && name_in(text, ends, k) == s) {
            self.recent[slot] = (h, k);
            return (k, false);
        }
        let k = self.ends.len() as u32;
        self.text.push_str(s);
        self.ends.push(self.text.len());
        let (text, ends) = (&self.text, &self.ends);
        self.table.insert_unique(h, (tag, k), |&(_, k)| str_hash(name_in(text, ends, k)));
        (k, true)
    }

    pub fn get(&self, s: &str) -> Option<u32> {
        let h = str_hash(s);
        let tag = (h >> 32) as u32;
        self.table.find(h, |&(kt, k)| kt == tag && self.name(k) == s).map(|&(_, k)| k)
    }

    pub fn name(&self, k: u32) -> &str {
        name_in(&self.text, &self.ends, k)
    }
}

fn workload() -> (Vec<String>, Vec<String>, Vec<String>) {
    let ids = (0..IDS).map(|i| format!("CH-2611{:02}-{:05}", i % 28 + 1, i)).collect();
    let customers = (0..IDS).map(|i| format!("U{:06}", (i * 7919) % 20_000)).collect();
    let products = (0..IDS).map(|i| format!("P-{:02}", (i * 31) % 40)).collect();
    (ids, customers, products)
}

/// One interner's run: intern every row's three strings, then find every id again. Returns
/// (seconds, heap bytes held, a checksum so nothing is optimized away).
fn run<I>(
    new: impl Fn() -> I,
    intern: impl Fn(&mut I, &str) -> u32,
    get: impl Fn(&I, &str) -> Option<u32>,
    rows: &(Vec<String>, Vec<String>, Vec<String>),
) -> (f64, isize, u64) {
    let mut best = f64::MAX;
    let (mut heap, mut sum) = (0, 0u64);
    for _ in 0..5 {
        let before = LIVE.load(Ordering::Relaxed);
        let t = Instant::now();
        let mut i = new();
        sum = 0;
        for ((id, c), p) in rows.0.iter().zip(&rows.1).zip(&rows.2) {
            sum += intern(&mut i, id) as u64 + intern(&mut i, c) as u64 + intern(&mut i, p) as u64;
        }
        for id in &rows.0 {
            sum += get(&i, id).unwrap_or(0) as u64;
        }
        best = best.min(t.elapsed().as_secs_f64());
        heap = LIVE.load(Ordering::Relaxed) - before;
        drop(i);
    }
    (best, heap, sum)
}

fn main() {
    let rows = workload();
    let mut out = Vec::new();
    out.push((
        "voc::model::Interner (string-interner, FxHash)",
        run(voc::model::Interner::default, |i, s| i.intern(s), |i, s| i.get(s), &rows),
    ));
    out.push((
        "voc's hand-written interner (until this change)",
        run(HandWritten::default, |i, s| i.intern(s), |i, s| i.get(s), &rows),
    ));
    out.push((
        "lasso::Rodeo",
        run(
            lasso::Rodeo::<lasso::Spur>::new,
            |i, s| i.get_or_intern(s).into_inner().get(),
            |i, s| i.get(s).map(|k| k.into_inner().get()),
            &rows,
        ),
    ));
    out.push((
        "string_interner::DefaultStringInterner",
        run(
            string_interner::DefaultStringInterner::new,
            |i: &mut string_interner::DefaultStringInterner, s| string_interner::Symbol::to_usize(i.get_or_intern(s)) as u32,
            |i: &string_interner::DefaultStringInterner, s| i.get(s).map(|k| string_interner::Symbol::to_usize(k) as u32),
            &rows,
        ),
    ));
    println!("{} distinct ids + customers and products per row, then every id again (best of 5)", IDS);
    println!("| interner | time | heap held | checksum |");
    println!("|---|---|---|---|");
    for (name, (t, heap, sum)) in out {
        println!("| {name} | {:.3} s | {:.1} MB | {sum} |", t, heap as f64 / 1e6);
    }
}
