//! The pipeline's value: every conversation of the keep window classified and linked, the
//! sales, the accounting and the rejects, all in one interner.

/// What a voice speaks for: a level-1 tag or a risk (by index).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum VoiceKey {
    Tag(u16),
    Risk(u16),
}

/// A conversation quoted in the report: the customer's own words, cut, not yet masked.
#[derive(Debug, Clone)]
pub struct Voice {
    pub id: String,
    pub created: i64,
    pub channel: Option<String>,
    pub text: String,
}

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
    /// With several conversation sources, each one's accounting (summed under conversations).
    pub sources: Vec<(String, Accounting)>,
    pub rejects: Vec<Reject>,
    /// Per risk, the oldest in-period conversations (created, id), up to `classify::RISK_IDS`, oldest first.
    pub risk_examples: Vec<Vec<RiskExample>>,
    /// Parallel to `convs` when `Keep::keywords`.
    pub keywords: Vec<Vec<String>>,
    /// Parallel to `convs` when `Keep::rule_hits`.
    pub rule_hits: Vec<Vec<u16>>,
    /// Parallel to `convs` when `Keep::period_texts` (empty outside the period).
    pub period_texts: Vec<String>,
    /// Manual tag values of the period's conversations that name no tag: (value, count), by
    /// count, then value.
    pub unmapped_manual: Vec<(String, u64)>,
    /// The customers' words kept for each level-1 tag and risk of the period (`classify::VoiceKey`).
    pub voices: Vec<(VoiceKey, Vec<Voice>)>,
    /// id → (text, tags cell) for `Keep::texts_of`.
    pub texts: HashMap<String, (String, Option<String>)>,
}
