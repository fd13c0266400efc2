//! `<id>.json`: the metrics document of docs/outputs.md, pretty-printed, keys in contract order.

use anyhow::Result;

use crate::metrics::Metrics;

pub fn render(m: &Metrics) -> Result<Vec<u8>> {
    let mut out = serde_json::to_vec_pretty(m)?;
    out.push(b'\n');
    Ok(out)
}
