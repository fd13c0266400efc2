//! The trend: the headline figures of the last `report.trend_periods` periods, oldest first,
//! each as its own report computes it; periods the data does not cover are marked, not zeros.

use super::util::figure;
use super::*;

/// The trend section (after the inquiries against sales).
pub(super) fn sections(cx: &Cx, charts: &mut Vec<Chart>) -> anyhow::Result<Vec<Section>> {
    let &Cx { m, ref w, ref f, .. } = cx;
    let points = &m.trend;
    if points.len() < 2 {
        return Ok(Vec::new());
    }
    let gap = w.t("없음", "none");
    // weeks as W45 unless the trend crosses a year: the column stays narrow on a phone
    let years = points.first().map(|p| &p.start[..4]) != points.last().map(|p| &p.start[..4]);
    let rows = points
        .iter()
        .map(|p| {
            let v = |s: String| if p.covered { num(s) } else { num(gap.clone()) };
            row(vec![
                cell(short_period(&p.id, years)),
                v(f.int(p.inquiries)),
                v(p.revenue.map_or(NONE.into(), |r| f.money_short(r.rounded()))),
                v(f.dec(p.per_revenue_unit, 2)),
                v(f.opt_dur(p.first_response_median_s.simple)),
                v(f.opt_dur(p.first_response_median_s.revenue)),
                v(f.dec(p.csat_mean, 2)),
            ])
        })
        .collect();
    let covered: Vec<&crate::metrics::trend::Point> = points.iter().filter(|p| p.covered).collect();
    let lead = match (covered.first(), covered.last()) {
        (Some(a), Some(b)) if covered.len() >= 2 => Some(w.t(
            &format!("문의 {} ({}) → {} ({}), {}개 기간.", f.int(a.inquiries), a.id, f.int(b.inquiries), b.id, covered.len()),
            &format!(
                "Inquiries {} ({}) → {} ({}), over {} periods.",
                f.int(a.inquiries),
                a.id,
                f.int(b.inquiries),
                b.id,
                covered.len()
            ),
        )),
        _ => None,
    };
    // small multiples of the headline figures and the level-1 tags, one panel each
    let val = |p: &crate::metrics::trend::Point, v: Option<f64>| if p.covered { v } else { None };
    let last = points.last().expect("two points or more");
    let mut panels = vec![
        (
            w.t("문의", "Inquiries"),
            f.int(last.inquiries),
            points.iter().map(|p| val(p, Some(p.inquiries as f64))).collect::<Vec<_>>(),
        ),
        (
            w.t("매출당 문의", "Per revenue"),
            f.dec(last.per_revenue_unit, 2),
            points.iter().map(|p| val(p, p.per_revenue_unit)).collect(),
        ),
        (
            w.t("첫 응답 · 단순", "Reply · simple"),
            f.opt_dur(last.first_response_median_s.simple),
            points.iter().map(|p| val(p, p.first_response_median_s.simple)).collect(),
        ),
        (
            w.t("첫 응답 · 매출", "Reply · revenue"),
            f.opt_dur(last.first_response_median_s.revenue),
            points.iter().map(|p| val(p, p.first_response_median_s.revenue)).collect(),
        ),
    ];
    // the level-1 types with the most conversations in the last period (ties: taxonomy
    // order); the JSON's trend has them all
    let mut tags: Vec<&(String, u64)> = last.tags.0.iter().collect();
    tags.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    tags.truncate(TAG_PANELS);
    let order = |id: &str| last.tags.0.iter().position(|(k, _)| k == id);
    tags.sort_by_key(|(id, _)| order(id));
    for (id, n) in tags {
        let name = cx.src.tax.tag_index(id).map(|i| cx.src.tax.tags[i].name.clone()).unwrap_or_else(|| id.clone());
        let series = points.iter().map(|p| val(p, p.tags.0.iter().find(|(k, _)| k == id).map(|(_, c)| *c as f64))).collect();
        panels.push((name, f.int(*n), series));
    }
    let chart = Chart {
        id: "trend".into(),
        alt: w.t("추이: 기간별 주요 수치와 문의 유형", "Trend: headline figures and inquiry types per period"),
        kind: Kind::Multiples(crate::render::charts::Multiples { panels }),
    };
    Ok(vec![Section {
        id: "trend",
        num: None,
        title: w.t(&format!("추이 (최근 {}개 기간)", points.len()), &format!("Trend (last {} periods)", points.len())),
        lead,
        blocks: vec![{
            let (caption, head, rows) = (
                Some(w.t(
                    "각 기간을 그 기간의 리포트와 같은 방식으로 계산 · 데이터가 없는 기간은 \"없음\"",
                    "Each period computed as its own report computes it; periods without data read \"none\"",
                )),
                w.all(&[
                    ("기간", "Period"),
                    ("문의", "Inquiries"),
                    ("매출", "Revenue"),
                    ("매출당 문의", "Per revenue"),
                    ("응답 · 단순", "Reply · simple"),
                    ("응답 · 매출", "Reply · revenue"),
                    ("CSAT", "CSAT"),
                ]),
                rows,
            );
            let picture = figure(&chart, Table { caption, head, rows, key: 1 })?;
            charts.push(chart);
            picture
        }],
    }])
}

/// Most level-1 types drawn in the trend.
const TAG_PANELS: usize = 9;

/// `2026-W45` → `W45` (the year shown once, in the lead) unless the trend crosses a year.
fn short_period(id: &str, years: bool) -> String {
    match id.split_once("-W") {
        Some((_, w)) if !years => format!("W{w}"),
        _ => id.to_string(),
    }
}
