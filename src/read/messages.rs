//! Message-level exports (docs/config.md `messages:`, docs/inputs.md "Input semantics"): one row per message, grouped into conversations by a
//! conversation id column, or by reply chains (`reply_to`: a conversation is the root of its
//! chain). A conversation starts at its first customer message; its first response is the
//! first agent (not bot) message after that; its text is its customer messages.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use anyhow::Result;

use super::input::{InputReader, Verdict};
use super::parsed::{RawConv, Values};
use super::timestamps::TimeParser;
use super::values;
use crate::config::{Field, Input};
use crate::model::{Accounting, Reject};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Author {
    Customer,
    Agent,
    Bot,
}

/// One valid message.
#[derive(Debug, Clone)]
pub struct Msg {
    pub id: Option<Box<str>>,
    pub conv: Option<Box<str>>,
    pub reply_to: Option<Box<str>>,
    pub sent: i64,
    pub author: Author,
    /// Who wrote it (`author_id`): an agent's id names the conversation's assignee.
    pub author_id: Option<Box<str>>,
    /// The conversation's resolution, when the message row carries one.
    pub resolved: Option<i64>,
    pub text: String,
    /// Conversation-level fields the message row carries (channel, customer, …).
    pub fields: Vec<(Field, String)>,
    pub file: String,
    pub row: u64,
    pub raw: String,
}

/// A conversation assembled from messages, in time order.
#[derive(Debug, Clone)]
pub struct Thread {
    pub id: String,
    /// Indices into the message list, sorted by time (then file order).
    pub msgs: Vec<usize>,
}

pub struct MessageSet {
    pub msgs: Vec<Msg>,
    pub threads: Vec<Thread>,
    pub acc: Accounting,
    pub rejects: Vec<Reject>,
    /// The message rows carry a resolution (the backlog keeps threads open at the end).
    pub maps_resolution: bool,
}

/// Conversation-level fields a message row may carry.
const CONV_FIELDS: [Field; 10] = [
    Field::Assignee,
    Field::Channel,
    Field::CustomerId,
    Field::ProductId,
    Field::OrderId,
    Field::Tags,
    Field::Segment,
    Field::Category,
    Field::Ces,
    Field::Csat,
];

fn author_of(input: &Input, v: &str) -> Option<Author> {
    let eq = |list: &[String]| list.iter().any(|x| x.trim().eq_ignore_ascii_case(v.trim()));
    let a = &input.author_values;
    if eq(&a.customer) {
        Some(Author::Customer)
    } else if eq(&a.agent) {
        Some(Author::Agent)
    } else if eq(&a.bot) {
        Some(Author::Bot)
    } else {
        None
    }
}

/// Read every message of the input and group them into threads.
pub fn read(input: &Input, tz: chrono_tz::Tz) -> Result<MessageSet> {
    let mut rd = InputReader::new(input);
    let times = TimeParser::new(tz, &input.timestamp_formats);
    let excel = TimeParser::new(tz, &input.timestamp_formats).with_excel(true);
    let mut msgs: Vec<Msg> = Vec::new();
    let mut seen_ids: HashSet<Box<str>> = HashSet::new();
    let mut dup = 0u64;
    let chains = !input.maps(Field::ConversationId);
    rd.run(|row, _| {
        let parser = if row.excel { &excel } else { &times };
        let Some(sent) = row.value(Field::SentAt) else {
            return Ok(Verdict::Reject { field: Some(Field::SentAt), reason: "missing message time".into() });
        };
        let sent = match parser.parse(&sent) {
            Ok(t) => t,
            Err(e) => return Ok(Verdict::Reject { field: Some(Field::SentAt), reason: e }),
        };
        let Some(a) = row.value(Field::Author) else {
            return Ok(Verdict::Reject { field: Some(Field::Author), reason: "missing author".into() });
        };
        let Some(author) = author_of(input, &a) else {
            return Ok(Verdict::Reject {
                field: Some(Field::Author),
                reason: format!("author `{a}` is not a customer, agent or bot value of author_values"),
            });
        };
        let id = row.value(Field::MessageId).map(|v| Box::<str>::from(v.as_ref()));
        let conv = row.value(Field::ConversationId).map(|v| Box::<str>::from(v.as_ref()));
        if !chains && conv.is_none() {
            return Ok(Verdict::Reject { field: Some(Field::ConversationId), reason: "missing conversation id".into() });
        }
        if chains && id.is_none() {
            return Ok(Verdict::Reject {
                field: Some(Field::MessageId),
                reason: "missing message id (needed to follow reply chains)".into(),
            });
        }
        for (f, lo, hi, name) in [(Field::Ces, 1.0, 7.0, "CES"), (Field::Csat, 1.0, 5.0, "CSAT"), (Field::Nps, 0.0, 10.0, "NPS")]
        {
            if let Some(v) = row.value(f) {
                if let Err(e) = values::score(&v, lo, hi, name) {
                    return Ok(Verdict::Reject { field: Some(f), reason: e });
                }
            }
        }
        let resolved = match row.value(Field::ResolvedAt).map(|v| parser.parse(&v)) {
            None => None,
            Some(Ok(t)) => Some(t),
            Some(Err(e)) => return Ok(Verdict::Reject { field: Some(Field::ResolvedAt), reason: format!("resolution {e}") }),
        };
        if let Some(i) = &id {
            if !seen_ids.insert(i.clone()) {
                dup += 1;
                return Ok(Verdict::Valid);
            }
        }
        let mut fields = Vec::new();
        for f in CONV_FIELDS.iter().chain([Field::Nps].iter()) {
            if let Some(v) = row.value(*f) {
                fields.push((*f, v.into_owned()));
            }
        }
        msgs.push(Msg {
            id,
            conv,
            reply_to: row.value(Field::ReplyTo).map(|v| Box::<str>::from(v.as_ref())),
            sent,
            author,
            author_id: row.value(Field::AuthorId).map(|v| Box::<str>::from(v.as_ref())),
            resolved,
            text: row.get(Field::Text).map(|t| t.into_owned()).unwrap_or_default(),
            fields,
            file: row.file().to_string(),
            row: row.row,
            raw: row.raw(),
        });
        Ok(Verdict::Valid)
    })?;
    let threads = if chains { by_chains(&msgs) } else { by_id(&msgs) };
    let mut acc = rd.acc;
    acc.duplicates = dup;
    Ok(MessageSet { msgs, threads, acc, rejects: rd.rejects, maps_resolution: input.maps(Field::ResolvedAt) })
}

fn sort_thread(msgs: &[Msg], idx: &mut [usize]) {
    idx.sort_by_key(|&i| (msgs[i].sent, i));
}

fn by_id(msgs: &[Msg]) -> Vec<Thread> {
    let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    for (i, m) in msgs.iter().enumerate() {
        let k = m.conv.as_deref().unwrap_or("");
        groups.entry(k).or_insert_with(|| {
            order.push(k);
            Vec::new()
        });
        groups.get_mut(k).expect("inserted").push(i);
    }
    order
        .into_iter()
        .map(|k| {
            let mut idx = groups.remove(k).expect("grouped");
            sort_thread(msgs, &mut idx);
            Thread { id: k.to_string(), msgs: idx }
        })
        .collect()
}

/// The root of each message's reply chain names its conversation. A parent that is not in
/// the export ends the chain there; a cycle ends it at the message seen twice.
fn by_chains(msgs: &[Msg]) -> Vec<Thread> {
    let index: HashMap<&str, usize> = msgs.iter().enumerate().filter_map(|(i, m)| m.id.as_deref().map(|id| (id, i))).collect();
    let mut root_of = vec![usize::MAX; msgs.len()];
    for start in 0..msgs.len() {
        let mut path = vec![start];
        let mut cur = start;
        let root = loop {
            if root_of[cur] != usize::MAX {
                break root_of[cur];
            }
            match msgs[cur].reply_to.as_deref().and_then(|p| index.get(p)) {
                Some(&parent) if !path.contains(&parent) => {
                    path.push(parent);
                    cur = parent;
                }
                _ => break cur,
            }
        };
        for p in path {
            root_of[p] = root;
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut order = Vec::new();
    for (i, &r) in root_of.iter().enumerate() {
        groups.entry(r).or_insert_with(|| {
            order.push(r);
            Vec::new()
        });
        groups.get_mut(&r).expect("inserted").push(i);
    }
    order
        .into_iter()
        .map(|r| {
            let mut idx = groups.remove(&r).expect("grouped");
            sort_thread(msgs, &mut idx);
            Thread { id: msgs[r].id.as_deref().unwrap_or("").to_string(), msgs: idx }
        })
        .collect()
}

/// When the conversation starts (its first customer message), when it was first answered by
/// an agent at or after that, and its customer text. `None` when no customer wrote.
pub fn summarize<'s>(set: &'s MessageSet, t: &'s Thread) -> Option<RawConv<'s>> {
    let msgs = &set.msgs;
    let first = t.msgs.iter().copied().find(|&i| msgs[i].author == Author::Customer)?;
    let created = msgs[first].sent;
    let response_at = first_agent_after(set, t, created);
    let text: Vec<&str> = t
        .msgs
        .iter()
        .filter(|&&i| msgs[i].author == Author::Customer)
        .map(|&i| msgs[i].text.trim())
        .filter(|s| !s.is_empty())
        .collect();
    let field = |f: Field| {
        t.msgs.iter().find_map(|&i| msgs[i].fields.iter().find(|(k, _)| *k == f).map(|(_, v)| Cow::Borrowed(v.as_str())))
    };
    let score = |f: Field| field(f).and_then(|v| values::number(&v).ok()).map(|v| v as f32);
    let v = Values {
        created,
        response_at: response_at.into(),
        // the latest resolution any of its messages states (a reopened thread is solved again later)
        resolved_at: t.msgs.iter().filter_map(|&i| msgs[i].resolved).max().into(),
        ces: score(Field::Ces).into(),
        csat: score(Field::Csat).into(),
        nps: score(Field::Nps).into(),
        agent_replies: Some(agent_replies(set, t)).into(),
        reopens: None.into(),
    };
    Some(RawConv {
        url: None,
        bot: t.msgs.iter().any(|&i| msgs[i].author == Author::Bot),
        id: Cow::Borrowed(t.id.as_str()),
        text: Cow::Owned(text.join("\n")),
        tags: field(Field::Tags),
        channel: field(Field::Channel),
        product: field(Field::ProductId),
        order: field(Field::OrderId),
        customer: field(Field::CustomerId),
        segment: field(Field::Segment),
        category: field(Field::Category),
        assignee: first_agent(set, t, created).map(Cow::Borrowed).or_else(|| field(Field::Assignee)),
        v,
    })
}

/// The first agent (not bot) message at or after `from`.
/// How many agent messages the thread has (its `agent_replies`).
pub fn agent_replies(set: &MessageSet, t: &Thread) -> u16 {
    t.msgs.iter().filter(|&&i| set.msgs[i].author == Author::Agent).count().min(10_000) as u16
}

/// The first agent to answer at or after `from`, by `author_id` (its assignee).
pub fn first_agent<'s>(set: &'s MessageSet, t: &Thread, from: i64) -> Option<&'s str> {
    t.msgs
        .iter()
        .map(|&i| &set.msgs[i])
        .find(|m| m.author == Author::Agent && m.sent >= from)
        .and_then(|m| m.author_id.as_deref())
}

pub fn first_agent_after(set: &MessageSet, t: &Thread, from: i64) -> Option<i64> {
    t.msgs.iter().map(|&i| &set.msgs[i]).find(|m| m.author == Author::Agent && m.sent >= from).map(|m| m.sent)
}

/// Every message of a thread, as rejects with one reason.
pub fn reject_thread(set: &MessageSet, t: &Thread, reason: &str) -> Vec<Reject> {
    t.msgs
        .iter()
        .map(|&i| {
            let m = &set.msgs[i];
            Reject {
                input: crate::config::InputKind::Messages,
                source: None,
                file: m.file.clone(),
                row: m.row,
                column: String::new(),
                reason: reason.to_string(),
                raw: m.raw.clone(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(id: &str, reply: Option<&str>, sent: i64, author: Author) -> Msg {
        Msg {
            id: Some(id.into()),
            conv: None,
            reply_to: reply.map(Into::into),
            sent,
            author,
            author_id: None,
            resolved: None,
            text: id.to_string(),
            fields: vec![],
            file: "f".into(),
            row: 1,
            raw: String::new(),
        }
    }

    #[test]
    fn chains_group_by_their_root_even_through_missing_parents_and_cycles() {
        let msgs = vec![
            m("a", None, 1, Author::Customer),
            m("b", Some("a"), 5, Author::Agent),
            m("c", Some("b"), 9, Author::Customer),
            m("x", Some("not-in-export"), 3, Author::Customer),
            m("y", Some("x"), 4, Author::Bot),
            m("p", Some("q"), 7, Author::Customer),
            m("q", Some("p"), 8, Author::Agent),
        ];
        let t = by_chains(&msgs);
        let ids: Vec<(&str, Vec<usize>)> = t.iter().map(|t| (t.id.as_str(), t.msgs.clone())).collect();
        assert_eq!(ids[0], ("a", vec![0, 1, 2]));
        assert_eq!(ids[1], ("x", vec![3, 4]));
        assert_eq!(ids.len(), 3, "the p–q cycle is one conversation: {ids:?}");
        let set = MessageSet { msgs, threads: t.clone(), acc: Accounting::default(), rejects: vec![], maps_resolution: false };
        let a = summarize(&set, &t[0]).unwrap();
        assert_eq!((a.v.created, a.v.response_at.get()), (1, Some(5)));
        assert_eq!(a.text, "a\nc");
        // bot-only answers leave a conversation unanswered
        let x = summarize(&set, &t[1]).unwrap();
        assert_eq!(x.v.response_at.get(), None);
    }

    #[test]
    fn an_agent_message_before_the_customer_does_not_count() {
        let msgs =
            vec![m("o", None, 1, Author::Agent), m("c", Some("o"), 10, Author::Customer), m("r", Some("c"), 70, Author::Agent)];
        let t = by_chains(&msgs);
        let set = MessageSet { msgs, threads: t.clone(), acc: Accounting::default(), rejects: vec![], maps_resolution: false };
        let s = summarize(&set, &t[0]).unwrap();
        assert_eq!((s.v.created, s.v.response_at.get()), (10, Some(70)));
        // a thread with no customer message has no conversation
        let only_agent = vec![m("o", None, 1, Author::Agent)];
        let t = by_chains(&only_agent);
        let set = MessageSet {
            msgs: only_agent,
            threads: t.clone(),
            acc: Accounting::default(),
            rejects: vec![],
            maps_resolution: false,
        };
        assert!(summarize(&set, &t[0]).is_none());
    }
}
