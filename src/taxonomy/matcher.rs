//! Matching: one scan of a text through the automaton and the regexes, the rules evaluated,
//! the primary tag chosen (priority, then depth, then file order), and `explain`'s trace.

use regex::Regex;
use serde::Serialize;

use super::compile::*;
use super::keyword::{patterns, word_char};
use super::model::FieldKey;
use super::normalize::Normalize;
use crate::model::{Fields, TagSource};

/// The value a rule's `fields:` key tests.
fn field<'a>(f: &Fields<'a>, k: FieldKey) -> Option<&'a str> {
    match k {
        FieldKey::Channel => f.channel,
        FieldKey::Segment => f.segment,
        FieldKey::Category => f.category,
    }
}

/// Per-thread buffers reused from one text to the next.
#[derive(Default)]
pub struct Scratch {
    kw: String,
    re: String,
    hit: Vec<bool>,
    hits: Vec<u32>,
    /// Hits of the regexes' literals (automaton patterns past the keywords).
    lit: Vec<bool>,
    lits: Vec<u32>,
    rhit: Vec<bool>,
    cand: Vec<bool>,
    cands: Vec<u32>,
    /// Where white space was removed from `kw` (word edges), when some keyword needs them.
    breaks: Vec<u32>,
    /// Every keyword found, as (pattern, start, end) in `kw`, when some rule has `except:`.
    occ: Vec<(u32, u32, u32)>,
}

/// Keywords as written (each with its forms and word edges) looked for in many texts at once,
/// as the matcher would find them: `learn` and the lint of generic keywords count the
/// conversations each would match. A keyword that is not valid is never found.
pub struct Finder {
    norm: Normalize,
    ac: Option<aho_corasick::AhoCorasick>,
    /// Per automaton pattern: its keyword, and the edges it needs.
    forms: Vec<(usize, bool, bool)>,
    kw: String,
    breaks: Vec<u32>,
}

impl Finder {
    pub fn new(norm: Normalize, written: &[String]) -> Finder {
        let (mut texts, mut forms) = (Vec::new(), Vec::new());
        for (i, w) in written.iter().enumerate() {
            for f in patterns(&norm, w).map(|p| p.forms).unwrap_or_default() {
                forms.push((i, f.left, f.right));
                texts.push(f.text);
            }
        }
        let ac = (!texts.is_empty())
            .then(|| aho_corasick::AhoCorasick::builder().match_kind(aho_corasick::MatchKind::Standard).build(&texts).ok())
            .flatten();
        Finder { norm, ac, forms, kw: String::new(), breaks: Vec::new() }
    }

    /// The keywords found in `text` (by index, each once, in order).
    pub fn find(&mut self, text: &str, out: &mut Vec<usize>) {
        out.clear();
        let Some(ac) = &self.ac else { return };
        self.norm.keyword_text_noting(text, &mut self.kw, &mut self.breaks);
        for m in ac.find_overlapping_iter(&self.kw) {
            let (k, left, right) = self.forms[m.pattern().as_usize()];
            let edges = (!left || edge_before(&self.kw, &self.breaks, m.start()))
                && (!right || edge_after(&self.kw, &self.breaks, m.end()));
            if edges {
                out.push(k);
            }
        }
        out.sort_unstable();
        out.dedup();
    }
}

/// A keyword found at `start..end` of the keyword text stands where it must: at a word's edge
/// on each side that has a word character (docs/taxonomy.md "Words, not letters").
pub(super) fn at_edges(kw: &str, breaks: &[u32], start: usize, end: usize) -> bool {
    let (first, last) = (kw[start..end].chars().next(), kw[start..end].chars().next_back());
    (!first.is_some_and(word_char) || edge_before(kw, breaks, start))
        && (!last.is_some_and(word_char) || edge_after(kw, breaks, end))
}

/// A word begins at `at` of the keyword text: at its start, where white space was removed,
/// or after a character that is no [`word_char`].
fn edge_before(kw: &str, breaks: &[u32], at: usize) -> bool {
    at == 0 || breaks.binary_search(&(at as u32)).is_ok() || !kw[..at].chars().next_back().is_some_and(word_char)
}

/// A word ends at `at` of the keyword text.
fn edge_after(kw: &str, breaks: &[u32], at: usize) -> bool {
    at == kw.len() || breaks.binary_search(&(at as u32)).is_ok() || !kw[at..].chars().next().is_some_and(word_char)
}

/// The verdict for one conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub primary: Option<u16>,
    /// What the rules alone pick (the primary tag unless an agent's tag overrode them).
    pub rule: Option<u16>,
    pub source: TagSource,
    /// Bit `i` set: risk `i` matched.
    pub risks: u64,
}

/// One rule's evaluation, for `taxonomy explain`.
#[derive(Debug, Clone, Serialize)]
pub struct RuleTrace {
    pub kind: &'static str,
    pub id: String,
    pub matched: bool,
    pub any: Vec<String>,
    pub regex: Vec<String>,
    pub all_hit: Vec<String>,
    pub all_missing: Vec<String>,
    pub vetoed_by: Vec<String>,
    /// Keywords found only inside the rule's `except:` phrases (they did not count).
    pub excepted: Vec<String>,
    pub fields_failed: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub keyword_text: String,
    pub traces: Vec<RuleTrace>,
    pub manual: Option<String>,
    pub winner: Option<String>,
    pub source: TagSource,
    pub why: String,
    pub risks: Vec<String>,
}

impl Taxonomy {
    pub fn tag_index(&self, id: &str) -> Option<usize> {
        self.tags.iter().position(|t| t.id == id)
    }

    /// A manual tag value (id, name, alias or `/` path) → tag.
    pub fn lookup(&self, value: &str) -> Option<usize> {
        self.manual.get(&Normalize::loose(value)).copied()
    }

    /// The first value of a tags cell (split by `sep`) that names a tag.
    pub fn manual_tag(&self, cell: &str, sep: &Regex) -> Option<usize> {
        sep.split(cell).map(str::trim).filter(|v| !v.is_empty()).find_map(|v| self.lookup(v))
    }

    /// In one pass over a tags cell: the first value that names a tag, and the values that
    /// name none (the taxonomy may need an alias for them).
    pub fn manual_values<'c>(&self, cell: &'c str, sep: &Regex) -> (Option<usize>, Vec<&'c str>) {
        let (mut first, mut unmapped) = (None, Vec::new());
        for v in sep.split(cell).map(str::trim).filter(|v| !v.is_empty()) {
            match self.lookup(v) {
                Some(t) => {
                    first = first.or(Some(t));
                }
                None => unmapped.push(v),
            }
        }
        (first, unmapped)
    }

    /// Ancestors of a tag, itself first.
    pub fn lineage(&self, tag: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(Some(tag), move |&t| self.tags[t].parent)
    }

    /// Whether some rule tests a product's category.
    pub fn tests_category(&self) -> bool {
        self.rules.iter().any(|r| r.fields.iter().any(|(k, _)| *k == FieldKey::Category))
    }

    pub fn has_regex(&self) -> bool {
        !self.regexes.is_empty()
    }

    fn scan(&self, text: &str, s: &mut Scratch, all_regexes: bool) {
        if s.hit.len() != self.keywords.len() || s.cand.len() != self.rules.len() || s.rhit.len() != self.regexes.len() {
            s.hit = vec![false; self.keywords.len()];
            s.cand = vec![false; self.rules.len()];
            s.rhit = vec![false; self.regexes.len()];
            s.hits.clear();
            s.cands.clear();
        }
        for &p in &s.hits {
            s.hit[p as usize] = false;
        }
        s.hits.clear();
        for &c in &s.cands {
            s.cand[c as usize] = false;
        }
        s.cands.clear();
        for &l in &s.lits {
            s.lit[l as usize] = false;
        }
        s.lits.clear();
        for x in s.rhit.iter_mut() {
            *x = false;
        }
        s.occ.clear();
        if let Some(ac) = &self.ac {
            if self.bounded {
                self.norm.keyword_text_noting(text, &mut s.kw, &mut s.breaks);
            } else {
                self.norm.keyword_text(text, &mut s.kw);
            }
            let n = self.keywords.len() as u32;
            for m in ac.find_overlapping_iter(&s.kw) {
                let p = m.pattern().as_u32();
                if p >= n {
                    let l = (p - n) as usize;
                    if l >= s.lit.len() {
                        s.lit.resize(l + 1, false);
                    }
                    if !s.lit[l] {
                        s.lit[l] = true;
                        s.lits.push(l as u32);
                    }
                    continue;
                }
                let k = &self.keywords[p as usize];
                if (k.left && !edge_before(&s.kw, &s.breaks, m.start())) || (k.right && !edge_after(&s.kw, &s.breaks, m.end())) {
                    continue;
                }
                if self.excepts {
                    s.occ.push((p, m.start() as u32, m.end() as u32));
                }
                if !s.hit[p as usize] {
                    s.hit[p as usize] = true;
                    s.hits.push(p);
                    for &(rule, role) in &k.uses {
                        if role.finds() && !s.cand[rule as usize] {
                            s.cand[rule as usize] = true;
                            s.cands.push(rule);
                        }
                    }
                }
            }
        }
        if !self.regexes.is_empty() {
            let mut normalized = false;
            for (i, re) in self.regexes.iter().enumerate() {
                // a regex is an alternative to `any`: skip it where every rule using it already
                // has an `any` keyword (unless every hit is wanted, for `explain`)
                let needed = all_regexes
                    || self.regexes[i].uses.iter().any(|&r| !self.rules[r as usize].any.iter().any(|p| s.hit[*p as usize]));
                if !needed {
                    continue;
                }
                // a regex whose required literals are not all in the text cannot match
                let n = self.keywords.len();
                let found = |p: &u32| {
                    let p = *p as usize;
                    if p < n { s.hit[p] } else { s.lit.get(p - n).copied().unwrap_or(false) }
                };
                if re.needs.as_ref().is_some_and(|groups| !groups.iter().all(|g| g.iter().any(found))) {
                    continue;
                }
                if !normalized {
                    Normalize::regex_text(text, &mut s.re);
                    normalized = true;
                }
                if re.re.is_match(&s.re) {
                    s.rhit[i] = true;
                    for &rule in &self.regexes[i].uses {
                        if !s.cand[rule as usize] {
                            s.cand[rule as usize] = true;
                            s.cands.push(rule);
                        }
                    }
                }
            }
        }
        for &rule in &self.always {
            if !s.cand[rule as usize] {
                s.cand[rule as usize] = true;
                s.cands.push(rule);
            }
        }
    }

    fn fields_ok(&self, rule: &Rule, f: &Fields) -> bool {
        rule.fields.iter().all(|(k, vals)| field(f, *k).is_some_and(|v| vals.contains(&Normalize::loose(v))))
    }

    fn eval(&self, r: usize, s: &Scratch, f: &Fields) -> bool {
        let rule = &self.rules[r];
        if rule.broken {
            return false;
        }
        let hit = |p: &u32| s.hit[*p as usize];
        let found = |p: &u32| self.counts(*p, rule, s);
        let any_ok = (rule.any.is_empty() && rule.regex.is_empty())
            || rule.any.iter().any(found)
            || rule.regex.iter().any(|x| s.rhit[*x as usize]);
        any_ok && rule.all.iter().all(|g| g.iter().any(found)) && !rule.none.iter().any(hit) && self.fields_ok(rule, f)
    }

    /// Keyword `p` was found for `rule`: somewhere in the text outside every one of the rule's
    /// `except:` phrases found there (docs/taxonomy.md "Complaint, not praise").
    fn counts(&self, p: u32, rule: &Rule, s: &Scratch) -> bool {
        if !s.hit[p as usize] {
            return false;
        }
        if rule.except.is_empty() || !rule.except.iter().any(|q| s.hit[*q as usize]) {
            return true;
        }
        let inside = |a: u32, b: u32| s.occ.iter().any(|&(q, c, d)| c <= a && b <= d && rule.except.contains(&q));
        s.occ.iter().any(|&(q, a, b)| q == p && !inside(a, b))
    }

    /// The primary tag (manual first, then rules), its source, and the risks.
    pub fn classify(&self, text: &str, fields: &Fields, manual: Option<usize>, s: &mut Scratch) -> Outcome {
        self.scan(text, s, false);
        let mut best: Option<usize> = None;
        let mut risks = 0u64;
        for &r in &s.cands {
            let r = r as usize;
            if !self.eval(r, s, fields) {
                continue;
            }
            match self.rules[r].owner {
                Owner::Tag(t) => {
                    if best.is_none_or(|b| self.rank[t] < self.rank[b]) {
                        best = Some(t);
                    }
                }
                Owner::Risk(i) => risks |= 1 << i,
            }
        }
        let (primary, source) = match (manual, best) {
            (Some(m), _) => (Some(m as u16), TagSource::Manual),
            (None, Some(b)) => (Some(b as u16), TagSource::Rule),
            (None, None) => (None, TagSource::None),
        };
        Outcome { primary, rule: best.map(|b| b as u16), source, risks }
    }

    /// Tags whose own rule matched the last classified text (for `taxonomy stats`).
    pub fn matched_tags(&self, s: &Scratch, fields: &Fields) -> Vec<usize> {
        let mut out: Vec<usize> = s
            .cands
            .iter()
            .filter(|&&r| self.eval(r as usize, s, fields))
            .filter_map(|&r| match self.rules[r as usize].owner {
                Owner::Tag(t) => Some(t),
                Owner::Risk(_) => None,
            })
            .collect();
        out.sort_unstable();
        out
    }

    /// The normalized keywords found in the last classified text, in pattern order.
    /// How many distinct keywords of an owner's rules (a tag and its descendants, or a risk) the
    /// last classified text hit, for the owners `wanted` says (voices: the customer texts that say
    /// most plainly what the tag is about).
    pub fn keyword_hits(&self, s: &Scratch, wanted: impl Fn(Owner) -> bool) -> u32 {
        s.hits
            .iter()
            .filter(|&&p| {
                self.keywords[p as usize].uses.iter().any(|(r, role)| role.finds() && wanted(self.rules[*r as usize].owner))
            })
            .count() as u32
    }

    /// The keywords as the taxonomy writes them (`작다~` for each of its forms), each once.
    pub fn matched_keywords(&self, s: &Scratch) -> Vec<&str> {
        let mut h: Vec<u32> = s.hits.clone();
        h.sort_unstable();
        let mut out: Vec<&str> = Vec::with_capacity(h.len());
        for p in h {
            let k = self.keywords[p as usize].shown.as_str();
            if !out.contains(&k) {
                out.push(k);
            }
        }
        out
    }

    /// Every rule that any keyword touched, the winner, and why.
    pub fn explain(&self, text: &str, fields: &Fields, manual_cell: Option<(&str, &Regex)>) -> Explanation {
        let mut s = Scratch::default();
        self.scan(text, &mut s, true);
        let kw = |ids: &[u32], pred: &dyn Fn(u32) -> bool| -> Vec<String> {
            let mut out: Vec<String> = Vec::new();
            for p in ids.iter().filter(|p| pred(**p)) {
                let k = &self.keywords[*p as usize].shown;
                if !out.contains(k) {
                    out.push(k.clone());
                }
            }
            out
        };
        let group = |g: &Vec<u32>| self.keywords[g[0] as usize].shown.clone();
        let mut traces = Vec::new();
        for (r, rule) in self.rules.iter().enumerate() {
            let touched = rule.any.iter().chain(rule.all.iter().flatten()).chain(&rule.none).any(|p| s.hit[*p as usize])
                || rule.regex.iter().any(|x| s.rhit[*x as usize]);
            let matched = s.cand[r] && self.eval(r, &s, fields);
            if !touched && !matched {
                continue;
            }
            let (kind, id) = match self.rules[r].owner {
                Owner::Tag(t) => ("tag", self.tags[t].id.clone()),
                Owner::Risk(i) => ("risk", self.risks[i].id.clone()),
            };
            traces.push(RuleTrace {
                kind,
                id,
                matched,
                any: kw(&rule.any, &|p| self.counts(p, rule, &s)),
                regex: rule
                    .regex
                    .iter()
                    .filter(|x| s.rhit[**x as usize])
                    .map(|x| self.regexes[*x as usize].src.clone())
                    .collect(),
                all_hit: rule.all.iter().filter(|g| g.iter().any(|p| self.counts(*p, rule, &s))).map(group).collect(),
                all_missing: rule.all.iter().filter(|g| !g.iter().any(|p| self.counts(*p, rule, &s))).map(group).collect(),
                vetoed_by: kw(&rule.none, &|p| s.hit[p as usize]),
                excepted: kw(&rule.any.iter().chain(rule.all.iter().flatten()).copied().collect::<Vec<u32>>(), &|p| {
                    s.hit[p as usize] && !self.counts(p, rule, &s)
                }),
                fields_failed: rule
                    .fields
                    .iter()
                    .filter(|(k, vals)| !field(fields, *k).is_some_and(|v| vals.contains(&Normalize::loose(v))))
                    .map(|(k, vals)| format!("{k:?} not in [{}]", vals.join(", ")).to_lowercase())
                    .collect(),
            });
        }
        let manual = manual_cell.and_then(|(cell, sep)| self.manual_tag(cell, sep));
        let out = self.classify(text, fields, manual, &mut s);
        let winners: Vec<usize> =
            traces.iter().filter(|t| t.matched && t.kind == "tag").filter_map(|t| self.tag_index(&t.id)).collect();
        let why = match (out.source, out.primary) {
            (TagSource::Manual, Some(t)) => {
                format!("the export's tags cell names `{}`; a manual tag beats every rule", self.tags[t as usize].path)
            }
            (TagSource::Rule, Some(t)) => {
                let t = t as usize;
                let others: Vec<usize> = winners.iter().copied().filter(|&o| o != t).collect();
                if others.is_empty() {
                    format!("`{}` is the only tag whose rule matched", self.tags[t].id)
                } else {
                    let parts: Vec<String> = others
                        .iter()
                        .map(|&o| {
                            let (a, b) = (&self.tags[t], &self.tags[o]);
                            if a.priority != b.priority {
                                format!("beats `{}` on priority ({} > {})", b.id, a.priority, b.priority)
                            } else if a.level != b.level {
                                format!("beats `{}` on depth (level {} > {})", b.id, a.level, b.level)
                            } else {
                                format!("beats `{}` by coming first in the file (line {} < {})", b.id, a.line, b.line)
                            }
                        })
                        .collect();
                    format!("`{}` {}", self.tags[t].id, parts.join("; "))
                }
            }
            _ => "no tag's rule matched and no manual tag: unclassified".to_string(),
        };
        Explanation {
            keyword_text: s.kw.clone(),
            traces,
            manual: manual.map(|t| self.tags[t].id.clone()),
            winner: out.primary.map(|t| self.tags[t as usize].id.clone()),
            source: out.source,
            why,
            risks: (0..self.risks.len()).filter(|i| out.risks & (1 << i) != 0).map(|i| self.risks[i].id.clone()).collect(),
        }
    }
}
#[cfg(test)]
#[path = "matcher_tests.rs"]
mod tests;
