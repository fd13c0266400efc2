//! Compiling the taxonomy: ids, paths, levels, inherited classes, the winner order, the
//! manual-tag lookup, and one matcher for all rules. Problems are collected with their lines.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use anyhow::Result;
use regex::Regex;

use super::keyword::patterns;
use super::literals::required_literals;
use super::model::{Class, FieldKey, RawExample, RawMatch, RawTag, RawTaxonomy};
use super::normalize::Normalize;
use crate::error;
use crate::yaml;

/// Most risks a taxonomy may declare (they are carried as a bit mask).
pub const MAX_RISKS: usize = 64;

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
    /// A phrase in which the rule's other hits do not count (`except:`).
    Except,
}

impl Role {
    /// A hit of this role can make its rule match (the others only stop it).
    pub(super) fn finds(self) -> bool {
        matches!(self, Role::Any | Role::All)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Tag(usize),
    Risk(usize),
}

#[derive(Debug, Clone)]
pub(super) struct Rule {
    /// The tag or risk whose rule this is.
    pub(super) owner: Owner,
    pub(super) any: Vec<u32>,
    /// Each keyword as its patterns (the forms of a stem): one of each must hit.
    pub(super) all: Vec<Vec<u32>>,
    pub(super) none: Vec<u32>,
    pub(super) except: Vec<u32>,
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
    /// Every distinct normalized keyword, in the automaton's pattern order.
    pub(super) keywords: Vec<Keyword>,
    pub(super) ac: Option<AhoCorasick>,
    /// One compiled regex per distinct pattern (each with its own literal prefilter).
    pub(super) regexes: Vec<Pattern>,
    /// Rules without any/all/regex: evaluated for every text.
    pub(super) always: Vec<u32>,
    /// Some keyword must stand at a word boundary (Latin): the scan notes where the text's
    /// spaces were.
    pub(super) bounded: bool,
    /// Some rule has `except:` phrases: the scan keeps where each keyword was found.
    pub(super) excepts: bool,
    pub(super) manual: HashMap<String, usize>,
    /// Names that several tags share (reachable by path or id only).
    pub ambiguous: Vec<String>,
    /// Winner order: lower is better.
    pub(super) rank: Vec<u32>,
}

/// A normalized keyword and the rules that use it, with the role it plays in each.
#[derive(Debug)]
pub(super) struct Keyword {
    /// As it is searched for (one inflected form of a stem).
    pub(super) text: String,
    /// As the taxonomy wrote it, normalized (`작다~` for each of its forms; `refund*`).
    pub(super) shown: String,
    /// Its first (last) character must begin (end) a word: a Latin letter or digit not opened
    /// with `*` (docs/taxonomy.md "Words, not letters").
    pub(super) left: bool,
    pub(super) right: bool,
    pub(super) uses: Vec<(u32, Role)>,
}

/// A regex as written, compiled once, and the rules that use it.
#[derive(Debug)]
pub(super) struct Pattern {
    pub(super) src: String,
    pub(super) re: Regex,
    pub(super) uses: Vec<u32>,
    /// Literals every match contains (a prefix and a suffix), as groups of automaton pattern
    /// ids: the regex can match only a text where each group had a hit. `None`: no prefilter.
    pub(super) needs: Option<Vec<Vec<u32>>>,
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
    keyword_ids: HashMap<(String, bool, bool), u32>,
    keywords: Vec<Keyword>,
    regexes: Vec<Pattern>,
    ids_seen: HashMap<String, usize>,
    /// The lines of every `id:` in the file, by id, in file order (taken one by one).
    id_lines: HashMap<String, std::collections::VecDeque<usize>>,
    raw_examples: Vec<(Owner, Vec<RawExample>, usize)>,
}

impl Builder<'_> {
    fn problem(&mut self, line: usize, message: impl Into<String>) {
        self.problems.push(Problem { line, message: message.into() });
    }

    /// The line of the next `id: X` in the file (block or flow style) not yet taken.
    fn id_line(&mut self, id: &str) -> usize {
        self.id_lines.get_mut(id).and_then(|l| l.pop_front()).unwrap_or(0)
    }

    /// The automaton patterns of one keyword as written: one, or each form of a stem (`작다~`).
    fn pattern(&mut self, kw: &str, rule: u32, role: Role, line: usize, what: &str) -> Option<Vec<u32>> {
        let written = kw.trim();
        let found = match patterns(&self.norm, written) {
            Ok(p) => p,
            Err(e) => {
                let l = if written.is_empty() {
                    yaml::line_containing(self.src, &format!("{what}:"), line).unwrap_or(line)
                } else {
                    yaml::line_containing(self.src, written, line).unwrap_or(line)
                };
                self.problem(l, format!("{e} in `{what}` (\"{kw}\")"));
                return None;
            }
        };
        let mut ids = Vec::with_capacity(found.forms.len());
        for p in found.forms {
            let key = (p.text, p.left, p.right);
            let id = match self.keyword_ids.get(&key) {
                Some(id) => *id,
                None => {
                    let id = self.keywords.len() as u32;
                    let (text, left, right) = (key.0.clone(), key.1, key.2);
                    self.keywords.push(Keyword { text, shown: found.shown.clone(), left, right, uses: Vec::new() });
                    self.keyword_ids.insert(key, id);
                    id
                }
            };
            let uses = &mut self.keywords[id as usize].uses;
            if !uses.contains(&(rule, role)) {
                uses.push((rule, role));
            }
            ids.push(id);
        }
        Some(ids)
    }

    fn rule(&mut self, m: &RawMatch, owner: Owner, line: usize) -> usize {
        let r = self.rules.len() as u32;
        let mut rule = Rule {
            owner,
            any: Vec::new(),
            all: Vec::new(),
            none: Vec::new(),
            except: Vec::new(),
            regex: Vec::new(),
            fields: Vec::new(),
            broken: false,
        };
        self.rules.push(rule.clone());
        let lists = [
            (&m.any, Role::Any, "any"),
            (&m.all, Role::All, "all"),
            (&m.none, Role::None, "none"),
            (&m.except, Role::Except, "except"),
        ];
        for (list, role, what) in lists {
            for kw in list {
                let Some(ps) = self.pattern(kw, r, role, line, what) else {
                    rule.broken = true;
                    continue;
                };
                match role {
                    Role::Any => rule.any.extend(ps),
                    // each keyword of `all` must be there, in any of its forms
                    Role::All => rule.all.push(ps),
                    Role::None => rule.none.extend(ps),
                    Role::Except => rule.except.extend(ps),
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
                Ok(compiled) => {
                    let id = match self.regexes.iter().position(|p| p.src == re.0) {
                        Some(i) => i,
                        None => {
                            self.regexes.push(Pattern { src: re.0.clone(), re: compiled, uses: Vec::new(), needs: None });
                            self.regexes.len() - 1
                        }
                    };
                    self.regexes[id].uses.push(r);
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

/// Compile a parsed taxonomy: tags and risks with their rules, the manual-tag lookup, the
/// embedded examples, one automaton for every keyword, the winner order. Every problem found
/// comes back with its line; the taxonomy is usable (for `check`) even when there are some.
pub fn compile(path: &Path, src: &str, raw: RawTaxonomy) -> (Taxonomy, Vec<Problem>) {
    compile_built(path, src, raw, Build::ToScan)
}

/// What a compiled taxonomy is for: scanning many texts (its automaton a DFA, slower to build,
/// faster to scan), or a trial on a few (`taxonomy learn` compiles one per candidate change).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Build {
    ToScan,
    ForTrial,
}

/// [`compile`], built for `build`.
pub fn compile_built(path: &Path, src: &str, raw: RawTaxonomy, build: Build) -> (Taxonomy, Vec<Problem>) {
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
        keyword_ids: HashMap::new(),
        keywords: Vec::new(),
        regexes: Vec::new(),
        ids_seen: HashMap::new(),
        id_lines: id_lines(src),
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
    b.risks(&raw);
    let (manual, ambiguous) = manual_lookup(&raw, &b.tags);
    b.examples(&manual);
    let ac = b.automaton(build);
    let always = b
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| r.any.is_empty() && r.all.is_empty() && r.regex.is_empty() && !r.broken)
        .map(|(i, _)| i as u32)
        .collect();
    let rank = winner_rank(&b.tags);
    let bounded = b.keywords.iter().any(|k| k.left || k.right);
    let excepts = b.rules.iter().any(|r| !r.except.is_empty());
    let mut problems = b.problems;
    problems.sort();
    let tax = Taxonomy {
        path: path.to_path_buf(),
        norm: b.norm,
        tags: b.tags,
        risks: b.risks,
        rules: b.rules,
        keywords: b.keywords,
        ac,
        regexes: b.regexes,
        always,
        bounded,
        excepts,
        manual,
        ambiguous,
        rank,
    };
    (tax, problems)
}

impl Taxonomy {
    /// The keywords of one rule as the taxonomy writes them, with the role each plays there.
    pub(super) fn keyword_roles(&self, rule: usize) -> impl Iterator<Item = (&str, Role)> + '_ {
        self.keywords.iter().flat_map(move |k| {
            k.uses.iter().filter(move |(r, _)| *r as usize == rule).map(move |(_, role)| (k.shown.as_str(), *role))
        })
    }
}

/// Every `id: X` of the file (block `- id: X` or flow `{ id: X, … }`, quoted or not), by id,
/// with its line, in file order.
fn id_lines(src: &str) -> HashMap<String, std::collections::VecDeque<usize>> {
    let re = Regex::new(r#"(?:^|[{,\s-])id:\s*(?:"([^"]*)"|'([^']*)'|([^\s,}#"']+))\s*(?:$|[,}#])"#).expect("valid");
    let mut out: HashMap<String, std::collections::VecDeque<usize>> = HashMap::new();
    for (i, line) in src.lines().enumerate() {
        for c in re.captures_iter(line) {
            let id = c.get(1).or(c.get(2)).or(c.get(3)).map_or("", |m| m.as_str());
            out.entry(id.trim().to_string()).or_default().push_back(i + 1);
        }
    }
    out
}

/// The manual-tag lookup (docs/taxonomy.md): a tag's id, name, `/` path of names or alias,
/// loosely normalized → the tag; keys several tags share are ambiguous and reach only the
/// tag whose id they are.
fn manual_lookup(raw: &RawTaxonomy, tags: &[Tag]) -> (HashMap<String, usize>, Vec<String>) {
    let mut manual: HashMap<String, usize> = HashMap::new();
    let mut clash: BTreeMap<String, ()> = BTreeMap::new();
    let mut add = |key: String, tag: usize| {
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
    for (i, t) in tags.iter().enumerate() {
        add(Normalize::loose(&t.id), i);
        add(Normalize::loose(&t.name), i);
        add(Normalize::loose(&t.path), i);
    }
    // aliases, with the tags numbered in the same depth-first file order
    fn aliases(t: &RawTag, next: &mut usize, out: &mut Vec<(usize, String)>) {
        let me = *next;
        *next += 1;
        out.extend(t.aliases.iter().map(|a| (me, a.0.clone())));
        for c in &t.children {
            aliases(c, next, out);
        }
    }
    let (mut counter, mut alias_of) = (0, Vec::new());
    for t in &raw.tags {
        aliases(t, &mut counter, &mut alias_of);
    }
    for (i, a) in &alias_of {
        add(Normalize::loose(a), *i);
    }
    // an id always wins over a clashing name
    let ambiguous: Vec<String> = clash.into_keys().collect();
    for k in &ambiguous {
        match tags.iter().position(|t| Normalize::loose(&t.id) == *k) {
            Some(i) => {
                manual.insert(k.clone(), i);
            }
            None => {
                manual.remove(k);
            }
        }
    }
    (manual, ambiguous)
}

/// Each tag's place in the winner order (lower wins): highest priority, then the deeper tag,
/// then the earlier one in the file.
fn winner_rank(tags: &[Tag]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..tags.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(tags[i].priority), std::cmp::Reverse(tags[i].level), i));
    let mut rank = vec![0u32; tags.len()];
    for (pos, &i) in order.iter().enumerate() {
        rank[i] = pos as u32;
    }
    rank
}

impl Builder<'_> {
    fn risks(&mut self, raw: &RawTaxonomy) {
        let mut risk_ids: HashMap<String, usize> = HashMap::new();
        for r in &raw.risks {
            let id = r.id.0.trim().to_string();
            let line = self.id_line(&id);
            if let Some(first) = risk_ids.get(&id) {
                let first = *first;
                self.problem(line, format!("duplicate risk id `{id}` (first at line {first})"));
            } else {
                risk_ids.insert(id.clone(), line);
            }
            let idx = self.risks.len();
            let name = r.name.as_ref().map(|n| n.0.trim().to_string()).unwrap_or_else(|| id.clone());
            self.risks.push(Risk { id, name, rule: 0, line, examples: Vec::new() });
            let rule = self.rule(&r.rule, Owner::Risk(idx), line);
            self.risks[idx].rule = rule;
            if !r.examples.is_empty() {
                self.raw_examples.push((Owner::Risk(idx), r.examples.iter().map(clone_example).collect(), line));
            }
        }
        if self.risks.len() > MAX_RISKS {
            let line = yaml::line_of(self.src, &["risks"]).unwrap_or(1);
            self.problem(line, format!("{} risks declared; at most {MAX_RISKS}", self.risks.len()));
        }
    }

    /// The embedded examples, once every tag is known (an example names the tag it expects).
    fn examples(&mut self, manual: &HashMap<String, usize>) {
        for (owner, exs, owner_line) in std::mem::take(&mut self.raw_examples) {
            let mut out = Vec::new();
            for e in exs {
                let line = yaml::line_containing(self.src, e.text.lines().next().unwrap_or(""), owner_line).unwrap_or(owner_line);
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
                            self.problem(line, format!("example expects `{v}`, which is not a tag id, name or path"));
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
                Owner::Tag(i) => self.tags[i].examples = out,
                Owner::Risk(i) => self.risks[i].examples = out,
            }
        }
    }

    /// One Aho-Corasick automaton over every keyword of every rule, then the literals the
    /// regexes need (each regex's [`Pattern::needs`]).
    fn automaton(&mut self, build: Build) -> Option<AhoCorasick> {
        const DFA_MAX_PATTERNS: usize = 3000;
        let mut extra: Vec<String> = Vec::new();
        // a literal of the regex text (NFKC, lowercase) without white space is in the keyword
        // text too, when keywords are compared after the same folding
        if self.norm.nfkc && self.norm.lowercase {
            let n = self.keywords.len();
            for i in 0..self.regexes.len() {
                let Some(groups) = required_literals(&self.regexes[i].src) else { continue };
                let needs = groups
                    .into_iter()
                    .map(|g| {
                        g.into_iter()
                            .map(|lit| match self.keywords.iter().position(|k| k.text == lit && !k.left && !k.right) {
                                Some(p) => p as u32,
                                None => match extra.iter().position(|e| *e == lit) {
                                    Some(e) => (n + e) as u32,
                                    None => {
                                        extra.push(lit);
                                        (n + extra.len() - 1) as u32
                                    }
                                },
                            })
                            .collect()
                    })
                    .collect();
                self.regexes[i].needs = Some(needs);
            }
        }
        if self.keywords.is_empty() && extra.is_empty() {
            return None;
        }
        // A DFA (one table lookup per byte) scans several times faster than the contiguous NFA
        // the crate picks above 100 patterns; its table grows with the keywords' total length,
        // so very large taxonomies keep the NFA.
        let kind =
            (build == Build::ToScan && self.keywords.len() + extra.len() <= DFA_MAX_PATTERNS).then_some(AhoCorasickKind::DFA);
        let texts = self.keywords.iter().map(|k| k.text.as_str()).chain(extra.iter().map(|e| e.as_str()));
        match AhoCorasick::builder().match_kind(MatchKind::Standard).kind(kind).build(texts) {
            Ok(ac) => Some(ac),
            Err(e) => {
                self.problem(1, format!("the keywords cannot be compiled: {e}"));
                for p in &mut self.regexes {
                    p.needs = None;
                }
                None
            }
        }
    }
}
