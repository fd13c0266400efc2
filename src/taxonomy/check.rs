//! `voc taxonomy check`: every problem the compiler found, plus the embedded examples run
//! through the real classifier. Failures are reported as `file:line: message`.

use super::compile::{Example, Expect, Problem, Taxonomy};
use super::matcher::Scratch;
use crate::model::Fields;

/// The problems and failed examples, sorted by line; empty means the taxonomy is sound.
pub fn check(tax: &Taxonomy, mut problems: Vec<Problem>) -> (Vec<Problem>, usize) {
    let mut s = Scratch::default();
    let mut ran = 0;
    for (ti, tag) in tax.tags.iter().enumerate() {
        for ex in &tag.examples {
            ran += 1;
            let expect = ex.expect.clone().unwrap_or(Expect::Tag(Some(ti)));
            let out = run(tax, ex, &mut s);
            if let Expect::Tag(want) = expect {
                let got = out.primary.map(|t| t as usize);
                if got != want {
                    let name = |t: Option<usize>| t.map_or("unclassified".to_string(), |t| format!("`{}`", tax.tags[t].id));
                    problems.push(Problem {
                        line: ex.line,
                        message: format!("example \"{}\" expects {} but got {}", short(&ex.text), name(want), name(got)),
                    });
                }
            }
            check_risks(tax, ex, out.risks, &mut problems);
        }
    }
    for (ri, risk) in tax.risks.iter().enumerate() {
        for ex in &risk.examples {
            ran += 1;
            let out = run(tax, ex, &mut s);
            let want = !matches!(ex.expect, Some(Expect::Risk(false)));
            let got = out.risks & (1 << ri) != 0;
            if got != want {
                problems.push(Problem {
                    line: ex.line,
                    message: format!(
                        "example \"{}\" should {}match risk `{}`",
                        short(&ex.text),
                        if want { "" } else { "not " },
                        risk.id
                    ),
                });
            }
            check_risks(tax, ex, out.risks, &mut problems);
        }
    }
    problems.sort();
    problems.dedup();
    (problems, ran)
}

fn run(tax: &Taxonomy, ex: &Example, s: &mut Scratch) -> super::Outcome {
    let fields = Fields { channel: ex.channel.as_deref(), segment: ex.segment.as_deref(), category: ex.category.as_deref() };
    tax.classify(&ex.text, &fields, None, s)
}

fn check_risks(tax: &Taxonomy, ex: &Example, got: u64, problems: &mut Vec<Problem>) {
    let Some(want) = &ex.risks else { return };
    let got: Vec<&str> = (0..tax.risks.len()).filter(|i| got & (1 << i) != 0).map(|i| tax.risks[i].id.as_str()).collect();
    let mut want: Vec<&str> = want.iter().map(|s| s.as_str()).collect();
    want.sort_unstable();
    let mut g = got.clone();
    g.sort_unstable();
    if g != want {
        problems.push(Problem {
            line: ex.line,
            message: format!("example \"{}\" expects risks [{}] but got [{}]", short(&ex.text), want.join(", "), got.join(", ")),
        });
    }
}

fn short(s: &str) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > 40 { one.chars().take(40).collect::<String>() + "…" } else { one }
}
