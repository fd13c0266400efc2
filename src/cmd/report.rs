//! `voc report`: one period's report, from the inputs to the files (and the mail).

use anyhow::Result;

use crate::classify::Keep;
use crate::cli::{Cli, Compare, OutputFormat, ReportArgs};
use crate::deliver::files::{remove_stale, write_all, write_atomic};
use crate::deliver::smtp;
use crate::model::Scope;
use crate::read::source::clean_path;
use crate::read::{self, rejects};
use crate::{metrics, period, render};

pub fn run(cli: &Cli, args: &ReportArgs) -> Result<i32> {
    let cfg = super::load_config(cli)?;
    let tax = super::load_taxonomy(&cfg)?;
    let period = period::required(&args.period, cfg.timezone)?;
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
    let rejects_name = format!("{}.rejects.csv", period.id);
    let t = std::time::Instant::now();
    let rendered = render::render(
        &render::Inputs {
            cfg: &cfg,
            tax: &tax,
            metrics: &metrics,
            examples: &tagged.risk_examples,
            notes: notes.as_deref(),
            templates: &templates,
            now,
            rejects_file: (!tagged.rejects.is_empty()).then(|| rejects_name.clone()),
        },
        &formats,
    )?;
    tracing::info!("rendered {} files in {:.2} s", rendered.files.len(), t.elapsed().as_secs_f64());
    let written = write_all(&out_dir, &rendered.files)?;
    let rejects_path = out_dir.join(&rejects_name);
    if tagged.rejects.is_empty() {
        remove_stale(&rejects_path)?;
    } else {
        write_atomic(&rejects_path, &rejects::to_csv(&tagged.rejects))?;
    }
    if !cli.quiet {
        for p in &written {
            outln!("wrote {}", clean_path(p));
        }
        if !tagged.rejects.is_empty() {
            outln!("wrote {} ({} rejected rows)", clean_path(&rejects_path), tagged.rejects.len());
        }
    }
    let failed = metrics.failed_gates();
    for g in &failed {
        eprintln!("data-quality gate failed: {g}");
    }
    if args.send {
        let mail = mail_of(&rendered.files, &period.id, !failed.is_empty());
        smtp::send(&cfg, &mail)?;
        if !cli.quiet {
            outln!("sent {} to {}", period.id, cfg.email.as_ref().map(|e| e.to.join(", ")).unwrap_or_default());
        }
    }
    Ok(if failed.is_empty() { 0 } else { 3 })
}

/// The mail parts among the rendered files.
fn mail_of(files: &[crate::deliver::files::OutFile], id: &str, gate_failed: bool) -> smtp::Mail {
    let find = |name: String| files.iter().find(|f| f.name == name).map(|f| f.bytes.clone());
    let prefix = format!("{id}.email/");
    smtp::Mail {
        period_id: id.to_string(),
        html: find(format!("{id}.email.html")).unwrap_or_default(),
        images: files
            .iter()
            .filter_map(|f| {
                f.name.strip_prefix(&prefix).and_then(|n| n.strip_suffix(".png")).map(|n| (n.to_string(), f.bytes.clone()))
            })
            .collect(),
        text: find(format!("{id}.md")),
        report: find(format!("{id}.html")),
        gate_failed,
    }
}
