//! Which shape of an export a file is (docs/config.md "Presets"): a preset may know an earlier
//! download of the same helpdesk (Channel Talk's before 2026-01-30), with other columns. The
//! first file's header decides, before anything is read: the input's own columns when the
//! header has them all, else the first earlier shape whose columns it has.

use anyhow::Result;

use super::mapping::wanted_columns;
use super::source::{Table, Wanted, norm_header};
use crate::config::{Config, Input};

/// Every input with earlier shapes takes the one its first file is in; what was chosen, as
/// sentences for the command to say ("channel-talk.xlsx: the 2025 download").
pub fn choose(cfg: &mut Config) -> Result<Vec<String>> {
    let mut said = Vec::new();
    for c in &mut cfg.inputs.conversations {
        said.extend(pick(c)?);
        // a source's own messages (a Channel Talk download in a list of sources)
        if let Some(m) = c.messages.as_deref_mut() {
            said.extend(pick(m)?);
        }
    }
    if let Some(m) = cfg.inputs.messages.as_mut() {
        said.extend(pick(m)?);
    }
    Ok(said)
}

fn pick(input: &mut Input) -> Result<Option<String>> {
    let Some(path) = input.file.files.first().filter(|_| !input.earlier.is_empty()) else { return Ok(None) };
    let table = Table::open(&input.file, path, &Wanted { columns: Vec::new() })?;
    let header: Vec<String> = table.headers.iter().map(|h| norm_header(h)).collect();
    let has_all = |input: &Input| wanted_columns(input).columns.iter().all(|(c, _)| header.contains(&norm_header(c)));
    if has_all(input) {
        return Ok(None);
    }
    for shape in input.earlier.clone() {
        let mut tried = input.clone();
        tried.columns = shape.columns;
        tried.exclude = shape.exclude;
        tried.values = shape.values;
        if has_all(&tried) {
            *input = Input { earlier: Vec::new(), ..tried };
            return Ok(Some(format!("{}: {}", table.display, shape.name)));
        }
    }
    Ok(None)
}
