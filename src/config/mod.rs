//! `voc.yaml` (docs/config.md): serde structs that reject unknown keys, presets merged under the
//! user's settings, and one `load` that turns the raw file into a validated [`Config`] with
//! absolute paths. Every error names the file and the line.

mod fields;
mod raw;
mod resolve;

pub use fields::*;
pub use resolve::{PRESETS, load, load_settings, parse_duration};

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Serialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    Ko,
    En,
}

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Auto,
    Csv,
    Tsv,
    Xlsx,
    Jsonl,
    Json,
    Parquet,
}

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    #[default]
    #[serde(rename = "auto")]
    Auto,
    #[serde(rename = "utf-8", alias = "utf8", alias = "UTF-8")]
    Utf8,
    #[serde(rename = "cp949", alias = "euc-kr", alias = "CP949", alias = "EUC-KR", alias = "euckr")]
    Cp949,
}

pub use crate::model::InputKind;

/// How to open the files of an input or of a join.
#[derive(Debug, Clone)]
pub struct FileOptions {
    pub files: Vec<PathBuf>,
    pub format: Format,
    pub encoding: Encoding,
    pub sheet: Option<String>,
    pub header_row: Option<usize>,
    pub password_env: Option<String>,
}

/// A source column per mapped field (several for joined fields such as `text`).
#[derive(Debug, Clone)]
pub struct Mapping {
    pub field: Field,
    pub columns: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Join {
    pub file: FileOptions,
    /// This input's field that is the key, and the other file's column holding it.
    pub key: Field,
    pub key_column: String,
    /// Fields taken from the other file: field, column there.
    pub columns: Vec<(Field, String)>,
    /// Where the key matched, the joined value replaces the one the row already has (a
    /// translation table); otherwise a join may only fill fields nothing else gives.
    pub overwrite: bool,
}

/// `{column-or-field: [values]}`; a value may start or end with `*` (prefix/suffix/contains).
#[derive(Debug, Clone, Default)]
pub struct ValueFilter(pub Vec<(String, Vec<String>)>);

#[derive(Debug, Clone, Default)]
pub struct AuthorValues {
    pub customer: Vec<String>,
    pub agent: Vec<String>,
    pub bot: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Input {
    pub kind: InputKind,
    /// The source's name when the input is one of several (`inputs.conversations` as a list).
    pub name: Option<String>,
    /// Constant values for fields the export has no column for (`set: { channel: 전화 }`).
    pub set: Vec<(Field, String)>,
    /// A conversation source's own messages (a Channel Talk download in a list of sources: its
    /// preset reads the chats and their messages from the same file).
    pub messages: Option<Box<Input>>,
    pub file: FileOptions,
    /// chrono formats tried in order; empty = the built-in forms (`auto`).
    pub timestamp_formats: Vec<String>,
    pub columns: Vec<Mapping>,
    pub joins: Vec<Join>,
    pub exclude: ValueFilter,
    pub return_when: ValueFilter,
    pub author_values: AuthorValues,
    pub tag_separator: regex::Regex,
    /// How the export writes money (docs/inputs.md "Numbers").
    pub numbers: Numbers,
    /// Cell values read as others, per field (a cell's trimmed text → the value used).
    pub values: Vec<(Field, BTreeMap<String, String>)>,
    /// Earlier shapes of the export: one replaces `columns`, `exclude` and `values` when the
    /// first file's header has its columns and not these (`read::shape`).
    pub earlier: Vec<Shape>,
}

/// An earlier shape of an export: its name ("2025 download") and mapping.
#[derive(Debug, Clone)]
pub struct Shape {
    pub name: String,
    pub columns: Vec<Mapping>,
    pub exclude: ValueFilter,
    pub values: Vec<(Field, BTreeMap<String, String>)>,
}

/// How an input's money is read: its decimal and thousands separators when the config says
/// them (`number_format`), else told from each cell by the currency's minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Numbers {
    pub decimal: Option<char>,
    pub thousands: Option<char>,
    /// Digits after the decimal point in the currency: 0 for KRW, JPY, VND; 2 otherwise.
    pub minor_units: u8,
}

/// The minor units of a currency (ISO 4217; the ones without a minor unit that voc's users meet).
pub fn minor_units(currency: &str) -> u8 {
    if matches!(currency.to_ascii_uppercase().as_str(), "KRW" | "JPY" | "VND" | "CLP" | "ISK" | "TWD" | "HUF" | "IDR") {
        0
    } else {
        2
    }
}

impl Input {
    /// The source columns a row's identity is read from (docs/trust.md): a conversation's id;
    /// a sales or returns line's `line_id` within its order (`order_id`, `line_id`).
    pub fn key_columns(&self) -> Vec<String> {
        let fields: &[Field] = match self.kind {
            InputKind::Conversations => &[Field::Id],
            InputKind::Messages => &[Field::MessageId],
            InputKind::Sales | InputKind::Returns if self.maps(Field::LineId) => &[Field::OrderId, Field::LineId],
            InputKind::Sales | InputKind::Returns => &[],
        };
        fields.iter().filter_map(|f| self.columns.iter().find(|m| m.field == *f).map(|m| m.columns.join("+"))).collect()
    }

    /// Whether the field has a source, a column or a join.
    pub fn maps(&self, field: Field) -> bool {
        self.columns.iter().any(|m| m.field == field)
            || self.joins.iter().any(|j| j.columns.iter().any(|(f, _)| *f == field))
            || self.set.iter().any(|(f, _)| *f == field)
    }

    /// How rejects and the data-quality section name it: `conversations`, `conversations.phone`.
    pub fn label(&self) -> String {
        match &self.name {
            Some(n) => format!("{}.{n}", self.kind.name()),
            None => self.kind.name().to_string(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// One source, or several named ones (docs/config.md "Several sources").
    pub conversations: Vec<Input>,
    pub messages: Option<Input>,
    pub sales: Option<Input>,
    pub returns: Option<Input>,
}

impl Inputs {
    pub fn all(&self) -> impl Iterator<Item = &Input> {
        self.conversations.iter().chain([&self.messages, &self.sales, &self.returns].into_iter().flatten())
    }

    /// With several conversation sources, the report's fields that some sources give and others
    /// do not: (field, the sources without it). Their conversations count as empty there (no
    /// first response reads as unanswered), so the report says so.
    pub fn partial_fields(&self) -> Vec<(&'static str, Vec<String>)> {
        if self.conversations.len() < 2 {
            return Vec::new();
        }
        let groups: [(&str, &[Field]); 11] = [
            ("first_response_at", &[Field::FirstResponseAt, Field::FirstResponseSeconds, Field::FirstResponseMinutes]),
            ("resolved_at", &[Field::ResolvedAt, Field::ResolutionSeconds, Field::ResolutionMinutes]),
            ("channel", &[Field::Channel]),
            ("product_id", &[Field::ProductId, Field::OrderId]),
            ("customer_id", &[Field::CustomerId]),
            ("segment", &[Field::Segment]),
            ("tags", &[Field::Tags]),
            ("assignee", &[Field::Assignee]),
            ("ces", &[Field::Ces]),
            ("csat", &[Field::Csat]),
            ("nps", &[Field::Nps]),
        ];
        let gives = |c: &Input, fs: &[Field]| {
            fs.iter().any(|f| c.maps(*f) || c.messages.as_deref().is_some_and(|m| m.maps(*f) || *f == Field::FirstResponseAt))
        };
        groups
            .iter()
            .filter_map(|(name, fs)| {
                let without: Vec<String> =
                    self.conversations.iter().filter(|c| !gives(c, fs)).filter_map(|c| c.name.clone()).collect();
                (!without.is_empty() && without.len() < self.conversations.len()).then(|| (*name, without))
            })
            .collect()
    }

    /// Every messages input: the top-level one, or the sources' own.
    pub fn all_messages(&self) -> impl Iterator<Item = &Input> {
        self.messages.iter().chain(self.conversations.iter().filter_map(|c| c.messages.as_deref()))
    }

    /// Whether some conversation source (or some messages input) gives the field.
    pub fn conversations_map(&self, field: Field) -> bool {
        self.conversations.iter().chain(self.all_messages()).any(|i| i.maps(field))
    }
}

/// First-response targets per class, in seconds.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Targets {
    pub simple: Option<f64>,
    pub revenue: Option<f64>,
    pub other: Option<f64>,
    pub unclassified: Option<f64>,
    pub all: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BusinessHours {
    pub days: Vec<Weekday>,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub holidays: Vec<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub top_products: usize,
    pub targets: Targets,
    pub business_hours: Option<BusinessHours>,
    pub ces_target: Option<f64>,
    pub handle_minutes: f64,
    pub deflection_rate: f64,
    pub agent_hourly_cost: Option<f64>,
    pub spike_baseline_days: u32,
    pub spike_min_count: u64,
    /// Periods in the trend, the current one included.
    pub trend_periods: usize,
    pub notes_dir: Option<PathBuf>,
    pub templates_dir: Option<PathBuf>,
    pub max_rejected_share: f64,
    pub max_unclassified_share: f64,
    /// More duplicates than this share of an input's valid rows fails the gate (docs/trust.md).
    pub max_duplicate_share: f64,
    /// A first response later than this after creation is implausible: `invalid` (too late).
    pub max_response_s: f64,
    /// An order of the same customer this long after a conversation converts it (default 72h).
    pub conversion_window_s: f64,
    /// Where a conversation opens in the helpdesk: `{id}` (and `{source}`) filled in.
    pub conversation_url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Email {
    pub ca_file: Option<PathBuf>,
    pub host: String,
    pub port: u16,
    pub starttls: bool,
    pub tls: bool,
    pub username: Option<String>,
    pub password_env: Option<String>,
    pub from: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: String,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub path: PathBuf,
    pub timezone: Tz,
    pub locale: Locale,
    pub currency: String,
    pub revenue_unit: f64,
    pub output_dir: PathBuf,
    pub taxonomy: PathBuf,
    pub inputs: Inputs,
    pub report: Report,
    pub email: Option<Email>,
}
