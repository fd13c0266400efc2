//! Classify (docs/taxonomy.md): each conversation gets one primary tag, its class and its
//! risks from the compiled taxonomy, in batches on every core. The text is dropped here,
//! except for the few risk examples the report quotes and what `explain --id` asks for.

use std::collections::HashSet;

use rayon::prelude::*;

use crate::model::{Conv, ConvRow, Interner, RiskExample, Sym};
use crate::taxonomy::compile::Owner;
use crate::taxonomy::{Fields, Scratch, Taxonomy};

/// How many example conversations are kept per risk (the oldest of the period).
pub const RISK_IDS: usize = 20;

/// What classifying can be asked to keep beyond the tags.
#[derive(Debug, Default, Clone)]
pub struct Keep {
    /// The matched keywords of every conversation (for `voc tag`).
    pub keywords: bool,
    /// The text and tag cell of these conversation ids (for `explain --id`, `eval`).
    pub texts_of: Option<HashSet<String>>,
    /// Every tag whose own rule matched (for `taxonomy stats`).
    pub rule_hits: bool,
    /// The text of every conversation of the period (for `taxonomy suggest`).
    pub period_texts: bool,
}

/// The conversations classified so far, and what [`Keep`] asked to keep of them.
#[derive(Default)]
pub struct Classified {
    pub convs: Vec<Conv>,
    /// Parallel to `convs` when [`Keep::keywords`].
    pub keywords: Vec<Vec<String>>,
    /// Parallel to `convs` when [`Keep::rule_hits`].
    pub rule_hits: Vec<Vec<u16>>,
    /// Parallel to `convs` when [`Keep::period_texts`] (empty outside the period).
    pub period_texts: Vec<String>,
    examples: Examples,
    /// (id, (text, tags cell)) for [`Keep::texts_of`].
    pub asked: Vec<(Sym, (String, Option<String>))>,
    /// Manual tag values of the period's conversations that name no tag, with their counts.
    pub unmapped_manual: std::collections::HashMap<Box<str>, u64>,
    voices: Voices,
}

impl Classified {
    pub fn new(tax: &Taxonomy) -> Classified {
        Classified { examples: Examples(vec![Vec::new(); tax.risks.len()]), ..Classified::default() }
    }

    /// Classify one batch of rows (in parallel) and add them in their order.
    pub fn add(&mut self, batch: Vec<ConvRow>, tax: &Taxonomy, sep: &regex::Regex, keep: &Keep) {
        let rows: Vec<Row> =
            batch.into_par_iter().map_init(Scratch::default, |s, r| classify_row(tax, sep, keep, s, r)).collect();
        for row in rows {
            if let Some(text) = &row.example {
                self.examples.offer(row.conv.risks, row.conv.created, row.conv.id, text);
            }
            for v in row.unmapped {
                *self.unmapped_manual.entry(v).or_default() += 1;
            }
            if let Some(text) = &row.voice_text {
                for (key, hits) in &row.voice_for {
                    self.voices.offer(*key, *hits, &row.conv, text);
                }
            }
            if let Some(asked) = row.asked {
                self.asked.push((row.conv.id, asked));
            }
            if keep.keywords {
                self.keywords.push(row.keywords);
            }
            if keep.rule_hits {
                self.rule_hits.push(row.hits);
            }
            if keep.period_texts {
                self.period_texts.push(row.period_text.unwrap_or_default());
            }
            self.convs.push(row.conv);
        }
    }

    /// The customers' words kept for each level-1 tag and risk: up to [`VOICES`] each.
    pub fn voices(&mut self, names: &Interner) -> Vec<(VoiceKey, Vec<crate::model::Voice>)> {
        std::mem::take(&mut self.voices).finish(names)
    }

    /// Per risk, the oldest in-period conversations with their text, oldest first (ties: id).
    pub fn risk_examples(&mut self, names: &Interner) -> Vec<Vec<RiskExample>> {
        std::mem::take(&mut self.examples).finish(names)
    }
}

struct Row {
    conv: Conv,
    keywords: Vec<String>,
    hits: Vec<u16>,
    /// The text of a risk example (cut once masked, in the report).
    example: Option<String>,
    /// The text, for [`Keep::period_texts`].
    period_text: Option<String>,
    /// Full text and tags cell asked for by id.
    asked: Option<(String, Option<String>)>,
    /// Values of the tags cell that name no tag (period conversations only).
    unmapped: Vec<Box<str>>,
    /// What the row may be quoted for (period conversations only): its level-1 tag and each of
    /// its risks, with how many distinct keywords of that tag or risk its text hit.
    voice_for: Vec<(VoiceKey, u32)>,
    /// The text, when it may be quoted (moved here: the row keeps no other copy).
    voice_text: Option<String>,
}

pub use crate::model::VoiceKey;

/// Quotes kept per tag or risk.
pub const VOICES: usize = 3;

/// A candidate quote: the text that hit the most keywords, then the newest (then the id).
#[derive(Debug, Clone)]
struct Candidate {
    hits: u32,
    created: i64,
    id: Sym,
    channel: Option<Sym>,
    text: String,
}

/// The best candidates per tag or risk, pruned to the best [`VOICES`] (ties on hits and
/// instant kept, to be ordered by id once names are known), with the (hits, instant) a new
/// candidate must reach once a list has been pruned: the others are refused without a copy.
#[derive(Default)]
struct Voices(std::collections::HashMap<VoiceKey, (Vec<Candidate>, Option<(u32, i64)>)>);

impl Voices {
    fn offer(&mut self, key: VoiceKey, hits: u32, c: &Conv, text: &str) {
        let (list, cut) = self.0.entry(key).or_default();
        if cut.is_some_and(|cut| (hits, c.created) < cut) {
            return;
        }
        // whole: it is masked before it is cut (a cut phone number would escape the mask)
        let text = text.to_string();
        list.push(Candidate { hits, created: c.created, id: c.id, channel: c.channel.get(), text });
        if list.len() > 8 * VOICES {
            list.sort_by(|a, b| b.hits.cmp(&a.hits).then(b.created.cmp(&a.created)));
            let best = (list[VOICES - 1].hits, list[VOICES - 1].created);
            list.retain(|x| (x.hits, x.created) >= best);
            *cut = Some(best);
        }
    }

    fn finish(self, names: &Interner) -> Vec<(VoiceKey, Vec<crate::model::Voice>)> {
        let mut out: Vec<(VoiceKey, Vec<crate::model::Voice>)> = self
            .0
            .into_iter()
            .map(|(k, (mut list, _))| {
                list.sort_by(|a, b| {
                    b.hits.cmp(&a.hits).then(b.created.cmp(&a.created)).then_with(|| names.name(a.id).cmp(names.name(b.id)))
                });
                list.truncate(VOICES);
                let voices = list
                    .into_iter()
                    .map(|c| crate::model::Voice {
                        id: names.name(c.id).into(),
                        created: c.created,
                        channel: c.channel.map(|ch| names.name(ch).into()),
                        text: c.text,
                    })
                    .collect();
                (k, voices)
            })
            .collect();
        out.sort_by_key(|(k, _)| *k);
        out
    }
}

/// The risk examples seen so far: for each risk the oldest in-period conversations, pruned to
/// the [`RISK_IDS`] oldest instants (ties kept, to be ordered by id once names are known).
#[derive(Default)]
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

fn classify_row(tax: &Taxonomy, sep: &regex::Regex, keep: &Keep, s: &mut Scratch, r: ConvRow) -> Row {
    let names = r.field_names.as_deref();
    let fields = Fields {
        channel: names.and_then(|n| n[0].as_deref()),
        segment: names.and_then(|n| n[1].as_deref()),
        category: names.and_then(|n| n[2].as_deref()),
    };
    // the period's tags cells are also searched for values that name no tag
    let (manual, unmapped) = match (r.tags.as_deref(), r.in_period) {
        (Some(cell), true) => {
            let (m, u) = tax.manual_values(cell, sep);
            (m, u.into_iter().map(Box::from).collect())
        }
        (Some(cell), false) => (tax.manual_tag(cell, sep), Vec::new()),
        (None, _) => (None, Vec::new()),
    };
    let out = tax.classify(&r.text, &fields, manual, s);
    let keywords = if keep.keywords { tax.matched_keywords(s).into_iter().map(String::from).collect() } else { Vec::new() };
    let hits = if keep.rule_hits { tax.matched_tags(s, &fields).into_iter().map(|t| t as u16).collect() } else { Vec::new() };
    let example = (out.risks != 0 && r.in_period).then(|| r.text.clone());
    let mut voice_for = Vec::new();
    if r.in_period {
        if let Some(l1) = out.primary.and_then(|t| tax.lineage(t as usize).last()) {
            let under = |t: usize| tax.lineage(t).last() == Some(l1);
            voice_for.push((VoiceKey::Tag(l1 as u16), tax.keyword_hits(s, |o| matches!(o, Owner::Tag(t) if under(t)))));
        }
        for i in (0..tax.risks.len()).filter(|i| out.risks & (1 << i) != 0) {
            voice_for.push((VoiceKey::Risk(i as u16), tax.keyword_hits(s, |o| o == Owner::Risk(i))));
        }
    }
    let asked = r.asked.then(|| (r.text.clone(), r.tags.as_deref().map(String::from)));
    let period_text = (keep.period_texts && r.in_period).then(|| r.text.clone());
    let voice_text = (!voice_for.is_empty()).then_some(r.text);
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
            desk: r.desk,
            tag: out.primary,
            rule: out.rule.into(),
            source: out.source,
            risks: out.risks,
            in_period: r.in_period,
        },
        keywords,
        hits,
        example,
        period_text,
        asked,
        unmapped,
        voice_for,
        voice_text,
    }
}
