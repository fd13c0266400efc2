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
