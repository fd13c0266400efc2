//! The summary a CEO reads in 30 seconds (docs/outputs.md "The summary"): what changed and what
//! to do, in 2–8 sentences of at most [`SUMMARY_CHARS`] characters, each from figures of the
//! JSON and linking to its section. The same sentences are the JSON's `summary`.

use super::*;
use crate::metrics::alerts::About;

/// Longest summary (one phone screen).
pub const SUMMARY_CHARS: usize = 900;

#[derive(Debug, Clone, Serialize)]
pub struct Sentence {
    pub text: String,
    /// The section it summarises (`#tags`), when the page has it.
    pub href: Option<String>,
}

/// What a sentence is about: the order they are shown in, and the section each links to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Topic {
    Headline,
    Moved,
    Gate,
    Risks,
    Spikes,
    Response,
    Sold,
    Bot,
    Action,
}

impl Topic {
    fn section(self) -> &'static str {
        match self {
            Topic::Headline => "sales",
            Topic::Moved => "tags",
            Topic::Gate => "data-quality",
            Topic::Risks => "risks",
            Topic::Spikes => "alerts",
            Topic::Response => "first-response",
            Topic::Sold => "conversion",
            Topic::Bot => "automation",
            Topic::Action => "automation",
        }
    }
}

/// The summary's sentences: the most important first while they fit [`SUMMARY_CHARS`]
/// (headline, a failed gate, the tag that moved most, the recommended action, risks, spikes,
/// first responses), shown in reading order.
pub(super) fn sentences(cx: &Cx) -> Vec<Sentence> {
    let by_importance = [
        Some((Topic::Headline, headline(cx))),
        gate(cx).map(|s| (Topic::Gate, s)),
        moved(cx).map(|s| (Topic::Moved, s)),
        action(cx).map(|s| (Topic::Action, s)),
        Some((Topic::Risks, risks(cx))),
        spikes(cx).map(|s| (Topic::Spikes, s)),
        response(cx).map(|s| (Topic::Response, s)),
        sold(cx).map(|s| (Topic::Sold, s)),
        bot(cx).map(|s| (Topic::Bot, s)),
    ];
    let mut chosen: Vec<(Topic, String)> = Vec::new();
    let mut used = 0;
    for (topic, text) in by_importance.into_iter().flatten() {
        let n = text.chars().count();
        if used + n <= SUMMARY_CHARS {
            used += n;
            chosen.push((topic, text));
        }
    }
    chosen.sort_by_key(|(t, _)| *t);
    chosen.into_iter().map(|(t, text)| Sentence { text, href: Some(format!("#{}", t.section())) }).collect()
}

/// The period's word for "per period": 주, 달, 기간.
fn per(cx: &Cx) -> String {
    match cx.m.period.kind {
        PeriodKind::Week => cx.w.t("주", "week"),
        PeriodKind::Month => cx.w.t("월", "month"),
        PeriodKind::Range => cx.w.t("기간", "period"),
    }
}

/// `+2.8%`, or nothing when there is no change to show.
fn chg(cx: &Cx, rel: Option<f64>) -> Option<String> {
    rel.map(|r| cx.f.change(Some(r)).0)
}

/// Inquiries and inquiries per revenue, with their changes against the previous period.
fn headline(cx: &Cx) -> String {
    let &Cx { ref w, ref f, cur, change, ref cur_label, ref prev_label, ref unit_label, .. } = cx;
    let n = f.int(cur.inquiries.total);
    let vs = match (cx.m.previous.is_some(), change) {
        (false, _) => String::new(),
        (true, None) => w.t(" (직전 기간 데이터 부족: 변화율 없음)", " (not enough data for the previous period: no change)"),
        (true, Some(c)) => chg(cx, c.inquiries)
            .map(|c| w.t(&format!(" ({prev_label} 대비 {c})"), &format!(" ({c} vs {prev_label})")))
            .unwrap_or_default(),
    };
    let per_revenue = cur.inquiries.per_revenue_unit.map(|v| {
        let c = change.and_then(|c| chg(cx, c.per_revenue_unit)).map(|c| format!(" ({c})")).unwrap_or_default();
        w.t(&format!(" · {unit_label} 당 문의 {v:.2}건{c}"), &format!(" · {v:.2} per {unit_label}{c}"))
    });
    let per_revenue = per_revenue.unwrap_or_default();
    w.t(&format!("{cur_label} 문의 {n}건{vs}{per_revenue}."), &format!("{n} inquiries {cur_label}{vs}{per_revenue}."))
}

/// The first failed gate: the figures need a person's look before they go out.
fn gate(cx: &Cx) -> Option<String> {
    let first = cx.gate_messages.first()?;
    let more = cx.gate_messages.len() - 1;
    let more = if more > 0 { cx.w.t(&format!(" (외 {more}건)"), &format!(" (and {more} more)")) } else { String::new() };
    Some(cx.w.t(&format!("수치 확인 필요: {first}{more}."), &format!("Check before trusting the figures: {first}{more}.")))
}

/// The level-1 tag whose count moved most against the previous period (the largest absolute
/// change; ties: taxonomy order), or without a previous period to compare with, the largest.
fn moved(cx: &Cx) -> Option<String> {
    let &Cx { ref w, ref f, cur, prev, change, ref prev_label, src, .. } = cx;
    let level_one = || src.tax.tags.iter().enumerate().filter(|(_, t)| t.level == 1).map(|(i, _)| i);
    let Some((change, prev)) = change.zip(prev) else {
        let top = level_one().max_by_key(|&i| (cur.tags[i].count, std::cmp::Reverse(i)))?;
        let t = &cur.tags[top];
        if t.count == 0 {
            return None;
        }
        let share = t.share.map(|s| f.pct(s)).unwrap_or_default();
        return Some(w.t(
            &format!("가장 많은 유형: {} {}건 (문의의 {share}).", t.name, f.int(t.count)),
            &format!("Largest type: {}, {} inquiries ({share} of all).", t.name, f.int(t.count)),
        ));
    };
    let diff = |i: usize| cur.tags[i].count as i64 - prev.tags[i].count as i64;
    let i = level_one().max_by_key(|&i| (diff(i).abs(), std::cmp::Reverse(i)))?;
    let (t, d) = (&cur.tags[i], diff(i));
    if d == 0 {
        return Some(
            w.t(&format!("유형별 건수는 {prev_label}와 같습니다."), &format!("Every type has the count of the {prev_label}.")),
        );
    }
    let rel = change.tags.get(i).copied().flatten().and_then(|r| chg(cx, Some(r)));
    let rel = rel.unwrap_or_else(|| w.t("새로 생김", "new"));
    let (n, by) = (f.int(t.count), f.int(d.unsigned_abs()));
    Some(if d > 0 {
        w.t(
            &format!("가장 크게 변한 유형: {} {n}건, {prev_label}보다 {by}건 늘었습니다 ({}).", t.name, rel),
            &format!("Moved most: {}, {n} inquiries, up {by} on the {prev_label} ({}).", t.name, rel),
        )
    } else {
        w.t(
            &format!("가장 크게 변한 유형: {} {n}건, {prev_label}보다 {by}건 줄었습니다 ({}).", t.name, rel),
            &format!("Moved most: {}, {n} inquiries, down {by} on the {prev_label} ({}).", t.name, rel),
        )
    })
}

/// The risk cases, most named first (the taxonomy's order), or that there were none.
fn risks(cx: &Cx) -> String {
    let &Cx { ref w, ref f, cur, .. } = cx;
    let total: u64 = cur.risks.iter().map(|r| r.count).sum();
    if total == 0 {
        return w.t("이 기간에 접수된 리스크(리콜·민원·개인정보·불친절·보상)는 없습니다.", "No risk cases in this period.");
    }
    let named: Vec<String> = cur
        .risks
        .iter()
        .filter(|r| r.count > 0)
        .map(|r| w.t(&format!("{} {}건", r.name, f.int(r.count)), &format!("{} {}", r.name, f.int(r.count))))
        .collect();
    let (shown, more) = (named.iter().take(3).cloned().collect::<Vec<_>>().join(", "), named.len().saturating_sub(3));
    let more = if more > 0 { w.t(&format!(" 외 {more}종"), &format!(" and {more} more kinds")) } else { String::new() };
    w.t(
        &format!("리스크 접수 {}건 ({shown}{more}): 오래된 건부터 확인하세요.", f.int(total)),
        &format!("{} risk cases ({shown}{more}): the oldest first.", f.int(total)),
    )
}

/// The tags that spiked, the largest day named.
fn spikes(cx: &Cx) -> Option<String> {
    let &Cx { m, ref w, ref f, .. } = cx;
    let spikes: Vec<&crate::metrics::alerts::Alert> = m.alerts.iter().filter(|a| a.kind == AlertKind::Spike).collect();
    let top = spikes.iter().max_by_key(|a| (a.count, std::cmp::Reverse(a.date.clone())))?;
    let mut tags: Vec<&str> = spikes.iter().filter_map(|a| a.tag.as_deref()).collect();
    tags.sort_unstable();
    tags.dedup();
    let path = match &top.about {
        About::Spike { path, .. } => path.as_str(),
        _ => "",
    };
    let date = top.date.as_deref().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let date = date.map_or_else(String::new, |d| d.format("%-m/%-d").to_string());
    let (n, base) = (f.int(top.count.unwrap_or(0)), top.baseline.unwrap_or(0.0));
    let more = tags.len() - 1;
    let more =
        if more > 0 { w.t(&format!(" 외 {more}개 유형"), &format!("; {more} more types spiked")) } else { String::new() };
    Some(w.t(
        &format!("급증: '{path}' {date} {n}건 (평소 하루 {base:.1}건){more}."),
        &format!("Spike: '{path}' had {n} on {date} against a daily mean of {base:.1}{more}."),
    ))
}

/// First-response medians of simple and revenue inquiries, with the share within target.
fn response(cx: &Cx) -> Option<String> {
    let &Cx { ref w, ref f, cur, cfg, .. } = cx;
    let fr = &cur.first_response;
    let part = |s: &ResponseStats, target: Option<f64>, ko: &str, en: &str| {
        let median = s.median_s?;
        let within = target
            .and(s.within_target)
            .map(|x| w.t(&format!(", 목표 이내 {}", f.pct(x)), &format!(", {} within target", f.pct(x))));
        let within = within.unwrap_or_default();
        Some(w.t(&format!("{ko} {}{within}", f.dur(median)), &format!("{en} {}{within}", f.dur(median))))
    };
    let t = &cfg.report.targets;
    let parts: Vec<String> =
        [part(&fr.simple, t.simple, "단순 문의", "simple"), part(&fr.revenue, t.revenue, "매출 문의", "revenue")]
            .into_iter()
            .flatten()
            .collect();
    if parts.is_empty() {
        return None;
    }
    Some(w.t(&format!("첫 응답 중앙값: {}.", parts.join(" · ")), &format!("First-response median: {}.", parts.join(" · "))))
}

/// Did the answer sell: the revenue inquiries' conversion, and what late answers missed (an
/// estimate) when it is something.
fn sold(cx: &Cx) -> Option<String> {
    let &Cx { ref w, ref f, m, .. } = cx;
    let c = m.conversion.as_ref()?;
    let r = &c.revenue;
    let share = r.block.share?;
    let window = f.dur(c.window_s);
    let missed = r.missed.as_ref().and_then(|x| Some((x.conversions.filter(|n| *n >= 0.5)?, x.revenue?)));
    Some(match missed {
        Some((n, v)) => {
            let (n, v) = (f.dec(Some(n), 0), f.money(v.rounded()));
            w.t(
                &format!("매출 문의의 {}가 {window} 안에 주문으로 이어졌고, 늦은 답변만 아니었다면 약 {n}건(매출 {v})이 더 이어졌을 것으로 추정됩니다.", f.pct(share)),
                &format!("{} of revenue inquiries were followed by an order within {window}; answered in time, about {n} more would have been (revenue {v}, an estimate).", f.pct(share)),
            )
        }
        None => w.t(
            &format!("매출 문의의 {}가 {window} 안에 주문으로 이어졌습니다.", f.pct(share)),
            &format!("{} of revenue inquiries were followed by an order within {window}.", f.pct(share)),
        ),
    })
}

/// The least move of the bot's contained share, against the previous period, worth a sentence.
const BOT_MOVE: f64 = 0.05;

/// What the bot closed alone, when its share moved by [`BOT_MOVE`] or more.
fn bot(cx: &Cx) -> Option<String> {
    let &Cx { ref w, ref f, m, ref prev_label, .. } = cx;
    let b = m.bot.as_ref()?;
    let (now, before) = (b.contained_share?, b.previous_contained_share?);
    if (now - before).abs() < BOT_MOVE {
        return None;
    }
    let points = format!("{:+.0}%p", (now - before) * 100.0);
    Some(w.t(
        &format!(
            "봇이 상담원 없이 해결한 문의 {}건 ({}, {prev_label} {}에서 {points}).",
            f.int(b.contained),
            f.pct(now),
            f.pct(before)
        ),
        &format!(
            "The bot closed {} conversations alone ({}, {points} from {} {prev_label}).",
            f.int(b.contained),
            f.pct(now),
            f.pct(before)
        ),
    ))
}

/// The smallest share of inquiries an automation candidate must hold to be the recommended
/// action (a bot for 2 conversations a month is no advice).
const ACTION_SHARE: f64 = 0.05;

/// The recommended action and its impact (fact % → alternative → business impact): the
/// simple inquiry type with the most conversations answered by an FAQ or bot, when it holds
/// [`ACTION_SHARE`] of the inquiries; else, when revenue inquiries (a customer about to buy)
/// are mostly answered late, answering them first.
fn action(cx: &Cx) -> Option<String> {
    let &Cx { ref w, ref f, cur, cfg, src, .. } = cx;
    let total = cur.inquiries.total.max(1) as f64;
    let candidate = cur.automation.iter().find(|a| a.hours_saved > 0.0 && a.count as f64 / total >= ACTION_SHARE);
    if let Some(a) = candidate {
        let name = src.tax.tag_index(&a.tag).map_or_else(|| a.tag.clone(), |i| src.tax.tags[i].name.clone());
        let share = f.pct(a.count as f64 / total);
        let (n, rate, per, hours) = (f.int(a.count), f.pct(cfg.report.deflection_rate), per(cx), format!("{:.1}", a.hours_saved));
        let money = |sep: &str| a.cost_saved.map(|c| format!("{sep}({})", f.money(c))).unwrap_or_default();
        return Some(w.t(
            &format!(
                "권장: {name} {n}건(전체의 {share}) — FAQ·챗봇으로 {rate}를 답하면 {per}당 상담 {hours}시간{}을 매출 문의 응답에 돌릴 수 있습니다.",
                money("")
            ),
            &format!(
                "Do: {name} is {share} of inquiries ({n}) — an FAQ or support bot answering {rate} of them frees {hours} agent hours{} a {per} for revenue inquiries.",
                money(" ")
            ),
        ));
    }
    let r = &cur.first_response.revenue;
    let (target, within, median) = (cfg.report.targets.revenue?, r.within_target?, r.median_s?);
    (within < 0.5).then(|| {
        let (n, late) = (f.int(r.conversations), f.int(r.answered.unwrap_or(0) - (within * r.answered.unwrap_or(0) as f64).round() as u64));
        w.t(
            &format!(
                "권장: 매출 문의(구매 직전의 고객) {n}건 중 {late}건이 목표 {} 넘어 답을 받았습니다 (중앙값 {}) — 단순 문의보다 먼저 답하세요.",
                f.dur(target),
                f.dur(median)
            ),
            &format!(
                "Do: {late} of {n} revenue inquiries (customers about to buy) waited past the {} target (median {}) — answer them before simple ones.",
                f.dur(target),
                f.dur(median)
            ),
        )
    })
}
