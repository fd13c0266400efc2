//! Delimited text files (CSV, TSV, `;` or `|`): the encoding found (a BOM, UTF-16 by its NUL
//! bytes, else UTF-8 or CP949 row by row), the delimiter sniffed, and one way of parsing every
//! CSV of voc ([`csv_reader`] for a whole file, [`csv_parser`] for the quoted lines of a byte
//! range).

use std::fs::File;
use std::io::{BufReader, Cursor, Read};
use std::path::Path;

use csv::ByteRecord;

use super::record::{Decode, Raw};
use crate::config::{Encoding, Format};
use crate::error;

/// A delimited file open after its BOM, not yet at its header.
pub(super) struct Csv {
    pub(super) rdr: csv::Reader<Box<dyn Read + Send>>,
    pub(super) decode: Decode,
    pub(super) buf: ByteRecord,
    pub(super) raw: Raw,
    pub(super) delim: u8,
    /// Where the reader's bytes start in the file, when they are the file's own (not UTF-16
    /// decoded): its rows can then also be read in byte ranges (`Table::split`).
    pub(super) plain: Option<u64>,
}

pub(super) fn csv_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => format!("read error: {io}"),
        _ => match e.position() {
            Some(p) => format!("line {}: {e}", p.line()),
            None => e.to_string(),
        },
    }
}

pub(super) fn open(path: &Path, encoding: Encoding, format: Format) -> Result<Csv, String> {
    let mut file = File::open(path).map_err(|e| format!("cannot open: {e}"))?;
    let mut head = [0u8; 4096];
    let n = read_up_to(&mut file, &mut head).map_err(|e| format!("cannot read: {e}"))?;
    let head = &head[..n];
    signature(head, encoding)?;
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
    Ok(Csv { rdr, decode, buf: ByteRecord::new(), raw: Raw::default(), delim, plain })
}

/// Files that are not what their name or config says, told by their first bytes: an Excel or
/// ZIP file, a gzip file, a UTF-8 file read as CP949.
fn signature(head: &[u8], encoding: Encoding) -> Result<(), String> {
    if head.starts_with(b"PK\x03\x04") {
        return Err(
            "this is an Excel (XLSX) file, or another ZIP archive, not delimited text: use `format: xlsx` (or unzip it)".into()
        );
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err("this is an Excel file (the old .xls format, or a password-protected .xlsx): use `format: xlsx`, with `password_env` if it has a password".into());
    }
    if head.starts_with(&[0x1F, 0x8B]) {
        return Err("this file is gzip-compressed: unpack it first (gunzip)".into());
    }
    // the whole head is UTF-8 (but for a character cut at its end) and is not ASCII
    let utf8 = match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && e.valid_up_to() + 4 > head.len(),
    };
    let bom = head.starts_with(&[0xEF, 0xBB, 0xBF]);
    if encoding == Encoding::Cp949 && utf8 && !bom && !head.is_ascii() {
        return Err(
            "the file is UTF-8, but the config says `encoding: cp949`: drop `encoding:` (voc finds it) or set `encoding: utf-8`"
                .into(),
        );
    }
    Ok(())
}

/// How every CSV of voc is parsed: a whole file by this reader, the quoted lines of a byte range
/// by [`csv_parser`] (the parser under it, with the same rules; `Part` reads the other lines).
pub(super) fn csv_reader<R: Read>(delim: u8, r: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delim).buffer_capacity(1 << 16).from_reader(r)
}

/// The parser [`csv_reader`] runs on (csv's defaults: `"` quotes, doubled to escape one; `\r`,
/// `\n` or `\r\n` ends a row), for the lines of a byte range that have a quote.
pub(super) fn csv_parser(delim: u8) -> csv_core::Reader {
    csv_core::ReaderBuilder::new().delimiter(delim).build()
}

pub(super) fn read_error(display: &str, e: std::io::Error) -> anyhow::Error {
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
pub(super) fn sniff_delimiter(head: &[u8]) -> u8 {
    let line = head.split(|b| *b == b'\n').next().unwrap_or(head);
    let count = |d: u8| line.iter().filter(|b| **b == d).count();
    [b',', b'\t', b';', b'|'].into_iter().max_by_key(|d| (count(*d), *d == b',')).unwrap_or(b',')
}

pub(super) fn decode_header(b: &ByteRecord, decode: &Decode) -> Vec<String> {
    b.iter()
        .map(|f| match std::str::from_utf8(f) {
            Ok(s) if !matches!(decode, Decode::Cp949) => s.to_string(),
            _ => encoding_rs::EUC_KR.decode_without_bom_handling(f).0.into_owned(),
        })
        .collect()
}
