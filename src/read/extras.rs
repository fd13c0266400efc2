//! The other files a report reads: the team's notes for the period and template overrides.

use std::path::Path;

use anyhow::{Context, Result};

/// `notes_dir/<period-id>.md`, when present.
pub fn notes(dir: Option<&Path>, period_id: &str) -> Result<Option<String>> {
    let Some(dir) = dir else { return Ok(None) };
    let p = dir.join(format!("{period_id}.md"));
    match std::fs::read_to_string(&p) {
        Ok(s) => Ok(Some(s)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read notes {}", p.display())),
    }
}

/// The taxonomy file's text, as written (`voc taxonomy learn --write` changes a copy of it).
pub fn taxonomy_source(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| crate::error::config(format!("cannot read taxonomy {}: {e}", path.display())))
}

/// Every `*.j2` file of a templates folder, by file name (they override the built-in ones).
pub fn templates(dir: Option<&Path>) -> Result<Vec<(String, String)>> {
    let Some(dir) = dir else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let entries = std::fs::read_dir(dir).with_context(|| format!("cannot read templates_dir {}", dir.display()))?;
    for e in entries {
        let p = e?.path();
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
        if name.ends_with(".j2") {
            let text = std::fs::read_to_string(&p).with_context(|| format!("cannot read template {}", p.display()))?;
            out.push((name, text));
        }
    }
    out.sort();
    Ok(out)
}
