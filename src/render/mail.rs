//! The mail of a report: its subject, and which parts go in it. The full HTML report is
//! attached only while the whole mail stays within [`MAIL_BUDGET`]; the e-mail HTML says which
//! it is, and both ask [`fits`] with the same parts, so they agree. The deliver stage only
//! assembles and sends what this chooses.

use crate::config::{Email, Locale};
use crate::model::{Bundle, Mail};

/// The largest mail voc sends (many company mail systems refuse or clip larger ones; 1 MB is
/// also what a phone on a slow line opens without waiting).
pub const MAIL_BUDGET: usize = 1_000_000;

/// Whether the full HTML report fits in the mail beside the e-mail HTML, the plain-text
/// summary and the chart images (all sizes in bytes before encoding): each part counted as
/// base64 with line breaks (4/3 × 78/76), plus room for headers and part boundaries.
pub fn fits(email_html: usize, text: usize, images: impl IntoIterator<Item = usize>, report: usize) -> bool {
    let encoded = |n: usize| n.div_ceil(3) * 4 * 78 / 76;
    let parts = [email_html, text, report].into_iter().chain(images);
    parts.map(encoded).sum::<usize>() + 16 * 1024 <= MAIL_BUDGET
}

/// The subject: the config's template with `{period}` filled as a person says it
/// ("2026년 11월 2주차 (11/09~11/15)"), marked when a gate failed.
pub fn subject(e: &Email, period_id: &str, gate_failed: bool, locale: Locale) -> String {
    let s = e.subject.replace("{period}", &super::labels::period_label(period_id, locale));
    if gate_failed {
        let mark = if locale == Locale::Ko { "[데이터 품질 경고]" } else { "[DATA QUALITY WARNING]" };
        format!("{mark} {s}")
    } else {
        s
    }
}

/// The mail of a rendered report (written now, or read back by `voc send`).
pub fn of(b: &Bundle, e: &Email, locale: Locale) -> Mail {
    let part = |s: &str| b.part(s).map(<[u8]>::to_vec);
    let (html, text, images) = (part("email.html").unwrap_or_default(), part("md"), b.email_images());
    let fit = |r: &Vec<u8>| fits(html.len(), text.as_ref().map_or(0, Vec::len), images.iter().map(|i| i.1.len()), r.len());
    Mail {
        period_id: b.id.clone(),
        subject: subject(e, &b.id, b.gate_failed, locale),
        report: part("html").filter(fit),
        html,
        images,
        text,
    }
}
