//! The shape of the house, read from the sources (docs/architecture.md):
//!
//! - the stages form one corridor, `read → link → classify → metrics → render → deliver`: a
//!   stage imports only the foundation (`error, yaml, period, mask, alloc, model, config,
//!   taxonomy`) and the stage right before it; the foundation imports no stage;
//! - `pipeline` is the only place that orders the stages; `cmd` reaches them only through
//!   `pipeline` (and `deliver`), `cli` only the foundation; no `clap` outside `cli`, `cmd`
//!   and `main.rs`;
//! - no import cycle between the top-level modules;
//! - no file in src/ over 700 lines, no function over 120.
//!
//! `fuzzing` is test support (the fuzzers' entry points replay each stage's own input
//! functions) and is held to no corridor.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::util::repo;

const FOUNDATION: [&str; 8] = ["error", "yaml", "period", "mask", "alloc", "model", "config", "taxonomy"];
const STAGES: [&str; 6] = ["read", "link", "classify", "metrics", "render", "deliver"];

fn rust_files(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        for e in std::fs::read_dir(p).unwrap() {
            rust_files(&e.unwrap().path(), out);
        }
    } else if p.is_file() && p.extension().is_some_and(|x| x == "rs") {
        out.push(p.to_path_buf());
    }
}

/// The top-level modules of `src` (folders and files, but `bin`, `lib`, `main`).
fn top_modules(src: &Path) -> BTreeSet<String> {
    let mut top = BTreeSet::new();
    for e in std::fs::read_dir(src).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_stem().unwrap().to_string_lossy().into_owned();
        if (p.is_dir() && name != "bin") || (p.extension().is_some_and(|x| x == "rs") && name != "lib" && name != "main") {
            top.insert(name);
        }
    }
    top
}

/// The code of a file without its comments (so a doc comment that names a module is no import).
fn code(text: &str) -> String {
    text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// The top-level modules a text names through `crate::` (`crate::a::b`, `crate::{a, b::c}`).
fn named(text: &str, top: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + 7..];
        let names: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
            // a nested group: only its first level names modules
            let mut depth = 0;
            let end = group
                .char_indices()
                .find(|&(_, c)| {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => return true,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    false
                })
                .map_or(group.len(), |(j, _)| j);
            let mut items = Vec::new();
            let (mut depth, mut start) = (0, 0);
            for (j, c) in group[..end].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        items.push(&group[start..j]);
                        start = j + 1;
                    }
                    _ => {}
                }
            }
            items.push(&group[start..end]);
            items.into_iter().map(|s| s.trim().split("::").next().unwrap_or("")).collect()
        } else {
            vec![rest.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or("")]
        };
        out.extend(names.into_iter().filter(|n| top.contains(*n)).map(String::from));
    }
    out
}

/// Top-level module → the top-level modules its files name through `crate::`.
fn module_graph_of(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let top = top_modules(src);
    let mut graph = BTreeMap::new();
    for m in &top {
        let mut files = Vec::new();
        rust_files(&src.join(m), &mut files);
        rust_files(&src.join(format!("{m}.rs")), &mut files);
        let mut deps = BTreeSet::new();
        for f in files {
            deps.extend(named(&code(&std::fs::read_to_string(&f).unwrap()), &top));
        }
        deps.remove(m);
        graph.insert(m.clone(), deps);
    }
    graph
}

/// What a module may import, by the rule of the house.
fn allowed(m: &str) -> Option<BTreeSet<&'static str>> {
    let foundation: BTreeSet<&str> = FOUNDATION.into_iter().collect();
    if FOUNDATION.contains(&m) {
        return Some(foundation);
    }
    if let Some(i) = STAGES.iter().position(|s| *s == m) {
        let mut ok = foundation;
        if i > 0 {
            ok.insert(STAGES[i - 1]);
        }
        return Some(ok);
    }
    match m {
        "pipeline" => Some(foundation.into_iter().chain(STAGES).collect()),
        "cmd" => Some(foundation.into_iter().chain(["pipeline", "deliver", "cli"]).collect()),
        "cli" => Some(foundation),
        "fuzzing" => None,
        _ => Some(BTreeSet::new()),
    }
}

/// Every import that breaks the rule, as `module -> module`.
fn offences(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut out = Vec::new();
    for (m, deps) in graph {
        let Some(ok) = allowed(m) else { continue };
        for d in deps.iter().filter(|d| !ok.contains(d.as_str())) {
            out.push(format!("{m} -> {d}"));
        }
    }
    out
}

/// Files outside `cli`, `cmd` and `main.rs` that use clap.
fn clap_outside(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files
        .into_iter()
        .filter(|f| {
            let rel = f.strip_prefix(src).unwrap();
            !(rel.starts_with("cmd") || rel == Path::new("cli.rs") || rel == Path::new("main.rs"))
        })
        .filter(|f| {
            let c = code(&std::fs::read_to_string(f).unwrap());
            c.contains("clap::") || c.contains("use clap")
        })
        .map(|f| f.display().to_string())
        .collect()
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
            for n in g.get(&last).into_iter().flatten() {
                let mut p = path.clone();
                p.push(n.clone());
                stack.push(p);
            }
        }
    }
    None
}

#[test]
fn every_stage_imports_only_the_foundation_and_the_stage_before_it() {
    let g = module_graph_of(&repo().join("src"));
    assert!(g.contains_key("pipeline") && g["pipeline"].contains("read"), "the graph was read: {g:?}");
    for m in FOUNDATION.iter().chain(STAGES.iter()).chain(["pipeline", "cmd", "cli"].iter()) {
        assert!(g.contains_key(*m), "no module {m} in src/: {g:?}");
    }
    let bad = offences(&g);
    assert!(bad.is_empty(), "imports against the rule of the house (docs/architecture.md):\n{}", bad.join("\n"));
    let clap = clap_outside(&repo().join("src"));
    assert!(clap.is_empty(), "clap outside cli/cmd:\n{}", clap.join("\n"));
}

#[test]
fn no_import_cycle_between_the_top_level_modules() {
    let g = module_graph_of(&repo().join("src"));
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

/// A tree of the house in a scratch folder, to show the checks catch what they should.
fn tree(files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("voc-house-{}-{}", std::process::id(), files.len()));
    let _ = std::fs::remove_dir_all(&dir);
    for m in FOUNDATION.iter().chain(STAGES.iter()).chain(["pipeline", "cli", "cmd"].iter()) {
        std::fs::create_dir_all(dir.join(m)).unwrap();
        std::fs::write(dir.join(m).join("mod.rs"), "").unwrap();
    }
    for (path, text) in files {
        std::fs::write(dir.join(path), text).unwrap();
    }
    dir
}

#[test]
fn the_rule_catches_what_breaks_it() {
    let cases: [(&str, &str, &str); 6] = [
        // a stage reaching two stages back, a doc comment naming one does not count
        ("read/mod.rs", "//! crate::metrics\nuse crate::model::Dataset;\nuse crate::render::html;", "read -> render"),
        ("metrics/mod.rs", "use crate::{model, read::sales::SalesRead};", "metrics -> read"),
        // a stage reaching forward, the foundation reaching a stage
        ("link/mod.rs", "fn f() { crate::classify::run() }", "link -> classify"),
        ("model/mod.rs", "use crate::link::merge;", "model -> link"),
        // a command past the pipeline
        ("cmd/mod.rs", "use crate::{pipeline, deliver::files, render::labels};", "cmd -> render"),
        ("cli/mod.rs", "use crate::render::OutputFormat;", "cli -> render"),
    ];
    for (path, text, offence) in cases {
        let dir = tree(&[(path, text)]);
        let bad = offences(&module_graph_of(&dir));
        assert_eq!(bad, [offence], "{path}: {text}");
    }
    let dir = tree(&[("render/mod.rs", "#[derive(clap::ValueEnum)]\nenum F { A }"), ("cmd/mod.rs", "use clap::Parser;")]);
    let clap = clap_outside(&dir);
    assert!(clap.len() == 1 && clap[0].ends_with("render/mod.rs"), "{clap:?}");
    // the allowed ones
    let dir = tree(&[
        ("metrics/mod.rs", "use crate::{classify::Keep, model::Conv, taxonomy::Taxonomy};"),
        ("cmd/mod.rs", "use crate::{pipeline, deliver::files, cli::Cli, config};"),
    ]);
    assert!(offences(&module_graph_of(&dir)).is_empty());
}

/// Rust source without its comments and literals (each replaced by spaces, lines kept), for
/// counting braces.
fn strip(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let blank = |s: &[u8]| s.iter().map(|&c| if c == b'\n' { '\n' } else { ' ' }).collect::<String>();
    while i < b.len() {
        let rest = &b[i..];
        let end = if rest.starts_with(b"//") {
            i + rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len())
        } else if rest.starts_with(b"/*") {
            i + rest.windows(2).position(|w| w == b"*/").map_or(rest.len(), |p| p + 2)
        } else if rest.starts_with(b"r#\"") || rest.starts_with(b"r\"") {
            let hashes = rest[1..].iter().take_while(|&&c| c == b'#').count();
            let close: Vec<u8> = std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
            let body = 2 + hashes;
            i + body
                + rest[body..]
                    .windows(close.len())
                    .position(|w| w == close.as_slice())
                    .map_or(rest.len() - body, |p| p + close.len())
        } else if rest[0] == b'"' {
            let mut j = 1;
            while j < rest.len() && rest[j] != b'"' {
                j += if rest[j] == b'\\' { 2 } else { 1 };
            }
            i + (j + 1).min(rest.len())
        } else if rest[0] == b'\'' && (rest.get(2) == Some(&b'\'') || (rest.get(1) == Some(&b'\\'))) {
            // a char literal ('x', '\n', '\u{..}'), not a lifetime
            i + rest[1..].iter().skip(1).position(|&c| c == b'\'').map_or(rest.len(), |p| p + 3)
        } else if rest[0] == b'\'' && rest.len() > 1 && rest[1] >= 0x80 {
            // a multi-byte char literal
            i + rest[1..].iter().position(|&c| c == b'\'').map_or(rest.len(), |p| p + 2)
        } else {
            out.push(src[i..].chars().next().unwrap());
            i += src[i..].chars().next().unwrap().len_utf8();
            continue;
        };
        out.push_str(&blank(&b[i..end]));
        i = end;
    }
    out
}

/// (name, first line, lines) of every function with a body.
fn functions(src: &str) -> Vec<(String, usize, usize)> {
    let s = strip(src);
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = s[from..].find("fn ") {
        let at = from + p;
        from = at + 3;
        if at > 0 && (b[at - 1].is_ascii_alphanumeric() || b[at - 1] == b'_') {
            continue;
        }
        let name: String = s[at + 3..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if name.is_empty() {
            continue;
        }
        // the body: the first `{` outside parentheses and brackets, unless a `;` comes first
        let (mut depth, mut j) = (0i32, at);
        let open = loop {
            match b.get(j) {
                None => break None,
                Some(b'(' | b'[') => depth += 1,
                Some(b')' | b']') => depth -= 1,
                Some(b';') if depth == 0 => break None,
                Some(b'{') if depth == 0 => break Some(j),
                _ => {}
            }
            j += 1;
        };
        let Some(open) = open else { continue };
        let (mut d, mut k) = (0i32, open);
        while k < b.len() {
            match b[k] {
                b'{' => d += 1,
                b'}' => {
                    d -= 1;
                    if d == 0 {
                        break;
                    }
                }
                _ => {}
            }
            k += 1;
        }
        let first = s[..at].matches('\n').count() + 1;
        let last = s[..k.min(s.len())].matches('\n').count() + 1;
        out.push((name, first, last - first + 1));
    }
    out
}

#[test]
fn no_file_over_700_lines_and_no_function_over_120() {
    let mut files = Vec::new();
    rust_files(&repo().join("src"), &mut files);
    let mut long = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let lines = text.lines().count();
        if lines > 700 {
            long.push(format!("{}: {lines} lines", f.display()));
        }
        for (name, at, n) in functions(&text) {
            if n > 120 {
                long.push(format!("{}:{at}: fn {name}, {n} lines", f.display()));
            }
        }
    }
    assert!(long.is_empty(), "too long:\n{}", long.join("\n"));
}

#[test]
fn the_length_check_reads_functions_as_rust_does() {
    let src = "fn a() {\n    let s = \"}}}\";\n    let c = '}';\n    // }\n    x(|y: &'static str| { y });\n}\n\nfn b(x: [u8; 2]) -> u8 {\n    r#\"{\"#;\n    x[0]\n}\ntrait T { fn c(&self); }\n";
    let f = functions(src);
    assert_eq!(f, [("a".to_string(), 1, 6), ("b".to_string(), 8, 4)], "{}", strip(src));
}
