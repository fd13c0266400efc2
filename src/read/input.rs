//! Reading the rows of one input: every file opened and mapped, its rows parsed in order or
//! in byte ranges on every core and taken in file order, every row accounted for (used,
//! rejected, filtered: blank rows and trailing footers).

use anyhow::Result;

use super::mapping::{FileMap, JoinTable, Row, file_map, load_join, wanted_columns};
use super::range::Split;
use super::record::{Encodings, Next, Record};
use super::source::Table;
use super::values::trim;
use crate::config::{Field, Input};
use crate::error;
use crate::model::{self, Accounting, Reject};

/// What a row visitor decides.
pub enum Verdict {
    /// Valid; the caller does duplicate and period checks itself and counts it.
    Valid,
    Reject {
        field: Option<Field>,
        reason: String,
    },
}

/// Reads every file of an input and its joins, calling `visit` for each row that is not
/// excluded; counts `rows_read`, `filtered` and rejected rows. `visit` does its own counting
/// of used / duplicate / out-of-period rows.
pub(crate) struct InputReader<'c> {
    pub(crate) input: &'c Input,
    pub acc: Accounting,
    pub rejects: Vec<Reject>,
    /// The byte ranges [`InputReader::run_parallel`] reads a file in.
    part_bytes: u64,
}

impl<'c> InputReader<'c> {
    pub(crate) fn new(input: &'c Input) -> InputReader<'c> {
        InputReader { input, acc: Accounting::default(), rejects: Vec::new(), part_bytes: PART_BYTES }
    }

    /// The input's accounting, with what only the caller knows (the rows it kept, the
    /// duplicates it found), and its rejects.
    pub(crate) fn finish(mut self, kept: Accounting, duplicates: u64) -> (Accounting, Vec<Reject>) {
        self.acc.rows_used = kept.rows_used;
        self.acc.out_of_period = kept.out_of_period;
        self.acc.span = kept.span;
        self.acc.duplicates = duplicates;
        (self.acc, self.rejects)
    }

    pub(crate) fn reject(&mut self, file: &str, row: u64, column: String, reason: String, raw: String) {
        self.acc.rows_rejected += 1;
        let (input, source) = (self.input.kind, self.input.name.clone());
        self.rejects.push(Reject { input, source, file: file.to_string(), row, column, reason, raw });
    }

    /// Read every file, row by row, on this thread: `visit` sees each row that is not
    /// excluded, in file order.
    pub(crate) fn run(&mut self, mut visit: impl FnMut(&Row, bool) -> Result<Verdict>) -> Result<()> {
        let mut parse = |row: &Row, is_return: bool| -> Result<Parsed<()>> {
            Ok(match visit(row, is_return)? {
                Verdict::Valid => Ok(()),
                Verdict::Reject { field, reason } => Err((field, reason)),
            })
        };
        self.files(|rd, table, cx| rd.sequential(table, cx, &mut parse, &mut |()| Ok(())))
    }

    /// Read every file, `parse` on every core where a file can be read in byte ranges (a plain
    /// CSV; src/read/range.rs `Split`), then `take` on this thread for each valid row, in file
    /// order: the accounting, the rejects and what `take` sees are those of a reading row by row.
    pub(crate) fn run_parallel<T: Send>(
        &mut self,
        parse: impl Fn(&Row, bool) -> Result<Parsed<T>> + Sync,
        mut take: impl FnMut(T) -> Result<()>,
    ) -> Result<()> {
        self.files(|rd, table, cx| match table.split() {
            // `#row` ids need the row numbers of the whole file, known only in order
            Some(split) if !cx.map.numbers_rows() => rd.parallel(&split, cx, &parse, &mut take),
            _ => rd.sequential(table, cx, &mut |row, ret| parse(row, ret), &mut take),
        })
    }

    /// [`InputReader::run_parallel`] with each parsed row held back in a [`model::Ahead`] while
    /// the strings it will look up in `names(state)` are fetched; `take` gets the rows in order.
    pub(crate) fn run_ahead<T: Send + model::Lookups, S>(
        &mut self,
        parse: impl Fn(&Row, bool) -> Result<Parsed<T>> + Sync,
        state: &mut S,
        names: impl Fn(&S) -> &model::Interner,
        mut take: impl FnMut(&mut S, T) -> Result<()>,
    ) -> Result<()> {
        let mut ahead = model::Ahead::new();
        self.run_parallel(parse, |p| match ahead.push(p, names(state)) {
            Some(p) => take(state, p),
            None => Ok(()),
        })?;
        while let Some(p) = ahead.pop() {
            take(state, p)?;
        }
        Ok(())
    }

    /// Each file opened and mapped, then read by `each`; the checks over every file.
    fn files(&mut self, mut each: impl FnMut(&mut Self, &mut Table, &FileCx) -> Result<Encodings>) -> Result<()> {
        let input = self.input;
        let joins = input.joins.iter().map(load_join).collect::<Result<Vec<_>>>()?;
        let wanted = wanted_columns(input);
        // the same export downloaded twice: the rows of an earlier file again
        let mut seen: Vec<(u64, String)> = Vec::new();
        for path in &input.file.files {
            if std::fs::metadata(path).is_ok_and(|m| m.len() == 0) {
                let name = crate::model::clean_path(path);
                tracing::warn!("{name}: the file is empty (0 bytes), skipped");
                self.acc.empty_files.push(name);
                continue;
            }
            if input.file.files.len() > 1 {
                let name = crate::model::clean_path(path);
                let print = fingerprint(path).map_err(|e| error::data(format!("{name}: read error: {e}")))?;
                if let Some((_, first)) = seen.iter().find(|(p, _)| *p == print) {
                    tracing::warn!("{name}: the same rows as {first} (the same export twice?), skipped");
                    self.acc.duplicate_files.push(model::DuplicateFile { file: name, same_as: first.clone() });
                    continue;
                }
                seen.push((print, name));
            }
            let mut table = Table::open(&input.file, path, &wanted)?;
            let map = file_map(input, &table, &joins)?;
            let cx = FileCx { input, map: &map, joins: &joins, excel: table.excel_serials, display: table.display.clone() };
            let counts = each(self, &mut table, &cx)?;
            if counts.cp949_rows > 0 && counts.utf8_rows > 0 {
                let (cp, u8) = (counts.cp949_rows, counts.utf8_rows);
                tracing::warn!("{}: mixed encodings — {cp} rows read as CP949 and {u8} as UTF-8; check the file", cx.display);
            }
        }
        if !input.file.files.is_empty() && self.acc.empty_files.len() == input.file.files.len() {
            return Err(error::data(format!(
                "every file of inputs.{} is empty (0 bytes): {}",
                input.kind.name(),
                self.acc.empty_files.join(", ")
            )));
        }
        Ok(())
    }

    fn sequential<T>(
        &mut self,
        table: &mut Table,
        cx: &FileCx,
        parse: &mut impl FnMut(&Row, bool) -> Result<Parsed<T>>,
        take: &mut impl FnMut(T) -> Result<()>,
    ) -> Result<Encodings> {
        let mut merge = Merge::new(cx);
        // a delimited file of its own bytes is read as one range (the parser of the ranges,
        // with its handling of quotes that never close); a decoded one (UTF-16) by csv's reader
        let counts = match table.split() {
            Some(split) => {
                let mut part = split.part(split.start, split.len, true)?;
                cx.items(&mut |rec| part.next(rec), parse, &mut |item| merge.push(self, item, 0, take))?;
                part.counts
            }
            None => {
                cx.items(&mut |rec| table.next(rec), parse, &mut |item| merge.push(self, item, 0, take))?;
                table.counts
            }
        };
        merge.finish(self);
        Ok(counts)
    }

    /// A file in byte ranges (of [`PART_BYTES`]), read on every core a few ranges ahead of the
    /// one taken, in order, on this thread. A range starts as soon as one is taken, so no core
    /// waits for a slower range read beside its own (as in waves of ranges). A range that did
    /// not begin where the one before it stopped (its first line start was inside a cell with
    /// line breaks) is read again from there.
    fn parallel<T: Send>(
        &mut self,
        split: &Split,
        cx: &FileCx,
        parse: &(impl Fn(&Row, bool) -> Result<Parsed<T>> + Sync),
        take: &mut impl FnMut(T) -> Result<()>,
    ) -> Result<Encodings> {
        let ranges: Vec<(u64, u64)> = (split.start..split.len)
            .step_by(self.part_bytes as usize)
            .map(|a| (a, (a + self.part_bytes).min(split.len)))
            .collect();
        let read = |from: u64, to: u64, exact: bool| -> Result<PartRows<T>> {
            let mut part = split.part(from, to, exact)?;
            // rows of 100 bytes at least: one allocation for most ranges
            let mut items = Vec::with_capacity((to.saturating_sub(from) / 100) as usize + 16);
            cx.items(&mut |rec| part.next(rec), &mut |row, ret| parse(row, ret), &mut |item| {
                items.push(item);
                Ok(())
            })?;
            Ok(PartRows {
                items,
                rows: part.rows(),
                counts: part.counts,
                first: part.first.unwrap_or(from),
                stop: part.stop.unwrap_or(to),
            })
        };
        let (mut merge, mut counts, mut stop, mut offset) = (Merge::new(cx), Encodings::default(), split.start, 0u64);
        // ranges read ahead of the one being taken (a few per core: memory stays bounded)
        let ahead = 2 * rayon::current_num_threads().max(1) + 2;
        rayon::in_place_scope(|sc| -> Result<()> {
            let (tx, rx) = std::sync::mpsc::channel();
            let read = &read;
            let start = |i: usize| {
                let ((from, to), tx) = (ranges[i], tx.clone());
                // a send fails only when the taking stopped on an error
                sc.spawn(move |_| drop(tx.send((i, read(from, to, from == split.start)))));
            };
            (0..ranges.len().min(ahead)).for_each(start);
            let mut ready = std::collections::BTreeMap::new();
            for (i, &(_, to)) in ranges.iter().enumerate() {
                let part = loop {
                    if let Some(p) = ready.remove(&i) {
                        break p;
                    }
                    let (j, p) = rx.recv().map_err(|_| anyhow::anyhow!("a reading thread stopped unexpectedly"))?;
                    ready.insert(j, p);
                };
                if i + ahead < ranges.len() {
                    start(i + ahead);
                }
                let mut part = part?;
                if part.first != stop {
                    part = read(stop, to, true)?;
                }
                stop = part.stop;
                counts.add(part.counts);
                for item in part.items {
                    merge.push(self, item, offset, take)?;
                }
                offset += part.rows;
            }
            Ok(())
        })?;
        merge.finish(self);
        Ok(counts)
    }
}

/// The bytes of a range read on one thread: about 6,000 conversations of a Korean export (the
/// few read ahead stay in the processor's cache until they are taken).
const PART_BYTES: u64 = 1 << 20;

/// A file's rows as a number: a hash of its bytes without a BOM and without carriage returns
/// (the same export saved again with other line ends is the same rows). SipHash, whose value
/// depends on the bytes alone, however they are split between calls.
fn fingerprint(path: &std::path::Path) -> std::io::Result<u64> {
    use std::hash::Hasher;
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let (mut h, mut buf, mut first) = (std::hash::DefaultHasher::new(), vec![0u8; 1 << 20], true);
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            return Ok(h.finish());
        }
        let mut chunk = &buf[..n];
        if first {
            chunk = chunk.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(chunk);
            first = false;
        }
        for part in chunk.split(|&b| b == b'\r') {
            h.write(part);
        }
    }
}

/// What one byte range gave (src/read/range.rs `Part`).
struct PartRows<T> {
    items: Vec<Item<T>>,
    rows: u64,
    counts: Encodings,
    first: u64,
    stop: u64,
}

/// A row's cells copied out of its record, end to end in one string, so that a parsed row can
/// cross to the thread that takes rows in order (`None`: the cell is absent).
pub(crate) struct Cells<const N: usize> {
    buf: String,
    /// Where each cell ends in `buf` ([`ABSENT`]: no cell).
    ends: [u32; N],
}

const ABSENT: u32 = u32::MAX;

impl<const N: usize> Cells<N> {
    pub(crate) fn new(values: [Option<&str>; N]) -> Cells<N> {
        let mut buf = String::with_capacity(values.iter().flatten().map(|v| v.len()).sum());
        let mut ends = [ABSENT; N];
        for (end, v) in ends.iter_mut().zip(values) {
            if let Some(v) = v {
                buf.push_str(v);
                *end = buf.len() as u32;
            }
        }
        Cells { buf, ends }
    }

    pub(crate) fn get(&self, i: usize) -> Option<&str> {
        let end = Some(self.ends[i]).filter(|&e| e != ABSENT)? as usize;
        let start = self.ends[..i].iter().rev().find(|&&e| e != ABSENT).map_or(0, |&e| e as usize);
        self.buf.get(start..end)
    }
}

/// What a row parser gives: the row's value, or the field at fault and why.
pub(crate) type Parsed<T> = Result<T, (Option<Field>, String)>;

/// One record of a file as read, before it is counted: row numbers are the reader's own (a
/// byte range counts from 1).
enum Item<T> {
    Bad {
        row: u64,
        reason: String,
        raw: String,
    },
    Blank,
    /// `footer`: only its first cell is filled; it counts as a row only if a data row follows.
    Row {
        row: u64,
        footer: bool,
        outcome: Outcome<T>,
    },
}

enum Outcome<T> {
    Excluded,
    Reject { column: String, reason: String, raw: String },
    Valid(T),
}

/// One file's mapping, shared by the threads reading it.
struct FileCx<'a> {
    input: &'a Input,
    map: &'a FileMap,
    joins: &'a [JoinTable],
    excel: bool,
    display: String,
}

impl FileCx<'_> {
    /// Every record `next` gives, parsed, to `emit`.
    fn items<T>(
        &self,
        next: &mut impl FnMut(&mut Record) -> Result<Next>,
        parse: &mut impl FnMut(&Row, bool) -> Result<Parsed<T>>,
        emit: &mut impl FnMut(Item<T>) -> Result<()>,
    ) -> Result<()> {
        let mut rec = Record::new();
        let mut joined: Vec<Option<&Vec<String>>> = Vec::with_capacity(self.joins.len());
        loop {
            match next(&mut rec)? {
                Next::End => return Ok(()),
                Next::Bad(pos, reason) => emit(Item::Bad { row: pos.row, reason, raw: self.map.raw(&rec) })?,
                Next::Row(_) if self.map.blank(&rec) => emit(Item::Blank)?,
                Next::Row(pos) => {
                    let footer = looks_like_footer(&rec);
                    let outcome = self.outcome(pos.row, &rec, &mut joined, parse)?;
                    emit(Item::Row { row: pos.row, footer, outcome })?;
                }
            }
        }
    }

    /// One data row: joins, exclusion, then the parser's verdict.
    fn outcome<'j, T>(
        &'j self,
        row: u64,
        rec: &Record,
        joined: &mut Vec<Option<&'j Vec<String>>>,
        parse: &mut impl FnMut(&Row, bool) -> Result<Parsed<T>>,
    ) -> Result<Outcome<T>> {
        let (input, map, excel, file) = (self.input, self.map, self.excel, self.display.as_str());
        // joins in order: a later join may key on a field an earlier one brought
        joined.clear();
        for jt in self.joins {
            let key = Row { excel, row, file, rec, map, joined, input }.get(jt.key).map(|k| k.into_owned()).unwrap_or_default();
            joined.push(jt.map.get(key.as_str()));
        }
        let r = Row { excel, row, file, rec, map, joined, input };
        if r.matches(&map.exclude) {
            return Ok(Outcome::Excluded);
        }
        let is_return = r.matches(&map.return_when);
        Ok(match parse(&r, is_return)? {
            Ok(t) => Outcome::Valid(t),
            Err((field, reason)) => {
                Outcome::Reject { column: field.map(|f| r.column_name(f)).unwrap_or_default(), reason, raw: map.raw(rec) }
            }
        })
    }
}

/// Counts records in file order and hands on the valid rows; holds rows that look like a
/// total/footer until a data row follows (then they are rows) or the file ends (then filtered).
struct Merge<T> {
    display: String,
    footer: Vec<(u64, Outcome<T>)>,
}

impl<T> Merge<T> {
    fn new(cx: &FileCx) -> Merge<T> {
        Merge { display: cx.display.clone(), footer: Vec::new() }
    }

    /// One item; `offset`: the rows before the range it was read from.
    fn push(&mut self, rd: &mut InputReader, item: Item<T>, offset: u64, take: &mut impl FnMut(T) -> Result<()>) -> Result<()> {
        rd.acc.rows_read += 1;
        match item {
            Item::Bad { row, reason, raw } => rd.reject(&self.display, offset + row, String::new(), reason, raw),
            Item::Blank => rd.acc.filtered += 1,
            Item::Row { row, footer: true, outcome } => self.footer.push((offset + row, outcome)),
            Item::Row { row, footer: false, outcome } => {
                for (r, o) in std::mem::take(&mut self.footer) {
                    self.apply(rd, r, o, take)?;
                }
                self.apply(rd, offset + row, outcome, take)?;
            }
        }
        Ok(())
    }

    fn apply(&self, rd: &mut InputReader, row: u64, o: Outcome<T>, take: &mut impl FnMut(T) -> Result<()>) -> Result<()> {
        match o {
            Outcome::Excluded => rd.acc.filtered += 1,
            Outcome::Reject { column, reason, raw } => rd.reject(&self.display, row, column, reason, raw),
            Outcome::Valid(t) => take(t)?,
        }
        Ok(())
    }

    fn finish(self, rd: &mut InputReader) {
        if !self.footer.is_empty() {
            tracing::info!("{}: {} trailing total/footer row(s) left out", self.display, self.footer.len());
            rd.acc.filtered += self.footer.len() as u64;
        }
    }
}

/// A row with only its first cell filled (`합계: 916건`, `Total`), of a file with several columns.
fn looks_like_footer(rec: &Record) -> bool {
    rec.len() > 1 && rec.get(0).is_some_and(|c| !trim(c).is_empty()) && rec.iter().skip(1).all(|c| trim(c).is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::timestamps::TimeParser;

    type Taken = (String, String, Option<String>);

    fn read(input: &Input, part_bytes: Option<u64>) -> (Accounting, Vec<Reject>, Vec<Taken>) {
        let mut rd = InputReader::new(input);
        let times = TimeParser::new(chrono_tz::Asia::Seoul, &input.timestamp_formats);
        let parse = |row: &Row, _: bool| -> Result<Parsed<Taken>> {
            Ok(match crate::read::parsed::conversation(row, &times) {
                Ok(c) => Ok((c.id.into_owned(), c.text.into_owned(), c.tags.map(|t| t.into_owned()))),
                Err((f, reason)) => Err((Some(f), reason)),
            })
        };
        let mut taken = Vec::new();
        match part_bytes {
            Some(n) => {
                rd.part_bytes = n;
                rd.run_parallel(parse, |t| {
                    taken.push(t);
                    Ok(())
                })
                .unwrap();
            }
            None => {
                rd.run(|row, ret| {
                    Ok(match parse(row, ret)? {
                        Ok(t) => {
                            taken.push(t);
                            Verdict::Valid
                        }
                        Err((field, reason)) => Verdict::Reject { field, reason },
                    })
                })
                .unwrap();
            }
        }
        (rd.acc, rd.rejects, taken)
    }

    /// Byte ranges of every size, including ranges that begin inside a quoted cell whose lines
    /// look like rows, read exactly what one reading row by row reads: the same rows in the
    /// same order, the same counts, the same rejects with the same row numbers.
    #[test]
    fn reading_in_byte_ranges_is_reading_row_by_row() {
        let dir = tempfile::tempdir().unwrap();
        // UTF-8 with a BOM, CRLF, a title above the header, a quoted cell with line breaks
        // whose lines look like rows, a doubled quote, a blank row, a bad time, a footer-like
        // row followed by data, a ragged row, a duplicate id and a footer at the end
        let a = "\u{feff}상담 내보내기 2026-11\r\n상담ID,생성일시,내용,태그\r\n\
                 c1,2026-11-09 10:00,\"첫 줄\r\nc9,2026-11-09 10:00,가짜 행,배송\r\nc10,2026-11-09 10:00,\"\"또\"\",x\",배송\r\n\
                 c2,2026-11-09 11:00,보통 문의,\r\n,,,\r\nc3,not-a-date,나쁜 날짜,\r\n\
                 c4,2026-11-09 12:00,\"따옴표 \"\" 안에\",교환\r\n합계: 4건,,,\r\nc5,2026-11-09 13:00,뒤에 온 행,\r\n\
                 c6,2026-11-09 13:00,셀이 많은 행,x,y\r\nc2,2026-11-09 14:00,중복,\r\n\
                 c7,2026-11-09 15:00,\"여러\n\n줄의\n셀\",\r\n합계,,,\r\n";
        std::fs::write(dir.path().join("a.csv"), a).unwrap();
        // no BOM, LF, `encoding: auto`: a CP949 row among UTF-8 ones, and no final line break
        let mut b = "상담ID,생성일시,내용,태그\nd1,2026-11-10 09:00,유티에프,\n".as_bytes().to_vec();
        b.extend(encoding_rs::EUC_KR.encode("d2,2026-11-10 09:30,완성형 한글 행,배송\n").0.iter());
        b.extend("d3,2026-11-10 10:00,\"끝\n줄\",반품".as_bytes());
        std::fs::write(dir.path().join("b.csv"), b).unwrap();
        let cfg = dir.path().join("voc.yaml");
        std::fs::write(
            &cfg,
            "timezone: Asia/Seoul\ntaxonomy: t.yaml\ninputs:\n  conversations:\n    paths: [a.csv, b.csv]\n    encoding: auto\n    columns: { id: 상담ID, created_at: 생성일시, text: 내용, tags: 태그 }\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("t.yaml"), "tags:\n  - { id: 배송, match: { any: [배송] } }\n").unwrap();
        let config = crate::config::load(&cfg).unwrap();
        let input = &config.inputs.conversations[0];
        let whole = read(input, None);
        assert_eq!(whole.2.len(), 9, "{:?}", whole.2);
        assert!(whole.2.iter().any(|t| t.1 == "첫 줄\r\nc9,2026-11-09 10:00,가짜 행,배송\r\nc10,2026-11-09 10:00,\"또\",x"));
        assert!(whole.2.iter().any(|t| t.0 == "d2" && t.1 == "완성형 한글 행"));
        let rows: Vec<(u64, &str)> = whole.1.iter().map(|r| (r.row, r.file.rsplit('/').next().unwrap())).collect();
        // the bad time, the footer-like row a data row followed (no time), the ragged row
        assert_eq!(rows, vec![(4, "a.csv"), (6, "a.csv"), (8, "a.csv")], "{:?}", whole.1);
        assert_eq!((whole.0.rows_read, whole.0.filtered, whole.0.rows_rejected), (14, 2, 3));
        for n in (1..=40).chain([57, 64, 99, 128, 333, 1 << 20]) {
            assert_eq!(read(input, Some(n)), whole, "ranges of {n} bytes");
        }
    }
}
