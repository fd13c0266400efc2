//! What the bot already answers (docs/metrics.md `bot`; seed 004: the support bot that cut
//! repeat inquiries): the period's conversations a bot took part in, those it closed without an
//! agent (contained), those it handed to an agent, per level-1 tag, and whether the contained
//! customers came back within 7 days (a bot that only deflects).

use serde::Serialize;

use super::stats::ratio;
use super::tags::per_level_one;
use crate::model::{Conv, Mapped, Sym};
use crate::taxonomy::Taxonomy;

/// A customer back this soon after a contained conversation: the bot did not solve it.
pub const REPEAT_MS: i64 = 7 * 86_400_000;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Bot {
    /// The period's conversations a bot took part in.
    pub engaged: u64,
    /// Engaged, no agent ever answered, and closed.
    pub contained: u64,
    /// Engaged, then an agent answered.
    pub handed_off: u64,
    pub contained_share: Option<f64>,
    pub by_tag: Vec<TagBot>,
    /// Contained conversations whose 7 days end before the data does (with a customer id).
    pub repeat_known: u64,
    /// Of those, the share whose customer started another conversation within 7 days.
    pub repeat_within_7d: Option<f64>,
    /// The previous period's contained share (the summary says when it moves).
    pub previous_contained_share: Option<f64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TagBot {
    pub tag: Option<String>,
    pub engaged: u64,
    pub contained: u64,
    pub contained_share: Option<f64>,
}

fn contained(c: &Conv) -> bool {
    c.response_at.get().is_none() && c.desk.resolved_at.get().is_some()
}

/// The period's bot figures; null unless bot involvement is known. `all` are every
/// conversation read (for the customers' next conversation), `data_end` the latest of them.
pub fn bot(tax: &Taxonomy, convs: &[&Conv], all: &[Conv], mapped: &Mapped, data_end: i64) -> Option<Bot> {
    if !mapped.bot {
        return None;
    }
    let engaged: Vec<&&Conv> = convs.iter().filter(|c| c.bot()).collect();
    let held: Vec<&&Conv> = engaged.iter().copied().filter(|c| contained(c)).collect();
    let handed_off = engaged.iter().filter(|c| c.response_at.get().is_some()).count() as u64;
    let by_tag = per_level_one(tax, engaged.iter().map(|c| **c), |k: &mut u64, c| *k += u64::from(contained(c)))
        .into_iter()
        .map(|(tag, e, k)| TagBot { tag, engaged: e, contained: k, contained_share: ratio(k as f64, e as f64) })
        .collect();
    // each customer's conversations by time, to find the next one after a contained conversation
    let mut starts: Vec<(Sym, i64)> = all.iter().filter_map(|c| Some((c.customer.get()?, c.created))).collect();
    starts.sort_unstable();
    let (mut known, mut back) = (0u64, 0u64);
    for c in held.iter().filter(|c| c.created.saturating_add(REPEAT_MS) <= data_end) {
        let Some(who) = c.customer.get() else { continue };
        known += 1;
        let from = starts.partition_point(|s| *s <= (who, c.created));
        back += u64::from(starts.get(from).is_some_and(|s| s.0 == who && s.1 <= c.created + REPEAT_MS));
    }
    Some(Bot {
        engaged: engaged.len() as u64,
        contained: held.len() as u64,
        handed_off,
        contained_share: ratio(held.len() as f64, engaged.len() as f64),
        by_tag,
        repeat_known: known,
        repeat_within_7d: ratio(back as f64, known as f64),
        previous_contained_share: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::testkit::{answered, conv, taxonomy};
    use crate::model::Flags;

    const DAY: i64 = 86_400_000;

    fn with(mut c: Conv, bot: bool, customer: Option<Sym>, resolved: Option<i64>, created: i64) -> Conv {
        c.flags = Flags::new(true, false).with_bot(bot);
        c.customer = customer.into();
        c.desk.resolved_at = resolved.into();
        c.created = created;
        c
    }

    #[test]
    fn contained_handed_off_and_the_customers_who_came_back() {
        let tax = taxonomy();
        let size = tax.tag_index("size").unwrap() as u16;
        let cs = [
            with(conv(1, Some(size)), true, Some(100), Some(DAY), 0), // closed by the bot; A is back in 3 days
            with(conv(2, None), false, Some(100), None, 3 * DAY),
            with(answered(3, Some(size), 60), true, Some(101), Some(DAY), 0), // handed to an agent
            with(conv(4, Some(size)), true, Some(102), None, 0),              // the bot, still open: neither
            with(conv(5, None), true, Some(103), Some(DAY), DAY),             // closed by the bot; B never back
            with(conv(6, None), true, Some(104), Some(DAY), 25 * DAY),        // its 7 days run past the data
        ];
        let refs: Vec<&Conv> = cs.iter().collect();
        let mapped = Mapped { bot: true, ..Default::default() };
        let b = bot(&tax, &refs, &cs, &mapped, 30 * DAY).unwrap();
        assert_eq!((b.engaged, b.contained, b.handed_off), (5, 3, 1));
        assert_eq!(b.contained_share, Some(0.6));
        assert_eq!((b.repeat_known, b.repeat_within_7d), (2, Some(0.5)));
        assert_eq!(b.by_tag[0], TagBot { tag: Some("size".into()), engaged: 3, contained: 1, contained_share: Some(1.0 / 3.0) });
        assert_eq!(b.by_tag[1].tag, None);
        assert!(bot(&tax, &refs, &cs, &Mapped::default(), 30 * DAY).is_none(), "unknown is null");
    }
}
