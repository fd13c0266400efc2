//! Every value of the JSON report against an independent computation in Python + DuckDB
//! (scripts/crosscheck.py), when that tool is installed (.ci/run installs it).

use std::process::Command;

use crate::util::repo;

fn python_with_duckdb() -> bool {
    Command::new("python3").args(["-c", "import duckdb, yaml"]).output().is_ok_and(|o| o.status.success())
}

#[test]
fn json_agrees_with_an_independent_duckdb_computation() {
    if !python_with_duckdb() {
        eprintln!("skipped: python3 with duckdb and pyyaml is not installed (pip install duckdb pyyaml)");
        return;
    }
    let voc = assert_cmd::cargo::cargo_bin("voc");
    for period in [["--week", "2026-W46"], ["--month", "2026-10"]] {
        let out = Command::new("python3")
            .arg(repo().join("scripts/crosscheck.py"))
            .arg("--voc")
            .arg(&voc)
            .args(period)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{period:?}\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
        assert!(stdout.contains("values agree"), "{stdout}");
    }
}
