//! Korean predicate stems (docs/taxonomy.md "Korean endings"): a keyword written as a
//! predicate's dictionary form with `~` after it (`작다~`, `늦다~`, `안 맞다~`) stands for its
//! inflected forms, made from the stem by the regular rules of Korean conjugation and a table
//! of endings — no dictionary. `작다~` is `작고 작네 작게 작지 작다 작던 작더 작대 작니 작냐
//! 작죠 작군 작았 작아 작은 작음 작는 작습`; `크다~` has `크고 … 컸 큼 큽니 크는`, `빠르다~` has
//! `빨랐 빨라 빠른 빠름`.
//!
//! Each form is matched as any keyword is (a substring of the normalized text), so the forms
//! are kept at least two syllables long (the one-syllable 아/어 and ㄴ forms of a one-syllable
//! stem — 커, 큰 — would match too much: the 아/어 form is kept with 요, 서, 도, 야 after it,
//! 커요), but for a past form (컸, 쌌), which no other word shares.

/// The first Hangul syllable, and the counts of vowels and final consonants of the syllable
/// arithmetic (`가` + (initial × 21 + vowel) × 28 + final).
const BASE: u32 = 0xAC00;
const VOWELS: u32 = 21;
const FINALS: u32 = 28;

/// Vowels (medial) by index.
const A: u32 = 0; // ㅏ
const AE: u32 = 1; // ㅐ
const YA: u32 = 2; // ㅑ
const EO: u32 = 4; // ㅓ
const E: u32 = 5; // ㅔ
const YEO: u32 = 6; // ㅕ
const O: u32 = 8; // ㅗ
const WA: u32 = 9; // ㅘ
const WAE: u32 = 10; // ㅙ
const OE: u32 = 11; // ㅚ
const U: u32 = 13; // ㅜ
const WO: u32 = 14; // ㅝ
const EU: u32 = 18; // ㅡ
const I: u32 = 20; // ㅣ

/// Final consonants by index.
const NONE: u32 = 0;
const NIEUN: u32 = 4; // ㄴ
const RIEUL: u32 = 8; // ㄹ
const MIEUM: u32 = 16; // ㅁ
const BIEUP: u32 = 17; // ㅂ
const SSANG_SIOS: u32 = 20; // ㅆ
/// The initial ㄹ.
const INITIAL_RIEUL: u32 = 5;

/// Endings that begin with a consonant: they follow the stem as it is.
const CONSONANT_ENDINGS: [&str; 12] = ["고", "네", "게", "지", "다", "던", "더", "대", "니", "냐", "죠", "군"];

/// One-syllable ㅂ stems that conjugate irregularly (덥다 → 더워); every other one-syllable ㅂ
/// stem is regular (좁다 → 좁아), and a longer ㅂ adjective is irregular (무겁다 → 무거워).
const IRREGULAR_BIEUP: [char; 7] = ['덥', '춥', '쉽', '맵', '곱', '눕', '굽'];

#[derive(Clone, Copy, PartialEq, Eq)]
struct Syllable {
    initial: u32,
    vowel: u32,
    last: u32,
}

impl Syllable {
    fn of(c: char) -> Option<Syllable> {
        let n = (c as u32).checked_sub(BASE).filter(|&n| n < 19 * VOWELS * FINALS)?;
        Some(Syllable { initial: n / (VOWELS * FINALS), vowel: n / FINALS % VOWELS, last: n % FINALS })
    }

    fn char(self) -> char {
        char::from_u32(BASE + (self.initial * VOWELS + self.vowel) * FINALS + self.last).unwrap_or('\u{FFFD}')
    }

    fn with_vowel(self, vowel: u32) -> Syllable {
        Syllable { vowel, ..self }
    }

    fn with_last(self, last: u32) -> Syllable {
        Syllable { last, ..self }
    }

    /// ㅏ, ㅗ, ㅑ: the "bright" vowels that take 아 rather than 어.
    fn bright(self) -> bool {
        matches!(self.vowel, A | O | YA)
    }
}

/// The inflected forms of a predicate written in its dictionary form (`…다`); `None` when the
/// keyword is not one (it must end in 다 after a Hangul stem).
pub fn inflections(form: &str) -> Option<Vec<String>> {
    let stem = form.strip_suffix('다')?;
    let chars: Vec<char> = stem.chars().collect();
    let (&last, head) = chars.split_last()?;
    let l = Syllable::of(last)?;
    let before: String = head.iter().collect();
    let prev = head.last().copied().and_then(Syllable::of);
    let mut out: Vec<String> = CONSONANT_ENDINGS.iter().map(|e| format!("{stem}{e}")).collect();
    if l.last == RIEUL {
        // ㄹ drops before ㄴ: 길다 → 기네, 긴
        let dropped = l.with_last(NONE).char();
        out.extend(["네", "니"].iter().map(|e| format!("{before}{dropped}{e}")));
        out.push(format!("{before}{}", l.with_last(NIEUN).char()));
    }
    // the 아/어 form (작아, 커, 빨라, 와, 져, 해) and the past made from it (작았, 컸, 빨랐)
    for a in a_forms(&before, prev, l, chars.len()) {
        if let Some((body, end)) = a.char_indices().last().map(|(i, c)| (&a[..i], c)) {
            if let Some(s) = Syllable::of(end).filter(|s| s.last == NONE) {
                out.push(format!("{body}{}", s.with_last(SSANG_SIOS).char()));
            }
        }
        // a one-syllable 아/어 form is kept with the endings that follow it most (커요, 커서)
        if a.chars().count() == 1 {
            out.extend(["요", "서", "도", "야"].iter().map(|e| format!("{a}{e}")));
        }
        out.push(a);
    }
    if l.last == NONE {
        // 큰, 큼, 큽니(다), 크는
        out.push(format!("{before}{}", l.with_last(NIEUN).char()));
        out.push(format!("{before}{}", l.with_last(MIEUM).char()));
        out.push(format!("{before}{}니", l.with_last(BIEUP).char()));
        out.push(format!("{stem}는"));
    } else if l.last != RIEUL {
        out.extend(["은", "음", "는", "습"].iter().map(|e| format!("{stem}{e}")));
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|f| {
        let n = f.chars().count();
        let past = f.chars().last().and_then(Syllable::of).is_some_and(|s| s.last == SSANG_SIOS);
        (n >= 2 || past) && seen.insert(f.clone())
    });
    Some(out)
}

/// The 아/어 forms of a stem whose last syllable is `l` (after `before`, whose last syllable
/// is `prev`; `n` syllables in all).
fn a_forms(before: &str, prev: Option<Syllable>, l: Syllable, n: usize) -> Vec<String> {
    let join = |s: Syllable, tail: &str| format!("{before}{}{tail}", s.char());
    let ending = if l.bright() { "아" } else { "어" };
    if l.last != NONE {
        let mut v = vec![join(l, ending)];
        let irregular = l.last == BIEUP && (n >= 2 || IRREGULAR_BIEUP.contains(&l.char()));
        if irregular {
            // 무겁다 → 무거워, 덥다 → 더워, 곱다 → 고와
            let open = l.with_last(NONE);
            v.push(join(open, "워"));
            if matches!(l.vowel, O) {
                v.push(join(open, "와"));
            }
        }
        return v;
    }
    match l.vowel {
        // 하다 → 해
        A if l.char() == '하' => vec![join(l.with_vowel(AE), "")],
        // 빠르다 → 빨라, 부르다 → 불러
        EU if l.initial == INITIAL_RIEUL && prev.is_some_and(|p| p.last == NONE) => {
            let p = prev.expect("checked");
            let head: String = before.chars().take(before.chars().count() - 1).collect();
            vec![format!("{head}{}{}", p.with_last(RIEUL).char(), if p.bright() { "라" } else { "러" })]
        }
        // 크다 → 커, 아프다 → 아파, 예쁘다 → 예뻐
        EU => {
            let v = match prev {
                Some(p) if p.bright() => A,
                _ => EO,
            };
            vec![join(l.with_vowel(v), "")]
        }
        A | EO | YEO => vec![join(l, "")],
        AE | E => vec![join(l, ""), join(l, "어")],
        O => vec![join(l.with_vowel(WA), ""), join(l, "아")],
        U => vec![join(l.with_vowel(WO), ""), join(l, "어")],
        I => vec![join(l.with_vowel(YEO), ""), join(l, "어")],
        OE => vec![join(l.with_vowel(WAE), ""), join(l, "어")],
        _ => vec![join(l, ending)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(f: &str) -> Vec<String> {
        inflections(f).unwrap()
    }

    fn has(f: &str, want: &[&str]) {
        let got = forms(f);
        for w in want {
            assert!(got.iter().any(|g| g == w), "{f}: no {w} in {got:?}");
        }
    }

    #[test]
    fn the_regular_forms() {
        // docs/taxonomy.md lists these
        assert_eq!(
            forms("작다").join(" "),
            "작고 작네 작게 작지 작다 작던 작더 작대 작니 작냐 작죠 작군 작았 작아 작은 작음 작는 작습"
        );
        has("늦다", &["늦어", "늦었", "늦게", "늦은", "늦네"]);
        has("맞다", &["맞아", "맞았", "맞는", "맞지"]);
        has("짧다", &["짧아", "짧았", "짧은", "짧네"]);
        has("안 맞다", &["안 맞아", "안 맞는"]);
        has("안맞다", &["안맞아", "안맞네"]);
    }

    #[test]
    fn contractions_and_irregular_stems() {
        has("크다", &["커요", "커서", "컸", "크네", "크게", "큽니"]);
        assert!(!forms("크다").contains(&"큰".to_string()), "one syllable: too common");
        has("빠르다", &["빨라", "빨랐", "빠른", "빠름", "빠르네"]);
        has("다르다", &["달라", "달랐", "다른"]);
        has("아프다", &["아파", "아팠", "아픈"]);
        has("예쁘다", &["예뻐", "예뻤"]);
        has("오다", &["왔", "와요", "오네"]);
        has("터지다", &["터져", "터졌", "터진", "터지는"]);
        has("바꾸다", &["바꿔", "바꿨"]);
        has("불편하다", &["불편해", "불편했", "불편한", "불편하네"]);
        has("새다", &["새네", "샜", "새어"]);
        has("되다", &["됐", "되어"]);
        has("무겁다", &["무거워", "무거웠", "무겁네"]);
        has("좁다", &["좁아", "좁았", "좁은"]);
        has("덥다", &["더워", "더웠"]);
        has("길다", &["길어", "길었", "기네", "길게"]);
        has("헐렁하다", &["헐렁해", "헐렁한"]);
    }

    #[test]
    fn not_a_predicate() {
        assert_eq!(inflections("사이즈"), None);
        assert_eq!(inflections("다"), None);
        assert_eq!(inflections("abc다"), None);
    }
}
