//! `voc taxonomy check | explain | stats`.

use std::collections::HashSet;

use anyhow::Result;

use super::thousands;
use crate::classify::Keep;
use crate::cli::{CheckArgs, Cli, ExplainArgs, StatsArgs, SuggestArgs, SuggestFormat};
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
    let sep = cfg.inputs.conversations.first().or(cfg.inputs.messages.as_ref()).map(|i| i.tag_separator.clone());
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

/// The period's conversations as `suggest` reads them (kept with `Keep::period_texts`).
fn period_docs(tagged: &crate::model::Dataset) -> Vec<crate::taxonomy::suggest::Doc<'_>> {
    (0..tagged.convs.len())
        .filter(|&i| tagged.convs[i].in_period)
        .map(|i| {
            let c = &tagged.convs[i];
            crate::taxonomy::suggest::Doc {
                at: i,
                id: tagged.interner.name(c.id),
                created: c.created,
                text: &tagged.period_texts[i],
                tag: c.tag,
            }
        })
        .collect()
}

/// The period's suggestions, with the dataset they were mined from.
fn mine(
    cli: &Cli,
    period: &crate::cli::PeriodArgs,
    top: usize,
) -> Result<(crate::model::Dataset, crate::taxonomy::suggest::Mined, crate::config::Config)> {
    let cfg = super::load_config(cli)?;
    let tax = super::load_taxonomy(&cfg)?;
    let scope = super::scope(&cfg, period.period(cfg.timezone)?.as_ref())?;
    let tagged = crate::pipeline::dataset(&cfg, &tax, scope, &Keep { period_texts: true, ..Keep::default() })?;
    let docs = period_docs(&tagged);
    let t = std::time::Instant::now();
    let mined = crate::taxonomy::suggest::suggest(&tax, &docs, top);
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    tracing::info!(
        "mined {} suggestions from {} conversations ({:.1} MB of text) in {:.2} s",
        mined.suggestions.len(),
        docs.len(),
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    Ok((tagged, mined, cfg))
}

/// `voc taxonomy suggest`: keyword candidates from the unclassified, as text, YAML or JSON.
pub fn suggest(cli: &Cli, args: &SuggestArgs) -> Result<i32> {
    let (tagged, mined, cfg) = mine(cli, &args.period, args.top)?;
    let id = |i: usize| tagged.interner.name(tagged.convs[i].id).to_string();
    match args.format {
        SuggestFormat::Json => {
            let period = args.period.period(cfg.timezone)?.map(|p| serde_json::to_value(p.json()).unwrap_or_default());
            let items: Vec<serde_json::Value> = mined
                .suggestions
                .iter()
                .map(|s| {
                    serde_json::json!({"keyword": s.keyword, "count": s.count, "share": s.share, "lift": s.lift,
                        "near_tag": s.near_tag, "examples": s.docs.iter().map(|&i| id(i)).collect::<Vec<_>>()})
                })
                .collect();
            let doc = serde_json::json!({"schema": "voc.suggest/1", "period": period, "conversations": mined.conversations,
                "unclassified": mined.unclassified, "suggestions": items});
            outln!("{}", serde_json::to_string_pretty(&doc)?);
        }
        SuggestFormat::Yaml => {
            outln!("# voc taxonomy suggest: {} of {} conversations unclassified.", mined.unclassified, mined.conversations);
            outln!("# Read each keyword's examples (voc taxonomy suggest) before pasting it into the taxonomy.");
            let mut by_tag: std::collections::BTreeMap<&str, Vec<&str>> = std::collections::BTreeMap::new();
            let mut new = Vec::new();
            for s in &mined.suggestions {
                match &s.near_tag {
                    Some(t) => by_tag.entry(t).or_default().push(&s.keyword),
                    None => new.push(&s.keyword),
                }
            }
            for (t, kws) in by_tag {
                outln!("# add to {t}:");
                outln!("#   match: {{ any: [{}] }}", kws.join(", "));
            }
            if !new.is_empty() {
                outln!("# new tags:");
                for (n, k) in new.iter().enumerate() {
                    outln!("  - {{ id: new_{}, name: {k}, match: {{ any: [{k}] }} }}", n + 1);
                }
            }
        }
        SuggestFormat::Text => {
            outln!(
                "{} of {} conversations unclassified; candidates by count × ln(lift):",
                mined.unclassified,
                mined.conversations
            );
            for s in &mined.suggestions {
                outln!("");
                outln!(
                    "{:<14} {:>5} ({:>5.1}%)  lift {:>5.1}  {}",
                    s.keyword,
                    s.count,
                    100.0 * s.share,
                    s.lift,
                    s.near_tag.as_deref().map_or("new tag".to_string(), |t| format!("near {t}"))
                );
                for &i in &s.docs {
                    outln!("    {}  {}", id(i), one_line(&crate::mask::quote(&tagged.period_texts[i], 80, true)));
                }
            }
        }
    }
    Ok(0)
}

/// Coverage over the period (or all conversations).
pub fn stats(cli: &Cli, args: &StatsArgs) -> Result<i32> {
    let cfg = super::load_config(cli)?;
    let tax = super::load_taxonomy(&cfg)?;
    let scope = super::scope(&cfg, args.period.period(cfg.timezone)?.as_ref())?;
    let keep = Keep { rule_hits: true, period_texts: true, ..Keep::default() };
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
        &[],
        share,
        unclassified,
    ));
    for a in alerts {
        outln!("{}", crate::render::labels::alert_message(&a, crate::config::Locale::En));
    }
    // what the unclassified say, and what `suggest` would add
    let mut open: Vec<usize> = convs.iter().copied().filter(|&i| tagged.convs[i].tag.is_none()).collect();
    open.sort_by(|&a, &b| tagged.convs[b].created.cmp(&tagged.convs[a].created).then(a.cmp(&b)));
    if !open.is_empty() {
        outln!("");
        outln!("unclassified, newest (personal data masked):");
        for &i in open.iter().take(5) {
            outln!(
                "  {}  {}",
                tagged.interner.name(tagged.convs[i].id),
                one_line(&crate::mask::quote(&tagged.period_texts[i], 80, true))
            );
        }
        let docs = period_docs(&tagged);
        let mined = crate::taxonomy::suggest::suggest(&tax, &docs, 5);
        outln!("");
        outln!("top suggestions (voc taxonomy suggest for examples):");
        for sg in &mined.suggestions {
            let near = sg.near_tag.as_deref().map_or("new tag".to_string(), |t| format!("near {t}"));
            outln!("  {:<14} {:>5} unclassified, lift {:.1}, {near}", sg.keyword, sg.count, sg.lift);
        }
    }
    Ok(0)
}
