//! The reports already in an output folder, read back for its index (docs/outputs.md
//! `index.html`): each `<id>.json` of schema `voc.metrics/1`, reduced to its headline figures.

use std::path::Path;

use anyhow::{Context, Result};
use serde::Deserialize;

use crate::model::{Archived, GATE_KINDS};

#[derive(Deserialize)]
struct Doc {
    schema: String,
    period: Period,
    #[serde(default)]
    sales: Option<Sales>,
    inquiries: Inquiries,
    #[serde(default)]
    first_response: Option<Fr>,
    #[serde(default)]
    risks: Vec<Risk>,
    #[serde(default)]
    alerts: Vec<Alert>,
    #[serde(default)]
    trend: Option<Vec<Point>>,
}
#[derive(Deserialize)]
struct Period {
    id: String,
    kind: String,
    start: String,
    end: String,
}
#[derive(Deserialize)]
struct Sales {
    revenue: Option<f64>,
}
#[derive(Deserialize)]
struct Inquiries {
    total: Option<u64>,
    per_revenue_unit: Option<f64>,
}
#[derive(Deserialize)]
struct Fr {
    simple: Stats,
    revenue: Stats,
}
#[derive(Deserialize)]
struct Stats {
    median_s: Option<f64>,
}
#[derive(Deserialize)]
struct Risk {
    count: u64,
}
#[derive(Deserialize)]
pub(crate) struct Alert {
    kind: String,
}

/// Whether a report's alerts hold a failed data-quality gate (what the mail's subject marks).
pub(crate) fn any_gate(alerts: &[Alert]) -> bool {
    alerts.iter().any(|a| GATE_KINDS.contains(&a.kind.as_str()))
}

/// A report JSON's alerts, read back (`voc send`).
#[derive(Deserialize)]
pub(crate) struct Alerts {
    #[serde(default)]
    pub(crate) alerts: Vec<Alert>,
}
#[derive(Deserialize)]
struct Point {
    covered: bool,
    inquiries: u64,
}

/// Every report JSON in `dir` (not below it), in file-name order, with a warning for each
/// JSON that names the voc schema but cannot be read (other JSON files are not reports).
pub fn read(dir: &Path) -> Result<(Vec<Archived>, Vec<String>)> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json") && !n.starts_with('.'))
        .collect();
    names.sort();
    let (mut out, mut warnings) = (Vec::new(), Vec::new());
    for name in names {
        let path = dir.join(&name);
        let Ok(bytes) = std::fs::read(&path) else {
            warnings.push(format!("{}: cannot be read; it is not in the index", path.display()));
            continue;
        };
        if !bytes.windows(14).any(|w| w == b"\"voc.metrics/1") {
            continue;
        }
        let doc: Doc = match serde_json::from_slice(&bytes) {
            Ok(d) => d,
            Err(e) => {
                warnings.push(format!("{}: not a readable voc report ({e}); it is not in the index", path.display()));
                continue;
            }
        };
        if doc.schema != "voc.metrics/1" {
            continue;
        }
        let stem = &name[..name.len() - ".json".len()];
        out.push(Archived {
            html: dir.join(format!("{stem}.html")).is_file(),
            md: dir.join(format!("{stem}.md")).is_file(),
            id: doc.period.id,
            kind: doc.period.kind,
            start: doc.period.start,
            end: doc.period.end,
            inquiries: doc.inquiries.total,
            revenue: doc.sales.and_then(|s| s.revenue),
            per_revenue_unit: doc.inquiries.per_revenue_unit,
            first_response_simple_s: doc.first_response.as_ref().and_then(|f| f.simple.median_s),
            first_response_revenue_s: doc.first_response.as_ref().and_then(|f| f.revenue.median_s),
            risks: doc.risks.iter().map(|r| r.count).sum(),
            gate_failed: any_gate(&doc.alerts),
            trend: doc.trend.unwrap_or_default().iter().map(|p| p.covered.then_some(p.inquiries as f64)).collect(),
        });
    }
    Ok((out, warnings))
}
