//! Numbers and durations as exports write them: `12,000`, `₩12,000`, `12000원`, `(1,000)`,
//! `3.0`; durations `0h 3m 12s`, `00:03:12`, or a plain number in the field's unit.

/// `str::trim`, without decoding a character at either end of the usual cell: one that starts
/// and ends with a visible ASCII character, or starts with a byte no Unicode space starts with,
/// or ends with a Hangul syllable.
#[inline]
pub fn trim(cell: &str) -> &str {
    let b = cell.as_bytes();
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else { return cell };
    // the spaces beyond ASCII: U+0085 and U+00A0 (C2 ..), U+1680 (E1 ..), U+2000–U+205F (E2 ..),
    // U+3000 (E3 ..)
    let start = first.is_ascii_graphic() || (first >= 0x80 && !matches!(first, 0xC2 | 0xE1 | 0xE2 | 0xE3));
    // U+AC00–U+D7A3 are three bytes, the first EA..=ED
    let end = last.is_ascii_graphic() || (b.len() >= 3 && (0xEA..=0xED).contains(&b[b.len() - 3]));
    match (start, end) {
        (true, true) => cell,
        (true, false) => cell.trim_end(),
        (false, true) => cell.trim_start(),
        (false, false) => cell.trim(),
    }
}

/// Money as the export wrote it (docs/inputs.md "Numbers"): with the input's `number_format`
/// when it has one; else each cell is read by its separators and the currency's minor units —
/// `1,234.56` and `1.234,56`, `19,000` and (for a currency without a minor unit) `19.000` and
/// `1.234.567` are thousands, `19,90` in a currency with cents is a decimal comma. A cell whose
/// separators could mean either (`1.234` in a currency with cents) is refused with the reason,
/// never read as 1.234 or 1234 by a guess.
pub fn money(cell: &str, n: crate::config::Numbers) -> Result<f64, String> {
    let t = trim(cell);
    let plain = |s: &str| number(s);
    if let (Some(d), Some(th)) = (n.decimal, n.thousands) {
        let s: String = t.chars().filter(|&c| c != th).map(|c| if c == d { '.' } else { c }).collect();
        return plain(&s);
    }
    let (dots, commas) = (t.matches('.').count(), t.matches(',').count());
    // the digits after the last separator of a kind
    let tail = |sep: char| t.rsplit(sep).next().map_or(0, |x| x.chars().take_while(char::is_ascii_digit).count());
    let ambiguous = || {
        let shown: String = t.chars().take(40).collect();
        format!(
            "`{shown}`: a dot before three digits is a thousands separator in some exports and a decimal point in others; set `number_format: {{ decimal: \".\", thousands: \",\" }}` (or the other way) on the input"
        )
    };
    match (dots, commas) {
        // 1,234.56 or 1.234,56: the last one is the decimal point (but 1,234.567 in a currency
        // without cents: thousands both)
        (d, c) if d > 0 && c > 0 => {
            let last_dot = t.rfind('.') > t.rfind(',');
            let (dec, th) = if last_dot { ('.', ',') } else { (',', '.') };
            if n.minor_units == 0 && tail(dec) == 3 {
                return plain(&t.replace(['.', ','], ""));
            }
            plain(&t.replace(th, "").replace(dec, "."))
        }
        (0, 1) if n.minor_units > 0 && (1..=2).contains(&tail(',')) => plain(&t.replace(',', ".")),
        (0, _) => plain(t),
        (d, 0) if d > 1 => plain(&t.replace('.', "")),
        (1, 0) if tail('.') == 3 && n.minor_units == 0 => plain(&t.replace('.', "")),
        (1, 0) if tail('.') == 3 => Err(ambiguous()),
        _ => plain(t),
    }
}

/// A finite number, or the reason it is not one.
pub fn number(cell: &str) -> Result<f64, String> {
    // the common case, `12000` or `3.5`, without building a cleaned copy
    let b = cell.as_bytes();
    if !b.is_empty()
        && b.len() < 24
        && b.iter().all(|c| c.is_ascii_digit() || *c == b'.' || *c == b'-')
        && b.iter().any(u8::is_ascii_digit)
    {
        if let Ok(v) = cell.parse::<f64>() {
            return Ok(v);
        }
    }
    let s = trim(cell);
    let s = s.strip_prefix("R$").map_or(s, str::trim_start);
    let (neg_paren, s) = match s.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        Some(inner) => (true, inner.trim()),
        None => (false, s),
    };
    let mut t = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            ',' | '_' | ' ' | '\u{a0}' | '₩' | '$' | '€' | '¥' | '￦' => {}
            _ => t.push(c),
        }
    }
    for suffix in ["원", "KRW", "krw", "R$", "USD", "BRL"] {
        if let Some(x) = t.strip_suffix(suffix) {
            t = x.to_string();
        }
        if let Some(x) = t.strip_prefix(suffix) {
            t = x.to_string();
        }
    }
    let shown = || {
        let mut v: String = cell.trim().chars().take(40).collect();
        if cell.trim().chars().count() > 40 {
            v.push('…');
        }
        v
    };
    if matches!(t.trim_start_matches(['+', '-']).to_ascii_lowercase().as_str(), "nan" | "inf" | "infinity") {
        return Err(format!("`{}` is not a finite number", shown()));
    }
    if t.is_empty() || !t.bytes().any(|b| b.is_ascii_digit()) {
        return Err(format!("`{}` is not a number", shown()));
    }
    let v: f64 = t.parse().map_err(|_| format!("`{}` is not a number", shown()))?;
    if !v.is_finite() {
        return Err(format!("`{}` is not a finite number", shown()));
    }
    Ok(if neg_paren { -v } else { v })
}

/// A duration in seconds: `0h 3m 12s`, `3m12s`, `00:03:12`, `03:12`, or a number times `unit`.
pub fn duration_seconds(cell: &str, unit: f64) -> Result<f64, String> {
    let s = cell.trim();
    if let Ok(v) = number(s) {
        return Ok(v * unit);
    }
    let bad = || format!("`{s}` is not a duration (like 0h 3m 12s, 00:03:12 or a number)");
    if s.contains(':') {
        let parts: Vec<&str> = s.split(':').collect();
        if parts.len() > 3 {
            return Err(bad());
        }
        let mut total = 0.0;
        for p in &parts {
            let v: f64 = p.trim().parse().map_err(|_| bad())?;
            if !(v.is_finite() && v >= 0.0) {
                return Err(bad());
            }
            total = total * 60.0 + v;
        }
        return Ok(if parts.len() == 2 { total * 60.0 } else { total });
    }
    let mut total = 0.0;
    let mut num = String::new();
    let mut any = false;
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        if c.is_ascii_digit() || c == '.' {
            num.push(c);
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        let (mult, skip) = match c {
            'd' => (86400.0, 0),
            'h' => (3600.0, 0),
            'm' if rest.starts_with("in") => (60.0, if rest.starts_with("ins") { 3 } else { 2 }),
            'm' => (60.0, 0),
            's' if rest.starts_with("ec") => (1.0, if rest.starts_with("ecs") { 3 } else { 2 }),
            's' => (1.0, 0),
            '일' => (86400.0, 0),
            '시' if rest.starts_with('간') => (3600.0, '간'.len_utf8()),
            '분' => (60.0, 0),
            '초' => (1.0, 0),
            _ => return Err(bad()),
        };
        rest = &rest[skip..];
        let v: f64 = num.parse().map_err(|_| bad())?;
        total += v * mult;
        num.clear();
        any = true;
    }
    if any && num.is_empty() { Ok(total) } else { Err(bad()) }
}

/// A survey score within `[lo, hi]`: `4`, `4.0`; the error says the scale.
pub fn score(cell: &str, lo: f64, hi: f64, name: &str) -> Result<f64, String> {
    let v = number(cell).map_err(|_| format!("{name} `{}` is not a number", cell.trim()))?;
    if v < lo || v > hi {
        return Err(format!("{name} {v} is outside its scale {lo}–{hi}"));
    }
    Ok(v)
}

/// A yes/no cell (`bot: [alfTriggered, workflowTriggered]`): true when any of its words is
/// true, yes, y or 1 (case-insensitive; several columns are joined by spaces).
pub fn truthy(cell: &str) -> bool {
    cell.split_whitespace().any(|w| matches!(w.to_ascii_lowercase().as_str(), "true" | "yes" | "y" | "1"))
}

/// A count of replies or reopens: a whole number from 0 to 10,000 (`3`, `3.0`).
pub fn count(cell: &str, name: &str) -> Result<u16, String> {
    let v = number(cell).map_err(|_| format!("{name} `{}` is not a number", cell.trim()))?;
    if v < 0.0 || v.fract() != 0.0 || v > 10_000.0 {
        return Err(format!("{name} {v} is not a whole number from 0 to 10,000"));
    }
    Ok(v as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_is_str_trim() {
        // every Unicode space, and characters whose bytes resemble them, at either end
        let spaces = ["", " ", "\t", "\n", "\r\n", "\u{b}", "\u{c}", "\u{85}", "\u{a0}", "\u{1680}", "\u{2003}", "\u{2028}"];
        let spaces = spaces.into_iter().chain(["\u{202f}", "\u{205f}", "\u{3000}", "  \u{3000} "]);
        let inner = ["", "a", "배송", "가", "힣", "x 가", "©", "\u{2010}", "ᚠ", "、", "\u{1}", "é", "😀", "가\u{3000}나"];
        for sp in spaces {
            for a in inner {
                for b in inner {
                    for (l, r) in [(sp, ""), ("", sp), (sp, sp)] {
                        let cell = format!("{l}{a}{b}{r}");
                        assert_eq!(trim(&cell), cell.trim(), "{cell:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn money() {
        assert_eq!(number("12,000"), Ok(12000.0));
        assert_eq!(number("₩12,000"), Ok(12000.0));
        assert_eq!(number("12000원"), Ok(12000.0));
        assert_eq!(number(" 3.0 "), Ok(3.0));
        assert_eq!(number("(1,000)"), Ok(-1000.0));
        assert_eq!(number("-500"), Ok(-500.0));
        assert_eq!(number("1.2e4"), Ok(12000.0));
        assert!(number("NaN").unwrap_err().contains("not a finite number"));
        assert!(number("-inf").unwrap_err().contains("not a finite number"));
        assert!(number("1e999").is_err());
        assert!(number("abc").is_err());
        assert!(number("").is_err());
        assert!(number("12.000.000").is_err());
    }

    #[test]
    fn durations() {
        assert_eq!(duration_seconds("0h 3m 12s", 1.0), Ok(192.0));
        assert_eq!(duration_seconds("3m12s", 1.0), Ok(192.0));
        assert_eq!(duration_seconds("00:03:12", 1.0), Ok(192.0));
        assert_eq!(duration_seconds("03:12", 1.0), Ok(192.0 * 60.0)); // HH:MM
        assert_eq!(duration_seconds("12.5", 60.0), Ok(750.0));
        assert_eq!(duration_seconds("1시간 5분", 1.0), Ok(3900.0));
        assert_eq!(duration_seconds("2 mins 3 secs", 1.0), Ok(123.0));
        assert!(duration_seconds("soon", 1.0).is_err());
        assert!(duration_seconds("3m 12", 1.0).is_err());
    }

    #[test]
    fn scores() {
        assert_eq!(score("5", 1.0, 5.0, "CSAT"), Ok(5.0));
        assert!(score("6", 1.0, 5.0, "CSAT").unwrap_err().contains("outside"));
        assert!(score("good", 1.0, 5.0, "CSAT").is_err());
    }
}

#[cfg(test)]
mod money_tests {
    use super::*;
    use crate::config::Numbers;

    const KRW: Numbers = Numbers { decimal: None, thousands: None, minor_units: 0 };
    const BRL: Numbers = Numbers { decimal: None, thousands: None, minor_units: 2 };

    #[test]
    fn money_as_exports_write_it() {
        for (cell, krw) in [
            ("35000", 35000.0),
            ("35,000", 35000.0),
            ("35.000", 35000.0),
            ("1.234.567", 1234567.0),
            ("₩19,000", 19000.0),
            ("1.234,00", 1234.0),
            ("12,345원", 12345.0),
            ("3.5", 3.5),
            ("-4.000", -4000.0),
        ] {
            assert_eq!(money(cell, KRW), Ok(krw), "{cell} KRW");
        }
        for (cell, brl) in [
            ("19,90", 19.9),
            ("19.90", 19.9),
            ("1.234,56", 1234.56),
            ("1,234.56", 1234.56),
            ("1.234.567", 1234567.0),
            ("R$ 7,5", 7.5),
        ] {
            assert_eq!(money(cell, BRL), Ok(brl), "{cell} BRL");
        }
        assert!(money("1.234", BRL).unwrap_err().contains("number_format"), "ambiguous: refused");
        let eu = Numbers { decimal: Some(','), thousands: Some('.'), minor_units: 2 };
        assert_eq!(money("1.234", eu), Ok(1234.0));
        assert_eq!(money("1.234,5", eu), Ok(1234.5));
    }
}
