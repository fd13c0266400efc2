//! 첫 응답 시간: first-response figures per class (simple = 배송 등 단순 문의, revenue = 사이즈·재고 등
//! 매출 문의, other, unclassified, all), on the wall clock or counting business hours only.
//!
//! Population: conversations of the period. `answered` have a response at or after creation
//! and within `report.max_response`; `invalid` a response before it or later than that;
//! `unanswered` none. Statistics are over the answered.

use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;
use serde::Serialize;

use super::ClassKey;
use super::stats::{self, mean, quantile, ratio};
use crate::config::{BusinessHours, Targets};
use crate::model::{Conv, Interner, Sym};
use crate::period::local_date;
use crate::taxonomy::Taxonomy;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ResponseStats {
    pub conversations: u64,
    pub answered: Option<u64>,
    pub unanswered: Option<u64>,
    pub invalid: Option<u64>,
    pub median_s: Option<f64>,
    pub p90_s: Option<f64>,
    pub mean_s: Option<f64>,
    /// Share of the answered at or under the class target; null without a target.
    pub within_target: Option<f64>,
    /// Every conversation by its delay on this block's clock: counts adding up to `conversations`.
    pub buckets: Option<ByBucket<u64>>,
    /// How many were answered after the target or not at all; null without a target.
    pub late: Option<u64>,
    /// The SLA breach list: up to [`LATE_IDS`] ids answered after the target or not at all,
    /// oldest first; null without a target.
    pub late_ids: Option<Vec<String>>,
}

/// Ids in a breach list.
pub const LATE_IDS: usize = 20;

/// The first-response buckets (docs/metrics.md `buckets`), in their order.
pub const BUCKETS: [&str; 7] = ["le_5m", "le_30m", "le_4h", "le_24h", "gt_24h", "unanswered", "invalid"];

/// The bucket of a delay: its index in [`BUCKETS`].
pub fn bucket(d: Delay) -> usize {
    match d {
        Delay::Answered(s) if s <= 300.0 => 0,
        Delay::Answered(s) if s <= 1800.0 => 1,
        Delay::Answered(s) if s <= 14_400.0 => 2,
        Delay::Answered(s) if s <= 86_400.0 => 3,
        Delay::Answered(_) => 4,
        Delay::Unanswered => 5,
        Delay::Invalid => 6,
    }
}

/// One value per first-response bucket, written as an object keyed by [`BUCKETS`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ByBucket<T>(pub [T; 7]);

impl<T: Serialize> Serialize for ByBucket<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(7))?;
        for (k, v) in BUCKETS.iter().zip(&self.0) {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// Late against a target: answered after it, or not at all while the target passed before the
/// conversation data ends at `data_end` (a chat opened a minute before the export is not late
/// yet); an implausible delay is neither.
pub fn late(d: Delay, target: f64, created: i64, data_end: i64) -> bool {
    match d {
        Delay::Answered(s) => s > target,
        Delay::Unanswered => created.saturating_add((target * 1000.0) as i64) <= data_end,
        Delay::Invalid => false,
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FirstResponse {
    pub simple: ResponseStats,
    pub revenue: ResponseStats,
    pub other: ResponseStats,
    pub unclassified: ResponseStats,
    pub all: ResponseStats,
}

/// How a delay is measured: on the wall clock, or counting business hours only; either way a
/// response before the conversation, or later than `max_ms` after it, is implausible (docs/trust.md).
pub struct Clock {
    pub hours: Option<Calendar>,
    pub max_ms: i64,
}

/// A conversation's first response, measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Delay {
    Answered(f64),
    Unanswered,
    Invalid,
}

impl Clock {
    /// The wall clock with the config's `report.max_response`.
    pub fn wall(cfg: &crate::config::Config) -> Clock {
        Clock { hours: None, max_ms: (cfg.report.max_response_s * 1000.0) as i64 }
    }

    pub fn delay(&self, c: &Conv) -> Delay {
        self.between(c.created, c.response_at.get())
    }

    /// From `from` to `to` (a first response, a resolution): none, implausible, or measured.
    pub fn between(&self, from: i64, to: Option<i64>) -> Delay {
        match to {
            None => Delay::Unanswered,
            Some(r) if r < from || r - from > self.max_ms => Delay::Invalid,
            Some(r) => Delay::Answered(match &self.hours {
                None => (r - from) as f64 / 1000.0,
                Some(cal) => cal.seconds_between(from, r),
            }),
        }
    }
}

pub fn target(t: &Targets, k: Option<ClassKey>) -> Option<f64> {
    match k {
        Some(ClassKey::Simple) => t.simple,
        Some(ClassKey::Revenue) => t.revenue,
        Some(ClassKey::Other) => t.other,
        Some(ClassKey::Unclassified) => t.unclassified,
        None => t.all,
    }
}

/// One population's delays: the answered ones (sorted, once complete), and the others counted.
#[derive(Debug, Default)]
struct Measured {
    answered: Vec<f64>,
    unanswered: u64,
    invalid: u64,
    buckets: [u64; 7],
    /// (created, id) of the conversations late against the population's target.
    late: Vec<(i64, Sym)>,
}

impl Measured {
    fn add(&mut self, d: Delay) {
        match d {
            Delay::Answered(s) => self.answered.push(s),
            Delay::Unanswered => self.unanswered += 1,
            Delay::Invalid => self.invalid += 1,
        }
        self.buckets[bucket(d)] += 1;
    }

    fn check(&mut self, d: Delay, target: Option<f64>, c: &Conv, data_end: i64) {
        if target.is_some_and(|t| late(d, t, c.created, data_end)) {
            self.late.push((c.created, c.id));
        }
    }

    /// The union of populations each sorted: their answered delays merged in order.
    fn union(parts: &[Measured]) -> Measured {
        let mut answered: Vec<f64> = Vec::new();
        for p in parts {
            answered = merge(&answered, &p.answered);
        }
        Measured {
            answered,
            unanswered: parts.iter().map(|p| p.unanswered).sum(),
            invalid: parts.iter().map(|p| p.invalid).sum(),
            buckets: std::array::from_fn(|i| parts.iter().map(|p| p.buckets[i]).sum()),
            late: Vec::new(),
        }
    }
}

/// Two ascending runs as one, in `total_cmp` order.
fn merge(a: &[f64], b: &[f64]) -> Vec<f64> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if b[j].total_cmp(&a[i]).is_lt() {
            out.push(b[j]);
            j += 1;
        } else {
            out.push(a[i]);
            i += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// The figures for one population (its answered delays sorted); `mapped = false` (no response
/// field) nulls them all.
fn stats(m: &mut Measured, target: Option<f64>, mapped: bool, names: &Interner) -> ResponseStats {
    let answered = &m.answered;
    let conversations = answered.len() as u64 + m.unanswered + m.invalid;
    if !mapped {
        return ResponseStats {
            conversations,
            answered: None,
            unanswered: None,
            invalid: None,
            median_s: None,
            p90_s: None,
            mean_s: None,
            within_target: None,
            buckets: None,
            late: None,
            late_ids: None,
        };
    }
    m.late.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| names.name(a.1).cmp(names.name(b.1))));
    let late_ids = target.map(|_| m.late.iter().take(LATE_IDS).map(|&(_, id)| names.name(id).to_string()).collect());
    ResponseStats {
        conversations,
        answered: Some(answered.len() as u64),
        unanswered: Some(m.unanswered),
        invalid: Some(m.invalid),
        median_s: quantile(answered, 0.5),
        p90_s: quantile(answered, 0.9),
        mean_s: mean(answered),
        within_target: target.and_then(|t| ratio(answered.iter().filter(|s| **s <= t).count() as f64, answered.len() as f64)),
        buckets: Some(ByBucket(m.buckets)),
        late: target.map(|_| m.late.len() as u64),
        late_ids,
    }
}

/// The first-response figures per class and for all, with the answered delays of each class
/// (sorted) that the distribution chart draws.
pub fn first_response(
    tax: &Taxonomy,
    convs: &[&Conv],
    targets: &Targets,
    mapped: bool,
    clock: &Clock,
    names: &Interner,
    data_end: i64,
) -> (FirstResponse, Delays) {
    // each conversation to its class in one pass; all of them: the classes merged (late
    // against the target of all, which is not the classes')
    let mut by: [Measured; 4] = Default::default();
    let mut all_late = Measured::default();
    let class_target = ClassKey::ALL.map(|k| target(targets, Some(k)));
    let all_target = target(targets, None);
    for c in convs {
        let (k, d) = (ClassKey::of(tax, c) as usize, clock.delay(c));
        by[k].add(d);
        by[k].check(d, class_target[k], c, data_end);
        all_late.check(d, all_target, c, data_end);
    }
    for m in &mut by {
        stats::sort(&mut m.answered);
    }
    let mut all = Measured::union(&by);
    all.late = all_late.late;
    let [mut simple, mut revenue, mut other, mut unclassified] = by;
    let of = |m: &mut Measured, k: ClassKey| stats(m, class_target[k as usize], mapped, names);
    let figures = FirstResponse {
        simple: of(&mut simple, ClassKey::Simple),
        revenue: of(&mut revenue, ClassKey::Revenue),
        other: of(&mut other, ClassKey::Other),
        unclassified: of(&mut unclassified, ClassKey::Unclassified),
        all: stats(&mut all, all_target, mapped, names),
    };
    let by = [simple, revenue, other, unclassified];
    (figures, Delays(ClassKey::ALL.into_iter().zip(by.map(|m| m.answered)).collect()))
}

/// Answered delays per class, sorted, for the distribution chart.
#[derive(Debug, Clone, Default)]
pub struct Delays(pub Vec<(ClassKey, Vec<f64>)>);

/// Business hours in a zone: which local days count and the open window of each.
pub struct Calendar {
    hours: BusinessHours,
    tz: Tz,
}

/// Longest span walked day by day (ten years); longer answers count their first ten years.
const MAX_DAYS: i64 = 3660;

impl Calendar {
    pub fn new(hours: &BusinessHours, tz: Tz) -> Calendar {
        Calendar { hours: hours.clone(), tz }
    }

    fn open_on(&self, d: NaiveDate) -> bool {
        self.hours.days.contains(&d.weekday()) && self.hours.holidays.binary_search(&d).is_err()
    }

    /// Seconds of business time in `[from, to)` (UTC milliseconds).
    pub fn seconds_between(&self, from: i64, to: i64) -> f64 {
        if to <= from {
            return 0.0;
        }
        let mut day = local_date(self.tz, from);
        let last = local_date(self.tz, to);
        let mut total_ms: i64 = 0;
        let mut n = 0;
        while day <= last && n < MAX_DAYS {
            if self.open_on(day) {
                let open = crate::period::local_to_utc_ms(self.tz, day.and_time(self.hours.start));
                let close = crate::period::local_to_utc_ms(self.tz, day.and_time(self.hours.end));
                let (a, b) = (open.max(from), close.min(to));
                if b > a {
                    total_ms += b - a;
                }
            }
            day = day.succ_opt().unwrap_or(day);
            n += 1;
        }
        total_ms as f64 / 1000.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::testkit::{answered, conv, names, taxonomy};
    use chrono::{NaiveTime, TimeZone, Weekday};
    use chrono_tz::Asia::Seoul;

    fn kst(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
        Seoul.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap().timestamp_millis()
    }

    fn hours(holidays: &[&str]) -> Calendar {
        Calendar::new(
            &BusinessHours {
                days: vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri],
                start: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
                end: NaiveTime::from_hms_opt(19, 0, 0).unwrap(),
                holidays: holidays.iter().map(|h| NaiveDate::parse_from_str(h, "%Y-%m-%d").unwrap()).collect(),
            },
            Seoul,
        )
    }

    #[test]
    fn friday_evening_to_monday_morning_is_fifteen_minutes() {
        // Friday 2026-11-13 18:50 → Monday 2026-11-16 10:05: 10 min Friday + 5 min Monday
        let cal = hours(&[]);
        assert_eq!(cal.seconds_between(kst(2026, 11, 13, 18, 50), kst(2026, 11, 16, 10, 5)), 900.0);
    }

    #[test]
    fn holidays_overnight_and_before_opening() {
        let cal = hours(&["2026-11-16"]);
        // the Monday is a holiday: Friday 10 min + Tuesday 5 min
        assert_eq!(cal.seconds_between(kst(2026, 11, 13, 18, 50), kst(2026, 11, 17, 10, 5)), 900.0);
        // overnight on weekdays: Tue 18:00 → Wed 11:00 = 1 h + 1 h
        assert_eq!(hours(&[]).seconds_between(kst(2026, 11, 17, 18, 0), kst(2026, 11, 18, 11, 0)), 7200.0);
        // asked and answered before opening: no business time
        assert_eq!(hours(&[]).seconds_between(kst(2026, 11, 17, 7, 0), kst(2026, 11, 17, 9, 30)), 0.0);
        // asked before opening, answered after: from 10:00
        assert_eq!(hours(&[]).seconds_between(kst(2026, 11, 17, 7, 0), kst(2026, 11, 17, 10, 30)), 1800.0);
        // all weekend
        assert_eq!(hours(&[]).seconds_between(kst(2026, 11, 14, 12, 0), kst(2026, 11, 15, 12, 0)), 0.0);
    }

    #[test]
    fn per_class_stats_by_hand() {
        let tax = taxonomy();
        let deliv = tax.tag_index("delivery.after").unwrap() as u16;
        let size = tax.tag_index("size").unwrap() as u16;
        let cs = [
            answered(1, Some(deliv), 60),
            answered(2, Some(deliv), 120),
            answered(3, Some(deliv), 3000),
            conv(4, Some(deliv)),         // unanswered
            answered(5, Some(deliv), -5), // invalid
            answered(6, Some(size), 30),
            answered(7, Some(size), 90),
            answered(8, None, 10),
        ];
        let refs: Vec<&Conv> = cs.iter().collect();
        let targets = Targets { simple: Some(1800.0), revenue: Some(60.0), ..Default::default() };
        let (fr, _) = first_response(&tax, &refs, &targets, true, &Clock { hours: None, max_ms: i64::MAX }, &names(), i64::MAX);
        let s = &fr.simple;
        assert_eq!((s.conversations, s.answered, s.unanswered, s.invalid), (5, Some(3), Some(1), Some(1)));
        assert_eq!(s.median_s, Some(120.0));
        // p90 of [60, 120, 3000]: pos 1.8 → 120 + 0.8·2880 = 2424
        assert!((s.p90_s.unwrap() - 2424.0).abs() < 1e-9);
        assert_eq!(s.mean_s, Some(1060.0));
        assert!((s.within_target.unwrap() - 2.0 / 3.0).abs() < 1e-12);
        let r = &fr.revenue;
        assert_eq!(r.median_s, Some(60.0));
        assert_eq!(r.within_target, Some(0.5));
        assert_eq!(fr.unclassified.answered, Some(1));
        assert_eq!(fr.unclassified.within_target, None);
        assert_eq!(fr.other.conversations, 0);
        assert_eq!(fr.other.median_s, None);
        assert_eq!(fr.all.conversations, 8);
        assert_eq!(fr.all.answered, Some(6));
        // [10, 30, 60, 90, 120, 3000]: median 75
        assert_eq!(fr.all.median_s, Some(75.0));
        // buckets add up to the conversations: 60 s, 120 s ≤ 5 min; 3000 s ≤ 4 h; one unanswered, one invalid
        assert_eq!(s.buckets, Some(ByBucket([2, 0, 1, 0, 0, 1, 1])));
        assert_eq!(fr.all.buckets.as_ref().unwrap().0.iter().sum::<u64>(), 8);
        // late against 30 min: the 3000 s answer and the unanswered, oldest first; never the invalid
        assert_eq!(s.late_ids, Some(vec!["c003".to_string(), "c004".to_string()]));
        assert_eq!(s.late, Some(2));
        // unanswered, but the data ends before its 30 minutes have passed: not late yet
        let young =
            first_response(&tax, &refs, &targets, true, &Clock { hours: None, max_ms: i64::MAX }, &names(), 4000 + 1_799_000).0;
        assert_eq!(young.simple.late_ids, Some(vec!["c003".to_string()]));
        let due =
            first_response(&tax, &refs, &targets, true, &Clock { hours: None, max_ms: i64::MAX }, &names(), 4000 + 1_800_000).0;
        assert_eq!(due.simple.late, Some(2));
        // against 1 min: the 90 s answer only
        assert_eq!(r.late_ids, Some(vec!["c007".to_string()]));
        // no target, no list
        assert_eq!((fr.unclassified.late_ids.as_ref(), fr.all.late_ids.as_ref()), (None, None));
        assert_eq!(bucket(Delay::Answered(300.0)), 0);
        assert_eq!(bucket(Delay::Answered(300.5)), 1);
        assert_eq!(bucket(Delay::Answered(86_400.0)), 3);
        assert_eq!(bucket(Delay::Answered(86_401.0)), 4);
        // unmapped: counts of conversations only
        let (fr, _) = first_response(&tax, &refs, &targets, false, &Clock { hours: None, max_ms: i64::MAX }, &names(), i64::MAX);
        assert_eq!(fr.all.conversations, 8);
        assert_eq!((fr.all.answered, fr.all.median_s, fr.all.within_target), (None, None, None));
    }
}
