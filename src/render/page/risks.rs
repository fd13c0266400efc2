//! Section 6: risk cases with masked examples.

use super::util::*;
use super::*;

/// Section 6: risk cases with masked examples.
pub(super) fn sections(cx: &Cx, charts: &mut Vec<Chart>) -> anyhow::Result<Vec<Section>> {
    let &Cx { cfg, ref w, ref f, cur, prev, ref cur_label, ref prev_label, src, .. } = cx;
    let mut sections = Vec::new();
    let risk_total: u64 = cur.risks.iter().map(|r| r.count).sum();
    let prev_risks = prev.map(|p| &p.risks);
    let risk_chart = Chart {
        id: "risks".into(),
        alt: w.t("리스크 유형별 접수 건수", "Risk cases by type"),
        kind: Kind::HBars(HBars {
            labels: cur.risks.iter().map(|r| r.name.clone()).collect(),
            current: cur.risks.iter().map(|r| r.count as f64).collect(),
            previous: prev_risks.map(|p| p.iter().map(|r| r.count as f64).collect()),
            notes: cur.risks.iter().map(|r| f.int(r.count)).collect(),
            legend: if prev_risks.is_some() {
                vec![(cur_label.clone(), "blue".into()), (prev_label.clone(), "previous".into())]
            } else {
                vec![]
            },
        }),
    };
    let risk_table = Table {
        key: 1,
        caption: None,
        head: vec![w.t("리스크", "Risk"), cur_label.clone(), prev_label.clone()],
        rows: cur
            .risks
            .iter()
            .enumerate()
            .map(|(i, r)| {
                // a risk's words are its examples below (quoted once on the page)
                let quoted = src.examples.get(i).is_some_and(|e| !e.is_empty());
                let href = quoted.then(|| format!("#{}", voices_anchor("risk", &r.id)));
                row(vec![
                    link(r.name.clone(), href),
                    num(f.int(r.count)),
                    num(prev_risks.map_or(NONE.into(), |p| f.int(p[i].count))),
                ])
            })
            .collect(),
    };
    // nothing to draw: no chart of zeros, and a table only to compare with a previous period that had some
    let prev_total: u64 = prev_risks.map_or(0, |p| p.iter().map(|r| r.count).sum());
    let mut risk_blocks = Vec::new();
    if risk_total > 0 {
        risk_blocks.push(figure(&risk_chart, risk_table)?);
        charts.push(risk_chart);
    } else if prev_total > 0 {
        risk_blocks.push(Block::Table { table: risk_table });
    }
    let mut examples = Vec::new();
    for (i, r) in cur.risks.iter().enumerate() {
        // oldest first, each text once (a copy-pasted complaint is one quote)
        let mut shown: Vec<&str> = Vec::new();
        let distinct = src.examples.get(i).into_iter().flatten().filter(|ex| {
            let new = !shown.iter().any(|t| t.split_whitespace().eq(ex.text.split_whitespace()));
            if new {
                shown.push(&ex.text);
            }
            new
        });
        for (k, ex) in distinct.take(EXAMPLES_PER_RISK).enumerate() {
            examples.push(Example {
                anchor: (k == 0).then(|| voices_anchor("risk", &r.id)),
                href: cx.conv(&ex.id).href,
                id: ex.id.to_string(),
                when: local_time(ex.created, cfg.timezone),
                risk: r.name.clone(),
                text: quote(&ex.text, EXAMPLE_CHARS),
            });
        }
    }
    if !examples.is_empty() {
        risk_blocks.push(Block::Examples {
            title: w.t("접수 예시 (개인정보는 가려서 표시)", "Examples (personal data masked)"),
            items: examples,
        });
    }
    let cases: Vec<(String, Vec<Link>)> = cur
        .risks
        .iter()
        .filter(|r| r.count > 0)
        .map(|r| (r.name.clone(), r.conversation_ids.iter().map(|id| cx.conv(id)).collect()))
        .collect();
    if !cases.is_empty() {
        risk_blocks.push(Block::Cases { items: cases });
    }
    sections.push(Section {
        id: "risks",
        num: Some(6),
        title: w.t("주요 리스크 유형별 접수 건수", "Risk cases by type"),
        lead: Some(if risk_total == 0 {
            w.t("이 기간에 접수된 리스크 건이 없습니다.", "No risk cases in this period.")
        } else {
            w.t(
                &format!("리스크 접수 {}건 — 가장 오래된 건부터 아래 대화 ID를 확인하세요.", f.int(risk_total)),
                &format!("{} risk cases — the conversation ids below, oldest first.", f.int(risk_total)),
            )
        }),
        blocks: risk_blocks,
    });

    Ok(sections)
}
