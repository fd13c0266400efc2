//! Which rows a run uses and which it keeps beside them.

use crate::period::Period;

#[derive(Debug, Clone)]
pub struct Scope {
    pub period: Option<Period>,
    pub keep_from: i64,
    pub keep_to: i64,
    /// Sale lines are kept up to here (at least `keep_to`): the conversion window runs past the
    /// period's end (docs/metrics.md `conversion`).
    pub keep_sales_to: i64,
}

impl Scope {
    pub fn all() -> Scope {
        Scope { period: None, keep_from: i64::MIN, keep_to: i64::MAX, keep_sales_to: i64::MAX }
    }

    /// The period plus, before it, the previous period and `baseline_days` of history.
    pub fn around(period: &Period, previous: Option<&Period>, baseline_days: u32) -> Scope {
        let mut from = period.start_ms() - baseline_days as i64 * 86_400_000;
        if let Some(p) = previous {
            from = from.min(p.start_ms());
        }
        Scope { period: Some(period.clone()), keep_from: from, keep_to: period.end_ms(), keep_sales_to: period.end_ms() }
    }

    /// Exactly the period.
    pub fn only(period: &Period) -> Scope {
        Scope {
            period: Some(period.clone()),
            keep_from: period.start_ms(),
            keep_to: period.end_ms(),
            keep_sales_to: period.end_ms(),
        }
    }

    pub fn in_period(&self, t: i64) -> bool {
        self.period.as_ref().is_none_or(|p| p.contains_ms(t))
    }
    pub fn keeps(&self, t: i64) -> bool {
        t >= self.keep_from && t < self.keep_to
    }
    pub fn keeps_sale(&self, t: i64) -> bool {
        t >= self.keep_from && t < self.keep_to.max(self.keep_sales_to)
    }
}
