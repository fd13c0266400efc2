//! A row's cells as the readers hand them on: bytes read from a file ([`Raw`]), taken over as
//! text ([`Record`]) once checked to be UTF-8 as a whole — the one `unsafe` of the reader — or
//! decoded from CP949; a row that is neither, ragged or binary is [`Next::Bad`] with its reason.

use std::collections::VecDeque;

use anyhow::Result;

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
    pub(crate) fn clear(&mut self) {
        self.bytes.clear();
        self.cells.clear();
    }

    pub(crate) fn push(&mut self, cell: &[u8]) {
        let start = self.bytes.len() as u32;
        self.bytes.extend_from_slice(cell);
        self.cells.push((start, self.bytes.len() as u32));
    }

    /// A line without quotes: copied whole, its cells cut at `delim` (found by SIMD search).
    pub(crate) fn line(&mut self, line: &[u8], delim: u8) {
        self.clear();
        self.bytes.extend_from_slice(line);
        let mut start = 0;
        for i in memchr::memchr_iter(delim, line) {
            self.cells.push((start, i as u32));
            start = i as u32 + 1;
        }
        self.cells.push((start, line.len() as u32));
    }

    pub(crate) fn cell(&self, i: usize) -> Option<&[u8]> {
        let &(s, e) = self.cells.get(i)?;
        self.bytes.get(s as usize..e as usize)
    }

    pub(crate) fn len(&self) -> usize {
        self.cells.len()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.cells.len()).filter_map(|i| self.cell(i))
    }

    /// Text, if it is UTF-8: the bytes as a whole are (checked by SIMD), and every cell starts
    /// on a character (so each cell, between two character boundaries, is too).
    pub(crate) fn checked(&self) -> bool {
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

#[derive(Clone, Copy)]
pub(crate) enum Decode {
    Utf8,
    Cp949,
    /// Per row: UTF-8 when valid, else CP949.
    Auto,
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

/// Decode a CSV record into `out` and check its width; on failure `out` keeps a lossy decoding
/// for the rejects file. `counts` gains the row's encoding (`encoding: auto`).
pub(crate) fn decode_row(
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
pub(crate) fn lossy(buf: &Raw, out: &mut Record) {
    out.clear();
    for f in buf.iter() {
        out.push_field(&String::from_utf8_lossy(f));
    }
}

/// A row whose width differs from the header's is rejected (extra empty trailing cells are
/// fine: spreadsheets write them). NUL bytes mean binary data.
pub(crate) fn check_row(rec: &mut Record, width: usize, pos: RowPos) -> Result<Next> {
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
