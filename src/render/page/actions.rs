//! Alerts and automation candidates.

use super::*;

/// Alerts and automation candidates.
pub(super) fn sections(cx: &Cx, _charts: &mut Vec<Chart>) -> anyhow::Result<Vec<Section>> {
    let &Cx { cfg, m, ref w, ref f, cur, src, .. } = cx;
    let mut sections = Vec::new();
    let alerts: Vec<Alert> = m
        .alerts
        .iter()
        .map(|a| Alert {
            kind: match a.kind {
                AlertKind::Spike => "spike",
                AlertKind::Dominance => "dominance",
                AlertKind::Coverage => "coverage",
                AlertKind::Gate => "gate",
                AlertKind::DataSpan => "data_span",
                AlertKind::Duplicates => "duplicates",
                AlertKind::Implausible => "implausible",
            },
            badge: match a.kind {
                AlertKind::Spike => w.t("급증", "Spike"),
                AlertKind::Dominance => w.t("쏠림", "Dominance"),
                AlertKind::Coverage => w.t("미분류", "Coverage"),
                AlertKind::Gate => w.t("데이터", "Data"),
                AlertKind::DataSpan => w.t("기간", "Span"),
                AlertKind::Duplicates => w.t("중복", "Duplicates"),
                AlertKind::Implausible => w.t("이상값", "Implausible"),
            },
            text: crate::render::labels::alert_message(a, cfg.locale),
        })
        .collect();
    sections.push(Section {
        id: "alerts",
        num: None,
        title: w.t("알림", "Alerts"),
        lead: alerts
            .is_empty()
            .then(|| w.t("급증·쏠림·데이터 품질 알림이 없습니다.", "No spikes, dominance or data-quality alerts.")),
        blocks: if alerts.is_empty() { vec![] } else { vec![Block::Alerts { items: alerts }] },
    });

    let stories: Vec<Story> = cur
        .automation
        .iter()
        .take(5)
        .map(|a| {
            let name = src.tax.tag_index(&a.tag).map(|i| src.tax.tags[i].path.clone()).unwrap_or_else(|| a.tag.clone());
            Story {
                tag: name.clone(),
                fact: w.t(
                    &format!("{name}: {}건, 상담 {:.1}시간", f.int(a.count), a.agent_hours),
                    &format!(
                        "{name}: {} took {:.1} agent hours",
                        super::util::plural(a.count, "inquiry", "inquiries"),
                        a.agent_hours
                    ),
                ),
                action: w.t(
                    &format!("FAQ·챗봇 자동응답으로 {}를 해결", f.pct(cfg.report.deflection_rate)),
                    &format!("answer {} with an FAQ or support bot", f.pct(cfg.report.deflection_rate)),
                ),
                impact: {
                    let money = a.cost_saved.map(|c| format!(" ({})", f.money(c))).unwrap_or_default();
                    w.t(
                        &format!("기간당 {:.1}시간{money} 절약 → 매출 문의 응답에 투입", a.hours_saved),
                        &format!("{:.1} hours{money} saved per period, freed for revenue inquiries", a.hours_saved),
                    )
                },
            }
        })
        .collect();
    sections.push(Section {
        id: "automation",
        num: None,
        title: w.t("자동화 후보", "Automation candidates"),
        lead: Some(w.t(
            &format!("단순 문의 유형을 건수 순으로: 상담 1건당 {}분 기준.", cfg.report.handle_minutes),
            &format!("Simple inquiry types by volume, at {} agent minutes per conversation.", cfg.report.handle_minutes),
        )),
        blocks: if stories.is_empty() {
            vec![Block::Para { text: w.t("이 기간에 단순 문의가 없습니다.", "No simple inquiries in this period.") }]
        } else {
            vec![Block::Stories {
                head: [w.t("사실", "Fact"), w.t("할 수 있는 일", "What we can do"), w.t("비즈니스 효과", "Business impact")],
                items: stories,
            }]
        },
    });

    Ok(sections)
}
