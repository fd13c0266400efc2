//! Classify (docs/taxonomy.md): each conversation gets one primary tag, its class and its
//! risks from the compiled taxonomy. [`Tagger`] runs on the threads that read the rows (the
//! reader hands it each kept row, a `model::ToTag`); [`Classified`] collects the
//! tagged rows in file order. The text is dropped where it was read, except for what the report
//! may quote (voices, risk examples: see [`Cuts`]) and what `explain --id` asks for.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use crate::model::{
    Accounting, Conv, Dataset, InputKind, Interner, Mapped, RISK_IDS, Reject, RiskExample, Sales, Scope, Sym, ToTag, VoiceKey,
};
use crate::taxonomy::compile::Owner;
use crate::taxonomy::{Outcome, Scratch, Taxonomy};

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

impl Keep {
    /// Some conversation keeps more than the metrics read (a [`crate::model::Extra`]).
    fn extras(&self) -> bool {
        self.keywords || self.rule_hits || self.period_texts
    }
}

/// The conversations classified so far, and what [`Keep`] asked to keep of them.
pub struct Classified {
    pub convs: Vec<Conv>,
    /// Parallel to `convs` when [`Keep`] asks for more than the metrics read.
    extras: Option<Vec<crate::model::Extra>>,
    examples: Examples,
    /// (id, (text, tags cell)) for [`Keep::texts_of`].
    asked: Vec<(Sym, (String, Option<String>))>,
    /// Manual tag values of the period's conversations that name no tag, with their counts.
    unmapped_manual: HashMap<Box<str>, u64>,
    voices: Voices,
}

impl Classified {
    pub fn new(tax: &Taxonomy, keep: &Keep) -> Classified {
        Classified {
            convs: Vec::new(),
            extras: keep.extras().then(Vec::new),
            examples: Examples(vec![Vec::new(); tax.risks.len()]),
            asked: Vec::new(),
            unmapped_manual: HashMap::new(),
            voices: Voices::default(),
        }
    }

    /// Add one batch of tagged rows, in their order; the cuts a pruning raises are published
    /// to the taggers.
    pub fn add(&mut self, batch: Vec<(Conv, Tagged)>, cuts: &Cuts) {
        for (mut conv, t) in batch {
            let out = &t.outcome;
            (conv.tag, conv.rule, conv.source, conv.risks) = (out.primary, out.rule.into(), out.source, out.risks);
            let rare = t.rare.map(|x| *x).unwrap_or_default();
            if let Some(text) = &rare.text {
                if conv.risks != 0 && conv.in_period() {
                    self.examples.offer(conv.risks, conv.created, conv.id, text, cuts);
                }
                for (key, hits) in &rare.voice_for {
                    self.voices.offer(*key, *hits, &conv, text, cuts);
                }
            }
            for v in rare.unmapped {
                *self.unmapped_manual.entry(v).or_default() += 1;
            }
            let x = rare.extra;
            if let Some(asked) = x.asked {
                self.asked.push((conv.id, asked));
            }
            if let Some(extras) = &mut self.extras {
                let text = x.period_text.unwrap_or_default();
                extras.push(crate::model::Extra { keywords: x.keywords, rule_hits: x.hits, text });
            }
            self.convs.push(conv);
        }
    }

    /// The classify stage's value: every conversation classified and linked (`link` has filled
    /// their products), with what was kept of them: the customers' words for each level-1 tag
    /// and risk (up to [`VOICES`] each), per risk the oldest in-period conversations with their
    /// text (oldest first, ties: id), the texts asked for and the unmapped manual tags.
    #[allow(clippy::too_many_arguments)]
    pub fn into_dataset(
        self,
        scope: Scope,
        sales: Sales,
        interner: Interner,
        mapped: Mapped,
        accounting: Vec<(InputKind, Accounting)>,
        rejects: Vec<Reject>,
        sources: Vec<(String, Accounting)>,
    ) -> Dataset {
        let texts = self.asked.into_iter().map(|(id, t)| (interner.name(id).to_string(), t)).collect();
        let mut unmapped_manual: Vec<(String, u64)> =
            self.unmapped_manual.into_iter().map(|(v, n)| (v.into_string(), n)).collect();
        unmapped_manual.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Dataset {
            scope,
            sales,
            risk_examples: self.examples.finish(&interner),
            voices: self.voices.finish(&interner),
            convs: self.convs,
            extras: self.extras,
            interner,
            mapped,
            accounting,
            rejects,
            sources,
            unmapped_manual,
            texts,
            urls: Default::default(),
        }
    }
}

/// What the taxonomy said of one conversation, and what of it may still be needed (small:
/// each row is moved from thread to thread; 32 bytes).
pub struct Tagged {
    outcome: Outcome,
    /// What few rows carry, apart: most rows are neither quoted nor asked for.
    rare: Option<Box<Rare>>,
}

#[derive(Default)]
struct Rare {
    /// The text, when the report may quote it (a voice or a risk example: it reaches a cut).
    text: Option<String>,
    /// What the row may be quoted for (with its text only): its level-1 tag and each of its
    /// risks, with how many distinct keywords of that tag or risk its text hit.
    voice_for: Vec<(VoiceKey, u32)>,
    /// Values of the tags cell that name no tag (period conversations only).
    unmapped: Vec<Box<str>>,
    /// What only some commands ask for ([`Keep`], `explain --id`).
    extra: Extra,
}

#[derive(Default)]
struct Extra {
    keywords: Vec<String>,
    hits: Vec<u16>,
    /// The text, for [`Keep::period_texts`].
    period_text: Option<String>,
    /// Full text and tags cell asked for by id.
    asked: Option<(String, Option<String>)>,
}

/// What a quote must reach to be kept, published by [`Classified`] as it prunes and read by
/// the taggers, so that a text that can no longer be quoted is never copied. Each cut only
/// rises; a tagger that reads a stale one keeps more, never less, so the quotes are those of
/// offering every text (docs/metrics.md `voices`, risk examples).
pub struct Cuts {
    /// Per voice key (level-1 tags by id, then risks): the packed (hits, instant) to reach.
    voices: Vec<AtomicU64>,
    /// Tags before the risks in `voices`.
    tags: usize,
    /// Per risk: the newest instant an example may have.
    examples: Vec<AtomicI64>,
}

impl Cuts {
    pub fn new(tax: &Taxonomy) -> Cuts {
        Cuts {
            voices: (0..tax.tags.len() + tax.risks.len()).map(|_| AtomicU64::new(0)).collect(),
            tags: tax.tags.len(),
            examples: (0..tax.risks.len()).map(|_| AtomicI64::new(i64::MAX)).collect(),
        }
    }

    fn slot(&self, key: VoiceKey) -> Option<&AtomicU64> {
        match key {
            VoiceKey::Tag(t) => self.voices.get(t as usize),
            VoiceKey::Risk(r) => self.voices.get(self.tags + r as usize),
        }
    }

    /// (hits, instant) as one number in the same order (both clamped: never a false refusal).
    fn pack(hits: u32, created: i64) -> u64 {
        let at = created.saturating_add(1 << 43).clamp(0, (1 << 44) - 1) as u64;
        ((hits.min((1 << 20) - 1) as u64) << 44) | at
    }

    fn voice_may_pass(&self, key: VoiceKey, hits: u32, created: i64) -> bool {
        self.slot(key).is_none_or(|c| Cuts::pack(hits, created) >= c.load(Ordering::Relaxed))
    }

    fn example_may_pass(&self, risks: u64, created: i64) -> bool {
        self.examples.iter().enumerate().any(|(i, c)| risks & (1 << i) != 0 && created <= c.load(Ordering::Relaxed))
    }
}

thread_local! {
    /// Each reading thread's matcher buffers.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Tags kept conversations on the threads that read them (src/pipeline.rs).
pub struct Tagger<'t> {
    pub tax: &'t Taxonomy,
    /// How the export separates manual tags in one cell.
    pub sep: &'t regex::Regex,
    pub keep: &'t Keep,
    pub cuts: &'t Cuts,
}

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
struct Voices(HashMap<VoiceKey, (Vec<Candidate>, Option<(u32, i64)>)>);

impl Voices {
    fn offer(&mut self, key: VoiceKey, hits: u32, c: &Conv, text: &str, cuts: &Cuts) {
        let (list, cut) = self.0.entry(key).or_default();
        if cut.is_some_and(|cut| (hits, c.created) < cut) {
            return;
        }
        // whole: it is masked before it is cut (a cut phone number would escape the mask)
        let text = text.to_string();
        list.push(Candidate { hits, created: c.created, id: c.id, channel: c.channel.get(), text });
        if list.len() > 8 * VOICES {
            list.sort_by(|a, b| b.hits.cmp(&a.hits).then(b.created.cmp(&a.created)));
            // a text repeated below a better copy of it is no candidate: quotes are unique
            // (copies that tie stay, to be ordered by id)
            let mut kept: Vec<Candidate> = Vec::with_capacity(list.len());
            for x in list.drain(..) {
                if !kept.iter().any(|k| same_words(&k.text, &x.text) && (k.hits, k.created) > (x.hits, x.created)) {
                    kept.push(x);
                }
            }
            *list = kept;
            // the cut is the last of the best VOICES distinct texts
            let mut distinct: Vec<&Candidate> = Vec::new();
            for x in list.iter() {
                if distinct.len() < VOICES && !distinct.iter().any(|d| same_words(&d.text, &x.text)) {
                    distinct.push(x);
                }
            }
            if distinct.len() == VOICES {
                let best = (distinct[VOICES - 1].hits, distinct[VOICES - 1].created);
                list.retain(|x| (x.hits, x.created) >= best);
                *cut = Some(best);
                if let Some(slot) = cuts.slot(key) {
                    slot.fetch_max(Cuts::pack(best.0, best.1), Ordering::Relaxed);
                }
            }
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
                // one quote per text (the best-placed copy)
                let mut unique: Vec<Candidate> = Vec::with_capacity(VOICES);
                for c in list {
                    if unique.len() < VOICES && !unique.iter().any(|u| same_words(&u.text, &c.text)) {
                        unique.push(c);
                    }
                }
                let voices = unique
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

/// The same words in the same order, whatever the spacing.
fn same_words(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

/// The risk examples seen so far: for each risk the oldest in-period conversations, pruned to
/// the [`RISK_IDS`] oldest instants (ties kept, to be ordered by id once names are known); a
/// newer one than the pruning kept is refused (the cut is [`Cuts::examples`]).
#[derive(Default)]
struct Examples(Vec<Vec<(i64, Sym, String)>>);

impl Examples {
    fn offer(&mut self, risks: u64, created: i64, id: Sym, text: &str, cuts: &Cuts) {
        for (i, list) in self.0.iter_mut().enumerate() {
            let Some(cut) = cuts.examples.get(i).filter(|_| risks & (1 << i) != 0) else { continue };
            if created > cut.load(Ordering::Relaxed) {
                continue;
            }
            list.push((created, id, text.to_string()));
            if list.len() > 8 * RISK_IDS {
                list.sort_by_key(|e| e.0);
                let newest = list[RISK_IDS - 1].0;
                list.retain(|e| e.0 <= newest);
                cut.fetch_min(newest, Ordering::Relaxed);
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

impl Tagger<'_> {
    pub fn tag(&self, r: ToTag) -> Tagged {
        SCRATCH.with_borrow_mut(|s| self.tag_with(r, s))
    }

    fn tag_with(&self, r: ToTag, s: &mut Scratch) -> Tagged {
        let (tax, keep) = (self.tax, self.keep);
        // the period's tags cells are also searched for values that name no tag
        let (manual, unmapped) = match (r.tags, r.in_period) {
            (Some(cell), true) => {
                let (m, u) = tax.manual_values(cell, self.sep);
                (m, u.into_iter().map(Box::from).collect())
            }
            (Some(cell), false) => (tax.manual_tag(cell, self.sep), Vec::new()),
            (None, _) => (None, Vec::new()),
        };
        let outcome = tax.classify(r.text, &r.fields, manual, s);
        let keywords = if keep.keywords { tax.matched_keywords(s).into_iter().map(String::from).collect() } else { Vec::new() };
        let hits =
            if keep.rule_hits { tax.matched_tags(s, &r.fields).into_iter().map(|t| t as u16).collect() } else { Vec::new() };
        let mut voice_for = Vec::new();
        let mut quotable = false;
        if r.in_period {
            let mut offer = |key: VoiceKey, hits: u32| {
                if self.cuts.voice_may_pass(key, hits, r.created) {
                    quotable = true;
                    voice_for.push((key, hits));
                }
            };
            if let Some(l1) = outcome.primary.and_then(|t| tax.lineage(t as usize).last()) {
                let under = |t: usize| tax.lineage(t).last() == Some(l1);
                offer(VoiceKey::Tag(l1 as u16), tax.keyword_hits(s, |o| matches!(o, Owner::Tag(t) if under(t))));
            }
            for i in (0..tax.risks.len()).filter(|i| outcome.risks & (1 << i) != 0) {
                offer(VoiceKey::Risk(i as u16), tax.keyword_hits(s, |o| o == Owner::Risk(i)));
            }
            quotable |= outcome.risks != 0 && self.cuts.example_may_pass(outcome.risks, r.created);
        }
        let extra = Extra {
            keywords,
            hits,
            period_text: (keep.period_texts && r.in_period).then(|| r.text.to_string()),
            asked: r.asked.then(|| (r.text.to_string(), r.tags.map(String::from))),
        };
        let wanted = keep.extras() || r.asked;
        let rare = (quotable || wanted || !unmapped.is_empty()).then(|| {
            let text = quotable.then(|| r.text.to_string());
            Box::new(Rare { text, voice_for, unmapped, extra: if wanted { extra } else { Extra::default() } })
        });
        Tagged { outcome, rare }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Fields;

    #[test]
    fn a_row_read_and_tagged_stays_small() {
        // each row is moved several times between reading and taking (src/read/input.rs)
        assert_eq!(std::mem::size_of::<Tagged>(), 32);
        // a parsed row carries its tagging: src/read/parsed.rs keeps that row at most 176 bytes with it
        assert_eq!(std::mem::size_of::<Tagged>(), crate::model::TAGGED_BYTES);
    }

    /// Texts of 1–6 words drawn from the bundled taxonomy's own keywords (so that they hit
    /// tags and risks a varying number of times), with many equal instants.
    fn rows(tax: &Taxonomy, names: &mut Interner) -> Vec<(Conv, String)> {
        let words =
            ["배송", "언제", "오나요", "사이즈", "교환", "환불", "리콜", "화재", "소비자원", "불량", "재고", "입고", "결제"];
        let mut seed = 7u64;
        let mut next = move || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        assert!(!tax.risks.is_empty());
        (0..4000)
            .map(|i| {
                // every third: a risk word alone (quoted, if at all, as a risk example)
                let n = if i % 3 == 0 { 0 } else { 1 + next() % 6 };
                let text: Vec<&str> = if n == 0 { vec!["화재"] } else { (0..n).map(|_| words[next() % words.len()]).collect() };
                let row = Conv {
                    // names out of file order: ties at a cut are broken by name
                    id: names.intern(&format!("c{:05}", (i * 7919) % 10007)),
                    created: 1_800_000_000_000 + (next() % 12) as i64 * 60_000,
                    flags: crate::model::Flags::new(true, false),
                    ..Conv::default()
                };
                (row, text.join(" "))
            })
            .collect()
    }

    /// Tag and collect in batches; `stale`: the taggers never see a raised cut (they keep every
    /// text), as if each text were offered.
    fn collect(tax: &Taxonomy, rows: &[(Conv, String)], stale: bool, names: &Interner) -> (String, usize) {
        let (sep, keep) = (regex::Regex::new(",").unwrap(), Keep::default());
        let (cuts, frozen) = (Cuts::new(tax), Cuts::new(tax));
        let tagger = Tagger { tax, sep: &sep, keep: &keep, cuts: if stale { &frozen } else { &cuts } };
        let mut out = Classified::new(tax, &keep);
        let mut dropped = 0;
        for chunk in rows.chunks(64) {
            let batch: Vec<(Conv, Tagged)> = chunk
                .iter()
                .map(|(r, text)| {
                    let t =
                        ToTag { text, tags: None, fields: Fields::default(), created: r.created, in_period: true, asked: false };
                    let tagged = tagger.tag(t);
                    dropped += usize::from(
                        tagged.rare.as_ref().is_none_or(|x| x.text.is_none())
                            && (tagged.outcome.primary.is_some() || tagged.outcome.risks != 0),
                    );
                    (r.clone(), tagged)
                })
                .collect();
            out.add(batch, &cuts);
        }
        let voices = out.voices.finish(names);
        for (key, list) in &voices {
            let texts: std::collections::HashSet<&str> = list.iter().map(|v| v.text.as_str()).collect();
            assert_eq!(texts.len(), list.len(), "{key:?} quotes a text twice: {list:?}");
        }
        assert!(voices.iter().any(|(_, l)| l.len() == VOICES), "copies left out, the next texts are quoted: {voices:?}");
        (format!("{voices:?}\n{:?}", out.examples.finish(names)), dropped)
    }

    #[test]
    fn texts_dropped_below_the_cuts_change_no_quote() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config/taxonomy.yaml");
        let tax = crate::taxonomy::compile::load(&path).unwrap();
        let mut names = Interner::default();
        let rows = rows(&tax, &mut names);
        let (quotes, dropped) = collect(&tax, &rows, false, &names);
        let (every_text, kept_all) = collect(&tax, &rows, true, &names);
        assert!(dropped > rows.len() / 2, "the cuts dropped only {dropped} texts");
        assert_eq!(kept_all, 0);
        assert!(quotes.contains("Risk(") && quotes.contains("Tag("), "{quotes}");
        assert_eq!(quotes, every_text);
    }
}
