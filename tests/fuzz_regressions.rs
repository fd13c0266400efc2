//! Inputs the fuzzers found (tests/fuzz/regressions/<target>/), replayed on every test run.

use crate::util::repo;

fn replay(target: &str, f: fn(&[u8])) -> usize {
    let dir = repo().join("tests/fuzz/regressions").join(target);
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() && p.file_name().is_some_and(|n| n != ".gitkeep") {
            f(&std::fs::read(&p).unwrap());
            n += 1;
        }
    }
    n
}

#[test]
fn fuzz_findings_stay_fixed() {
    let n = replay("timestamps", voc::fuzzing::timestamps)
        + replay("taxonomy", voc::fuzzing::taxonomy)
        + replay("csv_ingest", voc::fuzzing::csv_ingest);
    eprintln!("replayed {n} fuzz regression inputs");
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
                Some("yaml") => voc::fuzzing::taxonomy(&bytes),
                _ => {}
            }
        }
    }
}
