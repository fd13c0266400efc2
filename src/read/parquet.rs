//! Parquet files, read with their types by polars (its columnar reader is what polars is in
//! the tree for, beside the tags export).

use std::collections::VecDeque;
use std::fs::File;
use std::path::Path;

use super::record::Rows;

/// A Parquet file read with its types (docs/outputs.md, "Where polars is used"): text and
/// numbers as their values, a timestamp with a time zone as the exact instant (RFC 3339, UTC),
/// a timestamp without one as the wall-clock time it holds (read in the config's zone, as every
/// naive timestamp is), a date as the date. Row numbers count data rows from 2, as in a CSV.
pub(super) fn read_parquet(path: &Path) -> Result<Rows, String> {
    use polars::prelude::*;
    let file = File::open(path).map_err(|e| format!("cannot open: {e}"))?;
    let df = ParquetReader::new(file).finish().map_err(|e| format!("not a readable Parquet file: {e}"))?;
    let names: Vec<String> = df.get_column_names().iter().map(|s| s.to_string()).collect();
    let mut cols = Vec::with_capacity(names.len());
    for c in df.columns() {
        let s = c.as_materialized_series();
        let bad = |e: PolarsError| format!("column `{}` cannot be read: {e}", s.name());
        cols.push(match s.dtype() {
            DataType::Datetime(unit, tz) => {
                let per_ms = match unit {
                    TimeUnit::Nanoseconds => 1_000_000,
                    TimeUnit::Microseconds => 1_000,
                    TimeUnit::Milliseconds => 1,
                };
                ParquetColumn::Time { values: s.datetime().map_err(bad)?.physical().clone(), per_ms, zoned: tz.is_some() }
            }
            DataType::Date => ParquetColumn::Date(s.date().map_err(bad)?.physical().clone()),
            _ => ParquetColumn::Text(s.cast(&DataType::String).map_err(bad)?.str().map_err(bad)?.clone()),
        });
    }
    let mut rows = VecDeque::with_capacity(df.height() + 1);
    rows.push_back(Ok(names));
    for i in 0..df.height() {
        rows.push_back(Ok(cols.iter().map(|c| c.cell(i)).collect()));
    }
    Ok(rows)
}

enum ParquetColumn {
    Text(polars::prelude::StringChunked),
    /// Instants as whole units since the epoch; `zoned`: stored with a time zone (UTC instants).
    Time {
        values: polars::prelude::Int64Chunked,
        per_ms: i64,
        zoned: bool,
    },
    /// Days since the epoch.
    Date(polars::prelude::Int32Chunked),
}

impl ParquetColumn {
    fn cell(&self, i: usize) -> String {
        match self {
            ParquetColumn::Text(s) => s.get(i).unwrap_or("").to_string(),
            ParquetColumn::Time { values, per_ms, zoned } => values
                .get(i)
                .and_then(|v| chrono::DateTime::from_timestamp_millis(v.div_euclid(*per_ms)))
                .map(|t| {
                    if *zoned {
                        t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
                    } else {
                        t.naive_utc().format("%Y-%m-%d %H:%M:%S%.3f").to_string()
                    }
                })
                .unwrap_or_default(),
            ParquetColumn::Date(d) => d
                .get(i)
                .and_then(|days| chrono::DateTime::from_timestamp(days as i64 * 86_400, 0))
                .map(|t| t.date_naive().to_string())
                .unwrap_or_default(),
        }
    }
}
