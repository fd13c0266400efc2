//! `voc send REPORT_STEM`: mail an already rendered report (`<stem>.email.html` and its
//! `<stem>.email/` charts; `<stem>.html` attached and `<stem>.md` as plain text when present).

use anyhow::Result;

use crate::cli::{Cli, SendArgs};
use crate::deliver::smtp;
use crate::read;

pub fn run(cli: &Cli, args: &SendArgs) -> Result<i32> {
    let cfg = crate::config::load_settings(&cli.config)?;
    smtp::send(&cfg, &smtp::Mail::of(&read::bundle::load(&args.stem)?))?;
    if !cli.quiet {
        outln!("sent {} to {}", args.stem.display(), cfg.email.as_ref().map(|e| e.to.join(", ")).unwrap_or_default());
    }
    Ok(0)
}
