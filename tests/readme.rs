//! Every `voc` command line of README's "Everyday use" runs as written, on a copy of the
//! repository's config and fixtures (so nothing the repository holds is rewritten).

use std::path::Path;

use crate::util::{Workdir, repo};

pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let t = to.join(p.file_name().unwrap());
        if p.is_dir() { copy_tree(&p, &t) } else { std::fs::copy(&p, &t).map(|_| ()).unwrap() }
    }
}

/// Split a shell line on spaces, keeping "double-quoted" words whole.
fn words(line: &str) -> Vec<String> {
    let (mut out, mut cur, mut quoted) = (Vec::new(), String::new(), false);
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[test]
fn every_everyday_command_in_the_readme_runs_as_written() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let block = readme.split("## Everyday use").nth(1).unwrap().split("```sh").nth(1).unwrap().split("```").next().unwrap();
    let lines: Vec<&str> =
        block.lines().filter(|l| l.starts_with("voc ")).map(|l| l.split("  #").next().unwrap().trim()).collect();
    assert!(lines.len() >= 10, "{lines:?}");
    // a line run in the repository never writes into its committed reports/: what writes says where
    for l in lines.iter().filter(|l| ["voc report", "voc validate", "voc tag"].iter().any(|c| l.starts_with(c))) {
        assert!(l.contains("--out out"), "`{l}` would write into the config's output_dir (the committed reports/)");
    }
    let needs_datasets = lines.iter().any(|l| l.contains("config/examples/"));
    if needs_datasets && crate::util::datasets().is_none() {
        return;
    }
    let wd = Workdir::new("readme_commands");
    for d in ["config", "fixtures", "tests/gold"] {
        copy_tree(&repo().join(d), &wd.path(d));
    }
    // the example configs reach ../shared/datasets from the repository's root
    let shared = wd.dir.parent().unwrap().join("shared");
    if !shared.exists() {
        let _ = std::os::unix::fs::symlink(repo().join("../shared"), &shared);
    }
    for line in lines {
        let args = words(line);
        let args: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
        let run = wd.run(&args);
        if line.contains("--send") {
            // mailing needs the config's email block, which README's "The Monday mail" shows
            run.expect(2).stderr_has("--send needs an `email:` block");
        } else {
            assert!(matches!(run.code(), 0 | 3), "`{line}` exits {}:\n{}", run.code(), run.stderr());
            assert!(!run.stderr().contains("panicked"));
        }
    }
}
