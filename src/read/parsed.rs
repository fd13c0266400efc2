//! One conversation as the read stage has it: parsed from a row (or a message thread) with its
//! strings borrowed ([`RawConv`]), moved to the thread that takes rows in order with its strings
//! copied out ([`ParsedConv`]), and interned there into the [`Conv`] the later stages use. Its
//! values are packed once, as a `Conv` keeps them ([`Values`]), and moved whole from one to
//! the next.

use std::borrow::Cow;

use super::input::Cells;
use super::mapping::Row;
use super::timestamps::TimeParser;
use super::values;
use crate::config::Field;
use crate::model::{Conv, Desk, Fields, Hash, Interner, Lookup, Lookups, NO_TIME, Packed, Sym, ToTag};

/// What a conversation says in numbers, packed as a [`Conv`] keeps them.
#[derive(Debug, Clone, Copy)]
pub struct Values {
    pub created: i64,
    /// When the first (agent) response came; none = unanswered (or no response field).
    pub response_at: Packed<i64>,
    /// When it was resolved (solved, closed); none = not resolved.
    pub resolved_at: Packed<i64>,
    pub ces: Packed<f32>,
    pub csat: Packed<f32>,
    pub nps: Packed<f32>,
    pub agent_replies: Packed<u16>,
    pub reopens: Packed<u16>,
}

impl Values {
    /// Still open at `t`: not resolved, or resolved only at or after it (docs/metrics.md
    /// `backlog`: any earlier resolution closes it, plausible or not).
    pub fn open_at(&self, t: i64) -> bool {
        self.created < t && self.resolved_at.get().is_none_or(|r| r >= t)
    }
}

/// A conversation's fields before interning (from a conversation row or a message thread).
/// Borrowed from the row it was read from, so that a row costs no allocation until it is kept.
pub struct RawConv<'a> {
    pub id: Cow<'a, str>,
    pub text: Cow<'a, str>,
    pub tags: Option<Cow<'a, str>>,
    pub channel: Option<Cow<'a, str>>,
    pub product: Option<Cow<'a, str>>,
    pub order: Option<Cow<'a, str>>,
    pub customer: Option<Cow<'a, str>>,
    pub segment: Option<Cow<'a, str>>,
    pub category: Option<Cow<'a, str>>,
    pub assignee: Option<Cow<'a, str>>,
    /// Where the conversation opens in the helpdesk (`url`).
    pub url: Option<Cow<'a, str>>,
    /// A bot took part (`bot` says so, or a bot wrote in its thread).
    pub bot: bool,
    pub v: Values,
}

impl<'a> RawConv<'a> {
    /// With the sales read first (`crate::link`): a missing product through the order, a
    /// missing category through the product, by name in the sales' frozen names.
    pub(super) fn link(&mut self, (lookup, names): &'a (Lookup, Interner)) {
        if self.product.is_none() {
            let product = self.order.as_deref().and_then(|o| lookup.product_of(names.get(o)?));
            self.product = product.map(|k| Cow::Borrowed(names.name(k)));
        }
        if self.category.is_none() {
            let category = self.product.as_deref().and_then(|p| lookup.category_of(names.get(p)?));
            self.category = category.map(|k| Cow::Borrowed(names.name(k)));
        }
    }

    /// What the tagger sees of it.
    pub(super) fn to_tag(&self, in_period: bool, asked: bool) -> ToTag<'_> {
        ToTag {
            text: &self.text,
            tags: self.tags.as_deref(),
            fields: Fields {
                channel: self.channel.as_deref(),
                segment: self.segment.as_deref(),
                category: self.category.as_deref(),
            },
            created: self.v.created,
            in_period,
            asked,
        }
    }
}

/// A conversation row's fields, or the field at fault and why.
pub(crate) fn conversation<'a>(row: &Row<'a>, times: &TimeParser) -> Result<RawConv<'a>, (Field, String)> {
    let id = row.value(Field::Id).ok_or((Field::Id, "missing conversation id".to_string()))?;
    // without a created_at mapping (review dumps) rows carry no time; no period can be cut
    let created = match row.get(Field::CreatedAt) {
        None => NO_TIME,
        Some(c) if c.is_empty() => {
            return Err((Field::CreatedAt, "missing created time".to_string()));
        }
        Some(c) => times.parse(&c).map_err(|e| (Field::CreatedAt, e))?,
    };
    // an instant, or a duration after creation in seconds or minutes (the first mapped of the three)
    let instant = |at: Field, secs: Field, mins: Field, what: &str| -> Result<Packed<i64>, (Field, String)> {
        if let Some(v) = row.value(at) {
            return times.parse(&v).map(|t| Some(t).into()).map_err(|e| (at, format!("{what} {e}")));
        }
        for (f, unit) in [(secs, 1.0), (mins, 60.0)] {
            if let Some(v) = row.value(f) {
                let s = values::duration_seconds(&v, unit).map_err(|e| (f, e))?;
                return Ok(Some(created + (s * 1000.0).round() as i64).into());
            }
        }
        Ok(Packed::NONE)
    };
    let count = |f: Field, name: &str| -> Result<Packed<u16>, (Field, String)> {
        row.value(f).map(|v| values::count(&v, name)).transpose().map(Packed::from).map_err(|e| (f, e))
    };
    let score = |f: Field, lo: f64, hi: f64, name: &str| -> Result<Packed<f32>, (Field, String)> {
        match row.value(f) {
            None => Ok(Packed::NONE),
            Some(v) => values::score(&v, lo, hi, name).map(|x| Some(x as f32).into()).map_err(|e| (f, e)),
        }
    };
    let v = Values {
        created,
        response_at: instant(Field::FirstResponseAt, Field::FirstResponseSeconds, Field::FirstResponseMinutes, "first response")?,
        resolved_at: instant(Field::ResolvedAt, Field::ResolutionSeconds, Field::ResolutionMinutes, "resolution")?,
        ces: score(Field::Ces, 1.0, 7.0, "CES")?,
        csat: score(Field::Csat, 1.0, 5.0, "CSAT")?,
        nps: score(Field::Nps, 0.0, 10.0, "NPS")?,
        agent_replies: count(Field::AgentReplies, "agent replies")?,
        reopens: count(Field::Reopens, "reopens")?,
    };
    Ok(RawConv {
        id,
        text: row.get(Field::Text).unwrap_or_default(),
        tags: row.value(Field::Tags),
        channel: row.value(Field::Channel),
        product: row.value(Field::ProductId),
        order: row.value(Field::OrderId),
        customer: row.value(Field::CustomerId),
        segment: row.value(Field::Segment),
        category: row.value(Field::Category),
        assignee: row.value(Field::Assignee),
        url: row.value(Field::Url),
        bot: row.value(Field::Bot).is_some_and(|v| values::truthy(&v)),
        v,
    })
}

/// The id a conversation is known by in the run: qualified by its source's name when there
/// are several sources.
pub(super) fn key<'k>(source: Option<&str>, id: &'k str) -> Cow<'k, str> {
    match source {
        Some(name) => Cow::Owned(format!("{name}:{id}")),
        None => Cow::Borrowed(id),
    }
}

/// The hashes of the strings of a row that are looked up in the big part of the interner:
/// its id, customer and order (channels, products and categories are few, and cached).
/// Computed on the reading thread; the taking thread fetches their slots rows ahead.
#[derive(Debug, Clone, Copy)]
struct Hashes {
    id: Hash,
    customer: Option<Hash>,
    order: Option<Hash>,
}

/// A conversation as parsed and tagged on a reading thread, owned so that it can cross to the
/// thread that takes the rows in order. Its text stays behind (the tagging keeps what may be
/// quoted); a row outside the window the report needs keeps only its id (for duplicates) and
/// its values.
pub(crate) struct ParsedConv<U> {
    /// What the tagger said of a row kept for the report (inside the window, or open at its
    /// end: the backlog); `None`: not kept.
    pub(super) tagged: Option<U>,
    /// Its message thread (by index).
    thread: Packed<u32>,
    /// id (as the run knows it: [`key`]), channel, product, order, customer, segment,
    /// category, assignee, url.
    cells: Cells<9>,
    hashes: Hashes,
    pub(super) v: Values,
    /// The text was empty (a review without a comment).
    no_text: bool,
    bot: bool,
}

impl<U> Lookups for ParsedConv<U> {
    fn hashes(&self) -> impl Iterator<Item = Hash> {
        let h = &self.hashes;
        std::iter::once(h.id).chain(h.customer).chain(h.order)
    }
}

impl<U> ParsedConv<U> {
    pub(super) fn of(c: RawConv, thread: Option<usize>, tagged: Option<U>, source: Option<&str>) -> ParsedConv<U> {
        let keep = tagged.is_some();
        let id = key(source, &c.id);
        // a row not kept interns only its id; the order only serves to find a missing product
        let h = |v: &Option<Cow<str>>| v.as_deref().filter(|_| keep).map(Hash::of);
        let hashes = Hashes { id: Hash::of(&id), customer: h(&c.customer), order: h(&c.order).filter(|_| c.product.is_none()) };
        fn k<'v>(v: &'v Option<Cow<'_, str>>, keep: bool) -> Option<&'v str> {
            v.as_deref().filter(|_| keep)
        }
        let cells = Cells::new([
            Some(id.as_ref()),
            k(&c.channel, keep),
            k(&c.product, keep),
            k(&c.order, keep),
            k(&c.customer, keep),
            k(&c.segment, keep),
            k(&c.category, keep),
            k(&c.assignee, keep),
            k(&c.url, keep),
        ]);
        let no_text = c.text.trim().is_empty();
        ParsedConv { tagged, thread: thread.map(|t| t as u32).into(), cells, hashes, v: c.v, no_text, bot: c.bot }
    }

    /// The id as the run knows it.
    pub(super) fn id(&self) -> &str {
        self.cells.get(0).unwrap_or_default()
    }

    pub(super) fn thread(&self) -> Option<usize> {
        self.thread.get().map(|t| t as usize)
    }
}

/// Interns a conversation's id (finding duplicates) and its fields, in the run's one interner
/// (the sales' when they were read first: [`RawConv::link`] has found the product and category).
pub(super) struct Linker {
    pub(super) interner: Interner,
    /// Conversation ids seen so far, by symbol (the interner also holds other strings, so
    /// "new to the interner" does not mean "a new conversation").
    seen: Vec<u64>,
    /// (id, url) of the kept conversations that say where they open in the helpdesk.
    pub(super) urls: Vec<(Sym, Sym)>,
}

impl Linker {
    pub(super) fn new() -> Linker {
        Linker { interner: Interner::default(), seen: Vec::new(), urls: Vec::new() }
    }

    /// Intern the row's id: `None` when it was seen before (a duplicate).
    pub(super) fn id<U>(&mut self, p: &ParsedConv<U>) -> Option<Sym> {
        let k = self.interner.intern_hashed(p.id(), p.hashes.id).0;
        let (word, bit) = (k as usize / 64, 1u64 << (k % 64));
        if word >= self.seen.len() {
            self.seen.resize((word + 1).max(self.seen.len() * 2), 0);
        }
        if self.seen[word] & bit != 0 {
            return None;
        }
        self.seen[word] |= bit;
        Some(k)
    }

    /// The conversation, its strings interned, not yet tagged.
    pub(super) fn conv<U>(&mut self, id: Sym, p: &ParsedConv<U>, in_period: bool) -> Conv {
        // interned with its hash when the reading thread made it (always, for the rows it kept)
        fn hashed(i: &mut Interner, s: &str, h: Option<Hash>) -> Sym {
            i.intern_hashed(s, h.unwrap_or_else(|| Hash::of(s))).0
        }
        let (i, c, v) = (&mut self.interner, &p.cells, p.v);
        let product = c.get(2).map(|s| i.intern(s));
        // the order id only serves to find a missing product: most rows spare the interning
        let order = if product.is_none() { c.get(3).map(|s| hashed(i, s, p.hashes.order)) } else { None };
        let category = c.get(6).map(|s| i.intern(s));
        let channel = c.get(1).map(|s| i.intern(s));
        let segment = c.get(5).map(|s| i.intern(s));
        let customer = c.get(4).map(|s| hashed(i, s, p.hashes.customer));
        let assignee = c.get(7).map(|s| i.intern(s));
        if let Some(url) = c.get(8) {
            let url = i.intern(url);
            self.urls.push((id, url));
        }
        Conv {
            id,
            created: v.created,
            response_at: v.response_at,
            channel: channel.into(),
            product: product.into(),
            order: order.into(),
            customer: customer.into(),
            segment: segment.into(),
            category: category.into(),
            ces: v.ces,
            csat: v.csat,
            nps: v.nps,
            desk: Desk {
                resolved_at: v.resolved_at,
                assignee: assignee.into(),
                agent_replies: v.agent_replies,
                reopens: v.reopens,
            },
            flags: crate::model::Flags::new(in_period, p.no_text).with_bot(p.bot),
            ..Conv::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_read_and_tagged_stays_small() {
        // each row is moved several times between reading and taking (src/read/input.rs), with
        // the tagger's answer (classify::Tagged, of TAGGED_BYTES, whose enum fields leave a
        // niche for the `Option`: so does this stand-in's bool)
        type Tagged = (bool, [u64; crate::model::TAGGED_BYTES / 8 - 1]);
        assert_eq!(std::mem::size_of::<Tagged>(), crate::model::TAGGED_BYTES);
        let size = std::mem::size_of::<ParsedConv<Tagged>>();
        assert!(size <= 176, "{size} bytes");
    }
}
