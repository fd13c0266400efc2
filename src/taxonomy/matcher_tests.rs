//! Tests of the matcher (kept apart: matcher.rs stays under the house's 700 lines).
use super::*;
use crate::taxonomy::model::RawTaxonomy;
use proptest::prelude::*;
use std::path::Path;

fn tax(src: &str) -> Taxonomy {
    let raw: RawTaxonomy = serde_yaml::from_str(src).unwrap();
    let (t, problems) = compile(Path::new("t.yaml"), src, raw);
    assert!(problems.is_empty(), "{problems:?}");
    t
}

fn winner(t: &Taxonomy, text: &str) -> Option<String> {
    let out = t.classify(text, &Fields::default(), None, &mut Scratch::default());
    out.primary.map(|p| t.tags[p as usize].id.clone())
}

const KEYWORDS: &[&str] = &["배송 언제", "사이즈", "265mm", "Size", "재입고", "A/S 신청"];

fn taxonomy_of_keywords() -> Taxonomy {
    let mut src = String::from("version: 1\ntags:\n");
    for (i, k) in KEYWORDS.iter().enumerate() {
        src.push_str(&format!("  - {{ id: t{i}, match: {{ any: [\"{k}\"] }} }}\n"));
    }
    tax(&src)
}

/// Full-width form of ASCII letters and digits (what some Korean IMEs type).
fn full_width(c: char) -> char {
    if c.is_ascii_alphanumeric() { char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap() } else { c }
}

proptest! {
    // failing cases are kept beside this file and replayed first
    #![proptest_config(ProptestConfig {
        failure_persistence: Some(Box::new(proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn spacing_width_and_case_variants_hit_the_same_tag(
        which in 0..KEYWORDS.len(),
        spaces in proptest::collection::vec(0..3usize, 16),
        widths in proptest::collection::vec(any::<bool>(), 16),
        upper in proptest::collection::vec(any::<bool>(), 16),
        prefix in "[가-힣 ]{0,8}",
        suffix in "[가-힣 ?]{0,8}",
    ) {
        let t = taxonomy_of_keywords();
        let kw = KEYWORDS[which];
        let mut variant = String::new();
        for (i, c) in kw.chars().filter(|c| !c.is_whitespace()).enumerate() {
            let c = if upper[i % 16] { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() };
            let c = if widths[i % 16] { full_width(c) } else { c };
            variant.push(c);
            variant.push_str(&" \n\t"[..spaces[i % 16]]);
        }
        let text = format!("{prefix}{variant}{suffix}");
        prop_assert_eq!(winner(&t, &text), Some(format!("t{which}")), "text {:?}", text);
    }

    #[test]
    fn a_none_keyword_always_vetoes(
        before in "[가-힣a-z ]{0,10}",
        middle in "[가-힣a-z ]{0,10}",
        after in "[가-힣a-z ]{0,10}",
        veto_first in any::<bool>(),
    ) {
        let t = tax("version: 1\ntags:\n  - { id: a, match: { any: [배송], none: [반품] } }\n");
        let (x, y) = if veto_first { ("반 품", "배송") } else { ("배송", "반품") };
        let text = format!("{before}{x}{middle}{y}{after}");
        prop_assert_eq!(winner(&t, &text), None);
    }

    #[test]
    fn the_winner_does_not_depend_on_rule_order(
        priorities in proptest::collection::hash_set(-20i32..20, 2..6),
        seed in any::<u64>(),
    ) {
        let priorities: Vec<i32> = priorities.into_iter().collect();
        let rules: Vec<String> = priorities
            .iter()
            .map(|p| format!("  - {{ id: p{}, priority: {p}, match: {{ any: [교환] }} }}\n", p + 100))
            .collect();
        let best = format!("p{}", priorities.iter().max().unwrap() + 100);
        // the same rules in two orders: as generated and rotated by the seed
        let mut rotated = rules.clone();
        rotated.rotate_left(seed as usize % rules.len());
        for order in [rules, rotated] {
            let t = tax(&format!("version: 1\ntags:\n{}", order.concat()));
            prop_assert_eq!(winner(&t, "사이즈 교환 원해요"), Some(best.clone()));
        }
    }
}

#[test]
fn depth_then_file_order_break_priority_ties() {
    let t = tax(
        "version: 1\ntags:\n  - id: a\n    match: { any: [교환] }\n    children:\n      - { id: a.b, match: { any: [교환] } }\n  - { id: c, match: { any: [교환] } }\n  - { id: d, match: { any: [교환] } }\n",
    );
    assert_eq!(winner(&t, "교환"), Some("a.b".into()));
    let t = tax("version: 1\ntags:\n  - { id: c, match: { any: [교환] } }\n  - { id: d, match: { any: [교환] } }\n");
    assert_eq!(winner(&t, "교환"), Some("c".into()));
}

#[test]
fn all_regex_and_fields() {
    let t = tax(
        "version: 1\ntags:\n  - { id: all, match: { all: [환불, 카드] } }\n  - { id: re, match: { regex: [\"\\\\d{3}\\\\s*mm\"] } }\n  - { id: vip, priority: 5, match: { any: [문의], fields: { segment: [VIP] } } }\n",
    );
    assert_eq!(winner(&t, "카드 환불 언제"), Some("all".into()));
    assert_eq!(winner(&t, "환불 언제"), None);
    assert_eq!(winner(&t, "265 MM 맞나요"), Some("re".into()));
    let vip = Fields { segment: Some("vip"), ..Fields::default() };
    assert_eq!(
        t.classify("문의", &vip, None, &mut Scratch::default()).primary.map(|p| t.tags[p as usize].id.as_str()),
        Some("vip")
    );
    assert_eq!(winner(&t, "문의"), None);
}

#[test]
fn manual_tags_by_id_name_alias_and_path() {
    let t = tax(
        "version: 1\ntags:\n  - id: d\n    name: 배송\n    children:\n      - { id: d.a, name: 배송 후 문의, aliases: [송장문의] }\n",
    );
    let sep = regex::Regex::new("[,;\n]").unwrap();
    for cell in ["d.a", "배송 후 문의", "송장문의", "배송/배송 후 문의", "VIP응대, 배송/배송후 문의", "없는태그; d.a"]
    {
        assert_eq!(t.manual_tag(cell, &sep), Some(1), "{cell}");
    }
    assert_eq!(t.manual_tag("없는태그", &sep), None);
}

#[test]
fn problems_name_their_lines() {
    let src = "version: 1\ntags:\n  - id: a\n    match: { any: [\"\"] }\n  - id: a\n    match: { regex: [\"(\"] }\n  - id: b\n    match: { any: [x] }\n    examples:\n      - { text: \"nothing here\", expect: b }\n";
    let raw: RawTaxonomy = serde_yaml::from_str(src).unwrap();
    let (t, problems) = compile(Path::new("t.yaml"), src, raw);
    let (problems, _) = crate::taxonomy::check::check(&t, problems);
    let lines: Vec<(usize, &str)> = problems.iter().map(|p| (p.line, p.message.as_str())).collect();
    assert!(lines.iter().any(|(l, m)| *l == 4 && m.contains("empty keyword")), "{lines:?}");
    assert!(lines.iter().any(|(l, m)| *l == 5 && m.contains("duplicate tag id `a`")), "{lines:?}");
    assert!(lines.iter().any(|(l, m)| *l == 6 && m.contains("invalid regex")), "{lines:?}");
    assert!(lines.iter().any(|(l, m)| *l == 10 && m.contains("expects `b` but got unclassified")), "{lines:?}");
}

#[test]
fn latin_keywords_match_whole_words_and_a_star_opens_an_end() {
    for spaces in ["true", "false"] {
        let t = tax(&format!(
            "version: 1\nnormalize: {{ ignore_spaces: {spaces} }}\ntags:\n  - {{ id: legal, match: {{ any: [sue, 1372, as 신청] }} }}\n  - {{ id: refund, match: {{ any: [\"refund*\", \"*charge\"] }} }}\n"
        ));
        let w = |text: &str| winner(&t, text);
        assert_eq!(w("I will sue you"), Some("legal".into()), "{spaces}");
        assert_eq!(w("Sue."), Some("legal".into()));
        assert_eq!(w("I have an issue with my order"), None, "`sue` is not inside `issue` ({spaces})");
        assert_eq!(w("suede shoes"), None);
        assert_eq!(w("1372에 민원"), Some("legal".into()), "Hangul is no word character");
        assert_eq!(w("주문번호 13720"), None);
        assert_eq!(w("AS 신청 어떻게"), Some("legal".into()));
        assert_eq!(w("refunded twice"), Some("refund".into()));
        assert_eq!(w("a recharge"), Some("refund".into()));
        assert_eq!(w("prerefund"), None, "only the open end is open");
    }
}

#[test]
fn a_stem_matches_its_inflections() {
    let t = tax(
        "version: 1\ntags:\n  - { id: size, match: { any: [작다~, 크다~, 안 맞다~] } }\n  - { id: late, match: { any: [늦다~], all: [배송] } }\n",
    );
    for text in [
        "너무 작아요",
        "작네요",
        "작게 나왔어요",
        "작은 편",
        "작아서 교환",
        "생각보다 작았",
        "작음",
        "커요",
        "커서 못 입어요",
        "컸어요",
        "안 맞아요",
        "안맞네요",
    ] {
        assert_eq!(winner(&t, text), Some("size".into()), "{text}");
    }
    assert_eq!(winner(&t, "작업복"), None);
    assert_eq!(winner(&t, "크기 좋아요"), None);
    assert_eq!(winner(&t, "배송이 늦었어요"), Some("late".into()), "a stem in `all`");
    assert_eq!(winner(&t, "늦었어요"), None);
    let raw: RawTaxonomy = serde_yaml::from_str("version: 1\ntags:\n  - { id: x, match: { any: [사이즈~] } }\n").unwrap();
    let (_, problems) = compile(Path::new("t.yaml"), "version: 1\ntags:\n  - { id: x, match: { any: [사이즈~] } }\n", raw);
    assert!(problems.iter().any(|p| p.message.contains("dictionary form")), "{problems:?}");
}

#[test]
fn a_hit_inside_an_except_phrase_does_not_count() {
    let t = tax(
        "version: 1\ntags:\n  - { id: size, match: { any: [사이즈, 작다~, 기장], except: [사이즈 딱 맞, 사이즈 잘 맞, 정사이즈, 손이 작다~] } }\n",
    );
    assert_eq!(winner(&t, "사이즈 딱 맞아요"), None);
    assert_eq!(winner(&t, "정사이즈예요 좋아요"), None);
    assert_eq!(winner(&t, "손이 작아서 딱 좋아요"), None);
    assert_eq!(winner(&t, "사이즈가 작아요"), Some("size".into()));
    assert_eq!(winner(&t, "사이즈 딱 맞는데 기장이 길어요"), Some("size".into()), "another hit still counts");
    assert_eq!(winner(&t, "사이즈 딱 맞아요. 근데 사이즈 표가 틀려요"), Some("size".into()), "the same keyword elsewhere counts");
    let e = t.explain("사이즈 딱 맞아요", &Fields::default(), None);
    assert!(e.traces.iter().any(|r| r.excepted == ["사이즈"] && !r.matched), "{:?}", e.traces);
}
