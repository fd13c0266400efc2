//! `voc taxonomy suggest` (docs/taxonomy.md): keyword candidates mined from the period's
//! unclassified conversations, without a model and byte-identical on re-run.
//!
//! Candidates are pieces of the normalized text: every word (Korean particles and endings such
//! as 은/는/이/가/을/를/에서/으로/요/입니다/해요 trimmed from its end, which leaves the stem: 작아요 →
//! 작아, 빠져서 → 빠져), and each word joined with the next (the matcher ignores spaces, so `많이 작아요` is `많이작아`), from 2 to
//! 12 characters. The most frequent are then counted exactly, as the matcher would find them
//! (substrings of the space-free text) among the unclassified and the classified: `lift` is how
//! much more often a candidate occurs among the unclassified, so words every conversation has
//! (greetings, thanks) rank low without a stop list. Candidates that hit mostly the same
//! conversations are merged under the most frequent; `near_tag` is the tag whose conversations
//! most often contain the candidate. Ranked by `count × ln(lift)`, then keyword.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;

use super::Taxonomy;

/// One conversation as `suggest` sees it.
pub struct Doc<'a> {
    /// Where the caller has it (the index of the conversation in its dataset).
    pub at: usize,
    pub id: &'a str,
    pub created: i64,
    pub text: &'a str,
    pub tag: Option<u16>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Suggestion {
    pub keyword: String,
    /// Unclassified conversations containing it, and their share of the unclassified.
    pub count: u64,
    pub share: f64,
    pub lift: f64,
    pub near_tag: Option<String>,
    /// Up to five unclassified conversations containing it, newest first (their `Doc::at`).
    #[serde(skip)]
    pub docs: Vec<usize>,
}

/// Endings trimmed from a word's end, longest first.
const ENDINGS: [&str; 35] = [
    "입니다",
    "습니다",
    "했어요",
    "해주세요",
    "주세요",
    "세요",
    "해요",
    "에서",
    "으로",
    "인데",
    "는데",
    "네요",
    "어요",
    "아요",
    "여요",
    "예요",
    "이요",
    "나요",
    "까요",
    "해서",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "에",
    "로",
    "도",
    "요",
    "의",
    "와",
    "과",
    "서",
    "여",
];

/// Shortest and longest candidate, in characters.
const MIN_CHARS: usize = 2;
const MAX_CHARS: usize = 12;
/// Candidates counted exactly (the most frequent by the first, rough count).
const SHORTLIST: usize = 3000;

/// The word without its endings: the longest ending that leaves two characters or more comes
/// off, then again (작아요 → 작아; without a dictionary 주세요 becomes 주세).
fn trim_endings(w: &str) -> &str {
    let mut w = w;
    loop {
        let Some(e) = ENDINGS.iter().find(|e| w.ends_with(**e) && w.chars().count() >= e.chars().count() + 2) else { return w };
        w = &w[..w.len() - e.len()];
    }
}

/// The words of a text, normalized (NFKC, lowercase) and trimmed of their endings.
fn words(tax: &Taxonomy, text: &str, buf: &mut String) -> Vec<String> {
    buf.clear();
    super::normalize::normalize_into(text, tax.norm.nfkc, tax.norm.lowercase, super::normalize::Spaces::Collapse, buf);
    buf.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| trim_endings(w).to_string()).collect()
}

/// The candidate pieces of one text (each once).
fn candidates(words: &[String], out: &mut Vec<String>) {
    out.clear();
    let mut push = |s: String| {
        let n = s.chars().count();
        // a letter that is not a lone jamo (ㅜㅜ, ㅎㅎ are moods, not keywords)
        let letter = |c: char| c.is_alphabetic() && !matches!(c, '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}');
        if (MIN_CHARS..=MAX_CHARS).contains(&n) && s.chars().any(letter) {
            out.push(s);
        }
    };
    for (i, w) in words.iter().enumerate() {
        push(w.clone());
        if let Some(next) = words.get(i + 1) {
            push(format!("{w}{next}"));
        }
    }
    out.sort_unstable();
    out.dedup();
}

pub struct Mined {
    pub conversations: u64,
    pub unclassified: u64,
    pub suggestions: Vec<Suggestion>,
}

/// The top `top` suggestions over `docs` (the period's conversations).
pub fn suggest(tax: &Taxonomy, docs: &[Doc], top: usize) -> Mined {
    let unclassified: Vec<usize> = (0..docs.len()).filter(|&i| docs[i].tag.is_none()).collect();
    let (u, c) = (unclassified.len() as f64, (docs.len() - unclassified.len()) as f64);
    // a rough count among the unclassified: conversations whose pieces include the candidate
    let mut rough: HashMap<String, u32> = HashMap::new();
    let (mut buf, mut cands) = (String::new(), Vec::new());
    for &i in &unclassified {
        candidates(&words(tax, docs[i].text, &mut buf), &mut cands);
        for k in cands.drain(..) {
            *rough.entry(k).or_default() += 1;
        }
    }
    let mut short: Vec<(String, u32)> = rough.into_iter().filter(|(_, n)| *n >= 2).collect();
    short.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    short.truncate(SHORTLIST);
    let keys: Vec<String> = short.into_iter().map(|(k, _)| k).collect();
    if keys.is_empty() {
        return Mined { conversations: docs.len() as u64, unclassified: u as u64, suggestions: Vec::new() };
    }
    // the exact count: every occurrence in the space-free text, as the matcher would find it
    let ac = AhoCorasick::builder().match_kind(MatchKind::Standard).build(&keys).expect("candidates build an automaton");
    let mut hits_u: Vec<Vec<usize>> = vec![Vec::new(); keys.len()];
    let mut hits_c: Vec<HashMap<u16, u32>> = vec![HashMap::new(); keys.len()];
    let mut count_c = vec![0u32; keys.len()];
    let mut seen = vec![usize::MAX; keys.len()];
    for (i, d) in docs.iter().enumerate() {
        tax.norm.keyword_text(d.text, &mut buf);
        for m in ac.find_overlapping_iter(buf.as_str()) {
            let k = m.pattern().as_usize();
            if seen[k] == i {
                continue;
            }
            seen[k] = i;
            match d.tag {
                None => hits_u[k].push(i),
                Some(t) => {
                    count_c[k] += 1;
                    *hits_c[k].entry(t).or_default() += 1;
                }
            }
        }
    }
    let lift = |k: usize| (hits_u[k].len() as f64 / u.max(1.0)) / ((count_c[k] as f64 + 1.0) / (c + 1.0));
    // merge candidates hitting mostly the same conversations under the most frequent
    let mut order: Vec<usize> = (0..keys.len()).filter(|&k| hits_u[k].len() >= 2 && lift(k) > 1.0).collect();
    // (ties: the longer, more specific keyword)
    order.sort_by(|&a, &b| {
        hits_u[b].len().cmp(&hits_u[a].len()).then(keys[b].len().cmp(&keys[a].len())).then_with(|| keys[a].cmp(&keys[b]))
    });
    let mut kept: Vec<usize> = Vec::new();
    for k in order {
        let same = kept.iter().any(|&j| {
            let (a, b) = (&hits_u[j], &hits_u[k]);
            let both = b.iter().filter(|i| a.binary_search(i).is_ok()).count();
            both as f64 >= 0.8 * a.len().min(b.len()) as f64
        });
        if !same {
            kept.push(k);
        }
    }
    let mut out: Vec<Suggestion> = kept
        .into_iter()
        .map(|k| {
            let near = hits_c[k]
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .filter(|(_, n)| **n >= 2 && **n * 2 >= count_c[k]);
            let mut ex = hits_u[k].clone();
            ex.sort_by(|&a, &b| docs[b].created.cmp(&docs[a].created).then_with(|| docs[a].id.cmp(docs[b].id)));
            ex.truncate(5);
            Suggestion {
                keyword: keys[k].clone(),
                count: hits_u[k].len() as u64,
                share: hits_u[k].len() as f64 / u,
                lift: lift(k),
                near_tag: near.map(|(t, _)| tax.tags[*t as usize].id.clone()),
                docs: ex.into_iter().map(|i| docs[i].at).collect(),
            }
        })
        .collect();
    let score = |s: &Suggestion| s.count as f64 * s.lift.ln();
    out.sort_by(|a, b| score(b).total_cmp(&score(a)).then_with(|| a.keyword.cmp(&b.keyword)));
    out.truncate(top);
    Mined { conversations: docs.len() as u64, unclassified: u as u64, suggestions: out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endings_come_off_and_pieces_span_two_words() {
        assert_eq!(trim_endings("작아요"), "작아");
        assert_eq!(trim_endings("벗겨지네요"), "벗겨지");
        assert_eq!(trim_endings("배송이"), "배송");
        assert_eq!(trim_endings("요"), "요", "never the whole word");
        assert_eq!(trim_endings("빠져서"), "빠져");
        let mut out = Vec::new();
        candidates(&["많이".into(), "작아".into(), "요".into()], &mut out);
        assert_eq!(out, ["많이", "많이작아", "작아", "작아요"], "one-character words only in pairs");
    }
}
