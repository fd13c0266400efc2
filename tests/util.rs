//! The test workbench: each test gets its own folder, writes what it needs, runs the real
//! binary once, and on failure sees the command, folder, status, stdout and stderr.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether a test may go on without a tool it needs. Locally a missing tool skips the test
/// with its reason; under CI (`CI=true`, set by the CI runner) it **fails** the test: a skipped
/// cross-check is not a passed one.
#[track_caller]
pub fn have(available: bool, what: &str) -> bool {
    if available {
        return true;
    }
    if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
        panic!("CI=true and {what} is missing: this check must run under CI (.ci/run installs it)");
    }
    eprintln!("skipped: {what} is missing");
    false
}

/// `../shared/datasets`, when present on this machine (under CI its absence fails the test).
#[track_caller]
pub fn datasets() -> Option<PathBuf> {
    let p = repo().join("../shared/datasets");
    have(p.is_dir(), "../shared/datasets").then_some(p)
}

pub struct Workdir {
    pub dir: PathBuf,
}

impl Workdir {
    pub fn new(name: &str) -> Workdir {
        let dir = repo().join("target").join("test-work").join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Workdir { dir }
    }

    /// A folder inside this one, as it is (not emptied).
    pub fn sub(&self, rel: &str) -> Workdir {
        Workdir { dir: self.dir.join(rel) }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        p
    }

    pub fn read(&self, rel: &str) -> String {
        let p = self.dir.join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.dir.join(rel).exists()
    }

    /// Run `voc` with these arguments in this folder.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_env(args, &[])
    }

    /// `voc report` of the fixtures' ISO week 46 in these formats, at the sample reports' clock.
    pub fn report_w46(&self, formats: &str) -> Run {
        self.run(&[
            "--config",
            "voc.yaml",
            "report",
            "--week",
            "2026-W46",
            "--format",
            formats,
            "--now",
            "2026-11-16T09:00:00+09:00",
        ])
    }

    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = assert_cmd::Command::cargo_bin("voc").unwrap();
        cmd.current_dir(&self.dir).args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let output = cmd.output().unwrap();
        Run { args: args.iter().map(|s| s.to_string()).collect(), dir: self.dir.clone(), output }
    }
}

/// One finished run of the binary.
pub struct Run {
    pub args: Vec<String>,
    pub dir: PathBuf,
    pub output: Output,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
    fn describe(&self) -> String {
        format!(
            "voc {}\n  in {}\n  exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.args.join(" "),
            self.dir.display(),
            self.output.status.code(),
            self.stdout(),
            self.stderr()
        )
    }
    /// Assert the exit code, showing everything when it differs.
    #[track_caller]
    pub fn expect(&self, code: i32) -> &Run {
        assert_eq!(self.code(), code, "{}", self.describe());
        assert!(!self.stderr().contains("panicked"), "panic: {}", self.describe());
        self
    }
    #[track_caller]
    pub fn ok(&self) -> &Run {
        self.expect(0)
    }
    /// Exit 0, or exit 3 for no other reason than a small test data set that does not span the
    /// whole period (docs/trust.md, coverage): for tests whose subject is something else.
    #[track_caller]
    pub fn ok_but_short(&self) -> &Run {
        if self.code() == 3 {
            let gates: Vec<&str> =
                self.stderr().lines().filter(|l| l.starts_with("data-quality gate failed:")).map(|_| "").collect();
            let spans =
                self.stderr().lines().filter(|l| l.starts_with("data-quality gate failed:") && l.contains("데이터 범위")).count();
            assert!(!gates.is_empty() && spans == gates.len(), "exit 3 for another reason than coverage\n{}", self.describe());
            assert!(!self.stderr().contains("panicked"), "panic: {}", self.describe());
            return self;
        }
        self.expect(0)
    }
    #[track_caller]
    pub fn stderr_has(&self, s: &str) -> &Run {
        assert!(self.stderr().contains(s), "stderr lacks {s:?}\n{}", self.describe());
        self
    }
    #[track_caller]
    pub fn stdout_has(&self, s: &str) -> &Run {
        assert!(self.stdout().contains(s), "stdout lacks {s:?}\n{}", self.describe());
        self
    }
}

/// The bundled config with its paths made absolute, so a test can run from its own folder
/// and change only what it needs.
pub fn fixture_config() -> String {
    let repo = repo();
    let text = std::fs::read_to_string(repo.join("config/voc.yaml")).unwrap();
    text.replace("../fixtures/", &format!("{}/fixtures/", repo.display()))
        .replace("taxonomy: taxonomy.yaml", &format!("taxonomy: {}/config/taxonomy.yaml", repo.display()))
        .replace("output_dir: ../reports", "output_dir: out")
}

pub fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_path(path).unwrap();
    r.records().map(|r| r.unwrap().iter().map(|s| s.trim_start_matches('\u{feff}').to_string()).collect()).collect()
}

/// The bundled fixtures copied into the workdir (so that a test may change a file of them),
/// with the fixture config pointing at the copy.
pub fn fixtures(wd: &Workdir) {
    crate::readme::copy_tree(&repo().join("fixtures"), &wd.path("fixtures"));
    let cfg = fixture_config().replace(&format!("{}/fixtures", repo().display()), &wd.path("fixtures").display().to_string());
    wd.write("voc.yaml", cfg);
}

/// Rewrite one fixture CSV cell by cell.
pub fn edit_csv(wd: &Workdir, rel: &str, f: impl Fn(usize, &str, &str) -> String) {
    let rows = read_csv(&wd.path(rel));
    let head = rows[0].clone();
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    w.write_record(&head).unwrap();
    for r in &rows[1..] {
        w.write_record(r.iter().enumerate().map(|(i, c)| f(i, head.get(i).map_or("", String::as_str), c))).unwrap();
    }
    wd.write(rel, w.into_inner().unwrap());
}
