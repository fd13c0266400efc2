//! What every helpdesk report has (docs/metrics.md `resolution`, `one_touch_share`,
//! `reopen_share`, `backlog`, `agents`, `cost`): how long problems take to solve, how many
//! were solved in one reply or came back, what is still open at the period's end and how old it
//! is, and how each agent is doing. Each is null when its field is not mapped.
//!
//! Population: conversations of the period (one row per conversation: a reopened one counts
//! once), except the backlog, which looks at every valid row read. A resolution before the
//! conversation or later than `report.max_response` is `invalid`: counted, never averaged.

use serde::Serialize;

use super::ClassKey;
use super::response::{Clock, Delay};
use super::stats::{self, mean, quantile, ratio};
use crate::model::{Conv, Interner, Mapped, Sym};
use crate::taxonomy::Taxonomy;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ResolutionStats {
    pub resolved: u64,
    pub unresolved: u64,
    pub invalid: u64,
    pub median_s: Option<f64>,
    pub p90_s: Option<f64>,
    pub mean_s: Option<f64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Resolution {
    pub simple: ResolutionStats,
    pub revenue: ResolutionStats,
    pub other: ResolutionStats,
    pub unclassified: ResolutionStats,
    pub all: ResolutionStats,
}

/// How long a conversation took to be resolved, on `clock`.
pub fn resolution_of(clock: &Clock, c: &Conv) -> Delay {
    clock.between(c.created, c.desk.resolved_at.get())
}

fn stats<'a>(delays: impl Iterator<Item = &'a Delay>) -> ResolutionStats {
    let (mut done, mut unresolved, mut invalid) = (Vec::new(), 0, 0);
    for d in delays {
        match d {
            Delay::Answered(s) => done.push(*s),
            Delay::Unanswered => unresolved += 1,
            Delay::Invalid => invalid += 1,
        }
    }
    stats::sort(&mut done);
    ResolutionStats {
        resolved: done.len() as u64,
        unresolved,
        invalid,
        median_s: quantile(&done, 0.5),
        p90_s: quantile(&done, 0.9),
        mean_s: mean(&done),
    }
}

/// Resolution per class (the classes of the first response), or null without a resolution field.
pub fn resolution(tax: &Taxonomy, convs: &[&Conv], clock: &Clock, mapped: &Mapped) -> Option<Resolution> {
    if !mapped.resolution {
        return None;
    }
    let measured: Vec<(ClassKey, Delay)> = convs.iter().map(|c| (ClassKey::of(tax, c), resolution_of(clock, c))).collect();
    let of = |k: Option<ClassKey>| stats(measured.iter().filter(|(c, _)| k.is_none_or(|k| *c == k)).map(|(_, d)| d));
    Some(Resolution {
        simple: of(Some(ClassKey::Simple)),
        revenue: of(Some(ClassKey::Revenue)),
        other: of(Some(ClassKey::Other)),
        unclassified: of(Some(ClassKey::Unclassified)),
        all: of(None),
    })
}

/// The resolved conversations (plausibly: at or after creation, within `max_response`).
fn resolved<'a>(convs: &'a [&'a Conv], clock: &'a Clock) -> impl Iterator<Item = &'a &'a Conv> {
    convs.iter().filter(move |c| matches!(resolution_of(clock, c), Delay::Answered(_)))
}

/// Resolved conversations with exactly one agent reply, over the resolved.
pub fn one_touch_share(convs: &[&Conv], clock: &Clock, mapped: &Mapped) -> Option<f64> {
    if !(mapped.resolution && mapped.agent_replies) {
        return None;
    }
    let (n, one) =
        resolved(convs, clock).fold((0u64, 0u64), |(n, one), c| (n + 1, one + (c.desk.agent_replies.get() == Some(1)) as u64));
    ratio(one as f64, n as f64)
}

/// Resolved conversations reopened at least once, over the resolved.
pub fn reopen_share(convs: &[&Conv], clock: &Clock, mapped: &Mapped) -> Option<f64> {
    if !(mapped.resolution && mapped.reopens) {
        return None;
    }
    let (n, again) =
        resolved(convs, clock).fold((0u64, 0u64), |(n, r), c| (n + 1, r + c.desk.reopens.get().is_some_and(|k| k >= 1) as u64));
    ratio(again as f64, n as f64)
}

#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Ages {
    pub lt_1d: u64,
    pub d1_3: u64,
    pub d3_7: u64,
    pub gt_7d: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OpenByTag {
    /// The level-1 tag id; null = unclassified.
    pub tag: Option<String>,
    pub open: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Backlog {
    pub open: u64,
    pub by_age: Ages,
    pub by_tag: Vec<OpenByTag>,
}

/// At `end`: every conversation created before it and not resolved by it (no resolution, or
/// one at or after `end`; any earlier resolution closes it, plausible or not), over every row.
pub fn backlog(tax: &Taxonomy, all: &[Conv], end: i64, mapped: &Mapped) -> Option<Backlog> {
    if !mapped.resolution {
        return None;
    }
    const DAY: i64 = 86_400_000;
    let mut ages = Ages::default();
    let open_convs: Vec<&Conv> =
        all.iter().filter(|c| c.created < end && c.desk.resolved_at.get().is_none_or(|r| r >= end)).collect();
    for c in &open_convs {
        let age = end - c.created;
        *match age {
            a if a < DAY => &mut ages.lt_1d,
            a if a < 3 * DAY => &mut ages.d1_3,
            a if a < 7 * DAY => &mut ages.d3_7,
            _ => &mut ages.gt_7d,
        } += 1;
    }
    let by_tag = by_level_one(tax, &open_convs).into_iter().map(|(tag, open)| OpenByTag { tag, open }).collect();
    Some(Backlog { open: open_convs.len() as u64, by_age: ages, by_tag })
}

/// Conversations per level-1 tag id (null: unclassified), by count desc then id, unclassified
/// last; tags without any left out.
fn by_level_one(tax: &Taxonomy, convs: &[&Conv]) -> Vec<(Option<String>, u64)> {
    super::tags::per_level_one(tax, convs.iter().copied(), |_: &mut (), _| ()).into_iter().map(|(t, n, ())| (t, n)).collect()
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Agent {
    /// The assignee; null = conversations without one.
    pub agent: Option<String>,
    pub conversations: u64,
    pub answered: Option<u64>,
    pub first_response_median_s: Option<f64>,
    pub resolution_median_s: Option<f64>,
    pub one_touch_share: Option<f64>,
    /// The mean rating of the agent's conversations (a rating is credited to the conversation's
    /// assignee: the agent who answered, when messages say who).
    pub csat_mean: Option<f64>,
}

/// Per agent, by conversations desc then name (unassigned last); null without an assignee field.
pub fn agents(convs: &[&Conv], clock: &Clock, mapped: &Mapped, names: &Interner) -> Option<Vec<Agent>> {
    if !mapped.assignee {
        return None;
    }
    let mut groups: std::collections::HashMap<Option<Sym>, Vec<&Conv>> = std::collections::HashMap::new();
    for c in convs {
        groups.entry(c.desk.assignee.get()).or_default().push(c);
    }
    let mut out: Vec<Agent> = groups
        .into_iter()
        .map(|(who, cs)| {
            let mut fr: Vec<f64> = cs
                .iter()
                .filter_map(|c| match clock.delay(c) {
                    Delay::Answered(s) => Some(s),
                    _ => None,
                })
                .collect();
            let res = stats(cs.iter().map(|c| resolution_of(clock, c)).collect::<Vec<_>>().iter());
            let ratings: Vec<f64> = cs.iter().filter_map(|c| c.csat.get()).map(f64::from).collect();
            Agent {
                agent: who.map(|s| names.name(s).to_string()),
                conversations: cs.len() as u64,
                answered: mapped.first_response.then_some(fr.len() as u64),
                first_response_median_s: stats::median(&mut fr),
                resolution_median_s: if mapped.resolution { res.median_s } else { None },
                one_touch_share: one_touch_share(&cs, clock, mapped),
                csat_mean: if mapped.csat { mean(&ratings) } else { None },
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (a.agent.is_none(), std::cmp::Reverse(a.conversations), &a.agent).cmp(&(
            b.agent.is_none(),
            std::cmp::Reverse(b.conversations),
            &b.agent,
        ))
    });
    Some(out)
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TagCost {
    /// The level-1 tag id; null = unclassified.
    pub tag: Option<String>,
    pub cost: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Cost {
    pub total: f64,
    pub by_tag: Vec<TagCost>,
}

/// The period's handling cost: conversations × `handle_minutes` / 60 × the hourly cost, by
/// level-1 tag (cost desc, then tag; unclassified last); null without `agent_hourly_cost`.
pub fn cost(tax: &Taxonomy, convs: &[&Conv], handle_minutes: f64, hourly: Option<f64>) -> Option<Cost> {
    let hourly = hourly?;
    let each = handle_minutes / 60.0 * hourly;
    // the cost is proportional to the count: the same order
    let by_tag = by_level_one(tax, convs).into_iter().map(|(tag, n)| TagCost { tag, cost: n as f64 * each }).collect();
    Some(Cost { total: convs.len() as f64 * each, by_tag })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::testkit::{conv, names, taxonomy};
    use crate::model::Packed;

    const H: i64 = 3_600_000;

    fn mapped() -> Mapped {
        Mapped {
            resolution: true,
            assignee: true,
            agent_replies: true,
            reopens: true,
            first_response: true,
            csat: true,
            ..Mapped::default()
        }
    }

    fn clock() -> Clock {
        Clock { hours: None, max_ms: 30 * 24 * H }
    }

    #[test]
    fn resolutions_before_creation_or_past_max_response_are_invalid_not_averaged() {
        let tax = taxonomy();
        let mut cs: Vec<Conv> = (0..4).map(|n| conv(n, None)).collect();
        cs[0].desk.resolved_at = Some(cs[0].created + 2 * H).into();
        cs[1].desk.resolved_at = Some(cs[1].created + 4 * H).into();
        cs[2].desk.resolved_at = Some(cs[2].created - H).into(); // before it was created
        cs[3].desk.resolved_at = Some(cs[3].created + 31 * 24 * H).into(); // after 30 days
        let refs: Vec<&Conv> = cs.iter().collect();
        let r = resolution(&tax, &refs, &clock(), &mapped()).unwrap();
        assert_eq!((r.all.resolved, r.all.invalid, r.all.unresolved), (2, 2, 0));
        assert_eq!(r.all.mean_s, Some(3.0 * 3600.0), "the invalid ones are not averaged");
        assert!(resolution(&tax, &refs, &clock(), &Mapped::default()).is_none(), "null when unmapped");
    }

    #[test]
    fn a_reopened_conversation_counts_once_and_ratings_go_to_the_assignee() {
        let mut cs: Vec<Conv> = (0..3).map(|n| conv(n, None)).collect();
        for c in &mut cs {
            c.desk.resolved_at = Some(c.created + H).into();
        }
        cs[0].desk.reopens = Some(2).into();
        cs[0].desk.agent_replies = Some(3).into();
        cs[1].desk.agent_replies = Some(1).into();
        cs[2].desk.agent_replies = Some(1).into();
        let (ann, bo) = (5, 6); // interned names c005, c006
        cs[0].desk.assignee = Packed::from(Some(ann));
        cs[1].desk.assignee = Packed::from(Some(ann));
        cs[2].desk.assignee = Packed::from(Some(bo));
        cs[0].csat = Some(2.0).into();
        cs[1].csat = Some(4.0).into();
        cs[2].csat = Some(5.0).into();
        let refs: Vec<&Conv> = cs.iter().collect();
        let m = mapped();
        assert_eq!(reopen_share(&refs, &clock(), &m), Some(1.0 / 3.0), "two reopens are one reopened conversation");
        assert_eq!(one_touch_share(&refs, &clock(), &m), Some(2.0 / 3.0));
        let a = agents(&refs, &clock(), &m, &names()).unwrap();
        assert_eq!(a[0].agent.as_deref(), Some("c005"));
        assert_eq!((a[0].conversations, a[0].csat_mean), (2, Some(3.0)));
        assert_eq!((a[1].agent.as_deref(), a[1].csat_mean), (Some("c006"), Some(5.0)));
    }

    #[test]
    fn the_backlog_is_what_is_open_at_the_end_by_age_and_tag() {
        let tax = taxonomy();
        let size = tax.tag_index("size").unwrap() as u16;
        let end = 10 * 24 * H;
        let at = |created: i64, resolved: Option<i64>, tag: Option<u16>| {
            let mut c = conv(0, tag);
            c.created = created;
            c.desk.resolved_at = resolved.into();
            c
        };
        let cs = vec![
            at(end - H, None, Some(size)),                      // < 1 day
            at(end - 2 * 24 * H, Some(end), Some(size)),        // resolved at the end: still open
            at(end - 8 * 24 * H, None, None),                   // ≥ 7 days, unclassified
            at(end - 5 * 24 * H, Some(end - H), None),          // closed before the end
            at(end - 5 * 24 * H, Some(end - 9 * 24 * H), None), // an implausible earlier resolution still closes it
            at(end + H, None, None),                            // after the end
        ];
        let b = backlog(&tax, &cs, end, &mapped()).unwrap();
        assert_eq!(b.open, 3);
        assert_eq!(b.by_age, Ages { lt_1d: 1, d1_3: 1, d3_7: 0, gt_7d: 1 });
        assert_eq!(b.by_tag, vec![OpenByTag { tag: Some("size".into()), open: 2 }, OpenByTag { tag: None, open: 1 }]);
    }
}
