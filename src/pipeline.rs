//! The pipeline: the only place that orders the stages and their threads.
//!
//! ```text
//! read::open ─┬─ sales.read()                       (its own thread, or first: see below)
//!             └─ conversations.run(classify::Tagger) ─tagged batches─▶ Classified ─┐
//!                                                             link::merge ◀─┘ → Dataset
//! ```
//!
//! [`report`] goes on: metrics of the period (and the previous one) → the report bundle
//! rendered in the asked formats. The command then delivers the bundle (files, mail).
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

use std::time::Instant;

use anyhow::{Result, anyhow};

use chrono::{DateTime, FixedOffset};

use crate::classify::{Classified, Cuts, Keep, Tagger};
use crate::config::Config;
use crate::metrics::Metrics;
use crate::model::{Bundle, Dataset, Scope};
use crate::period::Period;
use crate::read::conversations::{ConversationSource, Ingested};
use crate::render::OutputFormat;
use crate::taxonomy::Taxonomy;
use crate::{link, metrics, read, render};

/// Read, classify and link every conversation the scope keeps.
pub fn dataset(cfg: &Config, tax: &Taxonomy, scope: Scope, keep: &Keep) -> Result<Dataset> {
    let t0 = Instant::now();
    let pb = progress(!tracing::enabled!(tracing::Level::WARN));
    pb.set_message("reading sales and tagging");
    let read::Frames { scope, sales, mut conversations, mut mapped } = read::open(cfg, scope)?;
    if let Some(ids) = &keep.texts_of {
        conversations.ask_for(ids.clone());
    }
    let (mut sales, (mut classified, ingested), linked) = if tax.tests_category() {
        let mut sales = sales.read()?;
        let lookup = link::lookup(&sales);
        conversations.continue_after(std::mem::take(&mut sales.interner), lookup);
        (sales, classify_stream(conversations, tax, keep, &pb)?, true)
    } else {
        std::thread::scope(|sc| -> Result<_> {
            let reader = sc.spawn(move || sales.read());
            let streamed = classify_stream(conversations, tax, keep, &pb);
            let sales = reader.join().map_err(|_| anyhow!("the sales reader stopped unexpectedly"))??;
            Ok((sales, streamed?, false))
        })?
    };
    let Ingested { mut interner, mut accounting, mut rejects, sources } = ingested;
    // no returns input and no return line at all: every returns figure is unknown (docs/inputs.md)
    mapped.returns |= sales.returns_seen;
    accounting.append(&mut sales.accounting);
    rejects.append(&mut sales.rejects);
    let sales = if linked { sales.sales } else { link::merge(sales, &mut interner, &mut classified.convs) };
    let texts = std::mem::take(&mut classified.asked).into_iter().map(|(id, t)| (interner.name(id).to_string(), t)).collect();
    let mut unmapped_manual: Vec<(String, u64)> =
        std::mem::take(&mut classified.unmapped_manual).into_iter().map(|(v, n)| (v.into_string(), n)).collect();
    unmapped_manual.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    pb.finish_and_clear();
    tracing::info!(
        "read sales and returns, read and tagged {} conversations in {:.2} s",
        classified.convs.len(),
        t0.elapsed().as_secs_f64()
    );
    Ok(Dataset {
        scope,
        sales,
        risk_examples: classified.risk_examples(&interner),
        voices: classified.voices(&interner),
        convs: classified.convs,
        interner,
        mapped,
        accounting,
        rejects,
        keywords: classified.keywords,
        rule_hits: classified.rule_hits,
        period_texts: classified.period_texts,
        sources,
        unmapped_manual,
        texts,
    })
}

/// What one report is asked for.
pub struct ReportJob<'a> {
    pub period: &'a Period,
    /// The period to compare with (`--compare previous`), or none.
    pub previous: Option<&'a Period>,
    pub formats: &'a [OutputFormat],
    /// The clock: `--last`, the "generated" stamp.
    pub now: DateTime<FixedOffset>,
}

/// One report, computed and rendered; nothing written yet.
pub struct Report {
    pub metrics: Metrics,
    pub bundle: Bundle,
    pub rejected_rows: usize,
}

/// read → link → classify (the period, the previous period and the spike baseline) → metrics
/// → render.
pub fn report(cfg: &Config, tax: &Taxonomy, job: &ReportJob) -> Result<Report> {
    let mut scope = Scope::around(job.period, job.previous, cfg.report.spike_baseline_days);
    // the trend's periods are kept too: each is computed from its own rows
    if let Some(oldest) = metrics::trend::periods(job.period, cfg.report.trend_periods).first() {
        scope.keep_from = scope.keep_from.min(oldest.start_ms());
    }
    let data = dataset(cfg, tax, scope, &Keep::default())?;
    let t = Instant::now();
    let metrics = metrics::compute(cfg, tax, &data, job.period, job.previous);
    tracing::info!("computed the metrics in {:.2} s", t.elapsed().as_secs_f64());
    let notes = read::extras::notes(cfg.report.notes_dir.as_deref(), &job.period.id)?;
    let templates = read::extras::templates(cfg.report.templates_dir.as_deref())?;
    let t = Instant::now();
    let inputs = render::Inputs {
        cfg,
        tax,
        metrics: &metrics,
        examples: &data.risk_examples,
        notes: notes.as_deref(),
        templates: &templates,
        now: job.now,
        rejects: &data.rejects,
    };
    let bundle = render::render(&inputs, job.formats)?;
    tracing::info!("rendered {} files in {:.2} s", bundle.files.len(), t.elapsed().as_secs_f64());
    Ok(Report { rejected_rows: data.rejects.len(), metrics, bundle })
}

/// The folder's index (`index.html`) as the folder now is: its report JSONs read back, then
/// rendered; what cannot be read is said on stderr and left out.
pub fn archive_index(cfg: &Config, dir: &std::path::Path) -> Result<Vec<crate::model::OutFile>> {
    let (reports, warnings) = read::archive::read(dir)?;
    for w in warnings {
        eprintln!("warning: {w}");
    }
    let templates = read::extras::templates(cfg.report.templates_dir.as_deref())?;
    Ok(vec![crate::model::OutFile { name: "index.html".into(), bytes: render::archive::index(cfg, reports, &templates)? }])
}

/// Read and tag conversations on the reader's thread and the pool, and collect the tagged
/// batches on this one as they arrive.
fn classify_stream(
    conversations: ConversationSource,
    tax: &Taxonomy,
    keep: &Keep,
    progress: &indicatif::ProgressBar,
) -> Result<(Classified, Ingested)> {
    let sep = conversations.tag_separator().clone();
    let cuts = Cuts::new(tax);
    let tagger = Tagger { tax, sep: &sep, keep, cuts: &cuts };
    let mut out = Classified::new(tax);
    let ingested = std::thread::scope(|sc| -> Result<Ingested> {
        let (tx, rx) = std::sync::mpsc::sync_channel(4);
        let tagger = &tagger;
        let reader = sc.spawn(move || {
            conversations.run(&|t| tagger.tag(t), |_, batch| tx.send(batch).map_err(|_| anyhow!("the collector stopped")))
        });
        for batch in rx {
            out.add(batch, keep, &cuts);
            progress.set_position(out.convs.len() as u64);
        }
        reader.join().map_err(|_| anyhow!("the conversation reader stopped unexpectedly"))?
    })?;
    Ok((out, ingested))
}

/// A spinner on stderr while rows are read, only when stderr is a terminal (never under cron)
/// and not with `-q`.
fn progress(quiet: bool) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let pb = indicatif::ProgressBar::new_spinner();
    if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg} {pos} conversations ({elapsed})") {
        pb.set_style(style);
    }
    pb.enable_steady_tick(std::time::Duration::from_millis(120));
    pb
}
