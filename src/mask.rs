//! Masking personal data in customer text shown in a report or kept in a rejects file: e-mail
//! addresses, phone numbers and resident registration numbers (주민등록번호).

use std::sync::OnceLock;

use regex::Regex;

fn res() -> &'static [(Regex, &'static str); 3] {
    static RES: OnceLock<[(Regex, &'static str); 3]> = OnceLock::new();
    RES.get_or_init(|| {
        [
            // resident registration number: YYMMDD-[1-8]XXXXXX (dash or space optional)
            // (boundaries are ASCII ones: Korean text runs straight into numbers, "연락처010-…로")
            (Regex::new(r"(?-u:\b)\d{6}\s?[-–]?\s?[1-8]\d{6}(?-u:\b)").expect("valid"), "******-*******"),
            (Regex::new(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+").expect("valid"), "***@***"),
            // Korean mobile and landline numbers, with or without +82, dashes, dots or spaces
            (
                Regex::new(r"(?:\+82[\s\-.]?|(?-u:\b))0?(?:1[016789]|2|[3-6][1-5]|70)[\s\-.)]?\d{3,4}[\s\-.]?\d{4}(?-u:\b)")
                    .expect("valid"),
                "***-****-****",
            ),
        ]
    })
}

/// The text with e-mail addresses, phone numbers and resident registration numbers replaced.
pub fn mask(text: &str) -> String {
    let mut out = text.to_string();
    for (re, with) in res() {
        out = re.replace_all(&out, *with).into_owned();
    }
    out
}

/// A quote of customer text: masked, then, when longer than `n` characters, cut at the last
/// word boundary within them (at `n` when a word runs over half of them) and ended with "…" —
/// masked first, so that a number cut in half cannot escape the mask.
pub fn quote(text: &str, n: usize) -> String {
    let masked = mask(text);
    let Some((end, _)) = masked.char_indices().nth(n) else { return masked };
    let head = &masked[..end];
    // the last space that leaves more than half the characters (a word cut in half reads
    // as a typo: "…from the store. Th")
    let half = head.char_indices().nth(n / 2).map_or(0, |(i, _)| i);
    let cut = head.rfind(char::is_whitespace).filter(|&i| i >= half).unwrap_or(end);
    format!("{}…", masked[..cut].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_the_three_kinds() {
        let t = mask("연락처 010-1234-5678, 메일 kim.cs+vip@example.co.kr, 주민번호 900101-1234567 입니다");
        assert!(!t.contains("1234-5678") && !t.contains("kim.cs") && !t.contains("900101"), "{t}");
        assert!(t.contains("***-****-****") && t.contains("***@***") && t.contains("******-*******"), "{t}");
        for phone in ["01012345678", "010 1234 5678", "+82-10-1234-5678", "02-123-4567", "031.123.4567"] {
            let m = mask(&format!("전화 {phone} 주세요"));
            assert!(!m.chars().any(|c| c.is_ascii_digit()), "{phone} → {m}");
        }
        // Korean runs straight into the number on either side
        for text in ["연락처010-1234-5678로 주세요", "전화01012345678번", "주민번호900101-1234567입니다"] {
            let m = mask(text);
            assert!(!m.chars().any(|c| c.is_ascii_digit()), "{text} → {m}");
        }
        // ordinary numbers stay
        assert_eq!(mask("265mm 2개 주문 O2026110100006"), "265mm 2개 주문 O2026110100006");
    }

    #[test]
    fn a_quote_is_masked_before_it_is_cut() {
        // the phone number straddles the cut: cutting first would leave "010-1234" unmasked
        let text = format!("{}010-1234-5678 로 연락주세요", "가".repeat(10));
        let q = quote(&text, 18);
        assert!(!q.contains("1234"), "{q}");
        assert_eq!(q.chars().count(), 19, "18 characters and …: {q}");
        assert_eq!(quote("짧은 글", 200), "짧은 글");
        assert!(quote(&"나".repeat(250), 200).ends_with('…'));
    }

    #[test]
    fn a_quote_is_cut_between_words() {
        let text = "The package never arrived and nobody answers the phone from the store. Thanks for nothing";
        assert_eq!(quote(text, 72), "The package never arrived and nobody answers the phone from the store.…");
        assert_eq!(quote("배송이 너무 늦어요 언제 오나요 벌써 일주일째입니다", 20), "배송이 너무 늦어요 언제 오나요…");
        // one long word: cut where the characters end
        assert_eq!(quote(&"가".repeat(30), 10), format!("{}…", "가".repeat(10)));
    }
}
