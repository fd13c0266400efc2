//! A file of hand labels for `voc eval --gold FILE.csv`: `id,tag` rows, the tag an id, name,
//! alias or path of the taxonomy, or `unclassified`.

use std::collections::HashSet;
use std::path::Path;

use anyhow::Result;

use crate::error;
use crate::taxonomy::Taxonomy;

/// (conversation id, tag index or `None` for unclassified), in file order.
pub fn read(path: &Path, tax: &Taxonomy) -> Result<Vec<(String, Option<usize>)>> {
    let display = path.display();
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| error::usage(format!("cannot open gold file {display}: {e}")))?;
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| error::data(format!("{display}: {e}")))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_lowercase())
        .collect();
    let (Some(id_col), Some(tag_col)) = (headers.iter().position(|h| h == "id"), headers.iter().position(|h| h == "tag")) else {
        return Err(error::data(format!(
            "{display}: the gold file needs `id` and `tag` columns; it has: {}",
            headers.join(", ")
        )));
    };
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (i, rec) in rdr.records().enumerate() {
        let row = i + 1;
        let rec = rec.map_err(|e| error::data(format!("{display} row {row}: {e}")))?;
        let id = rec.get(id_col).unwrap_or("").trim().to_string();
        let tag = rec.get(tag_col).unwrap_or("").trim();
        if id.is_empty() {
            return Err(error::data(format!("{display} row {row}, column id: missing id")));
        }
        let label =
            if matches!(tag.to_lowercase().as_str(), "unclassified" | "none" | "") {
                None
            } else {
                Some(tax.lookup(tag).ok_or_else(|| {
                    error::data(format!("{display} row {row}, column tag: `{tag}` is not a tag of the taxonomy"))
                })?)
            };
        if !seen.insert(id.clone()) {
            return Err(error::data(format!("{display} row {row}, column id: `{id}` is labelled twice")));
        }
        out.push((id, label));
    }
    Ok(out)
}
