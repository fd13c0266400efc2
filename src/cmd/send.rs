//! `voc send REPORT_STEM`: mail an already rendered report.

use anyhow::Result;

use crate::cli::{Cli, SendArgs};

pub fn run(cli: &Cli, args: &SendArgs) -> Result<i32> {
    let cfg = super::load_config(cli)?;
    crate::deliver::smtp::send_stem(&cfg, &args.stem, None)?;
    if !cli.quiet {
        outln!("sent {}", args.stem.display());
    }
    Ok(0)
}
