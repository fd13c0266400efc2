//! Alerts and automation candidates.

use super::*;

/// The alerts as lines: each one its own, but a tag's spikes one line (its days and counts):
/// a flood of 29 spike days reads as the few tags it is.
pub(super) fn alert_lines(cx: &Cx) -> Vec<Alert> {
    let &Cx { cfg, m, ref w, ref f, .. } = cx;
    let mut out: Vec<Alert> = Vec::new();
    let mut spikes: Vec<(String, Vec<&crate::metrics::alerts::Alert>)> = Vec::new();
    for a in &m.alerts {
        if let (AlertKind::Spike, Some(tag)) = (a.kind, a.tag.as_ref()) {
            match spikes.iter_mut().find(|(t, _)| t == tag) {
                Some((_, list)) => list.push(a),
                None => {
                    spikes.push((tag.clone(), vec![a]));
                    // its line, where its first day was
                    out.push(Alert { kind: "spike", badge: w.t("급증", "Spike"), text: tag.clone() });
                }
            }
            continue;
        }
        let (kind, badge) = match a.kind {
            AlertKind::Spike => ("spike", w.t("급증", "Spike")),
            AlertKind::Dominance => ("dominance", w.t("쏠림", "Dominance")),
            AlertKind::Coverage => ("coverage", w.t("미분류", "Coverage")),
            AlertKind::Gate => ("gate", w.t("데이터", "Data")),
            AlertKind::DataSpan => ("data_span", w.t("기간", "Span")),
            AlertKind::Duplicates => ("duplicates", w.t("중복", "Duplicates")),
            AlertKind::Implausible => ("implausible", w.t("이상값", "Implausible")),
            AlertKind::CustomerIds => ("customer_ids", w.t("고객 ID", "Customer ids")),
        };
        out.push(Alert { kind, badge, text: crate::render::labels::alert_message(a, cfg.locale) });
    }
    for line in out.iter_mut().filter(|l| l.kind == "spike") {
        let Some((_, list)) = spikes.iter().find(|(t, _)| *t == line.text) else { continue };
        line.text = match list.as_slice() {
            [one] => crate::render::labels::alert_message(one, cfg.locale),
            many => spike_line(many, w, f),
        };
    }
    out
}

/// Most days named on a tag's spike line.
const SPIKE_DAYS: usize = 5;

/// One tag's spike days: `'배송' 급증 3일: 11/10 45건, 11/12 38건 (직전 28일 하루 평균 12.0건)`.
fn spike_line(list: &[&crate::metrics::alerts::Alert], w: &W, f: &Fmt) -> String {
    let (path, days) = match &list[0].about {
        crate::metrics::alerts::About::Spike { path, days } => (path.as_str(), *days),
        _ => ("", 0),
    };
    let day = |a: &crate::metrics::alerts::Alert| {
        let date = a.date.as_deref().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let date = date.map_or_else(String::new, |d| d.format("%-m/%-d").to_string());
        let n = f.int(a.count.unwrap_or(0));
        w.t(&format!("{date} {n}건"), &format!("{date} {n}"))
    };
    // the five largest days, in date order, and how many more
    let mut largest: Vec<&&crate::metrics::alerts::Alert> = list.iter().collect();
    largest.sort_by_key(|a| std::cmp::Reverse(a.count));
    largest.truncate(SPIKE_DAYS);
    let mut counts: Vec<String> =
        list.iter().filter(|a| largest.iter().any(|l| std::ptr::eq(**l, **a))).map(|a| day(a)).collect();
    if list.len() > SPIKE_DAYS {
        let more = list.len() - SPIKE_DAYS;
        counts.push(w.t(&format!("외 {more}일"), &format!("{more} more days")));
    }
    let base: Vec<f64> = list.iter().filter_map(|a| a.baseline).collect();
    let (lo, hi) = base.iter().fold((f64::INFINITY, 0f64), |(lo, hi), b| (lo.min(*b), hi.max(*b)));
    let mean = if (hi - lo).abs() < 0.05 { format!("{hi:.1}") } else { format!("{lo:.1}~{hi:.1}") };
    w.t(
        &format!("'{path}' 급증 {}일: {} (직전 {days}일 하루 평균 {mean}건)", list.len(), counts.join(", ")),
        &format!("'{path}' spiked on {} days: {} (daily mean {mean} over the {days} days before)", list.len(), counts.join(", ")),
    )
}

/// Alerts and automation candidates.
pub(super) fn sections(cx: &Cx, _charts: &mut Vec<Chart>) -> anyhow::Result<Vec<Section>> {
    let &Cx { cfg, ref w, ref f, cur, src, .. } = cx;
    let mut sections = Vec::new();
    let alerts = alert_lines(cx);
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
        title: if cx.m.bot.as_ref().is_some_and(|b| b.engaged > 0) {
            w.t("자동화: 봇이 해결한 문의와 후보", "Automation: what the bot closes, and candidates")
        } else {
            w.t("자동화 후보", "Automation candidates")
        },
        lead: Some(w.t(
            &format!("단순 문의 유형을 건수 순으로: 상담 1건당 {}분 기준.", cfg.report.handle_minutes),
            &format!("Simple inquiry types by volume, at {} agent minutes per conversation.", cfg.report.handle_minutes),
        )),
        blocks: {
            let mut blocks = bot_blocks(cx);
            blocks.push(if stories.is_empty() {
                Block::Para { text: w.t("이 기간에 단순 문의가 없습니다.", "No simple inquiries in this period.") }
            } else {
                Block::Stories {
                    head: [w.t("사실", "Fact"), w.t("할 수 있는 일", "What we can do"), w.t("비즈니스 효과", "Business impact")],
                    items: stories,
                }
            });
            blocks
        },
    });

    Ok(sections)
}

/// What the bot already answers, before what it could: one sentence and its table by tag.
fn bot_blocks(cx: &Cx) -> Vec<Block> {
    let (w, f) = (&cx.w, &cx.f);
    let Some(b) = &cx.m.bot else { return Vec::new() };
    if b.engaged == 0 {
        return vec![Block::Para {
            text: w.t("이 기간에 봇이 응대한 문의가 없습니다.", "No conversation of this period involved a bot."),
        }];
    }
    let repeat = b
        .repeat_within_7d
        .map(|r| {
            w.t(
                &format!(" 봇이 해결한 고객 중 {}가 7일 안에 다시 문의했습니다 ({}명 중).", f.pct(r), f.int(b.repeat_known)),
                &format!(" {} of the customers it closed came back within 7 days (of {}).", f.pct(r), f.int(b.repeat_known)),
            )
        })
        .unwrap_or_default();
    let text = w.t(
        &format!(
            "봇이 이미 해결: {}건 ({}) — 봇이 응대한 {}건 중 상담원 없이 종료, {}건은 상담원에게 넘김.{repeat}",
            f.int(b.contained),
            f.opt_pct(b.contained_share),
            f.int(b.engaged),
            f.int(b.handed_off)
        ),
        &format!(
            "The bot already closed {} ({}) of the {} conversations it took part in, without an agent; {} went on to an agent.{repeat}",
            f.int(b.contained),
            f.opt_pct(b.contained_share),
            f.int(b.engaged),
            f.int(b.handed_off)
        ),
    );
    let table = Table {
        key: 2,
        caption: Some(w.t("봇이 응대한 문의: 유형별", "Conversations with the bot, by type")),
        head: vec![
            w.t("유형", "Type"),
            w.t("봇이 해결", "Closed by the bot"),
            w.t("봇 응대", "With the bot"),
            w.t("해결 비율", "Share closed"),
        ],
        rows: b
            .by_tag
            .iter()
            .map(|t| {
                row(vec![
                    cell(cx.tag_name(t.tag.as_deref())),
                    num(f.int(t.contained)),
                    num(f.int(t.engaged)),
                    num(f.opt_pct(t.contained_share)),
                ])
            })
            .collect(),
    };
    vec![Block::Para { text }, Block::Table { table }]
}
