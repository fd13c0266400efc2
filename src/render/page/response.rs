//! Section 7: first response, simple against revenue inquiries.

use super::util::*;
use super::*;

/// Section 7: first response, simple against revenue inquiries.
pub(super) fn sections(cx: &Cx, charts: &mut Vec<Chart>) -> anyhow::Result<Vec<Section>> {
    let &Cx { cfg, m, ref w, ref f, cur, ko, .. } = cx;
    let mut sections = Vec::new();
    let t = &cfg.report.targets;
    let ecdf = Chart {
        id: "first-response".into(),
        alt: w.t("첫 응답 시간 분포 (누적, 목표 표시)", "First-response time distribution (cumulative, targets marked)"),
        kind: Kind::Ecdf(Ecdf {
            series: m
                .response_delays
                .0
                .iter()
                .filter(|(k, _)| matches!(k, ClassKey::Simple | ClassKey::Revenue))
                .map(|(k, v)| (class_name(k.name(), ko), k.name().to_string(), v.clone()))
                .collect(),
            targets: [(ClassKey::Simple, t.simple), (ClassKey::Revenue, t.revenue)]
                .into_iter()
                .filter_map(|(k, v)| v.map(|v| (format!("{} {}", w.t("목표", "target"), f.dur(v)), k.name().to_string(), v)))
                .collect(),
            ko,
        }),
    };
    let all = &cur.first_response.all;
    let (s, r) = (&cur.first_response.simple, &cur.first_response.revenue);
    if all.answered.is_none() {
        sections.push(Section {
            id: "first-response",
            num: Some(7),
            title: w.t("첫 응답 시간: 단순 문의 vs 매출 문의", "First response: simple vs revenue inquiries"),
            lead: Some(w.t(
                "첫 응답 시각(또는 첫 응답까지의 시간)이 매핑되지 않아 첫 응답 지표가 없습니다.",
                "No first-response time is mapped: there are no first-response figures.",
            )),
            blocks: Vec::new(),
        });
        return Ok(sections);
    }
    let fr_table = response_table(&cur.first_response, &w, &f, t, ko);
    let mut fr_blocks = Vec::new();
    if all.answered.unwrap_or(0) > 0 {
        fr_blocks.push(figure(&ecdf, fr_table)?);
        charts.push(ecdf);
    } else {
        fr_blocks.push(Block::Table { table: fr_table });
    }
    if let Some(b) = &cur.first_response_business {
        let mut table = response_table(b, &w, &f, t, ko);
        table.caption = Some(w.t("영업시간 기준 (휴일 제외)", "Counting business hours only (holidays excluded)"));
        fr_blocks.push(Block::Table { table });
    }
    if let Some(b) = breaches(cx) {
        fr_blocks.push(b);
    }
    sections.push(Section {
        id: "first-response",
        num: Some(7),
        title: w.t("첫 응답 시간: 단순 문의 vs 매출 문의", "First response: simple vs revenue inquiries"),
        lead: Some(if all.answered == Some(0) {
            w.t("이 기간에 답변된 문의가 없습니다.", "No conversation of this period was answered.")
        } else {
            let (sm, rm) = (f.opt_dur(s.median_s), f.opt_dur(r.median_s));
            w.t(
                &format!("단순 문의(배송 등) 중앙값 {sm}, 매출 문의(사이즈·재고 등) 중앙값 {rm}."),
                &format!("Median first response: simple inquiries {sm}, revenue inquiries {rm}."),
            )
        }),
        blocks: fr_blocks,
    });

    Ok(sections)
}

/// The SLA breach list: per class with a target, the oldest conversations answered after it or
/// not at all (wall clock), each linking to the helpdesk when it can.
fn breaches(cx: &Cx) -> Option<Block> {
    let (w, f, fr) = (&cx.w, &cx.f, &cx.cur.first_response);
    let t = &cx.cfg.report.targets;
    let target = |k| crate::metrics::response::target(t, Some(k));
    let classes = [
        (ClassKey::Revenue, &fr.revenue, target(ClassKey::Revenue)),
        (ClassKey::Simple, &fr.simple, target(ClassKey::Simple)),
        (ClassKey::Other, &fr.other, target(ClassKey::Other)),
        (ClassKey::Unclassified, &fr.unclassified, target(ClassKey::Unclassified)),
    ];
    let items: Vec<(String, Vec<Link>)> = classes
        .into_iter()
        .filter_map(|(k, s, target)| {
            let (ids, target) = (s.late_ids.as_ref().filter(|ids| !ids.is_empty())?, target?);
            let late = s.late?;
            let name = class_name(k.name(), cx.ko);
            let label = w.t(
                &format!(
                    "{name} 목표({}) 초과·미응답 {}건{}",
                    f.dur(target),
                    f.int(late),
                    if late > ids.len() as u64 { format!(" 중 오래된 {}건", ids.len()) } else { String::new() }
                ),
                &format!(
                    "{name}: {} answered after the target ({}) or not at all{}",
                    f.int(late),
                    f.dur(target),
                    if late > ids.len() as u64 { format!(", the oldest {}", ids.len()) } else { String::new() }
                ),
            );
            Some((label, ids.iter().map(|id| cx.conv(id)).collect()))
        })
        .collect();
    (!items.is_empty()).then_some(Block::Cases { items })
}
