//! How one input's rows are read by field: each mapped field's source in a file (its columns,
//! a join, the row number, a constant), the join files loaded, and a [`Row`]'s values by field.

use std::borrow::Cow;
use std::collections::HashMap;

use anyhow::Result;

use super::record::{self, Next, Record};
use super::source::{Table, Wanted};
use super::values::trim;
use crate::config::{Field, Input, ValueFilter};
use crate::error;

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
    /// Each field's index in `fields` (by `Field as usize`; `u8::MAX`: not mapped): a row's
    /// value is found without a search.
    slots: [u8; Field::ALL.len()],
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
    pub(crate) rec: &'a Record,
    pub(crate) map: &'a FileMap,
    pub(crate) joined: &'a [Option<&'a Vec<String>>],
    pub(crate) input: &'a Input,
}

impl<'a> Row<'a> {
    /// The trimmed value; `None` when the field is not mapped; `Some("")` when empty.
    pub fn get(&self, field: Field) -> Option<Cow<'a, str>> {
        let slot = self.map.slots[field as usize];
        let (_, src) = self.map.fields.get(slot as usize)?;
        let v = self.of(src);
        if self.input.values.is_empty() {
            return Some(v);
        }
        // a value the input reads as another (`values:`)
        let as_read = self.input.values.iter().find(|(f, _)| *f == field).and_then(|(_, m)| m.get(v.as_ref()));
        Some(as_read.map_or(v, |to| Cow::Borrowed(to.as_str())))
    }

    #[inline]
    fn of(&self, src: &'a Source) -> Cow<'a, str> {
        match src {
            Source::Override(joins, under) => {
                match joins.iter().find_map(|(t, i)| self.joined.get(*t).copied().flatten().map(|v| &v[*i])) {
                    Some(v) => Cow::Borrowed(trim(v)),
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
                    Cow::Borrowed(trim(self.rec.get(cols[0]).unwrap_or("")))
                } else {
                    // the non-empty cells, joined (one allocation, none when at most one is filled)
                    let mut cells = cols.iter().map(|c| trim(self.rec.get(*c).unwrap_or(""))).filter(|s| !s.is_empty());
                    let Some(first) = cells.next() else { return Cow::Borrowed("") };
                    let Some(second) = cells.next() else { return Cow::Borrowed(first) };
                    let len: usize = cols.iter().map(|c| self.rec.get(*c).map_or(0, |v| v.len() + 1)).sum();
                    let mut out = String::with_capacity(len);
                    for (i, v) in [first, second].into_iter().chain(cells).enumerate() {
                        if i > 0 {
                            out.push(if *newline { '\n' } else { ' ' });
                        }
                        out.push_str(v);
                    }
                    Cow::Owned(out)
                }
            }
            Source::Join(t, i) => match self.joined.get(*t).copied().flatten() {
                Some(vals) => Cow::Borrowed(trim(&vals[*i])),
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
            Target::Column(i) => Cow::Borrowed(trim(self.rec.get(*i).unwrap_or(""))),
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
    let mut slots = [u8::MAX; Field::ALL.len()];
    for (i, (f, _)) in fields.iter().enumerate() {
        // a field is listed once (config validation); the first wins as a search would
        if slots[*f as usize] == u8::MAX {
            slots[*f as usize] = i as u8;
        }
    }
    Ok(FileMap { fields, slots, raw_cols, exclude, return_when })
}

impl FileMap {
    /// A field is the row number (`#row`).
    pub(crate) fn numbers_rows(&self) -> bool {
        self.fields.iter().any(|(_, s)| {
            matches!(s, Source::RowNumber(_)) || matches!(s, Source::Override(_, u) if matches!(**u, Source::RowNumber(_)))
        })
    }

    /// Every mapped cell of the row is empty: a blank row (filtered, not rejected).
    pub(crate) fn blank(&self, rec: &Record) -> bool {
        !self.raw_cols.is_empty() && self.raw_cols.iter().all(|&i| rec.get(i).is_none_or(|c| trim(c).is_empty()))
    }

    /// The mapped cells of a row as a CSV line, personal data masked.
    pub(crate) fn raw(&self, rec: &Record) -> String {
        let cells: Record = self.raw_cols.iter().map(|&i| crate::mask::mask(rec.get(i).unwrap_or(""))).collect();
        record::raw_record(&cells, b',')
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
        let mut rec = Record::new();
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
