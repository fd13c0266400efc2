//! Sentences the report writes about figures, per locale. The metrics carry numbers only;
//! what a person reads is written here.

use crate::config::Locale;
use crate::metrics::alerts::{About, Alert};
use crate::model::InputKind;

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
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
        About::Rejected { input, share, gate } if ko => {
            format!(
                "{}: 행의 {}가 거부되었습니다 (허용 {}); rejects 파일을 확인하세요",
                input_name(*input, locale),
                pct(*share),
                pct(*gate)
            )
        }
        About::Rejected { input, share, gate } => {
            format!(
                "{}: {} of rows rejected (gate {}); see the rejects file",
                input_name(*input, locale),
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
            format!("`{name}` holds {} of conversations and has no children: split it", pct(*share))
        }
        About::Duplicates { input, valid, key } => {
            let key = format!("({})", key.join(", "));
            let (n, valid) = (crate::render::format::thousands(count), crate::render::format::thousands(*valid));
            if ko {
                format!(
                    "{}: {valid}행 중 {n}행이 앞의 행과 같은 {key}입니다: 같은 내보내기 파일이 폴더에 두 번 있나요?",
                    input_name(*input, locale)
                )
            } else {
                format!(
                    "{n} of {valid} {} rows repeat an earlier {key}: is the same export in the folder twice?",
                    input_name(*input, locale)
                )
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
        About::Spike { path } => {
            let date = a.date.as_deref().unwrap_or("");
            let m = a.baseline.unwrap_or(0.0);
            if ko {
                format!("{date} '{path}' 문의 {count}건: 평소 하루 {m:.1}건의 급증")
            } else {
                format!("{date}: {count} conversations tagged `{path}` against a daily baseline of {m:.1}")
            }
        }
    }
}
