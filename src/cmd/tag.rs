//! `voc tag`: one row per conversation of the period with its tag, class, risks and the
//! keywords that matched — for spreadsheets (CSV) or analysis tools (Parquet).

use anyhow::Result;

use crate::cli::{Cli, TagArgs};
use crate::deliver::files::write_atomic;
use crate::error;
use crate::pipeline::{self, Export};

pub fn run(cli: &Cli, args: &TagArgs) -> Result<i32> {
    let s = super::session(cli, &args.period)?;
    let kind = match args.out.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase().as_str() {
        "csv" => Export::Csv,
        "parquet" => Export::Parquet,
        _ => return Err(error::usage(format!("--out {}: the file must end in .csv or .parquet", args.out.display()))),
    };
    let (bytes, rows) = pipeline::tag_export(&s, kind)?;
    write_atomic(&args.out, &bytes)?;
    if !cli.quiet {
        outln!("wrote {} ({} conversations)", args.out.display(), rows);
    }
    Ok(0)
}
