//! Files for spreadsheets and analysis tools: the one Excel-safe CSV writer (UTF-8 with a BOM so
//! Excel shows Korean, CRLF, formula-looking cells defused), used by the rejects file and the
//! tags export of `voc tag` (CSV or Parquet, one row per conversation of the period).

use anyhow::Result;

use crate::metrics::ClassKey;
use crate::model::Dataset;
use crate::taxonomy::Taxonomy;

/// A cell that a spreadsheet would run as a formula gets a leading `'` (CSV injection).
pub fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// A CSV file Excel opens as it is: BOM, header, CRLF, every cell defused.
pub fn excel_csv<R, C>(header: &[&str], rows: R) -> Vec<u8>
where
    R: IntoIterator<Item = C>,
    C: IntoIterator,
    C::Item: AsRef<str>,
{
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut out);
        let _ = w.write_record(header);
        for r in rows {
            let _ = w.write_record(r.into_iter().map(|c| defuse(c.as_ref()).into_owned()));
        }
        let _ = w.flush();
    }
    out
}

/// The tags export's columns, in order (`first_response_s` added to docs/cli.md's list: seconds to the first
/// agent response, empty when unanswered or not mapped; `rule_tag`: what the keyword rules alone
/// pick, which differs from `primary_tag` where an agent's tag overrode them).
pub const COLUMNS: [&str; 12] = [
    "id",
    "created_at",
    "channel",
    "product_id",
    "primary_tag",
    "primary_path",
    "class",
    "tag_source",
    "risks",
    "matched_keywords",
    "first_response_s",
    "rule_tag",
];

/// One export row: the text cells of the CSV, and the typed values Parquet stores as such.
pub struct Row {
    pub cells: [String; 12],
    /// The creation instant, UTC milliseconds.
    pub created_ms: Option<i64>,
    /// Seconds to the first response.
    pub first_response_s: Option<f64>,
}

/// One row per conversation of the period; `keywords(i)`: the keywords conversation `i` hit.
pub fn rows<'k>(data: &Dataset, tax: &Taxonomy, tz: chrono_tz::Tz, keywords: impl Fn(usize) -> &'k [String]) -> Vec<Row> {
    let name = |k: Option<u32>| k.map(|k| data.interner.name(k).to_string()).unwrap_or_default();
    data.convs
        .iter()
        .enumerate()
        .filter(|(_, c)| c.in_period())
        .map(|(i, c)| {
            let created = (c.created != i64::MIN).then_some(c.created);
            let tag = c.tag.map(|t| &tax.tags[t as usize]);
            let risks: Vec<&str> =
                (0..tax.risks.len()).filter(|r| c.risks & (1 << r) != 0).map(|r| tax.risks[r].id.as_str()).collect();
            let first_response_s = c.response_at.get().filter(|_| created.is_some()).map(|r| (r - c.created) as f64 / 1000.0);
            Row {
                cells: [
                    data.interner.name(c.id).to_string(),
                    created
                        .and_then(chrono::DateTime::from_timestamp_millis)
                        .map(|t| t.with_timezone(&tz).to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                        .unwrap_or_default(),
                    name(c.channel.get()),
                    name(c.product.get()),
                    tag.map(|t| t.id.clone()).unwrap_or_default(),
                    tag.map(|t| t.path.clone()).unwrap_or_default(),
                    ClassKey::of(tax, c).name().to_string(),
                    c.source.name().to_string(),
                    risks.join(";"),
                    keywords(i).join(";"),
                    first_response_s.map(|s| format!("{s}")).unwrap_or_default(),
                    c.rule.get().map(|t| tax.tags[t as usize].id.clone()).unwrap_or_default(),
                ],
                created_ms: created,
                first_response_s,
            }
        })
        .collect()
}

pub fn csv(rows: &[Row]) -> Vec<u8> {
    excel_csv(&COLUMNS, rows.iter().map(|r| r.cells.iter()))
}

/// The same rows with their types: `created_at` a millisecond timestamp in the config's time
/// zone (the instant the CSV shows with its offset), `first_response_s` a float, the rest text.
pub fn parquet(rows: &[Row], tz: chrono_tz::Tz) -> Result<Vec<u8>> {
    use polars::prelude::*;
    let zone = TimeZone::opt_try_new(Some(tz.name()))?;
    let mut cols: Vec<Column> = Vec::new();
    for (j, name) in COLUMNS.iter().enumerate() {
        let column: Column = match *name {
            "created_at" => Int64Chunked::from_iter_options((*name).into(), rows.iter().map(|r| r.created_ms))
                .into_datetime(TimeUnit::Milliseconds, zone.clone())
                .into_series()
                .into(),
            "first_response_s" => Series::new((*name).into(), rows.iter().map(|r| r.first_response_s).collect::<Vec<_>>()).into(),
            _ => Series::new((*name).into(), rows.iter().map(|r| r.cells[j].as_str()).collect::<Vec<_>>()).into(),
        };
        cols.push(column);
    }
    let mut df = DataFrame::new(rows.len(), cols)?;
    let mut buf = Vec::new();
    ParquetWriter::new(&mut buf).finish(&mut df)?;
    Ok(buf)
}
