//! The one interner: every repeated string of a run (ids, channels, products, orders,
//! customers, segments, categories, names) stored once and named by a [`Sym`].
//!
//! It is string-interner's `StringInterner` (one buffer of all strings end to end, symbols
//! numbered 0, 1, 2 … in first-seen order) with Fx hashing. Measured against voc's earlier
//! hand-written interner and lasso's `Rodeo` on a report's workload (`cargo bench --bench
//! interner --features bench-interners`: a million ids with their customers and products, then
//! every id again): 0.203 s and 50 MB, against 0.233 s / 59 MB and 0.39 s / 54 MB.

use string_interner::backend::StringBackend;
use string_interner::symbol::SymbolU32;
use string_interner::{StringInterner, Symbol};

/// An interned string (channel, product, order, customer, segment, category, name): its index
/// in first-seen order. `Sym::MAX` is never one (that many strings would not fit in memory).
pub type Sym = u32;

#[derive(Debug, Clone)]
pub struct Interner(StringInterner<StringBackend<SymbolU32>, rustc_hash::FxBuildHasher>);

impl Default for Interner {
    fn default() -> Self {
        Interner(StringInterner::new())
    }
}

impl Interner {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn intern(&mut self, s: &str) -> Sym {
        self.0.get_or_intern(s).to_usize() as Sym
    }

    pub fn get(&self, s: &str) -> Option<Sym> {
        self.0.get(s).map(|k| k.to_usize() as Sym)
    }

    /// The string of a symbol of this interner ("" for one it never gave).
    pub fn name(&self, k: Sym) -> &str {
        SymbolU32::try_from_usize(k as usize).and_then(|k| self.0.resolve(k)).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_count_up_in_first_seen_order_and_name_their_strings() {
        let mut i = Interner::default();
        let words: Vec<String> = (0..50_000).map(|n| format!("CH-{n:06}")).chain(["".into(), "상품".into()]).collect();
        for (n, w) in words.iter().enumerate() {
            assert_eq!(i.intern(w), n as Sym, "{w}");
        }
        assert_eq!(i.len(), words.len());
        for (n, w) in words.iter().enumerate().rev() {
            assert_eq!(i.intern(w), n as Sym, "{w}");
            assert_eq!(i.get(w), Some(n as Sym));
            assert_eq!(i.name(n as Sym), w);
        }
        assert_eq!(i.get("CH-050000"), None);
        assert_eq!(i.name(Sym::MAX), "");
    }
}
