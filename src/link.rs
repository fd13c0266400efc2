//! Link: one interner for the run, and each conversation's product and category
//! (docs/inputs.md, "Product of a conversation"): the product column; else, through the order
//! id, the order's line with the highest revenue (ties: the smallest product id) among *all*
//! sales rows; the category through the product's catalogue entry.
//!
//! The pipeline links in one of two ways, with the same result:
//! - sales read first (taxonomy rules test the category): the conversations are read into the
//!   sales' interner and linked row by row through a [`Lookup`] made by [`lookup`];
//! - sales read beside the conversations (faster): [`merge`] moves the sales into the
//!   conversations' interner afterwards and links every conversation once.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::model::{Conv, Hash, Interner, Lookup, Product, Sales, SalesRead, Sym, Warm};

/// The [`Lookup`] over sales read first, in their own symbols (the conversations are then
/// read into the same interner).
pub fn lookup(sales: &SalesRead) -> Lookup {
    Lookup { orders: sales.orders.as_ref().map(|o| o.products()).unwrap_or_default(), categories: categories(&sales.sales) }
}

/// (order, product) pairs as a vector by order symbol.
fn by_order(pairs: impl Iterator<Item = (Sym, Sym)>) -> Vec<Sym> {
    let mut v = Vec::new();
    for (o, p) in pairs {
        if o as usize >= v.len() {
            v.resize(o as usize + 1, Sym::MAX);
        }
        v[o as usize] = p;
    }
    v
}

fn categories(sales: &Sales) -> FxHashMap<Sym, Sym> {
    sales.catalogue.iter().filter_map(|(p, e)| e.category.map(|c| (*p, c))).collect()
}

/// Move the sales read beside the conversations into the conversations' interner, and give
/// each conversation its product and category. Order ids of the sales stay in their own
/// symbols (they are only counted); the conversations' orders are looked up by name.
pub fn merge(mut read: SalesRead, into: &mut Interner, convs: &mut [Conv]) -> Sales {
    let from = std::mem::take(&mut read.interner);
    let mut memo: Vec<Sym> = vec![Sym::MAX; from.len()];
    let mut t = |k: Sym, into: &mut Interner| -> Sym {
        let m = &mut memo[k as usize];
        if *m == Sym::MAX {
            *m = into.intern(from.name(k));
        }
        *m
    };
    let sales = &mut read.sales;
    for l in &mut sales.lines {
        l.product = l.product.map(|k| t(k, into));
        l.category = l.category.map(|k| t(k, into));
    }
    for r in &mut sales.returns {
        r.product = r.product.map(|k| t(k, into));
    }
    sales.catalogue = std::mem::take(&mut sales.catalogue)
        .into_iter()
        .map(|(p, e)| (t(p, into), Product { name: e.name.map(|k| t(k, into)), category: e.category.map(|k| t(k, into)) }))
        .collect();
    let mut lookup = Lookup { orders: Vec::new(), categories: categories(sales) };
    if let Some(idx) = read.orders.take() {
        let mut wanted: Vec<Sym> = convs.iter().filter(|c| c.product.get().is_none()).filter_map(|c| c.order.get()).collect();
        wanted.sort_unstable();
        wanted.dedup();
        // found by name on every core (each a look into two big tables, their memory fetched
        // for a chunk at a time), then interned in order
        let names: &Interner = into;
        let found: Vec<(Sym, Sym)> = wanted
            .par_chunks(64)
            .flat_map_iter(|chunk| {
                let hashes: Vec<Hash> = chunk.iter().map(|&o| Hash::of(names.name(o))).collect();
                for stage in [Warm::Slot, Warm::End, Warm::Text] {
                    hashes.iter().for_each(|&h| from.warm(h, stage));
                }
                chunk.iter().zip(hashes).filter_map(|(&o, h)| Some((o, idx.product(from.get_hashed(names.name(o), h)?)?)))
            })
            .collect();
        let pairs: Vec<(Sym, Sym)> = found.into_iter().map(|(o, p)| (o, t(p, into))).collect();
        lookup.orders = by_order(pairs.into_iter());
    }
    convs.par_iter_mut().for_each(|c| lookup.fill(c));
    read.sales
}

/// Give each sale line its customer's symbol when that customer wrote (is in `names`, the
/// run's one interner, after every conversation is read); the other buyers stay unnamed, and
/// the ids read are dropped.
pub fn buyers(sales: &mut Sales, names: &Interner) {
    let read = std::mem::take(&mut sales.buyer_names);
    let found: Vec<(usize, Sym)> = read
        .iter()
        .collect::<Vec<_>>()
        .par_chunks(64)
        .flat_map_iter(|chunk| {
            // each a look into the big table: its memory fetched for the chunk at a time
            let hashes: Vec<Hash> = chunk.iter().map(|&(_, id)| Hash::of(id)).collect();
            for stage in [Warm::Slot, Warm::End, Warm::Text] {
                hashes.iter().for_each(|&h| names.warm(h, stage));
            }
            chunk.iter().zip(hashes).filter_map(|(&(line, id), h)| Some((line, names.get_hashed(id, h)?)))
        })
        .collect();
    for (line, who) in found {
        sales.lines[line].customer = Some(who);
    }
}
