//! Tag stage: conversations in, one primary tag + class + risks per conversation out
//! (SPEC §5). Batches from ingest are classified in parallel; the text is dropped here, except
//! for the few risk examples the report shows and what `explain`/`eval` ask for by id.

use std::collections::{BinaryHeap, HashMap, HashSet};

use anyhow::Result;
use rayon::prelude::*;

use crate::config::InputKind;
use crate::ingest::{Accounting, ConvRow, Frames, Interner, Mapped, Reject, Sales, Scope, Sym};
use crate::taxonomy::{Fields, Scratch, TagSource, Taxonomy};

/// How many example conversations are kept per risk (the oldest of the period).
pub const RISK_IDS: usize = 20;
/// Longest example text kept.
const EXAMPLE_CHARS: usize = 300;

/// One tagged conversation, without its text.
#[derive(Debug, Clone)]
pub struct Conv {
    pub id: Box<str>,
    pub created: i64,
    pub response_at: Option<i64>,
    pub channel: Option<Sym>,
    pub product: Option<Sym>,
    pub order: Option<Sym>,
    pub customer: Option<Sym>,
    pub segment: Option<Sym>,
    pub category: Option<Sym>,
    pub ces: Option<f32>,
    pub csat: Option<f32>,
    pub nps: Option<f32>,
    pub tag: Option<u16>,
    pub source: TagSource,
    pub risks: u64,
    pub in_period: bool,
}

/// A risk conversation of the period with its text (masked only when rendered).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RiskExample {
    pub created: i64,
    pub id: Box<str>,
    pub text: String,
}

/// What the tag stage can be asked to keep beyond the tags.
#[derive(Debug, Default, Clone)]
pub struct Keep {
    /// The matched keywords of every conversation (for `voc tag`).
    pub keywords: bool,
    /// The text and tag cell of these conversation ids (for `explain --id`, `eval`).
    pub texts_of: Option<HashSet<String>>,
    /// Every tag whose own rule matched (for `taxonomy stats`).
    pub rule_hits: bool,
}

#[derive(Debug)]
pub struct Tagged {
    pub scope: Scope,
    pub convs: Vec<Conv>,
    pub sales: Sales,
    pub interner: Interner,
    pub mapped: Mapped,
    pub accounting: Vec<(InputKind, Accounting)>,
    pub rejects: Vec<Reject>,
    /// Per risk, the oldest in-period conversations (created, id), up to [`RISK_IDS`], oldest first.
    pub risk_examples: Vec<Vec<RiskExample>>,
    /// Parallel to `convs` when [`Keep::keywords`].
    pub keywords: Vec<Vec<String>>,
    /// Parallel to `convs` when [`Keep::rule_hits`].
    pub rule_hits: Vec<Vec<u16>>,
    /// id → (text, tags cell) for [`Keep::texts_of`].
    pub texts: HashMap<String, (String, Option<String>)>,
}

struct Row {
    conv: Conv,
    keywords: Vec<String>,
    hits: Vec<u16>,
    /// Cut text for a risk example.
    example: Option<String>,
    /// Full text and tags cell asked for by id.
    asked: Option<(String, Option<String>)>,
}

/// Stream the conversations through the taxonomy.
pub fn tag(frames: Frames, tax: &Taxonomy, keep: &Keep, progress: &indicatif::ProgressBar) -> Result<Tagged> {
    let Frames { scope, sales, conversations, mapped, mut accounting, mut rejects } = frames;
    let sep = conversations.tag_separator().clone();
    let mut convs = Vec::new();
    let mut keywords = Vec::new();
    let mut rule_hits = Vec::new();
    let mut texts = HashMap::new();
    let mut heaps: Vec<BinaryHeap<RiskExample>> = vec![BinaryHeap::new(); tax.risks.len()];
    let ingested = conversations.run(|interner, batch: Vec<ConvRow>| {
        let rows: Vec<Row> =
            batch.into_par_iter().map_init(Scratch::default, |s, r| classify_row(tax, interner, &sep, keep, s, r)).collect();
        for row in rows {
            if let Some(text) = row.example {
                for (i, heap) in heaps.iter_mut().enumerate() {
                    if row.conv.risks & (1 << i) != 0 {
                        offer(heap, RiskExample { created: row.conv.created, id: row.conv.id.clone(), text: text.clone() });
                    }
                }
            }
            if let Some(asked) = row.asked {
                texts.insert(row.conv.id.to_string(), asked);
            }
            if keep.keywords {
                keywords.push(row.keywords);
            }
            if keep.rule_hits {
                rule_hits.push(row.hits);
            }
            convs.push(row.conv);
        }
        progress.set_position(convs.len() as u64);
        Ok(())
    })?;
    accounting.splice(0..0, ingested.accounting);
    let mut conv_rejects = ingested.rejects;
    conv_rejects.append(&mut rejects);
    let risk_examples = heaps.into_iter().map(|h| h.into_sorted_vec()).collect();
    Ok(Tagged {
        scope,
        convs,
        sales,
        interner: ingested.interner,
        mapped,
        accounting,
        rejects: conv_rejects,
        risk_examples,
        keywords,
        rule_hits,
        texts,
    })
}

/// Keep the `RISK_IDS` smallest (created, id) in a max-heap.
fn offer(heap: &mut BinaryHeap<RiskExample>, ex: RiskExample) {
    if heap.len() < RISK_IDS {
        heap.push(ex);
    } else if heap.peek().is_some_and(|top| ex < *top) {
        heap.pop();
        heap.push(ex);
    }
}

fn classify_row(tax: &Taxonomy, interner: &Interner, sep: &regex::Regex, keep: &Keep, s: &mut Scratch, r: ConvRow) -> Row {
    let name = |k: Option<Sym>| k.map(|k| interner.name(k));
    let fields = Fields { channel: name(r.channel), segment: name(r.segment), category: name(r.category) };
    let manual = r.tags.as_deref().and_then(|cell| tax.manual_tag(cell, sep));
    let out = tax.classify(&r.text, &fields, manual, s);
    let keywords = if keep.keywords { tax.matched_keywords(s).into_iter().map(String::from).collect() } else { Vec::new() };
    let hits = if keep.rule_hits { tax.matched_tags(s, &fields).into_iter().map(|t| t as u16).collect() } else { Vec::new() };
    let example = (out.risks != 0 && r.in_period).then(|| truncate_chars(&r.text, EXAMPLE_CHARS));
    let asked = keep
        .texts_of
        .as_ref()
        .is_some_and(|ids| ids.contains(&*r.id))
        .then(|| (r.text.clone(), r.tags.as_deref().map(String::from)));
    Row {
        conv: Conv {
            id: r.id,
            created: r.created,
            response_at: r.response_at,
            channel: r.channel,
            product: r.product,
            order: r.order,
            customer: r.customer,
            segment: r.segment,
            category: r.category,
            ces: r.ces,
            csat: r.csat,
            nps: r.nps,
            tag: out.primary,
            source: out.source,
            risks: out.risks,
            in_period: r.in_period,
        },
        keywords,
        hits,
        example,
        asked,
    }
}

fn truncate_chars(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}
