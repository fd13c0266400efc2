//! `voc send`: an already rendered report read back from disk as a [`Bundle`] — the e-mail
//! HTML and its PNG charts, and, when present, the Markdown summary, the full HTML report and
//! the JSON (whose alerts say whether a data-quality gate failed).

use std::path::Path;

use anyhow::{Context, Result};

use crate::error;
use crate::model::{Bundle, OutFile};

/// The report a path names: its id (`reports/2026-W46`) or any of its files
/// (`reports/2026-W46.html`, `.email.html`, `.json`, `.md`, `.rejects.csv`, the `.email/` folder).
fn stem_of(path: &Path) -> std::path::PathBuf {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    for suffix in [".email.html", ".rejects.csv", ".email", ".html", ".json", ".md"] {
        if let Some(id) = name.strip_suffix(suffix).filter(|id| !id.is_empty()) {
            return path.with_file_name(id);
        }
    }
    path.to_path_buf()
}

/// The report set of `<stem>` (e.g. `reports/2026-W46`, or one of its files), named as `voc
/// report` names it.
pub fn load(stem: &Path) -> Result<Bundle> {
    let stem = &stem_of(stem);
    let id = stem.file_name().and_then(|n| n.to_str()).unwrap_or("report").to_string();
    let dir = stem.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut b = Bundle { id: id.clone(), ..Bundle::default() };
    let email = format!("{id}.email.html");
    let html = std::fs::read(dir.join(&email)).map_err(|e| {
        error::data(format!("cannot read {}: {e} (render it first with `voc report --format email`)", dir.join(&email).display()))
    })?;
    b.files.push(OutFile { name: email, bytes: html });
    let charts = dir.join(format!("{id}.email"));
    if charts.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(&charts)?.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        entries.sort();
        for p in entries.into_iter().filter(|p| p.extension().and_then(|e| e.to_str()) == Some("png")) {
            let name = format!("{id}.email/{}", p.file_name().and_then(|n| n.to_str()).unwrap_or(""));
            b.files.push(OutFile { name, bytes: std::fs::read(&p).with_context(|| format!("cannot read {}", p.display()))? });
        }
    }
    for suffix in ["md", "html", "json"] {
        let name = format!("{id}.{suffix}");
        if let Ok(bytes) = std::fs::read(dir.join(&name)) {
            b.files.push(OutFile { name, bytes });
        }
    }
    b.gate_failed = b
        .part("json")
        .and_then(|j| serde_json::from_slice::<super::archive::Alerts>(j).ok())
        .is_some_and(|a| super::archive::any_gate(&a.alerts));
    Ok(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_is_named_by_its_id_or_any_of_its_files() {
        for p in
            ["r/2026-W46", "r/2026-W46.html", "r/2026-W46.email.html", "r/2026-W46.json", "r/2026-W46.md", "r/2026-W46.email"]
        {
            assert_eq!(stem_of(Path::new(p)), Path::new("r/2026-W46"), "{p}");
        }
        assert_eq!(stem_of(Path::new("2026-11-01_2026-11-15.rejects.csv")), Path::new("2026-11-01_2026-11-15"));
    }
}
