//! Numbers as a Korean (or English) CS lead reads them: `12,345`, `219,810,200원`,
//! `12.3%`, `4분 12초`, `+5.2%`.

use crate::config::Locale;

#[derive(Debug, Clone)]
pub struct Fmt {
    pub locale: Locale,
    pub currency: String,
}

/// The direction of a change, for the report's colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dir {
    Up,
    Down,
    Flat,
}

pub const NONE: &str = "–";

/// `12,345` (`-12,345`): digits grouped by three with commas, as Korean reports write them too.
pub fn thousands(n: impl num_format::ToFormattedStr) -> String {
    let mut b = num_format::Buffer::default();
    b.write_formatted(&n, &num_format::Locale::en);
    b.as_str().to_string()
}

impl Fmt {
    fn ko(&self) -> bool {
        self.locale == Locale::Ko
    }

    pub fn int(&self, n: u64) -> String {
        thousands(n as i64)
    }

    pub fn opt_int(&self, n: Option<u64>) -> String {
        n.map_or(NONE.to_string(), |n| self.int(n))
    }

    /// An amount with its currency: `219,810,200원`, `₩219,810,200`, `229,885.13 BRL`.
    pub fn money(&self, v: f64) -> String {
        let whole = (v.fract() == 0.0) || self.currency == "KRW";
        let body = if whole {
            thousands(v.round() as i64)
        } else {
            let cents = (v * 100.0).round() as i64;
            format!("{}.{:02}", thousands(cents / 100), (cents % 100).abs())
        };
        match (self.currency.as_str(), self.ko()) {
            ("KRW", true) => format!("{body}원"),
            ("KRW", false) => format!("₩{body}"),
            ("USD", _) => format!("${body}"),
            (c, _) => format!("{body} {c}"),
        }
    }

    pub fn opt_money(&self, v: Option<f64>) -> String {
        v.map_or(NONE.to_string(), |v| self.money(v))
    }

    /// An amount for a headline card, which must fit about ten characters and break only at
    /// a space: `2억 1,981만원`, `9,877만원` (KRW, ko, to the 만원), `₩219.8M`; amounts under
    /// ten million as [`Fmt::money`]. The exact figure stands in the table below the cards.
    pub fn money_card(&self, v: f64) -> String {
        let a = v.abs();
        if self.currency == "KRW" && self.ko() && a >= 1e7 {
            let man = (a / 1e4).round() as i64;
            let (eok, rest) = (man / 10_000, man % 10_000);
            let sign = if v < 0.0 { "-" } else { "" };
            return match (eok, rest) {
                (0, _) => format!("{sign}{}만원", thousands(rest)),
                (_, 0) => format!("{sign}{eok}억원"),
                _ => format!("{sign}{eok}억 {}만원", thousands(rest)),
            };
        }
        if a >= 1e7 { self.money_short(v) } else { self.money(v) }
    }

    /// A short amount for chart labels: `2.2억`, `1,520만` (KRW, ko) or `₩219.8M`.
    pub fn money_short(&self, v: f64) -> String {
        if self.currency == "KRW" && self.ko() {
            let a = v.abs();
            if a >= 1e8 {
                return format!("{}억", trim_dec(v / 1e8, 1));
            }
            if a >= 1e4 {
                return format!("{}만", thousands((v / 1e4).round() as i64));
            }
            return thousands(v.round() as i64);
        }
        let sym = match self.currency.as_str() {
            "KRW" => "₩",
            "USD" => "$",
            _ => "",
        };
        let a = v.abs();
        let body = if a >= 1e9 {
            format!("{}B", trim_dec(v / 1e9, 1))
        } else if a >= 1e6 {
            format!("{}M", trim_dec(v / 1e6, 1))
        } else if a >= 1e3 {
            format!("{}K", trim_dec(v / 1e3, 1))
        } else {
            trim_dec(v, 0)
        };
        if sym.is_empty() { format!("{body} {}", self.currency) } else { format!("{sym}{body}") }
    }

    pub fn pct(&self, share: f64) -> String {
        format!("{:.1}%", share * 100.0)
    }

    pub fn opt_pct(&self, share: Option<f64>) -> String {
        share.map_or(NONE.to_string(), |s| self.pct(s))
    }

    pub fn dec(&self, v: Option<f64>, places: usize) -> String {
        v.map_or(NONE.to_string(), |v| format!("{v:.places$}"))
    }

    /// A relative change: `+5.2%`, `-3.1%`, `0.0%`.
    pub fn change(&self, rel: Option<f64>) -> (String, Dir) {
        match rel {
            None => (NONE.to_string(), Dir::Flat),
            Some(r) if r.abs() < 0.0005 => ("0.0%".to_string(), Dir::Flat),
            Some(r) if r > 0.0 => (format!("+{:.1}%", r * 100.0), Dir::Up),
            Some(r) => (format!("{:.1}%", r * 100.0), Dir::Down),
        }
    }

    /// A duration: `45초`, `4분 12초`, `1시간 5분`, `2일 3시간` (or `45s`, `4m 12s`, `1h 5m`, `2d 3h`).
    pub fn dur(&self, secs: f64) -> String {
        let s = secs.round() as i64;
        let (d, h, m, sec) = (s / 86400, s % 86400 / 3600, s % 3600 / 60, s % 60);
        let u = if self.ko() { ["일", "시간", "분", "초"] } else { ["d", "h", "m", "s"] };
        let sep = " ";
        // the two largest units, the smaller left out when it is zero: 1분, 1시간 5분, 2일
        let (big, small) = if d > 0 {
            ((d, u[0]), (h, u[1]))
        } else if h > 0 {
            ((h, u[1]), (m, u[2]))
        } else if m > 0 {
            ((m, u[2]), (sec, u[3]))
        } else {
            return format!("{sec}{}", u[3]);
        };
        if small.0 == 0 { format!("{}{}", big.0, big.1) } else { format!("{}{}{sep}{}{}", big.0, big.1, small.0, small.1) }
    }

    pub fn opt_dur(&self, secs: Option<f64>) -> String {
        secs.map_or(NONE.to_string(), |s| self.dur(s))
    }
}

/// `1.50` → `1.5`, `2.0` → `2`.
fn trim_dec(v: f64, places: usize) -> String {
    let s = format!("{v:.places$}");
    if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ko() -> Fmt {
        Fmt { locale: Locale::Ko, currency: "KRW".into() }
    }
    fn en() -> Fmt {
        Fmt { locale: Locale::En, currency: "BRL".into() }
    }

    #[test]
    fn numbers_and_money() {
        assert_eq!(ko().int(1234567), "1,234,567");
        assert_eq!(ko().money(219810200.0), "219,810,200원");
        assert_eq!(Fmt { locale: Locale::En, currency: "KRW".into() }.money(1000.0), "₩1,000");
        assert_eq!(en().money(229885.13), "229,885.13 BRL");
        assert_eq!(ko().money_short(219810200.0), "2.2억");
        assert_eq!(ko().money_card(219810200.0), "2억 1,981만원");
        assert_eq!(ko().money_card(300_004_000.0), "3억원");
        assert_eq!(ko().money_card(-1_234_560_000.0), "-12억 3,456만원");
        assert_eq!(ko().money_card(98_765_432.0), "9,877만원");
        assert_eq!(ko().money_card(9_876_543.0), "9,876,543원");
        assert_eq!(Fmt { locale: Locale::En, currency: "KRW".into() }.money_card(219810200.0), "₩219.8M");
        assert_eq!(en().money_card(229885.13), "229,885.13 BRL");
        assert_eq!(ko().money_short(15200000.0), "1,520만");
        assert_eq!(en().money_short(229885.13), "229.9K BRL");
    }

    #[test]
    fn durations_and_changes() {
        assert_eq!(ko().dur(45.0), "45초");
        assert_eq!(ko().dur(252.0), "4분 12초");
        assert_eq!(ko().dur(3900.0), "1시간 5분");
        assert_eq!(ko().dur(183600.0), "2일 3시간");
        assert_eq!(en().dur(252.0), "4m 12s");
        assert_eq!(ko().dur(60.0), "1분");
        assert_eq!(ko().dur(1800.0), "30분");
        assert_eq!(ko().dur(86400.0), "1일");
        assert_eq!(ko().change(Some(0.052)), ("+5.2%".into(), Dir::Up));
        assert_eq!(ko().change(Some(-0.031)), ("-3.1%".into(), Dir::Down));
        assert_eq!(ko().change(None).1, Dir::Flat);
        assert_eq!(ko().opt_pct(None), NONE);
    }
}
