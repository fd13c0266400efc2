//! The pipeline's value: every conversation of the keep window classified and linked, the
//! sales, the accounting and the rejects, all in one interner.

use std::collections::HashMap;

use super::{Accounting, Conv, InputKind, Interner, Mapped, Reject, RiskExample, Sales, Scope};

#[derive(Debug)]
pub struct Dataset {
    pub scope: Scope,
    pub convs: Vec<Conv>,
    pub sales: Sales,
    pub interner: Interner,
    pub mapped: Mapped,
    pub accounting: Vec<(InputKind, Accounting)>,
    pub rejects: Vec<Reject>,
    /// Per risk, the oldest in-period conversations (created, id), up to `classify::RISK_IDS`, oldest first.
    pub risk_examples: Vec<Vec<RiskExample>>,
    /// Parallel to `convs` when `Keep::keywords`.
    pub keywords: Vec<Vec<String>>,
    /// Parallel to `convs` when `Keep::rule_hits`.
    pub rule_hits: Vec<Vec<u16>>,
    /// Manual tag values of the period's conversations that name no tag: (value, count), by
    /// count, then value.
    pub unmapped_manual: Vec<(String, u64)>,
    /// id → (text, tags cell) for `Keep::texts_of`.
    pub texts: HashMap<String, (String, Option<String>)>,
}
