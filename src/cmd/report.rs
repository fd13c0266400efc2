//! `voc report`: one period's report — the pipeline computes and renders it, this command
//! delivers it (files, then the mail) and says what it wrote.

use anyhow::Result;

use crate::cli::{Cli, Compare, FormatArg, ReportArgs};
use crate::deliver::files::write_bundle_then;
use crate::deliver::smtp;
use crate::model::{OutputFormat, clean_path};
use crate::pipeline::{self, Session};

pub fn run(cli: &Cli, args: &ReportArgs) -> Result<i32> {
    let mut s = Session::open(&cli.config_path()?, |tz| args.period.required(tz).map(Some), args.period.now.as_deref())?;
    s.progress = super::progress(cli.quiet);
    let Some(period) = s.period.clone() else { unreachable!("a required period") };
    let previous = (args.compare == Compare::Previous).then(|| period.previous());
    let mut formats: Vec<OutputFormat> = args.format.iter().copied().map(OutputFormat::from).collect();
    formats.sort();
    formats.dedup();
    if args.send && !args.format.contains(&FormatArg::Email) {
        return Err(crate::error::usage("--send mails the e-mail rendering: add it with --format html,json,email"));
    }
    if args.send && s.cfg.email.is_none() {
        return Err(crate::error::config(format!("{}: --send needs an `email:` block (smtp, from, to)", s.cfg.path.display())));
    }
    let out_dir = args.out.clone().unwrap_or_else(|| s.cfg.output_dir.clone());
    let job = pipeline::ReportJob { period: &period, previous: previous.as_ref(), formats: &formats };
    let report = pipeline::report(&s, &job)?;
    let written = write_bundle_then(&out_dir, &report.bundle, |dir| {
        let (files, warnings) = pipeline::archive_index(&s, dir)?;
        for w in warnings {
            eprintln!("warning: {w}");
        }
        Ok(files)
    })?;
    if !cli.quiet {
        for p in &written {
            if p.extension().is_some_and(|e| e == "csv") {
                outln!("wrote {} ({} rejected rows)", clean_path(p), report.rejected_rows);
            } else {
                outln!("wrote {}", clean_path(p));
            }
        }
    }
    super::say_gates(&report.failed_gates);
    if args.send {
        smtp::send(&s.cfg, &pipeline::mail(&s.cfg, &report.bundle)?, s.now)?;
        if !cli.quiet {
            outln!("sent {} to {}", period.id, s.cfg.email.as_ref().map(|e| e.to.join(", ")).unwrap_or_default());
        }
    }
    Ok(if report.failed_gates.is_empty() { 0 } else { 3 })
}
