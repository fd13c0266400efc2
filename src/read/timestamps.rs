//! Timestamps in every form CS exports use (docs/inputs.md): ISO 8601 with or without offset,
//! `YYYY-MM-DD HH:MM[:SS]`, `YYYY.MM.DD`, `2026. 11. 9. 오후 3:12`, epoch seconds or
//! milliseconds, Excel serial dates (XLSX only), or explicit chrono formats. Naive times are
//! read in the config's zone. The result is UTC milliseconds.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;

use crate::period::local_to_utc_ms;

#[derive(Debug, Clone)]
enum Fmt {
    /// With an offset (`%z`).
    Aware(String),
    /// Epoch seconds (`%s`).
    Epoch(String),
    /// Date and time, no offset.
    Naive(String),
    /// Date only.
    Date(String),
}

#[derive(Debug, Clone)]
pub struct TimeParser {
    tz: Tz,
    formats: Vec<Fmt>,
    /// Try the built-in forms (no formats given, or `auto` among them).
    auto: bool,
    /// Plain numbers below 200000 are Excel serial dates (XLSX sources).
    pub excel: bool,
}

impl TimeParser {
    /// `formats` are chrono format strings; empty means auto. `auto` in the list adds the
    /// built-in forms after the given ones.
    pub fn new(tz: Tz, formats: &[String]) -> TimeParser {
        let mut fs = Vec::new();
        let mut auto = formats.is_empty();
        for f in formats {
            if f == "auto" {
                auto = true;
                continue;
            }
            let has = |t: &[&str]| t.iter().any(|x| f.contains(x));
            fs.push(if has(&["%z", "%:z", "%#z", "%::z"]) {
                Fmt::Aware(f.clone())
            } else if has(&["%s"]) {
                Fmt::Epoch(f.clone())
            } else if has(&["%H", "%I", "%M", "%S", "%T", "%R", "%X", "%c", "%k", "%l"]) {
                Fmt::Naive(f.clone())
            } else {
                Fmt::Date(f.clone())
            });
        }
        TimeParser { tz, formats: fs, auto, excel: false }
    }

    pub fn with_excel(mut self, excel: bool) -> TimeParser {
        self.excel = excel;
        self
    }

    /// Parse a non-empty cell. The error is a reason a CS manager can act on.
    pub fn parse(&self, cell: &str) -> Result<i64, String> {
        let s = super::values::trim(cell);
        for f in &self.formats {
            if let Some(ms) = self.parse_with(f, s) {
                return Ok(ms);
            }
        }
        if self.auto {
            if let Some(ms) = self.parse_auto(s) {
                return Ok(ms);
            }
        }
        let mut shown: String = s.chars().take(60).collect();
        if s.chars().count() > 60 {
            shown.push('…');
        }
        if let Some(why) = impossible_date(s) {
            return Err(format!("`{shown}` {why}"));
        }
        Err(if self.formats.is_empty() {
            format!("`{shown}` is not a date/time voc can read (set timestamp_format for this input)")
        } else {
            let names: Vec<&str> = self
                .formats
                .iter()
                .map(|f| match f {
                    Fmt::Aware(s) | Fmt::Epoch(s) | Fmt::Naive(s) | Fmt::Date(s) => s.as_str(),
                })
                .collect();
            format!("`{shown}` does not match timestamp_format {}", names.join(" or "))
        })
    }

    fn naive(&self, n: NaiveDateTime) -> i64 {
        local_to_utc_ms(self.tz, n)
    }

    fn parse_with(&self, f: &Fmt, s: &str) -> Option<i64> {
        let s = korean_meridiem_to_ascii(s);
        match f {
            Fmt::Aware(f) => DateTime::parse_from_str(&s, f).ok().map(|t| t.timestamp_millis()),
            Fmt::Epoch(f) => NaiveDateTime::parse_from_str(&s, f).ok().map(|t| t.and_utc().timestamp_millis()),
            Fmt::Naive(f) => NaiveDateTime::parse_from_str(&s, f).ok().map(|t| self.naive(t)),
            Fmt::Date(f) => NaiveDate::parse_from_str(&s, f).ok().map(|d| self.naive(d.and_time(NaiveTime::MIN))),
        }
    }

    fn parse_auto(&self, s: &str) -> Option<i64> {
        if let Some(ms) = self.parse_number(s) {
            return Some(ms);
        }
        if let Some(ms) = self.parse_iso_like(s) {
            return Some(ms);
        }
        // forms with month names
        let s2 = korean_meridiem_to_ascii(s);
        for f in ["%a %b %d %H:%M:%S %z %Y", "%a, %d %b %Y %H:%M:%S %z", "%d %b %Y %H:%M:%S %z"] {
            if let Ok(t) = DateTime::parse_from_str(&s2, f) {
                return Some(t.timestamp_millis());
            }
        }
        for f in
            ["%d-%b-%Y %H:%M:%S", "%d-%b-%y %I:%M:%S %p", "%d-%b-%Y %I:%M:%S %p", "%b %d, %Y %I:%M:%S %p", "%b %d, %Y %H:%M:%S"]
        {
            if let Ok(t) = NaiveDateTime::parse_from_str(&s2, f) {
                return Some(self.naive(t));
            }
        }
        for f in ["%d-%b-%Y", "%d-%b-%y", "%b %d, %Y", "%d %b %Y", "%B %d, %Y"] {
            if let Ok(d) = NaiveDate::parse_from_str(&s2, f) {
                return Some(self.naive(d.and_time(NaiveTime::MIN)));
            }
        }
        None
    }

    /// Epoch seconds (9–10 digits) or milliseconds (12–13), `YYYYMMDD`, `YYYYMMDDHHMMSS`, and in
    /// XLSX Excel serial days.
    fn parse_number(&self, s: &str) -> Option<i64> {
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (s, None),
        };
        if int.is_empty()
            || !int.bytes().all(|b| b.is_ascii_digit())
            || frac.is_some_and(|f| !f.bytes().all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        let v: f64 = s.parse().ok()?;
        if self.excel && v > 0.0 && v < 200_000.0 {
            let v = if v >= 60.0 { v } else { v + 1.0 };
            let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_time(NaiveTime::MIN);
            let t = epoch + chrono::Duration::milliseconds((v * 86_400_000.0).round() as i64);
            return Some(self.naive(t));
        }
        match (int.len(), frac) {
            (8, None) => NaiveDate::parse_from_str(int, "%Y%m%d").ok().map(|d| self.naive(d.and_time(NaiveTime::MIN))),
            (14, None) => NaiveDateTime::parse_from_str(int, "%Y%m%d%H%M%S").ok().map(|t| self.naive(t)),
            (9 | 10, _) => Some((v * 1000.0).round() as i64),
            (12 | 13, None) => int.parse().ok(),
            _ => None,
        }
    }

    /// `Y-M-D`, `Y.M.D`, `Y/M/D` (Korean `2026. 11. 9.` too), then optionally a time
    /// (`T` or spaces, `오전/오후` or AM/PM before or after it), then optionally `Z` or an offset.
    fn parse_iso_like(&self, s: &str) -> Option<i64> {
        let mut p = Cursor { s: s.as_bytes(), i: 0 };
        let year = p.digits(4, 4)? as i32;
        let sep = p.peek()?;
        if !matches!(sep, b'-' | b'.' | b'/') {
            return None;
        }
        p.i += 1;
        p.spaces();
        let month = p.digits(1, 2)? as u32;
        if p.peek()? != sep {
            return None;
        }
        p.i += 1;
        p.spaces();
        let day = p.digits(1, 2)? as u32;
        if sep == b'.' && p.peek() == Some(b'.') {
            p.i += 1;
        }
        let date = NaiveDate::from_ymd_opt(year, month, day)?;
        let mut meridiem = p.meridiem();
        let had_sep = p.peek() == Some(b'T') || p.peek() == Some(b' ');
        if p.peek() == Some(b'T') {
            p.i += 1;
        }
        p.spaces();
        if meridiem.is_none() {
            meridiem = p.meridiem();
        }
        if p.done() {
            return (meridiem.is_none()).then(|| self.naive(date.and_time(NaiveTime::MIN)));
        }
        if !had_sep && meridiem.is_none() {
            return None;
        }
        let mut hour = p.digits(1, 2)? as u32;
        if p.peek()? != b':' {
            return None;
        }
        p.i += 1;
        let minute = p.digits(2, 2)? as u32;
        let mut second = 0;
        let mut milli = 0;
        if p.peek() == Some(b':') {
            p.i += 1;
            second = p.digits(2, 2)? as u32;
            if matches!(p.peek(), Some(b'.' | b',')) {
                p.i += 1;
                let start = p.i;
                let f = p.digits(1, 9)?;
                let n = p.i - start;
                milli = (f as f64 / 10f64.powi(n as i32) * 1000.0).round() as u32;
            }
        }
        p.spaces();
        if meridiem.is_none() {
            meridiem = p.meridiem();
            p.spaces();
        }
        if let Some(pm) = meridiem {
            if hour == 0 || hour > 12 {
                return None;
            }
            hour = match (pm, hour) {
                (false, 12) => 0,
                (true, 12) => 12,
                (true, h) => h + 12,
                (false, h) => h,
            };
        }
        let time = NaiveTime::from_hms_milli_opt(hour, minute, second.min(59), milli.min(999))?;
        let naive = date.and_time(time);
        if p.done() {
            return Some(self.naive(naive));
        }
        let offset = p.offset()?;
        p.spaces();
        if !p.done() {
            return None;
        }
        Some(naive.and_utc().timestamp_millis() - offset as i64 * 1000)
    }
}

/// For `Y-M-D…` text naming a day or hour that does not exist: why, in words.
fn impossible_date(s: &str) -> Option<String> {
    let mut p = Cursor { s: s.as_bytes(), i: 0 };
    let year = p.digits(4, 4)? as i32;
    let sep = p.peek().filter(|c| matches!(c, b'-' | b'.' | b'/'))?;
    p.i += 1;
    p.spaces();
    let month = p.digits(1, 2)? as u32;
    (p.peek()? == sep).then_some(())?;
    p.i += 1;
    p.spaces();
    let day = p.digits(1, 2)? as u32;
    if !(1..=12).contains(&month) {
        return Some(format!("has no month {month}"));
    }
    if NaiveDate::from_ymd_opt(year, month, day).is_none() {
        return Some(format!("is not a calendar date ({year}-{month:02} has no day {day})"));
    }
    if sep == b'.' && p.peek() == Some(b'.') {
        p.i += 1;
    }
    if p.peek() == Some(b'T') {
        p.i += 1;
    }
    p.spaces();
    p.meridiem();
    let hour = p.digits(1, 2)?;
    (p.peek()? == b':').then_some(())?;
    p.i += 1;
    let minute = p.digits(2, 2)?;
    if hour > 23 || minute > 59 {
        return Some(format!("is not a time of day ({hour}:{minute:02})"));
    }
    None
}

/// `오전`/`오후` → `AM`/`PM` for chrono's `%p`.
fn korean_meridiem_to_ascii(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains("오전") || s.contains("오후") { s.replace("오전", "AM").replace("오후", "PM").into() } else { s.into() }
}

struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn done(&self) -> bool {
        self.i >= self.s.len()
    }
    fn spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.i += 1;
        }
    }
    fn digits(&mut self, min: usize, max: usize) -> Option<u64> {
        let start = self.i;
        let mut v: u64 = 0;
        while self.i < self.s.len() && self.i - start < max && self.s[self.i].is_ascii_digit() {
            v = v * 10 + (self.s[self.i] - b'0') as u64;
            self.i += 1;
        }
        (self.i - start >= min).then_some(v)
    }
    /// `오전`/`오후`/`AM`/`PM` (any case) here: Some(is_pm).
    fn meridiem(&mut self) -> Option<bool> {
        let rest = &self.s[self.i..];
        let found = if rest.starts_with("오전".as_bytes()) {
            Some((false, "오전".len()))
        } else if rest.starts_with("오후".as_bytes()) {
            Some((true, "오후".len()))
        } else if rest.len() >= 2 && rest[..2].eq_ignore_ascii_case(b"am") {
            Some((false, 2))
        } else if rest.len() >= 2 && rest[..2].eq_ignore_ascii_case(b"pm") {
            Some((true, 2))
        } else {
            None
        };
        let (pm, n) = found?;
        self.i += n;
        self.spaces();
        Some(pm)
    }
    /// `Z`, `UTC`, `GMT`, `KST`, `+09:00`, `+0900`, `+09`: seconds east of UTC.
    fn offset(&mut self) -> Option<i32> {
        let rest = &self.s[self.i..];
        for (name, secs) in [("Z", 0), ("UTC", 0), ("GMT", 0), ("KST", 9 * 3600)] {
            if rest.eq_ignore_ascii_case(name.as_bytes()) {
                self.i += name.len();
                return Some(secs);
            }
        }
        let sign = match self.peek()? {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        self.i += 1;
        let h = self.digits(2, 2)? as i32;
        if self.peek() == Some(b':') {
            self.i += 1;
        }
        let m = if self.done() { 0 } else { self.digits(2, 2)? as i32 };
        if h > 23 || m > 59 {
            return None;
        }
        Some(sign * (h * 3600 + m * 60))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use chrono_tz::Asia::Seoul;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> i64 {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap().timestamp_millis()
    }

    fn auto(s: &str) -> Result<i64, String> {
        TimeParser::new(Seoul, &[]).parse(s)
    }

    #[test]
    fn iso_forms() {
        let want = utc(2026, 11, 9, 6, 12, 3); // 15:12:03 KST
        assert_eq!(auto("2026-11-09 15:12:03"), Ok(want));
        assert_eq!(auto("2026-11-09T15:12:03"), Ok(want));
        assert_eq!(auto("2026-11-09T06:12:03Z"), Ok(want));
        assert_eq!(auto("2026-11-09T06:12:03.000Z"), Ok(want));
        assert_eq!(auto("2026-11-09T15:12:03+09:00"), Ok(want));
        assert_eq!(auto("2026-11-09 15:12:03 +0900"), Ok(want));
        assert_eq!(auto("2026-11-09T01:12:03-05:00"), Ok(want));
        assert_eq!(auto("2026-11-09 15:12"), Ok(utc(2026, 11, 9, 6, 12, 0)));
        assert_eq!(auto("2026/11/09 15:12"), Ok(utc(2026, 11, 9, 6, 12, 0)));
        assert_eq!(auto("2026-11-09T06:12:03.250Z"), Ok(want + 250));
    }

    #[test]
    fn dates_only() {
        let midnight = utc(2026, 11, 8, 15, 0, 0); // 2026-11-09 00:00 KST
        assert_eq!(auto("2026-11-09"), Ok(midnight));
        assert_eq!(auto("2026.11.09"), Ok(midnight));
        assert_eq!(auto("2026.11.09."), Ok(midnight));
        assert_eq!(auto("2026. 11. 9."), Ok(midnight));
        assert_eq!(auto("20261109"), Ok(midnight));
    }

    #[test]
    fn korean_meridiem() {
        assert_eq!(auto("2026-11-09 오후 3:12"), Ok(utc(2026, 11, 9, 6, 12, 0)));
        assert_eq!(auto("2026-11-09 오전 3:12"), Ok(utc(2026, 11, 8, 18, 12, 0)));
        assert_eq!(auto("2026-11-09 오전 12:05"), Ok(utc(2026, 11, 8, 15, 5, 0)));
        assert_eq!(auto("2026-11-09 오후 12:05"), Ok(utc(2026, 11, 9, 3, 5, 0)));
        assert_eq!(auto("2026. 11. 9. 오후 3:12:05"), Ok(utc(2026, 11, 9, 6, 12, 5)));
        assert_eq!(auto("2026-11-09 3:12 PM"), Ok(utc(2026, 11, 9, 6, 12, 0)));
        assert!(auto("2026-11-09 오후 13:12").is_err());
    }

    #[test]
    fn epochs() {
        let t = utc(2026, 11, 9, 6, 12, 3);
        assert_eq!(auto(&(t / 1000).to_string()), Ok(t));
        assert_eq!(auto(&t.to_string()), Ok(t));
        assert_eq!(auto(&format!("{}.5", t / 1000)), Ok(t + 500));
    }

    #[test]
    fn excel_serials_only_in_xlsx() {
        let p = TimeParser::new(Seoul, &[]).with_excel(true);
        // 46335 = 2026-11-09 in the 1900 date system; .5 = noon, local time
        assert_eq!(p.parse("46335.5"), Ok(utc(2026, 11, 9, 3, 0, 0)));
        assert!(auto("46335.5").is_err());
    }

    #[test]
    fn twitter_and_named_months() {
        assert_eq!(auto("Tue Oct 31 22:10:47 +0000 2017"), Ok(utc(2017, 10, 31, 22, 10, 47)));
        let p = TimeParser::new(chrono_tz::UTC, &["%d-%b-%y %I:%M:%S %p".to_string()]);
        assert_eq!(p.parse("22-Apr-15 3:53:50 PM"), Ok(utc(2015, 4, 22, 15, 53, 50)));
    }

    #[test]
    fn explicit_formats() {
        let p = TimeParser::new(Seoul, &["%d/%m/%Y %H:%M".to_string()]);
        assert_eq!(p.parse("09/11/2026 15:12"), Ok(utc(2026, 11, 9, 6, 12, 0)));
        // explicit formats do not fall back to auto unless asked
        assert!(p.parse("2026-11-09 15:12").is_err());
        let p = TimeParser::new(Seoul, &["%d/%m/%Y %H:%M".to_string(), "auto".to_string()]);
        assert!(p.parse("2026-11-09 15:12").is_ok());
        let p = TimeParser::new(Seoul, &["%Y년 %m월 %d일 %p %I:%M".to_string()]);
        assert_eq!(p.parse("2026년 11월 09일 오후 03:12"), Ok(utc(2026, 11, 9, 6, 12, 0)));
    }

    #[test]
    fn rejects_with_reasons() {
        let e = auto("2026-13-45 10:00").unwrap_err();
        assert!(e.contains("2026-13-45") && e.contains("no month 13"), "{e}");
        let e = auto("2026-11-31 10:00:00").unwrap_err();
        assert!(e.contains("has no day 31"), "{e}");
        let e = auto("2026.11.05 25:10:00").unwrap_err();
        assert!(e.contains("not a time of day (25:10)"), "{e}");
        assert!(auto("tomorrow").is_err());
        assert!(auto("2026-11-09 25:00").is_err());
        assert!(auto("12345").is_err());
    }

    #[test]
    fn dst_zone() {
        // New York, 2026-03-08 02:30 does not exist: moved forward an hour
        let p = TimeParser::new(chrono_tz::America::New_York, &[]);
        assert_eq!(p.parse("2026-03-08 02:30"), Ok(utc(2026, 3, 8, 7, 30, 0)));
    }
}
