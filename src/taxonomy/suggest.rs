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
/// A candidate must be this much more frequent among the unclassified than among the rest.
const MIN_LIFT: f64 = 1.5;
/// A candidate in more than this share of all conversations is a word of every conversation.
const SPREAD_SHARE: f64 = 0.25;

/// Words of asking, not of topics: greetings, thanks, politeness, the request itself, and the
/// grammar words of English (a word beginning with one of the Korean stems, or equal to an
/// English one). A candidate made only of such words says how customers ask, never what about;
/// a closed class, like the endings.
const ASKING: [&str; 29] = [
    "안녕",
    "감사",
    "고맙",
    "고마워",
    "수고",
    "부탁",
    "문의",
    "확인",
    "답변",
    "연락",
    "해주",
    "주세요",
    "드립니다",
    "드려",
    "드릴",
    "있어",
    "있나",
    "있는",
    "있을",
    "궁금",
    "여쭤",
    "알려",
    "혹시",
    "죄송",
    "좀",
    "관련",
    "기다리",
    "빨리",
    "답장",
];
const ENGLISH_GRAMMAR: [&str; 36] = [
    "hello",
    "hey",
    "thank",
    "thanks",
    "please",
    "help",
    "question",
    "regarding",
    "dear",
    "sir",
    "team",
    "support",
    "complaint",
    "complaints",
    "inquiry",
    "the",
    "and",
    "for",
    "with",
    "from",
    "about",
    "against",
    "this",
    "that",
    "have",
    "has",
    "was",
    "were",
    "are",
    "not",
    "but",
    "you",
    "your",
    "our",
    "they",
    "them",
];

/// Every word of the candidate (as shown) is a word of asking.
fn only_asking(shown: &str) -> bool {
    shown.split(' ').all(|w| {
        let w = w.trim_end_matches("다~");
        ASKING.iter().any(|a| w.starts_with(a)) || ENGLISH_GRAMMAR.contains(&w)
    })
}

/// Endings of a predicate (작아요, 맛있네요, 먹어서): what is left is its stem, or its 아/어 form.
const PREDICATE_ENDINGS: [&str; 12] =
    ["습니다", "세요", "는데", "네요", "어요", "아요", "여요", "나요", "까요", "요", "여", "서"];

/// The word without its endings: the longest ending the word ends with comes off when two
/// characters or more are left, then again (배송이 → 배송, 벗겨지네요 → 벗겨지). When the longest
/// ending cannot come off, the word stays whole: a shorter one would cut it inside that
/// ending (주세요 stays 주세요, never 주세; 작아요 stays 작아요). The second value: the last
/// ending that came off was a predicate's.
pub fn trim_endings(w: &str) -> (&str, bool) {
    let (mut w, mut predicate) = (w, false);
    loop {
        let Some(e) = ENDINGS.iter().find(|e| w.ends_with(**e) && w.len() > e.len()) else { return (w, predicate) };
        if w.chars().count() < e.chars().count() + 2 {
            return (w, predicate);
        }
        w = &w[..w.len() - e.len()];
        predicate = PREDICATE_ENDINGS.contains(e);
    }
}

/// How a predicate cut from its endings is shown: as its dictionary form with `~` (a keyword
/// that matches every inflection, docs/taxonomy.md) when the stem is plain — 맛있 → 맛있다~,
/// 작아 → 작다~, 좋아하 → 좋아하다~ — else as the word was written.
fn predicate_shown(stem: &str, word: &str) -> String {
    let has_final = |c: char| ('\u{AC00}'..='\u{D7A3}').contains(&c) && (c as u32 - 0xAC00) % 28 != 0;
    let mut s = stem;
    if let Some(head) = s.strip_suffix(['아', '어']).filter(|h| h.chars().next_back().is_some_and(has_final)) {
        s = head;
    }
    match s.chars().next_back() {
        Some(c) if has_final(c) || c == '하' => format!("{s}다~"),
        _ => word.to_string(),
    }
}

/// The words of a text, normalized (NFKC, lowercase) and trimmed of their endings, each with
/// how a person is shown it.
fn words(tax: &Taxonomy, text: &str, buf: &mut String) -> Vec<(String, String)> {
    buf.clear();
    super::normalize::normalize_into(text, tax.norm.nfkc, tax.norm.lowercase, super::normalize::Spaces::Collapse, buf);
    buf.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let (t, predicate) = trim_endings(w);
            let shown = if predicate { predicate_shown(t, w) } else { t.to_string() };
            (t.to_string(), shown)
        })
        .collect()
}

/// The candidate pieces of one text (each once), with how each is shown: its words and pairs
/// of words, joined as the matcher sees them (`sep`: "" where spaces are ignored, " " where
/// they are kept; shown with a space).
fn candidates(words: &[(String, String)], sep: &str, out: &mut Vec<(String, String)>) {
    out.clear();
    let mut push = |s: String, shown: String| {
        let n = s.chars().count();
        // a letter that is not a lone jamo (ㅜㅜ, ㅎㅎ are moods, not keywords)
        let letter = |c: char| c.is_alphabetic() && !matches!(c, '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}');
        // a Latin word of one or two letters (up, ok, my) says nothing of a topic
        let latin = s.chars().all(super::keyword::word_char);
        if (MIN_CHARS..=MAX_CHARS).contains(&n) && s.chars().any(letter) && !(latin && n < 3) {
            out.push((s, shown));
        }
    };
    for (i, (w, shown)) in words.iter().enumerate() {
        push(w.clone(), shown.clone());
        if let Some((next, next_shown)) = words.get(i + 1) {
            // the first word of a pair as written (a stem's `~` form only ends a keyword)
            let first = if shown.ends_with('~') { w } else { shown };
            push(format!("{w}{sep}{next}"), format!("{first} {next_shown}"));
        }
    }
    out.sort_unstable();
    out.dedup_by(|a, b| a.0 == b.0);
}

/// The candidate keywords of one text, with how each is shown (`taxonomy learn` mines them from
/// the conversations a tag misses).
pub fn pieces(tax: &Taxonomy, text: &str) -> Vec<(String, String)> {
    let (mut buf, mut out) = (String::new(), Vec::new());
    let sep = if tax.norm.ignore_spaces { "" } else { " " };
    candidates(&words(tax, text, &mut buf), sep, &mut out);
    out
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
    // how each candidate is shown: the most frequent of the ways it was written
    let mut shown: HashMap<String, HashMap<String, u32>> = HashMap::new();
    let (mut buf, mut cands) = (String::new(), Vec::new());
    let sep = if tax.norm.ignore_spaces { "" } else { " " };
    for &i in &unclassified {
        candidates(&words(tax, docs[i].text, &mut buf), sep, &mut cands);
        for (k, s) in cands.drain(..) {
            *shown.entry(k.clone()).or_default().entry(s).or_default() += 1;
            *rough.entry(k).or_default() += 1;
        }
    }
    let shown_as = |k: &str| {
        shown
            .get(k)
            .and_then(|m| m.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0))).map(|(s, _)| s.clone()))
            .unwrap_or_else(|| k.to_string())
    };
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
    let mut breaks = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        tax.norm.keyword_text_noting(d.text, &mut buf, &mut breaks);
        for m in ac.find_overlapping_iter(buf.as_str()) {
            let k = m.pattern().as_usize();
            // a Latin candidate counts as a whole word, as the matcher would find it
            if seen[k] == i || !super::matcher::at_edges(&buf, &breaks, m.start(), m.end()) {
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
    // a topic word is discriminative: more frequent among the unclassified (lift), not in a
    // large share of every conversation (a brand, a greeting), and where the classified have it,
    // not spread over many tags alike (thanks, please, "check": words of every conversation)
    let topical = |k: usize| {
        let all = hits_u[k].len() + count_c[k] as usize;
        let spread = all as f64 > SPREAD_SHARE * docs.len() as f64;
        let most = hits_c[k].values().max().copied().unwrap_or(0);
        let everywhere = count_c[k] >= 5 && hits_c[k].len() >= 3 && most * 2 < count_c[k];
        lift(k) >= MIN_LIFT && !spread && !everywhere && !only_asking(&shown_as(&keys[k]))
    };
    // merge candidates hitting mostly the same conversations under the most frequent
    let mut order: Vec<usize> = (0..keys.len()).filter(|&k| hits_u[k].len() >= 2 && topical(k)).collect();
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
                keyword: shown_as(&keys[k]),
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
        let t = |w| trim_endings(w).0;
        assert_eq!(t("작아요"), "작아요", "작 alone is too short: the word stays whole");
        assert_eq!(t("주세요"), "주세요", "never the stem 주세");
        assert_eq!(t("확인해주세요"), "확인");
        assert_eq!(t("벗겨지네요"), "벗겨지");
        assert_eq!(t("배송이"), "배송");
        assert_eq!(t("요"), "요", "never the whole word");
        assert_eq!(t("빠져서"), "빠져");
        assert_eq!(trim_endings("맛있어요"), ("맛있", true));
        assert_eq!(trim_endings("배송이"), ("배송", false));
        // a predicate is shown as its dictionary form with `~`, a keyword that matches it
        assert_eq!(predicate_shown("맛있", "맛있어요"), "맛있다~");
        assert_eq!(predicate_shown("작아", "작아서"), "작다~");
        assert_eq!(predicate_shown("좋아하", "좋아하네요"), "좋아하다~");
        assert_eq!(predicate_shown("예뻐", "예뻐요"), "예뻐요", "a contraction is shown as written");
        assert!(only_asking("확인") && only_asking("문의드립니다") && only_asking("확인 부탁") && only_asking("thanks"));
        assert!(!only_asking("배송 확인") && !only_asking("재고 있어요") && !only_asking("refund") && !only_asking("thermostat"));
        assert!(only_asking("against") && only_asking("paying for") == false);
        let w = |v: &[&str]| v.iter().map(|s| (s.to_string(), s.to_string())).collect::<Vec<_>>();
        let keys = |o: &[(String, String)]| o.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
        let mut out = Vec::new();
        candidates(&w(&["많이", "작아", "요"]), "", &mut out);
        assert_eq!(keys(&out), ["많이", "많이작아", "작아", "작아요"], "one-character words only in pairs");
        candidates(&w(&["sign", "up", "now"]), " ", &mut out);
        assert_eq!(keys(&out), ["now", "sign", "sign up", "up now"], "no Latin word of two letters alone; pairs as written");
    }
}
