//! Changing a taxonomy file in place (`voc taxonomy learn --write`): a keyword added to a tag's
//! `any:` or `none:` list, or taken out of `any:`, by editing the text where the list is —
//! flow (`[a, b]`, on one line or several) or block (`- a` lines) — so that every comment,
//! blank line and layout choice of the file stays as the person wrote it. The result is
//! parsed and compiled again, and each change checked to be in it; anything this cannot place
//! is an error naming the tag, never a rewritten file.

use super::compile::{Role, Taxonomy, compile};
use super::model::RawTaxonomy;

/// One change to one tag's rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The keyword joins the tag's `any:`.
    Add { tag: String, keyword: String },
    /// The keyword leaves the tag's `any:`.
    Remove { tag: String, keyword: String },
    /// The keyword joins the tag's `none:` (it vetoes the tag).
    Veto { tag: String, keyword: String },
}

impl Change {
    pub fn tag(&self) -> &str {
        match self {
            Change::Add { tag, .. } | Change::Remove { tag, .. } | Change::Veto { tag, .. } => tag,
        }
    }

    pub fn keyword(&self) -> &str {
        match self {
            Change::Add { keyword, .. } | Change::Remove { keyword, .. } | Change::Veto { keyword, .. } => keyword,
        }
    }

    /// The same change to the parsed taxonomy (to measure it before any file is written);
    /// `false` when the tag has no rule to change.
    pub fn apply(&self, raw: &mut RawTaxonomy) -> bool {
        fn find<'t>(tags: &'t mut [super::model::RawTag], id: &str) -> Option<&'t mut super::model::RawTag> {
            for t in tags {
                if t.id.0 == id {
                    return Some(t);
                }
                if let Some(c) = find(&mut t.children, id) {
                    return Some(c);
                }
            }
            None
        }
        let Some(t) = find(&mut raw.tags, self.tag()) else { return false };
        let Some(rule) = t.rule.as_mut() else { return false };
        let kw = crate::yaml::Scalar(self.keyword().to_string());
        match self {
            Change::Add { .. } => rule.any.push(kw),
            Change::Remove { .. } => rule.any.retain(|k| k.0.trim() != kw.0),
            Change::Veto { .. } => rule.none.push(kw),
        }
        true
    }
}

/// The lines of the tag's own part of the file: from its `id:` line to its `children:` or the
/// next item at its indentation or less (0-based, end exclusive).
fn tag_block(lines: &[&str], id_line: usize) -> (usize, usize) {
    let start = id_line.saturating_sub(1);
    let indent = |l: &str| l.len() - l.trim_start().len();
    let head = lines[start];
    // the tag's item starts with `- ` at this indentation (or the line is a flow mapping)
    let item = head.find("- ").filter(|&i| head[..i].trim().is_empty()).unwrap_or(indent(head));
    let mut end = start + 1;
    if head.trim_start().starts_with("- {") && head.trim_end().ends_with('}') {
        return (start, end);
    }
    while end < lines.len() {
        let l = lines[end];
        let t = l.trim_start();
        if !t.is_empty() && !t.starts_with('#') && (indent(l) <= item || t.starts_with("children:")) {
            break;
        }
        end += 1;
    }
    (start, end)
}

/// A keyword as YAML writes it in a flow list: quoted when a plain scalar would not read back.
fn scalar(kw: &str) -> String {
    let plain = !kw.is_empty()
        && !kw.starts_with(['*', '&', '!', '%', '@', '`', '\'', '"', '-', '?', '|', '>', ' '])
        && !kw.contains([',', '[', ']', '{', '}', '#', ':', '"'])
        && kw.trim() == kw;
    if plain { kw.to_string() } else { format!("\"{}\"", kw.replace('\\', "\\\\").replace('"', "\\\"")) }
}

/// Where a key's value list is in the block: (line, byte offset of `[` or `None` for a block
/// list).
fn find_key(lines: &[&str], (a, b): (usize, usize), key: &str) -> Option<(usize, Option<usize>)> {
    for (i, l) in lines.iter().enumerate().take(b).skip(a) {
        let code = l.split(" #").next().unwrap_or(l);
        for (at, _) in code.match_indices(&format!("{key}:")) {
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let rest = &code[at + key.len() + 1..];
            return Some((i, rest.find('[').filter(|&j| rest[..j].trim().is_empty()).map(|j| at + key.len() + 1 + j)));
        }
    }
    None
}

/// The closing `]` of the flow list opened at (line, col): (line, col).
fn closing(lines: &[String], (line, col): (usize, usize)) -> Option<(usize, usize)> {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    for (i, l) in lines.iter().enumerate().skip(line) {
        let from = if i == line { col } else { 0 };
        for (j, c) in l[from..].char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '[') => depth += 1,
                (None, ']') => {
                    depth -= 1;
                    if depth == 0 {
                        return Some((i, from + j));
                    }
                }
                (None, '#') if l[..from + j].ends_with(' ') => break,
                _ => {}
            }
        }
    }
    None
}

/// Add `kw` to the list of `key` in the tag's block; for `none:` a missing list is made.
fn add(lines: &mut Vec<String>, block: (usize, usize), key: &str, kw: &str) -> Result<(), String> {
    let view: Vec<&str> = lines.iter().map(String::as_str).collect();
    match find_key(&view, block, key) {
        Some((line, Some(col))) => {
            let (cl, cc) = closing(lines, (line, col)).ok_or("its list does not close")?;
            let inside = if cl == line { lines[cl][col + 1..cc].trim().to_string() } else { "x".into() };
            let sep = if inside.is_empty() { "" } else { ", " };
            lines[cl].insert_str(cc, &format!("{sep}{}", scalar(kw)));
            Ok(())
        }
        Some((line, None)) => {
            // a block list: a new item after the last one
            let mut last = line;
            let item_indent = lines.get(line + 1).map(|l| l.len() - l.trim_start().len()).unwrap_or(0);
            while last + 1 < block.1 && lines[last + 1].trim_start().starts_with("- ") {
                last += 1;
            }
            lines.insert(last + 1, format!("{}- {}", " ".repeat(item_indent), scalar(kw)));
            Ok(())
        }
        None if key == "none" => {
            // beside `any:`: in its flow mapping, or on a line of its own
            let (line, col) = find_key(&view, block, "any").ok_or("it has no `any:` list to put `none:` beside")?;
            let indent = lines[line].len() - lines[line].trim_start().len();
            let own_line = format!("{}none: [{}]", " ".repeat(indent), scalar(kw));
            match col {
                Some(col) => {
                    let (cl, cc) = closing(lines, (line, col)).ok_or("its any list does not close")?;
                    if lines[line][..col].contains('{') {
                        lines[cl].insert_str(cc + 1, &format!(", none: [{}]", scalar(kw)));
                    } else {
                        lines.insert(cl + 1, own_line);
                    }
                }
                None => {
                    let mut last = line;
                    while last + 1 < block.1 && lines[last + 1].trim_start().starts_with("- ") {
                        last += 1;
                    }
                    lines.insert(last + 1, own_line);
                }
            }
            Ok(())
        }
        None => Err(format!("it has no `{key}:` list")),
    }
}

/// Take `kw` out of the tag's `any:` list (flow lists only).
fn remove(lines: &mut [String], block: (usize, usize), kw: &str) -> Result<(), String> {
    let view: Vec<&str> = lines.iter().map(String::as_str).collect();
    let Some((line, Some(col))) = find_key(&view, block, "any") else { return Err("its `any:` is not a flow list".into()) };
    let (cl, _) = closing(lines, (line, col)).ok_or("its list does not close")?;
    let quoted = [kw.to_string(), format!("\"{kw}\""), format!("'{kw}'")];
    for l in lines.iter_mut().take(cl + 1).skip(line) {
        for q in &quoted {
            for pat in [format!("{q}, "), format!(", {q}"), q.clone()] {
                let mut from = 0;
                while let Some(i) = l[from..].find(&pat).map(|i| i + from) {
                    // a whole item: bounded by the list's punctuation
                    let before = l[..i].trim_end().chars().next_back();
                    let after = l[i + pat.len()..].trim_start().chars().next();
                    let whole = pat.starts_with(", ") || matches!(before, Some('[' | ',') | None);
                    let ends = pat.ends_with(", ") || matches!(after, Some(']' | ',') | None);
                    if whole && ends {
                        l.replace_range(i..i + pat.len(), "");
                        return Ok(());
                    }
                    from = i + 1;
                }
            }
        }
    }
    Err(format!("`{kw}` is not in its `any:` list as written"))
}

/// `src` with the changes made, checked by compiling it again. `tax`: `src` compiled (for the
/// tags' lines).
pub fn rewrite(src: &str, tax: &Taxonomy, changes: &[Change]) -> Result<String, String> {
    let mut lines: Vec<String> = src.lines().map(String::from).collect();
    // from the end of the file up, so that the lines of the tags not yet changed stay put
    let mut order: Vec<&Change> = changes.iter().collect();
    order.sort_by_key(|c| std::cmp::Reverse(tax.tag_index(c.tag()).map_or(0, |t| tax.tags[t].line)));
    for c in order {
        let t = tax.tag_index(c.tag()).ok_or_else(|| format!("no tag `{}`", c.tag()))?;
        let view: Vec<&str> = lines.iter().map(String::as_str).collect();
        let block = tag_block(&view, tax.tags[t].line);
        let done = match c {
            Change::Add { keyword, .. } => add(&mut lines, block, "any", keyword),
            Change::Veto { keyword, .. } => add(&mut lines, block, "none", keyword),
            Change::Remove { keyword, .. } => remove(&mut lines, block, keyword),
        };
        done.map_err(|e| format!("tag `{}` (line {}): {e}; make this change by hand", c.tag(), tax.tags[t].line))?;
    }
    let mut out = lines.join("\n");
    if src.ends_with('\n') {
        out.push('\n');
    }
    verify(&out, tax, changes)?;
    Ok(out)
}

/// The rewritten text parses, compiles without problems and holds every change.
fn verify(text: &str, before: &Taxonomy, changes: &[Change]) -> Result<(), String> {
    let raw: RawTaxonomy = serde_yaml::from_str(text).map_err(|e| format!("the rewritten taxonomy does not parse: {e}"))?;
    let (tax, problems) = compile(&before.path, text, raw);
    if let Some(p) = problems.first() {
        return Err(format!("the rewritten taxonomy has a problem at line {}: {}", p.line, p.message));
    }
    for c in changes {
        let Some(t) = tax.tag_index(c.tag()) else { return Err(format!("tag `{}` is gone", c.tag())) };
        let role = if matches!(c, Change::Veto { .. }) { Role::None } else { Role::Any };
        let shown = tax.norm.keyword(c.keyword());
        let has = tax.tags[t].rule.is_some_and(|r| tax.keyword_roles(r).any(|(k, ro)| ro == role && k == shown));
        if has == matches!(c, Change::Remove { .. }) {
            return Err(format!("the change to `{}` (`{}`) did not take", c.tag(), c.keyword()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tax(src: &str) -> Taxonomy {
        let raw: RawTaxonomy = serde_yaml::from_str(src).unwrap();
        compile(std::path::Path::new("t.yaml"), src, raw).0
    }

    const SRC: &str = "version: 1\n# the shop's tags\ntags:\n  - id: size\n    name: 사이즈   # fit\n    match:\n      any: [사이즈, 치수,\n            작아요]   # two lines\n      none: [교환]\n    children:\n      - { id: size.shoe, match: { any: [\"265mm\"] } }\n  - id: stock\n    match:\n      any:\n        - 재입고\n        - 품절\n  - { id: other, match: { any: [기타] } }\n";

    #[test]
    fn changes_land_in_their_lists_and_comments_stay() {
        let t = tax(SRC);
        let changes = vec![
            Change::Add { tag: "size".into(), keyword: "작다~".into() },
            Change::Remove { tag: "size".into(), keyword: "치수".into() },
            Change::Veto { tag: "size.shoe".into(), keyword: "딱 맞".into() },
            Change::Add { tag: "stock".into(), keyword: "*입고".into() },
            Change::Veto { tag: "stock".into(), keyword: "환불".into() },
            Change::Add { tag: "other".into(), keyword: "선물: 포장".into() },
        ];
        let out = rewrite(SRC, &t, &changes).unwrap();
        for kept in ["# the shop's tags", "# fit", "# two lines"] {
            assert!(out.contains(kept), "{out}");
        }
        assert!(out.contains("any: [사이즈,\n            작아요, 작다~]"), "{out}");
        assert!(out.contains("{ any: [\"265mm\"], none: [딱 맞] }"), "{out}");
        assert!(out.contains("        - 품절\n        - \"*입고\"\n"), "{out}");
        assert!(out.contains("{ any: [기타, \"선물: 포장\"] }"), "{out}");
        assert!(out.contains("        - \"*입고\"\n      none: [환불]\n"), "{out}");
        assert!(out.contains("none: [교환]") && !out.contains("치수"), "{out}");
    }

    #[test]
    fn what_cannot_be_placed_is_refused() {
        let t = tax(SRC);
        let err = rewrite(SRC, &t, &[Change::Remove { tag: "size".into(), keyword: "없는말".into() }]).unwrap_err();
        assert!(err.contains("tag `size`") && err.contains("by hand"), "{err}");
    }
}
