//! `voc report`: one period's report — the pipeline computes and renders it, this command
//! delivers it (files, then the mail) and says what it wrote.

use anyhow::Result;

use crate::cli::{Cli, Compare, OutputFormat, ReportArgs};
use crate::deliver::files::write_bundle_then;
use crate::deliver::smtp;
use crate::model::clean_path;
use crate::{period, pipeline, render};

pub fn run(cli: &Cli, args: &ReportArgs) -> Result<i32> {
    let cfg = super::load_config(cli)?;
    let tax = super::load_taxonomy(&cfg)?;
    let period = args.period.required(cfg.timezone)?;
    super::require_times(&cfg)?;
    let previous = (args.compare == Compare::Previous).then(|| period.previous());
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
    let now = period::now(args.period.now.as_deref())?;
    let job = pipeline::ReportJob { period: &period, previous: previous.as_ref(), formats: &formats, now };
    let pipeline::Report { metrics, bundle, rejected_rows } = pipeline::report(&cfg, &tax, &job)?;
    let written = write_bundle_then(&out_dir, &bundle, |dir| pipeline::archive_index(&cfg, dir))?;
    if !cli.quiet {
        for p in &written {
            if p.extension().is_some_and(|e| e == "csv") {
                outln!("wrote {} ({} rejected rows)", clean_path(p), rejected_rows);
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
        smtp::send(&cfg, &smtp::Mail::of(&bundle), now)?;
        if !cli.quiet {
            outln!("sent {} to {}", period.id, cfg.email.as_ref().map(|e| e.to.join(", ")).unwrap_or_default());
        }
    }
    Ok(if failed.is_empty() { 0 } else { 3 })
}
