//! When conversations arrive and when the desk is open.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use super::*;

// ---------------------------------------------------------------------------------------------
// Times

/// When customers write: quiet at night, busy late morning, afternoon and evening.
pub(crate) const HOURLY: [f64; 24] =
    [1.2, 0.6, 0.3, 0.2, 0.2, 0.3, 0.8, 1.5, 2.5, 4.0, 6.0, 6.5, 5.0, 5.5, 6.0, 6.0, 5.5, 5.0, 4.5, 4.0, 4.5, 5.0, 4.0, 2.5];

pub(crate) fn time_in_day(r: &mut Rng, d: NaiveDate) -> NaiveDateTime {
    let h = r.weighted(&HOURLY) as u32;
    let secs = r.below(3600) as u32;
    d.and_time(NaiveTime::from_hms_opt(h, secs / 60, secs % 60).expect("valid"))
}

pub(crate) fn open_day(d: NaiveDate, holidays: &[NaiveDate]) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&d)
}

/// The first moment at or after `t` inside the CS team's hours (10–19, weekdays).
pub(crate) fn next_open(t: NaiveDateTime, holidays: &[NaiveDate]) -> NaiveDateTime {
    let mut d = t.date();
    let open = NaiveTime::from_hms_opt(10, 0, 0).expect("valid");
    let close = NaiveTime::from_hms_opt(19, 0, 0).expect("valid");
    loop {
        if open_day(d, holidays) {
            if d == t.date() && t.time() >= open && t.time() < close {
                return t;
            }
            if d > t.date() || t.time() < open {
                return d.and_time(open);
            }
        }
        d = d.succ_opt().expect("date");
    }
}

pub(crate) fn holidays() -> Vec<NaiveDate> {
    ["2026-09-24", "2026-09-25", "2026-09-26", "2026-10-05", "2026-10-09"]
        .iter()
        .map(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date"))
        .collect()
}
