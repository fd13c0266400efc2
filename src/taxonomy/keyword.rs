//! A keyword as written in the taxonomy (docs/taxonomy.md "Keywords"): normalized like the
//! text, its ends opened by `*`, a Korean predicate's inflections for `작다~`, and the word
//! edges a Latin end needs. The compiler and the finders of `learn` and the lint read keywords
//! only through [`patterns`].

use super::normalize::Normalize;

/// One form of a keyword as the automaton looks for it, with the word edges it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub text: String,
    pub left: bool,
    pub right: bool,
}

/// A keyword as written, as it is looked for: its forms, and how it is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patterns {
    pub forms: Vec<Form>,
    pub shown: String,
}

/// The forms of a keyword as written (docs/taxonomy.md): normalized; `*` at an end opens it;
/// `작다~` is each inflection of a Korean predicate; an end that is a Latin letter or digit must
/// be a word's edge. The error says what is wrong with it.
pub fn patterns(norm: &Normalize, written: &str) -> Result<Patterns, String> {
    let written = written.trim();
    let (body, stem) = written.strip_suffix('~').map_or((written, false), |b| (b, true));
    let (body, open_left) = body.strip_prefix('*').map_or((body, false), |b| (b, true));
    let (body, open_right) = body.strip_suffix('*').map_or((body, false), |b| (b, true));
    if body.contains('*') {
        return Err("`*` opens a keyword at its start or end only".into());
    }
    let k = norm.keyword(body);
    if k.is_empty() {
        return Err("empty keyword".into());
    }
    let texts = if stem {
        super::korean::inflections(&k).ok_or("`~` follows a Korean predicate in its dictionary form, ending in 다 (작다~)")?
    } else {
        vec![k.clone()]
    };
    let shown =
        format!("{}{k}{}{}", if open_left { "*" } else { "" }, if open_right { "*" } else { "" }, if stem { "~" } else { "" });
    let forms = texts
        .into_iter()
        .map(|text| Form {
            left: !open_left && text.chars().next().is_some_and(word_char),
            right: !open_right && text.chars().last().is_some_and(word_char),
            text,
        })
        .collect();
    Ok(Patterns { forms, shown })
}

/// A letter or digit of a script that writes words apart (Latin, Greek, Cyrillic, digits): a
/// keyword that begins or ends with one matches only at a word's edge. Hangul, kana and CJK
/// characters run into each other and into Latin (`as신청`, `1372에`): they are no word
/// characters.
pub fn word_char(c: char) -> bool {
    c.is_alphanumeric()
        && !matches!(c as u32, 0x1100..=0x11FF | 0x3040..=0x30FF | 0x3130..=0x318F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3)
}
