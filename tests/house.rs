//! The shape of the house, read from the sources: the stages form one corridor (no import
//! cycle between the top-level modules of src/), and no stage reaches back into the command
//! line. A newcomer can then read src/pipeline.rs top to bottom.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::util::repo;

/// Top-level module → the top-level modules its files name through `crate::`.
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = repo().join("src");
    let mut top = BTreeSet::new();
    for e in std::fs::read_dir(&src).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_stem().unwrap().to_string_lossy().into_owned();
        if (p.is_dir() && name != "bin") || (p.extension().is_some_and(|x| x == "rs") && name != "lib" && name != "main") {
            top.insert(name);
        }
    }
    let mut graph: BTreeMap<String, BTreeSet<String>> = top.iter().map(|m| (m.clone(), BTreeSet::new())).collect();
    for m in &top {
        let mut files = Vec::new();
        collect(&src.join(m), &mut files);
        collect(&src.join(format!("{m}.rs")), &mut files);
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            for line in text.lines().map(|l| l.split("//").next().unwrap_or("")) {
                for (i, _) in line.match_indices("crate::") {
                    let rest = &line[i + 7..];
                    let names: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
                        group
                            .split('}')
                            .next()
                            .unwrap_or("")
                            .split(',')
                            .map(|s| s.trim().split("::").next().unwrap_or(""))
                            .collect()
                    } else {
                        vec![rest.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or("")]
                    };
                    for n in names {
                        if n != m && top.contains(n) {
                            graph.get_mut(m).unwrap().insert(n.to_string());
                        }
                    }
                }
            }
        }
    }
    graph
}

fn collect(p: &Path, out: &mut Vec<std::path::PathBuf>) {
    if p.is_dir() {
        for e in std::fs::read_dir(p).unwrap() {
            collect(&e.unwrap().path(), out);
        }
    } else if p.is_file() && p.extension().is_some_and(|x| x == "rs") {
        out.push(p.to_path_buf());
    }
}

/// A path from `to` back to `from`, if there is one.
fn path_back(g: &BTreeMap<String, BTreeSet<String>>, from: &str, to: &str) -> Option<Vec<String>> {
    let mut stack = vec![vec![to.to_string()]];
    let mut seen = BTreeSet::new();
    while let Some(path) = stack.pop() {
        let last = path.last().unwrap().clone();
        if last == from {
            return Some(path);
        }
        if seen.insert(last.clone()) {
            for n in &g[&last] {
                let mut p = path.clone();
                p.push(n.clone());
                stack.push(p);
            }
        }
    }
    None
}

#[test]
fn no_import_cycle_between_the_top_level_modules() {
    let g = module_graph();
    assert!(g.contains_key("pipeline") && g["pipeline"].contains("read"), "the graph was read: {g:?}");
    let mut cycles = Vec::new();
    for (m, deps) in &g {
        for d in deps {
            if let Some(back) = path_back(&g, m, d) {
                cycles.push(format!("{m} -> {}", back.join(" -> ")));
            }
        }
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn no_stage_imports_the_command_line() {
    let g = module_graph();
    let offenders: Vec<String> = g
        .iter()
        .filter(|(m, _)| !matches!(m.as_str(), "cmd" | "cli"))
        .filter(|(_, deps)| deps.contains("cli") || deps.contains("cmd"))
        .map(|(m, deps)| format!("{m} -> {deps:?}"))
        .collect();
    assert!(offenders.is_empty(), "stages that import cli or cmd:\n{}", offenders.join("\n"));
}
