//! The trend (docs/metrics.md `trend[]`): the current period and the `report.trend_periods − 1`
//! periods before it, of the same kind, oldest first — each figure computed exactly as that
//! period's own report computes it, and `covered` false where the data does not span it.

use serde::Serialize;
use serde::ser::SerializeMap;

use super::stats::Num;
use super::{Ctx, alerts, response, sales, stats};
use crate::period::Period;

#[derive(Debug, Clone, Serialize)]
pub struct Point {
    pub id: String,
    pub start: String,
    pub end: String,
    pub covered: bool,
    pub inquiries: u64,
    pub revenue: Option<Num>,
    pub orders: Option<u64>,
    pub per_revenue_unit: Option<f64>,
    pub per_100_orders: Option<f64>,
    pub unclassified: u64,
    pub first_response_median_s: Medians,
    pub csat_mean: Option<f64>,
    /// Every level-1 tag (taxonomy order) with its count, zeros included.
    pub tags: LevelOne,
}

#[derive(Debug, Clone, Serialize)]
pub struct Medians {
    pub simple: Option<f64>,
    pub revenue: Option<f64>,
}

/// Level-1 tag id → count, in taxonomy order.
#[derive(Debug, Clone)]
pub struct LevelOne(pub Vec<(String, u64)>);

impl Serialize for LevelOne {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// The trend's periods, oldest first, the current one last.
pub fn periods(current: &Period, n: usize) -> Vec<Period> {
    let mut out = vec![current.clone()];
    while out.len() < n.max(1) {
        let p = out.last().map(Period::previous).expect("one period");
        out.push(p);
    }
    out.reverse();
    out
}

/// What one pass over the rows gathers for one trend period.
#[derive(Default)]
struct Acc {
    inquiries: u64,
    unclassified: u64,
    rollup: Vec<u64>,
    simple: Vec<f64>,
    revenue_class: Vec<f64>,
    csat: Vec<f64>,
    revenue: f64,
    units: f64,
    orders: Vec<crate::model::Sym>,
}

/// One pass over the conversations and the order lines, each row to its trend period (the
/// periods are contiguous): the same figures as each period's own report, without a slice of
/// every row per period.
pub fn trend(cx: &Ctx, current: &Period, inputs: &[(crate::model::InputKind, crate::model::Accounting)]) -> Vec<Point> {
    let mapped = &cx.tagged.mapped;
    let ps = periods(current, cx.cfg.report.trend_periods);
    let starts: Vec<i64> = ps.iter().map(Period::start_ms).collect();
    let end = current.end_ms();
    let at = |t: i64| -> Option<usize> { (t >= starts[0] && t < end).then(|| starts.partition_point(|s| *s <= t) - 1) };
    let new = || -> Vec<Acc> { ps.iter().map(|_| Acc { rollup: vec![0; cx.tax.tags.len()], ..Acc::default() }).collect() };
    // the conversations on one core, the order lines on the other
    let (mut acc, lines) = rayon::join(|| convs(cx, new(), &at), || lines(cx, new(), &at));
    for (a, l) in acc.iter_mut().zip(lines) {
        (a.revenue, a.units, a.orders) = (l.revenue, l.units, l.orders);
    }
    let orders = sales::distinct(&acc.iter_mut().map(|a| std::mem::take(&mut a.orders)).collect::<Vec<_>>());
    ps.iter()
        .zip(acc)
        .zip(orders)
        .map(|((p, mut a), orders)| {
            let sales = sales::SalesMetrics {
                revenue: mapped.sales.then_some(Num(a.revenue)),
                orders: (mapped.sales && mapped.orders).then_some(orders),
                units: mapped.sales.then_some(Num(a.units)),
            };
            let inquiries = sales::inquiries(a.inquiries, &sales, cx.cfg.revenue_unit);
            let median = |v: &mut Vec<f64>| if mapped.first_response { stats::median(v) } else { None };
            let level_one = cx.tax.tags.iter().zip(&a.rollup).filter(|(t, _)| t.level == 1).map(|(t, n)| (t.id.clone(), *n));
            Point {
                id: p.id.clone(),
                start: p.start.to_string(),
                end: p.end.to_string(),
                covered: alerts::data_span(inputs, p, cx.cfg.timezone).is_empty(),
                inquiries: inquiries.total,
                revenue: sales.revenue,
                orders: sales.orders,
                per_revenue_unit: inquiries.per_revenue_unit,
                per_100_orders: inquiries.per_100_orders,
                unclassified: a.unclassified,
                first_response_median_s: Medians { simple: median(&mut a.simple), revenue: median(&mut a.revenue_class) },
                csat_mean: if mapped.csat { stats::mean(&a.csat) } else { None },
                tags: LevelOne(level_one.collect()),
            }
        })
        .collect()
}

/// The conversations' part of each period's [`Acc`].
fn convs(cx: &Ctx, mut acc: Vec<Acc>, at: &impl Fn(i64) -> Option<usize>) -> Vec<Acc> {
    let clock = &cx.clock;
    for c in &cx.tagged.convs {
        let Some(i) = at(c.created) else { continue };
        let a = &mut acc[i];
        a.inquiries += 1;
        match c.tag {
            Some(t) => {
                for x in cx.tax.lineage(t as usize) {
                    a.rollup[x] += 1;
                }
            }
            None if !c.no_text() => a.unclassified += 1,
            None => {}
        }
        if let response::Delay::Answered(d) = clock.delay(c) {
            match super::ClassKey::of(cx.tax, c) {
                super::ClassKey::Simple => a.simple.push(d),
                super::ClassKey::Revenue => a.revenue_class.push(d),
                _ => {}
            }
        }
        if let Some(v) = c.csat.get() {
            a.csat.push(v as f64);
        }
    }
    acc
}

/// The order lines' part of each period's [`Acc`] (revenue, units, orders).
fn lines(cx: &Ctx, mut acc: Vec<Acc>, at: &impl Fn(i64) -> Option<usize>) -> Vec<Acc> {
    for l in &cx.tagged.sales.lines {
        let Some(i) = at(l.date) else { continue };
        let a = &mut acc[i];
        a.revenue += l.revenue;
        a.units += l.quantity;
        if let Some(o) = l.order {
            a.orders.push(o);
        }
    }
    acc
}
