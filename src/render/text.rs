//! What the commands print on a terminal: the row accounting of `voc validate`, the coverage of
//! `voc taxonomy stats`, the candidates of `voc taxonomy suggest`, the rules of `voc taxonomy
//! explain` and the scores of `voc eval`. Pure functions from values to text; the command
//! prints it.

use std::fmt::Write as _;

use super::format::thousands;
use super::labels::alert_message;
use crate::config::Locale;
use crate::metrics::coverage::Coverage;
use crate::metrics::eval::{Evaluation, Label, Score};
use crate::metrics::learn::{Learned, Scores};
use crate::model::{Accounting, InputKind, SuggestFormat};
use crate::taxonomy::edit::Change;
use crate::taxonomy::suggest::Mined;
use crate::taxonomy::{Explanation, Taxonomy};

/// One line of text (a conversation's line breaks and runs of spaces as one space).
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A conversation's text as a terminal line shows it: masked, cut at 80 characters, one line.
/// `s` padded with spaces to `width` terminal columns (a Hangul syllable takes two): a table
/// with Korean names stays aligned, where `{:<N}` counts characters.
fn left(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

fn shown(text: &str) -> String {
    one_line(&crate::mask::quote(text, 80))
}

/// `voc validate`: one line per input (and per source of several), as a table.
pub fn accounting(inputs: &[(InputKind, Accounting)], sources: &[(String, Accounting)]) -> String {
    let mut out = String::new();
    let row = |name: &str, a: &Accounting| {
        format!(
            "{} {:>9} {:>9} {:>9} {:>10} {:>13} {:>9}\n",
            left(name, 14),
            thousands(a.rows_read),
            thousands(a.rows_used),
            thousands(a.rows_rejected),
            thousands(a.duplicates),
            thousands(a.out_of_period),
            thousands(a.filtered)
        )
    };
    let _ = writeln!(
        out,
        "{:<14} {:>9} {:>9} {:>9} {:>10} {:>13} {:>9}",
        "input", "read", "used", "rejected", "duplicates", "out_of_period", "filtered"
    );
    for (k, a) in inputs {
        out.push_str(&row(k.name(), a));
        if *k == InputKind::Conversations {
            for (name, a) in sources {
                out.push_str(&row(&format!("  {name}"), a));
            }
        }
    }
    out
}

/// `voc validate --json`: the accounting per input (and source) and where the rejects are.
pub fn accounting_json(
    inputs: &[(InputKind, Accounting)],
    sources: &[(String, Accounting)],
    rejects: usize,
    file: &str,
) -> anyhow::Result<String> {
    let mut m = serde_json::Map::new();
    for (k, a) in inputs {
        m.insert(k.name().to_string(), serde_json::to_value(a)?);
    }
    for (name, a) in sources {
        m.insert(format!("conversations.{name}"), serde_json::to_value(a)?);
    }
    let doc = serde_json::json!({
        "inputs": m,
        "rejects": { "rows": rejects, "file": (rejects > 0).then_some(file) },
    });
    Ok(serde_json::to_string_pretty(&doc)? + "\n")
}

/// The last line of `voc validate`.
pub fn rejects_line(rejects: usize, file: &str) -> String {
    if rejects == 0 {
        "every row was read; no rejects".to_string()
    } else {
        format!("{} rejected rows with reasons: {file}", thousands(rejects as u64))
    }
}

/// A conversation of the period, as [`stats`] and [`suggest`] quote it: its id and text.
pub struct Quoted<'a> {
    pub id: &'a str,
    pub text: &'a str,
}

/// `voc taxonomy stats`: coverage, the tag table, the alerts, the newest unclassified and the
/// top suggestions.
pub fn stats(tax: &Taxonomy, c: &Coverage, newest: &[Quoted], mined: Option<&Mined>) -> String {
    let mut out = String::new();
    let total = c.conversations;
    let pct = |n: u64| if total == 0 { "-".to_string() } else { format!("{:.1}%", 100.0 * n as f64 / total as f64) };
    let _ = writeln!(out, "conversations:              {}", thousands(total));
    let _ = writeln!(out, "unclassified:               {} ({})", thousands(c.unclassified), pct(c.unclassified));
    let _ = writeln!(out, "tagged by hand (manual):    {} ({})", thousands(c.manual), pct(c.manual));
    let _ = writeln!(out, "matched by several tags:    {} ({})", thousands(c.several), pct(c.several));
    let _ = writeln!(out);
    let _ = writeln!(out, "{:<24} {:<28} {:>9} {:>9} {:>9} {:>7}", "tag", "path", "rule hits", "primary", "rollup", "share");
    for (t, row) in tax.tags.iter().zip(&c.tags) {
        let indent = "  ".repeat(t.level as usize - 1);
        let _ = writeln!(
            out,
            "{} {} {:>9} {:>9} {:>9} {:>7}",
            left(&format!("{indent}{}", t.id), 24),
            left(&t.path, 28),
            row.rule_hits.map_or("-".into(), thousands),
            thousands(row.primary),
            thousands(row.rollup),
            pct(row.rollup)
        );
    }
    let _ = writeln!(out);
    let never = if c.never_matched.is_empty() { "none".to_string() } else { c.never_matched.join(", ") };
    let _ = writeln!(out, "tags never matched by their rule: {never}");
    for a in &c.alerts {
        let _ = writeln!(out, "{}", alert_message(a, Locale::En));
    }
    if !newest.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "unclassified, newest (personal data masked):");
        for q in newest {
            let _ = writeln!(out, "  {}  {}", q.id, shown(q.text));
        }
    }
    if let Some(mined) = mined {
        let _ = writeln!(out);
        let _ = writeln!(out, "top suggestions (voc taxonomy suggest for examples):");
        for sg in &mined.suggestions {
            let near = sg.near_tag.as_deref().map_or("new tag".to_string(), |t| format!("near {t}"));
            let _ = writeln!(out, "  {} {:>5} unclassified, lift {:.1}, {near}", left(&sg.keyword, 14), sg.count, sg.lift);
        }
    }
    out
}

/// `voc taxonomy suggest` as text (with masked examples), a YAML snippet, or JSON.
/// `quoted(i)`: the conversation a suggestion's example `i` is.
pub fn suggest<'a>(
    mined: &Mined,
    format: SuggestFormat,
    period: Option<serde_json::Value>,
    quoted: impl Fn(usize) -> Quoted<'a>,
) -> anyhow::Result<String> {
    let mut out = String::new();
    match format {
        SuggestFormat::Json => {
            let items: Vec<serde_json::Value> = mined
                .suggestions
                .iter()
                .map(|s| {
                    serde_json::json!({"keyword": s.keyword, "count": s.count, "share": s.share, "lift": s.lift,
                        "near_tag": s.near_tag, "examples": s.docs.iter().map(|&i| quoted(i).id).collect::<Vec<_>>()})
                })
                .collect();
            let doc = serde_json::json!({"schema": "voc.suggest/1", "period": period, "conversations": mined.conversations,
                "unclassified": mined.unclassified, "suggestions": items});
            let _ = writeln!(out, "{}", serde_json::to_string_pretty(&doc)?);
        }
        SuggestFormat::Yaml => {
            let _ = writeln!(
                out,
                "# voc taxonomy suggest: {} of {} conversations unclassified.",
                mined.unclassified, mined.conversations
            );
            let _ = writeln!(out, "# Read each keyword's examples (voc taxonomy suggest) before pasting it into the taxonomy.");
            let mut by_tag: std::collections::BTreeMap<&str, Vec<&str>> = std::collections::BTreeMap::new();
            let mut new = Vec::new();
            for s in &mined.suggestions {
                match &s.near_tag {
                    Some(t) => by_tag.entry(t).or_default().push(&s.keyword),
                    None => new.push(&s.keyword),
                }
            }
            for (t, kws) in by_tag {
                let _ = writeln!(out, "# add to {t}:");
                let _ = writeln!(out, "#   match: {{ any: [{}] }}", kws.join(", "));
            }
            if !new.is_empty() {
                let _ = writeln!(out, "# new tags:");
                for (n, k) in new.iter().enumerate() {
                    let _ = writeln!(out, "  - {{ id: new_{}, name: {k}, match: {{ any: [{k}] }} }}", n + 1);
                }
            }
        }
        SuggestFormat::Text => {
            let _ = writeln!(
                out,
                "{} of {} conversations unclassified; candidates by count × ln(lift):",
                mined.unclassified, mined.conversations
            );
            for s in &mined.suggestions {
                let _ = writeln!(out);
                let _ = writeln!(
                    out,
                    "{} {:>5} ({:>5.1}%)  lift {:>5.1}  {}",
                    left(&s.keyword, 14),
                    s.count,
                    100.0 * s.share,
                    s.lift,
                    s.near_tag.as_deref().map_or("new tag".to_string(), |t| format!("near {t}"))
                );
                for &i in &s.docs {
                    let q = quoted(i);
                    let _ = writeln!(out, "    {}  {}", q.id, shown(q.text));
                }
            }
        }
    }
    Ok(out)
}

/// `voc taxonomy explain`: the text, every rule a keyword touched, the winner and why.
pub fn explain(tax: &Taxonomy, text: &str, cell: Option<&str>, e: &Explanation) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "text:        {}", one_line(text));
    let _ = writeln!(out, "normalized:  {}", e.keyword_text);
    if let Some(c) = cell {
        let _ = writeln!(out, "tags cell:   {c}");
    }
    if e.traces.is_empty() {
        let _ = writeln!(out, "rules:       no keyword of any rule occurs in the text");
    } else {
        let _ = writeln!(out, "rules:");
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
            if !t.excepted.is_empty() {
                parts.push(format!("inside an except phrase: {}", t.excepted.join(", ")));
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
            let _ = writeln!(out, "  {mark} {:<4} {}{extra}  {}", t.kind, left(&t.id, 20), parts.join(" | "));
        }
    }
    match e.winner.as_deref().and_then(|w| tax.tag_index(w).map(|i| (w, i))) {
        Some((w, i)) => {
            let t = &tax.tags[i];
            let _ = writeln!(out, "winner:      {} ({}) — class {}, source {}", w, t.path, t.class.name(), e.source.name());
        }
        None => {
            let _ = writeln!(out, "winner:      unclassified");
        }
    }
    let _ = writeln!(out, "why:         {}", e.why);
    let _ = writeln!(out, "risks:       {}", if e.risks.is_empty() { "none".to_string() } else { e.risks.join(", ") });
    out
}

/// `voc eval`: accuracy, precision / recall / F1 per tag and per level-1 tag, and the most
/// frequent confusions.
pub fn eval(tax: &Taxonomy, ev: &Evaluation) -> String {
    let mut out = String::new();
    let name = |l: Label| l.map_or("unclassified".to_string(), |t| tax.tags[t].id.clone());
    let fmt = |v: Option<f64>| v.map_or("-".to_string(), |x| format!("{x:.3}"));
    let _ = writeln!(out, "gold rows: {}, evaluated: {}, not found: {}", ev.gold_rows, ev.pairs.len(), ev.missing.len());
    if !ev.missing.is_empty() {
        let first: Vec<&str> = ev.missing.iter().take(10).map(String::as_str).collect();
        let _ = writeln!(out, "  not found (first 10): {}", first.join(", "));
    }
    let _ = writeln!(out, "accuracy (primary tag): {:.3}", ev.accuracy());
    let mut table = |title: &str, scores: &[(Label, Score)]| {
        let _ = writeln!(out);
        let _ = writeln!(out, "{title}");
        let _ = writeln!(out, "{:<22} {:>7} {:>9} {:>9} {:>9}", "tag", "support", "precision", "recall", "f1");
        for (l, s) in scores {
            let _ = writeln!(
                out,
                "{} {:>7} {:>9} {:>9} {:>9}",
                left(&name(*l), 22),
                s.tp + s.fn_,
                fmt(s.precision()),
                fmt(s.recall()),
                fmt(s.f1())
            );
        }
    };
    table("per tag (exact primary tag):", &ev.scores(false));
    table(&format!("per level-1 tag (accuracy {:.3}):", ev.top_accuracy()), &ev.scores(true));
    let _ = writeln!(out);
    let _ = writeln!(out, "most frequent confusions (gold → predicted):");
    for ((g, p), n) in ev.confusions().iter().take(15) {
        let _ = writeln!(out, "  {n:>4}  {} → {}", name(*g), name(*p));
    }
    out
}

/// `voc taxonomy learn`: the changes kept, each with what it fixes and breaks, and the level-1
/// scores before and after on the training and the held-out part. `id(i)`: conversation `i`.
pub fn learn<'a>(
    tax: &Taxonomy,
    l: &Learned,
    id: impl Fn(usize) -> &'a str,
    holdout: f64,
    (bytes, secs): (usize, f64),
) -> String {
    let mut out = String::new();
    let (train, held) = (l.before.0.conversations, l.before.1.conversations);
    let _ = writeln!(
        out,
        "labelled conversations: {} — {train} to learn from, {held} held out ({:.0} %)",
        thousands((train + held) as u64),
        100.0 * holdout
    );
    let _ = writeln!(out);
    if l.proposals.is_empty() {
        let _ = writeln!(out, "no change to the rules fixes more than it breaks on the training part");
    } else {
        let _ = writeln!(out, "changes, each tried on the taxonomy with the ones above it (training conversations):");
    }
    let ids = |v: &[usize]| {
        let shown: Vec<&str> = v.iter().take(5).map(|&i| id(i)).collect();
        format!("{}{}", shown.join(", "), if v.len() > 5 { format!(" … {} in all", v.len()) } else { String::new() })
    };
    for p in &l.proposals {
        let what = match &p.change {
            Change::Add { tag, keyword } => format!("add `{keyword}` to {tag}"),
            Change::Remove { tag, keyword } => format!("remove `{keyword}` from {tag}"),
            Change::Veto { tag, keyword } => format!("veto {tag} with `{keyword}` (none:)"),
        };
        let _ = writeln!(out, "  {} fixes {:>3}, breaks {:>3}", left(&what, 44), p.fixes.len(), p.breaks.len());
        let _ = writeln!(out, "      fixes: {}", ids(&p.fixes));
        if !p.breaks.is_empty() {
            let _ = writeln!(out, "      breaks: {}", ids(&p.breaks));
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "level-1 scores            training          held out");
    let _ = writeln!(out, "                       before   after    before   after");
    let line = |name: &str, f: &dyn Fn(&Scores) -> Option<f64>| {
        let v = |s: &Scores| f(s).map_or("-".to_string(), |x| format!("{x:.3}"));
        format!("{name:<22} {:>6}  {:>6}    {:>6}  {:>6}\n", v(&l.before.0), v(&l.after.0), v(&l.before.1), v(&l.after.1))
    };
    out.push_str(&line("accuracy", &|s| Some(s.accuracy)));
    let mut labels: Vec<Label> = l.before.0.tags.iter().chain(&l.before.1.tags).map(|(t, _)| *t).collect();
    labels.sort_by_key(|t| (t.is_none(), *t));
    labels.dedup();
    for t in labels {
        let name = t.map_or("unclassified".to_string(), |t| tax.tags[t].id.clone());
        let f1 = move |s: &Scores| s.tags.iter().find(|(x, _)| *x == t).and_then(|(_, sc)| sc.f1());
        out.push_str(&line(&format!("{name} F1"), &f1));
    }
    let mb = bytes as f64 / 1e6;
    let _ = writeln!(out);
    let _ = writeln!(out, "learned from {mb:.2} MB of text in {secs:.2} s ({:.1} MB/s)", mb / secs.max(1e-9));
    out
}
