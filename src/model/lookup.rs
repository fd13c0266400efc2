//! A conversation's product through its order, and a product's category (built by
//! `crate::link`).

use rustc_hash::FxHashMap;

use super::{Conv, Sym};

/// Order → best product and product → category, in one interner's symbols.
#[derive(Debug, Default)]
pub struct Lookup {
    /// By order symbol: its best product (`Sym::MAX`: none).
    pub orders: Vec<Sym>,
    pub categories: FxHashMap<Sym, Sym>,
}

impl Lookup {
    pub fn product_of(&self, order: Sym) -> Option<Sym> {
        self.orders.get(order as usize).copied().filter(|&p| p != Sym::MAX)
    }

    pub fn category_of(&self, product: Sym) -> Option<Sym> {
        self.categories.get(&product).copied()
    }

    /// Fill what a conversation lacks.
    pub fn fill(&self, c: &mut Conv) {
        if c.product.get().is_none() {
            c.product = c.order.get().and_then(|o| self.product_of(o)).into();
        }
        if c.category.get().is_none() {
            c.category = c.product.get().and_then(|p| self.category_of(p)).into();
        }
    }
}
