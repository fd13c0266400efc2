//! The file as written: serde structs that reject unknown keys (a typo must not silently
//! disable a feature).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::*;
use crate::yaml::{OneOrMany, Scalar};

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
    pub(super) timezone: Option<String>,
    pub(super) locale: Option<Locale>,
    pub(super) currency: Option<String>,
    pub(super) revenue_unit: Option<f64>,
    pub(super) output_dir: Option<String>,
    pub(super) taxonomy: Option<String>,
    pub(super) inputs: RawInputs,
    #[serde(default)]
    pub(super) report: RawReport,
    pub(super) email: Option<RawEmail>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawInputs {
    pub(super) conversations: Option<Sources<RawInput<ConversationKey>>>,
    pub(super) messages: Option<RawInput<MessageKey>>,
    pub(super) sales: Option<RawInput<SalesKey>>,
    pub(super) returns: Option<RawInput<ReturnsKey>>,
}

/// One input (a mapping) or several named sources of the same kind (a list).
#[derive(Debug)]
pub(super) enum Sources<T> {
    One(T),
    Many(Vec<T>),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sources<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for V<T> {
            type Value = Sources<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an input (a mapping) or a list of named sources")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Sources::One)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                Vec::<T>::deserialize(serde::de::value::SeqAccessDeserializer::new(seq)).map(Sources::Many)
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields, bound(deserialize = "K: Deserialize<'de> + Ord"))]
pub(super) struct RawInput<K> {
    /// A source's name, in a list of sources (it qualifies the source's ids: `mail:48213`).
    pub(super) name: Option<String>,
    /// Constant values for fields the export lacks (`set: { channel: 전화 }`).
    #[serde(default = "BTreeMap::new")]
    pub(super) set: BTreeMap<K, Scalar>,
    pub(super) preset: Option<String>,
    pub(super) paths: Option<OneOrMany>,
    pub(super) format: Option<Format>,
    pub(super) encoding: Option<Encoding>,
    pub(super) timestamp_format: Option<OneOrMany>,
    #[serde(default = "BTreeMap::new")]
    pub(super) columns: BTreeMap<K, OneOrMany>,
    pub(super) author_values: Option<RawAuthorValues>,
    #[serde(default = "Vec::new")]
    pub(super) join: Vec<RawJoin<K>>,
    #[serde(default)]
    pub(super) exclude: BTreeMap<Scalar, OneOrMany>,
    #[serde(default)]
    pub(super) return_when: BTreeMap<Scalar, OneOrMany>,
    pub(super) sheet: Option<String>,
    pub(super) header_row: Option<usize>,
    pub(super) password_env: Option<String>,
    pub(super) tag_separator: Option<String>,
    pub(super) number_format: Option<RawNumberFormat>,
    /// Cell values read as others (`values: { channel: { appKakao: 카카오톡 } }`).
    #[serde(default = "BTreeMap::new")]
    pub(super) values: BTreeMap<K, BTreeMap<Scalar, Scalar>>,
    /// The same export in an earlier shape (a preset's older download), each used instead of
    /// `columns`, `exclude` and `values` when a file's header has its columns and not these.
    #[serde(default = "Vec::new")]
    pub(super) earlier: Vec<RawVariant<K>>,
}

/// An earlier shape of an input's export (docs/config.md "Presets").
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields, bound(deserialize = "K: Deserialize<'de> + Ord"))]
pub(super) struct RawVariant<K> {
    pub(super) name: String,
    #[serde(default = "BTreeMap::new")]
    pub(super) columns: BTreeMap<K, OneOrMany>,
    #[serde(default)]
    pub(super) exclude: BTreeMap<Scalar, OneOrMany>,
    #[serde(default = "BTreeMap::new")]
    pub(super) values: BTreeMap<K, BTreeMap<Scalar, Scalar>>,
}

/// How an export writes its numbers: `{ decimal: ",", thousands: "." }` (a European spreadsheet).
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub(super) struct RawNumberFormat {
    pub(super) decimal: String,
    pub(super) thousands: String,
}

impl<K: Ord + Clone> RawInput<K> {
    /// The user's settings over a preset's: scalars replace, maps merge key by key (in each of
    /// the preset's earlier shapes too).
    pub(super) fn over(self, preset: RawInput<K>) -> RawInput<K> {
        let earlier = if self.earlier.is_empty() {
            preset
                .earlier
                .into_iter()
                .map(|mut v| {
                    v.columns.extend(self.columns.iter().map(|(k, c)| (k.clone(), c.clone())));
                    v.values.extend(self.values.iter().map(|(k, m)| (k.clone(), m.clone())));
                    v
                })
                .collect()
        } else {
            self.earlier
        };
        let mut values = preset.values;
        values.extend(self.values);
        let mut columns = preset.columns;
        columns.extend(self.columns);
        let mut exclude = preset.exclude;
        exclude.extend(self.exclude);
        let mut return_when = preset.return_when;
        return_when.extend(self.return_when);
        let mut set = preset.set;
        set.extend(self.set);
        RawInput {
            name: self.name,
            set,
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
            number_format: self.number_format.or(preset.number_format),
            values,
            earlier,
        }
    }
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields, bound(deserialize = "K: Deserialize<'de> + Ord"))]
pub(super) struct RawJoin<K> {
    pub(super) paths: OneOrMany,
    pub(super) on: BTreeMap<K, Scalar>,
    pub(super) columns: BTreeMap<K, Scalar>,
    pub(super) format: Option<Format>,
    pub(super) encoding: Option<Encoding>,
    pub(super) sheet: Option<String>,
    pub(super) header_row: Option<usize>,
    pub(super) password_env: Option<String>,
    /// The joined value replaces a value the input (or an earlier join) already gives.
    pub(super) overwrite: Option<bool>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAuthorValues {
    #[serde(default)]
    pub(super) customer: OneOrMany,
    #[serde(default)]
    pub(super) agent: OneOrMany,
    #[serde(default)]
    pub(super) bot: OneOrMany,
}

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawReport {
    pub(super) top_products: Option<usize>,
    #[serde(default)]
    pub(super) first_response_targets: BTreeMap<TargetClass, Scalar>,
    pub(super) business_hours: Option<RawBusinessHours>,
    pub(super) ces_target: Option<f64>,
    pub(super) handle_minutes: Option<f64>,
    pub(super) deflection_rate: Option<f64>,
    /// What an agent hour costs (in `currency`): agent hours as money (docs/metrics.md `cost`).
    pub(super) agent_hourly_cost: Option<f64>,
    pub(super) spike: Option<RawSpike>,
    /// Periods in the trend, the current one included (default 12).
    pub(super) trend_periods: Option<usize>,
    /// Later first responses (and resolutions) are implausible (docs/trust.md).
    pub(super) max_response: Option<Scalar>,
    /// An order this soon after a conversation counts as converted (docs/metrics.md `conversion`).
    pub(super) conversion_window: Option<Scalar>,
    /// Where a conversation opens in the helpdesk (`{id}`, `{source}`; docs/outputs.md).
    pub(super) conversation_url: Option<String>,
    pub(super) notes_dir: Option<String>,
    pub(super) templates_dir: Option<String>,
    pub(super) quality_gate: Option<RawGate>,
}

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub(super) enum TargetClass {
    Simple,
    Revenue,
    Other,
    Unclassified,
    All,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBusinessHours {
    pub(super) days: Vec<Scalar>,
    pub(super) start: Scalar,
    pub(super) end: Scalar,
    #[serde(default)]
    pub(super) holidays: Vec<Scalar>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSpike {
    pub(super) baseline_days: Option<u32>,
    pub(super) min_count: Option<u64>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGate {
    pub(super) max_rejected_share: Option<f64>,
    pub(super) max_unclassified_share: Option<f64>,
    pub(super) max_duplicate_share: Option<f64>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEmail {
    pub(super) smtp: RawSmtp,
    pub(super) password_env: Option<String>,
    pub(super) from: String,
    pub(super) to: OneOrMany,
    #[serde(default)]
    pub(super) cc: OneOrMany,
    pub(super) subject: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSmtp {
    pub(super) host: String,
    pub(super) port: Option<u16>,
    #[serde(default)]
    pub(super) starttls: bool,
    #[serde(default)]
    pub(super) tls: bool,
    pub(super) username: Option<String>,
    /// A PEM file of extra trusted root certificates (a company relay with a private CA).
    pub(super) ca_file: Option<String>,
}
