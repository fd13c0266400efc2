//! 매출로 이어진 문의: did the answer sell (docs/metrics.md `conversion`). A conversation of the
//! period with a customer id converts when the same customer has a sale line dated in
//! (created, created + `report.conversion_window`]; it is pending while that window runs past
//! the sales data's last line (not yet known: never "did not buy"). Per class, per
//! first-response bucket (wall clock), and what the conversations answered late would have
//! sold at the within-target share (`missed`, an estimate).

use serde::Serialize;

use super::response::{self, ByBucket, Delay};
use super::stats::{Num, ratio};
use super::{ClassKey, Ctx, Slice};
use crate::model::{InputKind, Sym};

/// One population's outcome.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Block {
    /// Conversations with a customer id.
    pub conversations: u64,
    /// Those whose window runs past the sales data: not yet known.
    pub pending: u64,
    /// Those (not pending) whose customer ordered within the window.
    pub converted: u64,
    /// converted / (conversations − pending); null when none is known.
    pub share: Option<f64>,
    /// The revenue of the sale lines that converted them, each line counted once.
    pub revenue: Num,
}

/// What the conversations answered after the target would have sold at the within-target share.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Missed {
    pub conversions: f64,
    pub revenue: Num,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ClassConversion {
    #[serde(flatten)]
    pub block: Block,
    /// The same per first-response bucket; null without a first-response field.
    pub by_first_response: Option<ByBucket<Block>>,
    /// Null without a target for the class (or a first-response field, or an answer within it).
    pub missed: Option<Missed>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Conversion {
    pub window_s: f64,
    pub simple: ClassConversion,
    pub revenue: ClassConversion,
    pub other: ClassConversion,
    pub unclassified: ClassConversion,
    pub all: ClassConversion,
}

/// A population being counted: its sale lines (indices) collected, deduplicated at the end.
#[derive(Default)]
struct Acc {
    conversations: u64,
    pending: u64,
    converted: u64,
    lines: Vec<u32>,
}

impl Acc {
    fn add(&mut self, outcome: Outcome, lines: &[u32]) {
        self.conversations += 1;
        match outcome {
            Outcome::Pending => self.pending += 1,
            Outcome::Known => {}
            Outcome::Converted => {
                self.converted += 1;
                self.lines.extend_from_slice(lines);
            }
        }
    }

    fn known(&self) -> u64 {
        self.conversations - self.pending
    }

    fn share(&self) -> Option<f64> {
        ratio(self.converted as f64, self.known() as f64)
    }

    fn block(mut self, revenue_of: &impl Fn(u32) -> f64) -> Block {
        self.lines.sort_unstable();
        self.lines.dedup();
        let revenue = self.lines.iter().map(|&i| revenue_of(i)).sum();
        Block {
            conversations: self.conversations,
            pending: self.pending,
            converted: self.converted,
            share: self.share(),
            revenue: Num(revenue),
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Outcome {
    Pending,
    Known,
    Converted,
}

/// One class (or all): the whole, per bucket, and within / after the target.
#[derive(Default)]
struct ClassAcc {
    whole: Acc,
    buckets: [Acc; 7],
    fast: Acc,
    slow: Acc,
}

/// The period's conversion per class; null unless conversations and sales both map `customer_id`.
pub fn conversion(cx: &Ctx, s: &Slice) -> Option<Conversion> {
    let (mapped, report) = (&cx.tagged.mapped, &cx.cfg.report);
    if !(mapped.customer && mapped.buyers && mapped.sales) {
        return None;
    }
    let window = (report.conversion_window_s * 1000.0) as i64;
    let last = cx.tagged.accounting.iter().filter(|(k, _)| *k == InputKind::Sales).filter_map(|(_, a)| a.span).map(|s| s.1).max();
    // every kept sale line with a customer, by (customer, date)
    let all_lines = &cx.tagged.sales.lines;
    let mut bought: Vec<(Sym, i64, u32)> =
        all_lines.iter().enumerate().filter_map(|(i, l)| Some((l.customer?, l.date, i as u32))).collect();
    bought.sort_unstable();
    let mut classes: [ClassAcc; 5] = Default::default();
    let targets = ClassKey::ALL.map(|k| response::target(&report.targets, Some(k)));
    let all_target = response::target(&report.targets, None);
    let mut found: Vec<u32> = Vec::new();
    for c in &s.convs {
        let Some(who) = c.customer.get() else { continue };
        found.clear();
        let outcome = match last {
            Some(last) if c.created.saturating_add(window) <= last => {
                let from = bought.partition_point(|b| (b.0, b.1) <= (who, c.created));
                let to = bought.partition_point(|b| (b.0, b.1) <= (who, c.created + window));
                found.extend(bought[from..to].iter().map(|b| b.2));
                if found.is_empty() { Outcome::Known } else { Outcome::Converted }
            }
            _ => Outcome::Pending,
        };
        let delay = cx.clock.delay(c);
        let k = ClassKey::of(cx.tax, c) as usize;
        for (class, target) in [(k, targets[k]), (4, all_target)] {
            let a = &mut classes[class];
            a.whole.add(outcome, &found);
            a.buckets[response::bucket(delay)].add(outcome, &found);
            if let Some(t) = target {
                if matches!(delay, Delay::Answered(d) if d <= t) {
                    a.fast.add(outcome, &found);
                } else if response::late(delay, t) {
                    a.slow.add(outcome, &found);
                }
            }
        }
    }
    let revenue_of = |i: u32| all_lines[i as usize].revenue;
    let with_buckets = mapped.first_response;
    let class = |a: ClassAcc, target: Option<f64>| {
        let missed = target.filter(|_| with_buckets && a.fast.known() > 0).map(|_| {
            let share_fast = a.fast.share().unwrap_or(0.0);
            let share_slow = a.slow.share().unwrap_or(0.0);
            let conversions = a.slow.known() as f64 * (share_fast - share_slow).max(0.0);
            let fast_converted = a.fast.converted;
            let fast = a.fast.block(&revenue_of);
            let per = if fast_converted > 0 { fast.revenue.0 / fast_converted as f64 } else { 0.0 };
            Missed { conversions, revenue: Num(conversions * per) }
        });
        ClassConversion {
            block: a.whole.block(&revenue_of),
            by_first_response: with_buckets.then(|| ByBucket(a.buckets.map(|b| b.block(&revenue_of)))),
            missed,
        }
    };
    let [simple, revenue, other, unclassified, all] = classes;
    Some(Conversion {
        window_s: report.conversion_window_s,
        simple: class(simple, targets[0]),
        revenue: class(revenue, targets[1]),
        other: class(other, targets[2]),
        unclassified: class(unclassified, targets[3]),
        all: class(all, all_target),
    })
}
