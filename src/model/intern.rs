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

/// Strings stored once, end to end in one buffer, found again through a hash table of
/// (32 bits of the hash, symbol) pairs: 8 bytes a string. The table is placed by those 32
/// bits alone, so that it grows without reading a string again (at 10M conversations, hashing
/// every string again on each growth cost 5 % of a report); the partial hash spares most
/// string comparisons.
#[derive(Default, Debug, Clone)]
pub struct Interner {
    table: hashbrown::HashTable<(u32, Sym)>,
    text: String,
    ends: Vec<usize>,
    /// A small direct-mapped cache of recent lookups: the few channels, products and
    /// categories repeated on every row are found without probing the big table.
    recent: Vec<(u64, Sym)>,
}

const RECENT: usize = 256;

fn str_hash(s: &str) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    s.hash(&mut h);
    h.finish()
}

/// Where the table puts an entry, from the 32 bits it keeps (spread over the 64 bits the
/// table reads: its low bits pick the bucket, its top 7 bits are the control byte).
fn table_hash(tag: u32) -> u64 {
    (tag as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

fn name_in<'t>(text: &'t str, ends: &[usize], k: Sym) -> &'t str {
    let k = k as usize;
    let start = if k == 0 { 0 } else { ends[k - 1] };
    // the offsets are char boundaries by construction
    text.get(start..ends[k]).unwrap_or("")
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
        let h = str_hash(s);
        if self.recent.is_empty() {
            self.recent = vec![(0, Sym::MAX); RECENT];
        }
        let slot = (h as usize) % RECENT;
        let (ch, ck) = self.recent[slot];
        if ch == h && ck != Sym::MAX && self.name(ck) == s {
            return (ck, false);
        }
        let (text, ends) = (&self.text, &self.ends);
        let tag = (h >> 32) as u32;
        let th = table_hash(tag);
        if let Some(&(_, k)) = self.table.find(th, |&(kt, k)| kt == tag && name_in(text, ends, k) == s) {
            self.recent[slot] = (h, k);
            return (k, false);
        }
        let k = self.ends.len() as Sym;
        self.text.push_str(s);
        self.ends.push(self.text.len());
        self.table.insert_unique(th, (tag, k), |&(t, _)| table_hash(t));
        (k, true)
    }

    pub fn get(&self, s: &str) -> Option<Sym> {
        let tag = (str_hash(s) >> 32) as u32;
        self.table.find(table_hash(tag), |&(kt, k)| kt == tag && self.name(k) == s).map(|&(_, k)| k)
    }

    pub fn name(&self, k: Sym) -> &str {
        name_in(&self.text, &self.ends, k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interner_finds_every_string_again_after_its_table_grows() {
        let mut i = Interner::default();
        let words: Vec<String> = (0..50_000).map(|n| format!("CH-{n:06}")).chain(["".into(), "상품".into()]).collect();
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
    }
}
