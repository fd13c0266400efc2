//! Data quality: each input's row accounting (docs/inputs.md), the unclassified share, responses
//! recorded before the conversation began, and conversations with no product.

use serde::Serialize;
use serde::ser::SerializeMap;

use super::response::{Clock, Delay};
use super::stats::ratio;
use crate::config::InputKind;
use crate::model::Accounting;
use crate::model::{Conv, Dataset};
use crate::period::Period;

#[derive(Debug, Clone, PartialEq)]
pub struct DataQuality {
    /// The zone `first`/`last` are written in.
    pub tz: chrono_tz::Tz,
    /// In input order: conversations (or messages), sales, returns.
    pub inputs: Vec<(InputKind, Accounting)>,
    /// With several conversation sources, each one's accounting (`conversation_sources`).
    pub sources: Vec<(String, Accounting)>,
    /// Fields some sources give and others do not (`partial_fields`: field → the sources without).
    pub partial_fields: Vec<(&'static str, Vec<String>)>,
    /// Unclassified among the period's conversations with text.
    pub unclassified_share: Option<f64>,
    /// Conversations of the period with text and without a primary tag (not in the JSON: the
    /// share is).
    pub unclassified: u64,
    /// Conversations of the period whose text is empty (`conversations.no_text`): no tagging
    /// miss, left out of the unclassified share.
    pub no_text: u64,
    /// Conversations of the period whose first response is implausible: before their creation,
    /// or later than `report.max_response`.
    pub invalid_first_response: Option<u64>,
    /// Conversations of the period linked to no product.
    pub without_product: Option<u64>,
    /// Manual tag values that name no tag (value, count): null without a tags column.
    pub unmapped_manual_tags: Option<Vec<(String, u64)>>,
}

impl Serialize for DataQuality {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.inputs.len() + 4))?;
        // the conversations' input (or the messages', when they are the conversations)
        let conversations =
            self.inputs.iter().map(|(k, _)| *k).find(|k| matches!(k, InputKind::Conversations | InputKind::Messages));
        for (k, acc) in &self.inputs {
            let mut j = InputJson::new(acc, self.tz);
            if Some(*k) == conversations {
                j.no_text = Some(self.no_text);
            }
            m.serialize_entry(k.name(), &j)?;
        }
        if !self.sources.is_empty() {
            let by_name: serde_json::Map<String, serde_json::Value> = self
                .sources
                .iter()
                .map(|(n, a)| (n.clone(), serde_json::to_value(InputJson::new(a, self.tz)).unwrap_or_default()))
                .collect();
            m.serialize_entry("conversation_sources", &by_name)?;
        }
        if !self.partial_fields.is_empty() {
            let by_field: serde_json::Map<String, serde_json::Value> =
                self.partial_fields.iter().map(|(f, s)| (f.to_string(), serde_json::json!(s))).collect();
            m.serialize_entry("partial_fields", &by_field)?;
        }
        m.serialize_entry("unclassified_share", &self.unclassified_share)?;
        m.serialize_entry("invalid_first_response", &self.invalid_first_response)?;
        m.serialize_entry("without_product", &self.without_product)?;
        let unmapped: Option<Vec<serde_json::Value>> = self
            .unmapped_manual_tags
            .as_ref()
            .map(|v| v.iter().map(|(value, count)| serde_json::json!({"value": value, "count": count})).collect());
        m.serialize_entry("unmapped_manual_tags", &unmapped)?;
        m.end()
    }
}

/// One input's accounting (its own fields) with the span of its data (`first`, `last`: RFC 3339
/// in the zone).
#[derive(Serialize)]
struct InputJson<'a> {
    #[serde(flatten)]
    acc: &'a Accounting,
    first: Option<String>,
    last: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    no_text: Option<u64>,
}

impl<'a> InputJson<'a> {
    fn new(acc: &'a Accounting, tz: chrono_tz::Tz) -> InputJson<'a> {
        let at = |t: i64| {
            chrono::DateTime::from_timestamp_millis(t)
                .map(|t| t.with_timezone(&tz).to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
        };
        InputJson { acc, first: acc.span.and_then(|(f, _)| at(f)), last: acc.span.and_then(|(_, l)| at(l)), no_text: None }
    }
}

/// Whether an input's data covers a period (docs/trust.md): its valid rows reach within one
/// day of both ends — the first at or before the end of the period's first day, the last at
/// or after the start of its last day.
pub fn covers(span: Option<(i64, i64)>, period: &Period, tz: chrono_tz::Tz) -> bool {
    let first_day_end = Period::midnight_ms(tz, period.start + chrono::Duration::days(1));
    let last_day_start = Period::midnight_ms(tz, period.end);
    span.is_some_and(|(first, last)| first < first_day_end && last >= last_day_start)
}

pub fn data_quality(tagged: &Dataset, convs: &[&Conv], tz: chrono_tz::Tz, clock: &Clock) -> DataQuality {
    let mapped = &tagged.mapped;
    // a conversation without text is no tagging miss (docs/trust.md)
    let no_text = convs.iter().filter(|c| c.no_text()).count() as u64;
    let unclassified = convs.iter().filter(|c| c.tag.is_none() && !c.no_text()).count() as u64;
    DataQuality {
        tz,
        inputs: tagged.accounting.clone(),
        sources: tagged.sources.clone(),
        partial_fields: Vec::new(),
        unclassified_share: ratio(unclassified as f64, (convs.len() as u64 - no_text) as f64),
        unclassified,
        no_text,
        invalid_first_response: mapped
            .first_response
            .then(|| convs.iter().filter(|c| clock.delay(c) == Delay::Invalid).count() as u64),
        without_product: mapped.product.then(|| convs.iter().filter(|c| c.product.get().is_none()).count() as u64),
        unmapped_manual_tags: mapped.tags.then(|| tagged.unmapped_manual.clone()),
    }
}
