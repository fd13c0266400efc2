//! The canonical rows the read stage hands on.

use std::collections::HashMap;

use serde::Serialize;

use super::intern::Sym;

/// The `created` of conversations from an input that maps no `created_at`.
pub const NO_TIME: i64 = i64::MIN;

/// Rows handed to the classify stage at a time.
pub const BATCH: usize = 8192;

/// One conversation, validated and interned (its text was tagged where it was read).
#[derive(Debug, Clone)]
pub struct ConvRow {
    /// The conversation id, interned.
    pub id: Sym,
    pub created: i64,
    /// When the first (agent) response came; `None` = unanswered (or no response field).
    pub response_at: Option<i64>,
    pub channel: Option<Sym>,
    pub product: Option<Sym>,
    /// The order id, kept only while the product is unknown (it is found through the order).
    pub order: Option<Sym>,
    pub customer: Option<Sym>,
    pub segment: Option<Sym>,
    pub category: Option<Sym>,
    pub ces: Option<f32>,
    pub csat: Option<f32>,
    pub nps: Option<f32>,
    pub desk: crate::model::Desk,
    pub in_period: bool,
}

#[derive(Debug, Clone, Copy)]
pub struct SaleLine {
    pub date: i64,
    pub order: Option<Sym>,
    pub product: Option<Sym>,
    pub category: Option<Sym>,
    pub quantity: f64,
    pub revenue: f64,
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
}

/// The sales and returns read, beside the conversation stream.
#[derive(Debug, Default)]
pub struct Sales {
    /// Sale lines inside the scope's keep window, in file order.
    pub lines: Vec<SaleLine>,
    pub returns: Vec<ReturnLine>,
    pub catalogue: HashMap<Sym, Product>,
}
