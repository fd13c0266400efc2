//! Inputs the fuzzers found (tests/fuzz/regressions/<target>/), replayed on every test run.

use crate::util::repo;

/// The finding files of one target, with their bytes.
fn findings(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = repo().join("tests/fuzz/regressions").join(target);
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() && p.file_name().is_some_and(|n| n != ".gitkeep") {
            out.push((p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn fuzz_findings_stay_fixed() {
    for (_, bytes) in findings("timestamps") {
        voc::fuzzing::timestamps(&bytes);
    }
    for (_, bytes) in findings("csv_ingest") {
        voc::fuzzing::csv_ingest(&bytes);
    }
    let taxonomies = findings("taxonomy");
    assert!(!taxonomies.is_empty(), "the taxonomy finding is kept in tests/fuzz/regressions/taxonomy");
    for (name, bytes) in &taxonomies {
        // each finding is a valid taxonomy that once broke the compiler: it must compile
        let tax = voc::fuzzing::taxonomy(bytes).unwrap_or_else(|| panic!("{name} no longer parses as a taxonomy"));
        assert!(!tax.tags.is_empty(), "{name}: no tags compiled");
    }
    // the first finding: a tag with a regex and no keywords must match through its regex alone
    let (_, bytes) = taxonomies.iter().find(|(n, _)| n == "regex-only-no-keywords.yaml").unwrap();
    let tax = voc::fuzzing::taxonomy(bytes).unwrap();
    let mut s = voc::taxonomy::Scratch::default();
    let none = voc::model::Fields::default();
    assert_eq!(tax.classify("baaa", &none, None, &mut s).primary, Some(0), "the regex (a+)+$ matches");
    assert_eq!(tax.classify("aab", &none, None, &mut s).primary, None, "and only where it matches");
}

#[test]
fn the_corpus_through_the_fuzz_entry_points() {
    // every corpus input file is also a seed: none may panic the library entry points
    let root = repo().join("tests/corpus");
    for case in std::fs::read_dir(root).unwrap() {
        let case = case.unwrap().path();
        if !case.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&case).unwrap() {
            let p = f.unwrap().path();
            let bytes = std::fs::read(&p).unwrap();
            match p.extension().and_then(|e| e.to_str()) {
                Some("csv" | "tsv" | "txt") => voc::fuzzing::csv_ingest(&bytes),
                Some("yaml") => drop(voc::fuzzing::taxonomy(&bytes)),
                _ => {}
            }
        }
    }
}
