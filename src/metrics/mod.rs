//! Metrics (docs/metrics.md): every number of the CS report, each defined once, in one function,
//! over one stated population. [`compute`] runs them for the period and for the previous
//! period and assembles the JSON document of docs/outputs.md.
//!
//! Populations: conversations whose `created_at` falls in the period; sale lines and returns
//! by their own date.

pub mod alerts;
pub mod automation;
pub mod bot;
pub mod breakdown;
pub mod conversion;
pub mod coverage;
pub mod customers;
pub mod desk;
pub mod eval;
pub mod heatmap;
pub mod learn;
pub mod products;
pub mod quality;
pub mod response;
pub mod review;
pub mod risks;
pub mod sales;
pub mod satisfaction;
pub mod stats;
pub mod tags;
pub mod trend;
pub mod voices;

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::Config;
use crate::model::{Conv, Dataset, InputKind};
use crate::model::{Interner, ReturnLine, SaleLine, Sym};
use crate::period::{Period, PeriodJson};
use crate::taxonomy::{Class, Taxonomy};
pub use stats::Num;

pub const SCHEMA: &str = "voc.metrics/1";

/// The class a conversation counts under: its primary tag's, or unclassified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, strum::IntoStaticStr)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum ClassKey {
    Simple,
    Revenue,
    Other,
    Unclassified,
}

impl ClassKey {
    pub const ALL: [ClassKey; 4] = [ClassKey::Simple, ClassKey::Revenue, ClassKey::Other, ClassKey::Unclassified];

    pub fn of(tax: &Taxonomy, c: &Conv) -> ClassKey {
        match c.tag.map(|t| tax.tags[t as usize].class) {
            Some(Class::Simple) => ClassKey::Simple,
            Some(Class::Revenue) => ClassKey::Revenue,
            Some(Class::Other) => ClassKey::Other,
            None => ClassKey::Unclassified,
        }
    }

    pub fn name(self) -> &'static str {
        self.into()
    }
}

/// Everything a metric may look at, besides the period's rows.
pub struct Ctx<'a> {
    pub cfg: &'a Config,
    pub tax: &'a Taxonomy,
    pub tagged: &'a Dataset,
    /// The wall clock with the config's `report.max_response` (every wall-clock delay).
    pub clock: response::Clock,
    /// The latest conversation of the data read (UTC ms; `i64::MAX` when unknown): an
    /// unanswered conversation is late only once its target passed before it.
    pub data_end: i64,
}

impl Ctx<'_> {
    pub fn name(&self, k: Sym) -> &str {
        self.tagged.interner.name(k)
    }
    pub fn interner(&self) -> &Interner {
        &self.tagged.interner
    }

    /// The business-hours clock (with the same `max_response`), when business hours are set.
    pub fn business_clock(&self) -> Option<response::Clock> {
        self.cfg
            .report
            .business_hours
            .as_ref()
            .map(|bh| response::Clock { hours: Some(response::Calendar::new(bh, self.cfg.timezone)), max_ms: self.clock.max_ms })
    }
}

/// One period's rows.
pub struct Slice<'a> {
    pub period: &'a Period,
    pub convs: Vec<&'a Conv>,
    pub lines: Vec<&'a SaleLine>,
    pub returns: Vec<&'a ReturnLine>,
}

impl<'a> Slice<'a> {
    pub fn of(tagged: &'a Dataset, period: &'a Period) -> Slice<'a> {
        let (from, to) = (period.start_ms(), period.end_ms());
        let inside = |t: i64| t >= from && t < to;
        Slice {
            period,
            convs: tagged.convs.iter().filter(|c| inside(c.created)).collect(),
            lines: tagged.sales.lines.iter().filter(|l| inside(l.date)).collect(),
            returns: tagged.sales.returns.iter().filter(|r| inside(r.date)).collect(),
        }
    }
}

/// The metrics of one period (the current one, or the previous one under `previous`).
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub sales: sales::SalesMetrics,
    pub inquiries: sales::Inquiries,
    pub tags: Vec<tags::TagCount>,
    pub product_groups: Vec<products::ProductGroup>,
    pub top_products: Vec<products::TopProduct>,
    pub risks: Vec<risks::RiskCount>,
    pub first_response: response::FirstResponse,
    /// Null unless `report.business_hours` is configured.
    pub first_response_business: Option<response::FirstResponse>,
    pub channels: Option<Vec<breakdown::Breakdown>>,
    pub segments: Option<Vec<breakdown::Breakdown>>,
    pub customers: Option<customers::Customers>,
    pub satisfaction: satisfaction::Satisfaction,
    pub automation: Vec<automation::Automation>,
}

/// Relative change of the headline numbers against the previous period.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub revenue: Option<f64>,
    pub orders: Option<f64>,
    pub units: Option<f64>,
    pub inquiries: Option<f64>,
    pub per_revenue_unit: Option<f64>,
    pub per_100_orders: Option<f64>,
    pub first_response_median_s: Option<f64>,
    pub csat_mean: Option<f64>,
    pub ces_mean: Option<f64>,
    /// Per tag (taxonomy order): the relative change of its count (the report's tag table).
    #[serde(skip)]
    pub tags: Vec<Option<f64>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Previous {
    pub period: PeriodJson,
    #[serde(flatten)]
    pub section: Section,
    /// Null when the data does not cover the previous period or the current one (docs/trust.md):
    /// no −51% from a half-empty month.
    pub change: Option<Change>,
}

/// One day of the period: inquiries against sales (the first chart of the report).
#[derive(Debug, Clone, Serialize)]
pub struct Day {
    pub date: String,
    pub inquiries: u64,
    pub revenue: Option<Num>,
    pub orders: Option<u64>,
}

/// The helpdesk figures of the period (docs/metrics.md), each null when its field is unmapped.
#[derive(Debug, Clone, Serialize)]
pub struct Desk {
    pub resolution: Option<desk::Resolution>,
    /// Null unless `report.business_hours` is configured too.
    pub resolution_business: Option<desk::Resolution>,
    pub one_touch_share: Option<f64>,
    pub reopen_share: Option<f64>,
    pub backlog: Option<desk::Backlog>,
    pub agents: Option<Vec<desk::Agent>>,
    pub cost: Option<desk::Cost>,
}

impl Desk {
    fn of(cx: &Ctx, s: &Slice) -> Desk {
        let (tax, mapped) = (cx.tax, &cx.tagged.mapped);
        let business = cx.business_clock();
        Desk {
            resolution: desk::resolution(tax, &s.convs, &cx.clock, mapped),
            resolution_business: business.as_ref().and_then(|clock| desk::resolution(tax, &s.convs, clock, mapped)),
            one_touch_share: desk::one_touch_share(&s.convs, &cx.clock, mapped),
            reopen_share: desk::reopen_share(&s.convs, &cx.clock, mapped),
            backlog: desk::backlog(tax, &cx.tagged.convs, s.period.end_ms(), mapped),
            agents: desk::agents(&s.convs, &cx.clock, mapped, cx.interner()),
            cost: desk::cost(tax, &s.convs, cx.cfg.report.handle_minutes, cx.cfg.report.agent_hourly_cost),
        }
    }
}

/// The whole `<id>.json` document, keys in the order of docs/outputs.md (`daily` added last).
#[derive(Debug, Clone, Serialize)]
pub struct Metrics {
    pub schema: &'static str,
    pub period: PeriodJson,
    pub data_quality: quality::DataQuality,
    #[serde(flatten)]
    pub current: Section,
    pub tag_review: Option<review::TagReview>,
    pub trend: Vec<trend::Point>,
    pub heatmap: heatmap::Heatmap,
    pub voices: Vec<voices::Voice>,
    #[serde(flatten)]
    pub desk: Desk,
    /// Did the answer sell: null unless conversations and sales map `customer_id`.
    pub conversion: Option<conversion::Conversion>,
    /// What the bot already answers: null unless bot involvement is known.
    pub bot: Option<bot::Bot>,
    pub alerts: Vec<alerts::Alert>,
    pub previous: Option<Previous>,
    pub daily: Vec<Day>,
    /// Chart data not written to JSON: first-response delays per class.
    #[serde(skip)]
    pub response_delays: response::Delays,
}

impl Metrics {
    /// The data-quality gates that failed (docs/trust.md).
    pub fn failed_gates(&self) -> Vec<&alerts::Alert> {
        self.alerts.iter().filter(|a| a.is_gate()).collect()
    }
}

/// All metrics of one period, and its answered delays per class (wall clock) for the chart.
pub fn section(cx: &Ctx, s: &Slice) -> (Section, response::Delays) {
    let mapped = &cx.tagged.mapped;
    let first_response = |clock: &response::Clock| {
        response::first_response(
            cx.tax,
            &s.convs,
            &cx.cfg.report.targets,
            mapped.first_response,
            clock,
            cx.interner(),
            cx.data_end,
        )
    };
    let breakdown = |on: bool, name: &'static str, key: fn(&Conv) -> Option<Sym>| {
        on.then(|| breakdown::breakdown(name, &s.convs, key, cx.interner(), mapped.first_response, &cx.clock))
    };
    // independent metrics over the same rows, each into its own slot, on every core
    let (mut tags, mut product_groups, mut top_products, mut risks) = (None, None, None, None);
    let (mut wall, mut business, mut channels, mut segments, mut customers) = (None, None, None, None, None);
    rayon::scope(|sc| {
        sc.spawn(|_| tags = Some(tags::tags(cx.tax, &s.convs)));
        sc.spawn(|_| product_groups = Some(products::product_groups(cx, s)));
        sc.spawn(|_| top_products = Some(products::top_products(cx, s)));
        sc.spawn(|_| risks = Some(risks::risks(cx.tax, &s.convs, cx.interner())));
        sc.spawn(|_| wall = Some(first_response(&cx.clock)));
        sc.spawn(|_| business = Some(cx.business_clock().map(|clock| first_response(&clock).0)));
        sc.spawn(|_| channels = Some(breakdown(mapped.channel, "channel", |c| c.channel.get())));
        sc.spawn(|_| segments = Some(breakdown(mapped.segment, "segment", |c| c.segment.get())));
        sc.spawn(|_| customers = Some(mapped.customer.then(|| customers::customers(cx.tax, &s.convs))));
    });
    let (wall, delays) = done(wall);
    let sales = sales::sales(&s.lines, mapped.sales, mapped.orders);
    let section = Section {
        inquiries: sales::inquiries(s.convs.len() as u64, &sales, cx.cfg.revenue_unit),
        tags: done(tags),
        product_groups: done(product_groups),
        top_products: done(top_products),
        risks: done(risks),
        first_response: wall,
        first_response_business: done(business),
        channels: done(channels),
        segments: done(segments),
        customers: done(customers),
        satisfaction: satisfaction::satisfaction(cx.tax, &s.convs, mapped, cx.cfg.report.ces_target),
        automation: automation::automation(cx.tax, &s.convs, &cx.cfg.report),
        sales,
    };
    (section, delays)
}

/// A metric computed in a `rayon::scope` above: every slot is filled when the scope ends.
fn done<T>(slot: Option<T>) -> T {
    slot.expect("every metric of the scope has run")
}

fn change(cur: &Section, prev: &Section) -> Change {
    let num = |n: Option<Num>| n.map(|n| n.0);
    let u = |n: Option<u64>| n.map(|n| n as f64);
    Change {
        revenue: stats::change(num(cur.sales.revenue), num(prev.sales.revenue)),
        orders: stats::change(u(cur.sales.orders), u(prev.sales.orders)),
        units: stats::change(num(cur.sales.units), num(prev.sales.units)),
        inquiries: stats::change(Some(cur.inquiries.total as f64), Some(prev.inquiries.total as f64)),
        per_revenue_unit: stats::change(cur.inquiries.per_revenue_unit, prev.inquiries.per_revenue_unit),
        per_100_orders: stats::change(cur.inquiries.per_100_orders, prev.inquiries.per_100_orders),
        first_response_median_s: stats::change(cur.first_response.all.median_s, prev.first_response.all.median_s),
        csat_mean: stats::change(
            cur.satisfaction.csat.as_ref().and_then(|c| c.mean),
            prev.satisfaction.csat.as_ref().and_then(|c| c.mean),
        ),
        ces_mean: stats::change(
            cur.satisfaction.ces.as_ref().and_then(|c| c.mean),
            prev.satisfaction.ces.as_ref().and_then(|c| c.mean),
        ),
        tags: cur.tags.iter().zip(&prev.tags).map(|(c, p)| stats::change(Some(c.count as f64), Some(p.count as f64))).collect(),
    }
}

/// Local day boundaries of a run of days, for bucketing instants by local date.
pub struct Days {
    pub first: NaiveDate,
    starts: Vec<i64>,
}

impl Days {
    pub fn new(first: NaiveDate, n: usize, tz: chrono_tz::Tz) -> Days {
        let starts = first.iter_days().take(n + 1).map(|d| Period::midnight_ms(tz, d)).collect();
        Days { first, starts }
    }
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The day index of an instant, if inside.
    pub fn index(&self, t: i64) -> Option<usize> {
        if t < self.starts[0] || t >= *self.starts.last().expect("n+1 bounds") {
            return None;
        }
        Some(self.starts.partition_point(|&s| s <= t) - 1)
    }
    pub fn date(&self, i: usize) -> NaiveDate {
        self.first + chrono::Duration::days(i as i64)
    }
}

/// Inquiries, revenue and orders per local day of the period.
pub fn daily(cx: &Ctx, s: &Slice) -> Vec<Day> {
    let days = Days::new(s.period.start, s.period.days() as usize, cx.cfg.timezone);
    let mut inq = vec![0u64; days.len()];
    let mut rev = vec![0f64; days.len()];
    let mut orders: Vec<Vec<Sym>> = vec![Vec::new(); days.len()];
    for c in &s.convs {
        if let Some(i) = days.index(c.created) {
            inq[i] += 1;
        }
    }
    for l in &s.lines {
        if let Some(i) = days.index(l.date) {
            rev[i] += l.revenue;
            if let Some(o) = l.order {
                orders[i].push(o);
            }
        }
    }
    let orders = sales::distinct(&orders);
    let mapped = &cx.tagged.mapped;
    (0..days.len())
        .map(|i| Day {
            date: days.date(i).format("%Y-%m-%d").to_string(),
            inquiries: inq[i],
            revenue: mapped.sales.then_some(Num(rev[i])),
            orders: (mapped.sales && mapped.orders).then_some(orders[i]),
        })
        .collect()
}

/// The report's numbers for `period`, with the previous period when given.
pub fn compute(cfg: &Config, tax: &Taxonomy, tagged: &Dataset, period: &Period, previous: Option<&Period>) -> Metrics {
    let data_end = tagged
        .accounting
        .iter()
        .filter(|(k, _)| matches!(k, InputKind::Conversations | InputKind::Messages))
        .filter_map(|(_, a)| a.span.map(|s| s.1))
        .max()
        .unwrap_or(i64::MAX);
    let cx = Ctx { cfg, tax, tagged, clock: response::Clock::wall(cfg), data_end };
    let cur = Slice::of(tagged, period);
    let prev = previous.map(|p| (p, Slice::of(tagged, p)));
    // every figure that needs only the rows at once, each into its own slot, on every core;
    // then what builds on them
    let (mut current, mut previous, mut daily, mut data_quality) = (None, None, None, None);
    let (mut heatmap, mut desk, mut tag_review, mut trend, mut conversion) = (None, None, None, None, None);
    rayon::scope(|sc| {
        sc.spawn(|_| current = Some(section(&cx, &cur)));
        sc.spawn(|_| previous = Some(prev.as_ref().map(|(p, s)| (p, section(&cx, s).0))));
        sc.spawn(|_| daily = Some(self::daily(&cx, &cur)));
        sc.spawn(|_| data_quality = Some(quality::data_quality(tagged, &cur.convs, cfg.timezone, &cx.clock)));
        sc.spawn(|_| heatmap = Some(heatmap::heatmap(&cur, cfg.timezone, &cx.clock, tagged.mapped.first_response)));
        sc.spawn(|_| desk = Some(Desk::of(&cx, &cur)));
        sc.spawn(|_| tag_review = Some(review::tag_review(tax, &cur.convs, &tagged.interner, tagged.mapped.tags)));
        sc.spawn(|_| trend = Some(trend::trend(&cx, period, &tagged.accounting)));
        sc.spawn(|_| conversion = Some(conversion::conversion(&cx, &cur)));
    });
    let ((current, response_delays), previous, daily) = (done(current), done(previous), done(daily));
    let (mut data_quality, heatmap, desk, tag_review, trend, conversion) =
        (done(data_quality), done(heatmap), done(desk), done(tag_review), done(trend), done(conversion));
    data_quality.partial_fields = cfg.inputs.partial_fields();
    let (conversion, unmatched) = match conversion {
        Some(conversion::Found::Conversion(c)) => (Some(c), None),
        Some(conversion::Found::Unmatched { customers, matched }) => (None, Some(alerts::customer_ids(customers, matched))),
        Some(conversion::Found::PerOrder { customers }) => (None, Some(alerts::customer_ids_per_order(customers))),
        None => (None, None),
    };
    let mut bot = bot::bot(tax, &cur.convs, &tagged.convs, &tagged.mapped, cx.data_end);
    if let (Some(b), Some((_, p))) = (bot.as_mut(), prev.as_ref()) {
        b.previous_contained_share =
            bot::bot(tax, &p.convs, &tagged.convs, &tagged.mapped, cx.data_end).and_then(|p| p.contained_share);
    }
    let voices = voices::voices(&cx, &current);
    let mut alerts = alerts::alerts(&cx, &cur, &current, &data_quality);
    alerts.extend(alerts::implausible(&current, &trend));
    alerts.extend(unmatched);
    // a change compares like with like: both periods covered by the data, or no change at all
    let current_covered = !alerts.iter().any(|a| a.kind == alerts::AlertKind::DataSpan);
    let previous = previous.map(|(p, section)| Previous {
        period: p.json(),
        change: (current_covered && alerts::data_span(&data_quality.inputs, p, cfg.timezone).is_empty())
            .then(|| change(&current, &section)),
        section,
    });
    Metrics {
        schema: SCHEMA,
        period: period.json(),
        data_quality,
        response_delays,
        daily,
        current,
        tag_review,
        trend,
        heatmap,
        voices,
        desk,
        conversion,
        bot,
        alerts,
        previous,
    }
}

#[cfg(test)]
pub mod testkit;
