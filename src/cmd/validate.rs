//! `voc validate`: read every input, account for every row, write the rejects file.

use anyhow::Result;

use super::thousands;
use crate::cli::{Cli, ValidateArgs};
use crate::deliver::files::write_bundle;
use crate::model::Accounting;
use crate::model::clean_path;
use crate::read;
use crate::render::rejects;

pub fn run(cli: &Cli, args: &ValidateArgs) -> Result<i32> {
    let cfg = super::load_config(cli)?;
    let period = args.period.period(cfg.timezone)?;
    let scope = super::scope(&cfg, period.as_ref())?;
    let frames = read::open(&cfg, scope)?;
    let sales = frames.sales.read()?;
    let ingested = frames.conversations.run(&|_| (), |_, _| Ok(()))?;
    let ingested_sources = ingested.sources.clone();
    let mut accounting = ingested.accounting;
    accounting.extend(sales.accounting);
    let mut all_rejects = ingested.rejects;
    all_rejects.extend(sales.rejects);

    let out_dir = args.out.clone().unwrap_or_else(|| cfg.output_dir.clone());
    let stem = period.as_ref().map_or("validate".to_string(), |p| p.id.clone());
    let rejects_path = out_dir.join(format!("{stem}.rejects.csv"));
    write_bundle(&out_dir, &rejects::bundle(&stem, &all_rejects))?;
    if args.json {
        let mut m = serde_json::Map::new();
        for (k, a) in &accounting {
            m.insert(k.name().to_string(), serde_json::to_value(a)?);
        }
        for (name, a) in &ingested_sources {
            m.insert(format!("conversations.{name}"), serde_json::to_value(a)?);
        }
        let doc = serde_json::json!({
            "inputs": m,
            "rejects": { "rows": all_rejects.len(), "file": (!all_rejects.is_empty()).then(|| clean_path(&rejects_path)) },
        });
        outln!("{}", serde_json::to_string_pretty(&doc)?);
    } else if !cli.quiet {
        outln!(
            "{:<14} {:>9} {:>9} {:>9} {:>10} {:>13} {:>9}",
            "input",
            "read",
            "used",
            "rejected",
            "duplicates",
            "out_of_period",
            "filtered"
        );
        for (k, a) in &accounting {
            outln!("{}", row(k.name(), a));
            if *k == crate::model::InputKind::Conversations {
                for (name, a) in &ingested_sources {
                    outln!("{}", row(&format!("  {name}"), a));
                }
            }
        }
    }
    for (k, a) in &accounting {
        if !a.balances() {
            anyhow::bail!("internal error: the accounting of {} does not balance: {a:?}", k.name());
        }
    }
    let failed = crate::metrics::alerts::gates(&cfg, &accounting, &ingested_sources, None, 0);
    for g in &failed {
        eprintln!("data-quality gate failed: {}", crate::render::labels::alert_message(g, cfg.locale));
    }
    let gate_failed = !failed.is_empty();
    if !cli.quiet && !args.json {
        if all_rejects.is_empty() {
            outln!("every row was read; no rejects");
        } else {
            outln!("{} rejected rows with reasons: {}", thousands(all_rejects.len() as u64), clean_path(&rejects_path));
        }
    }
    Ok(if gate_failed { 3 } else { 0 })
}

fn row(name: &str, a: &Accounting) -> String {
    format!(
        "{:<14} {:>9} {:>9} {:>9} {:>10} {:>13} {:>9}",
        name,
        thousands(a.rows_read),
        thousands(a.rows_used),
        thousands(a.rows_rejected),
        thousands(a.duplicates),
        thousands(a.out_of_period),
        thousands(a.filtered)
    )
}
