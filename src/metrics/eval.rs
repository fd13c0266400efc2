//! `voc eval`: the tagging against labels — precision, recall and F1 per tag (exact and at
//! level 1), accuracy, and the most frequent confusions. The labels are a hand-labelled file
//! (`id,tag`, read by the read stage) or the agents' own tags, against which the rules alone
//! are scored.

use std::collections::{BTreeMap, HashMap};

use crate::model::{Dataset, TagSource};
use crate::taxonomy::Taxonomy;

/// A label: a tag index, or `None` for unclassified.
pub type Label = Option<usize>;

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Score {
    pub tp: u64,
    pub fp: u64,
    pub fn_: u64,
}

impl Score {
    pub fn precision(&self) -> Option<f64> {
        let d = self.tp + self.fp;
        (d > 0).then(|| self.tp as f64 / d as f64)
    }
    pub fn recall(&self) -> Option<f64> {
        let d = self.tp + self.fn_;
        (d > 0).then(|| self.tp as f64 / d as f64)
    }
    /// Null only when the label is neither in the gold nor predicted; 0 when it is and nothing
    /// was right (a label never predicted has no precision, but its F1 is 0).
    pub fn f1(&self) -> Option<f64> {
        match (self.precision(), self.recall()) {
            (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
            _ if self.tp + self.fp + self.fn_ > 0 => Some(0.0),
            _ => None,
        }
    }
}

/// Per label: true positives, false positives, false negatives over (gold, predicted) pairs.
pub fn score(pairs: &[(Label, Label)]) -> BTreeMap<Label, Score> {
    let mut out: BTreeMap<Label, Score> = BTreeMap::new();
    for (g, p) in pairs {
        if g == p {
            out.entry(*g).or_default().tp += 1;
        } else {
            out.entry(*g).or_default().fn_ += 1;
            out.entry(*p).or_default().fp += 1;
        }
    }
    out
}

/// What the labels are.
pub enum Gold {
    /// Hand labels by conversation id.
    File(Vec<(String, Label)>),
    /// The agents' own mapped tags; the rules alone are scored against them.
    Agents,
}

/// The scored pairs of one evaluation.
#[derive(Debug, Clone)]
pub struct Evaluation {
    pub gold_rows: usize,
    /// (gold, predicted) for every gold id found among the conversations, in gold order.
    pub pairs: Vec<(Label, Label)>,
    /// The same at level 1.
    pub top: Vec<(Label, Label)>,
    /// Gold ids not among the conversations.
    pub missing: Vec<String>,
}

impl Evaluation {
    pub fn accuracy(&self) -> f64 {
        agreement(&self.pairs)
    }
    pub fn top_accuracy(&self) -> f64 {
        agreement(&self.top)
    }

    /// Scores per label, labels in taxonomy order and unclassified last.
    pub fn scores(&self, top: bool) -> Vec<(Label, Score)> {
        let mut v: Vec<(Label, Score)> = score(if top { &self.top } else { &self.pairs }).into_iter().collect();
        v.sort_by_key(|(l, _)| (l.is_none(), *l));
        v
    }

    /// (gold, predicted) pairs that differ, by count desc (ties: gold, then predicted; unclassified last).
    pub fn confusions(&self) -> Vec<((Label, Label), u64)> {
        let mut m: HashMap<(Label, Label), u64> = HashMap::new();
        for (g, p) in self.pairs.iter().filter(|(g, p)| g != p) {
            *m.entry((*g, *p)).or_default() += 1;
        }
        let mut v: Vec<((Label, Label), u64)> = m.into_iter().collect();
        v.sort_by_key(|((g, p), n)| (std::cmp::Reverse(*n), g.is_none(), *g, p.is_none(), *p));
        v
    }
}

fn agreement(pairs: &[(Label, Label)]) -> f64 {
    pairs.iter().filter(|(g, p)| g == p).count() as f64 / pairs.len().max(1) as f64
}

/// The level-1 tag of a label.
pub fn top_level(tax: &Taxonomy, l: Label) -> Label {
    l.map(|t| tax.lineage(t).last().unwrap_or(t))
}

/// The period's conversations scored against `gold` (no pairs when no gold id is among them).
pub fn evaluate(tax: &Taxonomy, data: &Dataset, gold: Gold) -> Evaluation {
    let in_period = || data.convs.iter().filter(|c| c.in_period());
    let agents = matches!(gold, Gold::Agents);
    let gold: Vec<(String, Label)> = match gold {
        Gold::File(g) => g,
        Gold::Agents => in_period()
            .filter(|c| c.source == TagSource::Manual)
            .map(|c| (data.interner.name(c.id).to_string(), c.tag.map(|t| t as usize)))
            .collect(),
    };
    let predicted: HashMap<&str, Label> =
        in_period().map(|c| (data.interner.name(c.id), if agents { c.rule.get() } else { c.tag }.map(|t| t as usize))).collect();
    let (mut pairs, mut missing) = (Vec::new(), Vec::new());
    for (id, g) in &gold {
        match predicted.get(id.as_str()) {
            Some(p) => pairs.push((*g, *p)),
            None => missing.push(id.clone()),
        }
    }
    let top = pairs.iter().map(|(g, p)| (top_level(tax, *g), top_level(tax, *p))).collect();
    Evaluation { gold_rows: gold.len(), pairs, top, missing }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_recall_f1_by_hand() {
        // gold: a a a b b ∅ ; predicted: a a b b ∅ ∅
        let (a, b) = (Some(0), Some(1));
        let pairs = [(a, a), (a, a), (a, b), (b, b), (b, None), (None, None)];
        let s = score(&pairs);
        assert_eq!(s[&a], Score { tp: 2, fp: 0, fn_: 1 });
        assert_eq!(s[&b], Score { tp: 1, fp: 1, fn_: 1 });
        assert_eq!(s[&None], Score { tp: 1, fp: 1, fn_: 0 });
        assert_eq!(s[&a].precision(), Some(1.0));
        assert!((s[&a].recall().unwrap() - 2.0 / 3.0).abs() < 1e-12);
        assert!((s[&a].f1().unwrap() - 0.8).abs() < 1e-12);
        assert_eq!(s[&b].f1(), Some(0.5));
    }
}
