//! The pipeline: the only place that orders the stages and their threads. Every command asks
//! it for one value, built from one [`Session`] (config, taxonomy, period, clock):
//!
//! ```text
//! read::open ─┬─ sales.read()                       (its own thread, or first: see below)
//!             └─ conversations.run(classify::Tagger) ─tagged batches─▶ Classified ─┐
//!                                                             link::merge ◀─┘ → Dataset
//! Dataset → metrics::compute → render::render → Bundle          (voc report; cmd delivers)
//! ```
//!
//! When taxonomy rules test a product's category, the sales are read first and the
//! conversations are read into the sales' interner, linked row by row while they are read
//! (their category must be known before they are classified). Otherwise both are read at once
//! and linked afterwards. Either way the result is one [`Dataset`] in one interner.
//!
//! Inside each reader, a plain CSV is parsed in byte ranges on the rayon pool, each kept
//! conversation tagged there by the taxonomy, and the rows are taken in file order on the
//! reader's thread (`read::input::InputReader::run_parallel`); this thread collects the
//! tagged batches in order.
//!
//! Nothing here prints: progress goes to the session's [`Session::progress`], warnings are
//! handed back with the values, and the command says them.

use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

use anyhow::{Result, anyhow};
use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;

use crate::classify::{Classified, Cuts, Keep, Tagger};
use crate::config::{self, Config, Field};
use crate::metrics::eval::Gold;
use crate::metrics::{self, Metrics};
use crate::model::{Bundle, Dataset, Fields, Mail, OutFile, OutputFormat, Scope, SuggestFormat};
use crate::period::Period;
use crate::read::conversations::{ConversationSource, Ingested};
use crate::taxonomy::{Taxonomy, compile, suggest};
use crate::{error, link, read, render};

/// What a command runs on: the config, its taxonomy, the period asked for (if any) and the clock.
pub struct Session {
    pub cfg: Config,
    pub tax: Taxonomy,
    pub period: Option<Period>,
    /// `--now`, or the clock: `--last`, the "generated" stamp, the mail's Date.
    pub now: DateTime<FixedOffset>,
    /// Told how far the reading is (a spinner, say).
    pub progress: Box<dyn Fn(Progress) + Sync>,
}

/// How far reading a dataset is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Conversations read and tagged so far.
    Conversations(u64),
    Done,
}

impl Session {
    /// The config at `path` with its inputs, its taxonomy, and the period `period` makes in the
    /// config's time zone. A period needs conversation times, so an input without `created_at`
    /// cannot have one.
    pub fn open(path: &Path, period: impl FnOnce(Tz) -> Result<Option<Period>>, now: Option<&str>) -> Result<Session> {
        let mut cfg = config::load(path)?;
        // an export in an earlier shape its preset knows (read::shape), told by its header
        for said in read::shape::choose(&mut cfg)? {
            tracing::info!("{said}");
        }
        let tax = compile::load(&cfg.taxonomy)?;
        let period = period(cfg.timezone)?;
        if period.is_some() {
            require_times(&cfg)?;
        }
        Ok(Session { cfg, tax, period, now: crate::period::now(now)?, progress: Box::new(|_| ()) })
    }

    /// The rows a command reads: exactly the period, or every row.
    fn scope(&self) -> Scope {
        self.period.as_ref().map_or_else(Scope::all, Scope::only)
    }
}

fn require_times(cfg: &Config) -> Result<()> {
    for c in &cfg.inputs.conversations {
        if !c.maps(Field::CreatedAt) {
            return Err(error::config(format!(
                "{}: inputs.{} maps no `created_at`, so no period can be cut: map it; or, for an undated export, run the commands that read every row without a period — `voc taxonomy stats`, `voc tag --out tags.csv`, `voc eval --gold FILE`",
                cfg.path.display(),
                c.label()
            )));
        }
    }
    Ok(())
}

/// Read, classify and link every conversation the scope keeps.
fn dataset(s: &Session, scope: Scope, keep: &Keep) -> Result<Dataset> {
    let (cfg, tax) = (&s.cfg, &s.tax);
    let t0 = Instant::now();
    let read::Frames { scope, sales, mut conversations, mut mapped } = read::open(cfg, scope)?;
    if let Some(ids) = &keep.texts_of {
        conversations.ask_for(ids.clone());
    }
    let (mut sales, (mut classified, ingested), linked) = if tax.tests_category() {
        let mut sales = sales.read()?;
        let lookup = link::lookup(&sales);
        conversations.continue_after(std::mem::take(&mut sales.interner), lookup);
        (sales, classify_stream(conversations, tax, keep, &s.progress)?, true)
    } else {
        std::thread::scope(|sc| -> Result<_> {
            let reader = sc.spawn(move || sales.read());
            let streamed = classify_stream(conversations, tax, keep, &s.progress);
            let sales = reader.join().map_err(|_| anyhow!("the sales reader stopped unexpectedly"))??;
            Ok((sales, streamed?, false))
        })?
    };
    let Ingested { mut interner, mut accounting, mut rejects, sources, urls } = ingested;
    // no returns input and no return line at all: every returns figure is unknown (docs/inputs.md)
    mapped.returns |= sales.returns_seen;
    accounting.append(&mut sales.accounting);
    rejects.append(&mut sales.rejects);
    let mut sales = if linked { sales.sales } else { link::merge(sales, &mut interner, &mut classified.convs) };
    link::buyers(&mut sales, &interner);
    (s.progress)(Progress::Done);
    tracing::info!(
        "read sales and returns, read and tagged {} conversations in {:.2} s",
        classified.convs.len(),
        t0.elapsed().as_secs_f64()
    );
    let mut data = classified.into_dataset(scope, sales, interner, mapped, accounting, rejects, sources);
    data.urls = urls.into_iter().collect();
    Ok(data)
}

/// Read and tag conversations on the reader's thread and the pool, and collect the tagged
/// batches on this one as they arrive.
fn classify_stream(
    conversations: ConversationSource,
    tax: &Taxonomy,
    keep: &Keep,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<(Classified, Ingested)> {
    let sep = conversations.tag_separator().clone();
    let cuts = Cuts::new(tax);
    let tagger = Tagger { tax, sep: &sep, keep, cuts: &cuts };
    let mut out = Classified::new(tax, keep);
    let ingested = std::thread::scope(|sc| -> Result<Ingested> {
        let (tx, rx) = std::sync::mpsc::sync_channel(4);
        let tagger = &tagger;
        let reader = sc.spawn(move || {
            conversations.run(&|t| tagger.tag(t), |_, batch| tx.send(batch).map_err(|_| anyhow!("the collector stopped")))
        });
        for batch in rx {
            out.add(batch, &cuts);
            progress(Progress::Conversations(out.convs.len() as u64));
        }
        reader.join().map_err(|_| anyhow!("the conversation reader stopped unexpectedly"))?
    })?;
    Ok((out, ingested))
}

/// What one report is asked for.
pub struct ReportJob<'a> {
    pub period: &'a Period,
    /// The period to compare with (`--compare previous`), or none.
    pub previous: Option<&'a Period>,
    pub formats: &'a [OutputFormat],
}

/// One report, computed and rendered; nothing written yet.
pub struct Report {
    pub metrics: Metrics,
    pub bundle: Bundle,
    pub rejected_rows: usize,
    /// The data-quality gates that failed, as sentences (exit 3).
    pub failed_gates: Vec<String>,
}

/// read → link → classify (the period, the previous period and the spike baseline) → metrics
/// → render.
pub fn report(s: &Session, job: &ReportJob) -> Result<Report> {
    let cfg = &s.cfg;
    let mut scope = Scope::around(job.period, job.previous, cfg.report.spike_baseline_days);
    // the orders that follow the period's last conversations (docs/metrics.md `conversion`)
    scope.keep_sales_to = job.period.end_ms() + (cfg.report.conversion_window_s * 1000.0) as i64;
    // the trend's periods are kept too: each is computed from its own rows
    if let Some(oldest) = metrics::trend::periods(job.period, cfg.report.trend_periods).first() {
        scope.keep_from = scope.keep_from.min(oldest.start_ms());
    }
    let data = dataset(s, scope, &Keep::default())?;
    let t = Instant::now();
    let metrics = metrics::compute(cfg, &s.tax, &data, job.period, job.previous);
    tracing::info!("computed the metrics in {:.2} s", t.elapsed().as_secs_f64());
    let notes = read::extras::notes(cfg.report.notes_dir.as_deref(), &job.period.id)?;
    let templates = read::extras::templates(cfg.report.templates_dir.as_deref())?;
    let t = Instant::now();
    let inputs = render::Inputs {
        cfg,
        tax: &s.tax,
        metrics: &metrics,
        examples: &data.risk_examples,
        notes: notes.as_deref(),
        templates: &templates,
        now: s.now,
        rejects: &data.rejects,
        url_of: &|id: &str| data.url(id).map(str::to_string),
    };
    let bundle = render::render(&inputs, job.formats)?;
    tracing::info!("rendered {} files in {:.2} s", bundle.files.len(), t.elapsed().as_secs_f64());
    let failed_gates = metrics.failed_gates().iter().map(|g| render::labels::alert_message(g, cfg.locale)).collect();
    Ok(Report { rejected_rows: data.rejects.len(), metrics, bundle, failed_gates })
}

/// The folder's index (`index.html`) as the folder now is: its report JSONs read back, then
/// rendered; with what could not be read (left out), to be said.
pub fn archive_index(s: &Session, dir: &Path) -> Result<(Vec<OutFile>, Vec<String>)> {
    let (reports, warnings) = read::archive::read(dir)?;
    let templates = read::extras::templates(s.cfg.report.templates_dir.as_deref())?;
    let index = OutFile { name: "index.html".into(), bytes: render::archive::index(&s.cfg, reports, &templates)? };
    Ok((vec![index], warnings))
}

fn email(cfg: &Config) -> Result<&config::Email> {
    cfg.email
        .as_ref()
        .ok_or_else(|| error::config(format!("{}: there is no `email:` block (smtp, from, to) to send with", cfg.path.display())))
}

/// The mail of a report just rendered.
pub fn mail(cfg: &Config, bundle: &Bundle) -> Result<Mail> {
    Ok(render::mail::of(bundle, email(cfg)?, cfg.locale))
}

/// The mail of a report already on disk (`voc send reports/2026-W46`), with the config's
/// settings only (`config::load_settings`: no export needs to be in place).
pub fn mail_of_report(cfg: &Config, stem: &Path) -> Result<Mail> {
    mail(cfg, &read::bundle::load(stem)?)
}

/// `voc validate`: every input read and accounted for, nothing tagged.
pub struct Validated {
    /// The accounting table (or its JSON), and the line about the rejects.
    pub text: String,
    /// The rejects file (or the removal of a stale one).
    pub bundle: Bundle,
    pub failed_gates: Vec<String>,
}

/// `out`: the folder the rejects file goes to (its path is said in the text); `json`: the
/// accounting as JSON.
pub fn validate(s: &Session, out: &Path, json: bool) -> Result<Validated> {
    let cfg = &s.cfg;
    let frames = read::open(cfg, s.scope())?;
    let sales = frames.sales.read()?;
    let ingested = frames.conversations.run(&|_| (), |_, _| Ok(()))?;
    let mut accounting = ingested.accounting;
    accounting.extend(sales.accounting);
    let mut rejects = ingested.rejects;
    rejects.extend(sales.rejects);
    for (k, a) in &accounting {
        if !a.balances() {
            anyhow::bail!("internal error: the accounting of {} does not balance: {a:?}", k.name());
        }
    }
    let stem = s.period.as_ref().map_or("validate".to_string(), |p| p.id.clone());
    let file = crate::model::clean_path(&out.join(format!("{stem}.rejects.csv")));
    let text = if json {
        render::text::accounting_json(&accounting, &ingested.sources, rejects.len(), &file)?
    } else {
        render::text::accounting(&accounting, &ingested.sources) + &render::text::rejects_line(rejects.len(), &file) + "\n"
    };
    let gates = metrics::alerts::gates(cfg, &accounting, &ingested.sources, None, 0);
    Ok(Validated {
        text,
        bundle: render::rejects::bundle(&stem, &rejects),
        failed_gates: gates.iter().map(|g| render::labels::alert_message(g, cfg.locale)).collect(),
    })
}

/// The kinds of file `voc tag` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    Csv,
    Parquet,
}

/// `voc tag`: one row per conversation of the period (or of every row); the file's bytes and
/// its number of rows.
pub fn tag_export(s: &Session, kind: Export) -> Result<(Vec<u8>, usize)> {
    let data = dataset(s, s.scope(), &Keep { keywords: true, ..Keep::default() })?;
    let rows = render::export::rows(&data, &s.tax, s.cfg.timezone, |i| data.extra(i).map_or(&[], |x| &x.keywords));
    let bytes = match kind {
        Export::Csv => render::export::csv(&rows),
        Export::Parquet => render::export::parquet(&rows, s.cfg.timezone)?,
    };
    Ok((bytes, rows.len()))
}

/// The period's conversations as `suggest` reads them (kept with `Keep::period_texts`).
fn period_docs(data: &Dataset) -> Vec<suggest::Doc<'_>> {
    (0..data.convs.len())
        .filter(|&i| data.convs[i].in_period())
        .map(|i| {
            let c = &data.convs[i];
            suggest::Doc { at: i, id: data.interner.name(c.id), created: c.created, text: data.text(i), tag: c.tag }
        })
        .collect()
}

fn quoted(data: &Dataset, i: usize) -> render::text::Quoted<'_> {
    render::text::Quoted { id: data.interner.name(data.convs[i].id), text: data.text(i) }
}

/// `voc taxonomy suggest`: keyword candidates from the period's unclassified conversations.
pub fn suggest(s: &Session, top: usize, format: SuggestFormat) -> Result<String> {
    let data = dataset(s, s.scope(), &Keep { period_texts: true, ..Keep::default() })?;
    let docs = period_docs(&data);
    let t = Instant::now();
    let mined = suggest::suggest(&s.tax, &docs, top);
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    tracing::info!(
        "mined {} suggestions from {} conversations ({:.1} MB of text) in {:.2} s",
        mined.suggestions.len(),
        docs.len(),
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    let period = s.period.as_ref().map(|p| serde_json::to_value(p.json()).unwrap_or_default());
    render::text::suggest(&mined, format, period, |i| quoted(&data, i))
}

/// `voc taxonomy stats`: the taxonomy's coverage of the period's conversations.
pub fn stats(s: &Session) -> Result<String> {
    let keep = Keep { rule_hits: true, period_texts: true, ..Keep::default() };
    let data = dataset(s, s.scope(), &keep)?;
    let coverage = metrics::coverage::coverage(&s.cfg, &s.tax, &data, |i| data.extra(i).map_or(&[], |x| &x.rule_hits));
    let newest: Vec<_> = coverage.newest_unclassified.iter().map(|&i| quoted(&data, i)).collect();
    let mined = (!newest.is_empty()).then(|| suggest::suggest(&s.tax, &period_docs(&data), 5));
    Ok(render::text::stats(&s.tax, &coverage, &newest, mined.as_ref()))
}

/// `voc eval`: the tagging against hand labels (`Some(file)`) or the agents' own tags (`None`).
pub fn eval(s: &Session, gold_file: Option<&Path>) -> Result<String> {
    let gold = match gold_file {
        Some(f) => Gold::File(read::gold::read(f, &s.tax)?),
        None => Gold::Agents,
    };
    let data = dataset(s, s.scope(), &Keep::default())?;
    let agents = matches!(gold, Gold::Agents);
    let ev = metrics::eval::evaluate(&s.tax, &data, gold);
    if agents && ev.gold_rows == 0 {
        return Err(error::data("no conversation of the period carries an agent's tag that names a tag (`tags` column)"));
    }
    if ev.pairs.is_empty() {
        return Err(error::data(format!("none of the {} gold ids is among the conversations read", ev.gold_rows)));
    }
    Ok(render::text::eval(&s.tax, &ev))
}

/// `voc taxonomy learn`: what it found, and the changed taxonomy's text when asked for.
pub struct Learning {
    pub text: String,
    pub taxonomy: Option<String>,
    pub changes: usize,
}

/// `voc taxonomy learn`: changes to the rules from hand labels (`Some(file)`) or the agents' own
/// tags (`None`), measured on a training part and a held-out `holdout` share; with `write`, the
/// taxonomy file's text with the changes made.
pub fn learn(s: &Session, gold_file: Option<&Path>, holdout: f64, write: bool) -> Result<Learning> {
    let src = read::extras::taxonomy_source(&s.cfg.taxonomy)?;
    let raw: crate::taxonomy::model::RawTaxonomy = crate::yaml::parse(&s.cfg.taxonomy, &src)?;
    let gold: Option<std::collections::HashMap<String, Option<usize>>> = match gold_file {
        Some(f) => Some(read::gold::read(f, &s.tax)?.into_iter().collect()),
        None => None,
    };
    let data = dataset(s, s.scope(), &Keep { period_texts: true, ..Keep::default() })?;
    let name = |k: Option<u32>| k.map(|k| data.interner.name(k));
    let docs: Vec<metrics::learn::Labelled> = (0..data.convs.len())
        .filter(|&i| data.convs[i].in_period())
        .filter_map(|i| {
            let c = &data.convs[i];
            let id = data.interner.name(c.id);
            let label = match &gold {
                Some(g) => *g.get(id)?,
                None => Some(c.tag.filter(|_| c.source == crate::model::TagSource::Manual)? as usize),
            };
            let fields =
                Fields { channel: name(c.channel.get()), segment: name(c.segment.get()), category: name(c.category.get()) };
            Some(metrics::learn::Labelled {
                id,
                text: data.text(i),
                fields,
                gold: label,
                held_out: metrics::learn::held_out(id, holdout),
            })
        })
        .collect();
    if docs.is_empty() {
        return Err(error::data(match gold_file {
            Some(f) => format!("none of the ids of {} is among the conversations read", f.display()),
            None => "no conversation of the period carries an agent's tag that names a tag (`tags` column)".into(),
        }));
    }
    let t = Instant::now();
    let learned = metrics::learn::learn(&src, &raw, &s.tax, &docs);
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let speed = (bytes, t.elapsed().as_secs_f64());
    let text = render::text::learn(&s.tax, &learned, |i| docs[i].id, holdout, speed);
    let changes: Vec<crate::taxonomy::edit::Change> = learned.proposals.iter().map(|p| p.change.clone()).collect();
    let taxonomy = if write && !changes.is_empty() {
        Some(
            crate::taxonomy::edit::rewrite(&src, &s.tax, &changes)
                .map_err(|e| error::data(format!("{}: {e}", s.cfg.taxonomy.display())))?,
        )
    } else {
        None
    };
    Ok(Learning { text, taxonomy, changes: changes.len() })
}

/// The lint that needs conversations (`voc taxonomy check` when the exports are in place): the
/// keywords that match more than half of them, as `line: message`.
pub fn generic_keywords(s: &Session) -> Result<Vec<(usize, String)>> {
    let data = dataset(s, Scope::all(), &Keep { period_texts: true, ..Keep::default() })?;
    let texts = (0..data.convs.len()).map(|i| data.text(i));
    Ok(crate::taxonomy::lint::generic(&s.tax, texts).into_iter().map(|p| (p.line, p.message)).collect())
}

/// `voc taxonomy explain --text`: why a text gets its tag (the config's settings only).
pub fn explain_text(cfg: &Config, text: &str) -> Result<String> {
    let tax = compile::load(&cfg.taxonomy)?;
    let e = tax.explain(text, &Fields::default(), None);
    Ok(render::text::explain(&tax, text, None, &e))
}

/// `voc taxonomy explain --id`: the same for a conversation of the inputs, with its fields and
/// its manual tags.
pub fn explain_id(s: &Session, id: &str) -> Result<String> {
    let keep = Keep { texts_of: Some(HashSet::from([id.to_string()])), ..Keep::default() };
    let data = dataset(s, s.scope(), &keep)?;
    let conv = data.convs.iter().find(|c| data.interner.name(c.id) == id);
    let (Some(conv), Some((text, cell))) = (conv, data.texts.get(id)) else {
        return Err(error::data(format!("no conversation with id `{id}` in the inputs (or in the period given)")));
    };
    let name = |k: Option<u32>| k.map(|k| data.interner.name(k));
    let fields =
        Fields { channel: name(conv.channel.get()), segment: name(conv.segment.get()), category: name(conv.category.get()) };
    let sep = s.cfg.inputs.conversations.first().or(s.cfg.inputs.messages.as_ref()).map(|i| &i.tag_separator);
    let manual = cell.as_deref().zip(sep);
    let e = s.tax.explain(text, &fields, manual);
    Ok(render::text::explain(&s.tax, text, cell.as_deref(), &e))
}
