//! The pipeline's value: every conversation of the keep window classified and linked, the
//! sales, the accounting and the rejects, all in one interner.

/// What a voice speaks for: a level-1 tag or a risk (by index).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum VoiceKey {
    Tag(u16),
    Risk(u16),
}

/// What some commands keep of a conversation beyond what the metrics read.
#[derive(Debug, Clone, Default)]
pub struct Extra {
    /// The keywords its text hit (`voc tag`).
    pub keywords: Vec<String>,
    /// Every tag whose own rule matched (`voc taxonomy stats`).
    pub rule_hits: Vec<u16>,
    /// Its text, in the period only (`voc taxonomy suggest | stats`).
    pub text: String,
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
    /// Per risk, the oldest in-period conversations (created, id), up to [`super::RISK_IDS`], oldest first.
    pub risk_examples: Vec<Vec<RiskExample>>,
    /// Parallel to `convs` when a command asked for more than the metrics need (`voc tag`, `voc
    /// taxonomy stats | suggest`: `classify::Keep`).
    pub extras: Option<Vec<Extra>>,
    /// Manual tag values of the period's conversations that name no tag: (value, count), by
    /// count, then value.
    pub unmapped_manual: Vec<(String, u64)>,
    /// The customers' words kept for each level-1 tag and risk of the period ([`VoiceKey`]).
    pub voices: Vec<(VoiceKey, Vec<Voice>)>,
    /// id → (text, tags cell) for `Keep::texts_of`.
    pub texts: HashMap<String, (String, Option<String>)>,
    /// Conversation id → where it opens in the helpdesk (the export's `url` column), both as
    /// symbols; empty without one.
    pub urls: rustc_hash::FxHashMap<super::Sym, super::Sym>,
}

impl Dataset {
    /// What was kept of conversation `i` beyond the metrics, when a command asked.
    pub fn extra(&self, i: usize) -> Option<&Extra> {
        self.extras.as_ref().and_then(|x| x.get(i))
    }

    /// Where a conversation (by its id as shown) opens in the helpdesk, when the export says.
    pub fn url(&self, id: &str) -> Option<&str> {
        let k = self.interner.get(id)?;
        self.urls.get(&k).map(|u| self.interner.name(*u))
    }

    /// The text of conversation `i` of the period, when it was kept ("" otherwise).
    pub fn text(&self, i: usize) -> &str {
        self.extra(i).map_or("", |x| x.text.as_str())
    }
}
