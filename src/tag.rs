//! Tag stage: conversations in, one primary tag + class + risks per conversation out
//! (SPEC §5). Conversations are read on one thread while this one classifies the batches (and
//! sales are read on a third); the text is dropped here, except for the few risk examples the
//! report shows and what `explain --id` asks for.

use std::collections::{HashMap, HashSet};

use anyhow::Result;
use rayon::prelude::*;

use crate::config::InputKind;
use crate::ingest::{Accounting, ConvRow, ConversationSource, Frames, Ingested, Interner, Mapped, Reject, Sales, Scope, Sym};
use crate::taxonomy::{Fields, Scratch, TagSource, Taxonomy};

/// How many example conversations are kept per risk (the oldest of the period).
pub const RISK_IDS: usize = 20;
/// Longest example text kept.
const EXAMPLE_CHARS: usize = 300;

/// One tagged conversation, without its text. A report keeps millions of these, so optional
/// values are [`Packed`]: 72 bytes a conversation instead of 120.
#[derive(Debug, Clone)]
pub struct Conv {
    /// The conversation id, interned (`Tagged::interner` has its text).
    pub id: Sym,
    pub created: i64,
    pub response_at: Packed<i64>,
    pub channel: Packed<Sym>,
    pub product: Packed<Sym>,
    /// The order id, kept only while the product is unknown (it is found through the order).
    pub order: Packed<Sym>,
    pub customer: Packed<Sym>,
    pub segment: Packed<Sym>,
    pub category: Packed<Sym>,
    pub ces: Packed<f32>,
    pub csat: Packed<f32>,
    pub nps: Packed<f32>,
    pub tag: Option<u16>,
    pub source: TagSource,
    pub risks: u64,
    pub in_period: bool,
}

/// A value no input can have, standing for "none" in a [`Packed`].
pub trait Sentinel: Copy {
    const NONE: Self;
    fn is_none(self) -> bool;
}

/// Symbols never reach `Sym::MAX` (that many distinct strings would not fit in memory).
impl Sentinel for Sym {
    const NONE: Self = Sym::MAX;
    fn is_none(self) -> bool {
        self == Sym::MAX
    }
}

/// Instants are bounded by the timestamp parser; `i64::MIN` is not one.
impl Sentinel for i64 {
    const NONE: Self = i64::MIN;
    fn is_none(self) -> bool {
        self == i64::MIN
    }
}

/// Scores are finite numbers (`values::number` refuses NaN).
impl Sentinel for f32 {
    const NONE: Self = f32::NAN;
    fn is_none(self) -> bool {
        self.is_nan()
    }
}

/// `Option<T>` in the size of `T`.
#[derive(Clone, Copy, Debug)]
pub struct Packed<T: Sentinel>(T);

impl<T: Sentinel> Packed<T> {
    pub const NONE: Self = Packed(T::NONE);

    pub fn get(self) -> Option<T> {
        (!self.0.is_none()).then_some(self.0)
    }
}

impl<T: Sentinel> From<Option<T>> for Packed<T> {
    fn from(o: Option<T>) -> Self {
        Packed(o.unwrap_or(T::NONE))
    }
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

/// The risk examples seen so far: for each risk the oldest in-period conversations, pruned to
/// the [`RISK_IDS`] oldest instants (ties kept, to be ordered by id once names are known).
struct Examples(Vec<Vec<(i64, Sym, String)>>);

impl Examples {
    fn offer(&mut self, risks: u64, created: i64, id: Sym, text: &str) {
        for (i, list) in self.0.iter_mut().enumerate() {
            if risks & (1 << i) == 0 {
                continue;
            }
            list.push((created, id, text.to_string()));
            if list.len() > 8 * RISK_IDS {
                list.sort_by_key(|e| e.0);
                let cut = list[RISK_IDS - 1].0;
                list.retain(|e| e.0 <= cut);
            }
        }
    }

    fn finish(self, names: &Interner) -> Vec<Vec<RiskExample>> {
        self.0
            .into_iter()
            .map(|list| {
                let mut v: Vec<RiskExample> = list
                    .into_iter()
                    .map(|(created, id, text)| RiskExample { created, id: names.name(id).into(), text })
                    .collect();
                v.sort();
                v.truncate(RISK_IDS);
                v
            })
            .collect()
    }
}

/// Stream the conversations through the taxonomy. Sales are read at the same time on another
/// thread, unless taxonomy rules test a product's category (then sales come first, to give
/// conversations their category while they are read).
pub fn tag(frames: Frames, tax: &Taxonomy, keep: &Keep, progress: &indicatif::ProgressBar) -> Result<Tagged> {
    let Frames { scope, sales, mut conversations, mapped } = frames;
    if let Some(ids) = &keep.texts_of {
        conversations.ask_for(ids.clone());
    }
    if tax.tests_fields() {
        conversations.with_field_names();
    }
    let (mut sales, streamed) = if tax.tests_category() {
        let mut s = sales.read()?;
        conversations.link_with(&mut s);
        (s, stream(conversations, tax, keep, progress)?)
    } else {
        std::thread::scope(|sc| -> Result<_> {
            let reader = sc.spawn(move || sales.read());
            let streamed = stream(conversations, tax, keep, progress);
            let sales = reader.join().map_err(|_| anyhow::anyhow!("the sales reader stopped unexpectedly"))??;
            Ok((sales, streamed?))
        })?
    };
    let Streamed { mut ingested, mut convs, keywords, rule_hits, examples, asked } = streamed;
    // products through orders, categories through products, in one set of symbols
    let mut wanted: Vec<Sym> = convs.iter().filter(|c| c.product.get().is_none()).filter_map(|c| c.order.get()).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let (orders, categories) = sales.translate(&mut ingested.interner, wanted.into_iter());
    for c in &mut convs {
        if c.product.get().is_none() {
            c.product = c.order.get().and_then(|o| orders.get(&o).copied()).into();
        }
        if c.category.get().is_none() {
            c.category = c.product.get().and_then(|p| categories.get(&p).copied()).into();
        }
    }
    let mut accounting = ingested.accounting;
    accounting.extend(sales.accounting);
    let mut rejects = ingested.rejects;
    rejects.extend(sales.rejects);
    let texts = asked.into_iter().map(|(id, t)| (ingested.interner.name(id).to_string(), t)).collect();
    Ok(Tagged {
        scope,
        convs,
        sales: sales.sales,
        risk_examples: examples.finish(&ingested.interner),
        interner: ingested.interner,
        mapped,
        accounting,
        rejects,
        keywords,
        rule_hits,
        texts,
    })
}

struct Streamed {
    ingested: Ingested,
    convs: Vec<Conv>,
    keywords: Vec<Vec<String>>,
    rule_hits: Vec<Vec<u16>>,
    examples: Examples,
    asked: Vec<(Sym, (String, Option<String>))>,
}

/// Read conversations on one thread and classify the batches on this one as they arrive.
fn stream(conversations: ConversationSource, tax: &Taxonomy, keep: &Keep, progress: &indicatif::ProgressBar) -> Result<Streamed> {
    let sep = conversations.tag_separator().clone();
    let mut out = Streamed {
        ingested: Ingested { interner: Interner::default(), accounting: Vec::new(), rejects: Vec::new() },
        convs: Vec::new(),
        keywords: Vec::new(),
        rule_hits: Vec::new(),
        examples: Examples(vec![Vec::new(); tax.risks.len()]),
        asked: Vec::new(),
    };
    std::thread::scope(|sc| -> Result<()> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<ConvRow>>(4);
        let reader =
            sc.spawn(move || conversations.run(|_, batch| tx.send(batch).map_err(|_| anyhow::anyhow!("the tagger stopped"))));
        for batch in rx {
            let rows: Vec<Row> =
                batch.into_par_iter().map_init(Scratch::default, |s, r| classify_row(tax, &sep, keep, s, r)).collect();
            for row in rows {
                if let Some(text) = &row.example {
                    out.examples.offer(row.conv.risks, row.conv.created, row.conv.id, text);
                }
                if let Some(asked) = row.asked {
                    out.asked.push((row.conv.id, asked));
                }
                if keep.keywords {
                    out.keywords.push(row.keywords);
                }
                if keep.rule_hits {
                    out.rule_hits.push(row.hits);
                }
                out.convs.push(row.conv);
            }
            progress.set_position(out.convs.len() as u64);
        }
        out.ingested = reader.join().map_err(|_| anyhow::anyhow!("the conversation reader stopped unexpectedly"))??;
        Ok(())
    })?;
    Ok(out)
}

fn classify_row(tax: &Taxonomy, sep: &regex::Regex, keep: &Keep, s: &mut Scratch, r: ConvRow) -> Row {
    let names = r.field_names.as_deref();
    let fields = Fields {
        channel: names.and_then(|n| n[0].as_deref()),
        segment: names.and_then(|n| n[1].as_deref()),
        category: names.and_then(|n| n[2].as_deref()),
    };
    let manual = r.tags.as_deref().and_then(|cell| tax.manual_tag(cell, sep));
    let out = tax.classify(&r.text, &fields, manual, s);
    let keywords = if keep.keywords { tax.matched_keywords(s).into_iter().map(String::from).collect() } else { Vec::new() };
    let hits = if keep.rule_hits { tax.matched_tags(s, &fields).into_iter().map(|t| t as u16).collect() } else { Vec::new() };
    let example = (out.risks != 0 && r.in_period).then(|| truncate_chars(&r.text, EXAMPLE_CHARS));
    let asked = r.asked.then(|| (r.text.clone(), r.tags.as_deref().map(String::from)));
    Row {
        conv: Conv {
            id: r.id,
            created: r.created,
            response_at: r.response_at.into(),
            channel: r.channel.into(),
            product: r.product.into(),
            order: r.order.into(),
            customer: r.customer.into(),
            segment: r.segment.into(),
            category: r.category.into(),
            ces: r.ces.into(),
            csat: r.csat.into(),
            nps: r.nps.into(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_values_round_trip_and_keep_a_conversation_small() {
        for o in [None, Some(0), Some(7), Some(Sym::MAX - 1)] {
            assert_eq!(Packed::<Sym>::from(o).get(), o);
        }
        for o in [None, Some(i64::MIN + 1), Some(-1), Some(0), Some(1_794_150_000_000)] {
            assert_eq!(Packed::<i64>::from(o).get(), o);
        }
        for o in [None, Some(0.0), Some(-10.0), Some(f32::MAX), Some(f32::INFINITY)] {
            assert_eq!(Packed::<f32>::from(o).get(), o);
        }
        assert!(std::mem::size_of::<Conv>() <= 72, "{} bytes", std::mem::size_of::<Conv>());
    }
}
