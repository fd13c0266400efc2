//! Alerts: spikes of a tag on one day against its baseline, a level-1 tag that dominates
//! without children ("split it"), unclassified share over the gate, rejected rows over the
//! gate (docs/metrics.md `alerts[]`, docs/trust.md "Data-quality gates").

use serde::Serialize;

use super::quality::DataQuality;
use super::{Ctx, Days, Section, Slice};
use crate::model::InputKind;
use crate::period::Period;
use crate::period::local_date;
use crate::taxonomy::Taxonomy;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    Spike,
    Dominance,
    Coverage,
    Gate,
    DataSpan,
    Duplicates,
    Implausible,
    /// The conversations' customer ids are not the shop's: conversion is withheld.
    CustomerIds,
}

/// An alert as figures; its sentence is written by the report (src/render/labels.rs).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Alert {
    pub kind: AlertKind,
    pub tag: Option<String>,
    pub date: Option<String>,
    pub count: Option<u64>,
    pub baseline: Option<f64>,
    /// What the alert is about, beyond the figures above.
    #[serde(skip)]
    pub about: About,
}

#[derive(Debug, Clone, PartialEq)]
pub enum About {
    /// An input's rejected share over the gate.
    /// `source`: one of several conversation sources.
    Rejected { input: InputKind, source: Option<String>, share: f64, gate: f64 },
    /// The unclassified share over the gate.
    Unclassified { share: f64, gate: f64 },
    /// A level-1 tag without children holding most conversations.
    Dominance { name: String, share: f64 },
    /// A tag-day over its baseline; `path` is the tag's path of names.
    /// `days`: the days the baseline is the mean of (the configured ones, or fewer where the
    /// data starts later).
    Spike { path: String, days: i64 },
    /// The period's revenue per order is outside 0.1×–10× the median of the covered trend
    /// periods before it (a unit mix-up: 원 and 천원, or thousands read as decimals).
    Implausible { value: f64, median: f64 },
    /// Of `customers` distinct customer ids of the period's conversations, only `matched` are
    /// among the sales' buyers (docs/metrics.md `conversion`).
    CustomerIds { customers: u64, matched: u64 },
    /// `customers` who wrote and bought, each with one order only: the ids are per order.
    CustomerIdsPerOrder { customers: u64 },
    /// A file of an input has the same rows as an earlier one: it was skipped.
    DuplicateFile { input: InputKind, source: Option<String>, file: String, same_as: String },
    /// Many of an input's valid rows repeat an earlier row's key (`key`: its columns).
    Duplicates { input: InputKind, source: Option<String>, valid: u64, key: Vec<String> },
    /// An input's data does not cover the period: the local dates it spans (none: no valid
    /// row at all) against the period's.
    DataSpan {
        input: InputKind,
        span: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
        start: chrono::NaiveDate,
        end: chrono::NaiveDate,
    },
}

impl Alert {
    /// A data-quality gate (exit 3).
    pub fn is_gate(&self) -> bool {
        let kind = serde_json::to_value(self.kind).ok();
        kind.as_ref().and_then(|k| k.as_str()).is_some_and(|k| crate::model::GATE_KINDS.contains(&k))
    }
}

/// Data spans first, then gate alerts, coverage, dominance, spikes (by date, then tag order).
pub fn alerts(cx: &Ctx, s: &Slice, cur: &Section, dq: &DataQuality) -> Vec<Alert> {
    let mut out = data_span(&dq.inputs, s.period, dq.tz);
    out.extend(gates(cx.cfg, &dq.inputs, &dq.sources, dq.unclassified_share, dq.unclassified));
    let counts: Vec<u64> = cur.tags.iter().map(|t| t.count).collect();
    out.extend(dominance(cx.tax, &counts, s.convs.len() as u64));
    out.extend(spikes(cx, s));
    out
}

/// The conversations (or messages) and the sales, when configured, must cover the period
/// (docs/trust.md); returns are not asked to (a week may have none).
pub fn data_span(inputs: &[(InputKind, crate::model::Accounting)], period: &Period, tz: chrono_tz::Tz) -> Vec<Alert> {
    // messages beside a conversations export only enrich it: the conversations carry the span
    let conversations = inputs.iter().any(|(k, _)| *k == InputKind::Conversations);
    inputs
        .iter()
        .filter(|(k, _)| match k {
            InputKind::Conversations | InputKind::Sales => true,
            InputKind::Messages => !conversations,
            InputKind::Returns => false,
        })
        .filter(|(_, acc)| !super::quality::covers(acc.span, period, tz))
        .map(|(input, acc)| Alert {
            kind: AlertKind::DataSpan,
            tag: None,
            date: None,
            count: Some(acc.rows_read),
            baseline: None,
            about: About::DataSpan {
                input: *input,
                span: acc.span.map(|(f, l)| (local_date(tz, f), local_date(tz, l))),
                start: period.start,
                end: period.end,
            },
        })
        .collect()
}

/// A level-1 tag without children that holds more than half of `total` conversations
/// ("split it"); `counts` per tag in taxonomy order, rolled up.
pub fn dominance(tax: &Taxonomy, counts: &[u64], total: u64) -> Vec<Alert> {
    tax.tags
        .iter()
        .zip(counts)
        .filter(|(t, n)| t.level == 1 && !t.has_children && total > 0 && **n * 2 > total)
        .map(|(t, &n)| Alert {
            kind: AlertKind::Dominance,
            tag: Some(t.id.clone()),
            date: None,
            count: Some(n),
            baseline: None,
            about: About::Dominance { name: t.name.clone(), share: n as f64 / total as f64 },
        })
        .collect()
}

/// The data-quality gates (docs/trust.md) that fail: an input's rejected share over
/// `max_rejected_share`, the unclassified share over `max_unclassified_share`. The one gate
/// function of `voc report`, `voc validate` and `voc taxonomy stats`; `unclassified` is the
/// number of unclassified conversations.
pub fn gates(
    cfg: &crate::config::Config,
    inputs: &[(InputKind, crate::model::Accounting)],
    sources: &[(String, crate::model::Accounting)],
    unclassified_share: Option<f64>,
    unclassified: u64,
) -> Vec<Alert> {
    let rep = &cfg.report;
    let mut out = Vec::new();
    // with several conversation sources the gates apply to each source, not to their sum
    let checked: Vec<(InputKind, Option<&String>, &crate::model::Accounting)> = inputs
        .iter()
        .filter(|(k, _)| sources.is_empty() || *k != InputKind::Conversations)
        .map(|(k, a)| (*k, None, a))
        .chain(sources.iter().map(|(n, a)| (InputKind::Conversations, Some(n), a)))
        .collect();
    for (input, source, acc) in checked {
        let input = &input;
        if let Some(share) = acc.rejected_share().filter(|s| *s > rep.max_rejected_share) {
            out.push(Alert {
                kind: AlertKind::Gate,
                tag: None,
                date: None,
                count: Some(acc.rows_rejected),
                baseline: None,
                about: About::Rejected { input: *input, source: source.cloned(), share, gate: rep.max_rejected_share },
            });
        }
        // a file skipped as another's twin: the figures stay right, but a person should look
        for d in &acc.duplicate_files {
            out.push(Alert {
                kind: AlertKind::Duplicates,
                tag: None,
                date: None,
                count: None,
                baseline: None,
                about: About::DuplicateFile {
                    input: *input,
                    source: source.cloned(),
                    file: d.file.clone(),
                    same_as: d.same_as.clone(),
                },
            });
        }
        // the figures stay right (duplicates are left out), but a person should look
        let valid = acc.rows_read - acc.rows_rejected - acc.filtered;
        if valid > 0 && acc.duplicates as f64 / valid as f64 > rep.max_duplicate_share {
            let key = cfg
                .inputs
                .all()
                .find(|i| i.kind == *input && i.name.as_ref() == source)
                .map(|i| i.key_columns())
                .unwrap_or_default();
            out.push(Alert {
                kind: AlertKind::Duplicates,
                tag: None,
                date: None,
                count: Some(acc.duplicates),
                baseline: None,
                about: About::Duplicates { input: *input, source: source.cloned(), valid, key },
            });
        }
    }
    if let Some(share) = unclassified_share.filter(|s| *s > rep.max_unclassified_share) {
        out.push(Alert {
            kind: AlertKind::Coverage,
            tag: None,
            date: None,
            count: Some(unclassified),
            baseline: None,
            about: About::Unclassified { share, gate: rep.max_unclassified_share },
        });
    }
    out
}

/// The period's revenue per order against the median of the covered trend periods before it
/// (at least two): outside 0.1×–10× of it is implausible (docs/trust.md "Implausible figures").
pub fn implausible(current: &super::Section, trend: &[super::trend::Point]) -> Option<Alert> {
    let per_order = |r: Option<super::Num>, o: Option<u64>| Some(r?.0 / o.filter(|&o| o > 0)? as f64);
    let value = per_order(current.sales.revenue, current.sales.orders)?;
    let mut before: Vec<f64> =
        trend.iter().rev().skip(1).filter(|p| p.covered).filter_map(|p| per_order(p.revenue, p.orders)).collect();
    if before.len() < 2 {
        return None;
    }
    let median = super::stats::median(&mut before)?;
    (median > 0.0 && !(0.1 * median..=10.0 * median).contains(&value)).then_some(Alert {
        kind: AlertKind::Implausible,
        tag: None,
        date: None,
        count: current.sales.orders,
        baseline: Some(median),
        about: About::Implausible { value, median },
    })
}

/// The period's conversation customers do not appear among the buyers (docs/metrics.md
/// `conversion`): the two exports use different customer ids.
pub fn customer_ids(customers: u64, matched: u64) -> Alert {
    Alert {
        kind: AlertKind::CustomerIds,
        tag: None,
        date: None,
        count: Some(customers),
        baseline: Some(matched as f64),
        about: About::CustomerIds { customers, matched },
    }
}

/// The customer ids of the sales are given per order: no conversation can be followed by an order
/// of the same customer (docs/metrics.md `conversion`).
pub fn customer_ids_per_order(customers: u64) -> Alert {
    Alert {
        kind: AlertKind::CustomerIds,
        tag: None,
        date: None,
        count: Some(customers),
        baseline: None,
        about: About::CustomerIdsPerOrder { customers },
    }
}

/// A tag-day of the period whose count is ≥ `min_count` and > `m + 3·√m`, `m` the tag's mean
/// daily count over the baseline days before the period. Baseline days before the first day
/// with any conversation do not count; with no baseline day there is no spike alert.
fn spikes(cx: &Ctx, s: &Slice) -> Vec<Alert> {
    let tz = cx.cfg.timezone;
    let rep = &cx.cfg.report;
    let Some(first) = cx.tagged.convs.iter().map(|c| c.created).min() else {
        return Vec::new();
    };
    let first_day = local_date(tz, first);
    let base_start = (s.period.start - chrono::Duration::days(rep.spike_baseline_days as i64)).max(first_day);
    let base_days = (s.period.start - base_start).num_days();
    if base_days <= 0 {
        return Vec::new();
    }
    let n_period = s.period.days() as usize;
    let days = Days::new(base_start, base_days as usize + n_period, tz);
    let ntags = cx.tax.tags.len();
    let mut grid = vec![0u64; ntags * days.len()];
    for c in &cx.tagged.convs {
        let (Some(t), Some(d)) = (c.tag, days.index(c.created)) else {
            continue;
        };
        for a in cx.tax.lineage(t as usize) {
            grid[a * days.len() + d] += 1;
        }
    }
    let mut out = Vec::new();
    for d in 0..n_period {
        let di = base_days as usize + d;
        for t in 0..ntags {
            let row = &grid[t * days.len()..(t + 1) * days.len()];
            let m = row[..base_days as usize].iter().sum::<u64>() as f64 / base_days as f64;
            let count = row[di];
            if count >= rep.spike_min_count && count as f64 > m + 3.0 * m.sqrt() {
                let tag = &cx.tax.tags[t];
                let date = days.date(di).format("%Y-%m-%d").to_string();
                out.push(Alert {
                    kind: AlertKind::Spike,
                    tag: Some(tag.id.clone()),
                    date: Some(date.clone()),
                    count: Some(count),
                    baseline: Some(m),
                    about: About::Spike { path: tag.path.clone(), days: base_days },
                });
            }
        }
    }
    out
}
