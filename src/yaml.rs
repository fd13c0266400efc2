//! YAML helpers shared by the config and taxonomy loaders: strict parsing with `file:line:col`
//! errors, scalars that are always strings, and finding the line of a key for errors found
//! after parsing (a bad time zone, an invalid regex).

use std::fmt;
use std::path::Path;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

/// Parse `src` (the text of `path`) strictly into `T`; errors read `path:line:col: message`.
pub fn parse<T: for<'de> Deserialize<'de>>(path: &Path, src: &str) -> anyhow::Result<T> {
    serde_yaml::from_str(src).map_err(|e| crate::error::config(describe_in(path, src, &e)))
}

/// `path:line:col: message`. serde_yaml's message ends its problem with " at line L column C"
/// (the error's own location, 1-based): that part is cut by the location, not by searching the
/// text, and the location is put first.
pub fn describe(path: &Path, e: &serde_yaml::Error) -> String {
    let msg = e.to_string();
    match e.location() {
        Some(loc) => {
            let mark = format!(" at line {} column {}", loc.line(), loc.column());
            format!("{}:{}:{}: {}", path.display(), loc.line(), loc.column(), msg.replacen(&mark, "", 1))
        }
        None => format!("{}: {}", path.display(), msg),
    }
}

/// serde_yaml places a duplicate key at the start of its mapping: point at the second
/// occurrence of the key instead.
pub fn describe_in(path: &Path, src: &str, e: &serde_yaml::Error) -> String {
    let text = describe(path, e);
    let Some(key) = text.split("duplicate field `").nth(1).and_then(|r| r.split('`').next()) else { return text };
    let lines: Vec<usize> = src
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            l.trim_start().trim_start_matches("- ").strip_prefix(key).is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map(|(i, _)| i + 1)
        .collect();
    match lines.get(1) {
        Some(l) => {
            let msg = text.splitn(4, ':').nth(3).unwrap_or(&text).trim().to_string();
            format!("{}:{l}: {msg}", path.display())
        }
        None => text,
    }
}

/// A YAML scalar read as text: `1372`, `true` and `2026-01-01` are strings here, as the
/// taxonomy and config want (an unquoted number is still a keyword or a column name).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
#[serde(transparent)]
pub struct Scalar(pub String);

impl fmt::Debug for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl std::ops::Deref for Scalar {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, number or boolean")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(if v { "True" } else { "False" }.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// One scalar or a list of them: `text: 내용` and `text: [제목, 내용]` both read as a list.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct OneOrMany(pub Vec<Scalar>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            One(Scalar),
            Many(Vec<Scalar>),
        }
        match Raw::deserialize(d) {
            Ok(Raw::One(s)) => Ok(OneOrMany(vec![s])),
            Ok(Raw::Many(v)) => Ok(OneOrMany(v)),
            Err(_) => Err(de::Error::custom("expected a value or a list of values (a nested list is not allowed)")),
        }
    }
}

/// The 1-based line of the key at `path` (nested mapping keys; list items are skipped over),
/// found by reading indentation. Used only to point at a line in an error message.
pub fn line_of(src: &str, path: &[&str]) -> Option<usize> {
    let mut want = 0;
    let mut min_indent = 0usize;
    let mut found = None;
    for (i, line) in src.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        let key_part = trimmed.trim_start_matches("- ");
        let indent = indent + (trimmed.len() - key_part.len());
        if want > 0 && indent < min_indent {
            // left the block of the previous key without finding the next one
            return found;
        }
        let key = path[want];
        let is_key = key_part.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':'))
            || key_part.strip_prefix(&format!("\"{key}\"")).is_some_and(|rest| rest.trim_start().starts_with(':'));
        if is_key && indent >= min_indent {
            found = Some(i + 1);
            want += 1;
            min_indent = indent + 1;
            if want == path.len() {
                return found;
            }
        }
    }
    found
}

/// `file:line: ` for a key path, or `file: ` when the key cannot be found.
pub fn at(file: &Path, src: &str, path: &[&str]) -> String {
    match line_of(src, path) {
        Some(l) => format!("{}:{}: ", file.display(), l),
        None => format!("{}: ", file.display()),
    }
}

/// The 1-based line of the first line containing `needle` at or after line `from`.
pub fn line_containing(src: &str, needle: &str, from: usize) -> Option<usize> {
    src.lines().enumerate().skip(from.saturating_sub(1)).find(|(_, l)| l.contains(needle)).map(|(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_keys() {
        let src = "a: 1\nb:\n  c: 2\n  d:\n    e: 3\nc: 4\n";
        assert_eq!(line_of(src, &["b", "d", "e"]), Some(5));
        assert_eq!(line_of(src, &["c"]), Some(3)); // first `c:` anywhere at top level or deeper
        assert_eq!(line_of(src, &["b", "c"]), Some(3));
    }

    #[test]
    fn errors_lead_with_their_own_location_and_say_it_once() {
        let p = Path::new("voc.yaml");
        // a scanner error with a context elsewhere: the problem's mark is cut, the context's kept
        let e = serde_yaml::from_str::<serde_yaml::Value>("a: 1\n b: 2\n").unwrap_err();
        let d = describe(p, &e);
        let loc = e.location().unwrap();
        assert!(d.starts_with(&format!("voc.yaml:{}:{}: ", loc.line(), loc.column())), "{d}");
        assert!(!d.contains(&format!(" at line {} column {}", loc.line(), loc.column())), "{d}");
        // a key whose own text says " at line ": the message keeps it whole
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct S {
            a: u8,
        }
        let e = serde_yaml::from_str::<S>("a: 1\n\"x at line 9\": 2\n").unwrap_err();
        let d = describe(p, &e);
        assert!(d.starts_with("voc.yaml:2:1: ") && d.contains("`x at line 9`"), "{d}");
    }

    #[test]
    fn scalars_are_strings() {
        let v: Vec<Scalar> = serde_yaml::from_str("[1372, true, 2026-01-01, x]").unwrap();
        let v: Vec<&str> = v.iter().map(|s| &**s).collect();
        assert_eq!(v, ["1372", "True", "2026-01-01", "x"]);
    }
}
