//! Section 9: channels, segments, satisfaction (with CSAT and CES by tag).

use super::*;

/// Section 9: channels, segments, satisfaction.
pub(super) fn sections(cx: &Cx, _charts: &mut Vec<Chart>) -> anyhow::Result<Vec<Section>> {
    let &Cx { ref w, ref f, cur, prev, ref prev_label, .. } = cx;
    let mut sections = Vec::new();
    let mut cs_blocks = Vec::new();
    for (rows, label) in [(&cur.channels, w.t("채널", "Channel")), (&cur.segments, w.t("고객 등급", "Segment"))] {
        if let Some(rows) = rows {
            cs_blocks.push(Block::Table {
                table: Table {
                    key: 1,
                    caption: None,
                    head: vec![
                        label,
                        w.t("문의", "Inquiries"),
                        w.t("비중", "Share"),
                        w.t("첫 응답 중앙값", "First response median"),
                    ],
                    rows: rows
                        .iter()
                        .map(|b| {
                            row(vec![
                                cell(b.value.clone().unwrap_or_else(|| w.t("(없음)", "(none)"))),
                                num(f.int(b.count)),
                                num(f.opt_pct(b.share)),
                                num(f.opt_dur(b.first_response_median_s)),
                            ])
                        })
                        .collect(),
                },
            });
        }
    }
    let sat = &cur.satisfaction;
    let psat = prev.map(|p| &p.satisfaction);
    let mut sat_rows = Vec::new();
    if let Some(c) = &sat.ces {
        sat_rows.push(row(vec![
            cell("CES (1–7)"),
            num(f.int(c.responses)),
            num(f.dec(c.mean, 2)),
            num(format!("{} {}", f.opt_pct(c.share_5_7), w.t("(5–7점)", "(5–7)"))),
            num(match (c.target, c.target_met) {
                (Some(tg), Some(true)) => format!("{} {tg} ✓", w.t("목표", "target")),
                (Some(tg), _) => format!("{} {tg} ✗", w.t("목표", "target")),
                _ => NONE.into(),
            }),
            num(psat.and_then(|p| p.ces.as_ref()).map_or(NONE.into(), |p| f.dec(p.mean, 2))),
        ]));
    }
    if let Some(c) = &sat.csat {
        sat_rows.push(row(vec![
            cell("CSAT (1–5)"),
            num(f.int(c.responses)),
            num(f.dec(c.mean, 2)),
            num(format!("{} {}", f.opt_pct(c.share_4_5), w.t("(4–5점)", "(4–5)"))),
            num(""),
            num(psat.and_then(|p| p.csat.as_ref()).map_or(NONE.into(), |p| f.dec(p.mean, 2))),
        ]));
    }
    if let Some(n) = &sat.nps {
        sat_rows.push(row(vec![
            cell("NPS (0–10)"),
            num(f.int(n.responses)),
            num(f.dec(n.score, 1)),
            num(""),
            num(""),
            num(psat.and_then(|p| p.nps.as_ref()).map_or(NONE.into(), |p| f.dec(p.score, 1))),
        ]));
    }
    if !sat_rows.is_empty() {
        cs_blocks.push(Block::Table {
            table: Table {
                key: 1,
                caption: Some(w.t("고객 만족도", "Satisfaction")),
                head: vec![
                    w.t("지표", "Metric"),
                    w.t("응답", "Responses"),
                    w.t("평균/점수", "Mean / score"),
                    w.t("긍정 비율", "Top box"),
                    w.t("목표", "Target"),
                    prev_label.clone(),
                ],
                rows: sat_rows,
            },
        });
    }
    cs_blocks.extend(by_tag(cx));
    if let Some(c) = &cur.customers {
        cs_blocks.push(Block::Para {
            text: w.t(
                &format!(
                    "문의 고객 {}명 중 {}가 기간 내 2회 이상 문의했습니다 (첫 문의 해결률의 대리 지표).",
                    f.int(c.distinct),
                    f.opt_pct(c.repeat_share)
                ),
                &format!(
                    "{} of {} customers contacted us twice or more in the period (a first-contact-resolution proxy).",
                    f.opt_pct(c.repeat_share),
                    f.int(c.distinct)
                ),
            ),
        });
    }
    if cs_blocks.is_empty() {
        cs_blocks.push(Block::Para {
            text: w
                .t("채널·등급·만족도 열이 설정되지 않았습니다.", "No channel, segment or satisfaction columns are configured."),
        });
    }
    sections.push(Section {
        id: "channels",
        num: Some(9),
        title: w.t("채널·고객 등급·만족도", "Channels, segments and satisfaction"),
        lead: None,
        blocks: cs_blocks,
    });

    Ok(sections)
}

/// CSAT and CES per level-1 tag, when some conversation carries a rating.
fn by_tag(cx: &Cx) -> Option<Block> {
    let (w, f) = (&cx.w, &cx.f);
    let by = cx.cur.satisfaction.by_tag.as_ref().filter(|b| b.iter().any(|t| t.csat_responses + t.ces_responses > 0))?;
    Some(Block::Table {
        table: Table {
            key: 3,
            caption: Some(w.t("유형별 만족도 (1단계 태그)", "Satisfaction by type (level-1 tags)")),
            head: vec![
                w.t("유형", "Type"),
                w.t("문의", "Inquiries"),
                w.t("CSAT 평균", "CSAT mean"),
                w.t("CSAT 응답", "CSAT responses"),
                w.t("CES 평균", "CES mean"),
            ],
            rows: by
                .iter()
                .map(|t| {
                    row(vec![
                        cell(cx.tag_name(t.tag.as_deref())),
                        num(f.int(t.conversations)),
                        num(f.dec(t.csat_mean, 2)),
                        num(f.int(t.csat_responses)),
                        num(f.dec(t.ces_mean, 2)),
                    ])
                })
                .collect(),
        },
    })
}
