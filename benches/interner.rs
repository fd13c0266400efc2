//! voc's interner against the well-kept crates (lasso's `Rodeo`, string-interner's
//! `StringInterner` with its default hasher and with Fx hashing) on the workload a report gives it: a million
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
static PEAK: AtomicIsize = AtomicIsize::new(0);

fn grew(by: isize) {
    let now = LIVE.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        grew(l.size() as isize);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        grew(n as isize - l.size() as isize);
        unsafe { System.realloc(p, l, n) }
    }
}

#[global_allocator]
static A: Counting = Counting;

const IDS: usize = 1_000_000;

/// One interner's run: intern every row's three strings, then find every id again. Returns
/// (seconds, heap bytes held, peak heap while interning, a checksum so nothing is optimized away).
fn run<I>(
    new: impl Fn() -> I,
    intern: impl Fn(&mut I, &str) -> u32,
    get: impl Fn(&I, &str) -> Option<u32>,
    rows: &(Vec<String>, Vec<String>, Vec<String>),
) -> (f64, isize, isize, u64) {
    let mut best = f64::MAX;
    let (mut heap, mut peak, mut sum) = (0, 0, 0u64);
    for _ in 0..5 {
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
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
        peak = PEAK.load(Ordering::Relaxed) - before;
        drop(i);
    }
    (best, heap, peak, sum)
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
    println!("| interner | time | heap held | peak heap | checksum |");
    println!("|---|---|---|---|---|");
    for (name, (t, heap, peak, sum)) in out {
        println!("| {name} | {:.3} s | {:.1} MB | {:.1} MB | {sum} |", t, heap as f64 / 1e6, peak as f64 / 1e6);
    }
}
