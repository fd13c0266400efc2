//! Opening one input file as a table of text cells: CSV/TSV (UTF-8, UTF-8 with BOM, CP949,
//! UTF-16), XLSX (calamine), JSON Lines / JSON, Parquet (polars). Every format ends as the same
//! thing: a header and rows of [`Record`], each with its 1-based data-row number.
//!
//! This is the only module that opens input files. Problems confined to one row (bytes that
//! are neither UTF-8 nor CP949, a ragged row, a line that is not JSON) come back as
//! [`Next::Bad`] for the rejects file; problems with the whole file are errors naming it.

use std::path::Path;

use anyhow::Result;

use super::delimited::{self, Csv, csv_error, decode_header};
use super::range::Split;
use super::record::{Encodings, Next, Record, RowPos, Rows, check_row, decode_row};
use crate::config::{FileOptions, Format};
use crate::error;
use crate::model::clean_path;

/// How many rows are searched for the header when `header_row` is not given.
const HEADER_SEARCH_ROWS: usize = 30;

/// Header names compare after trimming, dropping a BOM, folding case and spaces.
pub fn norm_header(s: &str) -> String {
    let s = s.trim_start_matches('\u{feff}').trim();
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        }
    }
    out
}

enum Body {
    Csv(Csv),
    Rows(Rows),
}

/// One open input file, positioned after its header.
pub struct Table {
    pub display: String,
    pub headers: Vec<String>,
    norm: Vec<String>,
    /// XLSX numbers in timestamp columns are Excel serial dates.
    pub excel_serials: bool,
    body: Body,
    next_row: u64,
    pub counts: Encodings,
    path: std::path::PathBuf,
}

/// Which columns the caller needs; the header row is the first row that has them all.
pub struct Wanted<'a> {
    pub columns: Vec<(&'a str, String)>, // (column, what it is for: "created_at")
}

impl Table {
    pub fn open(opts: &FileOptions, path: &Path, wanted: &Wanted) -> Result<Table> {
        let display = clean_path(path);
        let format = match opts.format {
            Format::Auto => by_extension(path),
            f => f,
        };
        let fail = |e: String| error::data(format!("{display}: {e}"));
        let mut body = match format {
            Format::Csv | Format::Tsv | Format::Auto => Body::Csv(delimited::open(path, opts.encoding, format).map_err(fail)?),
            Format::Xlsx => {
                Body::Rows(crate::read::xlsx::read(path, opts).map_err(|e| error::data(format!("{display}: {e:#}")))?)
            }
            Format::Jsonl => Body::Rows(super::json::read_jsonl(path).map_err(fail)?),
            Format::Json => Body::Rows(super::json::read_json(path, opts.sheet.as_deref()).map_err(fail)?),
            Format::Parquet => Body::Rows(super::parquet::read_parquet(path).map_err(fail)?),
        };
        let excel_serials = format == Format::Xlsx;
        let headers = find_header(&mut body, opts.header_row, wanted, &display)?;
        let norm: Vec<String> = headers.iter().map(|h| norm_header(h)).collect();
        for (col, _) in &wanted.columns {
            let n = norm_header(col);
            let hits: Vec<usize> = norm.iter().enumerate().filter(|(_, h)| **h == n).map(|(i, _)| i + 1).collect();
            if hits.len() > 1 {
                return Err(error::data(format!(
                    "{display}: column `{col}` appears {} times in the header (columns {}); rename all but one",
                    hits.len(),
                    hits.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(", ")
                )));
            }
        }
        let path = path.to_path_buf();
        Ok(Table { display, headers, norm, excel_serials, body, next_row: 0, counts: Encodings::default(), path })
    }

    /// The index of a column by name (trimmed, case-folded).
    pub fn column(&self, name: &str) -> Option<usize> {
        let n = norm_header(name);
        self.norm.iter().position(|h| *h == n)
    }

    /// Read the next data row into `out`.
    pub fn next(&mut self, out: &mut Record) -> Result<Next> {
        let width = self.headers.len();
        match &mut self.body {
            Body::Csv(Csv { rdr, decode, buf, raw, .. }) => {
                let ok = rdr.read_byte_record(buf).map_err(|e| error::data(format!("{}: {}", self.display, csv_error(&e))))?;
                if !ok {
                    return Ok(Next::End);
                }
                self.next_row += 1;
                let pos = RowPos { row: self.next_row };
                raw.clear();
                buf.iter().for_each(|c| raw.push(c));
                decode_row(decode, raw, out, width, pos, &mut self.counts)
            }
            Body::Rows(rows) => {
                let Some(row) = rows.pop_front() else {
                    return Ok(Next::End);
                };
                self.next_row += 1;
                let pos = RowPos { row: self.next_row };
                match row {
                    Ok(cells) => {
                        out.clear();
                        for c in &cells {
                            out.push_field(c);
                        }
                        check_row(out, width, pos)
                    }
                    Err(reason) => {
                        out.clear();
                        Ok(Next::Bad(pos, reason))
                    }
                }
            }
        }
    }
}

impl Table {
    /// The rest of the file as a [`Split`], when it can be read in byte ranges.
    pub fn split(&self) -> Option<Split> {
        let Body::Csv(Csv { rdr, decode, delim, plain: Some(skip), .. }) = &self.body else {
            return None;
        };
        let len = std::fs::metadata(&self.path).ok()?.len();
        Some(Split {
            path: self.path.clone(),
            display: self.display.clone(),
            start: skip + rdr.position().byte(),
            len,
            delim: *delim,
            decode: *decode,
            width: self.headers.len(),
            headers: std::sync::Arc::new(self.headers.clone()),
        })
    }
}

pub fn by_extension(path: &Path) -> Format {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "tsv" | "tab" => Format::Tsv,
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => Format::Xlsx,
        "jsonl" | "ndjson" => Format::Jsonl,
        "json" => Format::Json,
        "parquet" | "pq" => Format::Parquet,
        "csv" => Format::Csv,
        _ => Format::Auto, // sniffed as delimited text
    }
}

/// Find the header row: `header_row` when given, else the first row (of the first 30) that
/// contains every wanted column. Rows above the header are skipped (titles, notes).
fn find_header(body: &mut Body, header_row: Option<usize>, wanted: &Wanted, display: &str) -> Result<Vec<String>> {
    let has_all = |cells: &[String]| {
        let norm: Vec<String> = cells.iter().map(|c| norm_header(c)).collect();
        wanted.columns.iter().all(|(c, _)| norm.contains(&norm_header(c)))
    };
    let matches = |cells: &[String]| {
        let norm: Vec<String> = cells.iter().map(|c| norm_header(c)).collect();
        wanted.columns.iter().filter(|(c, _)| norm.contains(&norm_header(c))).count()
    };
    let limit = header_row.unwrap_or(HEADER_SEARCH_ROWS);
    // the row with the most of the mapped columns (the earliest of equals): the header a
    // person meant, against which the missing columns are named
    let mut best: Option<(usize, usize, Vec<String>)> = None;
    for i in 1..=limit {
        let cells = match body {
            Body::Csv(Csv { rdr, decode, buf, .. }) => {
                let ok = rdr.read_byte_record(buf).map_err(|e| error::data(format!("{display}: {}", csv_error(&e))))?;
                if !ok {
                    break;
                }
                decode_header(buf, decode)
            }
            Body::Rows(rows) => match rows.pop_front() {
                Some(Ok(cells)) => cells,
                Some(Err(e)) => return Err(error::data(format!("{display}: row {i}: {e}"))),
                None => break,
            },
        };
        let cells: Vec<String> = cells.into_iter().map(|c| c.trim_start_matches('\u{feff}').trim().to_string()).collect();
        if header_row.is_some() {
            if i == limit {
                check_wanted(&cells, wanted, display, &format!("header row {i} has"))?;
                return Ok(cells);
            }
            continue;
        }
        if has_all(&cells) {
            return Ok(cells);
        }
        let n = matches(&cells);
        if best.as_ref().is_none_or(|(m, _, _)| n > *m) {
            best = Some((n, i, cells));
        }
    }
    match best {
        None => Err(error::data(format!("{display}: the file is empty (no header row)"))),
        Some((n, i, cells)) => {
            let where_ = if n > 0 {
                format!("row {i} looks like the header and has")
            } else {
                "no row has any of the mapped columns; the first has".to_string()
            };
            check_wanted(&cells, wanted, display, &where_)?;
            Err(error::data(format!("{display}: no header row found")))
        }
    }
}

fn check_wanted(cells: &[String], wanted: &Wanted, display: &str, where_: &str) -> Result<()> {
    let norm: Vec<String> = cells.iter().map(|c| norm_header(c)).collect();
    let missing: Vec<String> = wanted
        .columns
        .iter()
        .filter(|(c, _)| !norm.contains(&norm_header(c)))
        .map(|(c, what)| format!("`{c}` ({what})"))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let shown: Vec<&str> = cells.iter().map(|s| s.as_str()).take(40).collect();
    let mut found = shown.join(", ");
    if found.chars().count() > 600 {
        found = found.chars().take(600).collect::<String>() + "…";
    }
    let hint = if cells.len() == 1 && (cells[0].contains(';') || cells[0].contains('\t') || cells[0].contains('|')) {
        " (the file seems to use another delimiter: set `format: tsv`, or save it as comma-separated)"
    } else {
        ""
    };
    Err(error::data(format!(
        "{display}: column{} {} not found; {where_}: {found}{hint}",
        if missing.len() > 1 { "s" } else { "" },
        missing.join(", ")
    )))
}

#[cfg(test)]
mod tests {
    use super::super::delimited::{csv_reader, sniff_delimiter};
    use super::super::record::{Decode, Raw};
    use super::*;

    #[test]
    fn a_record_is_text_only_when_each_cell_is() {
        let rec = |cells: &[&[u8]]| cells.iter().copied().collect::<Raw>();
        assert!(rec(&["가".as_bytes(), b"", b"a", "배송 문의".as_bytes()]).checked());
        // `가` is EA B0 80: cut between two cells, the bytes end to end are UTF-8, the cells not
        assert!(!rec(&[b"x\xEA\xB0", b"\x80y"]).checked());
        assert!(!rec(&[b"\xEA", b"\xB0\x80"]).checked());
        assert!(!rec(&[b"ok", b"\xB1\xE8"]).checked()); // CP949 `김`
        let mut out = Record::new();
        let decoded = decode_row(
            &Decode::Auto,
            &mut rec(&[b"\xEA", b"\xB0\x80"]),
            &mut out,
            2,
            RowPos { row: 1 },
            &mut Encodings::default(),
        );
        assert!(matches!(decoded, Ok(Next::Bad(..))), "neither UTF-8 nor CP949 cell by cell");
    }

    /// Random bytes of the characters that matter to CSV (quotes, delimiters, every kind of
    /// line break, blank lines, a multi-byte character), read in byte ranges of many sizes as
    /// src/read/input.rs reads them (a range that did not begin where the one before it
    /// stopped is read again from there), give the records a `csv::Reader` gives.
    #[test]
    fn a_range_reads_what_csv_reads() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.csv");
        let mut seed = 0x9e3779b97f4a7c15u64;
        let mut rand = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let pieces: [&[u8]; 10] = [b"a", b"bc", b",", b",", b"\"", b"\"\"", b"\r", b"\n", b"\r\n", "가".as_bytes()];
        for case in 0..400 {
            let mut bytes = Vec::new();
            for _ in 0..rand(120) {
                bytes.extend_from_slice(pieces[rand(pieces.len() as u64) as usize]);
            }
            if case % 3 == 0 {
                // mostly plain lines, as in an export
                bytes = bytes.iter().map(|&b| if b == b'"' && rand(4) > 0 { b'q' } else { b }).collect();
            }
            std::fs::write(&path, &bytes).unwrap();
            let mut csv = csv_reader(b',', bytes.as_slice());
            let want: Vec<Vec<Vec<u8>>> = csv.byte_records().map(|r| r.unwrap().iter().map(|c| c.to_vec()).collect()).collect();
            let split = Split {
                path: path.clone(),
                display: "r.csv".into(),
                start: 0,
                len: bytes.len() as u64,
                delim: b',',
                decode: Decode::Utf8,
                width: usize::MAX,
                headers: Default::default(),
            };
            for n in [1, 2, 3, 5, 8, 13, 40, 1 << 20] {
                let read = |from: u64, to: u64, exact: bool| {
                    let mut part = split.part(from, to, exact).unwrap();
                    let (mut rows, mut rec) = (Vec::new(), Record::new());
                    // every record is a `Bad` one: no header width to match
                    while !matches!(part.next(&mut rec).unwrap(), Next::End) {
                        rows.push(rec.iter().map(|c| c.as_bytes().to_vec()).collect::<Vec<_>>());
                    }
                    (rows, part.first.unwrap_or(from), part.stop.unwrap_or(to))
                };
                let (mut got, mut stop) = (Vec::new(), 0);
                for from in (0..split.len).step_by(n) {
                    let to = (from + n as u64).min(split.len);
                    let mut part = read(from, to, from == 0);
                    if part.1 != stop {
                        part = read(stop, to, true);
                    }
                    stop = part.2;
                    got.extend(part.0);
                }
                assert_eq!(got, want, "case {case}, ranges of {n} bytes: {:?}", String::from_utf8_lossy(&bytes));
            }
        }
    }

    #[test]
    fn paths_are_cleaned() {
        assert_eq!(clean_path(Path::new("config/../fixtures/cs/a.csv")), "fixtures/cs/a.csv");
        assert_eq!(clean_path(Path::new("./a/./b.csv")), "a/b.csv");
        assert_eq!(clean_path(Path::new("../x/a.csv")), "../x/a.csv");
    }

    #[test]
    fn headers_fold() {
        assert_eq!(norm_header("\u{feff} Created  At "), "created at");
        assert_eq!(norm_header("생성일시"), "생성일시");
    }

    #[test]
    fn delimiter_sniffing() {
        assert_eq!(sniff_delimiter(b"a;b;c\n1;2;3"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\n"), b'\t');
        assert_eq!(sniff_delimiter(b"a,b\n"), b',');
        assert_eq!(sniff_delimiter(b"single\n"), b',');
    }
}
