//! The team's notes, data quality, and how the numbers are computed.

use super::util::*;
use super::*;
use crate::model::InputKind;

/// The team's notes, data quality, and how the numbers are computed.
pub(super) fn sections(cx: &Cx, _charts: &mut Vec<Chart>) -> anyhow::Result<Vec<Section>> {
    let &Cx { cfg, m, ref w, ref f, ref unit_label, src, .. } = cx;
    let mut sections = Vec::new();
    if let Some(md) = src.notes {
        sections.push(Section {
            id: "notes",
            num: None,
            title: w.t("노트 · 업계 동향", "Notes"),
            lead: None,
            blocks: vec![Block::Notes { html: markdown(md) }],
        });
    }

    let dq = &m.data_quality;
    let line = |name: String, a: &crate::model::Accounting| {
        row(vec![
            cell(name),
            num(f.int(a.rows_read)),
            num(f.int(a.rows_used)),
            num(f.int(a.rows_rejected)),
            num(f.int(a.duplicates)),
            num(f.int(a.out_of_period)),
            num(f.int(a.filtered)),
        ])
    };
    let mut acc_rows = Vec::new();
    for (k, a) in &dq.inputs {
        acc_rows.push(line(crate::render::labels::input_name(*k, cfg.locale), a));
        // each conversation source under their sum
        if *k == InputKind::Conversations {
            for (n, a) in &dq.sources {
                acc_rows.push(line(format!("　{}", crate::render::labels::source_name(*k, Some(n), cfg.locale)), a));
            }
        }
    }
    let mut dq_blocks = vec![Block::Table {
        table: Table {
            key: 1,
            caption: Some(w.t(
                "입력별 행 집계: 읽음 = 사용 + 거부 + 중복 + 기간 외 + 제외",
                "Rows per input: read = used + rejected + duplicates + out of period + filtered",
            )),
            head: w.all(&[
                ("입력", "Input"),
                ("읽음", "Read"),
                ("사용", "Used"),
                ("거부", "Rejected"),
                ("중복", "Duplicates"),
                ("기간 외", "Out of period"),
                ("제외", "Filtered"),
            ]),
            rows: acc_rows,
        },
    }];
    let mut facts = vec![
        (w.t("미분류 비율", "Unclassified share"), f.opt_pct(dq.unclassified_share)),
        (
            w.t(
                &format!("앞뒤가 맞지 않는 첫 응답 (문의보다 빠르거나 {} 넘게 늦음)", f.dur(cfg.report.max_response_s)),
                &format!("Implausible first responses (before the question, or over {} later)", f.dur(cfg.report.max_response_s)),
            ),
            f.opt_int(dq.invalid_first_response),
        ),
        (w.t("상품 연결 없는 문의", "Conversations without a product"), f.opt_int(dq.without_product)),
    ];
    if let Some(unmapped) = dq.unmapped_manual_tags.as_ref().filter(|u| !u.is_empty()) {
        let list: Vec<String> = unmapped.iter().take(5).map(|(v, n)| format!("{v} {}", f.int(*n))).collect();
        let more = if unmapped.len() > 5 { format!(" … (+{})", unmapped.len() - 5) } else { String::new() };
        facts.push((
            w.t("택소노미에 없는 수동 태그 (별칭을 추가하세요)", "Manual tags that name no tag (add aliases)"),
            format!("{}{more}", list.join(", ")),
        ));
    }
    for (input, acc) in &dq.inputs {
        let span = acc.span.map_or(crate::render::format::NONE.to_string(), |(a, b)| {
            let d = |t: i64| crate::period::local_date(cfg.timezone, t).to_string();
            format!("{} ~ {}", d(a), d(b))
        });
        let name = crate::render::labels::input_name(*input, cfg.locale);
        facts.push((w.t(&format!("{name} 데이터 범위"), &format!("{name} data span")), span));
    }
    let rejects_file = (!src.rejects.is_empty()).then(|| format!("{}.rejects.csv", m.period.id));
    if let Some(r) = &rejects_file {
        facts.push((w.t("거부된 행과 사유", "Rejected rows and reasons"), r.clone()));
    }
    dq_blocks.push(Block::Defs { items: facts });
    let gate_messages = &cx.gate_messages;
    sections.push(Section {
        id: "data-quality",
        num: None,
        title: w.t("데이터 품질", "Data quality"),
        lead: Some(if gate_messages.is_empty() {
            w.t("품질 기준을 모두 통과했습니다.", "Every data-quality gate passed.")
        } else {
            format!("{} {}", w.t("품질 기준 미달:", "Failed gates:"), gate_messages.join(" / "))
        }),
        blocks: dq_blocks,
    });

    sections.push(Section {
        id: "method",
        num: None,
        title: w.t("산출 방법", "How these numbers are computed"),
        lead: None,
        blocks: vec![Block::Defs { items: method(cfg, &w, &f, &unit_label) }],
    });

    Ok(sections)
}
