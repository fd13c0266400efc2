//! Opening one input file as a table of text cells: CSV/TSV (UTF-8, UTF-8 with BOM, CP949,
//! UTF-16), XLSX (calamine), JSON Lines / JSON, Parquet (polars). Every format ends as the same
//! thing: a header and rows of [`Record`], each with its 1-based data-row number.
//!
//! This is the only module that opens input files. Problems confined to one row (bytes that
//! are neither UTF-8 nor CP949, a ragged row, a line that is not JSON) come back as
//! [`Next::Bad`] for the rejects file; problems with the whole file are errors naming it.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufReader, Cursor, Read};
use std::path::Path;

use anyhow::Result;
use csv::ByteRecord;

use crate::config::{Encoding, FileOptions, Format};
use crate::error;

/// How many rows are searched for the header when `header_row` is not given.
const HEADER_SEARCH_ROWS: usize = 30;
/// Longest `raw` kept in a reject; longer rows are cut (the row number finds the rest).
const RAW_LIMIT: usize = 2000;

/// Where a data row came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowPos {
    /// 1-based data row (the first row after the header is 1).
    pub row: u64,
}

/// A record's bytes as read, not yet known to be text: each cell is a range of `bytes` (a
/// line of a file is copied whole, its cells the ranges between its delimiters).
#[derive(Debug, Default, Clone)]
pub(crate) struct Raw {
    bytes: Vec<u8>,
    cells: Vec<(u32, u32)>,
}

impl Raw {
    fn clear(&mut self) {
        self.bytes.clear();
        self.cells.clear();
    }

    fn push(&mut self, cell: &[u8]) {
        let start = self.bytes.len() as u32;
        self.bytes.extend_from_slice(cell);
        self.cells.push((start, self.bytes.len() as u32));
    }

    /// A line without quotes: copied whole, its cells cut at `delim` (found by SIMD search).
    fn line(&mut self, line: &[u8], delim: u8) {
        self.clear();
        self.bytes.extend_from_slice(line);
        let mut start = 0;
        for i in memchr::memchr_iter(delim, line) {
            self.cells.push((start, i as u32));
            start = i as u32 + 1;
        }
        self.cells.push((start, line.len() as u32));
    }

    fn cell(&self, i: usize) -> Option<&[u8]> {
        let &(s, e) = self.cells.get(i)?;
        self.bytes.get(s as usize..e as usize)
    }

    fn iter(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.cells.len()).filter_map(|i| self.cell(i))
    }

    /// Text, if it is UTF-8: the bytes as a whole are (checked by SIMD), and every cell starts
    /// on a character (so each cell, between two character boundaries, is too).
    fn checked(&self) -> bool {
        simdutf8::basic::from_utf8(&self.bytes).is_ok()
            // a byte 0x80..=0xBF continues a character; every other byte starts one
            && self.cells.iter().all(|&(s, e)| s == e || !(0x80..0xC0).contains(&self.bytes[s as usize]))
    }
}

impl<'a> FromIterator<&'a [u8]> for Raw {
    fn from_iter<I: IntoIterator<Item = &'a [u8]>>(cells: I) -> Raw {
        let mut r = Raw::default();
        cells.into_iter().for_each(|c| r.push(c));
        r
    }
}

/// A row's cells as text: a record whose bytes were checked to be UTF-8 once, as a whole
/// (csv's `StringRecord` checks each cell of a non-ASCII row on its own, 8 % of a report's CPU).
#[derive(Debug, Default, Clone)]
pub struct Record(Raw);

impl Record {
    pub fn new() -> Record {
        Record::default()
    }

    pub fn get(&self, i: usize) -> Option<&str> {
        // SAFETY: every cell is UTF-8: `push_field` adds a `&str`; a record read from bytes is
        // taken over only once `checked` (decode_row)
        self.0.cell(i).map(|c| unsafe { std::str::from_utf8_unchecked(c) })
    }

    pub fn len(&self) -> usize {
        self.0.cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.cells.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    pub fn clear(&mut self) {
        self.0.clear()
    }

    pub fn push_field(&mut self, cell: &str) {
        self.0.push(cell.as_bytes())
    }

    pub fn truncate(&mut self, n: usize) {
        self.0.cells.truncate(n)
    }
}

impl<'a> FromIterator<&'a str> for Record {
    fn from_iter<I: IntoIterator<Item = &'a str>>(cells: I) -> Record {
        let mut r = Record::new();
        cells.into_iter().for_each(|c| r.push_field(c));
        r
    }
}

impl FromIterator<String> for Record {
    fn from_iter<I: IntoIterator<Item = String>>(cells: I) -> Record {
        let mut r = Record::new();
        cells.into_iter().for_each(|c| r.push_field(&c));
        r
    }
}

/// A spreadsheet's, JSON file's or Parquet file's rows as text cells, header first; a row
/// that cannot be read is its reason.
pub(crate) type Rows = VecDeque<Result<Vec<String>, String>>;

pub enum Next {
    Row(RowPos),
    /// A row that cannot be used as read: the reason. The record holds what could be decoded.
    Bad(RowPos, String),
    End,
}

pub use crate::model::clean_path;

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

#[derive(Clone, Copy)]
enum Decode {
    Utf8,
    Cp949,
    /// Per row: UTF-8 when valid, else CP949.
    Auto,
}

enum Body {
    Csv { rdr: csv::Reader<Box<dyn Read + Send>>, decode: Decode, buf: ByteRecord, raw: Raw, delim: u8, plain: Option<u64> },
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

/// Rows decoded as CP949 and as UTF-8 (non-ASCII) in `encoding: auto`.
#[derive(Debug, Default, Clone, Copy)]
pub struct Encodings {
    pub cp949_rows: u64,
    pub utf8_rows: u64,
}

impl Encodings {
    pub fn add(&mut self, o: Encodings) {
        self.cp949_rows += o.cp949_rows;
        self.utf8_rows += o.utf8_rows;
    }
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
            Format::Csv | Format::Tsv | Format::Auto => open_csv(path, opts.encoding, format).map_err(fail)?,
            Format::Xlsx => {
                Body::Rows(crate::read::xlsx::read(path, opts).map_err(|e| error::data(format!("{display}: {e:#}")))?)
            }
            Format::Jsonl => Body::Rows(read_jsonl(path).map_err(fail)?),
            Format::Json => Body::Rows(read_json(path, opts.sheet.as_deref()).map_err(fail)?),
            Format::Parquet => Body::Rows(read_parquet(path).map_err(fail)?),
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
            Body::Csv { rdr, decode, buf, raw, .. } => {
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

/// The data rows of a delimited text file read from its own bytes (not UTF-16), to be read in
/// byte ranges on several threads (src/read/input.rs). A range's rows are those that start in
/// it; a range is first read from the first line start in it, a guess that a cell with line
/// breaks can defeat, so the reader of the rows checks that each range began where the one
/// before it stopped and reads it again from there when not ([`Part::first`], [`Part::stop`]).
#[derive(Clone)]
pub struct Split {
    path: std::path::PathBuf,
    display: String,
    /// Where the first data row starts.
    pub start: u64,
    /// The file's length.
    pub len: u64,
    delim: u8,
    decode: Decode,
    width: usize,
}

impl Table {
    /// The rest of the file as a [`Split`], when it can be read in byte ranges.
    pub fn split(&self) -> Option<Split> {
        let Body::Csv { rdr, decode, delim, plain: Some(skip), .. } = &self.body else {
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
        })
    }
}

impl Split {
    /// The rows starting in `[from, to)`. `exact`: a row starts at `from`; else reading
    /// starts at the first line start at or after it.
    pub fn part(&self, from: u64, to: u64, exact: bool) -> Result<Part> {
        use std::io::{Seek, SeekFrom};
        let base = if exact { from } else { from.saturating_sub(1).max(self.start) };
        let fail = |e| read_error(&self.display, e);
        let mut file = File::open(&self.path).map_err(fail)?;
        file.seek(SeekFrom::Start(base)).map_err(fail)?;
        let mut part = Part {
            file,
            display: self.display.clone(),
            base,
            data: Vec::new(),
            pos: 0,
            eof: false,
            len: self.len,
            end: to,
            core: csv_parser(self.delim),
            delim: self.delim,
            decode: self.decode,
            width: self.width,
            buf: Raw::default(),
            fields: Vec::new(),
            ends: Vec::new(),
            rows: 0,
            counts: Encodings::default(),
            first: None,
            stop: None,
        };
        // the range and a little more: most rows that start in it end there
        part.more(to.saturating_sub(base) + (1 << 16))?;
        if exact {
            // a row starts at `from`, blank lines before it or not
            part.first = Some(from);
        }
        if !exact && base > self.start {
            // past the line `base` is in (the line before `from` ends at `from - 1` at the latest)
            loop {
                match memchr::memchr(b'\n', &part.data[part.pos..]) {
                    Some(i) => break part.pos += i + 1,
                    None if part.eof => break part.pos = part.data.len(),
                    None => {
                        part.pos = part.data.len();
                        part.more(1 << 16)?;
                    }
                }
            }
        }
        Ok(part)
    }
}

/// One byte range of a [`Split`], read like a [`Table`]; row numbers count from 1 in the range.
///
/// The bytes are read into memory and parsed there by csv's rules (the same records as a
/// `csv::Reader`'s; unit test `a_range_reads_what_csv_reads`): a line without a quote (most
/// rows of an export) is cut at its delimiters by SIMD search; a line with one goes to
/// `csv_core`, csv's own parser. Blank lines are skipped, and a row begins after them.
pub struct Part {
    file: File,
    display: String,
    /// Where `data` begins in the file.
    base: u64,
    data: Vec<u8>,
    /// Where the next row is looked for in `data`.
    pos: usize,
    /// `data` reaches the end of the file.
    eof: bool,
    /// The file's length when it was split.
    len: u64,
    end: u64,
    core: csv_core::Reader,
    delim: u8,
    decode: Decode,
    width: usize,
    buf: Raw,
    /// A quoted row's cells and their ends, as `csv_core` writes them.
    fields: Vec<u8>,
    ends: Vec<usize>,
    rows: u64,
    pub counts: Encodings,
    /// Where the first row read started (where reading stopped, when no row was read).
    pub first: Option<u64>,
    /// Where reading stopped: the start of the first row at or after the range's end, or the
    /// file's end.
    pub stop: Option<u64>,
}

impl Part {
    /// The rows read so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    pub fn next(&mut self, out: &mut Record) -> Result<Next> {
        if self.stop.is_some() {
            return Ok(Next::End);
        }
        let (ok, at) = self.record()?;
        let at = self.base + at as u64;
        self.first.get_or_insert(at);
        if !ok || at >= self.end {
            self.stop = Some(at);
            return Ok(Next::End);
        }
        self.rows += 1;
        decode_row(&self.decode, &mut self.buf, out, self.width, RowPos { row: self.rows }, &mut self.counts)
    }

    /// The next record into `buf`, and where in `data` it starts; `false` at the end of the
    /// file (where in `data` that is).
    fn record(&mut self) -> Result<(bool, usize)> {
        // blank lines are no rows (csv skips them too: a line break where a row would start)
        let start = loop {
            match self.data[self.pos..].iter().position(|&b| b != b'\n' && b != b'\r') {
                Some(i) => break self.pos + i,
                None if self.eof => return Ok((false, self.data.len())),
                None => {
                    self.pos = self.data.len();
                    self.more(1 << 16)?;
                }
            }
        };
        loop {
            match self.plain(start) {
                Some(Some(next)) => {
                    self.pos = next;
                    return Ok((true, start));
                }
                // the line goes on past what was read
                Some(None) => self.more(1 << 16)?,
                None => return self.quoted(start).map(|ok| (ok, start)),
            }
        }
    }

    /// The line at `start` cut at its delimiters into `buf`, when it has no quote and no
    /// carriage return but at its end: where the next line starts; `Some(None)`: the line
    /// does not end in `data` before the file's end; `None`: a line for csv's parser.
    fn plain(&mut self, start: usize) -> Option<Option<usize>> {
        let (data, delim) = (&self.data[start..], self.delim);
        let (line, next) = match memchr::memchr(b'\n', data) {
            Some(i) => (&data[..i], start + i + 1),
            None if self.eof => (data, self.data.len()),
            None => return Some(None),
        };
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        // a carriage return inside a line ends a row: csv's parser cuts it there
        if matches!(delim, b'"' | b'\r' | b'\n') || memchr::memchr2(b'"', b'\r', line).is_some() {
            return None;
        }
        self.buf.line(line, delim);
        Some(Some(next))
    }

    /// The record at `start` by csv's own parser (quoted cells, line breaks in them).
    fn quoted(&mut self, start: usize) -> Result<bool> {
        use csv_core::ReadRecordResult as R;
        self.core.reset();
        self.pos = start;
        let (mut nout, mut nend) = (0, 0);
        if self.fields.is_empty() {
            self.fields.resize(1 << 12, 0);
            self.ends.resize(64, 0);
        }
        loop {
            let (res, i, o, e) = self.core.read_record(&self.data[self.pos..], &mut self.fields[nout..], &mut self.ends[nend..]);
            (self.pos, nout, nend) = (self.pos + i, nout + o, nend + e);
            match res {
                // an empty input tells the parser that the file ends
                R::InputEmpty if !self.eof => self.more(1 << 16)?,
                R::InputEmpty => {}
                R::OutputFull => self.fields.resize(self.fields.len() * 2, 0),
                R::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                R::Record => {
                    self.buf.clear();
                    let mut from = 0;
                    for &to in &self.ends[..nend] {
                        self.buf.push(&self.fields[from..to]);
                        from = to;
                    }
                    return Ok(true);
                }
                R::End => return Ok(false),
            }
        }
    }

    /// At least `n` more bytes of the file in `data`, or up to its end.
    fn more(&mut self, n: u64) -> Result<()> {
        let left = self.len.saturating_sub(self.base + self.data.len() as u64);
        let want = n.min(left);
        self.data.reserve(want as usize);
        let got = (&self.file).take(want).read_to_end(&mut self.data);
        let got = got.map_err(|e| read_error(&self.display, e))? as u64;
        // a file cut shorter since it was split ends where it now ends
        self.eof = got == left || got < want;
        Ok(())
    }
}

/// Decode a CSV record into `out` and check its width; on failure `out` keeps a lossy decoding
/// for the rejects file. `counts` gains the row's encoding (`encoding: auto`).
fn decode_row(
    decode: &Decode,
    buf: &mut Raw,
    out: &mut Record,
    width: usize,
    pos: RowPos,
    counts: &mut Encodings,
) -> Result<Next> {
    out.clear();
    let utf8 = !matches!(decode, Decode::Cp949) && buf.checked();
    if utf8 {
        // the bytes are taken over without copying; the old record's buffer becomes the next
        // read buffer
        std::mem::swap(buf, &mut out.0);
    }
    match decode {
        _ if utf8 => {
            if !out.0.bytes.is_ascii() {
                counts.utf8_rows += 1;
            }
        }
        Decode::Utf8 => {
            lossy(buf, out);
            return Ok(Next::Bad(
                pos,
                "the row is not valid UTF-8 (is the file saved in another encoding? set `encoding: cp949`)".into(),
            ));
        }
        Decode::Cp949 | Decode::Auto => {
            for f in buf.iter() {
                match encoding_rs::EUC_KR.decode_without_bom_handling_and_without_replacement(f) {
                    Some(s) => out.push_field(&s),
                    None => {
                        lossy(buf, out);
                        return Ok(Next::Bad(
                            pos,
                            "the row's bytes are neither UTF-8 nor CP949 (a damaged or binary file?)".into(),
                        ));
                    }
                }
            }
            counts.cp949_rows += 1;
        }
    }
    check_row(out, width, pos)
}

/// The record decoded as well as it can be, for the rejects file.
fn lossy(buf: &Raw, out: &mut Record) {
    out.clear();
    for f in buf.iter() {
        out.push_field(&String::from_utf8_lossy(f));
    }
}

/// A row whose width differs from the header's is rejected (extra empty trailing cells are
/// fine: spreadsheets write them). NUL bytes mean binary data.
fn check_row(rec: &mut Record, width: usize, pos: RowPos) -> Result<Next> {
    if rec.len() > width && rec.iter().skip(width).all(|f| f.trim().is_empty()) {
        rec.truncate(width);
    }
    if rec.len() != width {
        let hint = if rec.len() > width {
            "a stray delimiter or an unclosed quote?"
        } else {
            "cells missing: a cut-off line or a line break inside an unquoted cell?"
        };
        return Ok(Next::Bad(pos, format!("the row has {} cells where the header has {width} ({hint})", rec.len())));
    }
    if memchr::memchr(0, &rec.0.bytes).is_some() {
        return Ok(Next::Bad(pos, "the row contains NUL bytes (binary data or a mis-detected encoding)".into()));
    }
    Ok(Next::Row(pos))
}

fn truncate(mut s: String) -> String {
    if s.len() > RAW_LIMIT {
        let mut cut = RAW_LIMIT;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
        s.push('…');
    }
    s
}

/// The row as a CSV line (quoted where needed) for the rejects file.
pub fn raw_record(rec: &Record, delim: u8) -> String {
    let mut w = csv::WriterBuilder::new().delimiter(delim).terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    let _ = w.write_record(rec.iter());
    let bytes = w.into_inner().unwrap_or_default();
    truncate(String::from_utf8_lossy(&bytes).trim_end_matches('\n').to_string())
}

fn csv_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => format!("read error: {io}"),
        _ => match e.position() {
            Some(p) => format!("line {}: {e}", p.line()),
            None => e.to_string(),
        },
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

fn open_csv(path: &Path, encoding: Encoding, format: Format) -> Result<Body, String> {
    let mut file = File::open(path).map_err(|e| format!("cannot open: {e}"))?;
    let mut head = [0u8; 4096];
    let n = read_up_to(&mut file, &mut head).map_err(|e| format!("cannot read: {e}"))?;
    let head = &head[..n];
    // UTF-16 (Excel's "Unicode text"): decode the whole file up front.
    let utf16 = if head.starts_with(&[0xFF, 0xFE]) {
        Some(encoding_rs::UTF_16LE)
    } else if head.starts_with(&[0xFE, 0xFF]) {
        Some(encoding_rs::UTF_16BE)
    } else {
        // without a BOM: UTF-8 text has no NUL bytes, UTF-16 has them on one parity (ASCII
        // characters such as commas, digits and line breaks)
        let (odd, even) = head
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == 0)
            .fold((0, 0), |(o, e), (i, _)| if i % 2 == 1 { (o + 1, e) } else { (o, e + 1) });
        if n >= 8 && (odd + even) * 10 >= n && odd >= 9 * even {
            Some(encoding_rs::UTF_16LE)
        } else if n >= 8 && (odd + even) * 10 >= n && even >= 9 * odd {
            Some(encoding_rs::UTF_16BE)
        } else {
            None
        }
    };
    // `plain`: where the reader's bytes start in the file (they are the file's own, not UTF-16
    // decoded), so that its rows can also be read in byte ranges (`Table::split`)
    let (reader, decode, sniff, plain): (Box<dyn Read + Send>, Decode, Vec<u8>, Option<u64>) = if let Some(enc) = utf16 {
        let mut all = head.to_vec();
        file.read_to_end(&mut all).map_err(|e| format!("cannot read: {e}"))?;
        let (text, _, bad) = enc.decode(&all);
        if bad {
            return Err("the file looks like UTF-16 but does not decode as UTF-16".into());
        }
        let bytes = text.trim_start_matches('\u{feff}').as_bytes().to_vec();
        let sniff = bytes[..bytes.len().min(4096)].to_vec();
        (Box::new(Cursor::new(bytes)), Decode::Utf8, sniff, None)
    } else {
        let bom = head.starts_with(&[0xEF, 0xBB, 0xBF]);
        let skip = if bom { 3 } else { 0 };
        let decode = match (encoding, bom) {
            (_, true) | (Encoding::Utf8, _) => Decode::Utf8,
            (Encoding::Cp949, _) => Decode::Cp949,
            (Encoding::Auto, false) => Decode::Auto,
        };
        let sniff = head[skip..].to_vec();
        let rest = Cursor::new(head[skip..].to_vec()).chain(file);
        (Box::new(BufReader::with_capacity(1 << 16, rest)), decode, sniff, Some(skip as u64))
    };
    let delim = match format {
        Format::Tsv => b'\t',
        Format::Csv => b',',
        _ => sniff_delimiter(&sniff),
    };
    let rdr = csv_reader(delim, reader);
    Ok(Body::Csv { rdr, decode, buf: ByteRecord::new(), raw: Raw::default(), delim, plain })
}

/// How every CSV of voc is parsed: a whole file by this reader, the quoted lines of a byte range
/// by [`csv_parser`] (the parser under it, with the same rules; `Part` reads the other lines).
fn csv_reader<R: Read>(delim: u8, r: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delim).buffer_capacity(1 << 16).from_reader(r)
}

/// The parser [`csv_reader`] runs on (csv's defaults: `"` quotes, doubled to escape one; `\r`,
/// `\n` or `\r\n` ends a row), for the lines of a byte range that have a quote.
fn csv_parser(delim: u8) -> csv_core::Reader {
    csv_core::ReaderBuilder::new().delimiter(delim).build()
}

fn read_error(display: &str, e: std::io::Error) -> anyhow::Error {
    error::data(format!("{display}: read error: {e}"))
}

fn read_up_to(f: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// The most frequent of `,` `\t` `;` `|` in the first line.
fn sniff_delimiter(head: &[u8]) -> u8 {
    let line = head.split(|b| *b == b'\n').next().unwrap_or(head);
    let count = |d: u8| line.iter().filter(|b| **b == d).count();
    [b',', b'\t', b';', b'|'].into_iter().max_by_key(|d| (count(*d), *d == b',')).unwrap_or(b',')
}

fn decode_header(b: &ByteRecord, decode: &Decode) -> Vec<String> {
    b.iter()
        .map(|f| match std::str::from_utf8(f) {
            Ok(s) if !matches!(decode, Decode::Cp949) => s.to_string(),
            _ => encoding_rs::EUC_KR.decode_without_bom_handling(f).0.into_owned(),
        })
        .collect()
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
            Body::Csv { rdr, decode, buf, .. } => {
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

// ---------------------------------------------------------------------------------------------
// JSON Lines, JSON, Parquet: small enough to hold as rows of text cells.

fn json_cell(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Bool(b) => b.to_string(),
        serde_json::Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

/// Objects → rows with the union of keys (in order of first appearance) as the header.
fn objects_to_rows(objs: Vec<Result<serde_json::Map<String, serde_json::Value>, String>>) -> Rows {
    let mut keys: Vec<String> = Vec::new();
    for o in &objs {
        if let Ok(o) = o {
            for k in o.keys() {
                if !keys.contains(k) {
                    keys.push(k.clone());
                }
            }
        }
    }
    let mut rows = VecDeque::with_capacity(objs.len() + 1);
    rows.push_back(Ok(keys.clone()));
    for o in objs {
        rows.push_back(o.map(|o| keys.iter().map(|k| o.get(k).map(json_cell).unwrap_or_default()).collect()));
    }
    rows
}

fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(&bytes).to_vec();
    String::from_utf8(bytes).map_err(|e| format!("not valid UTF-8 (JSON must be UTF-8): {e}"))
}

fn read_jsonl(path: &Path) -> Result<Rows, String> {
    let text = read_text(path)?;
    let mut objs = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            continue;
        }
        let parsed = match serde_json::from_str::<serde_json::Value>(line) {
            Ok(serde_json::Value::Object(o)) => Ok(o),
            Ok(_) => Err("the line is JSON but not an object".to_string()),
            Err(e) => Err(format!("the line is not valid JSON: {e}")),
        };
        objs.push(parsed);
    }
    Ok(objects_to_rows(objs))
}

/// A JSON array of objects, or an object holding one (named by `sheet`, else the first array).
fn read_json(path: &Path, key: Option<&str>) -> Result<Rows, String> {
    let text = read_text(path)?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("not valid JSON: {e}"))?;
    let arr = match (&v, key) {
        (serde_json::Value::Array(a), _) => a.clone(),
        (serde_json::Value::Object(o), Some(k)) => match o.get(k) {
            Some(serde_json::Value::Array(a)) => a.clone(),
            _ => {
                return Err(format!("has no array under key `{k}` (keys: {})", o.keys().cloned().collect::<Vec<_>>().join(", ")));
            }
        },
        (serde_json::Value::Object(o), None) => match o.values().find_map(|v| v.as_array()) {
            Some(a) => a.clone(),
            None => return Err("holds no array of records".into()),
        },
        _ => return Err("holds no array of records".into()),
    };
    let objs = arr
        .into_iter()
        .map(|v| match v {
            serde_json::Value::Object(o) => Ok(o),
            _ => Err("the record is not a JSON object".to_string()),
        })
        .collect();
    Ok(objects_to_rows(objs))
}

/// A Parquet file read with its types (docs/outputs.md, "Where polars is used"): text and
/// numbers as their values, a timestamp with a time zone as the exact instant (RFC 3339, UTC),
/// a timestamp without one as the wall-clock time it holds (read in the config's zone, as every
/// naive timestamp is), a date as the date. Row numbers count data rows from 2, as in a CSV.
fn read_parquet(path: &Path) -> Result<Rows, String> {
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

#[cfg(test)]
mod tests {
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
            };
            for n in [1, 2, 3, 5, 8, 13, 40, 1 << 20] {
                let read = |from: u64, to: u64, exact: bool| {
                    let mut part = split.part(from, to, exact).unwrap();
                    let (mut rows, mut rec) = (Vec::new(), Record::new());
                    // every record is a `Bad` one: no header width to match
                    while !matches!(part.next(&mut rec).unwrap(), Next::End) {
                        rows.push(rec.0.iter().map(|c| c.to_vec()).collect::<Vec<_>>());
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
