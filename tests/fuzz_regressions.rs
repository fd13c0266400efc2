//! Inputs the fuzzers found, or that were written to stand where they would look
//! (tests/fuzz/regressions/<target>/), replayed on every test run: each must not panic and must
//! give the outcome its `.expect` file states (one line: what the entry point of
//! src/fuzzing.rs says of it). A finding without an `.expect` file fails: each says what it
//! must give.

use crate::util::repo;

/// The finding files of one target, with their bytes and their expected outcome.
fn findings(target: &str) -> Vec<(String, Vec<u8>, String)> {
    let dir = repo().join("tests/fuzz/regressions").join(target);
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if !p.is_file() || name == ".gitkeep" || name.ends_with(".expect") {
            continue;
        }
        let expect = std::fs::read_to_string(dir.join(format!("{name}.expect")))
            .unwrap_or_else(|_| panic!("{target}/{name} has no {name}.expect saying what it must give"));
        out.push((name, std::fs::read(&p).unwrap(), expect.trim_end().to_string()));
    }
    out.sort();
    out
}

/// Replay every finding of `target` through `run`: no panic, the expected outcome.
fn replay(target: &str, run: impl Fn(&[u8]) -> String + std::panic::RefUnwindSafe) -> usize {
    let cases = findings(target);
    let mut wrong = Vec::new();
    for (name, bytes, expect) in &cases {
        match std::panic::catch_unwind(|| run(bytes)) {
            Ok(got) if got == *expect => {}
            Ok(got) => wrong.push(format!("{target}/{name}: gave `{got}`, expected `{expect}`")),
            Err(_) => wrong.push(format!("{target}/{name}: panicked")),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    cases.len()
}

fn taxonomy_outcome(bytes: &[u8]) -> String {
    match voc::fuzzing::taxonomy(bytes) {
        Some(tax) => format!("{} tags, {} risks", tax.tags.len(), tax.risks.len()),
        None => "not a taxonomy".into(),
    }
}

#[test]
fn fuzz_findings_stay_fixed() {
    assert!(replay("timestamps", voc::fuzzing::timestamps) >= 3);
    assert!(replay("csv_ingest", voc::fuzzing::csv_ingest) >= 3);
    assert!(replay("taxonomy", taxonomy_outcome) >= 1);
    // the first taxonomy finding: a tag with a regex and no keywords matches through its regex alone
    let (_, bytes, _) = findings("taxonomy").into_iter().find(|(n, _, _)| n == "regex-only-no-keywords.yaml").unwrap();
    let tax = voc::fuzzing::taxonomy(&bytes).unwrap();
    let mut s = voc::taxonomy::Scratch::default();
    let none = voc::model::Fields::default();
    assert_eq!(tax.classify("baaa", &none, None, &mut s).primary, Some(0), "the regex (a+)+$ matches");
    assert_eq!(tax.classify("aab", &none, None, &mut s).primary, None, "and only where it matches");
}

#[test]
fn the_corpus_through_the_fuzz_entry_points() {
    // every corpus input file is also a seed: none may panic the library entry points, and
    // every CSV read accounts for each of its rows (csv_ingest asserts the identity)
    let root = repo().join("tests/corpus");
    let (mut csvs, mut read, mut taxonomies) = (0, 0, 0);
    for case in std::fs::read_dir(root).unwrap() {
        let case = case.unwrap().path();
        if !case.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&case).unwrap() {
            let p = f.unwrap().path();
            let bytes = std::fs::read(&p).unwrap();
            match p.extension().and_then(|e| e.to_str()) {
                Some("csv" | "tsv" | "txt") => {
                    csvs += 1;
                    let out = std::panic::catch_unwind(|| voc::fuzzing::csv_ingest(&bytes))
                        .unwrap_or_else(|_| panic!("{} panicked the ingest", p.display()));
                    assert!(!out.starts_with("scratch"), "{}: {out}", p.display());
                    read += usize::from(!out.starts_with("error"));
                }
                Some("yaml") => {
                    taxonomies += usize::from(voc::fuzzing::taxonomy(&bytes).is_some());
                }
                _ => {}
            }
        }
    }
    assert!(csvs >= 50 && read * 2 > csvs, "{read} of {csvs} corpus CSVs were read");
    assert!(taxonomies >= 1, "a corpus taxonomy compiles");
}
