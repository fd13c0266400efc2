//! Conversations, from a conversation export, a message export, or both.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use anyhow::{Context, Result};

use super::input::*;
use super::timestamps::TimeParser;
use super::values;
use crate::config::{Field, Input, InputKind};
use crate::model::{Accounting, ConvRow, Hash, Interner, Lookup, Lookups, Packed, Reject, Scope, Sym};
use crate::taxonomy::Fields;

use super::messages;
use crate::model::{BATCH, NO_TIME};

/// The conversations, not yet read: [`ConversationSource::run`] streams them in batches.
/// They come from a conversation export, a message export, or both (Channel Talk: chats from
/// one sheet, their messages from another).
pub struct ConversationSource {
    /// One source, or several named ones (their ids are qualified by their names).
    pub(super) conversations: Vec<Input>,
    pub(super) messages: Option<Input>,
    pub(super) tz: chrono_tz::Tz,
    pub(super) scope: Scope,
    pub(super) linker: Linker,
    /// When the sales were read first: order → product → category, with a frozen copy of the
    /// sales' names, so that the reading threads know a row's category before they tag it.
    pub(super) linked: Option<(Lookup, Interner)>,
    /// Ids whose text the caller wants kept (`explain --id`).
    pub(super) asked: Option<HashSet<String>>,
}

/// A kept conversation as the taxonomy sees it, handed to the tagger on the thread that read
/// it (src/pipeline.rs passes `classify::Tagger`).
pub struct ToTag<'a> {
    pub text: &'a str,
    /// The manual tags cell.
    pub tags: Option<&'a str>,
    /// Channel, segment and category, for `fields:` rules.
    pub fields: Fields<'a>,
    pub created: i64,
    pub in_period: bool,
    /// The caller asked for this conversation's text.
    pub asked: bool,
}

/// Interns a conversation's id (finding duplicates) and its fields, in the run's one interner
/// (the sales' when they were read first: `RawConv::link` has found the product and category).
pub(super) struct Linker {
    pub(super) interner: Interner,
    /// Conversation ids seen so far, by symbol (the interner also holds other strings, so
    /// "new to the interner" does not mean "a new conversation").
    pub(crate) seen: Vec<u64>,
}

impl Linker {
    pub(super) fn new() -> Linker {
        Linker { interner: Interner::default(), seen: Vec::new() }
    }

    /// Intern the id (`h`: its hash): `None` when it was seen before (a duplicate).
    pub(crate) fn id(&mut self, id: &str, h: Hash) -> Option<Sym> {
        let k = self.interner.intern_hashed(id, h).0;
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

    pub(crate) fn row(&mut self, id: Sym, c: RawConv, in_period: bool, h: &Hashes) -> ConvRow {
        // interned with its hash when the reading thread made it (always, for the rows it kept)
        fn hashed(i: &mut Interner, s: &str, h: Option<Hash>) -> Sym {
            i.intern_hashed(s, h.unwrap_or_else(|| Hash::of(s))).0
        }
        let i = &mut self.interner;
        let product = c.product.as_deref().map(|s| i.intern(s));
        // the order id only serves to find a missing product: most rows spare the interning
        let order = if product.is_none() { c.order.as_deref().map(|s| hashed(i, s, h.order)) } else { None };
        let category = c.category.as_deref().map(|s| i.intern(s));
        let channel = c.channel.as_deref().map(|s| i.intern(s));
        let segment = c.segment.as_deref().map(|s| i.intern(s));
        let customer = c.customer.as_deref().map(|s| hashed(i, s, h.customer));
        let assignee = c.assignee.as_deref().map(|s| i.intern(s));
        ConvRow {
            id,
            created: c.created,
            response_at: c.response_at,
            channel,
            product,
            order,
            customer,
            segment,
            category,
            ces: c.ces,
            csat: c.csat,
            nps: c.nps,
            desk: crate::model::Desk {
                resolved_at: c.resolved_at.into(),
                assignee: assignee.into(),
                agent_replies: c.agent_replies.into(),
                reopens: c.reopens.into(),
            },
            in_period,
        }
    }
}

/// The hashes of the strings of a row that are looked up in the big part of the interner:
/// its id, customer and order (channels, products and categories are few, and cached).
/// Computed on the reading thread; the taking thread fetches their slots rows ahead.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hashes {
    id: Hash,
    customer: Option<Hash>,
    order: Option<Hash>,
}

impl Hashes {
    /// `key`: the id as the run knows it (see [`key`]); a row not kept interns only its id.
    fn of(c: &RawConv, key: &str, kept: bool) -> Hashes {
        let h = |v: &Option<Cow<str>>| v.as_deref().filter(|_| kept).map(Hash::of);
        Hashes { id: Hash::of(key), customer: h(&c.customer), order: h(&c.order).filter(|_| c.product.is_none()) }
    }
}

impl<U> Lookups for ParsedConv<U> {
    fn hashes(&self) -> impl Iterator<Item = Hash> {
        let h = &self.hashes;
        std::iter::once(h.id).chain(h.customer).chain(h.order)
    }
}

/// What is left when the stream has been read.
#[derive(Debug)]
pub struct Ingested {
    pub interner: Interner,
    /// Conversations and/or messages, in that order.
    pub accounting: Vec<(InputKind, Accounting)>,
    pub rejects: Vec<Reject>,
    /// With several conversation sources, each one's own accounting (summed in `accounting`).
    pub sources: Vec<(String, Accounting)>,
}

impl ConversationSource {
    /// Read after the sales, in their interner: each conversation gets its product and its
    /// category while it is read (needed when taxonomy rules test the category). The sales'
    /// symbols stay valid: there is one interner for the run.
    pub fn continue_after(&mut self, interner: Interner, lookup: Lookup) {
        self.linked = Some((lookup, interner.clone()));
        self.linker.interner = interner;
    }

    /// Keep the text of these conversation ids.
    pub fn ask_for(&mut self, ids: HashSet<String>) {
        self.asked = Some(ids);
    }

    /// How the export separates manual tags in one cell.
    pub fn tag_separator(&self) -> &regex::Regex {
        &self.conversations.first().or(self.messages.as_ref()).expect("an input").tag_separator
    }

    /// Read every conversation; valid rows inside the keep window are tagged by `tag` on the
    /// thread that parsed them and go to `sink` in batches of [`BATCH`], in file order (message
    /// threads: by start time, then id).
    pub fn run<U: Send>(
        mut self,
        tag: &(impl Fn(ToTag) -> U + Sync),
        mut sink: impl FnMut(&Interner, Vec<(ConvRow, U)>) -> Result<()>,
    ) -> Result<Ingested> {
        let mut set = match &self.messages {
            Some(m) => Some(messages::read(m, self.tz)?),
            None => None,
        };
        let inputs = std::mem::take(&mut self.conversations);
        if inputs.is_empty() {
            return self.run_messages(set.expect("messages input"), tag, &mut sink);
        }
        // several sources: read one after the other into one stream, each id qualified by its
        // source, each source accounted for on its own and summed
        let several = inputs.len() > 1;
        let (mut accounting, mut rejects, mut sources): (Vec<(InputKind, Accounting)>, Vec<Reject>, Vec<(String, Accounting)>) =
            (Vec::new(), Vec::new(), Vec::new());
        for input in &inputs {
            // a source's own messages (a Channel Talk download), else the top-level ones
            let own = match &input.messages {
                Some(m) => Some(messages::read(m, self.tz).with_context(|| format!("inputs.{}", input.label()))?),
                None => set.take(),
            };
            let read = self.read_source(input, own, several, tag, &mut sink);
            // with several sources, a failure names its source
            let (acc, rej) = if several { read.with_context(|| format!("inputs.{}", input.label()))? } else { read? };
            if let (true, Some(name), Some((_, a))) = (several, &input.name, acc.first()) {
                sources.push((name.clone(), a.clone()));
            }
            for (kind, a) in acc {
                match accounting.iter_mut().find(|(k, _)| *k == kind) {
                    Some((_, total)) => total.add(&a),
                    None => accounting.push((kind, a)),
                }
            }
            rejects.extend(rej);
        }
        Ok(Ingested { interner: self.linker.interner, accounting, rejects, sources })
    }

    /// One conversation source (with its messages, if any): its rows go to `sink`; returns its
    /// accounting (conversations, then messages) and its rejects.
    fn read_source<U: Send>(
        &mut self,
        input: &Input,
        set: Option<messages::MessageSet>,
        qualify: bool,
        tag: &(impl Fn(ToTag) -> U + Sync),
        sink: &mut impl FnMut(&Interner, Vec<(ConvRow, U)>) -> Result<()>,
    ) -> Result<(Vec<(InputKind, Accounting)>, Vec<Reject>)> {
        let mut rd = InputReader::new(input);
        let times = TimeParser::new(self.tz, &input.timestamp_formats);
        let excel = TimeParser::new(self.tz, &input.timestamp_formats).with_excel(true);
        let (mut kept, mut dup) = (Accounting::default(), 0u64);
        let mut batch = Vec::with_capacity(BATCH);
        let (scope, linked, asked) = (&self.scope, self.linked.as_ref(), self.asked.as_ref());
        let source = input.name.as_deref().filter(|_| qualify);
        let linker = &mut self.linker;
        // message threads by conversation id, and whether their conversation was in the period
        let threads: HashMap<&str, usize> =
            set.as_ref().map(|s| s.threads.iter().enumerate().map(|(i, t)| (t.id.as_str(), i)).collect()).unwrap_or_default();
        let mut thread_in_period: HashMap<usize, bool> = HashMap::new();
        let own_response = input.maps(Field::FirstResponseAt)
            || input.maps(Field::FirstResponseSeconds)
            || input.maps(Field::FirstResponseMinutes);
        let own_replies = input.maps(Field::AgentReplies);
        let backlog =
            input.maps(Field::ResolvedAt) || input.maps(Field::ResolutionSeconds) || input.maps(Field::ResolutionMinutes);
        // parsed, enriched by its message thread and tagged on every core, then taken in file
        // order on this thread (duplicates, interning)
        let parse = |row: &Row, _: bool| -> Result<Parsed<ParsedConv<U>>> {
            let parser = if row.excel { &excel } else { &times };
            let mut c = match conversation(row, parser) {
                Ok(c) => c,
                Err((field, reason)) => return Ok(Err((Some(field), reason))),
            };
            // a conversation still open at the window's end counts in the backlog however old it is
            let keep = scope.keeps(c.created) || (backlog && c.open_at(scope.keep_to));
            // (threads are empty without messages)
            let thread = threads.get(c.id.as_ref()).copied();
            if !keep {
                return Ok(Ok(ParsedConv::of(c, thread, None, source)));
            }
            // a row the report keeps gets what its message thread says
            if let (Some(t), Some(set)) = (thread, &set) {
                let thread = &set.threads[t];
                if c.text.trim().is_empty() {
                    c.text = Cow::Owned(messages::summarize(set, thread).map(|s| s.text.into_owned()).unwrap_or_default());
                }
                if !own_response {
                    c.response_at = messages::first_agent_after(set, thread, c.created);
                }
                if !own_replies {
                    c.agent_replies = Some(messages::agent_replies(set, thread));
                }
                // a rating goes to the agent who answered, when the messages say who (an
                // assignee column holds whoever has the conversation now)
                if let Some(agent) = messages::first_agent(set, thread, c.created) {
                    c.assignee = Some(Cow::Borrowed(agent));
                }
            }
            if let Some(linked) = linked {
                c.link(linked);
            }
            let asked = asked.is_some_and(|a| a.contains(key(source, &c.id).as_ref()));
            let tagged = tag(c.to_tag(scope.in_period(c.created), asked));
            Ok(Ok(ParsedConv::of(c, thread, Some(tagged), source)))
        };
        let take = |linker: &mut Linker, mut p: ParsedConv<U>| -> Result<()> {
            let (tagged, thread, hashes) = (p.tagged.take(), p.thread.get().map(|t| t as usize), p.hashes);
            let c = p.raw();
            // duplicates are found within a source: another source's id is another conversation
            let Some(id) = linker.id(&key(source, &c.id), hashes.id) else {
                dup += 1;
                return Ok(());
            };
            let in_period = scope.in_period(c.created);
            if let Some(t) = thread {
                thread_in_period.insert(t, in_period);
            }
            kept.keep(c.created, in_period);
            if let Some(tagged) = tagged {
                batch.push((linker.row(id, c, in_period, &hashes), tagged));
                if batch.len() >= BATCH {
                    sink(&linker.interner, std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))?;
                }
            }
            Ok(())
        };
        // rows wait their turn while their strings are fetched
        rd.run_ahead(parse, &mut *linker, |l| &l.interner, take)?;
        if !batch.is_empty() {
            sink(&linker.interner, batch)?;
        }
        let (acc, mut rejects) = rd.finish(kept, dup);
        let mut accounting = vec![(InputKind::Conversations, acc)];
        if let Some(mut set) = set {
            // messages enrich conversations: a message counts where its conversation does
            let mut orphans = Vec::new();
            for (i, t) in set.threads.iter().enumerate() {
                match thread_in_period.get(&i) {
                    Some(true) => set.acc.rows_used += t.msgs.len() as u64,
                    Some(false) => set.acc.out_of_period += t.msgs.len() as u64,
                    None => orphans.extend(messages::reject_thread(
                        &set,
                        t,
                        &format!("conversation `{}` is not in the conversations export", t.id),
                    )),
                }
            }
            set.acc.rows_rejected += orphans.len() as u64;
            set.rejects.extend(orphans);
            accounting.push((InputKind::Messages, set.acc));
            rejects.extend(set.rejects);
        }
        Ok((accounting, rejects))
    }

    pub(crate) fn run_messages<U>(
        mut self,
        mut set: messages::MessageSet,
        tag: &impl Fn(ToTag) -> U,
        sink: &mut impl FnMut(&Interner, Vec<(ConvRow, U)>) -> Result<()>,
    ) -> Result<Ingested> {
        let mut no_customer = Vec::new();
        let mut kept = Accounting::default();
        let backlog = set.maps_resolution;
        {
            let mut convs: Vec<(RawConv, usize)> = Vec::new();
            for t in &set.threads {
                match messages::summarize(&set, t) {
                    Some(c) => convs.push((c, t.msgs.len())),
                    None => no_customer.extend(messages::reject_thread(
                        &set,
                        t,
                        "the conversation has no customer message (its start is not in the export?)",
                    )),
                }
            }
            convs.sort_by(|a, b| a.0.created.cmp(&b.0.created).then_with(|| a.0.id.cmp(&b.0.id)));
            let mut batch = Vec::with_capacity(BATCH);
            for (mut c, n) in convs {
                let in_period = self.scope.in_period(c.created);
                // a thread counts its messages where its conversation falls
                for _ in 0..n {
                    kept.keep(c.created, in_period);
                }
                if self.scope.keeps(c.created) || (backlog && c.open_at(self.scope.keep_to)) {
                    let id = self.linker.interner.intern(&c.id);
                    if let Some(linked) = &self.linked {
                        c.link(linked);
                    }
                    let asked = self.asked.as_ref().is_some_and(|a| a.contains(c.id.as_ref()));
                    let tagged = tag(c.to_tag(in_period, asked));
                    let hashes = Hashes::of(&c, &c.id, true);
                    batch.push((self.linker.row(id, c, in_period, &hashes), tagged));
                    if batch.len() >= BATCH {
                        sink(&self.linker.interner, std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))?;
                    }
                }
            }
            if !batch.is_empty() {
                sink(&self.linker.interner, batch)?;
            }
        }
        set.acc.rows_used += kept.rows_used;
        set.acc.out_of_period += kept.out_of_period;
        set.acc.span = kept.span;
        set.acc.rows_rejected += no_customer.len() as u64;
        set.rejects.extend(no_customer);
        Ok(Ingested {
            interner: self.linker.interner,
            accounting: vec![(InputKind::Messages, set.acc)],
            rejects: set.rejects,
            sources: Vec::new(),
        })
    }
}

/// The id a conversation is known by in the run: qualified by its source's name when there
/// are several sources.
fn key<'k>(source: Option<&str>, id: &'k str) -> Cow<'k, str> {
    match source {
        Some(name) => Cow::Owned(format!("{name}:{id}")),
        None => Cow::Borrowed(id),
    }
}

/// A conversation row as parsed and tagged on a reading thread, owned so that it can cross to
/// the thread that takes the rows in order. Its text stays behind (the tagging keeps what may
/// be quoted); a row outside the window the report needs keeps only its id (for duplicates)
/// and its times.
pub(crate) struct ParsedConv<U> {
    /// What the tagger said of a row kept for the report (inside the window, or open at its
    /// end: the backlog); `None`: not kept.
    tagged: Option<U>,
    /// Its message thread (by index).
    thread: Packed<u32>,
    /// id, channel, product, order, customer, segment, category, assignee.
    cells: Cells<8>,
    hashes: Hashes,
    created: i64,
    // packed as in a `Conv` (src/model/conv.rs): each row is moved from thread to thread
    response_at: Packed<i64>,
    resolved_at: Packed<i64>,
    ces: Packed<f32>,
    csat: Packed<f32>,
    nps: Packed<f32>,
    agent_replies: Packed<u16>,
    reopens: Packed<u16>,
}

impl<U> ParsedConv<U> {
    fn of(c: RawConv, thread: Option<usize>, tagged: Option<U>, source: Option<&str>) -> ParsedConv<U> {
        let keep = tagged.is_some();
        let hashes = Hashes::of(&c, &key(source, &c.id), keep);
        fn k<'v>(v: &'v Option<Cow<'_, str>>, keep: bool) -> Option<&'v str> {
            v.as_deref().filter(|_| keep)
        }
        let cells = Cells::new([
            Some(&c.id),
            k(&c.channel, keep),
            k(&c.product, keep),
            k(&c.order, keep),
            k(&c.customer, keep),
            k(&c.segment, keep),
            k(&c.category, keep),
            k(&c.assignee, keep),
        ]);
        ParsedConv {
            tagged,
            thread: thread.map(|t| t as u32).into(),
            cells,
            hashes,
            created: c.created,
            response_at: c.response_at.into(),
            resolved_at: c.resolved_at.into(),
            ces: c.ces.into(),
            csat: c.csat.into(),
            nps: c.nps.into(),
            agent_replies: c.agent_replies.into(),
            reopens: c.reopens.into(),
        }
    }

    /// The row as a [`RawConv`] borrowed from it (without its text, which was tagged).
    fn raw(&self) -> RawConv<'_> {
        let cell = |i: usize| self.cells.get(i).map(Cow::Borrowed);
        RawConv {
            id: cell(0).unwrap_or_default(),
            created: self.created,
            response_at: self.response_at.get(),
            text: Cow::Borrowed(""),
            tags: None,
            channel: cell(1),
            product: cell(2),
            order: cell(3),
            customer: cell(4),
            segment: cell(5),
            category: cell(6),
            ces: self.ces.get(),
            csat: self.csat.get(),
            nps: self.nps.get(),
            resolved_at: self.resolved_at.get(),
            assignee: cell(7),
            agent_replies: self.agent_replies.get(),
            reopens: self.reopens.get(),
        }
    }
}

/// A conversation's fields before interning (from a conversation row or a message thread).
/// Borrowed from the row it was read from, so that a row costs no allocation until it is kept.
pub struct RawConv<'a> {
    pub id: Cow<'a, str>,
    pub created: i64,
    pub response_at: Option<i64>,
    pub text: Cow<'a, str>,
    pub tags: Option<Cow<'a, str>>,
    pub channel: Option<Cow<'a, str>>,
    pub product: Option<Cow<'a, str>>,
    pub order: Option<Cow<'a, str>>,
    pub customer: Option<Cow<'a, str>>,
    pub segment: Option<Cow<'a, str>>,
    pub category: Option<Cow<'a, str>>,
    pub ces: Option<f32>,
    pub csat: Option<f32>,
    pub nps: Option<f32>,
    pub resolved_at: Option<i64>,
    pub assignee: Option<Cow<'a, str>>,
    pub agent_replies: Option<u16>,
    pub reopens: Option<u16>,
}

impl<'a> RawConv<'a> {
    /// With the sales read first (`crate::link`): a missing product through the order, a
    /// missing category through the product, by name in the sales' frozen names.
    fn link(&mut self, (lookup, names): &'a (Lookup, Interner)) {
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
    fn to_tag(&self, in_period: bool, asked: bool) -> ToTag<'_> {
        ToTag {
            text: &self.text,
            tags: self.tags.as_deref(),
            fields: Fields {
                channel: self.channel.as_deref(),
                segment: self.segment.as_deref(),
                category: self.category.as_deref(),
            },
            created: self.created,
            in_period,
            asked,
        }
    }

    /// Still open at `t`: not resolved, or resolved only at or after it (docs/metrics.md
    /// `backlog`: any earlier resolution closes it, plausible or not).
    pub fn open_at(&self, t: i64) -> bool {
        self.created < t && self.resolved_at.is_none_or(|r| r >= t)
    }
}

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
    let instant = |at: Field, secs: Field, mins: Field, what: &str| -> Result<Option<i64>, (Field, String)> {
        if let Some(v) = row.value(at) {
            return times.parse(&v).map(Some).map_err(|e| (at, format!("{what} {e}")));
        }
        for (f, unit) in [(secs, 1.0), (mins, 60.0)] {
            if let Some(v) = row.value(f) {
                let s = values::duration_seconds(&v, unit).map_err(|e| (f, e))?;
                return Ok(Some(created + (s * 1000.0).round() as i64));
            }
        }
        Ok(None)
    };
    let response_at =
        instant(Field::FirstResponseAt, Field::FirstResponseSeconds, Field::FirstResponseMinutes, "first response")?;
    let resolved_at = instant(Field::ResolvedAt, Field::ResolutionSeconds, Field::ResolutionMinutes, "resolution")?;
    let count = |f: Field, name: &str| -> Result<Option<u16>, (Field, String)> {
        row.value(f).map(|v| values::count(&v, name)).transpose().map_err(|e| (f, e))
    };
    let score = |f: Field, lo: f64, hi: f64, name: &str| -> Result<Option<f32>, (Field, String)> {
        match row.value(f) {
            None => Ok(None),
            Some(v) => values::score(&v, lo, hi, name).map(|x| Some(x as f32)).map_err(|e| (f, e)),
        }
    };
    Ok(RawConv {
        id,
        created,
        response_at,
        text: row.get(Field::Text).unwrap_or_default(),
        tags: row.value(Field::Tags),
        channel: row.value(Field::Channel),
        product: row.value(Field::ProductId),
        order: row.value(Field::OrderId),
        customer: row.value(Field::CustomerId),
        segment: row.value(Field::Segment),
        category: row.value(Field::Category),
        ces: score(Field::Ces, 1.0, 7.0, "CES")?,
        csat: score(Field::Csat, 1.0, 5.0, "CSAT")?,
        nps: score(Field::Nps, 0.0, 10.0, "NPS")?,
        resolved_at,
        assignee: row.value(Field::Assignee),
        agent_replies: count(Field::AgentReplies, "agent replies")?,
        reopens: count(Field::Reopens, "reopens")?,
    })
}
