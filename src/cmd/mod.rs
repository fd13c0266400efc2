//! One file per subcommand; this module holds what they share: loading the config and the
//! taxonomy, and running the pipeline for a scope.

/// `println!` that returns the I/O error instead of panicking, so `voc … | head` ends quietly
/// (main maps a broken pipe to exit 0).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)?;
    }};
}

pub mod eval;
pub mod init;
pub mod report;
pub mod send;
pub mod tag;
pub mod taxonomy;
pub mod validate;

use anyhow::Result;

use crate::cli::{Cli, Command, TaxonomyCommand};
use crate::config::{self, Config};
use crate::model::Scope;
use crate::taxonomy::{Taxonomy, compile};

/// Run the command; the `Ok` value is the exit code (0, or 3 for a failed data-quality gate).
pub fn run(cli: Cli) -> Result<i32> {
    match &cli.command {
        Command::Report(a) => report::run(&cli, a),
        Command::Tag(a) => tag::run(&cli, a),
        Command::Taxonomy { command } => match command {
            TaxonomyCommand::Check(a) => taxonomy::check(&cli, a),
            TaxonomyCommand::Explain(a) => taxonomy::explain(&cli, a),
            TaxonomyCommand::Stats(a) => taxonomy::stats(&cli, a),
            TaxonomyCommand::Suggest(a) => taxonomy::suggest(&cli, a),
        },
        Command::Eval(a) => eval::run(&cli, a),
        Command::Validate(a) => validate::run(&cli, a),
        Command::Send(a) => send::run(&cli, a),
        Command::Init(a) => init::run(a),
    }
}

pub fn load_config(cli: &Cli) -> Result<Config> {
    config::load(&cli.config)
}

pub fn load_taxonomy(cfg: &Config) -> Result<Taxonomy> {
    compile::load(&cfg.taxonomy)
}

/// The scope of a command: exactly the period, or every row. A period needs conversation
/// times, so an input without `created_at` cannot have one.
pub fn scope(cfg: &Config, period: Option<&crate::period::Period>) -> Result<Scope> {
    match period {
        Some(p) => {
            require_times(cfg)?;
            Ok(Scope::only(p))
        }
        None => Ok(Scope::all()),
    }
}

pub fn require_times(cfg: &Config) -> Result<()> {
    for c in &cfg.inputs.conversations {
        if !c.maps(crate::config::Field::CreatedAt) {
            return Err(crate::error::config(format!(
                "{}: inputs.{} maps no `created_at`, so no period can be cut: map it; or, for an undated export, run the commands that read every row without a period — `voc taxonomy stats`, `voc tag --out tags.csv`, `voc eval --gold FILE`",
                cfg.path.display(),
                c.label()
            )));
        }
    }
    Ok(())
}

pub use crate::render::format::thousands;
