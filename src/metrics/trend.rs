//! The trend (docs/metrics.md `trend[]`): the current period and the `report.trend_periods − 1`
//! periods before it, of the same kind, oldest first — each figure computed exactly as that
//! period's own report computes it, and `covered` false where the data does not span it.

use serde::Serialize;
use serde::ser::SerializeMap;

use super::stats::Num;
use super::{Ctx, Slice, alerts, response, sales, satisfaction, tags};
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

pub fn trend(cx: &Ctx, current: &Period, inputs: &[(crate::model::InputKind, crate::model::Accounting)]) -> Vec<Point> {
    let mapped = &cx.tagged.mapped;
    let clock = response::Clock::wall(cx.cfg);
    periods(current, cx.cfg.report.trend_periods)
        .iter()
        .map(|p| {
            let s = Slice::of(cx.tagged, p);
            let sales = sales::sales(&s.lines, mapped.sales, mapped.orders);
            let inquiries = sales::inquiries(s.convs.len() as u64, &sales, cx.cfg.revenue_unit);
            let fr = response::first_response(cx.tax, &s.convs, &cx.cfg.report.targets, mapped.first_response, &clock);
            let counts = tags::rollup(cx.tax, &s.convs);
            let level_one = cx.tax.tags.iter().zip(&counts).filter(|(t, _)| t.level == 1).map(|(t, n)| (t.id.clone(), *n));
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
                unclassified: tags::unclassified(&s.convs),
                first_response_median_s: Medians { simple: fr.simple.median_s, revenue: fr.revenue.median_s },
                csat_mean: satisfaction::satisfaction(&s.convs, mapped, None).csat.and_then(|c| c.mean),
                tags: LevelOne(level_one.collect()),
            }
        })
        .collect()
}
