//! One file per subcommand: each parses its arguments into a [`pipeline::Session`], asks the
//! pipeline for one value, delivers it (files, mail), prints what it says, and maps the outcome
//! to an exit code (docs/cli.md). Commands reach the stages only through the pipeline and
//! deliver.

/// `println!` that returns the I/O error instead of panicking, so `voc … | head` ends quietly
/// (main maps a broken pipe to exit 0).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)?;
    }};
}

/// What the pipeline rendered, on standard output as it is.
fn out(bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut o = std::io::stdout().lock();
    o.write_all(bytes)?;
    o.flush()?;
    Ok(())
}

pub mod eval;
pub mod init;
pub mod report;
pub mod send;
pub mod tag;
pub mod taxonomy;
pub mod validate;

use anyhow::Result;

use crate::cli::{Cli, Command, PeriodArgs, TaxonomyCommand};
use crate::pipeline::{Progress, Session};

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
            TaxonomyCommand::Learn(a) => taxonomy::learn(&cli, a),
        },
        Command::Eval(a) => eval::run(&cli, a),
        Command::Validate(a) => validate::run(&cli, a),
        Command::Send(a) => send::run(&cli, a),
        Command::Init(a) => init::run(a),
    }
}

/// The session of a command that takes an optional period (`voc tag`, `stats`, …), with a
/// spinner while rows are read.
fn session(cli: &Cli, period: &PeriodArgs) -> Result<Session> {
    let mut s = Session::open(&cli.config_path()?, |tz| period.period(tz), period.now.as_deref())?;
    s.progress = progress(cli.quiet);
    Ok(s)
}

/// Data-quality gates that failed, on standard error (the exit code is 3).
fn say_gates(failed: &[String]) {
    for g in failed {
        eprintln!("data-quality gate failed: {g}");
    }
}

/// A spinner on stderr while rows are read, only when stderr is a terminal (never under cron)
/// and not with `-q`.
fn progress(quiet: bool) -> Box<dyn Fn(Progress) + Sync> {
    use std::io::IsTerminal;
    if quiet || !tracing::enabled!(tracing::Level::WARN) || !std::io::stderr().is_terminal() {
        return Box::new(|_| ());
    }
    let pb = indicatif::ProgressBar::new_spinner();
    if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} reading and tagging {pos} conversations ({elapsed})") {
        pb.set_style(style);
    }
    pb.enable_steady_tick(std::time::Duration::from_millis(120));
    Box::new(move |p| match p {
        Progress::Conversations(n) => pb.set_position(n),
        Progress::Done => pb.finish_and_clear(),
    })
}
