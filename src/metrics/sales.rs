//! 매출 현황 and 매출 대비 문의: revenue, orders, units; inquiries per revenue unit and per 100
//! orders.

use serde::Serialize;

use super::stats::{Num, ratio};
use crate::model::{SaleLine, Sym};

#[derive(Debug, Clone, Serialize)]
pub struct SalesMetrics {
    /// Sum of line revenue; null without a sales input.
    pub revenue: Option<Num>,
    /// Distinct order ids; null without sales or without `order_id`.
    pub orders: Option<u64>,
    /// Sum of quantity (1 per line when quantity is not mapped).
    pub units: Option<Num>,
}

/// How many distinct symbols (orders) each group holds: a bit per symbol, one bitmap for every
/// group (cleared after each), not a hash set (at 10M conversations a period holds millions of
/// order lines).
pub fn distinct(groups: &[Vec<Sym>]) -> Vec<u64> {
    let mut seen = Vec::<u64>::new();
    groups
        .iter()
        .map(|g| {
            let mut n = 0;
            for &k in g {
                let (word, bit) = (k as usize / 64, 1u64 << (k % 64));
                if word >= seen.len() {
                    seen.resize(word + 1, 0);
                }
                n += u64::from(seen[word] & bit == 0);
                seen[word] |= bit;
            }
            for &k in g {
                seen[k as usize / 64] = 0;
            }
            n
        })
        .collect()
}

pub fn sales(lines: &[&SaleLine], has_sales: bool, has_orders: bool) -> SalesMetrics {
    if !has_sales {
        return SalesMetrics { revenue: None, orders: None, units: None };
    }
    let revenue: f64 = lines.iter().map(|l| l.revenue).sum();
    let units: f64 = lines.iter().map(|l| l.quantity).sum();
    let orders = has_orders.then(|| distinct(&[lines.iter().filter_map(|l| l.order).collect()])[0]);
    SalesMetrics { revenue: Some(Num(revenue)), orders, units: Some(Num(units)) }
}

#[derive(Debug, Clone, Serialize)]
pub struct Inquiries {
    /// Conversations created in the period.
    pub total: u64,
    /// `total / (revenue / revenue_unit)`; null when revenue is 0 or unknown.
    pub per_revenue_unit: Option<f64>,
    /// `100 * total / orders` (contact rate); null when orders is 0 or unknown.
    pub per_100_orders: Option<f64>,
}

pub fn inquiries(total: u64, sales: &SalesMetrics, revenue_unit: f64) -> Inquiries {
    let t = total as f64;
    Inquiries {
        total,
        per_revenue_unit: sales.revenue.and_then(|r| ratio(t, r.0 / revenue_unit)),
        per_100_orders: sales.orders.and_then(|o| ratio(100.0 * t, o as f64)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(order: u32, qty: f64, rev: f64) -> SaleLine {
        SaleLine { date: 0, order: Some(order), product: None, category: None, quantity: qty, revenue: rev, customer: None }
    }

    #[test]
    fn sums_and_distinct_orders() {
        let ls = [line(1, 2.0, 30000.0), line(1, 1.0, 15000.0), line(2, 1.0, 55000.0)];
        let refs: Vec<&SaleLine> = ls.iter().collect();
        let s = sales(&refs, true, true);
        assert_eq!(s.revenue, Some(Num(100000.0)));
        assert_eq!(s.orders, Some(2));
        assert_eq!(s.units, Some(Num(4.0)));
        // 50 inquiries on 100,000 KRW with a unit of 10,000 → 5 per unit; per 100 orders: 2500
        let i = inquiries(50, &s, 10000.0);
        assert_eq!(i.per_revenue_unit, Some(5.0));
        assert_eq!(i.per_100_orders, Some(2500.0));
    }

    #[test]
    fn unknown_and_zero_are_null() {
        let s = sales(&[], false, false);
        assert_eq!((s.revenue, s.orders, s.units), (None, None, None));
        let i = inquiries(3, &s, 1e6);
        assert_eq!((i.per_revenue_unit, i.per_100_orders), (None, None));
        let s = sales(&[], true, true);
        assert_eq!(s.revenue, Some(Num(0.0)));
        assert_eq!(s.orders, Some(0));
        let i = inquiries(3, &s, 1e6);
        assert_eq!((i.per_revenue_unit, i.per_100_orders), (None, None));
    }
}
