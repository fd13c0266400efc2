//! 태그 점검, the weekly mis-tag review (docs/taxonomy.md): where agents set a manual tag that
//! names a tag, does the keyword taxonomy alone pick the same one? The disagreements are where
//! either the agents or the keywords need a look.
//!
//! Population: conversations of the period whose manual tag maps to a tag.

use serde::Serialize;

use crate::model::{Conv, Interner, TagSource};
use crate::taxonomy::Taxonomy;

/// Most conversation ids listed per disagreement (the oldest).
const IDS: usize = 10;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Disagreement {
    /// The agents' tag.
    pub manual: String,
    /// What the rules pick; null = they find nothing.
    pub rule: Option<String>,
    pub count: u64,
    pub conversation_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TagReview {
    /// Conversations with a manual tag that names a tag.
    pub manual: u64,
    pub agree: u64,
    pub agreement: Option<f64>,
    /// By count desc, then manual, then rule (null last).
    pub disagreements: Vec<Disagreement>,
}

/// Null when no tags column is mapped.
pub fn tag_review(tax: &Taxonomy, convs: &[&Conv], names: &Interner, mapped: bool) -> Option<TagReview> {
    if !mapped {
        return None;
    }
    let mut manual = 0u64;
    let mut agree = 0u64;
    let mut pairs: std::collections::HashMap<(u16, Option<u16>), Vec<(i64, &str)>> = std::collections::HashMap::new();
    for c in convs.iter().filter(|c| c.source == TagSource::Manual) {
        let (Some(m), r) = (c.tag, c.rule.get()) else { continue };
        manual += 1;
        if r == Some(m) {
            agree += 1;
        } else {
            pairs.entry((m, r)).or_default().push((c.created, names.name(c.id)));
        }
    }
    let id = |t: u16| tax.tags[t as usize].id.clone();
    let mut disagreements: Vec<Disagreement> = pairs
        .into_iter()
        .map(|((m, r), mut ids)| {
            ids.sort();
            Disagreement {
                manual: id(m),
                rule: r.map(id),
                count: ids.len() as u64,
                conversation_ids: ids.iter().take(IDS).map(|(_, i)| i.to_string()).collect(),
            }
        })
        .collect();
    disagreements.sort_by(|a, b| {
        (std::cmp::Reverse(a.count), &a.manual, a.rule.is_none(), &a.rule).cmp(&(
            std::cmp::Reverse(b.count),
            &b.manual,
            b.rule.is_none(),
            &b.rule,
        ))
    });
    Some(TagReview { manual, agree, agreement: super::stats::ratio(agree as f64, manual as f64), disagreements })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::testkit::{conv, names, taxonomy};

    #[test]
    fn agreement_and_the_disagreeing_pairs_oldest_ids_first() {
        let tax = taxonomy();
        let (size, stock) = (tax.tag_index("size").unwrap() as u16, tax.tag_index("stock").unwrap() as u16);
        let manual = |n: u32, m: u16, r: Option<u16>| {
            let mut c = conv(n, Some(m));
            c.source = TagSource::Manual;
            c.rule = r.into();
            c
        };
        let cs = vec![
            manual(3, size, Some(size)),
            manual(2, size, Some(stock)),
            manual(1, size, Some(stock)),
            manual(4, stock, None),
            conv(5, Some(size)), // a rule tag: not reviewed
        ];
        let refs: Vec<&Conv> = cs.iter().collect();
        let r = tag_review(&tax, &refs, &names(), true).unwrap();
        assert_eq!((r.manual, r.agree), (4, 1));
        assert_eq!(r.agreement, Some(0.25));
        assert_eq!(r.disagreements[0].rule.as_deref(), Some("stock"));
        assert_eq!(r.disagreements[0].conversation_ids, ["c001", "c002"]);
        assert_eq!((r.disagreements[1].manual.as_str(), r.disagreements[1].rule.as_ref()), ("stock", None));
        assert!(tag_review(&tax, &refs, &names(), false).is_none());
    }
}
