//! 매출로 이어진 문의: did the answer sell (docs/metrics.md `conversion`). A conversation of the
//! period with a customer id converts when the same customer has a sale line dated in
//! (created, created + `report.conversion_window`]; it is pending while that window runs past
//! the sales data's last line (not yet known: never "did not buy"). Per class, per
//! first-response bucket (wall clock), and what the conversations answered late would have
//! sold at the within-target share (`missed`, an estimate).

use rayon::prelude::*;
use rustc_hash::FxHashMap;
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
    /// Known conversations answered within the target, and the share of them converted.
    pub fast: u64,
    pub fast_share: Option<f64>,
    /// Known conversations answered after it or not at all, and their share converted.
    pub slow: u64,
    pub slow_share: Option<f64>,
    /// `slow × max(0, fast_share − slow_share)`: conversations (not orders) that would have
    /// converted; null when either group has fewer than [`MIN_KNOWN`] known conversations.
    pub conversions: Option<f64>,
    /// Those conversions × the fast ones' revenue per converted conversation.
    pub revenue: Option<Num>,
}

/// Fewest known conversations in each group (within / after the target) for an estimate: below
/// it a share of 4 out of 5 would be multiplied by hundreds.
pub const MIN_KNOWN: u64 = 30;

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

/// Fewest distinct conversation customers for the match check, and the share of them that must
/// be among the buyers (of every sale line kept, any date): below it the ids are not the same
/// ids, and a conversion of 0 % would be a confident, wrong figure.
pub const MATCH_MIN_CUSTOMERS: u64 = 20;
pub const MATCH_MIN_SHARE: f64 = 0.01;

/// What the conversion of a period is: computed, or withheld because the customer ids of the
/// conversations are not the shop's.
pub enum Found {
    Conversion(Conversion),
    Unmatched {
        customers: u64,
        matched: u64,
    },
    /// Every customer who wrote and bought has one order only, and no conversation converted:
    /// ids given per order (Olist's `customer_id`), so no later order can ever match.
    PerOrder {
        customers: u64,
    },
}

/// The period's conversion per class; null unless conversations and sales both map `customer_id`.
pub fn conversion(cx: &Ctx, s: &Slice) -> Option<Found> {
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
    bought.par_sort_unstable();
    // each buyer's run of lines in `bought`
    let mut runs: FxHashMap<Sym, (u32, u32)> = FxHashMap::default();
    for (i, b) in bought.iter().enumerate() {
        runs.entry(b.0).and_modify(|r| r.1 = i as u32 + 1).or_insert((i as u32, i as u32 + 1));
    }
    // who bought and who wrote, as bit sets over the symbols (small enough to stay in cache)
    let syms = cx.interner().len();
    let (mut buyer, mut wrote) = (Bits::new(syms), Bits::new(syms));
    bought.iter().for_each(|b| buyer.set(b.0));
    s.convs.iter().filter_map(|c| c.customer.get()).for_each(|c| wrote.set(c));
    let both = wrote.and(&buyer);
    let (n, matched) = (wrote.count(), both.count());
    if n >= MATCH_MIN_CUSTOMERS && (matched as f64) < MATCH_MIN_SHARE * n as f64 {
        return Some(Found::Unmatched { customers: n, matched });
    }
    // a customer id that lasts has, among those who wrote, some with two orders (or two days'
    // lines without order ids) in the sales read, or some order after writing
    let orders_of = |r: &(u32, u32)| {
        let run = &bought[r.0 as usize..r.1 as usize];
        let first = &all_lines[run[0].2 as usize];
        run.iter().any(|b| {
            let l = &all_lines[b.2 as usize];
            if first.order.is_some() { l.order != first.order } else { l.date / 86_400_000 != first.date / 86_400_000 }
        })
    };
    let one_order_each = matched >= MATCH_MIN_CUSTOMERS && !both.iter().filter_map(|c| runs.get(&c)).any(orders_of);
    let mut classes: [ClassAcc; 5] = Default::default();
    let targets = ClassKey::ALL.map(|k| response::target(&report.targets, Some(k)));
    let all_target = response::target(&report.targets, None);
    let mut found: Vec<u32> = Vec::new();
    for c in &s.convs {
        let Some(who) = c.customer.get() else { continue };
        found.clear();
        let outcome = match last {
            Some(last) if c.created.saturating_add(window) <= last => {
                if let Some(&(a, b)) = buyer.has(who).then(|| runs.get(&who)).flatten() {
                    let run = &bought[a as usize..b as usize];
                    let (from, to) =
                        (run.partition_point(|b| b.1 <= c.created), run.partition_point(|b| b.1 <= c.created + window));
                    found.extend(run[from..to].iter().map(|b| b.2));
                }
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
                } else if response::late(delay, t, c.created, cx.data_end) {
                    a.slow.add(outcome, &found);
                }
            }
        }
    }
    let revenue_of = |i: u32| all_lines[i as usize].revenue;
    let with_buckets = mapped.first_response;
    let class = |a: ClassAcc, target: Option<f64>| {
        let missed = target.filter(|_| with_buckets).map(|_| {
            let (fast, slow) = (a.fast.known(), a.slow.known());
            let (fast_share, slow_share) = (a.fast.share(), a.slow.share());
            let fast_converted = a.fast.converted;
            let fast_revenue = a.fast.block(&revenue_of).revenue.0;
            let estimate = (fast >= MIN_KNOWN && slow >= MIN_KNOWN).then(|| {
                let conversions = slow as f64 * (fast_share.unwrap_or(0.0) - slow_share.unwrap_or(0.0)).max(0.0);
                let per = if fast_converted > 0 { fast_revenue / fast_converted as f64 } else { 0.0 };
                (conversions, Num(conversions * per))
            });
            Missed { fast, fast_share, slow, slow_share, conversions: estimate.map(|e| e.0), revenue: estimate.map(|e| e.1) }
        });
        ClassConversion {
            block: a.whole.block(&revenue_of),
            by_first_response: with_buckets.then(|| ByBucket(a.buckets.map(|b| b.block(&revenue_of)))),
            missed,
        }
    };
    if one_order_each && classes[4].whole.converted == 0 {
        return Some(Found::PerOrder { customers: matched });
    }
    let [simple, revenue, other, unclassified, all] = classes;
    Some(Found::Conversion(Conversion {
        window_s: report.conversion_window_s,
        simple: class(simple, targets[0]),
        revenue: class(revenue, targets[1]),
        other: class(other, targets[2]),
        unclassified: class(unclassified, targets[3]),
        all: class(all, all_target),
    }))
}

/// A set of symbols as bits.
struct Bits(Vec<u64>);

impl Bits {
    fn new(n: usize) -> Bits {
        Bits(vec![0; n / 64 + 1])
    }
    fn set(&mut self, k: Sym) {
        self.0[k as usize / 64] |= 1 << (k % 64);
    }
    fn has(&self, k: Sym) -> bool {
        self.0.get(k as usize / 64).is_some_and(|w| w & (1 << (k % 64)) != 0)
    }
    fn and(&self, o: &Bits) -> Bits {
        Bits(self.0.iter().zip(&o.0).map(|(a, b)| a & b).collect())
    }
    fn count(&self) -> u64 {
        self.0.iter().map(|w| w.count_ones() as u64).sum()
    }
    fn iter(&self) -> impl Iterator<Item = Sym> + '_ {
        self.0.iter().enumerate().flat_map(|(i, &w)| (0..64).filter(move |b| w & (1 << b) != 0).map(move |b| (i * 64 + b) as Sym))
    }
}
