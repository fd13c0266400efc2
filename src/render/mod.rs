//! Render: the metrics as files — JSON, self-contained HTML with SVG charts, e-mail HTML with
//! PNG charts for `cid:`, and a Markdown summary for team chat. Pure functions from values to
//! bytes; only the deliver stage writes them.

pub mod charts;
pub mod format;
pub mod html;
pub mod json;
pub mod labels;
pub mod page;
pub mod rejects;

use anyhow::Result;
use chrono::{DateTime, FixedOffset};

use crate::config::{Config, Locale};
use crate::metrics::Metrics;
use crate::model::{Bundle, OutFile, Reject, RiskExample};

/// The formats `voc report --format` can write.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OutputFormat {
    Html,
    Json,
    Email,
    Md,
}
use crate::taxonomy::Taxonomy;

/// What the renderers read besides the metrics.
pub struct Inputs<'a> {
    pub cfg: &'a Config,
    pub tax: &'a Taxonomy,
    pub metrics: &'a Metrics,
    pub examples: &'a [Vec<RiskExample>],
    pub notes: Option<&'a str>,
    pub templates: &'a [(String, String)],
    pub now: DateTime<FixedOffset>,
    /// The rows that could not be used (the rejects file, when there are any).
    pub rejects: &'a [Reject],
}

/// PNG charts are drawn at twice their CSS size, for sharp text in mail clients.
pub const PNG_SCALE: u32 = 2;

/// Every file of one report in these formats, plus the rejects file.
pub fn render(inp: &Inputs, formats: &[OutputFormat]) -> Result<Bundle> {
    let id = &inp.metrics.period.id;
    let mut files = Vec::new();
    let needs_page = formats.iter().any(|f| !matches!(f, OutputFormat::Json));
    let page = if needs_page {
        let mut page = page::build(inp)?;
        let ko = inp.cfg.locale == Locale::Ko;
        page.full_report = if ko {
            format!("전체 리포트: {id}.html · 수치: {id}.json")
        } else {
            format!("Full report: {id}.html · numbers: {id}.json")
        };
        Some(page)
    } else {
        None
    };
    let env = html::environment(inp.templates)?;
    for f in formats {
        match (f, &page) {
            (OutputFormat::Json, _) => {
                files.push(OutFile { name: format!("{id}.json"), bytes: json::render(inp.metrics, inp.cfg.locale)? })
            }
            (OutputFormat::Html, Some(page)) => {
                files.push(OutFile { name: format!("{id}.html"), bytes: html::render(&env, "report.html.j2", page)? })
            }
            (OutputFormat::Email, Some(page)) => {
                files.push(OutFile { name: format!("{id}.email.html"), bytes: html::render(&env, "email.html.j2", page)? });
                for c in &page.charts {
                    files.push(OutFile { name: format!("{id}.email/{}.png", c.id), bytes: charts::png(c, PNG_SCALE)? });
                }
            }
            (OutputFormat::Md, Some(page)) => {
                files.push(OutFile { name: format!("{id}.md"), bytes: html::render(&env, "summary.md.j2", page)? })
            }
            _ => {}
        }
    }
    let mut bundle = rejects::bundle(id, inp.rejects);
    files.append(&mut bundle.files);
    bundle.files = files;
    bundle.gate_failed = !inp.metrics.failed_gates().is_empty();
    Ok(bundle)
}
