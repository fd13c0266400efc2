//! Render: the metrics as files — JSON, self-contained HTML with SVG charts, e-mail HTML with
//! PNG charts for `cid:`, and a Markdown summary for team chat. Pure functions from values to
//! bytes; only the deliver stage writes them.

pub mod archive;
pub mod charts;
pub mod export;
pub mod format;
pub mod html;
pub mod json;
pub mod labels;
pub mod mail;
pub mod page;
pub mod rejects;
pub mod text;

use anyhow::Result;
use chrono::{DateTime, FixedOffset};

use crate::config::{Config, Locale};
use crate::metrics::Metrics;
use crate::model::{Bundle, OutFile, OutputFormat, Reject, RiskExample};

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
    /// Where a conversation opens in the helpdesk by its own `url` (over `report.conversation_url`).
    pub url_of: &'a (dyn Fn(&str) -> Option<String> + Sync),
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
    let mut page = page;
    // the HTML and the summary first: the mail's note depends on their sizes
    let mut report = match &page {
        Some(p) if formats.contains(&OutputFormat::Html) => Some(html::render(&env, "report.html.j2", p)?),
        _ => None,
    };
    let mut summary = match &page {
        Some(p) if formats.contains(&OutputFormat::Md) => Some(html::render(&env, "summary.md.j2", p)?),
        _ => None,
    };
    let (report_len, summary_len) = (report.as_ref().map(Vec::len), summary.as_ref().map_or(0, Vec::len));
    for f in formats {
        match (f, &mut page) {
            (OutputFormat::Json, _) => files.push(OutFile { name: format!("{id}.json"), bytes: json::render(inp)? }),
            (OutputFormat::Html, Some(_)) => {
                files.push(OutFile { name: format!("{id}.html"), bytes: report.take().unwrap_or_default() })
            }
            (OutputFormat::Email, Some(page)) => {
                let images = page
                    .charts
                    .iter()
                    .map(|c| {
                        Ok(OutFile {
                            name: format!("{id}.email/{}.png", c.id),
                            bytes: charts::png(c, charts::Canvas::Phone, PNG_SCALE)?,
                        })
                    })
                    .collect::<Result<Vec<_>>>()?;
                let ko = inp.cfg.locale == Locale::Ko;
                page.attachment = report_len.map(|_| labels::attached(id, ko));
                let mut email = html::render(&env, "email.html.j2", page)?;
                if let Some(r) = report_len {
                    if !mail::fits(email.len(), summary_len, images.iter().map(|i| i.bytes.len()), r) {
                        page.attachment = Some(labels::not_attached(id, r, ko));
                        email = html::render(&env, "email.html.j2", page)?;
                    }
                }
                files.push(OutFile { name: format!("{id}.email.html"), bytes: email });
                files.extend(images);
            }
            (OutputFormat::Md, Some(_)) => {
                files.push(OutFile { name: format!("{id}.md"), bytes: summary.take().unwrap_or_default() })
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
