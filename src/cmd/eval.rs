//! `voc eval --gold FILE.csv`: precision, recall and F1 per tag against hand-labelled
//! `id,tag` rows, and the most frequent confusions — the weekly mis-tag review. `--gold manual`
//! scores the rules alone against the agents' own tags.

use anyhow::Result;

use crate::cli::{Cli, EvalArgs};
use crate::pipeline;

pub fn run(cli: &Cli, args: &EvalArgs) -> Result<i32> {
    let s = super::session(cli, &args.period)?;
    let gold = (args.gold.as_os_str() != "manual").then_some(args.gold.as_path());
    super::out(pipeline::eval(&s, gold)?.as_bytes())?;
    Ok(0)
}
