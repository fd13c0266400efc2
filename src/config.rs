//! `voc.yaml` (docs/config.md): serde structs that reject unknown keys, presets merged under the
//! user's settings, and one `load` that turns the raw file into a validated [`Config`] with
//! absolute paths. Every error names the file and the line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::{NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error;
use crate::yaml::{self, OneOrMany, Scalar};

// ---------------------------------------------------------------------------------------------
// Canonical fields

/// Declares [`Field`], its names in the config and the list of all of them, from one table.
macro_rules! canonical_fields {
    ($($v:ident => $n:literal),* $(,)?) => {
        /// Every canonical field an input can map (docs/config.md). Each input kind accepts a subset.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Field { $($v),* }

        impl Field {
            pub const ALL: &[Field] = &[$(Field::$v),*];

            pub fn name(self) -> &'static str {
                match self { $(Field::$v => $n),* }
            }
        }
    };
}

canonical_fields! {
    Id => "id",
    CreatedAt => "created_at",
    FirstResponseAt => "first_response_at",
    FirstResponseSeconds => "first_response_seconds",
    FirstResponseMinutes => "first_response_minutes",
    Text => "text",
    Channel => "channel",
    ProductId => "product_id",
    OrderId => "order_id",
    CustomerId => "customer_id",
    Tags => "tags",
    Segment => "segment",
    Ces => "ces",
    Csat => "csat",
    Nps => "nps",
    Category => "category",
    ConversationId => "conversation_id",
    MessageId => "message_id",
    ReplyTo => "reply_to",
    SentAt => "sent_at",
    Author => "author",
    Date => "date",
    LineId => "line_id",
    ProductName => "product_name",
    Quantity => "quantity",
    Revenue => "revenue",
    Status => "status",
}

impl Field {
    /// The field a config key names (`created_at` → [`Field::CreatedAt`]).
    pub fn named(name: &str) -> Option<Field> {
        Field::ALL.iter().copied().find(|f| f.name() == name)
    }

    /// Fields whose several columns are joined with a newline; any other field joins with a
    /// space (so `created_at: [Date, Time]` reads "22-Apr-15 3:53:50 PM").
    pub fn joins_with_newline(self) -> bool {
        matches!(self, Field::Text)
    }
}

/// Declares the fields one input kind accepts, as a serde enum: a typo in `columns:` is then
/// an "unknown variant" error with its line and the list of valid names.
macro_rules! field_keys {
    ($name:ident { $($v:ident),* $(,)? }) => {
        #[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($v),* }
        impl From<$name> for Field {
            fn from(f: $name) -> Field { match f { $($name::$v => Field::$v),* } }
        }
    };
}

field_keys!(ConversationKey {
    Id,
    CreatedAt,
    FirstResponseAt,
    FirstResponseSeconds,
    FirstResponseMinutes,
    Text,
    Channel,
    ProductId,
    OrderId,
    CustomerId,
    Tags,
    Segment,
    Ces,
    Csat,
    Nps,
    Category,
});
field_keys!(MessageKey {
    ConversationId,
    MessageId,
    ReplyTo,
    SentAt,
    Author,
    Text,
    Channel,
    ProductId,
    OrderId,
    CustomerId,
    Tags,
    Segment,
    Ces,
    Csat,
    Nps,
    Category,
});
field_keys!(SalesKey { Date, OrderId, LineId, ProductId, ProductName, Category, Quantity, Revenue, Status });
field_keys!(ReturnsKey { Date, OrderId, LineId, ProductId, Quantity });

// ---------------------------------------------------------------------------------------------
// Raw file structs

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    timezone: Option<String>,
    locale: Option<Locale>,
    currency: Option<String>,
    revenue_unit: Option<f64>,
    output_dir: Option<String>,
    taxonomy: Option<String>,
    inputs: RawInputs,
    #[serde(default)]
    report: RawReport,
    email: Option<RawEmail>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
struct RawInputs {
    conversations: Option<RawInput<ConversationKey>>,
    messages: Option<RawInput<MessageKey>>,
    sales: Option<RawInput<SalesKey>>,
    returns: Option<RawInput<ReturnsKey>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields, bound(deserialize = "K: Deserialize<'de> + Ord"))]
struct RawInput<K> {
    preset: Option<String>,
    paths: Option<OneOrMany>,
    format: Option<Format>,
    encoding: Option<Encoding>,
    timestamp_format: Option<OneOrMany>,
    #[serde(default = "BTreeMap::new")]
    columns: BTreeMap<K, OneOrMany>,
    author_values: Option<RawAuthorValues>,
    #[serde(default = "Vec::new")]
    join: Vec<RawJoin<K>>,
    #[serde(default)]
    exclude: BTreeMap<Scalar, OneOrMany>,
    #[serde(default)]
    return_when: BTreeMap<Scalar, OneOrMany>,
    sheet: Option<String>,
    header_row: Option<usize>,
    password_env: Option<String>,
    tag_separator: Option<String>,
}

impl<K: Ord + Clone> RawInput<K> {
    /// The user's settings over a preset's: scalars replace, maps merge key by key.
    fn over(self, preset: RawInput<K>) -> RawInput<K> {
        let mut columns = preset.columns;
        columns.extend(self.columns);
        let mut exclude = preset.exclude;
        exclude.extend(self.exclude);
        let mut return_when = preset.return_when;
        return_when.extend(self.return_when);
        RawInput {
            preset: self.preset,
            paths: self.paths.or(preset.paths),
            format: self.format.or(preset.format),
            encoding: self.encoding.or(preset.encoding),
            timestamp_format: self.timestamp_format.or(preset.timestamp_format),
            columns,
            author_values: self.author_values.or(preset.author_values),
            join: if self.join.is_empty() { preset.join } else { self.join },
            exclude,
            return_when,
            sheet: self.sheet.or(preset.sheet),
            header_row: self.header_row.or(preset.header_row),
            password_env: self.password_env.or(preset.password_env),
            tag_separator: self.tag_separator.or(preset.tag_separator),
        }
    }
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields, bound(deserialize = "K: Deserialize<'de> + Ord"))]
struct RawJoin<K> {
    paths: OneOrMany,
    on: BTreeMap<K, Scalar>,
    columns: BTreeMap<K, Scalar>,
    format: Option<Format>,
    encoding: Option<Encoding>,
    sheet: Option<String>,
    header_row: Option<usize>,
    password_env: Option<String>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
struct RawAuthorValues {
    #[serde(default)]
    customer: OneOrMany,
    #[serde(default)]
    agent: OneOrMany,
    #[serde(default)]
    bot: OneOrMany,
}

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
struct RawReport {
    top_products: Option<usize>,
    #[serde(default)]
    first_response_targets: BTreeMap<TargetClass, Scalar>,
    business_hours: Option<RawBusinessHours>,
    ces_target: Option<f64>,
    handle_minutes: Option<f64>,
    deflection_rate: Option<f64>,
    spike: Option<RawSpike>,
    notes_dir: Option<String>,
    templates_dir: Option<String>,
    quality_gate: Option<RawGate>,
}

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
enum TargetClass {
    Simple,
    Revenue,
    Other,
    Unclassified,
    All,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct RawBusinessHours {
    days: Vec<Scalar>,
    start: Scalar,
    end: Scalar,
    #[serde(default)]
    holidays: Vec<Scalar>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct RawSpike {
    baseline_days: Option<u32>,
    min_count: Option<u64>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct RawGate {
    max_rejected_share: Option<f64>,
    max_unclassified_share: Option<f64>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct RawEmail {
    smtp: RawSmtp,
    password_env: Option<String>,
    from: String,
    to: OneOrMany,
    #[serde(default)]
    cc: OneOrMany,
    subject: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct RawSmtp {
    host: String,
    port: Option<u16>,
    #[serde(default)]
    starttls: bool,
    #[serde(default)]
    tls: bool,
    username: Option<String>,
    /// A PEM file of extra trusted root certificates (a company relay with a private CA).
    ca_file: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Resolved config

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
    pub file: FileOptions,
    /// chrono formats tried in order; empty = the built-in forms (`auto`).
    pub timestamp_formats: Vec<String>,
    pub columns: Vec<Mapping>,
    pub joins: Vec<Join>,
    pub exclude: ValueFilter,
    pub return_when: ValueFilter,
    pub author_values: AuthorValues,
    pub tag_separator: regex::Regex,
}

impl Input {
    /// Whether the field has a source, a column or a join.
    pub fn maps(&self, field: Field) -> bool {
        self.columns.iter().any(|m| m.field == field) || self.joins.iter().any(|j| j.columns.iter().any(|(f, _)| *f == field))
    }
}

#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub conversations: Option<Input>,
    pub messages: Option<Input>,
    pub sales: Option<Input>,
    pub returns: Option<Input>,
}

impl Inputs {
    pub fn all(&self) -> impl Iterator<Item = &Input> {
        [&self.conversations, &self.messages, &self.sales, &self.returns].into_iter().flatten()
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
    pub spike_baseline_days: u32,
    pub spike_min_count: u64,
    pub notes_dir: Option<PathBuf>,
    pub templates_dir: Option<PathBuf>,
    pub max_rejected_share: f64,
    pub max_unclassified_share: f64,
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

// ---------------------------------------------------------------------------------------------
// Loading

/// The presets shipped in `config/presets/`, compiled in so that a config anywhere can use
/// them; a `presets/NAME.yaml` beside the user's config takes precedence.
pub const PRESETS: &[(&str, &str)] = &[
    ("channel_talk", include_str!("../config/presets/channel_talk.yaml")),
    ("zendesk", include_str!("../config/presets/zendesk.yaml")),
    ("freshdesk", include_str!("../config/presets/freshdesk.yaml")),
    ("smartstore", include_str!("../config/presets/smartstore.yaml")),
    ("cafe24", include_str!("../config/presets/cafe24.yaml")),
];

/// A preset file: one input fragment per input kind it knows.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct RawPreset {
    #[allow(dead_code)]
    description: Option<String>,
    conversations: Option<RawInput<ConversationKey>>,
    messages: Option<RawInput<MessageKey>>,
    sales: Option<RawInput<SalesKey>>,
    returns: Option<RawInput<ReturnsKey>>,
}

struct Ctx<'a> {
    path: &'a Path,
    dir: &'a Path,
    src: &'a str,
    /// Expand input globs and require them to match (off for taxonomy-only commands).
    inputs: bool,
}

impl Ctx<'_> {
    fn err(&self, keys: &[&str], msg: impl std::fmt::Display) -> anyhow::Error {
        error::config(format!("{}{}", yaml::at(self.path, self.src, keys), msg))
    }
    /// A path from the file, relative to the config's folder, lexically cleaned
    /// (`config/../fixtures/x` → `fixtures/x`).
    fn resolve(&self, p: &str) -> PathBuf {
        let p = Path::new(p);
        let full = if p.is_absolute() { p.to_path_buf() } else { self.dir.join(p) };
        PathBuf::from(crate::model::clean_path(&full))
    }
}

pub fn load(path: &Path) -> Result<Config> {
    load_with(path, true)
}

/// The config for commands that need only the taxonomy and settings: input globs are not
/// expanded, so `voc taxonomy check` works before any export is in place.
pub fn load_settings(path: &Path) -> Result<Config> {
    load_with(path, false)
}

fn load_with(path: &Path, inputs: bool) -> Result<Config> {
    let src = std::fs::read_to_string(path).map_err(|e| error::config(format!("cannot read config {}: {e}", path.display())))?;
    let raw: RawConfig = yaml::parse(path, &src)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let cx = Ctx { path, dir, src: &src, inputs };

    let tz_name = raw.timezone.as_deref().unwrap_or("Asia/Seoul");
    let timezone: Tz = tz_name
        .parse()
        .map_err(|_| cx.err(&["timezone"], format!("unknown time zone `{tz_name}` (use an IANA name such as Asia/Seoul)")))?;
    let revenue_unit = raw.revenue_unit.unwrap_or(1_000_000.0);
    if !(revenue_unit.is_finite() && revenue_unit > 0.0) {
        return Err(cx.err(&["revenue_unit"], "revenue_unit must be a positive number"));
    }

    let inputs = Inputs {
        conversations: resolve_input(&cx, InputKind::Conversations, raw.inputs.conversations, |p| p.conversations)?,
        messages: resolve_input(&cx, InputKind::Messages, raw.inputs.messages, |p| p.messages)?,
        sales: resolve_input(&cx, InputKind::Sales, raw.inputs.sales, |p| p.sales)?,
        returns: resolve_input(&cx, InputKind::Returns, raw.inputs.returns, |p| p.returns)?,
    };
    if inputs.conversations.is_none() && inputs.messages.is_none() {
        return Err(cx.err(&["inputs"], "inputs needs `conversations:` or `messages:`"));
    }
    check_required(&cx, &inputs)?;

    Ok(Config {
        timezone,
        locale: raw.locale.unwrap_or(Locale::Ko),
        currency: raw.currency.unwrap_or_else(|| "KRW".into()),
        revenue_unit,
        output_dir: cx.resolve(raw.output_dir.as_deref().unwrap_or("reports")),
        taxonomy: cx.resolve(raw.taxonomy.as_deref().unwrap_or("taxonomy.yaml")),
        report: resolve_report(&cx, raw.report)?,
        email: raw.email.map(|e| resolve_email(&cx, e)).transpose()?,
        inputs,
        path: path.to_path_buf(),
    })
}

/// The fields without which an input's rows mean nothing.
fn check_required(cx: &Ctx, inputs: &Inputs) -> Result<()> {
    let need: [(&Option<Input>, &[Field]); 4] = [
        (&inputs.conversations, &[Field::Id]),
        (&inputs.messages, &[Field::SentAt, Field::Author]),
        (&inputs.sales, &[Field::Date, Field::Revenue]),
        (&inputs.returns, &[Field::Date]),
    ];
    for (input, fields) in need {
        let Some(input) = input else { continue };
        for f in fields {
            if !input.maps(*f) {
                return Err(cx.err(
                    &["inputs", input.kind.name()],
                    format!("inputs.{} must map `{}` (in columns: or a join)", input.kind.name(), f.name()),
                ));
            }
        }
    }
    if let Some(m) = &inputs.messages {
        if !m.maps(Field::ConversationId) && !m.maps(Field::ReplyTo) {
            return Err(cx.err(
                &["inputs", "messages"],
                "inputs.messages must map `conversation_id`, or `message_id` with `reply_to` for reply chains",
            ));
        }
        if m.maps(Field::ReplyTo) && !m.maps(Field::MessageId) {
            return Err(cx.err(&["inputs", "messages"], "inputs.messages maps `reply_to` but not `message_id`"));
        }
        if inputs.conversations.is_some() && !m.maps(Field::ConversationId) {
            return Err(cx.err(
                &["inputs", "messages"],
                "with both conversations and messages, messages must map `conversation_id` (the conversation's id)",
            ));
        }
    }
    Ok(())
}

fn load_preset<K>(cx: &Ctx, kind: InputKind, name: &str, pick: impl Fn(RawPreset) -> Option<RawInput<K>>) -> Result<RawInput<K>>
where
    K: DeserializeOwned + Ord,
{
    let local = cx.dir.join("presets").join(format!("{name}.yaml"));
    let (file, text) = if local.is_file() {
        let t =
            std::fs::read_to_string(&local).map_err(|e| error::config(format!("cannot read preset {}: {e}", local.display())))?;
        (local, t)
    } else if let Some((_, t)) = PRESETS.iter().find(|(n, _)| *n == name) {
        (PathBuf::from(format!("<built-in preset {name}>")), t.to_string())
    } else {
        let known: Vec<&str> = PRESETS.iter().map(|(n, _)| *n).collect();
        return Err(cx.err(&["inputs", kind.name(), "preset"], format!("unknown preset `{name}` (known: {})", known.join(", "))));
    };
    let preset: RawPreset = yaml::parse(&file, &text)?;
    pick(preset)
        .ok_or_else(|| cx.err(&["inputs", kind.name(), "preset"], format!("preset `{name}` has no settings for {}", kind.name())))
}

fn resolve_input<K>(
    cx: &Ctx,
    kind: InputKind,
    raw: Option<RawInput<K>>,
    pick: impl Fn(RawPreset) -> Option<RawInput<K>>,
) -> Result<Option<Input>>
where
    K: DeserializeOwned + Ord + Copy + Into<Field>,
{
    let Some(mut raw) = raw else { return Ok(None) };
    if let Some(name) = raw.preset.clone() {
        let preset = load_preset(cx, kind, &name, pick)?;
        raw = raw.over(preset);
    }
    let keys = ["inputs", kind.name()];
    let sub = |k: &'static str| [keys[0], keys[1], k];
    let paths = raw.paths.ok_or_else(|| cx.err(&keys, format!("inputs.{} needs `paths:`", kind.name())))?;
    let file = FileOptions {
        files: expand(cx, &sub("paths"), &paths)?,
        format: raw.format.unwrap_or_default(),
        encoding: raw.encoding.unwrap_or_default(),
        sheet: raw.sheet,
        header_row: raw.header_row,
        password_env: raw.password_env,
    };
    if file.header_row == Some(0) {
        return Err(cx.err(&sub("header_row"), "header_row is 1-based"));
    }
    let mut columns = Vec::new();
    for (k, cols) in raw.columns {
        let field: Field = k.into();
        if cols.0.is_empty() || cols.0.iter().any(|c| c.trim().is_empty()) {
            return Err(cx.err(&sub("columns"), format!("`{}` maps an empty column name", field.name())));
        }
        columns.push(Mapping { field, columns: cols.0.into_iter().map(|s| s.0).collect() });
    }
    let mut joins = Vec::new();
    for j in raw.join {
        let jkeys = sub("join");
        if j.on.len() != 1 {
            return Err(cx.err(&jkeys, "a join's `on:` names exactly one field: its column in the other file"));
        }
        let (key, key_column) = j.on.into_iter().next().expect("one entry");
        let key: Field = key.into();
        let jcols: Vec<(Field, String)> = j.columns.into_iter().map(|(k, c)| (k.into(), c.0)).collect();
        for (f, _) in &jcols {
            if columns.iter().any(|m| m.field == *f) {
                return Err(cx.err(&jkeys, format!("`{}` is mapped both in columns: and in a join", f.name())));
            }
        }
        let key_known =
            columns.iter().any(|m| m.field == key) || joins.iter().any(|p: &Join| p.columns.iter().any(|(f, _)| *f == key));
        if !key_known {
            return Err(
                cx.err(&jkeys, format!("the join key `{}` is not mapped in columns: (or by an earlier join)", key.name()))
            );
        }
        let paths = j.paths;
        joins.push(Join {
            file: FileOptions {
                files: expand(cx, &jkeys, &paths)?,
                format: j.format.unwrap_or_default(),
                encoding: j.encoding.unwrap_or_default(),
                sheet: j.sheet,
                header_row: j.header_row,
                password_env: j.password_env,
            },
            key,
            key_column: key_column.0,
            columns: jcols,
        });
    }
    let filter = |m: BTreeMap<Scalar, OneOrMany>| {
        ValueFilter(m.into_iter().map(|(k, v)| (k.0, v.0.into_iter().map(|s| s.0).collect())).collect())
    };
    if kind != InputKind::Sales && !raw.return_when.is_empty() {
        return Err(cx.err(&sub("return_when"), "return_when applies to sales only"));
    }
    if kind != InputKind::Messages && raw.author_values.is_some() {
        return Err(cx.err(&sub("author_values"), "author_values applies to messages only"));
    }
    let author_values = match raw.author_values {
        Some(a) => AuthorValues {
            customer: a.customer.0.into_iter().map(|s| s.0).collect(),
            agent: a.agent.0.into_iter().map(|s| s.0).collect(),
            bot: a.bot.0.into_iter().map(|s| s.0).collect(),
        },
        None => AuthorValues {
            customer: vec!["customer".into(), "user".into()],
            agent: vec!["agent".into(), "manager".into()],
            bot: vec!["bot".into()],
        },
    };
    let sep = raw.tag_separator.as_deref().unwrap_or("[,;\\n]");
    let tag_separator =
        regex::Regex::new(sep).map_err(|e| cx.err(&sub("tag_separator"), format!("tag_separator is not a valid regex: {e}")))?;
    let timestamp_formats: Vec<String> = raw.timestamp_format.map(|f| f.0.into_iter().map(|s| s.0).collect()).unwrap_or_default();
    Ok(Some(Input {
        kind,
        file,
        timestamp_formats,
        columns,
        joins,
        exclude: filter(raw.exclude),
        return_when: filter(raw.return_when),
        author_values,
        tag_separator,
    }))
}

/// Resolve globs against the config's folder; sorted, each pattern must match something.
fn expand(cx: &Ctx, keys: &[&str], paths: &OneOrMany) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if !cx.inputs {
        return Ok(out);
    }
    for p in &paths.0 {
        let full = cx.resolve(p);
        let pattern = full.to_string_lossy().to_string();
        let mut found: Vec<PathBuf> = glob::glob(&pattern)
            .map_err(|e| cx.err(keys, format!("`{}` is not a valid glob: {e}", p.0)))?
            .filter_map(|r| r.ok())
            .filter(|p| p.is_file())
            .collect();
        if found.is_empty() {
            return Err(cx.err(keys, format!("`{}` matches no file (looked for {})", p.0, full.display())));
        }
        found.sort();
        out.extend(found);
    }
    out.dedup();
    Ok(out)
}

/// `30m`, `1h30m`, `90s`, `2h`, or a plain number of seconds.
pub fn parse_duration(s: &str) -> Option<f64> {
    let s = s.trim();
    if let Ok(v) = s.parse::<f64>() {
        return (v.is_finite() && v >= 0.0).then_some(v);
    }
    let mut total = 0.0;
    let mut num = String::new();
    let mut any = false;
    for c in s.chars() {
        if c.is_ascii_digit() || c == '.' {
            num.push(c);
        } else if c.is_whitespace() {
            continue;
        } else {
            let unit = match c {
                'h' => 3600.0,
                'm' => 60.0,
                's' => 1.0,
                'd' => 86400.0,
                _ => return None,
            };
            let v: f64 = num.parse().ok()?;
            total += v * unit;
            num.clear();
            any = true;
        }
    }
    (any && num.is_empty()).then_some(total)
}

fn resolve_report(cx: &Ctx, r: RawReport) -> Result<Report> {
    let mut targets = Targets::default();
    for (class, v) in &r.first_response_targets {
        let secs = parse_duration(v).ok_or_else(|| {
            cx.err(&["report", "first_response_targets"], format!("`{}` is not a duration (like 30m, 1h, 90s)", v.0))
        })?;
        let slot = match class {
            TargetClass::Simple => &mut targets.simple,
            TargetClass::Revenue => &mut targets.revenue,
            TargetClass::Other => &mut targets.other,
            TargetClass::Unclassified => &mut targets.unclassified,
            TargetClass::All => &mut targets.all,
        };
        *slot = Some(secs);
    }
    let business_hours = r.business_hours.map(|b| resolve_hours(cx, b)).transpose()?;
    let gate = r.quality_gate.unwrap_or(RawGate { max_rejected_share: None, max_unclassified_share: None });
    let share = |v: Option<f64>, d: f64, key: &str| -> Result<f64> {
        let v = v.unwrap_or(d);
        if (0.0..=1.0).contains(&v) {
            Ok(v)
        } else {
            Err(cx.err(&["report", key], format!("{key} must be a share between 0 and 1, not {v}")))
        }
    };
    let handle_minutes = r.handle_minutes.unwrap_or(6.0);
    if !(handle_minutes.is_finite() && handle_minutes >= 0.0) {
        return Err(cx.err(&["report", "handle_minutes"], "handle_minutes must be a non-negative number"));
    }
    let spike = r.spike.unwrap_or(RawSpike { baseline_days: None, min_count: None });
    Ok(Report {
        top_products: r.top_products.unwrap_or(10),
        targets,
        business_hours,
        ces_target: r.ces_target,
        handle_minutes,
        deflection_rate: share(r.deflection_rate, 0.5, "deflection_rate")?,
        spike_baseline_days: spike.baseline_days.unwrap_or(28),
        spike_min_count: spike.min_count.unwrap_or(5),
        notes_dir: r.notes_dir.map(|d| cx.resolve(&d)),
        templates_dir: r.templates_dir.map(|d| cx.resolve(&d)),
        max_rejected_share: share(gate.max_rejected_share, 0.02, "max_rejected_share")?,
        max_unclassified_share: share(gate.max_unclassified_share, 0.30, "max_unclassified_share")?,
    })
}

fn resolve_hours(cx: &Ctx, b: RawBusinessHours) -> Result<BusinessHours> {
    let keys = ["report", "business_hours"];
    let mut days = Vec::new();
    for d in &b.days {
        let day = match d.to_ascii_lowercase().as_str() {
            "mon" | "monday" | "월" => Weekday::Mon,
            "tue" | "tuesday" | "화" => Weekday::Tue,
            "wed" | "wednesday" | "수" => Weekday::Wed,
            "thu" | "thursday" | "목" => Weekday::Thu,
            "fri" | "friday" | "금" => Weekday::Fri,
            "sat" | "saturday" | "토" => Weekday::Sat,
            "sun" | "sunday" | "일" => Weekday::Sun,
            _ => return Err(cx.err(&keys, format!("`{}` is not a weekday (mon … sun)", d.0))),
        };
        days.push(day);
    }
    let time = |s: &Scalar| {
        NaiveTime::parse_from_str(s, "%H:%M")
            .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M:%S"))
            .map_err(|_| cx.err(&keys, format!("`{}` is not a time of day like 10:00", s.0)))
    };
    let (start, end) = (time(&b.start)?, time(&b.end)?);
    if end <= start {
        return Err(cx.err(&keys, "business_hours: end must be after start"));
    }
    let mut holidays = Vec::new();
    for h in &b.holidays {
        let d = NaiveDate::parse_from_str(h, "%Y-%m-%d")
            .map_err(|_| cx.err(&keys, format!("holiday `{}` is not a date like 2026-01-01", h.0)))?;
        holidays.push(d);
    }
    holidays.sort();
    holidays.dedup();
    Ok(BusinessHours { days, start, end, holidays })
}

fn resolve_email(cx: &Ctx, e: RawEmail) -> Result<Email> {
    if e.smtp.starttls && e.smtp.tls {
        return Err(cx.err(&["email", "smtp"], "choose starttls or tls (implicit TLS), not both"));
    }
    let to: Vec<String> = e.to.0.into_iter().map(|s| s.0).collect();
    if to.is_empty() {
        return Err(cx.err(&["email", "to"], "email.to needs at least one recipient"));
    }
    Ok(Email {
        ca_file: e.smtp.ca_file.as_deref().map(|p| cx.resolve(p)),
        port: e.smtp.port.unwrap_or(if e.smtp.tls {
            465
        } else if e.smtp.starttls {
            587
        } else {
            25
        }),
        host: e.smtp.host,
        starttls: e.smtp.starttls,
        tls: e.smtp.tls,
        username: e.smtp.username,
        password_env: e.password_env,
        from: e.from,
        to,
        cc: e.cc.0.into_iter().map(|s| s.0).collect(),
        subject: e.subject.unwrap_or_else(|| "[CS report] {period}".into()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_found_by_its_name_which_is_its_serde_name() {
        assert_eq!(Field::ALL.len(), 27);
        for &f in Field::ALL {
            assert_eq!(Field::named(f.name()), Some(f));
            assert_eq!(serde_json::to_string(&f).unwrap(), format!("\"{}\"", f.name()));
        }
        assert_eq!(Field::named("created"), None);
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30m"), Some(1800.0));
        assert_eq!(parse_duration("1h30m"), Some(5400.0));
        assert_eq!(parse_duration("90s"), Some(90.0));
        assert_eq!(parse_duration("45"), Some(45.0));
        assert_eq!(parse_duration("1m"), Some(60.0));
        assert_eq!(parse_duration("soon"), None);
        assert_eq!(parse_duration("30"), Some(30.0));
        assert_eq!(parse_duration("3x"), None);
        assert_eq!(parse_duration("5m3"), None);
    }
}
