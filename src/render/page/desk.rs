//! 해결·적체·상담원: how long problems take to solve, one-touch and reopens, what is still open at
//! the period's end and how old it is, each agent, and what the handling costs.

use super::util::*;
use super::*;
use crate::metrics::desk::{Resolution, ResolutionStats};

/// The helpdesk section (after when customers write); none when nothing of it is mapped.
pub(super) fn sections(cx: &Cx, charts: &mut Vec<Chart>) -> anyhow::Result<Vec<Section>> {
    let &Cx { m, ref w, ref f, ko, .. } = cx;
    let d = &m.desk;
    if d.resolution.is_none() && d.agents.is_none() && d.cost.is_none() {
        return Ok(Vec::new());
    }
    let tag_name = |id: Option<&str>| cx.tag_name(id);
    let mut blocks = Vec::new();
    let mut lead = Vec::new();
    if let Some(r) = &d.resolution {
        // (no valid resolution at all: the table says how many were invalid)
        lead.extend(r.all.median_s.map(|_| {
            w.t(
                &format!(
                    "해결 중앙값 {} (단순 {}, 매출 {})",
                    f.opt_dur(r.all.median_s),
                    f.opt_dur(r.simple.median_s),
                    f.opt_dur(r.revenue.median_s)
                ),
                &format!(
                    "median resolution {} (simple {}, revenue {})",
                    f.opt_dur(r.all.median_s),
                    f.opt_dur(r.simple.median_s),
                    f.opt_dur(r.revenue.median_s)
                ),
            )
        }));
        blocks.push(Block::Table { table: resolution_table(r, w, f, ko, None) });
        if let Some(b) = &d.resolution_business {
            let caption = w.t("영업시간 기준 (휴일 제외)", "Counting business hours only (holidays excluded)");
            blocks.push(Block::Table { table: resolution_table(b, w, f, ko, Some(caption)) });
        }
    }
    if let Some(s) = d.one_touch_share {
        lead.push(w.t(&format!("한 번의 답변으로 해결 {}", f.pct(s)), &format!("{} solved in one reply", f.pct(s))));
    }
    if let Some(s) = d.reopen_share {
        lead.push(w.t(&format!("재오픈 {}", f.pct(s)), &format!("{} reopened", f.pct(s))));
    }
    if let Some(b) = &d.backlog {
        lead.push(w.t(
            &format!("기간 말 미해결 {}건 (7일 이상 {}건)", f.int(b.open), f.int(b.by_age.gt_7d)),
            &format!("{} open at the end ({} for 7 days or more)", f.int(b.open), f.int(b.by_age.gt_7d)),
        ));
        let ages = [
            (w.t("1일 미만", "under 1 day"), b.by_age.lt_1d),
            (w.t("1–3일", "1–3 days"), b.by_age.d1_3),
            (w.t("3–7일", "3–7 days"), b.by_age.d3_7),
            (w.t("7일 이상", "7 days or more"), b.by_age.gt_7d),
        ];
        let chart = Chart {
            id: "backlog".into(),
            alt: w.t("기간 말 미해결 문의의 경과 시간", "Open conversations at the period's end, by age"),
            kind: Kind::HBars(HBars {
                labels: ages.iter().map(|(l, _)| l.clone()).collect(),
                current: ages.iter().map(|(_, n)| *n as f64).collect(),
                previous: None,
                notes: ages.iter().map(|(_, n)| f.int(*n)).collect(),
                legend: vec![],
            }),
        };
        let table = Table {
            key: 2,
            caption: Some(w.t(
                "기간 말 미해결: 유형별 (이전에 접수된 문의 포함)",
                "Open at the end, by type (older conversations included)",
            )),
            head: vec![w.t("유형", "Type"), w.t("미해결", "Open")],
            rows: b.by_tag.iter().map(|t| row(vec![cell(tag_name(t.tag.as_deref())), num(f.int(t.open))])).collect(),
        };
        if b.open > 0 {
            blocks.push(figure(&chart, table)?);
            charts.push(chart);
        } else {
            blocks.push(Block::Para {
                text: w.t("기간 말에 미해결 문의가 없습니다.", "Nothing is open at the period's end.")
            });
        }
    }
    if let Some(agents) = &d.agents {
        blocks.push(Block::Table { table: agents_table(agents, w, f) });
    }
    if let Some(c) = &d.cost {
        lead.push(w.t(&format!("처리 비용 {}", f.money(c.total)), &format!("handling cost {}", f.money(c.total))));
        blocks.push(Block::Table {
            table: Table {
                key: 2,
                caption: Some(w.t(
                    "처리 비용: 유형별 (문의 × 상담 시간 × 시간당 비용)",
                    "Handling cost by type (conversations × minutes × hourly cost)",
                )),
                head: vec![w.t("유형", "Type"), w.t("비용", "Cost")],
                rows: c.by_tag.iter().map(|t| row(vec![cell(tag_name(t.tag.as_deref())), num(f.money(t.cost))])).collect(),
            },
        });
    }
    Ok(vec![Section {
        id: "desk",
        num: None,
        title: w.t("해결·적체·상담원", "Resolution, backlog and agents"),
        // (agents known, resolution not: the lead says the agents, never a lone ".")
        lead: (!lead.is_empty()).then(|| format!("{}.", lead.join(if ko { ", " } else { "; " }))).or_else(|| {
            d.agents.as_ref().map(|a| {
                let n = a.iter().filter(|a| a.agent.is_some()).count();
                w.t(&format!("상담원 {n}명의 문의와 첫 응답."), &format!("{n} agents: their conversations and first replies."))
            })
        }),
        blocks,
    }])
}

fn resolution_table(r: &Resolution, w: &W, f: &Fmt, ko: bool, caption: Option<String>) -> Table {
    let line = |k: &str, s: &ResolutionStats| {
        row(vec![
            cell(class_name(k, ko)),
            num(f.int(s.resolved)),
            num(f.opt_dur(s.median_s)),
            num(f.opt_dur(s.p90_s)),
            num(f.int(s.unresolved)),
            num(f.int(s.invalid)),
        ])
    };
    Table {
        key: 3,
        caption,
        head: w.all(&[
            ("구분", "Class"),
            ("해결", "Resolved"),
            ("중앙값", "Median"),
            ("p90", "p90"),
            ("미해결", "Open"),
            ("무효", "Invalid"),
        ]),
        rows: vec![
            line("simple", &r.simple),
            line("revenue", &r.revenue),
            line("other", &r.other),
            line("unclassified", &r.unclassified),
            line("all", &r.all),
        ],
    }
}

/// Per agent: conversations, first reply and resolution medians, one-touch, CSAT.
fn agents_table(agents: &[crate::metrics::desk::Agent], w: &W, f: &Fmt) -> Table {
    Table {
        key: 3,
        caption: Some(w.t(
            "상담원별 (문의 수 순) · 만족도는 답변한 상담원에게",
            "Per agent (by conversations) · a rating goes to the agent who answered",
        )),
        head: vec![
            w.t("상담원", "Agent"),
            w.t("문의", "Conv."),
            w.t("첫 응답 중앙값", "First reply"),
            w.t("해결 중앙값", "Resolution"),
            w.t("한 번에 해결", "One-touch"),
            w.t("CSAT", "CSAT"),
            w.t("응답", "Answered"),
        ],
        rows: agents
            .iter()
            .map(|a| {
                row(vec![
                    cell(a.agent.clone().unwrap_or_else(|| w.t("(미배정)", "(unassigned)"))),
                    num(f.int(a.conversations)),
                    num(f.opt_dur(a.first_response_median_s)),
                    num(f.opt_dur(a.resolution_median_s)),
                    num(f.opt_pct(a.one_touch_share)),
                    num(f.dec(a.csat_mean, 2)),
                    num(f.opt_int(a.answered)),
                ])
            })
            .collect(),
    }
}
