//! Formatting helpers shared by the sections.

use super::*;

/// Text for a URL: every byte but the unreserved ones percent-encoded (RFC 3986).
pub(super) fn url_part(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub(super) fn figure(chart: &Chart, table: Table) -> anyhow::Result<Block> {
    let (width, height) = chart.size(Canvas::Phone);
    let stack = table.head.len() > 5 || table.rows.len() > 12;
    Ok(Block::Figure {
        chart: ChartRef {
            id: chart.id.clone(),
            alt: chart.alt.clone(),
            svg: charts::svg(chart, Canvas::Desktop)?,
            svg_phone: charts::svg(chart, Canvas::Phone)?,
            width,
            height,
        },
        table,
        stack,
    })
}

pub(super) fn response_table(fr: &FirstResponse, w: &W, f: &Fmt, t: &crate::config::Targets, ko: bool) -> Table {
    let line = |k: &str, s: &ResponseStats, target: Option<f64>| {
        row(vec![
            cell(class_name(k, ko)),
            num(f.int(s.conversations)),
            num(f.opt_dur(s.median_s)),
            num(target.map_or(NONE.into(), |t| f.dur(t))),
            num(f.opt_pct(s.within_target)),
            num(f.opt_dur(s.p90_s)),
            num(f.opt_int(s.answered)),
            num(f.opt_int(s.unanswered)),
        ])
    };
    Table {
        // the class, its count, and how fast against the target
        key: 5,
        caption: None,
        head: w.all(&[
            ("구분", "Class"),
            ("문의", "Conv."),
            ("중앙값", "Median"),
            ("목표", "Target"),
            ("목표 이내", "Within"),
            ("p90", "p90"),
            ("응답", "Answered"),
            ("미응답", "Unanswered"),
        ]),
        rows: vec![
            line("simple", &fr.simple, t.simple),
            line("revenue", &fr.revenue, t.revenue),
            line("other", &fr.other, t.other),
            line("unclassified", &fr.unclassified, t.unclassified),
            line("all", &fr.all, t.all),
        ],
    }
}

pub(super) fn method(cfg: &Config, w: &W, f: &Fmt, unit_label: &str) -> Vec<(String, String)> {
    let t = &cfg.report.targets;
    let target = |v: Option<f64>| v.map_or(w.t("없음", "none"), |v| f.dur(v));
    let mut items = vec![
        (w.t("기간", "Period"), w.t(&format!("{} 기준 자정부터 자정까지, 문의 생성 시각 기준. 매출·반품은 각자의 일시 기준.", cfg.timezone.name()), &format!("Local midnight to midnight in {}, by conversation creation time; sales and returns by their own dates.", cfg.timezone.name()))),
        (w.t("매출 대비 문의", "Inquiries against sales"), w.t(&format!("문의 수 ÷ (매출 ÷ {}) = {unit_label}당 문의; 100 × 문의 ÷ 주문 수 = 주문 100건당 문의.", f.int(cfg.revenue_unit as u64)), &format!("inquiries ÷ (revenue ÷ {}) per {unit_label}; 100 × inquiries ÷ distinct orders per 100 orders.", f.int(cfg.revenue_unit as u64)))),
        (w.t("문의 유형", "Inquiry types"), w.t("대화마다 태그 하나: 상담원이 단 태그가 우선, 없으면 키워드 규칙(우선순위 → 깊이 → 파일 순서). 상위 유형은 하위 유형을 포함합니다.", "One tag per conversation: the agents' own tag first, else keyword rules (priority, then depth, then file order). A parent counts its children.")),
        (w.t("첫 응답 시간", "First response"), w.t(&format!("첫 (상담원) 응답 − 문의 생성. 중앙값·p90은 선형 보간(numpy 기본값). 목표: 단순 {}, 매출 {}.", target(t.simple), target(t.revenue)), &format!("First (agent) response − creation; medians and p90 by linear interpolation (numpy's default). Targets: simple {}, revenue {}.", target(t.simple), target(t.revenue)))),
        (w.t("만족도", "Satisfaction"), w.t("CES 1–7 평균과 5–7점 비율, CSAT 1–5 평균과 4–5점 비율, NPS = 100 × (9–10점 비율 − 0–6점 비율).", "CES 1–7 mean and share 5–7; CSAT 1–5 mean and share 4–5; NPS = 100 × (share 9–10 − share 0–6).")),
        (w.t("급증 알림", "Spike alerts"), w.t(&format!("하루 건수 ≥ {}이고 > m + 3√m (m = 직전 {}일 하루 평균; 데이터가 그보다 늦게 시작하면 있는 날들의 평균, 알림마다 그 일수를 적음).", cfg.report.spike_min_count, cfg.report.spike_baseline_days), &format!("A tag-day with count ≥ {} and > m + 3√m, m its daily mean over the {} days before (over the days the data has, when it starts later: each alert says how many).", cfg.report.spike_min_count, cfg.report.spike_baseline_days))),
        (w.t("자동화 효과", "Automation"), w.t(&format!("상담 시간 = 건수 × {}분; 절약 = 상담 시간 × {}.", cfg.report.handle_minutes, f.pct(cfg.report.deflection_rate)), &format!("Agent hours = count × {} min; saved = agent hours × {}.", cfg.report.handle_minutes, f.pct(cfg.report.deflection_rate)))),
        (w.t("해결·적체", "Resolution and backlog"), w.t(&format!("해결 시간 = 해결 − 문의 생성 (대화마다 한 번: 재오픈돼도 한 건), 문의보다 이르거나 {} 넘게 늦은 해결은 무효로 세고 평균에 넣지 않음. 한 번에 해결 = 상담원 답변이 1회인 해결 건 ÷ 해결 건; 재오픈 = 재오픈 1회 이상 ÷ 해결 건. 미해결 = 기간 말까지 해결되지 않은 문의 (그 전에 접수된 문의 포함), 경과 = 기간 말 − 생성.", f.dur(cfg.report.max_response_s)), &format!("Resolution = resolved − created (once per conversation, reopened or not); a resolution before creation or more than {} later is invalid: counted, not averaged. One-touch = resolved with exactly one agent reply ÷ resolved; reopened = reopened at least once ÷ resolved. Open = not resolved by the period's end (older conversations included), age = end − creation.", f.dur(cfg.report.max_response_s)))),
        (w.t("상담원", "Agents"), w.t("담당자별 (메시지가 있으면 처음 답변한 상담원): 문의 수, 첫 응답·해결 중앙값, 한 번에 해결 비율, 만족도 평균은 그 상담원에게.", "Per assignee (with messages, the first agent who answered): conversations, first-reply and resolution medians, one-touch share, and the ratings of their conversations.")),
        (w.t("품질 기준", "Quality gates"), w.t(&format!("입력별 거부 행 비율 ≤ {}, 미분류 비율 ≤ {}.", f.pct(cfg.report.max_rejected_share), f.pct(cfg.report.max_unclassified_share)), &format!("Rejected rows per input ≤ {}; unclassified ≤ {}.", f.pct(cfg.report.max_rejected_share), f.pct(cfg.report.max_unclassified_share)))),
    ];
    if let Some(c) = cfg.report.agent_hourly_cost {
        items.push((
            w.t("처리 비용", "Handling cost"),
            w.t(
                &format!("문의 × {}분 ÷ 60 × 시간당 {} (자동화 절약도 같은 단가).", cfg.report.handle_minutes, f.money(c)),
                &format!(
                    "conversations × {} min ÷ 60 × {} an hour (automation savings at the same rate).",
                    cfg.report.handle_minutes,
                    f.money(c)
                ),
            ),
        ));
    }
    if let Some(bh) = &cfg.report.business_hours {
        let days: Vec<String> = bh.days.iter().map(|d| weekday(*d, w.ko)).collect();
        items.insert(
            4,
            (
                w.t("영업시간", "Business hours"),
                w.t(
                    &format!(
                        "{} {}–{} ({}), 휴일 {}일 제외: 영업시간 안의 시간만 셉니다.",
                        days.join("·"),
                        bh.start.format("%H:%M"),
                        bh.end.format("%H:%M"),
                        cfg.timezone.name(),
                        bh.holidays.len()
                    ),
                    &format!(
                        "{} {}–{} ({}), {} holidays excluded: only time inside business hours counts.",
                        days.join(", "),
                        bh.start.format("%H:%M"),
                        bh.end.format("%H:%M"),
                        cfg.timezone.name(),
                        bh.holidays.len()
                    ),
                ),
            ),
        );
    }
    items
}

/// Markdown with raw HTML shown as text, never passed through.
pub fn markdown(md: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, html};
    let parser = Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).map(|e| match e {
        Event::Html(s) | Event::InlineHtml(s) => Event::Text(s),
        Event::Start(pulldown_cmark::Tag::Link { link_type, dest_url, title, id }) if !safe_url(&dest_url) => {
            Event::Start(pulldown_cmark::Tag::Link { link_type, dest_url: "#".into(), title, id })
        }
        Event::Start(pulldown_cmark::Tag::Image { link_type, dest_url, title, id }) if !safe_url(&dest_url) => {
            Event::Start(pulldown_cmark::Tag::Image { link_type, dest_url: "#".into(), title, id })
        }
        e => e,
    });
    let mut out = String::new();
    html::push_html(&mut out, parser);
    out
}

pub(super) fn safe_url(u: &str) -> bool {
    let l = u.trim().to_ascii_lowercase();
    l.starts_with("https://") || l.starts_with("http://") || l.starts_with("mailto:") || l.starts_with('#')
}

/// Whether a change is welcome: `good`, `bad` or `flat` (more inquiries are bad, more
/// revenue is good). Cards and tables colour by this, never by the sign alone.
pub(super) fn tone(d: Dir, up_is_good: bool) -> &'static str {
    match (d, up_is_good) {
        (Dir::Flat, _) => "flat",
        (Dir::Up, true) | (Dir::Down, false) => "good",
        _ => "bad",
    }
}

/// A table cell showing a change, classed by its [`tone`].
pub(super) fn change_cell(text: String, d: Dir, up_is_good: bool) -> Cell {
    let class = match tone(d, up_is_good) {
        "good" => "num good",
        "bad" => "num bad",
        _ => "num",
    };
    Cell { text, class, href: None, links: Vec::new() }
}

pub(super) fn class_name(k: &str, ko: bool) -> String {
    match (k, ko) {
        ("simple", true) => "단순 문의".into(),
        ("revenue", true) => "매출 문의".into(),
        // not 기타: the starter taxonomy has a tag of that name
        ("other", true) => "그 외 문의".into(),
        ("unclassified", true) => "미분류".into(),
        ("all", true) => "전체".into(),
        ("simple", false) => "Simple".into(),
        ("revenue", false) => "Revenue".into(),
        ("other", false) => "Other".into(),
        ("unclassified", false) => "Unclassified".into(),
        ("all", false) => "All".into(),
        (k, _) => k.to_string(),
    }
}

pub(super) fn weekday(d: chrono::Weekday, ko: bool) -> String {
    use chrono::Weekday::*;
    let i = d.num_days_from_monday() as usize;
    if ko {
        ["월", "화", "수", "목", "금", "토", "일"][i].to_string()
    } else {
        [Mon, Tue, Wed, Thu, Fri, Sat, Sun][i].to_string()
    }
}

pub(super) fn short_class(k: &str, ko: bool) -> String {
    match (k, ko) {
        ("simple", true) => "단순".into(),
        ("revenue", true) => "매출".into(),
        ("other", true) => "그 외".into(),
        ("unclassified", true) => "미분류".into(),
        _ => class_name(k, ko),
    }
}

/// `1 inquiry`, `2 inquiries` (English labels only; Korean counts take 건).
pub(super) fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", crate::render::format::thousands(n), if n == 1 { one } else { many })
}

pub(super) fn short_id(id: &str) -> String {
    if id.chars().count() > 14 { format!("{}…", id.chars().take(12).collect::<String>()) } else { id.to_string() }
}

pub(super) fn trim_num(v: f64) -> String {
    if v.fract() == 0.0 { crate::render::format::thousands(v as i64) } else { format!("{v:.2}") }
}

pub(super) fn local_time(ms: i64, tz: chrono_tz::Tz) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.with_timezone(&tz).format("%m/%d %H:%M").to_string())
        .unwrap_or_default()
}

pub(super) fn money_short_krw(v: f64, ko: bool) -> String {
    Fmt { locale: if ko { Locale::Ko } else { Locale::En }, currency: "KRW".into() }.money_short(v)
}

pub(super) fn money_short_other(v: f64, _ko: bool) -> String {
    Fmt { locale: Locale::En, currency: String::new() }.money_short(v).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_never_pass_raw_html_or_script_links() {
        let h = markdown(
            "## 업계 동향\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) **굵게** <img src=x onerror=alert(1)>",
        );
        assert!(h.contains("<h2>업계 동향</h2>"));
        assert!(h.contains("<strong>굵게</strong>"));
        assert!(!h.contains("<script>") && !h.contains("<img"), "{h}");
        assert!(h.contains("&lt;script&gt;"));
        assert!(!h.contains("javascript:"), "{h}");
    }
}
