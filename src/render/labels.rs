//! Sentences the report writes about figures, per locale. The metrics carry numbers only;
//! what a person reads is written here.

use crate::config::Locale;
use crate::metrics::alerts::{About, Alert};
use crate::model::InputKind;

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// A period id as a person says it: `2026-W46` → "2026년 11월 2주차 (11/09~11/15)" (the week
/// belongs to the month of its Thursday, as Korean calendars count 주차), `2026-11` → "2026년 11월",
/// a range → "2026-11-01 ~ 2026-11-15". Any other id is returned as it is.
pub fn period_label(id: &str, locale: Locale) -> String {
    use chrono::{Datelike, NaiveDate, Weekday};
    let ko = locale == Locale::Ko;
    if let Some((y, w)) = id.split_once("-W") {
        if let (Ok(y), Ok(w)) = (y.parse::<i32>(), w.parse::<u32>()) {
            if let Some(monday) = NaiveDate::from_isoywd_opt(y, w, Weekday::Mon) {
                let thursday = monday + chrono::Duration::days(3);
                let nth = (thursday.day() - 1) / 7 + 1;
                return if ko {
                    let sunday = monday + chrono::Duration::days(6);
                    format!(
                        "{}년 {}월 {nth}주차 ({}~{})",
                        thursday.year(),
                        thursday.month(),
                        monday.format("%m/%d"),
                        sunday.format("%m/%d")
                    )
                } else {
                    format!("{id} (week of {monday})")
                };
            }
        }
    }
    if let Some((a, b)) = id.split_once('_') {
        return if ko { format!("{a} ~ {b}") } else { format!("{a} – {b}") };
    }
    if let Ok(d) = NaiveDate::parse_from_str(&format!("{id}-01"), "%Y-%m-%d") {
        return if ko { format!("{}년 {}월", d.year(), d.month()) } else { d.format("%B %Y").to_string() };
    }
    id.to_string()
}

/// The revenue unit inquiries are counted per: "매출 100만원", "1,000,000 USD of revenue".
pub fn unit_label(cfg: &crate::config::Config, ko: bool) -> String {
    let u = cfg.revenue_unit;
    match (cfg.currency.as_str(), ko) {
        ("KRW", true) if u == 1_000_000.0 => "매출 100만원".into(),
        ("KRW", true) if u == 100_000_000.0 => "매출 1억원".into(),
        (c, true) => format!("매출 {} {c}", crate::render::format::thousands(u as i64)),
        (c, false) => format!("{} {c} of revenue", crate::render::format::thousands(u as i64)),
    }
}

/// The mail's note when the full HTML report is attached.
pub fn attached(id: &str, ko: bool) -> String {
    if ko {
        format!("차트와 표 전체는 첨부한 {id}.html에 있습니다.")
    } else {
        format!("Every chart and table is in the attached {id}.html.")
    }
}

/// The mail's note when the full HTML report is too big to attach.
pub fn not_attached(id: &str, bytes: usize, ko: bool) -> String {
    let kb = bytes.div_ceil(1000);
    let mb = super::mail::MAIL_BUDGET / 1_000_000;
    if ko {
        format!("전체 리포트 {id}.html({kb} KB)은 메일이 {mb} MB를 넘지 않도록 첨부하지 않았습니다: 리포트 폴더에서 여세요.")
    } else {
        format!(
            "The full report {id}.html ({kb} KB) is not attached, to keep this mail under {mb} MB: open it from the reports folder."
        )
    }
}

/// An input, or one source of several, as the report names it: 상담, 상담(phone).
pub fn source_name(input: InputKind, source: Option<&str>, locale: Locale) -> String {
    match source {
        Some(s) => format!("{}({s})", input_name(input, locale)),
        None => input_name(input, locale),
    }
}

/// An input as the report names it (상담, 메시지, 매출, 반품 in Korean).
pub fn input_name(input: InputKind, locale: Locale) -> String {
    match (input, locale) {
        (InputKind::Conversations, Locale::Ko) => "상담".into(),
        (InputKind::Messages, Locale::Ko) => "메시지".into(),
        (InputKind::Sales, Locale::Ko) => "매출".into(),
        (InputKind::Returns, Locale::Ko) => "반품".into(),
        (k, _) => k.name().into(),
    }
}

/// The alert as one sentence (the JSON's `message`, the report's alert list, stderr).
pub fn alert_message(a: &Alert, locale: Locale) -> String {
    let ko = locale == Locale::Ko;
    let count = a.count.unwrap_or(0);
    match &a.about {
        About::Rejected { input, source, share, gate } if ko => {
            format!(
                "{}: 행의 {}가 거부되었습니다 (허용 {}); rejects 파일을 확인하세요",
                source_name(*input, source.as_deref(), locale),
                pct(*share),
                pct(*gate)
            )
        }
        About::Rejected { input, source, share, gate } => {
            format!(
                "{}: {} of rows rejected (gate {}); see the rejects file",
                source_name(*input, source.as_deref(), locale),
                pct(*share),
                pct(*gate)
            )
        }
        About::Unclassified { share, gate } if ko => {
            format!("미분류 문의가 {}입니다 (허용 {}): 택소노미에 키워드를 추가하세요", pct(*share), pct(*gate))
        }
        About::Unclassified { share, gate } => {
            format!("{} of conversations are unclassified (gate {}): the taxonomy needs keywords", pct(*share), pct(*gate))
        }
        About::Dominance { name, share } if ko => {
            format!("'{name}' 태그가 문의의 {}를 차지하며 하위 태그가 없습니다: 하위 유형으로 나누세요", pct(*share))
        }
        About::Dominance { name, share } => {
            format!("'{name}' holds {} of conversations and has no children: split it", pct(*share))
        }
        About::CustomerIds { customers, matched } => unmatched_ids(*customers, *matched, ko),
        About::CustomerIdsPerOrder { customers } => per_order_ids(*customers, ko),
        About::Implausible { value, median } => {
            let (v, m) =
                (crate::render::format::thousands(value.round() as i64), crate::render::format::thousands(median.round() as i64));
            if ko {
                format!(
                    "주문당 매출 {v}: 최근 기간 중앙값 {m}의 0.1~10배를 벗어납니다 — 금액 단위(원/천원)나 숫자 형식(35.000)을 확인하세요"
                )
            } else {
                format!(
                    "revenue per order {v} is outside 0.1–10× the recent periods' median of {m}: check the money's unit and number format"
                )
            }
        }
        About::DuplicateFile { input, source, file, same_as } => {
            let name = source_name(*input, source.as_deref(), locale);
            if ko {
                format!(
                    "{name}: {file}은(는) {same_as}와 행이 같은 파일이라 읽지 않았습니다: 같은 내보내기를 두 번 내려받았나요?"
                )
            } else {
                format!("{name}: {file} has the same rows as {same_as} and was skipped: is the same export in the folder twice?")
            }
        }
        About::Duplicates { input, source, valid, key } => {
            let name = source_name(*input, source.as_deref(), locale);
            let key = format!("({})", key.join(", "));
            let (n, valid) = (crate::render::format::thousands(count), crate::render::format::thousands(*valid));
            if ko {
                format!("{name}: {valid}행 중 {n}행이 앞의 행과 같은 {key}입니다: 같은 내보내기 파일이 폴더에 두 번 있나요?")
            } else {
                format!("{n} of {valid} {name} rows repeat an earlier {key}: is the same export in the folder twice?")
            }
        }
        About::DataSpan { input, span, start, end } => {
            let d = |d: &chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
            match (span, ko) {
                (Some((f, l)), true) => {
                    format!(
                        "{}: 데이터 범위 {} ~ {}, 기간 {} ~ {}: 기간을 다 덮지 않습니다",
                        input_name(*input, locale),
                        d(f),
                        d(l),
                        d(start),
                        d(end)
                    )
                }
                (Some((f, l)), false) => format!(
                    "{}: the data covers {} – {}, the period is {} – {}: the figures miss part of it",
                    input_name(*input, locale),
                    d(f),
                    d(l),
                    d(start),
                    d(end)
                ),
                (None, true) => {
                    format!("{}: 읽을 수 있는 행이 없습니다 (기간 {} ~ {})", input_name(*input, locale), d(start), d(end))
                }
                (None, false) => {
                    format!("{}: no usable row at all (period {} – {})", input_name(*input, locale), d(start), d(end))
                }
            }
        }
        About::Spike { path, days } => {
            let date = a.date.as_deref().unwrap_or("");
            let m = a.baseline.unwrap_or(0.0);
            if ko {
                format!("{date} '{path}' 문의 {count}건: 직전 {days}일 하루 평균 {m:.1}건의 급증")
            } else {
                format!(
                    "{date}: {count} conversations tagged '{path}' against a daily mean of {m:.1} over the {days} days before"
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_belong_to_the_month_of_their_thursday() {
        let ko = |id: &str| period_label(id, Locale::Ko);
        assert_eq!(ko("2026-W46"), "2026년 11월 2주차 (11/09~11/15)");
        assert_eq!(ko("2026-W45"), "2026년 11월 1주차 (11/02~11/08)", "Monday 11-02, Thursday 11-05");
        assert_eq!(ko("2026-W44"), "2026년 10월 5주차 (10/26~11/01)", "Monday 10-26, Thursday 10-29");
        assert_eq!(ko("2026-W53"), "2026년 12월 5주차 (12/28~01/03)");
        assert_eq!(ko("2027-W01"), "2027년 1월 1주차 (01/04~01/10)");
        assert_eq!(ko("2026-11"), "2026년 11월");
        assert_eq!(ko("2026-11-01_2026-11-15"), "2026-11-01 ~ 2026-11-15");
        assert_eq!(period_label("2026-11", Locale::En), "November 2026");
        assert_eq!(period_label("2026-W46", Locale::En), "2026-W46 (week of 2026-11-09)");
        assert_eq!(ko("report"), "report");
    }
}

/// Why conversion is withheld: the conversations' customer ids are not the shop's.
fn unmatched_ids(customers: u64, matched: u64, ko: bool) -> String {
    let (c, m) = (crate::render::format::thousands(customers), crate::render::format::thousands(matched));
    if ko {
        format!(
            "문의 고객 ID {c}개 중 주문 데이터의 고객 ID와 같은 것은 {m}개뿐입니다: 두 데이터가 같은 고객 ID를 쓰는지 확인하세요 (헬프데스크의 사용자 ID와 쇼핑몰 회원 ID는 다를 수 있습니다). 주문 전환은 계산하지 않았습니다"
        )
    } else {
        format!(
            "only {m} of {c} customer ids of the conversations appear among the buyers: check that both exports use the same customer id (a helpdesk's user id is not a shop's member id); conversion is not computed"
        )
    }
}

/// Why conversion is withheld: the sales' customer ids are given per order.
fn per_order_ids(customers: u64, ko: bool) -> String {
    let c = crate::render::format::thousands(customers);
    if ko {
        format!(
            "문의하고 주문한 고객 {c}명이 모두 주문 1건씩뿐입니다: 고객 ID가 주문마다 새로 매겨지는 것으로 보입니다 (예: Olist의 customer_id). 같은 고객에게 계속 쓰이는 ID(회원 ID)를 매핑하세요. 주문 전환은 계산하지 않았습니다"
        )
    } else {
        format!(
            "each of the {c} customers who wrote and bought has one order only: the customer ids look given per order (Olist's customer_id, say); map an id that stays with the customer; conversion is not computed"
        )
    }
}
