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

/// An already rendered report's mail parts: `<stem>.email.html`, the PNGs in `<stem>.email/`,
/// and, when present, `<stem>.md` (plain text), `<stem>.html` (attached) and `<stem>.json`
/// (whether a data-quality gate failed).
pub fn report_mail(stem: &Path) -> Result<crate::deliver::smtp::Mail> {
    let with = |ext: &str| -> std::path::PathBuf {
        let mut s = stem.as_os_str().to_owned();
        s.push(ext);
        s.into()
    };
    let html_path = with(".email.html");
    let html = std::fs::read(&html_path).map_err(|e| {
        crate::error::data(format!("cannot read {}: {e} (render it first with `voc report --format email`)", html_path.display()))
    })?;
    let mut images = Vec::new();
    let dir = with(".email");
    if dir.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(&dir)?.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.extension().and_then(|e| e.to_str()) == Some("png") {
                let id = p.file_stem().and_then(|s| s.to_str()).unwrap_or("").to_string();
                images.push((id, std::fs::read(&p).with_context(|| format!("cannot read {}", p.display()))?));
            }
        }
    }
    let optional = |p: std::path::PathBuf| std::fs::read(p).ok();
    let gate_failed =
        optional(with(".json")).and_then(|j| serde_json::from_slice::<serde_json::Value>(&j).ok()).is_some_and(|v| {
            v["alerts"].as_array().is_some_and(|a| a.iter().any(|x| x["kind"] == "gate" || x["kind"] == "coverage"))
        });
    Ok(crate::deliver::smtp::Mail {
        period_id: stem.file_name().and_then(|n| n.to_str()).unwrap_or("report").to_string(),
        html,
        images,
        text: optional(with(".md")),
        report: optional(with(".html")),
        gate_failed,
    })
}
