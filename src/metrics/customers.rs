//! 재문의: distinct customers, the share who came back within the period (a first-contact
//! resolution proxy), and what the repeat conversations were about.

use rustc_hash::FxHashMap as HashMap;

use serde::Serialize;

use super::stats::ratio;
use crate::model::Conv;
use crate::model::Sym;
use crate::taxonomy::Taxonomy;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RepeatTag {
    /// Tag id; null for unclassified.
    pub tag: Option<String>,
    pub count: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Customers {
    pub distinct: u64,
    /// Customers with ≥ 2 conversations in the period / distinct.
    pub repeat_share: Option<f64>,
    /// Primary tags of the repeat customers' conversations, by count.
    pub repeat_tags: Vec<RepeatTag>,
}

pub fn customers(tax: &Taxonomy, convs: &[&Conv]) -> Customers {
    // (customer, tag) pairs sorted by customer: each run is one customer's conversations
    let mut pairs: Vec<(Sym, Option<u16>)> = convs.iter().filter_map(|c| c.customer.get().map(|k| (k, c.tag))).collect();
    pairs.sort_unstable_by_key(|p| p.0);
    let mut tag_counts: HashMap<Option<u16>, u64> = HashMap::default();
    let (mut distinct, mut repeaters) = (0u64, 0u64);
    for run in pairs.chunk_by(|a, b| a.0 == b.0) {
        distinct += 1;
        if run.len() >= 2 {
            repeaters += 1;
            for (_, t) in run {
                *tag_counts.entry(*t).or_default() += 1;
            }
        }
    }
    let mut repeat: Vec<(Option<u16>, u64)> = tag_counts.into_iter().collect();
    // by count, then taxonomy order, unclassified last
    repeat.sort_by_key(|(t, n)| (std::cmp::Reverse(*n), t.is_none(), *t));
    Customers {
        distinct,
        repeat_share: ratio(repeaters as f64, distinct as f64),
        repeat_tags: repeat
            .into_iter()
            .map(|(t, count)| RepeatTag { tag: t.map(|t| tax.tags[t as usize].id.clone()), count })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::testkit::{conv, taxonomy};

    #[test]
    fn repeat_customers_and_their_tags() {
        let tax = taxonomy();
        let d = tax.tag_index("delivery.after").unwrap() as u16;
        let s = tax.tag_index("size").unwrap() as u16;
        let cs = [
            Conv { customer: Some(1).into(), ..conv(1, Some(d)) },
            Conv { customer: Some(1).into(), ..conv(2, Some(d)) },
            Conv { customer: Some(1).into(), ..conv(3, None) },
            Conv { customer: Some(2).into(), ..conv(4, Some(s)) },
            Conv { customer: Some(2).into(), ..conv(5, Some(d)) },
            Conv { customer: Some(3).into(), ..conv(6, Some(s)) },
            conv(7, Some(s)), // no customer id: not counted
        ];
        let refs: Vec<&Conv> = cs.iter().collect();
        let c = customers(&tax, &refs);
        assert_eq!(c.distinct, 3);
        assert!((c.repeat_share.unwrap() - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(
            c.repeat_tags,
            [
                RepeatTag { tag: Some("delivery.after".into()), count: 3 },
                RepeatTag { tag: Some("size".into()), count: 1 },
                RepeatTag { tag: None, count: 1 },
            ]
        );
        let none = customers(&tax, &[]);
        assert_eq!((none.distinct, none.repeat_share), (0, None));
    }
}
