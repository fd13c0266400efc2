//! Paths shown to people.

use std::path::{Component, Path, PathBuf};

/// A path as people write it: `config/../fixtures/a.csv` → `fixtures/a.csv`.
pub fn clean_path(p: &Path) -> String {
    let mut out: Vec<Component> = Vec::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    let s: PathBuf = out.iter().collect();
    if s.as_os_str().is_empty() { ".".into() } else { s.display().to_string() }
}
