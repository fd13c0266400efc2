//! `voc eval --gold FILE.csv`: precision, recall and F1 per tag against hand-labelled
//! `id,tag` rows, and the most frequent confusions — the weekly mis-tag review. `--gold manual`
//! scores the rules alone against the agents' own tags.

use std::collections::{BTreeMap, HashMap, HashSet};

use anyhow::Result;

use crate::classify::Keep;
use crate::cli::{Cli, EvalArgs};
use crate::error;
use crate::taxonomy::Taxonomy;

/// A label: a tag index, or `None` for unclassified.
type Label = Option<usize>;

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Score {
    pub tp: u64,
    pub fp: u64,
    pub fn_: u64,
}

impl Score {
    pub fn precision(&self) -> Option<f64> {
        let d = self.tp + self.fp;
        (d > 0).then(|| self.tp as f64 / d as f64)
    }
    pub fn recall(&self) -> Option<f64> {
        let d = self.tp + self.fn_;
        (d > 0).then(|| self.tp as f64 / d as f64)
    }
    pub fn f1(&self) -> Option<f64> {
        match (self.precision(), self.recall()) {
            (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
            (Some(_), Some(_)) => Some(0.0),
            _ => None,
        }
    }
}

/// Per label: true positives, false positives, false negatives over (gold, predicted) pairs.
pub fn score(pairs: &[(Label, Label)]) -> BTreeMap<Label, Score> {
    let mut out: BTreeMap<Label, Score> = BTreeMap::new();
    for (g, p) in pairs {
        if g == p {
            out.entry(*g).or_default().tp += 1;
        } else {
            out.entry(*g).or_default().fn_ += 1;
            out.entry(*p).or_default().fp += 1;
        }
    }
    out
}

fn top_level(tax: &Taxonomy, l: Label) -> Label {
    l.map(|t| tax.lineage(t).last().unwrap_or(t))
}

pub fn run(cli: &Cli, args: &EvalArgs) -> Result<i32> {
    let cfg = super::load_config(cli)?;
    let tax = super::load_taxonomy(&cfg)?;
    let agents = args.gold.as_os_str() == "manual";
    let gold_file = if agents { Vec::new() } else { read_gold(&args.gold, &tax)? };
    let scope = super::scope(&cfg, args.period.period(cfg.timezone)?.as_ref())?;
    let tagged = crate::pipeline::dataset(&cfg, &tax, scope, &Keep::default())?;
    let in_period = || tagged.convs.iter().filter(|c| c.in_period);
    // against the agents' own tags, the rules alone are what is scored
    let gold: Vec<(String, Label)> = if agents {
        in_period()
            .filter(|c| c.source == crate::model::TagSource::Manual)
            .map(|c| (tagged.interner.name(c.id).to_string(), c.tag.map(|t| t as usize)))
            .collect()
    } else {
        gold_file
    };
    let predicted: HashMap<&str, Label> = in_period()
        .map(|c| (tagged.interner.name(c.id), if agents { c.rule.get() } else { c.tag }.map(|t| t as usize)))
        .collect();
    if agents && gold.is_empty() {
        return Err(error::data("no conversation of the period carries an agent's tag that names a tag (`tags` column)"));
    }
    let mut pairs = Vec::new();
    let mut missing = Vec::new();
    for (id, g) in &gold {
        match predicted.get(id.as_str()) {
            Some(p) => pairs.push((*g, *p)),
            None => missing.push(id.as_str()),
        }
    }
    if pairs.is_empty() {
        return Err(error::data(format!("none of the {} gold ids is among the conversations read", gold.len())));
    }
    let name = |l: Label| l.map_or("unclassified".to_string(), |t| tax.tags[t].id.clone());
    let fmt = |v: Option<f64>| v.map_or("-".to_string(), |x| format!("{x:.3}"));
    let correct = pairs.iter().filter(|(g, p)| g == p).count();
    outln!("gold rows: {}, evaluated: {}, not found: {}", gold.len(), pairs.len(), missing.len());
    if !missing.is_empty() {
        outln!("  not found (first 10): {}", missing.iter().take(10).copied().collect::<Vec<_>>().join(", "));
    }
    outln!("accuracy (primary tag): {:.3}", correct as f64 / pairs.len() as f64);
    let print_table = |title: &str, pairs: &[(Label, Label)]| -> Result<()> {
        outln!("");
        outln!("{title}");
        outln!("{:<22} {:>7} {:>9} {:>9} {:>9}", "tag", "support", "precision", "recall", "f1");
        let scores = score(pairs);
        let mut labels: Vec<Label> = scores.keys().copied().collect();
        labels.sort_by_key(|l| (l.is_none(), *l));
        for l in labels {
            let s = &scores[&l];
            outln!("{:<22} {:>7} {:>9} {:>9} {:>9}", name(l), s.tp + s.fn_, fmt(s.precision()), fmt(s.recall()), fmt(s.f1()));
        }
        Ok(())
    };
    print_table("per tag (exact primary tag):", &pairs)?;
    let top: Vec<(Label, Label)> = pairs.iter().map(|(g, p)| (top_level(&tax, *g), top_level(&tax, *p))).collect();
    let top_correct = top.iter().filter(|(g, p)| g == p).count();
    print_table(&format!("per level-1 tag (accuracy {:.3}):", top_correct as f64 / top.len() as f64), &top)?;
    let mut confusions: HashMap<(Label, Label), u64> = HashMap::new();
    for (g, p) in &pairs {
        if g != p {
            *confusions.entry((*g, *p)).or_default() += 1;
        }
    }
    let mut conf: Vec<((Label, Label), u64)> = confusions.into_iter().collect();
    conf.sort_by_key(|((g, p), n)| (std::cmp::Reverse(*n), g.is_none(), *g, p.is_none(), *p));
    outln!("");
    outln!("most frequent confusions (gold → predicted):");
    for ((g, p), n) in conf.iter().take(15) {
        outln!("  {n:>4}  {} → {}", name(*g), name(*p));
    }
    Ok(0)
}

/// `id,tag` rows; the tag is an id, name, alias or path, or `unclassified`.
fn read_gold(path: &std::path::Path, tax: &Taxonomy) -> Result<Vec<(String, Label)>> {
    let display = path.display();
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| error::usage(format!("cannot open gold file {display}: {e}")))?;
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| error::data(format!("{display}: {e}")))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_lowercase())
        .collect();
    let (Some(id_col), Some(tag_col)) = (headers.iter().position(|h| h == "id"), headers.iter().position(|h| h == "tag")) else {
        return Err(error::data(format!(
            "{display}: the gold file needs `id` and `tag` columns; it has: {}",
            headers.join(", ")
        )));
    };
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (i, rec) in rdr.records().enumerate() {
        let row = i + 1;
        let rec = rec.map_err(|e| error::data(format!("{display} row {row}: {e}")))?;
        let id = rec.get(id_col).unwrap_or("").trim().to_string();
        let tag = rec.get(tag_col).unwrap_or("").trim();
        if id.is_empty() {
            return Err(error::data(format!("{display} row {row}, column id: missing id")));
        }
        let label =
            if matches!(tag.to_lowercase().as_str(), "unclassified" | "none" | "") {
                None
            } else {
                Some(tax.lookup(tag).ok_or_else(|| {
                    error::data(format!("{display} row {row}, column tag: `{tag}` is not a tag of the taxonomy"))
                })?)
            };
        if !seen.insert(id.clone()) {
            return Err(error::data(format!("{display} row {row}, column id: `{id}` is labelled twice")));
        }
        out.push((id, label));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_recall_f1_by_hand() {
        // gold: a a a b b ∅ ; predicted: a a b b ∅ ∅
        let (a, b) = (Some(0), Some(1));
        let pairs = [(a, a), (a, a), (a, b), (b, b), (b, None), (None, None)];
        let s = score(&pairs);
        assert_eq!(s[&a], Score { tp: 2, fp: 0, fn_: 1 });
        assert_eq!(s[&b], Score { tp: 1, fp: 1, fn_: 1 });
        assert_eq!(s[&None], Score { tp: 1, fp: 1, fn_: 0 });
        assert_eq!(s[&a].precision(), Some(1.0));
        assert!((s[&a].recall().unwrap() - 2.0 / 3.0).abs() < 1e-12);
        assert!((s[&a].f1().unwrap() - 0.8).abs() < 1e-12);
        assert_eq!(s[&b].f1(), Some(0.5));
    }
}
