//! 주요 리스크 유형별 접수 건수: per risk, the count and the oldest conversation ids.

use serde::Serialize;

use crate::model::Conv;
use crate::model::Interner;
use crate::model::RISK_IDS;
use crate::taxonomy::Taxonomy;

#[derive(Debug, Clone, Serialize)]
pub struct RiskCount {
    pub id: String,
    pub name: String,
    pub count: u64,
    /// Up to 20 conversation ids, oldest first (ties: id).
    pub conversation_ids: Vec<String>,
}

pub fn risks(tax: &Taxonomy, convs: &[&Conv], names: &Interner) -> Vec<RiskCount> {
    // each conversation to its risks in one pass
    let mut hits: Vec<Vec<&Conv>> = vec![Vec::new(); tax.risks.len()];
    for c in convs {
        let mut bits = c.risks;
        while bits != 0 {
            if let Some(h) = hits.get_mut(bits.trailing_zeros() as usize) {
                h.push(c);
            }
            bits &= bits - 1;
        }
    }
    // oldest first, ties by id: a total order (ids are unique), so the first RISK_IDS can be
    // chosen before they are sorted
    let order = |a: &&Conv, b: &&Conv| a.created.cmp(&b.created).then_with(|| names.name(a.id).cmp(names.name(b.id)));
    tax.risks
        .iter()
        .zip(hits)
        .map(|(r, mut hits)| {
            let count = hits.len() as u64;
            if hits.len() > RISK_IDS {
                hits.select_nth_unstable_by(RISK_IDS - 1, order);
                hits.truncate(RISK_IDS);
            }
            hits.sort_by(order);
            RiskCount {
                id: r.id.clone(),
                name: r.name.clone(),
                count,
                conversation_ids: hits.iter().map(|c| names.name(c.id).to_string()).collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::testkit::{conv, names, taxonomy};

    #[test]
    fn oldest_first_ties_by_id_capped_at_20() {
        let tax = taxonomy();
        let mut names = names();
        let mut cs: Vec<Conv> = (0..25).rev().map(|n| Conv { risks: 0b01, ..conv(40 + n, None) }).collect();
        // two at the same instant: the smaller id first
        cs.push(Conv { id: names.intern("a-same"), risks: 0b11, ..conv(50, None) });
        let refs: Vec<&Conv> = cs.iter().collect();
        let r = risks(&tax, &refs, &names);
        assert_eq!(r[0].id, "recall");
        assert_eq!(r[0].count, 26);
        assert_eq!(r[0].conversation_ids.len(), 20);
        assert_eq!(r[0].conversation_ids[0], "c040"); // created 40 s, the oldest
        assert_eq!(r[0].conversation_ids[19], "c058");
        assert_eq!(r[1].count, 1);
        assert_eq!(r[1].conversation_ids, ["a-same"]);
        let at50: Vec<&String> = r[0].conversation_ids.iter().filter(|id| *id == "a-same" || *id == "c050").collect();
        assert_eq!(at50, ["a-same", "c050"]);
    }
}
