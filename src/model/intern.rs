//! The one interner: every repeated string of a run (ids, channels, products, orders,
//! customers, segments, categories, names) stored once and named by a [`Sym`].
//!
//! Hand-written, measured against the crates (`cargo bench --bench interner --features
//! bench-interners`): on its own string-interner with Fx hashing is faster (0.19 s against
//! 0.24 s for a million ids with their customers and products) and holds less (50 against
//! 59 MB), lasso slower (0.43 s); but inside a whole report (1M conversations, 8 weeks, 5
//! alternating runs each) string-interner raised the peak RSS from 303 to 315 MB for 0.07 s
//! saved, so voc keeps its own.

/// An interned string (channel, product, order, customer, segment, category, name).
pub type Sym = u32;

/// Strings stored once, end to end in one buffer, found again through an open-addressing
/// table (linear probing, at most half full) of 8-byte slots: 32 bits of the hash and the
/// symbol. A slot is placed by those 32 bits alone, so that the table grows without reading a
/// string again (at 10M conversations, hashing every string again on each growth cost 5 % of
/// a report); the partial hash spares most string comparisons.
///
/// Beyond a few million strings the table, `ends` and the buffer no longer fit any cache, and
/// a lookup waits for memory three times (slot, end, text). A caller that knows the strings to
/// come can have them fetched ahead ([`Interner::warm`], one stage after the other) so that the
/// waits overlap (src/read/conversations.rs does, rows ahead of the one it interns).
#[derive(Default, Debug, Clone)]
pub struct Interner {
    slots: Vec<Slot>,
    text: String,
    ends: Vec<usize>,
    /// A small direct-mapped cache of recent lookups: the few channels, products and
    /// categories repeated on every row are found without probing the big table.
    recent: Vec<(u64, Sym)>,
}

#[derive(Default, Debug, Clone, Copy)]
struct Slot {
    tag: u32,
    /// The symbol + 1 (0: an empty slot).
    sym1: u32,
}

/// What [`Interner::warm`] fetches of a string's lookup, in the order the lookup needs them:
/// each stage reads what the one before fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Warm {
    Slot,
    End,
    Text,
}

const RECENT: usize = 256;

/// A string's hash, computed once for the fetches ahead and the interning. Never zero, so that
/// an `Option<Hash>` takes no more room than a hash (a parsed row carries several).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hash(std::num::NonZeroU64);

impl Hash {
    pub fn of(s: &str) -> Hash {
        use std::hash::BuildHasher;
        let h = rustc_hash::FxBuildHasher.hash_one(s);
        Hash(std::num::NonZeroU64::new(h).unwrap_or(std::num::NonZeroU64::MIN))
    }

    fn get(self) -> u64 {
        self.0.get()
    }

    /// The 32 bits the table keeps.
    fn tag(self) -> u32 {
        (self.get() >> 32) as u32
    }
}

/// Where a tag's probe starts in a table of `2^bits` slots: the top bits of a multiplicative
/// hash of the tag alone.
fn home(tag: u32, bits: u32) -> usize {
    ((tag as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
}

/// Ask the processor to bring `x`'s cache line in, without waiting for it.
#[inline(always)]
fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint: it reads nothing into the program, changes no state the
    // program sees and cannot fault, whatever the address (here a live reference's).
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>((x as *const T).cast())
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

impl Interner {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn intern(&mut self, s: &str) -> Sym {
        self.intern_new(s).0
    }

    /// The symbol of `s`, and whether it was new.
    pub fn intern_new(&mut self, s: &str) -> (Sym, bool) {
        self.intern_hashed(s, Hash::of(s))
    }

    /// [`Interner::intern_new`] of a string whose hash is known (`h` must be `Hash::of(s)`).
    pub fn intern_hashed(&mut self, s: &str, h: Hash) -> (Sym, bool) {
        if self.recent.is_empty() {
            self.recent = vec![(0, Sym::MAX); RECENT];
        }
        let slot = (h.get() as usize) % RECENT;
        let (ch, ck) = self.recent[slot];
        if ch == h.get() && ck != Sym::MAX && self.name(ck) == s {
            return (ck, false);
        }
        if (self.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let i = match self.probe(s, h.tag()) {
            Ok(k) => {
                self.recent[slot] = (h.get(), k);
                return (k, false);
            }
            Err(free) => free,
        };
        let k = self.ends.len() as Sym;
        assert!(k < Sym::MAX - 1, "more than 4 billion distinct strings");
        self.text.push_str(s);
        self.ends.push(self.text.len());
        self.slots[i] = Slot { tag: h.tag(), sym1: k + 1 };
        (k, true)
    }

    /// The symbol of `s` (`Ok`), or the free slot where it would go.
    fn probe(&self, s: &str, tag: u32) -> Result<Sym, usize> {
        if self.slots.is_empty() {
            return Err(usize::MAX);
        }
        let mask = self.slots.len() - 1;
        let mut i = home(tag, self.slots.len().trailing_zeros());
        loop {
            let sl = self.slots[i];
            if sl.sym1 == 0 {
                return Err(i);
            }
            if sl.tag == tag && self.name(sl.sym1 - 1) == s {
                return Ok(sl.sym1 - 1);
            }
            i = (i + 1) & mask;
        }
    }

    /// Twice the slots, each placed again by its tag (no string is read).
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(1 << 10);
        let (bits, mask) = (size.trailing_zeros(), size - 1);
        let mut slots = vec![Slot::default(); size];
        for sl in self.slots.iter().filter(|s| s.sym1 != 0) {
            let mut i = home(sl.tag, bits);
            while slots[i].sym1 != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = *sl;
        }
        self.slots = slots;
    }

    /// Fetch ahead one stage of the lookup of `h`'s string: its slot, then (the slot being in
    /// the cache) the end of the string it names when it has its tag, then that string's text.
    /// Only a hint: nothing changes, whatever is fetched.
    pub fn warm(&self, h: Hash, stage: Warm) {
        if self.slots.is_empty() {
            return;
        }
        let i = home(h.tag(), self.slots.len().trailing_zeros());
        if stage == Warm::Slot {
            return prefetch(&self.slots[i]);
        }
        let sl = self.slots[i];
        if sl.sym1 == 0 || sl.tag != h.tag() {
            return;
        }
        let k = sl.sym1 as usize - 1;
        match stage {
            Warm::End => prefetch(&self.ends[k]),
            _ => {
                if let Some(b) = self.text.as_bytes().get(self.start(k)) {
                    prefetch(b);
                }
            }
        }
    }

    pub fn get(&self, s: &str) -> Option<Sym> {
        self.get_hashed(s, Hash::of(s))
    }

    /// [`Interner::get`] of a string whose hash is known (`h` must be `Hash::of(s)`).
    pub fn get_hashed(&self, s: &str, h: Hash) -> Option<Sym> {
        self.probe(s, h.tag()).ok()
    }

    pub fn name(&self, k: Sym) -> &str {
        let k = k as usize;
        // the offsets are char boundaries by construction
        self.text.get(self.start(k)..self.ends[k]).unwrap_or("")
    }

    /// Where string `k` begins in `text`.
    fn start(&self, k: usize) -> usize {
        if k == 0 { 0 } else { self.ends[k - 1] }
    }
}

/// How many values behind the newest the fetches of [`Ahead`] are made: the slots for the
/// newest, the ends a third of the way, the texts two thirds (at 10M conversations a row takes
/// about a microsecond on its taking thread, a wait for memory a tenth of that).
const AHEAD: usize = 24;

/// A value that will look up strings of these hashes when it is taken.
pub trait Lookups {
    fn hashes(&self) -> impl Iterator<Item = Hash>;
}

/// Values held back [`AHEAD`] places before they are taken, while the interner fetches the
/// strings they will look up ([`Interner::warm`], stage by stage): the waits for memory of a
/// table beyond the caches overlap instead of adding up. The order is kept.
pub struct Ahead<T> {
    waiting: std::collections::VecDeque<T>,
}

impl<T: Lookups> Ahead<T> {
    pub fn new() -> Ahead<T> {
        Ahead { waiting: std::collections::VecDeque::with_capacity(AHEAD + 1) }
    }

    /// Hold `next`; the value whose turn it is, if any.
    pub fn push(&mut self, next: T, names: &Interner) -> Option<T> {
        self.waiting.push_back(next);
        for (back, stage) in [(1, Warm::Slot), (AHEAD / 3, Warm::End), (2 * AHEAD / 3, Warm::Text)] {
            if let Some(t) = self.waiting.len().checked_sub(back).and_then(|i| self.waiting.get(i)) {
                t.hashes().for_each(|h| names.warm(h, stage));
            }
        }
        if self.waiting.len() > AHEAD { self.waiting.pop_front() } else { None }
    }

    /// The values still held, in order (once nothing comes after them).
    pub fn pop(&mut self) -> Option<T> {
        self.waiting.pop_front()
    }
}

impl<T: Lookups> Default for Ahead<T> {
    fn default() -> Self {
        Ahead::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interner_finds_every_string_again_after_its_table_grows() {
        let mut i = Interner::default();
        let words: Vec<String> = (0..50_000)
            .map(|n| format!("CH-{n:06}"))
            .chain(["".into(), "상품".into(), "긴".repeat(30_000), "긴".repeat(30_001)])
            .collect();
        for (n, w) in words.iter().enumerate() {
            assert_eq!(i.intern_new(w), (n as Sym, true), "{w}");
        }
        assert_eq!(i.len(), words.len());
        for (n, w) in words.iter().enumerate().rev() {
            assert_eq!(i.intern_new(w), (n as Sym, false), "{w}");
            assert_eq!(i.get(w), Some(n as Sym));
            assert_eq!(i.name(n as Sym), w);
        }
        assert_eq!(i.get("CH-050000"), None);
        assert_eq!(i.get(&"긴".repeat(29_999)), None);
        // fetching ahead changes nothing
        for w in &words {
            let h = Hash::of(w);
            for stage in [Warm::Slot, Warm::End, Warm::Text] {
                i.warm(h, stage);
            }
        }
        assert_eq!(i.intern_hashed("CH-000007", Hash::of("CH-000007")), (7, false));
        assert_eq!(i.len(), words.len());
    }

    struct Row(u32, Vec<Hash>);

    impl Lookups for Row {
        fn hashes(&self) -> impl Iterator<Item = Hash> {
            self.1.iter().copied()
        }
    }

    #[test]
    fn rows_held_ahead_come_out_once_each_in_their_order() {
        let mut i = Interner::default();
        for n in 0..1000 {
            i.intern(&format!("U{n}"));
        }
        let mut ahead = Ahead::new();
        let mut out = Vec::new();
        for n in 0..100u32 {
            // strings known and unknown to the interner
            let hashes = vec![Hash::of(&format!("U{}", n * 7)), Hash::of(&format!("new{n}"))];
            out.extend(ahead.push(Row(n, hashes), &i).map(|r| r.0));
        }
        assert_eq!(out.len(), 100 - AHEAD);
        while let Some(r) = ahead.pop() {
            out.push(r.0);
        }
        assert_eq!(out, (0..100).collect::<Vec<_>>());
    }
}
