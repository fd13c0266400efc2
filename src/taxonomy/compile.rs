//! Compiling the taxonomy: ids, paths, levels, inherited classes, the winner order, the
//! manual-tag lookup, and one matcher for all rules. Problems are collected with their lines.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use anyhow::Result;
use regex::Regex;

use super::model::{Class, FieldKey, RawExample, RawMatch, RawTag, RawTaxonomy};
use super::normalize::Normalize;
use crate::error;
use crate::yaml;

/// Most risks a taxonomy may declare (they are carried as a bit mask).
pub const MAX_RISKS: usize = 64;

pub use crate::model::TagSource;

/// What an embedded example expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// On a tag: this winner (`None` = unclassified).
    Tag(Option<usize>),
    /// On a risk: whether the risk matches.
    Risk(bool),
}

#[derive(Debug, Clone)]
pub struct Example {
    pub text: String,
    pub expect: Option<Expect>,
    pub risks: Option<Vec<String>>,
    pub channel: Option<String>,
    pub segment: Option<String>,
    pub category: Option<String>,
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct Tag {
    pub id: String,
    pub name: String,
    /// Names from the top joined with `/`.
    pub path: String,
    /// 1 for top-level tags.
    pub level: u8,
    pub parent: Option<usize>,
    pub class: Class,
    pub priority: i32,
    pub rule: Option<usize>,
    pub has_children: bool,
    pub line: usize,
    pub examples: Vec<Example>,
}

#[derive(Debug, Clone)]
pub struct Risk {
    pub id: String,
    pub name: String,
    pub rule: usize,
    pub line: usize,
    pub examples: Vec<Example>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Any,
    All,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Tag(usize),
    Risk(usize),
}

#[derive(Debug, Clone, Default)]
pub(super) struct Rule {
    pub(super) any: Vec<u32>,
    pub(super) all: Vec<u32>,
    pub(super) none: Vec<u32>,
    pub(super) regex: Vec<u32>,
    pub(super) fields: Vec<(FieldKey, Vec<String>)>,
    /// A regex of the rule did not compile: the rule never matches (the taxonomy is rejected
    /// anyway; this keeps `taxonomy check`'s example results meaningful).
    pub(super) broken: bool,
}

#[derive(Debug)]
pub struct Taxonomy {
    pub path: PathBuf,
    pub norm: Normalize,
    pub tags: Vec<Tag>,
    pub risks: Vec<Risk>,
    pub(super) rules: Vec<Rule>,
    pub(super) owners: Vec<Owner>,
    pub(super) patterns: Vec<String>,
    pub(super) uses: Vec<Vec<(u32, Role)>>,
    pub(super) ac: Option<AhoCorasick>,
    pub(super) regex_src: Vec<String>,
    pub(super) regex_uses: Vec<Vec<u32>>,
    /// One compiled regex per distinct pattern (each with its own literal prefilter).
    pub(super) regexes: Vec<Regex>,
    /// Rules without any/all/regex: evaluated for every text.
    pub(super) always: Vec<u32>,
    pub(super) manual: HashMap<String, usize>,
    /// Names that several tags share (reachable by path or id only).
    pub ambiguous: Vec<String>,
    /// Winner order: lower is better.
    pub(super) rank: Vec<u32>,
}

/// A problem found while compiling: the line it is on and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

struct Builder<'s> {
    src: &'s str,
    norm: Normalize,
    problems: Vec<Problem>,
    tags: Vec<Tag>,
    risks: Vec<Risk>,
    rules: Vec<Rule>,
    owners: Vec<Owner>,
    pattern_ids: HashMap<String, u32>,
    patterns: Vec<String>,
    uses: Vec<Vec<(u32, Role)>>,
    regex_src: Vec<String>,
    regex_uses: Vec<Vec<u32>>,
    ids_seen: HashMap<String, usize>,
    id_occurrence: HashMap<String, usize>,
    raw_examples: Vec<(Owner, Vec<RawExample>, usize)>,
}

impl Builder<'_> {
    fn problem(&mut self, line: usize, message: impl Into<String>) {
        self.problems.push(Problem { line, message: message.into() });
    }

    /// The line of the n-th `id: X` in the file (block or flow style).
    fn id_line(&mut self, id: &str) -> usize {
        let n = self.id_occurrence.entry(id.to_string()).or_insert(0);
        *n += 1;
        let want = *n;
        let re = Regex::new(&format!(r#"(?:^|[{{,\s-])id:\s*["']?{}["']?\s*(?:$|[,}}#])"#, regex::escape(id))).expect("valid");
        let mut seen = 0;
        for (i, line) in self.src.lines().enumerate() {
            seen += re.find_iter(line).count();
            if seen >= want {
                return i + 1;
            }
        }
        0
    }

    fn pattern(&mut self, kw: &str, rule: u32, role: Role, line: usize, what: &str) -> Option<u32> {
        let k = self.norm.keyword(kw);
        if k.is_empty() {
            let l = yaml::line_containing(self.src, &format!("{what}:"), line).unwrap_or(line);
            self.problem(l, format!("empty keyword in `{what}` (\"{kw}\")"));
            return None;
        }
        let id = match self.pattern_ids.get(&k) {
            Some(id) => *id,
            None => {
                let id = self.patterns.len() as u32;
                self.patterns.push(k.clone());
                self.uses.push(Vec::new());
                self.pattern_ids.insert(k, id);
                id
            }
        };
        self.uses[id as usize].push((rule, role));
        Some(id)
    }

    fn rule(&mut self, m: &RawMatch, owner: Owner, line: usize) -> usize {
        let r = self.rules.len() as u32;
        self.rules.push(Rule::default());
        self.owners.push(owner);
        let mut rule = Rule::default();
        for (list, role, what) in [(&m.any, Role::Any, "any"), (&m.all, Role::All, "all"), (&m.none, Role::None, "none")] {
            for kw in list {
                match self.pattern(kw, r, role, line, what) {
                    Some(p) => match role {
                        Role::Any => rule.any.push(p),
                        Role::All => rule.all.push(p),
                        Role::None => rule.none.push(p),
                    },
                    None => rule.broken = true,
                }
            }
        }
        for re in &m.regex {
            let l = yaml::line_containing(self.src, re.trim(), line).unwrap_or(line);
            // the regex sees lowercased text: compile it case-insensitively so `MM` still matches
            match regex::RegexBuilder::new(re).case_insensitive(true).size_limit(1 << 20).build() {
                Err(e) => {
                    let msg = e.to_string().lines().last().unwrap_or("").trim().to_string();
                    self.problem(l, format!("invalid regex `{}`: {msg}", re.0));
                    rule.broken = true;
                }
                Ok(_) => {
                    let id = match self.regex_src.iter().position(|s| s == &re.0) {
                        Some(i) => i,
                        None => {
                            self.regex_src.push(re.0.clone());
                            self.regex_uses.push(Vec::new());
                            self.regex_src.len() - 1
                        }
                    };
                    self.regex_uses[id].push(r);
                    rule.regex.push(id as u32);
                }
            }
        }
        for (k, vals) in &m.fields {
            let vals: Vec<String> = vals.0.iter().map(|v| Normalize::loose(v)).filter(|v| !v.is_empty()).collect();
            if vals.is_empty() {
                self.problem(line, format!("`fields: {k:?}` lists no values"));
            }
            rule.fields.push((*k, vals));
        }
        let empty = m.any.is_empty() && m.all.is_empty() && m.regex.is_empty() && m.fields.is_empty();
        if empty {
            self.problem(line, "`match` has no any, all, regex or fields: it would match every conversation");
        }
        self.rules[r as usize] = rule;
        r as usize
    }

    fn tag(&mut self, t: &RawTag, parent: Option<usize>, inherited: Option<Class>) {
        let id = t.id.0.trim().to_string();
        let line = self.id_line(&id);
        if id.is_empty() {
            self.problem(line, "a tag has an empty id");
        }
        if let Some(first) = self.ids_seen.get(&id) {
            let first = *first;
            self.problem(line, format!("duplicate tag id `{id}` (first at line {first})"));
        } else {
            self.ids_seen.insert(id.clone(), line);
        }
        let name = t.name.as_ref().map(|n| n.0.trim().to_string()).unwrap_or_else(|| id.clone());
        let (path, level) = match parent {
            Some(p) => (format!("{}/{}", self.tags[p].path, name), self.tags[p].level + 1),
            None => (name.clone(), 1),
        };
        let class = t.class.or(inherited).unwrap_or(Class::Other);
        let idx = self.tags.len();
        self.tags.push(Tag {
            id,
            name,
            path,
            level,
            parent,
            class,
            priority: t.priority.unwrap_or(0),
            rule: None,
            has_children: !t.children.is_empty(),
            line,
            examples: Vec::new(),
        });
        if let Some(m) = &t.rule {
            let r = self.rule(m, Owner::Tag(idx), line);
            self.tags[idx].rule = Some(r);
        }
        if !t.examples.is_empty() {
            self.raw_examples.push((Owner::Tag(idx), t.examples.iter().map(clone_example).collect(), line));
        }
        for c in &t.children {
            self.tag(c, Some(idx), Some(class));
        }
    }
}

fn clone_example(e: &RawExample) -> RawExample {
    RawExample {
        text: e.text.clone(),
        expect: e.expect.clone(),
        risks: e.risks.clone(),
        channel: e.channel.clone(),
        segment: e.segment.clone(),
        category: e.category.clone(),
    }
}

/// Read, parse and compile; any problem is an error naming file and line (exit 2).
pub fn load(path: &Path) -> Result<Taxonomy> {
    let (tax, problems) = load_with_problems(path)?;
    if let Some(p) = problems.first() {
        let more = if problems.len() > 1 {
            format!(" (and {} more; run `voc taxonomy check`)", problems.len() - 1)
        } else {
            String::new()
        };
        return Err(error::config(format!("{}:{}: {}{more}", path.display(), p.line, p.message)));
    }
    Ok(tax)
}

/// Parse errors are fatal; semantic problems come back as a list (for `taxonomy check`).
pub fn load_with_problems(path: &Path) -> Result<(Taxonomy, Vec<Problem>)> {
    let src =
        std::fs::read_to_string(path).map_err(|e| error::config(format!("cannot read taxonomy {}: {e}", path.display())))?;
    let raw: RawTaxonomy = yaml::parse(path, &src)?;
    Ok(compile(path, &src, raw))
}

pub fn compile(path: &Path, src: &str, raw: RawTaxonomy) -> (Taxonomy, Vec<Problem>) {
    let n = raw.normalize.as_ref();
    let norm = Normalize {
        nfkc: n.and_then(|n| n.nfkc).unwrap_or(true),
        lowercase: n.and_then(|n| n.lowercase).unwrap_or(true),
        ignore_spaces: n.and_then(|n| n.ignore_spaces).unwrap_or(true),
    };
    let mut b = Builder {
        src,
        norm,
        problems: Vec::new(),
        tags: Vec::new(),
        risks: Vec::new(),
        rules: Vec::new(),
        owners: Vec::new(),
        pattern_ids: HashMap::new(),
        patterns: Vec::new(),
        uses: Vec::new(),
        regex_src: Vec::new(),
        regex_uses: Vec::new(),
        ids_seen: HashMap::new(),
        id_occurrence: HashMap::new(),
        raw_examples: Vec::new(),
    };
    if raw.version != 1 {
        let l = yaml::line_of(src, &["version"]).unwrap_or(1);
        b.problem(l, format!("version {} is not supported (this voc reads version 1)", raw.version));
    }
    if raw.tags.is_empty() {
        b.problem(yaml::line_of(src, &["tags"]).unwrap_or(1), "the taxonomy has no tags");
    }
    for t in &raw.tags {
        b.tag(t, None, None);
    }
    let mut risk_ids: HashMap<String, usize> = HashMap::new();
    for r in &raw.risks {
        let id = r.id.0.trim().to_string();
        let line = b.id_line(&id);
        if let Some(first) = risk_ids.get(&id) {
            let first = *first;
            b.problem(line, format!("duplicate risk id `{id}` (first at line {first})"));
        } else {
            risk_ids.insert(id.clone(), line);
        }
        let idx = b.risks.len();
        let name = r.name.as_ref().map(|n| n.0.trim().to_string()).unwrap_or_else(|| id.clone());
        b.risks.push(Risk { id, name, rule: 0, line, examples: Vec::new() });
        let rule = b.rule(&r.rule, Owner::Risk(idx), line);
        b.risks[idx].rule = rule;
        if !r.examples.is_empty() {
            b.raw_examples.push((Owner::Risk(idx), r.examples.iter().map(clone_example).collect(), line));
        }
    }
    if b.risks.len() > MAX_RISKS {
        b.problem(yaml::line_of(src, &["risks"]).unwrap_or(1), format!("{} risks declared; at most {MAX_RISKS}", b.risks.len()));
    }

    // manual-tag lookup: id, name, alias, path of names
    let mut manual: HashMap<String, usize> = HashMap::new();
    let mut clash: BTreeMap<String, ()> = BTreeMap::new();
    let mut add = |key: String, tag: usize, manual: &mut HashMap<String, usize>| {
        if key.is_empty() {
            return;
        }
        match manual.get(&key) {
            Some(t) if *t != tag => {
                clash.insert(key, ());
            }
            _ => {
                manual.insert(key, tag);
            }
        }
    };
    let mut alias_of: Vec<(usize, String)> = Vec::new();
    fn collect_aliases(t: &RawTag, next: &mut usize, out: &mut Vec<(usize, String)>) {
        let me = *next;
        *next += 1;
        for a in &t.aliases {
            out.push((me, a.0.clone()));
        }
        for c in &t.children {
            collect_aliases(c, next, out);
        }
    }
    let mut counter = 0;
    for t in &raw.tags {
        collect_aliases(t, &mut counter, &mut alias_of);
    }
    for (i, t) in b.tags.iter().enumerate() {
        add(Normalize::loose(&t.id), i, &mut manual);
        add(Normalize::loose(&t.name), i, &mut manual);
        add(Normalize::loose(&t.path), i, &mut manual);
    }
    for (i, a) in &alias_of {
        add(Normalize::loose(a), *i, &mut manual);
    }
    // an id always wins over a clashing name
    let ambiguous: Vec<String> = clash.into_keys().collect();
    for k in &ambiguous {
        match b.tags.iter().position(|t| Normalize::loose(&t.id) == *k) {
            Some(i) => {
                manual.insert(k.clone(), i);
            }
            None => {
                manual.remove(k);
            }
        }
    }

    // examples, now that every tag is known
    let examples = std::mem::take(&mut b.raw_examples);
    for (owner, exs, owner_line) in examples {
        let mut out = Vec::new();
        for e in exs {
            let line = yaml::line_containing(src, e.text.lines().next().unwrap_or(""), owner_line).unwrap_or(owner_line);
            let v = e.expect.as_ref().map(|x| x.0.trim().to_string());
            let expect = match (owner, v) {
                (Owner::Risk(_), v) => Some(Expect::Risk(!matches!(
                    v.as_deref().map(str::to_ascii_lowercase).as_deref(),
                    Some("false" | "no" | "none")
                ))),
                (Owner::Tag(_), None) => None,
                (Owner::Tag(_), Some(v)) if matches!(v.as_str(), "unclassified" | "none" | "null" | "~") => {
                    Some(Expect::Tag(None))
                }
                (Owner::Tag(_), Some(v)) => match manual.get(&Normalize::loose(&v)) {
                    Some(t) => Some(Expect::Tag(Some(*t))),
                    None => {
                        b.problems.push(Problem {
                            line,
                            message: format!("example expects `{v}`, which is not a tag id, name or path"),
                        });
                        None
                    }
                },
            };
            out.push(Example {
                text: e.text,
                expect,
                risks: e.risks.map(|r| r.into_iter().map(|s| s.0).collect()),
                channel: e.channel,
                segment: e.segment,
                category: e.category,
                line,
            });
        }
        match owner {
            Owner::Tag(i) => b.tags[i].examples = out,
            Owner::Risk(i) => b.risks[i].examples = out,
        }
    }

    const DFA_MAX_PATTERNS: usize = 3000;
    let ac = if b.patterns.is_empty() {
        None
    } else {
        // A DFA (one table lookup per byte) scans several times faster than the contiguous NFA
        // the crate picks above 100 patterns; its table grows with the keywords' total length,
        // so very large taxonomies keep the NFA.
        let kind = (b.patterns.len() <= DFA_MAX_PATTERNS).then_some(AhoCorasickKind::DFA);
        match AhoCorasick::builder().match_kind(MatchKind::Standard).kind(kind).build(&b.patterns) {
            Ok(ac) => Some(ac),
            Err(e) => {
                b.problem(1, format!("the keywords cannot be compiled: {e}"));
                None
            }
        }
    };
    let mut regexes = Vec::new();
    for src in b.regex_src.clone() {
        match regex::RegexBuilder::new(&src).case_insensitive(true).size_limit(1 << 20).build() {
            Ok(r) => regexes.push(r),
            Err(e) => {
                b.problem(1, format!("regex `{src}` cannot be compiled: {e}"));
                regexes.push(Regex::new("$^").expect("valid"));
            }
        }
    }
    let always = b
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| r.any.is_empty() && r.all.is_empty() && r.regex.is_empty() && !r.broken)
        .map(|(i, _)| i as u32)
        .collect();
    let mut order: Vec<usize> = (0..b.tags.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(b.tags[i].priority), std::cmp::Reverse(b.tags[i].level), i));
    let mut rank = vec![0u32; b.tags.len()];
    for (pos, &i) in order.iter().enumerate() {
        rank[i] = pos as u32;
    }
    let mut problems = b.problems;
    problems.sort();
    let tax = Taxonomy {
        path: path.to_path_buf(),
        norm: b.norm,
        tags: b.tags,
        risks: b.risks,
        rules: b.rules,
        owners: b.owners,
        patterns: b.patterns,
        uses: b.uses,
        ac,
        regex_src: b.regex_src,
        regex_uses: b.regex_uses,
        regexes,
        always,
        manual,
        ambiguous,
        rank,
    };
    (tax, problems)
}
