//! Lint for `voc taxonomy check` (docs/taxonomy.md): rules that cannot do what they say — a
//! keyword two equal tags share (file order decides), a keyword that always loses to a
//! higher-priority tag's keyword inside it, a `none` keyword that vetoes its own tag's `any`
//! keyword, and tags whose every keyword is shadowed. Warnings, errors under `--strict`.

use super::compile::{Owner, Problem, Role, Taxonomy};

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
