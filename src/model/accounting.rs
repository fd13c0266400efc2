//! Row accounting per input (docs/inputs.md): every row read is used, rejected, a duplicate,
//! out of the period, or filtered.

use serde::Serialize;

/// Per input: `rows_read = rows_used + rows_rejected + duplicates + out_of_period + filtered`.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Accounting {
    pub rows_read: u64,
    pub rows_used: u64,
    pub rows_rejected: u64,
    pub duplicates: u64,
    pub out_of_period: u64,
    pub filtered: u64,
    /// The earliest and latest instant (UTC ms) among the input's valid, deduplicated rows: the
    /// span the data covers (docs/trust.md). The report writes it in the config's zone.
    #[serde(skip)]
    pub span: Option<(i64, i64)>,
    /// Files of the input that were empty (0 bytes: a failed download, say), skipped with a
    /// warning (docs/inputs.md).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub empty_files: Vec<String>,
    /// Files of the input with the same rows as an earlier one (the same export downloaded
    /// twice): skipped with a warning, the gate fails (docs/trust.md "The first week").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub duplicate_files: Vec<DuplicateFile>,
}

/// A file skipped because an earlier file of the input has the same rows.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DuplicateFile {
    pub file: String,
    pub same_as: String,
}

impl Accounting {
    pub fn balances(&self) -> bool {
        self.rows_read == self.rows_used + self.rows_rejected + self.duplicates + self.out_of_period + self.filtered
    }
    /// A valid, deduplicated row at `t` (in the period or not).
    pub fn keep(&mut self, t: i64, in_period: bool) {
        if in_period {
            self.rows_used += 1;
        } else {
            self.out_of_period += 1;
        }
        if t != super::NO_TIME {
            self.span = Some(self.span.map_or((t, t), |(a, b)| (a.min(t), b.max(t))));
        }
    }

    /// Another source's rows of the same kind, added (docs/config.md "Several sources").
    pub fn add(&mut self, o: &Accounting) {
        self.rows_read += o.rows_read;
        self.rows_used += o.rows_used;
        self.rows_rejected += o.rows_rejected;
        self.duplicates += o.duplicates;
        self.out_of_period += o.out_of_period;
        self.filtered += o.filtered;
        self.span = match (self.span, o.span) {
            (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
            (x, y) => x.or(y),
        };
        self.empty_files.extend(o.empty_files.iter().cloned());
        self.duplicate_files.extend(o.duplicate_files.iter().cloned());
    }

    pub fn rejected_share(&self) -> Option<f64> {
        (self.rows_read > 0).then(|| self.rows_rejected as f64 / self.rows_read as f64)
    }
}

/// Which rows are used and which are kept: rows inside `period` are used; rows outside it are
/// `out_of_period` but still kept when inside `[keep_from, keep_to)` (previous period, spike
/// baseline). Without a period every valid row is used and kept.

/// The inputs a config may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum InputKind {
    Conversations,
    Messages,
    Sales,
    Returns,
}

impl InputKind {
    pub fn name(self) -> &'static str {
        self.into()
    }
}

/// A row that could not be used, with where it was and why (docs/inputs.md).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Reject {
    pub input: InputKind,
    /// The source's name when the input is one of several (`conversations.phone`).
    pub source: Option<String>,
    pub file: String,
    /// 1-based data row (the first row after the header is 1).
    pub row: u64,
    /// The source column at fault ("" when the whole row is).
    pub column: String,
    pub reason: String,
    pub raw: String,
}
