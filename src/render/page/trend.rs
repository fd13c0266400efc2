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
    let covered: Vec<&crate::metrics::trend::Point> = points.iter().filter(|p| p.covered).collect();
    // fewer than three periods with data draw no trend: a sentence says what there is
    if covered.len() < MIN_COVERED {
        return Ok(vec![too_few(cx, &covered)]);
    }
    // weeks as W45 unless the trend crosses a year: the column stays narrow on a phone
    let years = points.first().map(|p| &p.start[..4]) != points.last().map(|p| &p.start[..4]);
    // the periods with data, and of the columns only those with a figure (no row or column
    // of placeholders)
    let columns: [(&str, &str, Figure); 6] = [
        ("문의", "Inquiries", Box::new(|p| Some(f.int(p.inquiries)))),
        ("매출", "Revenue", Box::new(|p| p.revenue.map(|r| f.money_short(r.rounded())))),
        ("매출당 문의", "Per revenue", Box::new(|p| p.per_revenue_unit.map(|v| format!("{v:.2}")))),
        ("응답 · 단순", "Reply · simple", Box::new(|p| p.first_response_median_s.simple.map(|s| f.dur(s)))),
        ("응답 · 매출", "Reply · revenue", Box::new(|p| p.first_response_median_s.revenue.map(|s| f.dur(s)))),
        ("CSAT", "CSAT", Box::new(|p| p.csat_mean.map(|v| format!("{v:.2}")))),
    ];
    let shown: Vec<_> = columns.iter().filter(|(_, _, v)| covered.iter().any(|p| v(p).is_some())).collect();
    let rows = covered
        .iter()
        .map(|p| {
            let mut cells = vec![cell(short_period(&p.id, years))];
            cells.extend(shown.iter().map(|(_, _, v)| num(v(p).unwrap_or_else(|| NONE.into()))));
            row(cells)
        })
        .collect();
    let mut head = vec![w.t("기간", "Period")];
    head.extend(shown.iter().map(|(ko, en, _)| w.t(ko, en)));
    let (a, b) = (covered[0], covered[covered.len() - 1]);
    let lead = Some(w.t(
        &format!("문의 {} ({}) → {} ({}), {}개 기간.", f.int(a.inquiries), a.id, f.int(b.inquiries), b.id, covered.len()),
        &format!(
            "Inquiries {} ({}) → {} ({}), over {} periods.",
            f.int(a.inquiries),
            a.id,
            f.int(b.inquiries),
            b.id,
            covered.len()
        ),
    ));
    let gaps = points.len() - covered.len();
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
    // a panel with fewer than two figures is an empty box
    panels.retain(|(_, _, series)| series.iter().flatten().count() >= 2);
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
            let gaps = if gaps > 0 {
                w.t(&format!(" · 데이터가 없는 {gaps}개 기간은 뺌"), &format!("; {gaps} periods without data left out"))
            } else {
                String::new()
            };
            let caption = Some(w.t(
                &format!("각 기간을 그 기간의 리포트와 같은 방식으로 계산{gaps}"),
                &format!("Each period computed as its own report computes it{gaps}"),
            ));
            let picture = figure(&chart, Table { caption, head, rows, key: 1 })?;
            charts.push(chart);
            picture
        }],
    }])
}

/// The trend of fewer than [`MIN_COVERED`] periods covered by the data: a sentence.
fn too_few(cx: &Cx, covered: &[&crate::metrics::trend::Point]) -> Section {
    let Cx { w, f, .. } = cx;
    let what = match covered {
        [a, b] => w.t(
            &format!(
                "데이터가 온전한 기간은 2개뿐입니다 ({} {}건 → {} {}건)",
                a.id,
                f.int(a.inquiries),
                b.id,
                f.int(b.inquiries)
            ),
            &format!(
                "Only 2 periods are covered by the data ({}: {} → {}: {})",
                a.id,
                f.int(a.inquiries),
                b.id,
                f.int(b.inquiries)
            ),
        ),
        [a] => w.t(&format!("데이터가 온전한 기간은 {}뿐입니다", a.id), &format!("Only {} is covered by the data", a.id)),
        _ => w.t("데이터가 기간을 다 덮는 기간이 없습니다", "No period is covered by the data from start to end"),
    };
    Section {
        id: "trend",
        num: None,
        title: w.t("추이", "Trend"),
        lead: Some(w.t(&format!("{what}: 추이는 3개 기간부터 그립니다."), &format!("{what}: a trend is drawn from 3 periods."))),
        blocks: Vec::new(),
    }
}

/// One figure of a period in the trend's table, when it has one.
type Figure<'a> = Box<dyn Fn(&crate::metrics::trend::Point) -> Option<String> + 'a>;

/// Fewest periods with data a trend is drawn for.
const MIN_COVERED: usize = 3;

/// Most level-1 types drawn in the trend.
const TAG_PANELS: usize = 9;

/// `2026-W45` → `W45` (the year shown once, in the lead) unless the trend crosses a year.
fn short_period(id: &str, years: bool) -> String {
    match id.split_once("-W") {
        Some((_, w)) if !years => format!("W{w}"),
        _ => id.to_string(),
    }
}
