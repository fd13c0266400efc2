//! Reading the rows of one input: columns found by header, joins applied, values by field.

use std::borrow::Cow;
use std::collections::HashMap;

use anyhow::Result;
use csv::StringRecord;

use super::source;
use super::source::{Next, RowPos, Table, Wanted};
use crate::config::{Field, Input, ValueFilter};
use crate::error;
use crate::model::{Accounting, Reject};

/// The pseudo-column that numbers rows, for exports without an id (review dumps).
pub const ROW_COLUMN: &str = "#row";

/// Where a field's value comes from in one file.
pub(crate) enum Source {
    Columns(Vec<usize>, bool),
    Join(usize, usize), // join table, value index
    /// `overwrite: true` joins (join table, value index), latest first: the first whose key
    /// matched gives the value, else the source they replace (a column, join or row number).
    Override(Vec<(usize, usize)>, Box<Source>),
    /// `#row`: the data row number (prefixed with the file stem when an input has several files).
    RowNumber(Option<String>),
    /// `set:`: the same value on every row.
    Const(String),
}

pub(crate) struct JoinTable {
    pub(crate) key: Field,
    pub(crate) fields: Vec<Field>,
    pub(crate) map: HashMap<String, Vec<String>>,
}

pub(crate) enum Target {
    Column(usize),
    Field(Field),
}

pub(crate) struct FileMap {
    pub(crate) fields: Vec<(Field, Source)>,
    /// The columns voc reads: what a rejected row shows (never the columns it does not map,
    /// where names and contact details usually are).
    pub(crate) raw_cols: Vec<usize>,
    pub(crate) exclude: Vec<(Target, Vec<String>)>,
    pub(crate) return_when: Vec<(Target, Vec<String>)>,
}

/// A data row with access by canonical field.
pub struct Row<'a> {
    /// From a spreadsheet: plain numbers in timestamp fields are Excel serial dates.
    pub excel: bool,
    /// 1-based data row.
    pub row: u64,
    pub(crate) file: &'a str,
    pub(crate) rec: &'a StringRecord,
    pub(crate) map: &'a FileMap,
    pub(crate) joined: &'a [Option<&'a Vec<String>>],
    pub(crate) input: &'a Input,
}

impl<'a> Row<'a> {
    /// The trimmed value; `None` when the field is not mapped; `Some("")` when empty.
    pub fn get(&self, field: Field) -> Option<Cow<'a, str>> {
        let (_, src) = self.map.fields.iter().find(|(f, _)| *f == field)?;
        Some(self.of(src))
    }

    #[inline]
    fn of(&self, src: &'a Source) -> Cow<'a, str> {
        match src {
            Source::Override(joins, under) => {
                match joins.iter().find_map(|(t, i)| self.joined.get(*t).copied().flatten().map(|v| &v[*i])) {
                    Some(v) => Cow::Borrowed(v.trim()),
                    None => self.base(under),
                }
            }
            src => self.base(src),
        }
    }

    /// A column, join or row-number source (an override's own source is one of these).
    #[inline]
    fn base(&self, src: &'a Source) -> Cow<'a, str> {
        match src {
            Source::Columns(cols, newline) => {
                if cols.len() == 1 {
                    Cow::Borrowed(self.rec.get(cols[0]).unwrap_or("").trim())
                } else {
                    let parts: Vec<&str> =
                        cols.iter().map(|c| self.rec.get(*c).unwrap_or("").trim()).filter(|s| !s.is_empty()).collect();
                    Cow::Owned(parts.join(if *newline { "\n" } else { " " }))
                }
            }
            Source::Join(t, i) => match self.joined.get(*t).copied().flatten() {
                Some(vals) => Cow::Borrowed(vals[*i].trim()),
                None => Cow::Borrowed(""),
            },
            Source::Const(v) => Cow::Borrowed(v.as_str()),
            Source::RowNumber(None) => Cow::Owned(self.row.to_string()),
            Source::RowNumber(Some(stem)) => Cow::Owned(format!("{stem}:{}", self.row)),
            // file_map never nests an override in another
            Source::Override(..) => Cow::Borrowed(""),
        }
    }

    pub fn value(&self, field: Field) -> Option<Cow<'a, str>> {
        self.get(field).filter(|v| !is_null(v))
    }

    /// The file the row is from, as shown in messages.
    pub fn file(&self) -> &str {
        self.file
    }

    /// The row's mapped cells as a CSV line with personal data masked, for the rejects file.
    pub fn raw(&self) -> String {
        self.map.raw(self.rec)
    }

    /// The source column(s) of a field, for messages.
    pub fn column_name(&self, field: Field) -> String {
        if let Some(m) = self.input.columns.iter().find(|m| m.field == field) {
            return m.columns.join("+");
        }
        for j in &self.input.joins {
            if let Some((_, c)) = j.columns.iter().find(|(f, _)| *f == field) {
                return format!("{c} (joined)");
            }
        }
        field.name().to_string()
    }

    pub(crate) fn target(&self, t: &Target) -> Cow<'a, str> {
        match t {
            Target::Column(i) => Cow::Borrowed(self.rec.get(*i).unwrap_or("").trim()),
            Target::Field(f) => self.get(*f).unwrap_or(Cow::Borrowed("")),
        }
    }

    pub(crate) fn matches(&self, filter: &[(Target, Vec<String>)]) -> bool {
        filter.iter().any(|(t, values)| {
            let v = self.target(t);
            values.iter().any(|p| value_matches(p, &v))
        })
    }
}

/// Cells exports write for "no value".
pub fn is_null(v: &str) -> bool {
    matches!(v, "" | "-" | "N/A" | "n/a" | "#N/A" | "null" | "NULL" | "None" | "(null)" | "없음")
}

/// Case-insensitive equality; `*` at the start or end of the pattern matches any text there.
pub fn value_matches(pattern: &str, value: &str) -> bool {
    let p = pattern.trim().to_lowercase();
    let v = value.trim().to_lowercase();
    match (p.strip_prefix('*'), p.strip_suffix('*')) {
        (Some(_), Some(_)) if p.len() >= 2 => v.contains(&p[1..p.len() - 1]),
        (Some(rest), _) => v.ends_with(rest),
        (_, Some(rest)) => v.starts_with(rest),
        _ => v == p,
    }
}

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
}

impl<'c> InputReader<'c> {
    pub(crate) fn new(input: &'c Input) -> InputReader<'c> {
        InputReader { input, acc: Accounting::default(), rejects: Vec::new() }
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

    pub(crate) fn reject(&mut self, file: &str, pos: RowPos, column: String, reason: String, raw: String) {
        self.acc.rows_rejected += 1;
        let (input, source) = (self.input.kind, self.input.name.clone());
        self.rejects.push(Reject { input, source, file: file.to_string(), row: pos.row, column, reason, raw });
    }

    /// One data row: joins, exclusion, then the caller's verdict.
    #[allow(clippy::too_many_arguments)]
    fn row<'j>(
        &mut self,
        pos: RowPos,
        rec: &StringRecord,
        map: &FileMap,
        joins: &'j [JoinTable],
        joined: &mut Vec<Option<&'j Vec<String>>>,
        excel: bool,
        display: &str,
        visit: &mut impl FnMut(&Row, bool) -> Result<Verdict>,
    ) -> Result<()> {
        let input = self.input;
        // joins in order: a later join may key on a field an earlier one brought
        joined.clear();
        for jt in joins {
            let key = Row { excel, row: pos.row, file: display, rec, map, joined, input }
                .get(jt.key)
                .map(|k| k.into_owned())
                .unwrap_or_default();
            joined.push(jt.map.get(key.as_str()));
        }
        let row = Row { excel, row: pos.row, file: display, rec, map, joined, input };
        if row.matches(&map.exclude) {
            self.acc.filtered += 1;
            return Ok(());
        }
        let is_return = row.matches(&map.return_when);
        if let Verdict::Reject { field, reason } = visit(&row, is_return)? {
            let column = field.map(|f| row.column_name(f)).unwrap_or_default();
            let raw = map.raw(rec);
            self.reject(display, pos, column, reason, raw);
        }
        Ok(())
    }

    pub(crate) fn run(&mut self, mut visit: impl FnMut(&Row, bool) -> Result<Verdict>) -> Result<()> {
        let input = self.input;
        let joins = input.joins.iter().map(load_join).collect::<Result<Vec<_>>>()?;
        let wanted = wanted_columns(input);
        for path in &input.file.files {
            if std::fs::metadata(path).is_ok_and(|m| m.len() == 0) {
                let name = crate::model::clean_path(path);
                tracing::warn!("{name}: the file is empty (0 bytes), skipped");
                self.acc.empty_files.push(name);
                continue;
            }
            let mut table = Table::open(&input.file, path, &wanted)?;
            let map = file_map(input, &table, &joins)?;
            let mut rec = StringRecord::new();
            let display = table.display.clone();
            let excel = table.excel_serials;
            let mut joined: Vec<Option<&Vec<String>>> = Vec::with_capacity(joins.len());
            // rows with only their first cell filled, held until a data row follows (then they are
            // read as rows) or the file ends (then they were its total/footer: filtered)
            let mut footer: Vec<(RowPos, StringRecord)> = Vec::new();
            loop {
                let next = table.next(&mut rec)?;
                let pos = match next {
                    Next::End => break,
                    Next::Bad(pos, reason) => {
                        self.acc.rows_read += 1;
                        let raw = map.raw(&rec);
                        self.reject(&display, pos, String::new(), reason, raw);
                        continue;
                    }
                    Next::Row(pos) => pos,
                };
                self.acc.rows_read += 1;
                if map.blank(&rec) {
                    self.acc.filtered += 1;
                    continue;
                }
                if looks_like_footer(&rec) {
                    footer.push((pos, rec.clone()));
                    continue;
                }
                for (p, r) in std::mem::take(&mut footer) {
                    self.row(p, &r, &map, &joins, &mut joined, excel, &display, &mut visit)?;
                }
                self.row(pos, &rec, &map, &joins, &mut joined, excel, &display, &mut visit)?;
            }
            if !footer.is_empty() {
                tracing::info!("{}: {} trailing total/footer row(s) left out", table.display, footer.len());
                self.acc.filtered += footer.len() as u64;
            }
            if table.cp949_rows > 0 && table.utf8_rows > 0 {
                let (cp, u8) = (table.cp949_rows, table.utf8_rows);
                tracing::warn!("{}: mixed encodings — {cp} rows read as CP949 and {u8} as UTF-8; check the file", table.display);
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
}

/// A row with only its first cell filled (`합계: 916건`, `Total`), of a file with several columns.
fn looks_like_footer(rec: &StringRecord) -> bool {
    rec.len() > 1 && rec.get(0).is_some_and(|c| !c.trim().is_empty()) && rec.iter().skip(1).all(|c| c.trim().is_empty())
}

pub(crate) fn wanted_columns(input: &Input) -> Wanted<'_> {
    let mut columns = Vec::new();
    for m in &input.columns {
        for c in m.columns.iter().filter(|c| *c != ROW_COLUMN) {
            columns.push((c.as_str(), m.field.name().to_string()));
        }
    }
    for (key, _) in input.exclude.0.iter().chain(input.return_when.0.iter()) {
        if !is_field_name(input, key) {
            columns.push((key.as_str(), "exclude".to_string()));
        }
    }
    Wanted { columns }
}

pub(crate) fn is_field_name(input: &Input, key: &str) -> bool {
    Field::named(key).is_some_and(|f| input.maps(f))
}

pub(crate) fn file_map(input: &Input, table: &Table, joins: &[JoinTable]) -> Result<FileMap> {
    let mut fields = Vec::new();
    for m in &input.columns {
        if m.columns.len() == 1 && m.columns[0] == ROW_COLUMN {
            let stem = (input.file.files.len() > 1)
                .then(|| table.display.rsplit('/').next().unwrap_or("").split('.').next().unwrap_or("").to_string());
            fields.push((m.field, Source::RowNumber(stem)));
            continue;
        }
        let cols = m
            .columns
            .iter()
            .map(|c| table.column(c).ok_or_else(|| error::data(format!("{}: column `{c}` not found", table.display))))
            .collect::<Result<Vec<_>>>()?;
        fields.push((m.field, Source::Columns(cols, m.field.joins_with_newline())));
    }
    for (f, v) in &input.set {
        fields.push((*f, Source::Const(v.clone())));
    }
    for (ti, jt) in joins.iter().enumerate() {
        for (vi, f) in jt.fields.iter().enumerate() {
            match fields.iter_mut().find(|(g, _)| g == f) {
                // config validation lets a join name a field already given only with overwrite
                Some((_, Source::Override(joins, _))) => joins.insert(0, (ti, vi)),
                Some((_, src)) => {
                    let under = std::mem::replace(src, Source::RowNumber(None));
                    *src = Source::Override(vec![(ti, vi)], Box::new(under));
                }
                None => fields.push((*f, Source::Join(ti, vi))),
            }
        }
    }
    let targets = |filter: &ValueFilter| -> Result<Vec<(Target, Vec<String>)>> {
        filter
            .0
            .iter()
            .map(|(k, vals)| {
                let t =
                    match Field::named(k).filter(|f| input.maps(*f)) {
                        Some(f) => Target::Field(f),
                        None => Target::Column(table.column(k).ok_or_else(|| {
                            error::data(format!("{}: exclude/return_when column `{k}` not found", table.display))
                        })?),
                    };
                Ok((t, vals.clone()))
            })
            .collect()
    };
    let exclude = targets(&input.exclude)?;
    let return_when = targets(&input.return_when)?;
    let mut raw_cols: Vec<usize> = fields
        .iter()
        .filter_map(|(_, s)| match s {
            Source::Columns(cols, _) => Some(cols.clone()),
            _ => None,
        })
        .flatten()
        .chain(exclude.iter().chain(&return_when).filter_map(|(t, _)| match t {
            Target::Column(i) => Some(*i),
            Target::Field(_) => None,
        }))
        .collect();
    raw_cols.sort_unstable();
    raw_cols.dedup();
    Ok(FileMap { fields, raw_cols, exclude, return_when })
}

impl FileMap {
    /// Every mapped cell of the row is empty: a blank row (filtered, not rejected).
    pub(crate) fn blank(&self, rec: &StringRecord) -> bool {
        !self.raw_cols.is_empty() && self.raw_cols.iter().all(|&i| rec.get(i).is_none_or(|c| c.trim().is_empty()))
    }

    /// The mapped cells of a row as a CSV line, personal data masked.
    pub(crate) fn raw(&self, rec: &StringRecord) -> String {
        let cells: StringRecord = self.raw_cols.iter().map(|&i| crate::mask::mask(rec.get(i).unwrap_or(""))).collect();
        source::raw_record(&cells, b',')
    }
}

/// Read a join file into key → values. Several rows with one key is a config error.
pub(crate) fn load_join(j: &crate::config::Join) -> Result<JoinTable> {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    let mut first_row: HashMap<String, (String, u64)> = HashMap::new();
    for path in &j.file.files {
        let mut columns = vec![(j.key_column.as_str(), format!("join key for {}", j.key.name()))];
        for (f, c) in &j.columns {
            columns.push((c.as_str(), f.name().to_string()));
        }
        let mut table = Table::open(&j.file, path, &Wanted { columns })?;
        let key_idx = table.column(&j.key_column).expect("checked by open");
        let idx: Vec<usize> = j.columns.iter().map(|(_, c)| table.column(c).expect("checked by open")).collect();
        let mut rec = StringRecord::new();
        loop {
            let pos = match table.next(&mut rec)? {
                Next::End => break,
                Next::Bad(pos, reason) => {
                    return Err(error::data(format!("{} row {}: {reason} (a join file must be clean)", table.display, pos.row)));
                }
                Next::Row(pos) => pos,
            };
            let key = rec.get(key_idx).unwrap_or("").trim();
            if key.is_empty() {
                continue;
            }
            if let Some((file, row)) = first_row.get(key) {
                return Err(error::config(format!(
                    "{} row {}: join key `{key}` ({}) also appears in {file} row {row}; a join must match at most one row per key",
                    table.display, pos.row, j.key_column
                )));
            }
            first_row.insert(key.to_string(), (table.display.clone(), pos.row));
            map.insert(key.to_string(), idx.iter().map(|i| rec.get(*i).unwrap_or("").trim().to_string()).collect());
        }
    }
    Ok(JoinTable { key: j.key, fields: j.columns.iter().map(|(f, _)| *f).collect(), map })
}
