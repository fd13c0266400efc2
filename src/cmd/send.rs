//! `voc send REPORT_STEM`: mail an already rendered report (`<stem>.email.html` and its
//! `<stem>.email/` charts; `<stem>.html` attached and `<stem>.md` as plain text when present).

use anyhow::Result;

use crate::cli::{Cli, SendArgs};
use crate::deliver::{files, smtp};
use crate::pipeline;

pub fn run(cli: &Cli, args: &SendArgs) -> Result<i32> {
    let cfg = crate::config::load_settings(&cli.config_path()?)?;
    let mail = pipeline::mail_of_report(&cfg, &args.stem)?;
    let now = crate::period::now(args.now.as_deref())?;
    if args.dry_run {
        super::out(&smtp::compose(&cfg, &mail, now)?.formatted())?;
        return Ok(0);
    }
    if let Some(eml) = &args.eml {
        files::write_atomic(eml, &smtp::compose(&cfg, &mail, now)?.formatted())?;
        if !cli.quiet {
            outln!("wrote {} (the mail as it would be sent; nothing was sent)", eml.display());
        }
        return Ok(0);
    }
    smtp::send(&cfg, &mail, now)?;
    if !cli.quiet {
        outln!("sent {} to {}", args.stem.display(), cfg.email.as_ref().map(|e| e.to.join(", ")).unwrap_or_default());
    }
    Ok(0)
}
