//! `voc validate`: read every input, account for every row, write the rejects file.

use anyhow::Result;

use crate::cli::{Cli, ValidateArgs};
use crate::deliver::files::write_bundle;
use crate::pipeline;

pub fn run(cli: &Cli, args: &ValidateArgs) -> Result<i32> {
    let s = super::session(cli, &args.period)?;
    let out_dir = args.out.clone().unwrap_or_else(|| s.cfg.output_dir.clone());
    let v = pipeline::validate(&s, &out_dir, args.json)?;
    write_bundle(&out_dir, &v.bundle)?;
    if args.json || !cli.quiet {
        super::out(v.text.as_bytes())?;
    }
    super::say_gates(&v.failed_gates);
    Ok(if v.failed_gates.is_empty() { 0 } else { 3 })
}
