//! `voc taxonomy check | explain | stats | suggest`.

use anyhow::Result;

use crate::cli::{CheckArgs, Cli, ExplainArgs, LearnArgs, StatsArgs, SuggestArgs};
use crate::error;
use crate::pipeline;
use crate::taxonomy::{check as checker, compile};

/// Validate the taxonomy named by the config, run its examples and lint it; exit 2 on any
/// failure (and, with `--strict`, on any warning).
pub fn check(cli: &Cli, args: &CheckArgs) -> Result<i32> {
    let cfg = crate::config::load_settings(&cli.config_path()?)?;
    let path = &cfg.taxonomy;
    let (tax, problems) = compile::load_with_problems(path)?;
    let (problems, ran) = checker::check(&tax, problems);
    for p in &problems {
        eprintln!("{}:{}: {}", path.display(), p.line, p.message);
    }
    for name in &tax.ambiguous {
        eprintln!("{}: note: the name `{name}` belongs to several tags; manual tags must use its path or id", path.display());
    }
    let mut warnings: Vec<(usize, String)> = crate::taxonomy::lint::lint(&tax).into_iter().map(|w| (w.line, w.message)).collect();
    // with the exports in place, the keywords too generic for them (no exports yet: no such lint)
    if problems.is_empty() {
        if let Ok(s) = pipeline::Session::open(&cli.config_path()?, |_| Ok(None), None) {
            warnings.extend(pipeline::generic_keywords(&s).unwrap_or_default());
        }
    }
    for (line, message) in &warnings {
        eprintln!("{}:{line}: {message}", path.display());
    }
    if !problems.is_empty() {
        eprintln!("{} problem(s) in {}", problems.len(), path.display());
        return Ok(2);
    }
    if args.strict && !warnings.is_empty() {
        eprintln!("{} warning(s) in {} (--strict)", warnings.len(), path.display());
        return Ok(2);
    }
    if !cli.quiet {
        let warned = if warnings.is_empty() { String::new() } else { format!(", {} warning(s)", warnings.len()) };
        outln!("{}: ok — {} tags, {} risks, {} examples passed{warned}", path.display(), tax.tags.len(), tax.risks.len(), ran);
    }
    Ok(0)
}

pub fn explain(cli: &Cli, args: &ExplainArgs) -> Result<i32> {
    let text = match (&args.text, &args.id) {
        (Some(t), _) => pipeline::explain_text(&crate::config::load_settings(&cli.config_path()?)?, t)?,
        (None, Some(id)) => pipeline::explain_id(&super::session(cli, &args.period)?, id)?,
        (None, None) => return Err(error::usage("give --text \"…\" or --id CONVERSATION_ID")),
    };
    super::out(text.as_bytes())?;
    Ok(0)
}

/// `voc taxonomy suggest`: keyword candidates from the unclassified, as text, YAML or JSON.
pub fn suggest(cli: &Cli, args: &SuggestArgs) -> Result<i32> {
    let s = super::session(cli, &args.period)?;
    super::out(pipeline::suggest(&s, args.top, args.format.into())?.as_bytes())?;
    Ok(0)
}

/// `voc taxonomy learn`: changes to the rules from labels; with `--write`, a changed copy.
pub fn learn(cli: &Cli, args: &LearnArgs) -> Result<i32> {
    let s = super::session(cli, &args.period)?;
    if args.write.as_deref().is_some_and(|w| w.canonicalize().ok() == s.cfg.taxonomy.canonicalize().ok()) {
        return Err(error::usage("--write names the config's own taxonomy: write a copy, read it, then put it in place"));
    }
    let gold = (args.gold.as_os_str() != "manual").then_some(args.gold.as_path());
    let l = pipeline::learn(&s, gold, args.holdout, args.write.is_some())?;
    super::out(l.text.as_bytes())?;
    if let (Some(path), Some(text)) = (&args.write, &l.taxonomy) {
        crate::deliver::files::write_atomic(path, text.as_bytes())?;
        if !cli.quiet {
            outln!("wrote {} ({} changes); check it with `voc taxonomy check`, then use it", path.display(), l.changes);
        }
    } else if args.write.is_some() && !cli.quiet {
        outln!("no change to write");
    }
    Ok(0)
}

/// Coverage over the period (or all conversations).
pub fn stats(cli: &Cli, args: &StatsArgs) -> Result<i32> {
    let s = super::session(cli, &args.period)?;
    super::out(pipeline::stats(&s)?.as_bytes())?;
    Ok(0)
}
