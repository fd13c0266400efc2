//! The canonical rows the read stage hands on.

use std::collections::HashMap;

use serde::Serialize;

use super::intern::{Interner, Sym};
use super::{Accounting, InputKind, Reject};

/// The `created` of conversations from an input that maps no `created_at`.
pub const NO_TIME: i64 = i64::MIN;

/// Conversations handed to the classify stage at a time.
pub const BATCH: usize = 8192;

#[derive(Debug, Clone, Copy)]
pub struct SaleLine {
    pub date: i64,
    pub order: Option<Sym>,
    pub product: Option<Sym>,
    pub category: Option<Sym>,
    pub quantity: f64,
    pub revenue: f64,
    /// Who ordered (`customer_id` on sales: docs/metrics.md `conversion`), when that customer
    /// also wrote: set by `link::buyers` once every conversation is read.
    pub customer: Option<Sym>,
}

#[derive(Debug, Clone, Copy)]
pub struct ReturnLine {
    pub date: i64,
    pub order: Option<Sym>,
    pub product: Option<Sym>,
    pub quantity: f64,
}

#[derive(Debug, Clone, Default)]
pub struct Product {
    pub name: Option<Sym>,
    pub category: Option<Sym>,
}

/// Which optional conversation fields have a source (unmapped → their metrics are null).
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Mapped {
    pub first_response: bool,
    /// `resolved_at` or a resolution duration (docs/metrics.md `resolution`, `backlog`).
    pub resolution: bool,
    /// `assignee`, or messages with `author_id` (the first responding agent).
    pub assignee: bool,
    /// `agent_replies`, or messages (agent messages counted).
    pub agent_replies: bool,
    pub reopens: bool,
    pub channel: bool,
    pub product: bool,
    pub customer: bool,
    pub segment: bool,
    pub ces: bool,
    pub csat: bool,
    pub nps: bool,
    pub tags: bool,
    pub sales: bool,
    pub orders: bool,
    pub returns: bool,
    /// Sales map `customer_id` (with conversations' `customer_id`: `conversion`).
    pub buyers: bool,
    /// Bot involvement is known: a `bot` column, or messages that say who wrote them.
    pub bot: bool,
}

/// The sales and returns read, beside the conversation stream.
#[derive(Debug, Default)]
pub struct Sales {
    /// Sale lines inside the scope's keep window, in file order.
    pub lines: Vec<SaleLine>,
    pub returns: Vec<ReturnLine>,
    pub catalogue: HashMap<Sym, Product>,
    /// The sale lines' customer ids as read, not interned: most buyers never write, so only
    /// the ids of customers who did become symbols (`link::buyers`).
    pub buyer_names: BuyerNames,
}

/// Customer ids of sale lines, in one buffer: (line index, the id).
#[derive(Debug, Default)]
pub struct BuyerNames {
    text: String,
    /// (line index, end of its id in `text`), in line order.
    ends: Vec<(u32, u32)>,
}

impl BuyerNames {
    pub fn push(&mut self, line: usize, id: &str) {
        self.text.push_str(id);
        self.ends.push((line as u32, self.text.len() as u32));
    }

    /// Each line's index with its customer id.
    pub fn iter(&self) -> impl Iterator<Item = (usize, &str)> {
        let starts = std::iter::once(0).chain(self.ends.iter().map(|e| e.1));
        self.ends.iter().zip(starts).map(|(&(line, end), start)| (line as usize, &self.text[start as usize..end as usize]))
    }
}

/// The order lines' best product per order, for conversations that carry only an order id:
/// the line with the highest revenue, ties the smallest product id.
#[derive(Default)]
pub struct OrderIndex {
    /// By order symbol (of the sales' interner, where orders are most symbols): its product
    /// and that line's revenue; `Sym::MAX`: no line of that order yet.
    best: Vec<(Sym, f64)>,
}

impl OrderIndex {
    pub fn offer(&mut self, order: Sym, product: Sym, revenue: f64, names: &Interner) {
        let o = order as usize;
        if o >= self.best.len() {
            self.best.resize(o + 1, (Sym::MAX, 0.0));
        }
        let b = &mut self.best[o];
        if b.0 == Sym::MAX || revenue > b.1 || (revenue == b.1 && names.name(product) < names.name(b.0)) {
            *b = (product, revenue);
        }
    }

    /// The product of an order.
    pub fn product(&self, order: Sym) -> Option<Sym> {
        self.best.get(order as usize).map(|b| b.0).filter(|&p| p != Sym::MAX)
    }

    /// Every order's product, by order symbol (`Sym::MAX`: none), as [`super::Lookup`]
    /// keeps them.
    pub fn products(&self) -> Vec<Sym> {
        self.best.iter().map(|b| b.0).collect()
    }
}

/// What reading sales and returns gives.
pub struct SalesRead {
    pub sales: Sales,
    /// The best product of every order, over all sales rows (when conversations carry orders).
    pub orders: Option<OrderIndex>,
    pub interner: Interner,
    pub accounting: Vec<(InputKind, Accounting)>,
    pub rejects: Vec<Reject>,
    /// Some valid sales line was a return: the sales are a source of returns.
    pub returns_seen: bool,
}
