//! Lint for `voc taxonomy check` (docs/taxonomy.md): rules that cannot do what they say — a
//! keyword two equal tags share (file order decides), a keyword that always loses to a
//! higher-priority tag's keyword inside it, a `none` keyword that vetoes its own tag's `any`
//! keyword, tags whose every keyword is shadowed, a Latin keyword of three letters or fewer
//! opened with `*` (`re*` is half the dictionary) — and, on the conversations when there are
//! some, a keyword that matches more than half of them (too generic to tell anything apart).
//! Warnings, errors under `--strict`.

use super::compile::{Owner, Problem, Role, Taxonomy};

fn owner_line(tax: &Taxonomy, o: Owner) -> usize {
    match o {
        Owner::Tag(t) => tax.tags[t].line,
        Owner::Risk(r) => tax.risks[r].line,
    }
}

/// Keywords of `any`/`all` that match more than half of `texts` (at least 20 of them).
pub fn generic<'a>(tax: &Taxonomy, texts: impl Iterator<Item = &'a str>) -> Vec<Problem> {
    let mut written: Vec<(String, usize)> = Vec::new();
    for k in &tax.keywords {
        let Some(&(r, _)) = k.uses.iter().find(|(_, role)| role.finds()) else { continue };
        if !written.iter().any(|(w, _)| *w == k.shown) {
            written.push((k.shown.clone(), owner_line(tax, tax.rules[r as usize].owner)));
        }
    }
    let words: Vec<String> = written.iter().map(|(w, _)| w.clone()).collect();
    let mut finder = super::matcher::Finder::new(tax.norm, &words);
    let (mut hits, mut n, mut found) = (vec![0usize; words.len()], 0usize, Vec::new());
    for t in texts {
        n += 1;
        finder.find(t, &mut found);
        for &k in &found {
            hits[k] += 1;
        }
    }
    let mut out: Vec<Problem> = written
        .iter()
        .zip(hits)
        .filter(|(_, h)| n >= 20 && h * 2 > n)
        .map(|((w, line), h)| Problem {
            line: *line,
            message: format!("warning: keyword `{w}` matches {h} of {n} conversations: too generic to tell them apart"),
        })
        .collect();
    out.sort();
    out
}

/// The warnings, by line.
pub fn lint(tax: &Taxonomy) -> Vec<Problem> {
    let mut out = Vec::new();
    // per tag: its `any` keywords, `none` keywords, and whether its rule is plain (only `any`:
    // nothing else can stop it from matching where a keyword is)
    let n = tax.tags.len();
    let (mut any, mut none) = (vec![Vec::<&str>::new(); n], vec![Vec::<&str>::new(); n]);
    let mut plain = vec![false; n];
    for (t, tag) in tax.tags.iter().enumerate() {
        let Some(r) = tag.rule else { continue };
        let rule = &tax.rules[r];
        plain[t] = rule.all.is_empty() && rule.none.is_empty() && rule.except.is_empty() && rule.fields.is_empty();
        debug_assert_eq!(rule.owner, Owner::Tag(t));
    }
    for k in &tax.keywords {
        for &(r, role) in &k.uses {
            let Owner::Tag(t) = tax.rules[r as usize].owner else { continue };
            match role {
                Role::Any => any[t].push(&k.text),
                Role::None => none[t].push(&k.text),
                Role::All | Role::Except => {}
            }
        }
    }
    let id = |t: usize| &tax.tags[t].id;
    let mut short: Vec<&str> = Vec::new();
    for k in &tax.keywords {
        let latin = k.text.chars().all(super::keyword::word_char);
        if latin && k.text.chars().count() <= 3 && (!k.left || !k.right) && !short.contains(&k.shown.as_str()) {
            short.push(&k.shown);
            let line = k.uses.first().map_or(0, |&(r, _)| owner_line(tax, tax.rules[r as usize].owner));
            out.push(Problem {
                line,
                message: format!(
                    "warning: keyword `{}` opens a Latin word of {} letters: it matches too many words",
                    k.shown,
                    k.text.chars().count()
                ),
            });
        }
    }
    for t in 0..n {
        let tag = &tax.tags[t];
        let mut dead = 0;
        for &k in &any[t] {
            // equal priority and depth: the tag earlier in the file takes the keyword
            if let Some(u) =
                (0..t).find(|&u| tax.tags[u].priority == tag.priority && tax.tags[u].level == tag.level && any[u].contains(&k))
            {
                out.push(Problem {
                    line: tag.line,
                    message: format!(
                        "warning: keyword `{k}` is in `{}` and `{}`, of equal priority and depth: file order decides, `{}` wins",
                        id(u),
                        id(t),
                        id(u)
                    ),
                });
            }
            if let Some(v) = none[t].iter().find(|v| k.contains(**v)) {
                out.push(Problem {
                    line: tag.line,
                    message: format!(
                        "warning: `none` keyword `{v}` of `{}` vetoes its own keyword `{k}`: it can never match",
                        id(t)
                    ),
                });
                dead += 1;
                continue;
            }
            // a higher-priority tag that matches wherever this keyword does
            if let Some((u, inner)) = (0..n)
                .filter(|&u| plain[u] && tax.tags[u].priority > tag.priority)
                .find_map(|u| any[u].iter().find(|x| k.contains(**x)).map(|x| (u, *x)))
            {
                out.push(Problem {
                    line: tag.line,
                    message: format!(
                        "warning: keyword `{k}` of `{}` contains `{inner}` of the higher-priority `{}`: wherever it matches, `{}` wins",
                        id(t),
                        id(u),
                        id(u)
                    ),
                });
                dead += 1;
            }
        }
        let regexes = tag.rule.is_some_and(|r| !tax.rules[r].regex.is_empty() || !tax.rules[r].all.is_empty());
        if !any[t].is_empty() && dead == any[t].len() && !regexes {
            out.push(Problem {
                line: tag.line,
                message: format!("warning: tag `{}` is unreachable: every one of its keywords is shadowed or vetoed", id(t)),
            });
        }
    }
    out.sort();
    out.dedup();
    out
}
