//! `voc report`: one period's report, from the inputs to the files (and the mail).

use anyhow::Result;

use crate::classify::Keep;
use crate::cli::{Cli, Compare, OutputFormat, ReportArgs};
use crate::deliver::files::write_bundle;
use crate::deliver::smtp;
use crate::model::Scope;
use crate::model::clean_path;
use crate::read;
use crate::{metrics, period, render};

pub fn run(cli: &Cli, args: &ReportArgs) -> Result<i32> {
    let cfg = super::load_config(cli)?;
    let tax = super::load_taxonomy(&cfg)?;
    let period = args.period.required(cfg.timezone)?;
    super::require_times(&cfg)?;
    let previous = (args.compare == Compare::Previous).then(|| period.previous());
    let scope = Scope::around(&period, previous.as_ref(), cfg.report.spike_baseline_days);
    let tagged = super::ingest_and_tag(&cfg, &tax, scope, &Keep::default())?;
    let t = std::time::Instant::now();
    let metrics = metrics::compute(&cfg, &tax, &tagged, &period, previous.as_ref());
    tracing::info!("computed the metrics in {:.2} s", t.elapsed().as_secs_f64());

    let mut formats = args.format.clone();
    formats.sort();
    formats.dedup();
    if args.send && !formats.contains(&OutputFormat::Email) {
        return Err(crate::error::usage("--send mails the e-mail rendering: add it with --format html,json,email"));
    }
    if args.send && cfg.email.is_none() {
        return Err(crate::error::config(format!("{}: --send needs an `email:` block (smtp, from, to)", cfg.path.display())));
    }
    let out_dir = args.out.clone().unwrap_or_else(|| cfg.output_dir.clone());
    let notes = read::extras::notes(cfg.report.notes_dir.as_deref(), &period.id)?;
    let templates = read::extras::templates(cfg.report.templates_dir.as_deref())?;
    let now = period::now(args.period.now.as_deref())?;
    let t = std::time::Instant::now();
    let bundle = render::render(
        &render::Inputs {
            cfg: &cfg,
            tax: &tax,
            metrics: &metrics,
            examples: &tagged.risk_examples,
            notes: notes.as_deref(),
            templates: &templates,
            now,
            rejects: &tagged.rejects,
        },
        &formats,
    )?;
    tracing::info!("rendered {} files in {:.2} s", bundle.files.len(), t.elapsed().as_secs_f64());
    let written = write_bundle(&out_dir, &bundle)?;
    if !cli.quiet {
        for p in &written {
            if p.extension().is_some_and(|e| e == "csv") {
                outln!("wrote {} ({} rejected rows)", clean_path(p), tagged.rejects.len());
            } else {
                outln!("wrote {}", clean_path(p));
            }
        }
    }
    let failed = metrics.failed_gates();
    for g in &failed {
        eprintln!("data-quality gate failed: {}", render::labels::alert_message(g, cfg.locale));
    }
    if args.send {
        smtp::send(&cfg, &smtp::Mail::of(&bundle))?;
        if !cli.quiet {
            outln!("sent {} to {}", period.id, cfg.email.as_ref().map(|e| e.to.join(", ")).unwrap_or_default());
        }
    }
    Ok(if failed.is_empty() { 0 } else { 3 })
}
