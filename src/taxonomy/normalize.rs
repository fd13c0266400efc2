//! Text normalization shared by keywords and conversation text (docs/taxonomy.md): NFKC, lowercase,
//! and whitespace removed (`ignore_spaces`) or collapsed to one space.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Normalize {
    pub nfkc: bool,
    pub lowercase: bool,
    pub ignore_spaces: bool,
}

impl Default for Normalize {
    fn default() -> Self {
        Normalize { nfkc: true, lowercase: true, ignore_spaces: true }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Spaces {
    Remove,
    Collapse,
}

/// Characters NFKC leaves alone and that need no table lookups: ASCII and the precomposed
/// Hangul syllables — nearly all of a Korean CS text.
#[cfg(test)]
fn plain(c: char) -> bool {
    c.is_ascii() || ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// Whether every character is [`plain`], read from the UTF-8 bytes without decoding: ASCII
/// bytes, or the three bytes of a syllable U+AC00 (`EA B0 80`) ..= U+D7A3 (`ED 9E A3`).
fn all_plain(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c < 0x80 {
            i += 1;
            continue;
        }
        // valid UTF-8: a lead byte EA..ED starts a three-byte sequence
        let syllable = match c {
            0xEA => b[i + 1] >= 0xB0,
            0xEB | 0xEC => true,
            0xED => b[i + 1] < 0x9E || (b[i + 1] == 0x9E && b[i + 2] <= 0xA3),
            _ => false,
        };
        if !syllable {
            return false;
        }
        i += 3;
    }
    true
}

/// Append the normalized `text` to `out`.
pub fn normalize_into(text: &str, nfkc: bool, lowercase: bool, spaces: Spaces, out: &mut String) {
    normalize_noting(text, nfkc, lowercase, spaces, out, &mut None);
}

/// [`normalize_into`], noting in `breaks` (when given) each place of `out` where white space
/// was removed: a word's edge the text no longer shows.
fn normalize_noting(
    text: &str,
    nfkc: bool,
    lowercase: bool,
    spaces: Spaces,
    out: &mut String,
    breaks: &mut Option<&mut Vec<u32>>,
) {
    if all_plain(text) {
        push_plain(text, lowercase, spaces, out, breaks);
    } else if !nfkc || is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        push_chars(text.chars(), lowercase, spaces, out, breaks);
    } else {
        push_chars(text.nfkc(), lowercase, spaces, out, breaks);
    }
}

/// Note a removed space at the end of `out` (once per run of white space).
fn note(out: &str, breaks: &mut Option<&mut Vec<u32>>) {
    if let Some(b) = breaks {
        let at = out.len() as u32;
        if b.last() != Some(&at) {
            b.push(at);
        }
    }
}

/// The same as [`push_chars`] for text of ASCII and Hangul syllables only: whole runs are
/// copied at once, only ASCII upper case and white space need a look.
fn push_plain(text: &str, lowercase: bool, spaces: Spaces, out: &mut String, breaks: &mut Option<&mut Vec<u32>>) {
    let b = text.as_bytes();
    let mut run = 0;
    let mut in_space = false;
    for (i, &c) in b.iter().enumerate() {
        let space = c.is_ascii_whitespace() || c == 0x0b;
        let upper = lowercase && c.is_ascii_uppercase();
        if !space && !upper {
            continue;
        }
        if run < i {
            out.push_str(&text[run..i]);
            in_space = false;
        }
        run = i + 1;
        if space {
            if spaces == Spaces::Collapse && !in_space {
                out.push(' ');
            } else if spaces == Spaces::Remove {
                note(out, breaks);
            }
            in_space = true;
        } else {
            out.push(c.to_ascii_lowercase() as char);
            in_space = false;
        }
    }
    if run < b.len() {
        out.push_str(&text[run..]);
    }
}

fn push_chars(
    chars: impl Iterator<Item = char>,
    lowercase: bool,
    spaces: Spaces,
    out: &mut String,
    breaks: &mut Option<&mut Vec<u32>>,
) {
    let mut in_space = false;
    for c in chars {
        if c.is_whitespace() {
            if spaces == Spaces::Collapse && !in_space {
                out.push(' ');
            } else if spaces == Spaces::Remove {
                note(out, breaks);
            }
            in_space = true;
            continue;
        }
        in_space = false;
        if !lowercase || ('\u{AC00}'..='\u{D7A3}').contains(&c) {
            out.push(c);
        } else if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

impl Normalize {
    fn spaces(&self) -> Spaces {
        if self.ignore_spaces { Spaces::Remove } else { Spaces::Collapse }
    }

    /// The form keywords are matched in.
    pub fn keyword_text(&self, text: &str, out: &mut String) {
        out.clear();
        normalize_into(text, self.nfkc, self.lowercase, self.spaces(), out);
    }

    /// [`Normalize::keyword_text`], with the places where white space was removed (sorted): a
    /// keyword that must stand at a word's edge finds it there too.
    pub fn keyword_text_noting(&self, text: &str, out: &mut String, breaks: &mut Vec<u32>) {
        out.clear();
        breaks.clear();
        normalize_noting(text, self.nfkc, self.lowercase, self.spaces(), out, &mut Some(breaks));
    }

    /// A keyword as it is searched for (trimmed after normalizing).
    pub fn keyword(&self, kw: &str) -> String {
        let mut s = String::new();
        normalize_into(kw.trim(), self.nfkc, self.lowercase, self.spaces(), &mut s);
        s.trim().to_string()
    }

    /// The form regexes see: always NFKC + lowercase, whitespace collapsed.
    pub fn regex_text(text: &str, out: &mut String) {
        out.clear();
        normalize_into(text, true, true, Spaces::Collapse, out);
    }

    /// A field value or manual tag compared loosely: NFKC, lowercase, spaces removed.
    pub fn loose(s: &str) -> String {
        let mut out = String::new();
        normalize_into(s.trim(), true, true, Spaces::Remove, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_and_text_meet() {
        let n = Normalize::default();
        let mut t = String::new();
        n.keyword_text("배송 언제\n와요?", &mut t);
        assert_eq!(t, "배송언제와요?");
        assert_eq!(n.keyword(" 배송 언제 "), "배송언제");
        // full-width Latin and digits fold to ASCII, upper to lower
        n.keyword_text("ＡＢＣ １２３ Size", &mut t);
        assert_eq!(t, "abc123size");
        let c = Normalize { ignore_spaces: false, ..n };
        c.keyword_text("a  b\n\tc", &mut t);
        assert_eq!(t, "a b c");
    }

    #[test]
    fn the_byte_check_agrees_with_the_char_check() {
        let edges = [
            '\u{ABFF}', '\u{AC00}', '\u{AC01}', '\u{D7A3}', '\u{D7A4}', '\u{D7FF}', '\u{E000}', 'é', '가', 'A', '\u{3131}',
            '\u{FF21}', '😀',
        ];
        for a in edges {
            for b in edges {
                let t = format!("x{a}{b} ");
                assert_eq!(all_plain(&t), t.chars().all(plain), "{t:?}");
            }
        }
        for c in ('\u{0}'..='\u{D7FF}').chain('\u{E000}'..='\u{10FFFF}') {
            assert_eq!(all_plain(c.encode_utf8(&mut [0; 4])), plain(c), "{c:?}");
        }
    }

    #[test]
    fn the_fast_path_agrees_with_the_general_one() {
        for text in ["배송 언제\n와요? ABC  def\t", "  Size L  입으면 ", "", "가\u{b}나", "X\r\nY"] {
            for spaces in [Spaces::Remove, Spaces::Collapse] {
                for lower in [true, false] {
                    let (mut a, mut b) = (String::new(), String::new());
                    let (mut ba, mut bb) = (Vec::new(), Vec::new());
                    push_plain(text, lower, spaces, &mut a, &mut Some(&mut ba));
                    push_chars(text.chars(), lower, spaces, &mut b, &mut Some(&mut bb));
                    assert_eq!((a, ba), (b, bb), "{text:?} {lower}");
                }
            }
        }
    }

    #[test]
    fn removed_spaces_are_noted_where_they_were() {
        let n = Normalize::default();
        let (mut t, mut b) = (String::new(), Vec::new());
        n.keyword_text_noting(" I will  sue\n배송 ", &mut t, &mut b);
        assert_eq!(t, "iwillsue배송");
        assert_eq!(b, [0, 1, 5, 8, 14]);
        n.keyword_text_noting("ＳＵＥ issue", &mut t, &mut b);
        assert_eq!((t.as_str(), b.as_slice()), ("sueissue", &[3][..]));
    }

    #[test]
    fn regex_text_collapses() {
        let mut t = String::new();
        Normalize::regex_text("265 MM\n\n맞나요", &mut t);
        assert_eq!(t, "265 mm 맞나요");
    }
}
