//! Conversations, from a conversation export, a message export, or both.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use anyhow::{Context, Result};

use super::input::*;
use super::mapping::Row;
use super::messages;
use super::parsed::{Linker, ParsedConv, RawConv, conversation, key};
use super::timestamps::TimeParser;
use crate::config::{Field, Input, InputKind};
use crate::model::{Accounting, BATCH, Conv, Interner, Lookup, Reject, Scope, ToTag};

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

/// What is left when the stream has been read.
#[derive(Debug)]
pub struct Ingested {
    pub interner: Interner,
    /// Conversations and/or messages, in that order.
    pub accounting: Vec<(InputKind, Accounting)>,
    pub rejects: Vec<Reject>,
    /// With several conversation sources, each one's own accounting (summed in `accounting`).
    pub sources: Vec<(String, Accounting)>,
    /// (id, url) of the kept conversations that say where they open in the helpdesk.
    pub urls: Vec<(crate::model::Sym, crate::model::Sym)>,
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
        mut sink: impl FnMut(&Interner, Vec<(Conv, U)>) -> Result<()>,
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
        Ok(Ingested { interner: self.linker.interner, accounting, rejects, sources, urls: self.linker.urls })
    }

    /// One conversation source (with its messages, if any): its rows go to `sink`; returns its
    /// accounting (conversations, then messages) and its rejects.
    fn read_source<U: Send>(
        &mut self,
        input: &Input,
        set: Option<messages::MessageSet>,
        qualify: bool,
        tag: &(impl Fn(ToTag) -> U + Sync),
        sink: &mut impl FnMut(&Interner, Vec<(Conv, U)>) -> Result<()>,
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
            let keep = scope.keeps(c.v.created) || (backlog && c.v.open_at(scope.keep_to));
            // (threads are empty without messages)
            let thread = threads.get(c.id.as_ref()).copied();
            if !keep {
                return Ok(Ok(ParsedConv::of(c, thread, None, source)));
            }
            // a row the report keeps gets what its message thread says
            if let (Some(t), Some(set)) = (thread, &set) {
                let thread = &set.threads[t];
                c.bot |= thread.msgs.iter().any(|&i| set.msgs[i].author == messages::Author::Bot);
                if c.text.trim().is_empty() {
                    c.text = Cow::Owned(messages::summarize(set, thread).map(|s| s.text.into_owned()).unwrap_or_default());
                }
                if !own_response {
                    c.v.response_at = messages::first_agent_after(set, thread, c.v.created).into();
                }
                if !own_replies {
                    c.v.agent_replies = Some(messages::agent_replies(set, thread)).into();
                }
                // a rating goes to the agent who answered, when the messages say who (an
                // assignee column holds whoever has the conversation now)
                if let Some(agent) = messages::first_agent(set, thread, c.v.created) {
                    c.assignee = Some(Cow::Borrowed(agent));
                }
            }
            if let Some(linked) = linked {
                c.link(linked);
            }
            let asked = asked.is_some_and(|a| a.contains(key(source, &c.id).as_ref()));
            let tagged = tag(c.to_tag(scope.in_period(c.v.created), asked));
            Ok(Ok(ParsedConv::of(c, thread, Some(tagged), source)))
        };
        let take = |linker: &mut Linker, mut p: ParsedConv<U>| -> Result<()> {
            // duplicates are found within a source: another source's id is another conversation
            let Some(id) = linker.id(&p) else {
                dup += 1;
                return Ok(());
            };
            let in_period = scope.in_period(p.v.created);
            if let Some(t) = p.thread() {
                thread_in_period.insert(t, in_period);
            }
            kept.keep(p.v.created, in_period);
            if let Some(tagged) = p.tagged.take() {
                batch.push((linker.conv(id, &p, in_period), tagged));
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
        sink: &mut impl FnMut(&Interner, Vec<(Conv, U)>) -> Result<()>,
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
            convs.sort_by(|a, b| a.0.v.created.cmp(&b.0.v.created).then_with(|| a.0.id.cmp(&b.0.id)));
            let mut batch = Vec::with_capacity(BATCH);
            for (mut c, n) in convs {
                let in_period = self.scope.in_period(c.v.created);
                // a thread counts its messages where its conversation falls
                for _ in 0..n {
                    kept.keep(c.v.created, in_period);
                }
                if self.scope.keeps(c.v.created) || (backlog && c.v.open_at(self.scope.keep_to)) {
                    if let Some(linked) = &self.linked {
                        c.link(linked);
                    }
                    let asked = self.asked.as_ref().is_some_and(|a| a.contains(c.id.as_ref()));
                    let tagged = tag(c.to_tag(in_period, asked));
                    let mut p = ParsedConv::of(c, None, Some(tagged), None);
                    // threads are grouped by id: none repeats
                    let (Some(id), Some(tagged)) = (self.linker.id(&p), p.tagged.take()) else { continue };
                    batch.push((self.linker.conv(id, &p, in_period), tagged));
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
            urls: Vec::new(),
        })
    }
}
