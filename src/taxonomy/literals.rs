//! What a taxonomy regex's matches must contain (a prefilter: the regex runs only on a text
//! whose keyword scan found them), read from the regex's syntax by regex-syntax.

/// Literal sets every match of the regex contains: the literals a match must begin with, and
/// those it must end with (as the regex sees them, case-insensitively; lowercased). A set is
/// left out when it is infinite, empty, or holds an empty literal, white space or a partial
/// character; `None` when both are.
pub(super) fn required_literals(src: &str) -> Option<Vec<Vec<String>>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let hir = regex_syntax::ParserBuilder::new().case_insensitive(true).build().parse(src).ok()?;
    let groups: Vec<Vec<String>> = [ExtractKind::Prefix, ExtractKind::Suffix]
        .into_iter()
        .filter_map(|kind| {
            let seq = Extractor::new().kind(kind).extract(&hir);
            let mut out = seq
                .literals()?
                .iter()
                .map(|l| {
                    let s = std::str::from_utf8(l.as_bytes()).ok()?;
                    (!s.is_empty() && !s.chars().any(char::is_whitespace)).then(|| s.to_lowercase())
                })
                .collect::<Option<Vec<String>>>()?;
            out.sort();
            out.dedup();
            (!out.is_empty()).then_some(out)
        })
        .collect();
    (!groups.is_empty()).then_some(groups)
}

#[cfg(test)]
mod prefilter_tests {
    use super::required_literals;

    fn lits(src: &str) -> Option<Vec<Vec<String>>> {
        required_literals(src)
    }

    #[test]
    fn a_regex_needs_the_literals_its_matches_begin_and_end_with() {
        let g = lits("(시켰|시켯|주문했|주문한)[^.!?]{0,25}(왔|왓|옴|오네|보내주|주는)").unwrap();
        let sorted = |v: &[&str]| {
            let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
            v.sort();
            v
        };
        assert_eq!(g, vec![sorted(&["시켰", "시켯", "주문했", "주문한"]), sorted(&["왔", "왓", "옴", "오네", "보내주", "주는"])]);
        // an upper-case literal is looked for as the lowercased text has it
        assert_eq!(lits(r"\b(XS|S)\s*사이즈").unwrap(), vec![sorted(&["s", "xs", "xſ", "ſ"]), sorted(&["사이즈"])]);
        // digits are too many to list: only the suffix is required, case-folded
        assert_eq!(lits(r"\d{2,3}\s*(mm|cm)").unwrap(), vec![vec!["cm".to_string(), "mm".to_string()]]);
        // nothing required: no prefilter
        assert_eq!(lits(r"\w+"), None);
        assert_eq!(lits(r"a|\s"), None);
    }
}
