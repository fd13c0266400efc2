//! `voc taxonomy check | explain | stats`.

use std::collections::HashSet;

use anyhow::Result;

use super::thousands;
use crate::classify::Keep;
use crate::cli::{CheckArgs, Cli, ExplainArgs, StatsArgs};
use crate::error;
use crate::taxonomy::{Fields, check as checker, compile};

/// Validate the taxonomy named by the config, run its examples and lint it; exit 2 on any
/// failure (and, with `--strict`, on any warning).
pub fn check(cli: &Cli, args: &CheckArgs) -> Result<i32> {
    let cfg = crate::config::load_settings(&cli.config)?;
    let path = &cfg.taxonomy;
    let (tax, problems) = compile::load_with_problems(path)?;
    let (problems, ran) = checker::check(&tax, problems);
    for p in &problems {
        eprintln!("{}:{}: {}", path.display(), p.line, p.message);
    }
    for name in &tax.ambiguous {
        eprintln!("{}: note: the name `{name}` belongs to several tags; manual tags must use its path or id", path.display());
    }
    let warnings = crate::taxonomy::lint::lint(&tax);
    for w in &warnings {
        eprintln!("{}:{}: {}", path.display(), w.line, w.message);
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
    let cfg = if args.id.is_some() { super::load_config(cli)? } else { crate::config::load_settings(&cli.config)? };
    let tax = super::load_taxonomy(&cfg)?;
    let (text, fields_owned, cell) = match (&args.text, &args.id) {
        (Some(t), _) => (t.clone(), [None, None, None], None),
        (None, Some(id)) => {
            let scope = super::scope(&cfg, args.period.period(cfg.timezone)?.as_ref())?;
            let keep = Keep { texts_of: Some(HashSet::from([id.clone()])), ..Keep::default() };
            let tagged = crate::pipeline::dataset(&cfg, &tax, scope, &keep)?;
            let conv = tagged.convs.iter().find(|c| tagged.interner.name(c.id) == id.as_str());
            let (Some(conv), Some((text, cell))) = (conv, tagged.texts.get(id)) else {
                return Err(error::data(format!("no conversation with id `{id}` in the inputs (or in the period given)")));
            };
            let name = |k: Option<u32>| k.map(|k| tagged.interner.name(k).to_string());
            (text.clone(), [name(conv.channel.get()), name(conv.segment.get()), name(conv.category.get())], cell.clone())
        }
        (None, None) => return Err(error::usage("give --text \"…\" or --id CONVERSATION_ID")),
    };
    let fields =
        Fields { channel: fields_owned[0].as_deref(), segment: fields_owned[1].as_deref(), category: fields_owned[2].as_deref() };
    let sep = cfg.inputs.conversations.as_ref().or(cfg.inputs.messages.as_ref()).map(|i| i.tag_separator.clone());
    let manual = match (&cell, &sep) {
        (Some(c), Some(s)) => Some((c.as_str(), s)),
        _ => None,
    };
    let e = tax.explain(&text, &fields, manual);
    outln!("text:        {}", one_line(&text));
    outln!("normalized:  {}", e.keyword_text);
    if let Some(c) = &cell {
        outln!("tags cell:   {c}");
    }
    if e.traces.is_empty() {
        outln!("rules:       no keyword of any rule occurs in the text");
    } else {
        outln!("rules:");
        for t in &e.traces {
            let mut parts = Vec::new();
            if !t.any.is_empty() {
                parts.push(format!("any: {}", t.any.join(", ")));
            }
            if !t.regex.is_empty() {
                parts.push(format!("regex: {}", t.regex.join(", ")));
            }
            if !t.all_hit.is_empty() || !t.all_missing.is_empty() {
                parts.push(format!("all: {} found, missing [{}]", t.all_hit.len(), t.all_missing.join(", ")));
            }
            if !t.vetoed_by.is_empty() {
                parts.push(format!("vetoed by none: {}", t.vetoed_by.join(", ")));
            }
            if !t.fields_failed.is_empty() {
                parts.push(format!("fields: {}", t.fields_failed.join("; ")));
            }
            let mark = if t.matched { "✓" } else { "✗" };
            let extra = match t.kind {
                "tag" => tax
                    .tag_index(&t.id)
                    .map(|i| format!(" (priority {}, level {})", tax.tags[i].priority, tax.tags[i].level))
                    .unwrap_or_default(),
                _ => String::new(),
            };
            outln!("  {mark} {:<4} {:<20}{extra}  {}", t.kind, t.id, parts.join(" | "));
        }
    }
    match &e.winner {
        Some(w) => {
            let i = tax.tag_index(w).expect("winner is a tag");
            outln!("winner:      {} ({}) — class {}, source {}", w, tax.tags[i].path, tax.tags[i].class.name(), e.source.name());
        }
        None => outln!("winner:      unclassified"),
    }
    outln!("why:         {}", e.why);
    outln!("risks:       {}", if e.risks.is_empty() { "none".to_string() } else { e.risks.join(", ") });
    Ok(0)
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Coverage over the period (or all conversations).
pub fn stats(cli: &Cli, args: &StatsArgs) -> Result<i32> {
    let cfg = super::load_config(cli)?;
    let tax = super::load_taxonomy(&cfg)?;
    let scope = super::scope(&cfg, args.period.period(cfg.timezone)?.as_ref())?;
    let keep = Keep { rule_hits: true, ..Keep::default() };
    let tagged = crate::pipeline::dataset(&cfg, &tax, scope, &keep)?;
    let convs: Vec<usize> = (0..tagged.convs.len()).filter(|&i| tagged.convs[i].in_period).collect();
    let total = convs.len() as u64;
    let pct = |n: u64| {
        if total == 0 { "-".to_string() } else { format!("{:.1}%", 100.0 * n as f64 / total as f64) }
    };
    let refs: Vec<&crate::model::Conv> = convs.iter().map(|&i| &tagged.convs[i]).collect();
    let rollup = crate::metrics::tags::rollup(&tax, &refs);
    let unclassified = crate::metrics::tags::unclassified(&refs);
    let mut own_hits = vec![0u64; tax.tags.len()];
    let mut primary = vec![0u64; tax.tags.len()];
    let (mut several, mut manual) = (0u64, 0u64);
    for &i in &convs {
        let c = &tagged.convs[i];
        let hits = &tagged.rule_hits[i];
        if hits.len() >= 2 {
            several += 1;
        }
        for h in hits {
            own_hits[*h as usize] += 1;
        }
        if let Some(t) = c.tag {
            primary[t as usize] += 1;
        }
        if c.source == crate::taxonomy::TagSource::Manual {
            manual += 1;
        }
    }
    outln!("conversations:              {}", thousands(total));
    outln!("unclassified:               {} ({})", thousands(unclassified), pct(unclassified));
    outln!("tagged by hand (manual):    {} ({})", thousands(manual), pct(manual));
    outln!("matched by several tags:    {} ({})", thousands(several), pct(several));
    outln!("");
    outln!("{:<24} {:<28} {:>9} {:>9} {:>9} {:>7}", "tag", "path", "rule hits", "primary", "rollup", "share");
    for (i, t) in tax.tags.iter().enumerate() {
        let indent = "  ".repeat(t.level as usize - 1);
        outln!(
            "{:<24} {:<28} {:>9} {:>9} {:>9} {:>7}",
            format!("{indent}{}", t.id),
            t.path,
            if t.rule.is_some() { thousands(own_hits[i]) } else { "-".into() },
            thousands(primary[i]),
            thousands(rollup[i]),
            pct(rollup[i])
        );
    }
    let never: Vec<&str> =
        tax.tags.iter().enumerate().filter(|(i, t)| t.rule.is_some() && own_hits[*i] == 0).map(|(_, t)| t.id.as_str()).collect();
    outln!("");
    outln!("tags never matched by their rule: {}", if never.is_empty() { "none".to_string() } else { never.join(", ") });
    let share = (total > 0).then(|| unclassified as f64 / total as f64);
    let alerts = crate::metrics::alerts::dominance(&tax, &rollup, total).into_iter().chain(crate::metrics::alerts::gates(
        &cfg,
        &[],
        share,
        unclassified,
    ));
    for a in alerts {
        outln!("{}", crate::render::labels::alert_message(&a, crate::config::Locale::En));
    }
    Ok(0)
}
