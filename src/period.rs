//! Report periods (docs/cli.md): ISO week, calendar month, inclusive date range, or the last
//! complete week/month before "now" — all cut at local midnight in the config's time zone.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use serde::Serialize;

use crate::error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Week,
    Month,
    Range,
}

/// A span of whole local days `[start, end]` in a time zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub id: String,
    pub kind: Kind,
    pub start: NaiveDate,
    /// Inclusive last day.
    pub end: NaiveDate,
    pub tz: Tz,
}

/// The JSON form of a period (docs/outputs.md).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PeriodJson {
    pub id: String,
    pub kind: Kind,
    pub start: String,
    pub end: String,
    pub timezone: String,
}

impl Period {
    pub fn week(year: i32, week: u32, tz: Tz) -> Option<Period> {
        let start = NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)?;
        Some(Period { id: format!("{year:04}-W{week:02}"), kind: Kind::Week, start, end: start + Duration::days(6), tz })
    }

    pub fn month(year: i32, month: u32, tz: Tz) -> Option<Period> {
        let start = NaiveDate::from_ymd_opt(year, month, 1)?;
        let next =
            if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1)? } else { NaiveDate::from_ymd_opt(year, month + 1, 1)? };
        Some(Period { id: format!("{year:04}-{month:02}"), kind: Kind::Month, start, end: next - Duration::days(1), tz })
    }

    pub fn range(start: NaiveDate, end: NaiveDate, tz: Tz) -> Period {
        Period { id: format!("{}_{}", start.format("%Y-%m-%d"), end.format("%Y-%m-%d")), kind: Kind::Range, start, end, tz }
    }

    /// Whole days in the period.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    pub fn dates(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.start.iter_days().take(self.days() as usize)
    }

    /// The previous period of the same kind: the week before, the calendar month before, or
    /// the same number of days immediately before a range.
    pub fn previous(&self) -> Period {
        match self.kind {
            Kind::Week => {
                let d = self.start - Duration::days(7);
                let w = d.iso_week();
                Period::week(w.year(), w.week(), self.tz).expect("valid ISO week")
            }
            Kind::Month => {
                let d = self.start - Duration::days(1);
                Period::month(d.year(), d.month(), self.tz).expect("valid month")
            }
            Kind::Range => {
                let n = self.days();
                Period::range(self.start - Duration::days(n), self.start - Duration::days(1), self.tz)
            }
        }
    }

    /// UTC milliseconds of local midnight starting `date`.
    pub fn midnight_ms(tz: Tz, date: NaiveDate) -> i64 {
        let naive = date.and_hms_opt(0, 0, 0).expect("midnight");
        local_to_utc_ms(tz, naive)
    }

    /// `[start_ms, end_ms)` in UTC milliseconds.
    pub fn start_ms(&self) -> i64 {
        Self::midnight_ms(self.tz, self.start)
    }
    pub fn end_ms(&self) -> i64 {
        Self::midnight_ms(self.tz, self.end + Duration::days(1))
    }

    pub fn contains_ms(&self, t: i64) -> bool {
        t >= self.start_ms() && t < self.end_ms()
    }

    pub fn json(&self) -> PeriodJson {
        PeriodJson {
            id: self.id.clone(),
            kind: self.kind,
            start: self.start.format("%Y-%m-%d").to_string(),
            end: self.end.format("%Y-%m-%d").to_string(),
            timezone: self.tz.name().to_string(),
        }
    }
}

/// A naive local time in `tz` as UTC milliseconds. In a DST gap the time is moved forward by
/// the gap; in an overlap the earlier instant is taken.
pub fn local_to_utc_ms(tz: Tz, naive: NaiveDateTime) -> i64 {
    match year_offset(tz, naive.year()) {
        Some(off) => naive.and_utc().timestamp_millis() - off,
        None => convert(tz, naive),
    }
}

/// The zone's UTC offset (ms) when it is the same all year — checked at every local midnight
/// and noon — else `None` (a DST year: every conversion is done in full). Cached per thread.
fn year_offset(tz: Tz, year: i32) -> Option<i64> {
    thread_local! {
        static YEARS: std::cell::RefCell<Vec<(Tz, i32, Option<i64>)>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    if let Some(hit) = YEARS.with(|c| c.borrow().iter().find(|(t, y, _)| *t == tz && *y == year).map(|e| e.2)) {
        return hit;
    }
    let off = |n: NaiveDateTime| n.and_utc().timestamp_millis() - convert(tz, n);
    let first = NaiveDate::from_ymd_opt(year, 1, 1)?.and_hms_opt(0, 0, 0)?;
    let base = off(first);
    let constant = (0..367)
        .flat_map(|d| [first + Duration::days(d), first + Duration::days(d) + Duration::hours(12)])
        .take_while(|n| n.year() <= year)
        .all(|n| off(n) == base);
    let result = constant.then_some(base);
    YEARS.with(|c| c.borrow_mut().push((tz, year, result)));
    result
}

fn convert(tz: Tz, naive: NaiveDateTime) -> i64 {
    match tz.from_local_datetime(&naive) {
        chrono::LocalResult::Single(t) => t.timestamp_millis(),
        chrono::LocalResult::Ambiguous(a, _) => a.timestamp_millis(),
        chrono::LocalResult::None => {
            // skipped by a DST jump: the wall time an hour later is the same instant
            tz.from_local_datetime(&(naive + Duration::hours(1)))
                .earliest()
                .map(|t| t.timestamp_millis())
                .unwrap_or_else(|| naive.and_utc().timestamp_millis())
        }
    }
}

/// The local date of a UTC instant.
pub fn local_date(tz: Tz, ms: i64) -> NaiveDate {
    Utc.timestamp_millis_opt(ms).single().map(|t| t.with_timezone(&tz).date_naive()).unwrap_or(NaiveDate::MIN)
}

/// Parse `--now` (RFC 3339); default the clock.
pub fn now(arg: Option<&str>) -> anyhow::Result<DateTime<FixedOffset>> {
    match arg {
        Some(s) => DateTime::parse_from_rfc3339(s)
            .map_err(|e| error::usage(format!("--now `{s}` is not an RFC 3339 time like 2026-11-16T09:00:00+09:00: {e}"))),
        None => Ok(Utc::now().fixed_offset()),
    }
}

/// The years a report period may be in (docs/cli.md): four-digit years, far from the ends of
/// what the calendar arithmetic holds.
pub const YEARS: std::ops::RangeInclusive<i32> = 1000..=9999;

/// A usage error unless `year` is in [`YEARS`].
pub fn check_year(what: &str, year: i32) -> anyhow::Result<()> {
    if YEARS.contains(&year) {
        Ok(())
    } else {
        Err(error::usage(format!("{what}: the year {year} is outside {}–{}", YEARS.start(), YEARS.end())))
    }
}

/// `--last week|month`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LastKind {
    Week,
    Month,
}

/// The last complete week or month before the local date `today`.
pub fn last(kind: LastKind, today: NaiveDate, tz: Tz) -> Period {
    match kind {
        LastKind::Week => {
            let this_monday = today - Duration::days(today.weekday().num_days_from_monday() as i64);
            let w = (this_monday - Duration::days(7)).iso_week();
            Period::week(w.year(), w.week(), tz).expect("valid week")
        }
        LastKind::Month => {
            let d = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).expect("first of month") - Duration::days(1);
            Period::month(d.year(), d.month(), tz).expect("valid month")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Asia::Seoul;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn iso_weeks() {
        let p = Period::week(2026, 46, Seoul).unwrap();
        assert_eq!((p.start, p.end), (d("2026-11-09"), d("2026-11-15")));
        // ISO week 1 of 2027 starts on Monday 2027-01-04; week 53 of 2026 exists
        let p = Period::week(2026, 53, Seoul).unwrap();
        assert_eq!(p.start, d("2026-12-28"));
        assert!(Period::week(2025, 53, Seoul).is_none());
        assert_eq!(p.previous().id, "2026-W52");
        assert_eq!(Period::week(2027, 1, Seoul).unwrap().previous().id, "2026-W53");
    }

    #[test]
    fn months_and_ranges() {
        let p = Period::month(2026, 2, Seoul).unwrap();
        assert_eq!(p.end, d("2026-02-28"));
        assert_eq!(p.previous().id, "2026-01");
        assert_eq!(Period::month(2026, 1, Seoul).unwrap().previous().id, "2025-12");
        let r = Period::range(d("2026-11-01"), d("2026-11-15"), Seoul);
        assert_eq!(r.id, "2026-11-01_2026-11-15");
        assert_eq!(r.previous().id, "2026-10-17_2026-10-31");
    }

    #[test]
    fn boundaries_are_local_midnight() {
        let p = Period::week(2026, 46, Seoul).unwrap();
        // 2026-11-09 00:00 KST = 2026-11-08 15:00 UTC
        assert_eq!(p.start_ms(), Utc.with_ymd_and_hms(2026, 11, 8, 15, 0, 0).unwrap().timestamp_millis());
        // Sunday 23:59:59 KST belongs to the week, Monday 00:00 does not
        let sun = Utc.with_ymd_and_hms(2026, 11, 15, 14, 59, 59).unwrap().timestamp_millis();
        assert!(p.contains_ms(sun));
        assert!(!p.contains_ms(sun + 1000));
    }

    #[test]
    fn last_complete() {
        // Monday 2026-11-16: the last complete week is W46
        assert_eq!(last(LastKind::Week, d("2026-11-16"), Seoul).id, "2026-W46");
        // Sunday 2026-11-15 is inside W46, so the last complete one is W45
        assert_eq!(last(LastKind::Week, d("2026-11-15"), Seoul).id, "2026-W45");
        assert_eq!(last(LastKind::Month, d("2026-11-01"), Seoul).id, "2026-10");
        assert_eq!(last(LastKind::Month, d("2026-01-15"), Seoul).id, "2025-12");
    }
}
