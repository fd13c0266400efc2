//! From the raw file to a validated [`Config`]: presets merged under the user's settings,
//! paths made absolute and globs expanded, every error with the file and the line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::{NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::raw::*;
use super::*;
use crate::error;
use crate::yaml::{self, OneOrMany, Scalar};

/// The presets shipped in `config/presets/`, compiled in so that a config anywhere can use
/// them; a `presets/NAME.yaml` beside the user's config takes precedence.
pub const PRESETS: &[(&str, &str)] = &[
    ("channel_talk", include_str!("../../config/presets/channel_talk.yaml")),
    ("zendesk", include_str!("../../config/presets/zendesk.yaml")),
    ("freshdesk", include_str!("../../config/presets/freshdesk.yaml")),
    ("smartstore", include_str!("../../config/presets/smartstore.yaml")),
    ("cafe24", include_str!("../../config/presets/cafe24.yaml")),
];

/// A preset file: one input fragment per input kind it knows.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPreset {
    #[allow(dead_code)]
    description: Option<String>,
    conversations: Option<RawInput<ConversationKey>>,
    messages: Option<RawInput<MessageKey>>,
    sales: Option<RawInput<SalesKey>>,
    returns: Option<RawInput<ReturnsKey>>,
}

pub(super) struct Ctx<'a> {
    path: &'a Path,
    dir: &'a Path,
    src: &'a str,
    /// Expand input globs and require them to match (off for taxonomy-only commands).
    inputs: bool,
    /// The config's currency's minor units (how money cells are read).
    minor_units: u8,
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

pub(super) fn load_with(path: &Path, inputs: bool) -> Result<Config> {
    let src = std::fs::read_to_string(path).map_err(|e| error::config(format!("cannot read config {}: {e}", path.display())))?;
    let raw: RawConfig = yaml::parse(path, &src)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let cx = Ctx { path, dir, src: &src, inputs, minor_units: minor_units(raw.currency.as_deref().unwrap_or("KRW")) };

    let tz_name = raw.timezone.as_deref().unwrap_or("Asia/Seoul");
    let timezone: Tz = tz_name
        .parse()
        .map_err(|_| cx.err(&["timezone"], format!("unknown time zone `{tz_name}` (use an IANA name such as Asia/Seoul)")))?;
    let revenue_unit = raw.revenue_unit.unwrap_or(1_000_000.0);
    if !(revenue_unit.is_finite() && revenue_unit > 0.0) {
        return Err(cx.err(&["revenue_unit"], "revenue_unit must be a positive number"));
    }

    let inputs = Inputs {
        conversations: resolve_sources(&cx, raw.inputs.conversations)?,
        messages: resolve_input(&cx, InputKind::Messages, raw.inputs.messages, |p| p.messages)?,
        sales: resolve_input(&cx, InputKind::Sales, raw.inputs.sales, |p| p.sales)?,
        returns: resolve_input(&cx, InputKind::Returns, raw.inputs.returns, |p| p.returns)?,
    };
    if inputs.conversations.len() > 1 && inputs.messages.is_some() {
        return Err(cx.err(
            &["inputs", "messages"],
            "`messages:` beside several conversation sources is not supported: give each source's conversations with their text",
        ));
    }
    if inputs.conversations.is_empty() && inputs.messages.is_none() {
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

/// `inputs.conversations`: one input, or a list of named sources (docs/config.md).
fn resolve_sources(cx: &Ctx, raw: Option<Sources<RawInput<ConversationKey>>>) -> Result<Vec<Input>> {
    let keys = ["inputs", "conversations"];
    match raw {
        None => Ok(Vec::new()),
        Some(Sources::One(r)) => {
            if r.name.is_some() {
                return Err(cx.err(&keys, "`name:` names one of several sources: give inputs.conversations as a list"));
            }
            Ok(resolve_input(cx, InputKind::Conversations, Some(r), |p| p.conversations)?.into_iter().collect())
        }
        Some(Sources::Many(list)) => {
            let mut out: Vec<Input> = Vec::new();
            for r in list {
                let name = r.name.clone().ok_or_else(|| {
                    cx.err(&keys, "each source of a list of conversation sources needs a `name:` (it qualifies its ids)")
                })?;
                if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-') {
                    return Err(cx.err(&keys, format!("source name `{name}`: letters, digits, `_` and `-` only")));
                }
                if out.iter().any(|i| i.name.as_deref() == Some(name.as_str())) {
                    return Err(cx.err(&keys, format!("two conversation sources are named `{name}`")));
                }
                // a preset that reads messages too (Channel Talk): the source's messages, from its files
                let messages = match &r.preset {
                    Some(p) => load_preset_opt(cx, InputKind::Messages, p, |p| p.messages)?,
                    None => None,
                };
                let (paths, password_env) = (r.paths.clone(), r.password_env.clone());
                let mut input = resolve_input(cx, InputKind::Conversations, Some(r), |p| p.conversations)?.expect("given");
                if let Some(m) = messages {
                    let m =
                        RawInput { paths: paths.or(m.paths.clone()), password_env: password_env.or(m.password_env.clone()), ..m };
                    let mut m = resolve_input(cx, InputKind::Messages, Some(m), |p| p.messages)?.expect("given");
                    m.name = Some(name.clone());
                    input.messages = Some(Box::new(m));
                }
                input.name = Some(name);
                out.push(input);
            }
            if out.is_empty() {
                return Err(cx.err(&keys, "inputs.conversations is an empty list"));
            }
            Ok(out)
        }
    }
}

/// The fields without which an input's rows mean nothing.
pub(super) fn check_required(cx: &Ctx, inputs: &Inputs) -> Result<()> {
    let need: Vec<(&Input, &[Field])> = inputs
        .conversations
        .iter()
        .map(|i| (i, &[Field::Id][..]))
        .chain(inputs.messages.iter().map(|i| (i, &[Field::SentAt, Field::Author][..])))
        .chain(inputs.sales.iter().map(|i| (i, &[Field::Date, Field::Revenue][..])))
        .chain(inputs.returns.iter().map(|i| (i, &[Field::Date][..])))
        .collect();
    for (input, fields) in need {
        for f in fields {
            if !input.maps(*f) {
                return Err(cx.err(
                    &["inputs", input.kind.name()],
                    format!("inputs.{} must map `{}` (in columns: or a join)", input.label(), f.name()),
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
        if !inputs.conversations.is_empty() && !m.maps(Field::ConversationId) {
            return Err(cx.err(
                &["inputs", "messages"],
                "with both conversations and messages, messages must map `conversation_id` (the conversation's id)",
            ));
        }
    }
    Ok(())
}

pub(super) fn load_preset<K>(
    cx: &Ctx,
    kind: InputKind,
    name: &str,
    pick: impl Fn(RawPreset) -> Option<RawInput<K>>,
) -> Result<RawInput<K>>
where
    K: DeserializeOwned + Ord,
{
    load_preset_opt(cx, kind, name, pick)?
        .ok_or_else(|| cx.err(&["inputs", kind.name(), "preset"], format!("preset `{name}` has no settings for {}", kind.name())))
}

/// The preset's settings for this kind of input, if it has some.
pub(super) fn load_preset_opt<K>(
    cx: &Ctx,
    kind: InputKind,
    name: &str,
    pick: impl Fn(RawPreset) -> Option<RawInput<K>>,
) -> Result<Option<RawInput<K>>>
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
    Ok(pick(preset))
}

pub(super) fn resolve_input<K>(
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
    let mappings = |raw: BTreeMap<K, OneOrMany>| -> Result<Vec<Mapping>> {
        let mut columns = Vec::new();
        for (k, cols) in raw {
            let field: Field = k.into();
            if cols.0.is_empty() || cols.0.iter().any(|c| c.trim().is_empty()) {
                return Err(cx.err(&sub("columns"), format!("`{}` maps an empty column name", field.name())));
            }
            columns.push(Mapping { field, columns: cols.0.into_iter().map(|s| s.0).collect() });
        }
        Ok(columns)
    };
    let columns = mappings(raw.columns)?;
    let joins = resolve_joins(cx, kind, raw.join, &columns)?;
    let filter = |m: BTreeMap<Scalar, OneOrMany>| {
        ValueFilter(m.into_iter().map(|(k, v)| (k.0, v.0.into_iter().map(|s| s.0).collect())).collect())
    };
    let values = |m: BTreeMap<K, BTreeMap<Scalar, Scalar>>| -> Vec<(Field, BTreeMap<String, String>)> {
        m.into_iter().map(|(k, v)| (k.into(), v.into_iter().map(|(a, b)| (a.0.trim().to_string(), b.0)).collect())).collect()
    };
    let mut earlier = Vec::new();
    for v in raw.earlier {
        earlier.push(Shape { name: v.name, columns: mappings(v.columns)?, exclude: filter(v.exclude), values: values(v.values) });
    }
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
    let set: Vec<(Field, String)> = raw.set.into_iter().map(|(k, v)| (k.into(), v.0)).collect();
    let sep_char = |s: &str, what: &str| -> Result<char> {
        let mut cs = s.chars();
        match (cs.next(), cs.next()) {
            (Some(c), None) if matches!(c, '.' | ',' | ' ' | '\'' | '\u{a0}' | '_') => Ok(c),
            _ => Err(cx.err(
                &sub("number_format"),
                format!("number_format.{what} is one character: `.`, `,`, `'`, a space or `_` (got `{s}`)"),
            )),
        }
    };
    let numbers = match &raw.number_format {
        Some(f) => {
            let (d, t) = (sep_char(&f.decimal, "decimal")?, sep_char(&f.thousands, "thousands")?);
            if d == t {
                return Err(cx.err(&sub("number_format"), "number_format: decimal and thousands are the same character"));
            }
            Numbers { decimal: Some(d), thousands: Some(t), minor_units: cx.minor_units }
        }
        None => Numbers { decimal: None, thousands: None, minor_units: cx.minor_units },
    };
    if let Some((f, _)) = set.iter().find(|(f, _)| columns.iter().any(|m: &Mapping| m.field == *f)) {
        return Err(cx.err(&sub("set"), format!("`{}` is both set to a constant and mapped in columns:", f.name())));
    }
    Ok(Some(Input {
        kind,
        name: None,
        set,
        messages: None,
        file,
        timestamp_formats,
        columns,
        joins,
        exclude: filter(raw.exclude),
        return_when: filter(raw.return_when),
        author_values,
        tag_separator,
        numbers,
        values: values(raw.values),
        earlier,
    }))
}

/// An input's `join:` entries: each names one key field already mapped (or brought by an
/// earlier join) and fields no mapping gives unless it says `overwrite: true`.
fn resolve_joins<K>(cx: &Ctx, kind: InputKind, raw: Vec<RawJoin<K>>, columns: &[Mapping]) -> Result<Vec<Join>>
where
    K: DeserializeOwned + Ord + Copy + Into<Field>,
{
    let sub = |k: &'static str| ["inputs", kind.name(), k];
    let mut joins = Vec::new();
    for j in raw {
        let jkeys = sub("join");
        if j.on.len() != 1 {
            return Err(cx.err(&jkeys, "a join's `on:` names exactly one field: its column in the other file"));
        }
        let (key, key_column) = j.on.into_iter().next().expect("one entry");
        let key: Field = key.into();
        let jcols: Vec<(Field, String)> = j.columns.into_iter().map(|(k, c)| (k.into(), c.0)).collect();
        let overwrite = j.overwrite.unwrap_or(false);
        let n = joins.len();
        for (f, col) in &jcols {
            let earlier = columns
                .iter()
                .find(|m| m.field == *f)
                .map(|m| format!("inputs.{}.columns (`{}`)", kind.name(), m.columns.join("`, `")))
                .or_else(|| {
                    joins.iter().enumerate().find_map(|(i, p): (usize, &Join)| {
                        p.columns.iter().find(|(g, _)| g == f).map(|(_, c)| format!("inputs.{}.join[{i}] (`{c}`)", kind.name()))
                    })
                });
            if let (Some(earlier), false) = (earlier, overwrite) {
                return Err(cx.err(
                    &jkeys,
                    format!(
                        "`{}` is given by {earlier} and again by inputs.{}.join[{n}] (`{col}`): the join would change nothing; add `overwrite: true` to it to replace the value where its key matches",
                        f.name(),
                        kind.name()
                    ),
                ));
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
            overwrite,
        });
    }
    Ok(joins)
}

/// Resolve globs against the config's folder; sorted, each pattern must match something.
pub(super) fn expand(cx: &Ctx, keys: &[&str], paths: &OneOrMany) -> Result<Vec<PathBuf>> {
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

pub(super) fn resolve_report(cx: &Ctx, r: RawReport) -> Result<Report> {
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
    let max_response_s = match &r.max_response {
        None => 30.0 * 86_400.0,
        Some(v) => parse_duration(v).filter(|s| *s > 0.0).ok_or_else(|| {
            cx.err(&["report", "max_response"], format!("`{}` is not a positive duration (like 30d, 720h)", v.0))
        })?,
    };
    let conversion_window_s = match &r.conversion_window {
        None => 72.0 * 3600.0,
        Some(v) => parse_duration(v).filter(|s| *s > 0.0).ok_or_else(|| {
            cx.err(&["report", "conversion_window"], format!("`{}` is not a positive duration (like 72h, 3d)", v.0))
        })?,
    };
    let gate =
        r.quality_gate.unwrap_or(RawGate { max_rejected_share: None, max_unclassified_share: None, max_duplicate_share: None });
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
    if let Some(c) = r.agent_hourly_cost.filter(|c| !(c.is_finite() && *c >= 0.0)) {
        return Err(cx.err(&["report", "agent_hourly_cost"], format!("agent_hourly_cost must be a non-negative amount, not {c}")));
    }
    let spike = r.spike.unwrap_or(RawSpike { baseline_days: None, min_count: None });
    if let Some(url) = r.conversation_url.as_deref().filter(|u| !u.contains("{id}") || !u.contains("://")) {
        return Err(cx.err(
            &["report", "conversation_url"],
            format!("conversation_url `{url}` needs a scheme and `{{id}}` (like https://desk.example.com/chats/{{id}})"),
        ));
    }
    Ok(Report {
        top_products: r.top_products.unwrap_or(10),
        targets,
        business_hours,
        ces_target: r.ces_target,
        handle_minutes,
        deflection_rate: share(r.deflection_rate, 0.5, "deflection_rate")?,
        agent_hourly_cost: r.agent_hourly_cost,
        spike_baseline_days: spike.baseline_days.unwrap_or(28),
        spike_min_count: spike.min_count.unwrap_or(5),
        trend_periods: match r.trend_periods {
            None => 12,
            Some(n @ 1..=104) => n,
            Some(n) => return Err(cx.err(&["report", "trend_periods"], format!("trend_periods must be 1 to 104, not {n}"))),
        },
        notes_dir: r.notes_dir.map(|d| cx.resolve(&d)),
        templates_dir: r.templates_dir.map(|d| cx.resolve(&d)),
        max_rejected_share: share(gate.max_rejected_share, 0.02, "max_rejected_share")?,
        max_unclassified_share: share(gate.max_unclassified_share, 0.30, "max_unclassified_share")?,
        max_duplicate_share: share(gate.max_duplicate_share, 0.05, "max_duplicate_share")?,
        max_response_s,
        conversion_window_s,
        conversation_url: r.conversation_url,
    })
}

pub(super) fn resolve_hours(cx: &Ctx, b: RawBusinessHours) -> Result<BusinessHours> {
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

pub(super) fn resolve_email(cx: &Ctx, e: RawEmail) -> Result<Email> {
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
        assert_eq!(Field::ALL.len(), 36);
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
