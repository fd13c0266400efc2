//! `voc taxonomy learn` (docs/taxonomy.md "Learning from labels"): changes to the rules proposed
//! from labelled conversations, each measured exactly on them before it is kept.
//!
//! The labelled conversations are split reproducibly (by a hash of their id) into a training
//! part and a held-out part. On the training part only:
//! - **keywords to add** to a tag: pieces of the conversations labelled with it that the rules
//!   miss (words and pairs of words, endings trimmed, predicates as stems `작다~`), found in at
//!   least [`MIN_SUPPORT`] of them and precise on the labels (≥ [`MIN_PRECISION`] of the
//!   training conversations containing it are the tag's);
//! - **keywords to remove** from a tag: its keywords behind more wrong picks than right ones;
//! - **vetoes** (`none:`): pieces of the conversations a tag wrongly takes that its rightly
//!   taken ones (almost) never contain.
//!
//! Each candidate is then tried on a copy of the taxonomy, compiled, on the training
//! conversations it can change; it is kept when it fixes at least [`MIN_GAIN`] more than it
//! breaks and breaks at most a third of what it fixes; the next one is tried on the taxonomy
//! with the ones kept before it. Scores before and after, on both parts, are level-1 (the
//! report's level).

use std::collections::HashMap;

use super::eval::{Label, Score, score, top_level};
use crate::model::Fields;
use crate::taxonomy::compile::{Build, compile_built};
use crate::taxonomy::edit::Change;
use crate::taxonomy::matcher::Finder;
use crate::taxonomy::model::RawTaxonomy;
use crate::taxonomy::{Scratch, Taxonomy, suggest};

pub const MIN_SUPPORT: usize = 2;
pub const MIN_PRECISION: f64 = 0.7;
pub const MIN_GAIN: usize = 2;
/// Candidates tried per tag and kind (the most promising first), and changes kept in all.
const PER_TAG: usize = 30;
const MAX_CHANGES: usize = 80;

/// One labelled conversation.
pub struct Labelled<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub fields: Fields<'a>,
    pub gold: Label,
    pub held_out: bool,
}

/// A change kept, with the training conversations (indices) it fixes and breaks.
#[derive(Debug, Clone)]
pub struct Proposal {
    pub change: Change,
    pub fixes: Vec<usize>,
    pub breaks: Vec<usize>,
}

/// Level-1 accuracy and per-tag scores of one part.
#[derive(Debug, Clone)]
pub struct Scores {
    pub conversations: usize,
    pub accuracy: f64,
    pub tags: Vec<(Label, Score)>,
}

#[derive(Debug, Clone)]
pub struct Learned {
    pub proposals: Vec<Proposal>,
    /// (training, held out), before and after the changes.
    pub before: (Scores, Scores),
    pub after: (Scores, Scores),
    /// The taxonomy with every change kept.
    pub taxonomy: RawTaxonomy,
}

/// Whether a conversation is held out: `share` of ids, by a hash of the id (the same ids on
/// every run, whatever the order of the export).
pub fn held_out(id: &str, share: f64) -> bool {
    use std::hash::BuildHasher;
    (rustc_hash::FxBuildHasher.hash_one(id) % 10_000) < (share * 10_000.0).round() as u64
}

/// What the rules alone pick for each conversation.
fn predict(tax: &Taxonomy, docs: &[Labelled], which: impl Iterator<Item = usize>, out: &mut [Label]) {
    let mut s = Scratch::default();
    for i in which {
        out[i] = tax.classify(docs[i].text, &docs[i].fields, None, &mut s).rule.map(usize::from);
    }
}

fn scores(tax: &Taxonomy, docs: &[Labelled], pred: &[Label], held: bool) -> Scores {
    let pairs: Vec<(Label, Label)> = (0..docs.len())
        .filter(|&i| docs[i].held_out == held)
        .map(|i| (top_level(tax, docs[i].gold), top_level(tax, pred[i])))
        .collect();
    let right = pairs.iter().filter(|(g, p)| g == p).count();
    let mut tags: Vec<(Label, Score)> = score(&pairs).into_iter().collect();
    tags.sort_by_key(|(l, _)| (l.is_none(), *l));
    Scores { conversations: pairs.len(), accuracy: right as f64 / pairs.len().max(1) as f64, tags }
}

/// A candidate change, with the training conversations it may change.
struct Candidate {
    change: Change,
    affected: Vec<usize>,
    /// How promising it looked (tried in this order).
    promise: usize,
}

pub fn learn(src: &str, raw: &RawTaxonomy, tax: &Taxonomy, docs: &[Labelled]) -> Learned {
    let l1 = |l: Label| top_level(tax, l);
    let mut pred = vec![None; docs.len()];
    predict(tax, docs, 0..docs.len(), &mut pred);
    let before = (scores(tax, docs, &pred, false), scores(tax, docs, &pred, true));
    let train: Vec<usize> = (0..docs.len()).filter(|&i| !docs[i].held_out).collect();
    let mut candidates = additions_and_vetoes(tax, docs, &train, &pred);
    candidates.extend(removals(raw, tax, docs, &train, &pred));
    candidates.sort_by(|a, b| b.promise.cmp(&a.promise).then_with(|| format!("{:?}", a.change).cmp(&format!("{:?}", b.change))));
    let (mut work, mut proposals) = (raw.clone(), Vec::new());
    let mut current = pred.clone();
    for c in candidates {
        if proposals.len() >= MAX_CHANGES {
            break;
        }
        let mut next = work.clone();
        if !c.change.apply(&mut next) {
            continue;
        }
        let (t2, problems) = compile_built(&tax.path, src, next.clone(), Build::ForTrial);
        if !problems.is_empty() {
            continue;
        }
        let mut trial = current.clone();
        predict(&t2, docs, c.affected.iter().copied(), &mut trial);
        let right = |p: &[Label], i: usize| l1(p[i]) == l1(docs[i].gold);
        let fixes: Vec<usize> = c.affected.iter().copied().filter(|&i| !right(&current, i) && right(&trial, i)).collect();
        let breaks: Vec<usize> = c.affected.iter().copied().filter(|&i| right(&current, i) && !right(&trial, i)).collect();
        if fixes.len() >= breaks.len() + MIN_GAIN && breaks.len() * 3 <= fixes.len() {
            work = next;
            current = trial;
            proposals.push(Proposal { change: c.change, fixes, breaks });
        }
    }
    let (final_tax, _) = compile_built(&tax.path, src, work.clone(), Build::ToScan);
    let mut after_pred = vec![None; docs.len()];
    predict(&final_tax, docs, 0..docs.len(), &mut after_pred);
    let after = (scores(tax, docs, &after_pred, false), scores(tax, docs, &after_pred, true));
    Learned { proposals, before, after, taxonomy: work }
}

/// Keywords to add to the tags whose conversations the rules miss, and vetoes for the tags
/// that take others' conversations.
fn additions_and_vetoes(tax: &Taxonomy, docs: &[Labelled], train: &[usize], pred: &[Label]) -> Vec<Candidate> {
    let l1 = |l: Label| top_level(tax, l);
    let wrong = |i: usize| l1(pred[i]) != l1(docs[i].gold);
    // (kind, tag) → piece → (shown, conversations it comes from)
    let mut wanted: HashMap<(bool, usize), HashMap<String, (String, usize)>> = HashMap::new();
    for &i in train.iter().filter(|&&i| wrong(i)) {
        let pieces = suggest::pieces(tax, docs[i].text);
        // a miss: the labelled tag lacks a keyword (a tag with a rule of its own)
        if let Some(t) = docs[i].gold.filter(|&t| tax.tags[t].rule.is_some()) {
            for (k, shown) in &pieces {
                wanted.entry((true, t)).or_default().entry(k.clone()).or_insert_with(|| (shown.clone(), 0)).1 += 1;
            }
        }
        // a wrong pick: the picked tag may need a veto
        if let Some(t) = pred[i] {
            for (k, shown) in &pieces {
                wanted.entry((false, t)).or_default().entry(k.clone()).or_insert_with(|| (shown.clone(), 0)).1 += 1;
            }
        }
    }
    // the most frequent pieces of each, counted exactly over the training conversations
    let mut tried: Vec<((bool, usize), String, usize)> = Vec::new();
    let mut keys: Vec<((bool, usize), HashMap<String, (String, usize)>)> = wanted.into_iter().collect();
    keys.sort_by_key(|(k, _)| *k);
    for (k, pieces) in keys {
        let mut v: Vec<(String, (String, usize))> = pieces.into_iter().filter(|(_, (_, n))| *n >= MIN_SUPPORT).collect();
        v.sort_by(|a, b| b.1.1.cmp(&a.1.1).then_with(|| a.0.cmp(&b.0)));
        tried.extend(v.into_iter().take(PER_TAG).map(|(_, (shown, n))| (k, shown, n)));
    }
    let written: Vec<String> = tried.iter().map(|(_, s, _)| s.clone()).collect();
    let mut finder = Finder::new(tax.norm, &written);
    let mut has: Vec<Vec<usize>> = vec![Vec::new(); written.len()];
    let mut found = Vec::new();
    for &i in train {
        finder.find(docs[i].text, &mut found);
        for &k in &found {
            has[k].push(i);
        }
    }
    let mut out = Vec::new();
    for (((add, t), shown, n), affected) in tried.into_iter().zip(has) {
        let mine = |i: &&usize| l1(docs[**i].gold) == l1(Some(t));
        let ok = affected.iter().filter(mine).count();
        let taken_right = affected.iter().filter(|&&i| pred[i] == Some(t) && l1(docs[i].gold) == l1(Some(t))).count();
        let keep =
            if add { ok >= MIN_SUPPORT && ok as f64 >= MIN_PRECISION * affected.len() as f64 } else { taken_right * 4 <= n };
        if keep {
            let tag = tax.tags[t].id.clone();
            let change = if add { Change::Add { tag, keyword: shown } } else { Change::Veto { tag, keyword: shown } };
            out.push(Candidate { change, affected, promise: n });
        }
    }
    out
}

/// A tag's keywords behind more wrong picks than right ones, to remove.
fn removals(raw: &RawTaxonomy, tax: &Taxonomy, docs: &[Labelled], train: &[usize], pred: &[Label]) -> Vec<Candidate> {
    let l1 = |l: Label| top_level(tax, l);
    let mut out = Vec::new();
    let mut stack: Vec<&crate::taxonomy::model::RawTag> = raw.tags.iter().collect();
    while let Some(rt) = stack.pop() {
        stack.extend(rt.children.iter());
        let (Some(rule), Some(t)) = (&rt.rule, tax.tag_index(&rt.id.0)) else { continue };
        let written: Vec<String> = rule.any.iter().map(|k| k.0.trim().to_string()).collect();
        let mut finder = Finder::new(tax.norm, &written);
        let mut per: Vec<Vec<usize>> = vec![Vec::new(); written.len()];
        let mut found = Vec::new();
        for &i in train.iter().filter(|&&i| pred[i] == Some(t)) {
            finder.find(docs[i].text, &mut found);
            for &k in &found {
                per[k].push(i);
            }
        }
        for (k, taken) in per.into_iter().enumerate() {
            let wrong = taken.iter().filter(|&&i| l1(docs[i].gold) != l1(Some(t))).count();
            if wrong >= MIN_SUPPORT && wrong > taken.len() - wrong {
                let change = Change::Remove { tag: rt.id.0.clone(), keyword: written[k].clone() };
                out.push(Candidate { change, affected: taken, promise: wrong });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_split_is_reproducible_and_near_its_share() {
        let ids: Vec<String> = (0..4000).map(|i| format!("c{i}")).collect();
        let held = ids.iter().filter(|id| held_out(id, 0.25)).count();
        assert!((900..1100).contains(&held), "{held}");
        assert!(ids.iter().all(|id| held_out(id, 0.25) == held_out(id, 0.25)));
        assert_eq!(ids.iter().filter(|id| held_out(id, 0.0)).count(), 0);
    }
}
