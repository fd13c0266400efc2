//! A delimited file read in byte ranges on several threads (src/read/input.rs): each range
//! parsed in memory by csv's rules.

use std::fs::File;
use std::io::Read;

use anyhow::Result;

use super::delimited::{csv_parser, read_error};
use super::record::{Decode, Encodings, Next, Raw, Record, RowPos, decode_row, lossy};

/// The data rows of a delimited text file read from its own bytes (not UTF-16), to be read in
/// byte ranges on several threads (src/read/input.rs). A range's rows are those that start in
/// it; a range is first read from the first line start in it, a guess that a cell with line
/// breaks can defeat, so the reader of the rows checks that each range began where the one
/// before it stopped and reads it again from there when not ([`Part::first`], [`Part::stop`]).
#[derive(Clone)]
pub struct Split {
    pub(super) path: std::path::PathBuf,
    pub(super) display: String,
    /// Where the first data row starts.
    pub start: u64,
    /// The file's length.
    pub len: u64,
    pub(super) delim: u8,
    pub(super) decode: Decode,
    pub(super) width: usize,
    /// The header's names (a rejected row's reason names its column).
    pub(super) headers: std::sync::Arc<Vec<String>>,
}

/// The most of a file held in memory while its rows are read in order: what was taken before
/// is let go.
const HELD: usize = 8 << 20;

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
            headers: self.headers.clone(),
            runaway: None,
            buf: Raw::default(),
            fields: Vec::new(),
            ends: Vec::new(),
            rows: 0,
            counts: Encodings::default(),
            first: None,
            stop: None,
        };
        // the range and a little more: most rows that start in it end there (a whole file,
        // read in order, a part at a time)
        part.more(to.saturating_sub(base).min(HELD as u64) + (1 << 16))?;
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
    headers: std::sync::Arc<Vec<String>>,
    /// The record just read was a line whose quote never closes: the column it opened in.
    runaway: Option<usize>,
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

/// Whether a quoted cell of `record` closes where its cell does not end (`"열린"다음`): the
/// quote that closed it opened a later cell, so the quote before it never closed.
fn closes_inside_a_cell(record: &[u8], delim: u8) -> bool {
    let (mut start, mut quoted, mut i) = (true, false, 0);
    while i < record.len() {
        let b = record[i];
        if !quoted {
            quoted = start && b == b'"';
            start = b == delim || b == b'\n' || b == b'\r';
        } else if b == b'"' {
            match record.get(i + 1) {
                Some(b'"') => i += 1,
                Some(&n) if n != delim && n != b'\r' && n != b'\n' => return true,
                _ => quoted = false,
            }
        }
        i += 1;
    }
    false
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
        if let Some(col) = self.runaway.take() {
            lossy(&self.buf, out);
            let name = self.headers.get(col).map_or_else(|| format!("{}", col + 1), |h| format!("`{h}`"));
            return Ok(Next::Bad(
                RowPos { row: self.rows },
                format!(
                    "a quote opened in this row, in column {name}, never closes: the row is left out and the lines after it are read as rows"
                ),
            ));
        }
        decode_row(&self.decode, &mut self.buf, out, self.width, RowPos { row: self.rows }, &mut self.counts)
    }

    /// A quoted record of the wrong width that runs over line breaks is a quote that never
    /// closes (a stray `"` in a text cell): only the line it opened in is the row (rejected,
    /// [`Part::runaway`]); reading goes on at the next line, so no row after it is swallowed.
    fn stop_runaway(&mut self, start: usize) {
        // (`usize::MAX`: a width not known)
        if self.width == usize::MAX {
            return;
        }
        let record = &self.data[start..self.pos];
        let record = record.strip_suffix(b"\n").unwrap_or(record);
        let mut lines = record.split(|&b| b == b'\n');
        lines.next();
        // a record of the right width whose quotes all close where a cell ends is a cell with
        // line breaks, even when one of its lines looks like a row (a chat message listing
        // "사이즈, 색상, 수량, 주소"); a runaway closes at the quote that opens a later cell
        if lines.next().is_none() || (self.buf.len() == self.width && !closes_inside_a_cell(record, self.delim)) {
            return;
        }
        let end = memchr::memchr(b'\n', &self.data[start..]).map_or(self.data.len(), |i| start + i);
        let line = &self.data[start..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let quote = memchr::memchr(b'"', line).unwrap_or(0);
        self.runaway = Some(line[..quote].iter().filter(|&&b| b == self.delim).count());
        let line = line.to_vec();
        self.buf.line(&line, self.delim);
        self.pos = (end + 1).min(self.data.len());
    }

    /// The next record into `buf`, and where in `data` it starts; `false` at the end of the
    /// file (where in `data` that is).
    fn record(&mut self) -> Result<(bool, usize)> {
        // what was read before is let go once much is held (a whole file read in order)
        if self.pos > HELD {
            self.data.drain(..self.pos);
            self.base += self.pos as u64;
            self.pos = 0;
        }
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
                None => {
                    let ok = self.quoted(start)?;
                    if ok {
                        self.stop_runaway(start);
                    }
                    return Ok((ok, start));
                }
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

#[cfg(test)]
mod tests {
    use super::closes_inside_a_cell;

    #[test]
    fn a_quote_closing_where_a_cell_goes_on_is_a_runaway() {
        assert!(!closes_inside_a_cell(b"a,\"b\nc,d,e\",f", b','));
        assert!(!closes_inside_a_cell(b"a,\"b \"\"c\"\"\",d\r\n", b','));
        assert!(!closes_inside_a_cell(b"a,b\"c,d", b','), "a quote inside a cell is a letter");
        assert!(closes_inside_a_cell(b"a,\"b,c\nd,e,\"VIP, f\",g", b','));
        assert!(closes_inside_a_cell(b"a\t\"b\nc\t\"d\"\te", b'\t'));
    }
}
