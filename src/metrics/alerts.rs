//! Alerts: spikes of a tag on one day against its baseline, a level-1 tag that dominates
//! without children ("split it"), unclassified share over the gate, rejected rows over the
//! gate (docs/metrics.md, §8).

use serde::Serialize;

use super::quality::DataQuality;
use super::{Ctx, Days, Section, Slice};
use crate::config::Locale;
use crate::period::local_date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AlertKind {
    Spike,
    Dominance,
    Coverage,
    Gate,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Alert {
    pub kind: AlertKind,
    pub tag: Option<String>,
    pub date: Option<String>,
    pub count: Option<u64>,
    pub baseline: Option<f64>,
    pub message: String,
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// Gate alerts first, then coverage, dominance, spikes (by date, then tag order).
pub fn alerts(cx: &Ctx, s: &Slice, cur: &Section, dq: &DataQuality) -> Vec<Alert> {
    let ko = cx.cfg.locale == Locale::Ko;
    let gate = &cx.cfg.report;
    let mut out = Vec::new();
    for (input, acc) in &dq.inputs {
        if let Some(share) = acc.rejected_share().filter(|s| *s > gate.max_rejected_share) {
            out.push(Alert {
                kind: AlertKind::Gate,
                tag: None,
                date: None,
                count: Some(acc.rows_rejected),
                baseline: None,
                message: if ko {
                    format!(
                        "{}: 행의 {}가 거부되었습니다 (허용 {}); rejects 파일을 확인하세요",
                        input.name(),
                        pct(share),
                        pct(gate.max_rejected_share)
                    )
                } else {
                    format!(
                        "{}: {} of rows rejected (gate {}); see the rejects file",
                        input.name(),
                        pct(share),
                        pct(gate.max_rejected_share)
                    )
                },
            });
        }
    }
    if let Some(share) = dq.unclassified_share.filter(|s| *s > gate.max_unclassified_share) {
        let n = s.convs.iter().filter(|c| c.tag.is_none()).count() as u64;
        out.push(Alert {
            kind: AlertKind::Coverage,
            tag: None,
            date: None,
            count: Some(n),
            baseline: None,
            message: if ko {
                format!(
                    "미분류 문의가 {}입니다 (허용 {}): 택소노미에 키워드를 추가하세요",
                    pct(share),
                    pct(gate.max_unclassified_share)
                )
            } else {
                format!(
                    "{} of conversations are unclassified (gate {}): the taxonomy needs keywords",
                    pct(share),
                    pct(gate.max_unclassified_share)
                )
            },
        });
    }
    for (t, tc) in cx.tax.tags.iter().zip(&cur.tags) {
        if t.level == 1 && !t.has_children && tc.share.is_some_and(|s| s > 0.5) {
            let share = tc.share.unwrap_or(0.0);
            out.push(Alert {
                kind: AlertKind::Dominance,
                tag: Some(t.id.clone()),
                date: None,
                count: Some(tc.count),
                baseline: None,
                message: if ko {
                    format!("'{}' 태그가 문의의 {}를 차지하며 하위 태그가 없습니다: 하위 유형으로 나누세요", t.name, pct(share))
                } else {
                    format!("`{}` holds {} of conversations and has no children: split it", t.name, pct(share))
                },
            });
        }
    }
    out.extend(spikes(cx, s, ko));
    out
}

/// A tag-day of the period whose count is ≥ `min_count` and > `m + 3·√m`, `m` the tag's mean
/// daily count over the baseline days before the period. Baseline days before the first day
/// with any conversation do not count; with no baseline day there is no spike alert.
fn spikes(cx: &Ctx, s: &Slice, ko: bool) -> Vec<Alert> {
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
                    message: if ko {
                        format!("{date} '{}' 문의 {count}건: 평소 하루 {m:.1}건의 급증", tag.path)
                    } else {
                        format!("{date}: {count} conversations tagged `{}` against a daily baseline of {m:.1}", tag.path)
                    },
                });
            }
        }
    }
    out
}
