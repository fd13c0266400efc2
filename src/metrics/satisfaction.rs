//! Satisfaction: CES (1–7), CSAT (1–5), NPS (0–10), each over the conversations of the period
//! that carry a response.

use serde::Serialize;

use super::stats::{mean, ratio};
use crate::model::Conv;
use crate::model::Mapped;
use crate::taxonomy::Taxonomy;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Ces {
    pub responses: u64,
    pub mean: Option<f64>,
    /// Share of responses scoring 5–7 (low effort).
    pub share_5_7: Option<f64>,
    pub target: Option<f64>,
    /// `mean ≥ target`; null without a target or responses.
    pub target_met: Option<bool>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Csat {
    pub responses: u64,
    pub mean: Option<f64>,
    /// Share of responses scoring 4–5.
    pub share_4_5: Option<f64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Nps {
    pub responses: u64,
    /// `100 · (share 9–10 − share 0–6)`.
    pub score: Option<f64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Satisfaction {
    pub ces: Option<Ces>,
    pub csat: Option<Csat>,
    pub nps: Option<Nps>,
    /// CSAT and CES per level-1 tag; null unless one of them is mapped.
    pub by_tag: Option<Vec<TagSatisfaction>>,
}

/// One level-1 tag's ratings (`tag` null: unclassified).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TagSatisfaction {
    pub tag: Option<String>,
    pub conversations: u64,
    pub csat_responses: u64,
    pub csat_mean: Option<f64>,
    pub ces_responses: u64,
    pub ces_mean: Option<f64>,
}

/// Per level-1 tag (by conversations desc, then tag; unclassified last): its conversations and
/// the mean of the CSAT and CES responses among them.
pub fn by_tag(tax: &Taxonomy, convs: &[&Conv]) -> Vec<TagSatisfaction> {
    // (responses, sum) of CSAT and of CES
    let per = super::tags::per_level_one(tax, convs.iter().copied(), |a: &mut [(u64, f64); 2], c| {
        for (slot, v) in a.iter_mut().zip([c.csat.get(), c.ces.get()]) {
            if let Some(v) = v {
                *slot = (slot.0 + 1, slot.1 + v as f64);
            }
        }
    });
    per.into_iter()
        .map(|(tag, n, [csat, ces])| TagSatisfaction {
            tag,
            conversations: n,
            csat_responses: csat.0,
            csat_mean: ratio(csat.1, csat.0 as f64),
            ces_responses: ces.0,
            ces_mean: ratio(ces.1, ces.0 as f64),
        })
        .collect()
}

fn scores(convs: &[&Conv], f: impl Fn(&Conv) -> Option<f32>) -> Vec<f64> {
    convs.iter().filter_map(|c| f(c)).map(|v| v as f64).collect()
}

fn share(v: &[f64], pred: impl Fn(f64) -> bool) -> Option<f64> {
    ratio(v.iter().filter(|x| pred(**x)).count() as f64, v.len() as f64)
}

pub fn ces(convs: &[&Conv], target: Option<f64>) -> Ces {
    let v = scores(convs, |c| c.ces.get());
    let m = mean(&v);
    Ces {
        responses: v.len() as u64,
        mean: m,
        share_5_7: share(&v, |x| x >= 5.0),
        target,
        target_met: match (m, target) {
            (Some(m), Some(t)) => Some(m >= t),
            _ => None,
        },
    }
}

pub fn csat(convs: &[&Conv]) -> Csat {
    let v = scores(convs, |c| c.csat.get());
    Csat { responses: v.len() as u64, mean: mean(&v), share_4_5: share(&v, |x| x >= 4.0) }
}

pub fn nps(convs: &[&Conv]) -> Nps {
    let v = scores(convs, |c| c.nps.get());
    let score = match (share(&v, |x| x >= 9.0), share(&v, |x| x <= 6.0)) {
        (Some(p), Some(d)) => Some(100.0 * (p - d)),
        _ => None,
    };
    Nps { responses: v.len() as u64, score }
}

pub fn satisfaction(tax: &Taxonomy, convs: &[&Conv], mapped: &Mapped, ces_target: Option<f64>) -> Satisfaction {
    Satisfaction {
        ces: mapped.ces.then(|| ces(convs, ces_target)),
        csat: mapped.csat.then(|| csat(convs)),
        nps: mapped.nps.then(|| nps(convs)),
        by_tag: (mapped.csat || mapped.ces).then(|| by_tag(tax, convs)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::testkit::conv;

    #[test]
    fn formulas_by_hand() {
        let mk = |n, ces: Option<f32>, csat: Option<f32>, nps: Option<f32>| Conv {
            ces: ces.into(),
            csat: csat.into(),
            nps: nps.into(),
            ..conv(n, None)
        };
        let cs = [
            mk(1, Some(7.0), Some(5.0), Some(10.0)),
            mk(2, Some(6.0), Some(4.0), Some(9.0)),
            mk(3, Some(3.0), Some(2.0), Some(7.0)),
            mk(4, Some(5.0), Some(1.0), Some(3.0)),
            mk(5, None, None, Some(0.0)),
        ];
        let refs: Vec<&Conv> = cs.iter().collect();
        let c = ces(&refs, Some(6.5));
        assert_eq!(c.responses, 4);
        assert_eq!(c.mean, Some(5.25));
        assert_eq!(c.share_5_7, Some(0.75));
        assert_eq!(c.target_met, Some(false));
        let s = csat(&refs);
        assert_eq!((s.responses, s.mean, s.share_4_5), (4, Some(3.0), Some(0.5)));
        // promoters 2 of 5 (40%), detractors 2 of 5 (40%) → 0
        let n = nps(&refs);
        assert_eq!(n.responses, 5);
        assert!(n.score.unwrap().abs() < 1e-9);
        assert_eq!(nps(&refs[..2]).score, Some(100.0));
        // by tag: size (2 convs, CSAT 5 and 1 → 3), delivery (c001 via its leaf; CSAT 4), then unclassified
        let tax = crate::metrics::testkit::taxonomy();
        let (size, leaf) = (tax.tag_index("size").unwrap() as u16, tax.tag_index("delivery.after").unwrap() as u16);
        let tagged = [
            Conv { tag: Some(size), ..cs[0].clone() },
            Conv { tag: Some(size), ..cs[3].clone() },
            Conv { tag: Some(leaf), ..cs[1].clone() },
            cs[2].clone(),
        ];
        let t = by_tag(&tax, &tagged.iter().collect::<Vec<_>>());
        let row =
            |t: &TagSatisfaction| (t.tag.clone(), t.conversations, t.csat_responses, t.csat_mean, t.ces_responses, t.ces_mean);
        assert_eq!(row(&t[0]), (Some("size".into()), 2, 2, Some(3.0), 2, Some(6.0)));
        assert_eq!(row(&t[1]), (Some("delivery".into()), 1, 1, Some(4.0), 1, Some(6.0)));
        assert_eq!(row(&t[2]), (None, 1, 1, Some(2.0), 1, Some(3.0)));
        let e = ces(&[], Some(6.5));
        assert_eq!((e.responses, e.mean, e.share_5_7, e.target_met), (0, None, None, None));
    }
}
