//! `<output_dir>/index.html`: every report of the folder, newest first, with its headline
//! figures and its trend as a sparkline, so a team's folder of Monday reports is browsable.
//! Kept by `voc report` each time it writes into the folder (docs/outputs.md).

use anyhow::Result;
use serde::Serialize;

use super::format::{Fmt, NONE};
use super::html;
use super::labels::period_label;
use crate::config::{Config, Locale};
use crate::model::Archived;

#[derive(Serialize)]
struct Index {
    lang: &'static str,
    title: String,
    lead: String,
    reports: Vec<Row>,
    labels: Labels,
}

/// The headline figures of a report, or the column heads that name them.
#[derive(Serialize)]
struct Figures {
    inquiries: String,
    revenue: String,
    per_revenue: String,
    simple: String,
    revenue_class: String,
    risks: String,
}

#[derive(Serialize)]
struct Labels {
    #[serde(flatten)]
    figures: Figures,
    gate: String,
    summary: String,
    data: String,
}

#[derive(Serialize)]
struct Row {
    id: String,
    label: String,
    dates: String,
    html: Option<String>,
    md: Option<String>,
    json: String,
    #[serde(flatten)]
    figures: Figures,
    gate_failed: bool,
    /// The trend's inquiries as an inline SVG (no text: nothing to escape).
    spark: Option<String>,
}

/// The index page of `reports`, newest first (by end date, then the longer range, then id).
pub fn index(cfg: &Config, mut reports: Vec<Archived>, templates: &[(String, String)]) -> Result<Vec<u8>> {
    reports.sort_by(|a, b| b.end.cmp(&a.end).then(a.start.cmp(&b.start)).then(a.id.cmp(&b.id)));
    let ko = cfg.locale == Locale::Ko;
    let t = |k: &str, e: &str| if ko { k.to_string() } else { e.to_string() };
    let f = Fmt { locale: cfg.locale, currency: cfg.currency.clone() };
    let unit = super::labels::unit_label(cfg, ko);
    let rows = reports
        .iter()
        .map(|r| Row {
            id: r.id.clone(),
            label: period_label(&r.id, cfg.locale),
            dates: if r.start == r.end { r.start.clone() } else { format!("{} ~ {}", r.start, r.end) },
            html: r.html.then(|| format!("{}.html", r.id)),
            md: r.md.then(|| format!("{}.md", r.id)),
            json: format!("{}.json", r.id),
            figures: Figures {
                inquiries: f.opt_int(r.inquiries),
                revenue: r.revenue.map_or(NONE.into(), |v| f.money_short(v)),
                per_revenue: f.dec(r.per_revenue_unit, 2),
                simple: f.opt_dur(r.first_response_simple_s),
                revenue_class: f.opt_dur(r.first_response_revenue_s),
                risks: f.int(r.risks),
            },
            gate_failed: r.gate_failed,
            spark: sparkline(&r.trend),
        })
        .collect();
    let page = Index {
        lang: if ko { "ko" } else { "en" },
        title: t("CS 리포트 모음", "CS reports"),
        lead: if ko {
            format!("이 폴더의 리포트 {}개, 최신순. 추이 선은 각 리포트의 기간별 문의 수입니다.", reports.len())
        } else {
            format!("{} reports in this folder, newest first. The line is each report's inquiries per period.", reports.len())
        },
        reports: rows,
        labels: Labels {
            figures: Figures {
                inquiries: t("문의", "Inquiries"),
                revenue: t("매출", "Revenue"),
                per_revenue: if ko { format!("{unit}당 문의") } else { format!("Per {unit}") },
                simple: t("첫 응답 · 단순", "First reply · simple"),
                revenue_class: t("첫 응답 · 매출", "First reply · revenue"),
                risks: t("리스크", "Risks"),
            },
            gate: t("데이터 품질 경고", "Data-quality warning"),
            summary: t("요약", "Summary"),
            data: t("데이터", "Data"),
        },
    };
    let env = html::environment(templates)?;
    html::render(&env, "index.html.j2", &page)
}

/// The values as a 120 × 28 polyline (a gap where a period has none), or None with fewer
/// than two values.
fn sparkline(values: &[Option<f64>]) -> Option<String> {
    let known: Vec<f64> = values.iter().flatten().copied().collect();
    if known.len() < 2 {
        return None;
    }
    let (lo, hi) = known.iter().fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
    let (w, h, pad) = (120.0, 28.0, 3.0);
    let x = |i: usize| pad + (w - 2.0 * pad) * i as f64 / (values.len() - 1).max(1) as f64;
    let y = |v: f64| if hi > lo { h - pad - (h - 2.0 * pad) * (v - lo) / (hi - lo) } else { h / 2.0 };
    let mut runs: Vec<Vec<String>> = vec![Vec::new()];
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => runs.last_mut().expect("one run").push(format!("{:.1},{:.1}", x(i), y(*v))),
            None if !runs.last().expect("one run").is_empty() => runs.push(Vec::new()),
            None => {}
        }
    }
    let lines: String = runs
        .iter()
        .filter(|r| !r.is_empty())
        .map(|r| format!("<polyline points=\"{}\" fill=\"none\" stroke=\"#2563eb\" stroke-width=\"2\"/>", r.join(" ")))
        .collect();
    Some(format!("<svg class=\"spark\" viewBox=\"0 0 120 28\" width=\"120\" height=\"28\" aria-hidden=\"true\">{lines}</svg>"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sparkline_breaks_where_a_period_has_no_data() {
        let s = sparkline(&[Some(1.0), Some(2.0), None, Some(3.0), Some(1.0)]).unwrap();
        assert_eq!(s.matches("<polyline").count(), 2, "{s}");
        assert!(sparkline(&[None, Some(1.0)]).is_none(), "one value is not a line");
        // the highest value is at the top, the lowest at the bottom
        let s = sparkline(&[Some(0.0), Some(10.0)]).unwrap();
        assert!(s.contains("points=\"3.0,25.0 117.0,3.0\""), "{s}");
    }
}
