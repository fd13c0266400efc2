//! Ingest (SPEC §4): read every input, validate each row, account for every row, and hand
//! the next stage typed rows.
//!
//! Sales and returns are read first and held (only the rows of the period, the previous
//! period and the spike baseline, plus a product catalogue and, when conversations carry
//! order ids, an order → product index over *all* sales rows). Conversations are then
//! streamed in batches to the tag stage, so their text is never held all at once.
//!
//! Order of the checks per row: excluded (`filtered`) → rejected → duplicate → out of period.

pub mod extras;
pub mod messages;
pub mod rejects;
pub mod source;
pub mod timestamps;
pub mod values;
pub mod xlsx;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use anyhow::Result;
use csv::StringRecord;
use serde::Serialize;

use crate::config::{Config, Field, Input, InputKind, ValueFilter};
use crate::error;
use crate::period::Period;
pub use rejects::Reject;
use source::{Next, RowPos, Table, Wanted};
use timestamps::TimeParser;

/// The `created` of conversations from an input that maps no `created_at`.
pub const NO_TIME: i64 = i64::MIN;

/// Rows handed to the tag stage at a time.
pub const BATCH: usize = 8192;

// ---------------------------------------------------------------------------------------------
// Interned strings

/// An interned string (channel, product, order, customer, segment, category, name).
pub type Sym = u32;

/// Strings stored once, end to end in one buffer, found again through a hash table of
/// (32 bits of the hash, symbol) pairs: 8 bytes a string. The partial hash spares most string
/// comparisons; when the table grows, the strings are hashed again.
#[derive(Default, Debug, Clone)]
pub struct Interner {
    table: hashbrown::HashTable<(u32, Sym)>,
    text: String,
    ends: Vec<usize>,
    /// A small direct-mapped cache of recent lookups: the few channels, products and
    /// categories repeated on every row are found without probing the big table.
    recent: Vec<(u64, Sym)>,
}

const RECENT: usize = 256;

fn str_hash(s: &str) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    s.hash(&mut h);
    h.finish()
}

fn name_in<'t>(text: &'t str, ends: &[usize], k: Sym) -> &'t str {
    let k = k as usize;
    let start = if k == 0 { 0 } else { ends[k - 1] };
    // the offsets are char boundaries by construction
    text.get(start..ends[k]).unwrap_or("")
}

impl Interner {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn intern(&mut self, s: &str) -> Sym {
        self.intern_new(s).0
    }

    /// The symbol of `s`, and whether it was new.
    pub fn intern_new(&mut self, s: &str) -> (Sym, bool) {
        let h = str_hash(s);
        if self.recent.is_empty() {
            self.recent = vec![(0, Sym::MAX); RECENT];
        }
        let slot = (h as usize) % RECENT;
        let (ch, ck) = self.recent[slot];
        if ch == h && ck != Sym::MAX && self.name(ck) == s {
            return (ck, false);
        }
        let (text, ends) = (&self.text, &self.ends);
        let tag = (h >> 32) as u32;
        if let Some(&(_, k)) = self.table.find(h, |&(kt, k)| kt == tag && name_in(text, ends, k) == s) {
            self.recent[slot] = (h, k);
            return (k, false);
        }
        let k = self.ends.len() as Sym;
        self.text.push_str(s);
        self.ends.push(self.text.len());
        let (text, ends) = (&self.text, &self.ends);
        self.table.insert_unique(h, (tag, k), |&(_, k)| str_hash(name_in(text, ends, k)));
        (k, true)
    }

    pub fn get(&self, s: &str) -> Option<Sym> {
        let h = str_hash(s);
        let tag = (h >> 32) as u32;
        self.table.find(h, |&(kt, k)| kt == tag && self.name(k) == s).map(|&(_, k)| k)
    }

    pub fn name(&self, k: Sym) -> &str {
        name_in(&self.text, &self.ends, k)
    }
}

// ---------------------------------------------------------------------------------------------
// Accounting

/// Per input: `rows_read = rows_used + rows_rejected + duplicates + out_of_period + filtered`.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Accounting {
    pub rows_read: u64,
    pub rows_used: u64,
    pub rows_rejected: u64,
    pub duplicates: u64,
    pub out_of_period: u64,
    pub filtered: u64,
}

impl Accounting {
    pub fn balances(&self) -> bool {
        self.rows_read == self.rows_used + self.rows_rejected + self.duplicates + self.out_of_period + self.filtered
    }
    pub fn rejected_share(&self) -> Option<f64> {
        (self.rows_read > 0).then(|| self.rows_rejected as f64 / self.rows_read as f64)
    }
}

/// Which rows are used and which are kept: rows inside `period` are used; rows outside it are
/// `out_of_period` but still kept when inside `[keep_from, keep_to)` (previous period, spike
/// baseline). Without a period every valid row is used and kept.
#[derive(Debug, Clone)]
pub struct Scope {
    pub period: Option<Period>,
    pub keep_from: i64,
    pub keep_to: i64,
}

impl Scope {
    pub fn all() -> Scope {
        Scope { period: None, keep_from: i64::MIN, keep_to: i64::MAX }
    }

    /// The period plus, before it, the previous period and `baseline_days` of history.
    pub fn around(period: &Period, previous: Option<&Period>, baseline_days: u32) -> Scope {
        let mut from = period.start_ms() - baseline_days as i64 * 86_400_000;
        if let Some(p) = previous {
            from = from.min(p.start_ms());
        }
        Scope { period: Some(period.clone()), keep_from: from, keep_to: period.end_ms() }
    }

    /// Exactly the period.
    pub fn only(period: &Period) -> Scope {
        Scope { period: Some(period.clone()), keep_from: period.start_ms(), keep_to: period.end_ms() }
    }

    pub fn in_period(&self, t: i64) -> bool {
        self.period.as_ref().is_none_or(|p| p.contains_ms(t))
    }
    pub fn keeps(&self, t: i64) -> bool {
        t >= self.keep_from && t < self.keep_to
    }
}

// ---------------------------------------------------------------------------------------------
// Typed rows

/// One conversation, validated, with its text (dropped by the tag stage).
#[derive(Debug, Clone)]
pub struct ConvRow {
    /// The conversation id, interned.
    pub id: Sym,
    /// Whether the caller asked for this conversation's text.
    pub asked: bool,
    /// Channel, segment and category names, when the taxonomy tests them.
    pub field_names: Option<Box<[Option<Box<str>>; 3]>>,
    pub created: i64,
    /// When the first (agent) response came; `None` = unanswered (or no response field).
    pub response_at: Option<i64>,
    pub text: String,
    pub tags: Option<Box<str>>,
    pub channel: Option<Sym>,
    pub product: Option<Sym>,
    /// The order id, kept only while the product is unknown (it is found through the order).
    pub order: Option<Sym>,
    pub customer: Option<Sym>,
    pub segment: Option<Sym>,
    pub category: Option<Sym>,
    pub ces: Option<f32>,
    pub csat: Option<f32>,
    pub nps: Option<f32>,
    pub in_period: bool,
}

#[derive(Debug, Clone, Copy)]
pub struct SaleLine {
    pub date: i64,
    pub order: Option<Sym>,
    pub product: Option<Sym>,
    pub category: Option<Sym>,
    pub quantity: f64,
    pub revenue: f64,
}

#[derive(Debug, Clone, Copy)]
pub struct ReturnLine {
    pub date: i64,
    pub order: Option<Sym>,
    pub product: Option<Sym>,
    pub quantity: f64,
}

#[derive(Debug, Clone, Default)]
pub struct Product {
    pub name: Option<Sym>,
    pub category: Option<Sym>,
}

/// Which optional conversation fields have a source (unmapped → their metrics are null).
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Mapped {
    pub first_response: bool,
    pub channel: bool,
    pub product: bool,
    pub customer: bool,
    pub segment: bool,
    pub ces: bool,
    pub csat: bool,
    pub nps: bool,
    pub tags: bool,
    pub sales: bool,
    pub orders: bool,
    pub returns: bool,
}

/// Everything ingest hands on besides the conversation stream.
#[derive(Debug, Default)]
pub struct Sales {
    /// Sale lines inside the scope's keep window, in file order.
    pub lines: Vec<SaleLine>,
    pub returns: Vec<ReturnLine>,
    pub catalogue: HashMap<Sym, Product>,
}

// ---------------------------------------------------------------------------------------------
// Reading rows of one input

/// The pseudo-column that numbers rows, for exports without an id (review dumps).
pub const ROW_COLUMN: &str = "#row";

/// Where a field's value comes from in one file.
enum Source {
    Columns(Vec<usize>, bool),
    Join(usize, usize), // join table, value index
    /// `#row`: the data row number (prefixed with the file stem when an input has several files).
    RowNumber(Option<String>),
}

struct JoinTable {
    key: Field,
    fields: Vec<Field>,
    map: HashMap<String, Vec<String>>,
}

enum Target {
    Column(usize),
    Field(Field),
}

struct FileMap {
    fields: Vec<(Field, Source)>,
    /// The columns voc reads: what a rejected row shows (never the columns it does not map,
    /// where names and contact details usually are).
    raw_cols: Vec<usize>,
    exclude: Vec<(Target, Vec<String>)>,
    return_when: Vec<(Target, Vec<String>)>,
}

/// A data row with access by canonical field.
pub struct Row<'a> {
    /// From a spreadsheet: plain numbers in timestamp fields are Excel serial dates.
    pub excel: bool,
    /// 1-based data row.
    pub row: u64,
    file: &'a str,
    rec: &'a StringRecord,
    map: &'a FileMap,
    joined: &'a [Option<&'a Vec<String>>],
    input: &'a Input,
}

impl<'a> Row<'a> {
    /// The trimmed value; `None` when the field is not mapped; `Some("")` when empty.
    pub fn get(&self, field: Field) -> Option<Cow<'a, str>> {
        let (_, src) = self.map.fields.iter().find(|(f, _)| *f == field)?;
        Some(match src {
            Source::Columns(cols, newline) => {
                if cols.len() == 1 {
                    Cow::Borrowed(self.rec.get(cols[0]).unwrap_or("").trim())
                } else {
                    let parts: Vec<&str> =
                        cols.iter().map(|c| self.rec.get(*c).unwrap_or("").trim()).filter(|s| !s.is_empty()).collect();
                    Cow::Owned(parts.join(if *newline { "\n" } else { " " }))
                }
            }
            Source::Join(t, i) => match self.joined[*t] {
                Some(vals) => Cow::Borrowed(vals[*i].trim()),
                None => Cow::Borrowed(""),
            },
            Source::RowNumber(None) => Cow::Owned(self.row.to_string()),
            Source::RowNumber(Some(stem)) => Cow::Owned(format!("{stem}:{}", self.row)),
        })
    }

    /// A value that is not empty nor a null marker (`-`, `N/A`, `null`, …), or `None`.
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

    fn target(&self, t: &Target) -> Cow<'a, str> {
        match t {
            Target::Column(i) => Cow::Borrowed(self.rec.get(*i).unwrap_or("").trim()),
            Target::Field(f) => self.get(*f).unwrap_or(Cow::Borrowed("")),
        }
    }

    fn matches(&self, filter: &[(Target, Vec<String>)]) -> bool {
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
struct InputReader<'c> {
    input: &'c Input,
    pub acc: Accounting,
    pub rejects: Vec<Reject>,
}

impl<'c> InputReader<'c> {
    fn new(input: &'c Input) -> InputReader<'c> {
        InputReader { input, acc: Accounting::default(), rejects: Vec::new() }
    }

    fn reject(&mut self, file: &str, pos: RowPos, column: String, reason: String, raw: String) {
        self.acc.rows_rejected += 1;
        self.rejects.push(Reject { input: self.input.kind, file: file.to_string(), row: pos.row, column, reason, raw });
    }

    fn run(&mut self, mut visit: impl FnMut(&Row, bool) -> Result<Verdict>) -> Result<()> {
        let input = self.input;
        let joins = input.joins.iter().map(load_join).collect::<Result<Vec<_>>>()?;
        let wanted = wanted_columns(input);
        for path in &input.file.files {
            let mut table = Table::open(&input.file, path, &wanted)?;
            let map = file_map(input, &table, &joins)?;
            let mut rec = StringRecord::new();
            let display = table.display.clone();
            let excel = table.excel_serials;
            let mut joined: Vec<Option<&Vec<String>>> = Vec::with_capacity(joins.len());
            loop {
                let pos = match table.next(&mut rec)? {
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
                // joins in order: a later join may key on a field an earlier one brought
                joined.clear();
                for jt in &joins {
                    let key = Row { excel, row: pos.row, file: &display, rec: &rec, map: &map, joined: &joined, input }
                        .get(jt.key)
                        .map(|k| k.into_owned())
                        .unwrap_or_default();
                    joined.push(jt.map.get(key.as_str()));
                }
                let row = Row { excel, row: pos.row, file: &display, rec: &rec, map: &map, joined: &joined, input };
                if row.matches(&map.exclude) {
                    self.acc.filtered += 1;
                    continue;
                }
                let is_return = row.matches(&map.return_when);
                if let Verdict::Reject { field, reason } = visit(&row, is_return)? {
                    let column = field.map(|f| row.column_name(f)).unwrap_or_default();
                    let raw = map.raw(&rec);
                    self.reject(&display, pos, column, reason, raw);
                }
            }
            if table.cp949_rows > 0 && table.utf8_rows > 0 {
                let (cp, u8) = (table.cp949_rows, table.utf8_rows);
                tracing::warn!("{}: mixed encodings — {cp} rows read as CP949 and {u8} as UTF-8; check the file", table.display);
            }
        }
        Ok(())
    }
}

fn wanted_columns(input: &Input) -> Wanted<'_> {
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

fn is_field_name(input: &Input, key: &str) -> bool {
    Field::named(key).is_some_and(|f| input.maps(f))
}

fn file_map(input: &Input, table: &Table, joins: &[JoinTable]) -> Result<FileMap> {
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
    for (ti, jt) in joins.iter().enumerate() {
        for (vi, f) in jt.fields.iter().enumerate() {
            fields.push((*f, Source::Join(ti, vi)));
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
    /// The mapped cells of a row as a CSV line, personal data masked.
    fn raw(&self, rec: &StringRecord) -> String {
        let cells: StringRecord = self.raw_cols.iter().map(|&i| crate::mask::mask(rec.get(i).unwrap_or(""))).collect();
        source::raw_record(&cells, b',')
    }
}

/// Read a join file into key → values. Several rows with one key is a config error.
fn load_join(j: &crate::config::Join) -> Result<JoinTable> {
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

// ---------------------------------------------------------------------------------------------
// Sales and returns

/// The order lines' best product per order, for conversations that carry only an order id:
/// the line with the highest revenue, ties the smallest product id.
#[derive(Default)]
struct OrderIndex {
    best: rustc_hash::FxHashMap<Sym, (Sym, f64)>,
}

impl OrderIndex {
    fn offer(&mut self, order: Sym, product: Sym, revenue: f64, names: &Interner) {
        let b = self.best.entry(order).or_insert((product, revenue));
        if revenue > b.1 || (revenue == b.1 && names.name(product) < names.name(b.0)) {
            *b = (product, revenue);
        }
    }
}

struct SalesState<'s> {
    scope: &'s Scope,
    tz: chrono_tz::Tz,
    interner: Interner,
    sales: Sales,
    orders: Option<OrderIndex>,
    line_ids: HashSet<Box<str>>,
}

fn read_sales(input: &Input, st: &mut SalesState, returns_configured: bool) -> Result<(Accounting, Vec<Reject>)> {
    let mut rd = InputReader::new(input);
    let times = TimeParser::new(st.tz, &input.timestamp_formats);
    let excel = TimeParser::new(st.tz, &input.timestamp_formats).with_excel(true);
    let mut used = 0u64;
    let mut dup = 0u64;
    let mut oop = 0u64;
    rd.run(|row, is_return| {
        let date_cell = row.value(Field::Date);
        let Some(date_cell) = date_cell else {
            return Ok(Verdict::Reject { field: Some(Field::Date), reason: "missing order date".into() });
        };
        let parser = if row.excel { &excel } else { &times };
        let date = match parser.parse(&date_cell) {
            Ok(t) => t,
            Err(e) => return Ok(Verdict::Reject { field: Some(Field::Date), reason: e }),
        };
        let revenue = match row.value(Field::Revenue) {
            None => return Ok(Verdict::Reject { field: Some(Field::Revenue), reason: "missing revenue".into() }),
            Some(v) => match values::number(&v) {
                Ok(x) => x,
                Err(e) => return Ok(Verdict::Reject { field: Some(Field::Revenue), reason: format!("revenue {e}") }),
            },
        };
        let quantity = match row.value(Field::Quantity) {
            None if row.get(Field::Quantity).is_some() => {
                return Ok(Verdict::Reject { field: Some(Field::Quantity), reason: "missing quantity".into() });
            }
            None => 1.0,
            Some(v) => match values::number(&v) {
                Ok(x) => x,
                Err(e) => return Ok(Verdict::Reject { field: Some(Field::Quantity), reason: format!("quantity {e}") }),
            },
        };
        if quantity < 0.0 && returns_configured {
            return Ok(Verdict::Reject {
                field: Some(Field::Quantity),
                reason: format!(
                    "negative quantity {quantity} on a sales line while a returns input is configured (returns belong there)"
                ),
            });
        }
        let negative = quantity < 0.0;
        if revenue < 0.0 && !negative && !is_return {
            return Ok(Verdict::Reject {
                field: Some(Field::Revenue),
                reason: format!("negative revenue {revenue} on a sale line (refunds belong to returns)"),
            });
        }
        if row.get(Field::OrderId).is_some() && row.value(Field::OrderId).is_none() {
            return Ok(Verdict::Reject { field: Some(Field::OrderId), reason: "missing order id".into() });
        }
        // duplicates: only when a line id is mapped
        if let Some(lid) = row.value(Field::LineId) {
            if !st.line_ids.insert(lid.as_ref().into()) {
                dup += 1;
                return Ok(Verdict::Valid);
            }
        }
        let product_id = row.value(Field::ProductId);
        let product = product_id.as_deref().map(|p| st.interner.intern(p));
        let category = row.value(Field::Category).map(|c| st.interner.intern(&c));
        if let Some(p) = product {
            let name = row.value(Field::ProductName).map(|n| st.interner.intern(&n));
            let entry = st.sales.catalogue.entry(p).or_default();
            if entry.name.is_none() {
                entry.name = name;
            }
            if entry.category.is_none() {
                entry.category = category;
            }
        }
        let order = row.value(Field::OrderId).map(|o| st.interner.intern(&o));
        if let (Some(idx), Some(o), Some(p)) = (st.orders.as_mut(), order, product) {
            if !negative && !is_return {
                idx.offer(o, p, revenue, &st.interner);
            }
        }
        if st.scope.in_period(date) {
            used += 1;
        } else {
            oop += 1;
        }
        if st.scope.keeps(date) {
            if negative || is_return {
                st.sales.returns.push(ReturnLine { date, order, product, quantity: quantity.abs() });
            } else {
                st.sales.lines.push(SaleLine { date, order, product, category, quantity, revenue });
            }
        }
        Ok(Verdict::Valid)
    })?;
    rd.acc.rows_used = used;
    rd.acc.duplicates = dup;
    rd.acc.out_of_period = oop;
    Ok((rd.acc, rd.rejects))
}

fn read_returns(input: &Input, st: &mut SalesState) -> Result<(Accounting, Vec<Reject>)> {
    let mut rd = InputReader::new(input);
    let times = TimeParser::new(st.tz, &input.timestamp_formats);
    let excel = TimeParser::new(st.tz, &input.timestamp_formats).with_excel(true);
    let (mut used, mut dup, mut oop) = (0u64, 0u64, 0u64);
    let mut line_ids: HashSet<Box<str>> = HashSet::new();
    rd.run(|row, _| {
        let Some(date_cell) = row.value(Field::Date) else {
            return Ok(Verdict::Reject { field: Some(Field::Date), reason: "missing return date".into() });
        };
        let parser = if row.excel { &excel } else { &times };
        let date = match parser.parse(&date_cell) {
            Ok(t) => t,
            Err(e) => {
                return Ok(Verdict::Reject { field: Some(Field::Date), reason: e });
            }
        };
        let quantity = match row.value(Field::Quantity) {
            None => 1.0,
            Some(v) => match values::number(&v) {
                Ok(x) if x >= 0.0 => x,
                Ok(x) => {
                    return Ok(Verdict::Reject {
                        field: Some(Field::Quantity),
                        reason: format!("negative returned quantity {x}"),
                    });
                }
                Err(e) => {
                    return Ok(Verdict::Reject { field: Some(Field::Quantity), reason: format!("quantity {e}") });
                }
            },
        };
        if let Some(lid) = row.value(Field::LineId) {
            if !line_ids.insert(lid.as_ref().into()) {
                dup += 1;
                return Ok(Verdict::Valid);
            }
        }
        if st.scope.in_period(date) {
            used += 1;
        } else {
            oop += 1;
        }
        if st.scope.keeps(date) {
            let order = row.value(Field::OrderId).map(|o| st.interner.intern(&o));
            let product = row.value(Field::ProductId).map(|p| st.interner.intern(&p));
            st.sales.returns.push(ReturnLine { date, order, product, quantity });
        }
        Ok(Verdict::Valid)
    })?;
    rd.acc.rows_used = used;
    rd.acc.duplicates = dup;
    rd.acc.out_of_period = oop;
    Ok((rd.acc, rd.rejects))
}

// ---------------------------------------------------------------------------------------------
// Conversations

/// The conversations, not yet read: [`ConversationSource::run`] streams them in batches.
/// They come from a conversation export, a message export, or both (Channel Talk: chats from
/// one sheet, their messages from another).
pub struct ConversationSource {
    conversations: Option<Input>,
    messages: Option<Input>,
    tz: chrono_tz::Tz,
    scope: Scope,
    linker: Linker,
}

/// Interns a conversation's fields and finds its product through its order.
struct Linker {
    interner: Interner,
    orders: Option<rustc_hash::FxHashMap<Sym, Sym>>,
    catalogue_category: rustc_hash::FxHashMap<Sym, Sym>,
    /// Ids whose text the caller wants kept (`explain --id`).
    asked: Option<HashSet<String>>,
    /// Attach channel, segment and category names to each row (for `fields:` rules).
    field_names: bool,
}

impl Linker {
    /// Intern the id: `None` when it was seen before (a duplicate).
    fn id(&mut self, id: &str) -> Option<Sym> {
        match self.interner.intern_new(id) {
            (k, true) => Some(k),
            (_, false) => None,
        }
    }

    fn row(&mut self, id: Sym, c: RawConv, in_period: bool) -> ConvRow {
        let i = &mut self.interner;
        let mut product = c.product.as_deref().map(|s| i.intern(s));
        // the order id only serves to find a missing product: most rows spare the interning
        let order = if product.is_none() { c.order.as_deref().map(|s| i.intern(s)) } else { None };
        if product.is_none() {
            if let (Some(idx), Some(o)) = (&self.orders, order) {
                product = idx.get(&o).copied();
            }
        }
        let mut category = c.category.as_deref().map(|s| i.intern(s));
        if category.is_none() {
            category = product.and_then(|p| self.catalogue_category.get(&p).copied());
        }
        let channel = c.channel.as_deref().map(|s| i.intern(s));
        let segment = c.segment.as_deref().map(|s| i.intern(s));
        let customer = c.customer.as_deref().map(|s| i.intern(s));
        let name = |k: Option<Sym>| k.map(|k| Box::<str>::from(self.interner.name(k)));
        let field_names = self.field_names.then(|| Box::new([name(channel), name(segment), name(category)]));
        ConvRow {
            id,
            asked: self.asked.as_ref().is_some_and(|a| a.contains(self.interner.name(id))),
            field_names,
            created: c.created,
            response_at: c.response_at,
            text: c.text.into_owned(),
            tags: c.tags.map(|t| t.as_ref().into()),
            channel,
            product,
            order,
            customer,
            segment,
            category,
            ces: c.ces,
            csat: c.csat,
            nps: c.nps,
            in_period,
        }
    }
}

/// What is left when the stream has been read.
#[derive(Debug)]
pub struct Ingested {
    pub interner: Interner,
    /// Conversations and/or messages, in that order.
    pub accounting: Vec<(InputKind, Accounting)>,
    pub rejects: Vec<Reject>,
}

impl ConversationSource {
    /// Read after sales: link products through orders and products to categories while
    /// reading (needed when taxonomy rules test the category).
    pub fn link_with(&mut self, sales: &mut SalesRead) {
        let mut interner = Interner::default();
        // every order of the sales: conversations are not read yet
        let all: Vec<String> = sales
            .orders
            .as_ref()
            .map(|o| o.best.keys().map(|k| sales.interner.name(*k).to_string()).collect())
            .unwrap_or_default();
        let syms: Vec<Sym> = all.iter().map(|o| interner.intern(o)).collect();
        let (orders, categories) = sales.translate(&mut interner, syms.into_iter());
        self.linker.interner = interner;
        self.linker.orders = Some(orders);
        self.linker.catalogue_category = categories;
    }

    /// Keep the text of these conversation ids.
    pub fn ask_for(&mut self, ids: HashSet<String>) {
        self.linker.asked = Some(ids);
    }

    /// Attach channel, segment and category names to rows, for rules that test them.
    pub fn with_field_names(&mut self) {
        self.linker.field_names = true;
    }

    /// How the export separates manual tags in one cell.
    pub fn tag_separator(&self) -> &regex::Regex {
        &self.conversations.as_ref().or(self.messages.as_ref()).expect("an input").tag_separator
    }

    /// Read every conversation; valid rows inside the keep window go to `sink` in batches of
    /// [`BATCH`], in file order (message threads: by start time, then id).
    pub fn run(mut self, mut sink: impl FnMut(&Interner, Vec<ConvRow>) -> Result<()>) -> Result<Ingested> {
        let set = match &self.messages {
            Some(m) => Some(messages::read(m, self.tz)?),
            None => None,
        };
        match self.conversations.take() {
            Some(input) => self.run_conversations(&input, set, &mut sink),
            None => self.run_messages(set.expect("messages input"), &mut sink),
        }
    }

    fn run_conversations(
        mut self,
        input: &Input,
        set: Option<messages::MessageSet>,
        sink: &mut impl FnMut(&Interner, Vec<ConvRow>) -> Result<()>,
    ) -> Result<Ingested> {
        let mut rd = InputReader::new(input);
        let times = TimeParser::new(self.tz, &input.timestamp_formats);
        let excel = TimeParser::new(self.tz, &input.timestamp_formats).with_excel(true);
        let (mut used, mut dup, mut oop) = (0u64, 0u64, 0u64);
        let mut batch = Vec::with_capacity(BATCH);
        let scope = &self.scope;
        let linker = &mut self.linker;
        // message threads by conversation id, and whether their conversation was in the period
        let threads: HashMap<&str, usize> =
            set.as_ref().map(|s| s.threads.iter().enumerate().map(|(i, t)| (t.id.as_str(), i)).collect()).unwrap_or_default();
        let mut thread_in_period: HashMap<usize, bool> = HashMap::new();
        let own_response = input.maps(Field::FirstResponseAt)
            || input.maps(Field::FirstResponseSeconds)
            || input.maps(Field::FirstResponseMinutes);
        rd.run(|row, _| {
            let parser = if row.excel { &excel } else { &times };
            let mut c = match conversation(row, parser) {
                Ok(c) => c,
                Err((field, reason)) => return Ok(Verdict::Reject { field: Some(field), reason }),
            };
            let Some(id) = linker.id(&c.id) else {
                dup += 1;
                return Ok(Verdict::Valid);
            };
            let in_period = scope.in_period(c.created);
            if let (Some(set), Some(&t)) = (&set, threads.get(c.id.as_ref())) {
                thread_in_period.insert(t, in_period);
                let thread = &set.threads[t];
                if c.text.trim().is_empty() {
                    c.text = Cow::Owned(messages::summarize(set, thread).map(|s| s.text.into_owned()).unwrap_or_default());
                }
                if !own_response {
                    c.response_at = messages::first_agent_after(set, thread, c.created);
                }
            }
            if in_period {
                used += 1;
            } else {
                oop += 1;
            }
            if scope.keeps(c.created) {
                batch.push(linker.row(id, c, in_period));
                if batch.len() >= BATCH {
                    sink(&linker.interner, std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))?;
                }
            }
            Ok(Verdict::Valid)
        })?;
        if !batch.is_empty() {
            sink(&self.linker.interner, batch)?;
        }
        rd.acc.rows_used = used;
        rd.acc.duplicates = dup;
        rd.acc.out_of_period = oop;
        let mut accounting = vec![(InputKind::Conversations, rd.acc)];
        let mut rejects = rd.rejects;
        if let Some(mut set) = set {
            // messages enrich conversations: a message counts where its conversation does
            let mut orphans = Vec::new();
            for (i, t) in set.threads.iter().enumerate() {
                match thread_in_period.get(&i) {
                    Some(true) => set.acc.rows_used += t.msgs.len() as u64,
                    Some(false) => set.acc.out_of_period += t.msgs.len() as u64,
                    None => orphans.extend(messages::reject_thread(
                        &set,
                        t,
                        &format!("conversation `{}` is not in the conversations export", t.id),
                    )),
                }
            }
            set.acc.rows_rejected += orphans.len() as u64;
            set.rejects.extend(orphans);
            accounting.push((InputKind::Messages, set.acc));
            rejects.extend(set.rejects);
        }
        Ok(Ingested { interner: self.linker.interner, accounting, rejects })
    }

    fn run_messages(
        mut self,
        mut set: messages::MessageSet,
        sink: &mut impl FnMut(&Interner, Vec<ConvRow>) -> Result<()>,
    ) -> Result<Ingested> {
        let mut no_customer = Vec::new();
        let (mut used, mut oop) = (0u64, 0u64);
        {
            let mut convs: Vec<(RawConv, usize)> = Vec::new();
            for t in &set.threads {
                match messages::summarize(&set, t) {
                    Some(c) => convs.push((c, t.msgs.len())),
                    None => no_customer.extend(messages::reject_thread(
                        &set,
                        t,
                        "the conversation has no customer message (its start is not in the export?)",
                    )),
                }
            }
            convs.sort_by(|a, b| a.0.created.cmp(&b.0.created).then_with(|| a.0.id.cmp(&b.0.id)));
            let mut batch = Vec::with_capacity(BATCH);
            for (c, n) in convs {
                let in_period = self.scope.in_period(c.created);
                if in_period {
                    used += n as u64;
                } else {
                    oop += n as u64;
                }
                if self.scope.keeps(c.created) {
                    let id = self.linker.interner.intern(&c.id);
                    batch.push(self.linker.row(id, c, in_period));
                    if batch.len() >= BATCH {
                        sink(&self.linker.interner, std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))?;
                    }
                }
            }
            if !batch.is_empty() {
                sink(&self.linker.interner, batch)?;
            }
        }
        set.acc.rows_used += used;
        set.acc.out_of_period += oop;
        set.acc.rows_rejected += no_customer.len() as u64;
        set.rejects.extend(no_customer);
        Ok(Ingested { interner: self.linker.interner, accounting: vec![(InputKind::Messages, set.acc)], rejects: set.rejects })
    }
}

/// A conversation's fields before interning (from a conversation row or a message thread).
/// Borrowed from the row it was read from, so that a row costs no allocation until it is kept.
pub struct RawConv<'a> {
    pub id: Cow<'a, str>,
    pub created: i64,
    pub response_at: Option<i64>,
    pub text: Cow<'a, str>,
    pub tags: Option<Cow<'a, str>>,
    pub channel: Option<Cow<'a, str>>,
    pub product: Option<Cow<'a, str>>,
    pub order: Option<Cow<'a, str>>,
    pub customer: Option<Cow<'a, str>>,
    pub segment: Option<Cow<'a, str>>,
    pub category: Option<Cow<'a, str>>,
    pub ces: Option<f32>,
    pub csat: Option<f32>,
    pub nps: Option<f32>,
}

fn conversation<'a>(row: &Row<'a>, times: &TimeParser) -> Result<RawConv<'a>, (Field, String)> {
    let id = row.value(Field::Id).ok_or((Field::Id, "missing conversation id".to_string()))?;
    // without a created_at mapping (review dumps) rows carry no time; no period can be cut
    let created = match row.get(Field::CreatedAt) {
        None => NO_TIME,
        Some(c) if c.is_empty() => {
            return Err((Field::CreatedAt, "missing created time".to_string()));
        }
        Some(c) => times.parse(&c).map_err(|e| (Field::CreatedAt, e))?,
    };
    let response_at = if let Some(v) = row.value(Field::FirstResponseAt) {
        Some(times.parse(&v).map_err(|e| (Field::FirstResponseAt, format!("first response {e}")))?)
    } else if let Some(v) = row.value(Field::FirstResponseSeconds) {
        let s = values::duration_seconds(&v, 1.0).map_err(|e| (Field::FirstResponseSeconds, e))?;
        Some(created + (s * 1000.0).round() as i64)
    } else if let Some(v) = row.value(Field::FirstResponseMinutes) {
        let s = values::duration_seconds(&v, 60.0).map_err(|e| (Field::FirstResponseMinutes, e))?;
        Some(created + (s * 1000.0).round() as i64)
    } else {
        None
    };
    let score = |f: Field, lo: f64, hi: f64, name: &str| -> Result<Option<f32>, (Field, String)> {
        match row.value(f) {
            None => Ok(None),
            Some(v) => values::score(&v, lo, hi, name).map(|x| Some(x as f32)).map_err(|e| (f, e)),
        }
    };
    Ok(RawConv {
        id,
        created,
        response_at,
        text: row.get(Field::Text).unwrap_or_default(),
        tags: row.value(Field::Tags),
        channel: row.value(Field::Channel),
        product: row.value(Field::ProductId),
        order: row.value(Field::OrderId),
        customer: row.value(Field::CustomerId),
        segment: row.value(Field::Segment),
        category: row.value(Field::Category),
        ces: score(Field::Ces, 1.0, 7.0, "CES")?,
        csat: score(Field::Csat, 1.0, 5.0, "CSAT")?,
        nps: score(Field::Nps, 0.0, 10.0, "NPS")?,
    })
}

// ---------------------------------------------------------------------------------------------
// The stage

/// Ingest's value: the inputs opened, not yet read. Sales and conversations can be read one
/// after the other or at the same time (see the tag stage).
pub struct Frames {
    pub scope: Scope,
    pub sales: SalesSource,
    pub conversations: ConversationSource,
    pub mapped: Mapped,
}

/// The sales and returns inputs, not yet read.
pub struct SalesSource {
    sales: Option<Input>,
    returns: Option<Input>,
    tz: chrono_tz::Tz,
    scope: Scope,
    need_orders: bool,
}

/// What reading sales and returns gives.
pub struct SalesRead {
    pub sales: Sales,
    orders: Option<OrderIndex>,
    pub interner: Interner,
    pub accounting: Vec<(InputKind, Accounting)>,
    pub rejects: Vec<Reject>,
}

impl SalesSource {
    pub fn read(self) -> Result<SalesRead> {
        let mut st = SalesState {
            scope: &self.scope,
            tz: self.tz,
            interner: Interner::default(),
            sales: Sales::default(),
            orders: self.need_orders.then(OrderIndex::default),
            line_ids: HashSet::new(),
        };
        let mut accounting = Vec::new();
        let mut rejects = Vec::new();
        if let Some(s) = &self.sales {
            let (acc, rej) = read_sales(s, &mut st, self.returns.is_some())?;
            accounting.push((InputKind::Sales, acc));
            rejects.extend(rej);
        }
        if let Some(r) = &self.returns {
            let (acc, rej) = read_returns(r, &mut st)?;
            accounting.push((InputKind::Returns, acc));
            rejects.extend(rej);
        }
        Ok(SalesRead { sales: st.sales, orders: st.orders, interner: st.interner, accounting, rejects })
    }
}

impl SalesRead {
    /// Move the products, categories and product names of this read into `into` (the
    /// conversations' interner), so that they compare across the two. Order ids stay in this
    /// read's own symbols (they are only counted); instead, the conversations' orders are looked
    /// up here. Returns, in `into`'s symbols, the best product of each conversation order that
    /// has one, and each product's category.
    pub fn translate(
        &mut self,
        into: &mut Interner,
        conversation_orders: impl Iterator<Item = Sym>,
    ) -> (rustc_hash::FxHashMap<Sym, Sym>, rustc_hash::FxHashMap<Sym, Sym>) {
        let from = std::mem::take(&mut self.interner);
        let mut memo: Vec<Sym> = vec![Sym::MAX; from.len()];
        let mut t = |k: Sym, into: &mut Interner| -> Sym {
            let m = &mut memo[k as usize];
            if *m == Sym::MAX {
                *m = into.intern(from.name(k));
            }
            *m
        };
        for l in &mut self.sales.lines {
            l.product = l.product.map(|k| t(k, into));
            l.category = l.category.map(|k| t(k, into));
        }
        for r in &mut self.sales.returns {
            r.product = r.product.map(|k| t(k, into));
        }
        let catalogue = std::mem::take(&mut self.sales.catalogue);
        self.sales.catalogue = catalogue
            .into_iter()
            .map(|(p, e)| (t(p, into), Product { name: e.name.map(|k| t(k, into)), category: e.category.map(|k| t(k, into)) }))
            .collect();
        let mut orders = rustc_hash::FxHashMap::default();
        if let Some(idx) = self.orders.take() {
            let wanted: Vec<Sym> = conversation_orders.collect();
            for o in wanted {
                if let Some(&(p, _)) = from.get(into.name(o)).and_then(|so| idx.best.get(&so)) {
                    orders.insert(o, t(p, into));
                }
            }
        }
        let categories = self.sales.catalogue.iter().filter_map(|(p, e)| e.category.map(|c| (*p, c))).collect();
        (orders, categories)
    }
}

pub fn open(cfg: &Config, scope: Scope) -> Result<Frames> {
    let conv_input = cfg
        .inputs
        .conversations
        .clone()
        .or_else(|| cfg.inputs.messages.clone())
        .ok_or_else(|| error::config("the config has no conversations or messages input"))?;
    let need_orders = conv_input.maps(Field::OrderId) && cfg.inputs.sales.is_some();
    let sales_input = cfg.inputs.sales.as_ref();
    let mapped = Mapped {
        first_response: conv_input.maps(Field::FirstResponseAt)
            || conv_input.maps(Field::FirstResponseSeconds)
            || conv_input.maps(Field::FirstResponseMinutes)
            || cfg.inputs.messages.is_some(),
        channel: conv_input.maps(Field::Channel),
        product: conv_input.maps(Field::ProductId) || need_orders,
        customer: conv_input.maps(Field::CustomerId),
        segment: conv_input.maps(Field::Segment),
        ces: conv_input.maps(Field::Ces),
        csat: conv_input.maps(Field::Csat),
        nps: conv_input.maps(Field::Nps),
        tags: conv_input.maps(Field::Tags),
        sales: sales_input.is_some(),
        orders: sales_input.is_some_and(|s| s.maps(Field::OrderId)),
        returns: cfg.inputs.returns.is_some() || sales_input.is_some(),
    };
    Ok(Frames {
        conversations: ConversationSource {
            conversations: cfg.inputs.conversations.clone(),
            messages: cfg.inputs.messages.clone(),
            tz: cfg.timezone,
            scope: scope.clone(),
            linker: Linker {
                interner: Interner::default(),
                orders: None,
                catalogue_category: rustc_hash::FxHashMap::default(),
                asked: None,
                field_names: false,
            },
        },
        sales: SalesSource {
            sales: cfg.inputs.sales.clone(),
            returns: cfg.inputs.returns.clone(),
            tz: cfg.timezone,
            scope: scope.clone(),
            need_orders,
        },
        scope,
        mapped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interner_finds_every_string_again_after_its_table_grows() {
        let mut i = Interner::default();
        let words: Vec<String> = (0..50_000).map(|n| format!("CH-{n:06}")).chain(["".into(), "상품".into()]).collect();
        for (n, w) in words.iter().enumerate() {
            assert_eq!(i.intern_new(w), (n as Sym, true), "{w}");
        }
        assert_eq!(i.len(), words.len());
        for (n, w) in words.iter().enumerate().rev() {
            assert_eq!(i.intern_new(w), (n as Sym, false), "{w}");
            assert_eq!(i.get(w), Some(n as Sym));
            assert_eq!(i.name(n as Sym), w);
        }
        assert_eq!(i.get("CH-050000"), None);
    }
}
