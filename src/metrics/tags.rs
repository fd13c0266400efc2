//! 주요 문의 유형: every tag of the taxonomy with the conversations whose primary tag is it or
//! below it.

use serde::Serialize;

use super::stats::ratio;
use crate::model::Conv;
use crate::taxonomy::{Class, Taxonomy};

#[derive(Debug, Clone, Serialize)]
pub struct TagCount {
    pub id: String,
    pub path: String,
    pub name: String,
    pub level: u8,
    pub class: Class,
    pub count: u64,
    /// `count / total`; null when there are no conversations.
    pub share: Option<f64>,
}

/// The level-1 tag a conversation counts under (its primary tag's root); none: unclassified.
pub fn level_one(tax: &Taxonomy, c: &Conv) -> Option<usize> {
    c.tag.and_then(|t| tax.lineage(t as usize).last())
}

/// Per level-1 tag id (null: unclassified) with any of `convs`: how many, and what `add`
/// gathered over them; by count desc, then id, unclassified last.
pub fn per_level_one<'c, A: Default>(
    tax: &Taxonomy,
    convs: impl IntoIterator<Item = &'c Conv>,
    mut add: impl FnMut(&mut A, &Conv),
) -> Vec<(Option<String>, u64, A)> {
    let mut per: Vec<(u64, A)> = (0..=tax.tags.len()).map(|_| (0, A::default())).collect();
    for c in convs {
        let slot = &mut per[level_one(tax, c).unwrap_or(tax.tags.len())];
        slot.0 += 1;
        add(&mut slot.1, c);
    }
    let mut out: Vec<(Option<String>, u64, A)> = per
        .into_iter()
        .enumerate()
        .filter(|(_, (n, _))| *n > 0)
        .map(|(i, (n, a))| (tax.tags.get(i).map(|t| t.id.clone()), n, a))
        .collect();
    out.sort_by(|a, b| (a.0.is_none(), std::cmp::Reverse(a.1), &a.0).cmp(&(b.0.is_none(), std::cmp::Reverse(b.1), &b.0)));
    out
}

/// Conversations per tag, counting each for its primary tag and every ancestor.
pub fn rollup(tax: &Taxonomy, convs: &[&Conv]) -> Vec<u64> {
    let mut counts = vec![0u64; tax.tags.len()];
    for c in convs {
        if let Some(t) = c.tag {
            for a in tax.lineage(t as usize) {
                counts[a] += 1;
            }
        }
    }
    counts
}

pub fn tags(tax: &Taxonomy, convs: &[&Conv]) -> Vec<TagCount> {
    let counts = rollup(tax, convs);
    let total = convs.len() as f64;
    tax.tags
        .iter()
        .zip(counts)
        .map(|(t, count)| TagCount {
            id: t.id.clone(),
            path: t.path.clone(),
            name: t.name.clone(),
            level: t.level,
            class: t.class,
            count,
            share: ratio(count as f64, total),
        })
        .collect()
}

/// Conversations without a primary tag.
pub fn unclassified(convs: &[&Conv]) -> u64 {
    convs.iter().filter(|c| c.tag.is_none()).count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::testkit::{conv, taxonomy};

    #[test]
    fn counts_roll_up_to_ancestors() {
        let tax = taxonomy();
        let a = tax.tag_index("delivery.after").unwrap() as u16;
        let b = tax.tag_index("delivery.before").unwrap() as u16;
        let s = tax.tag_index("size").unwrap() as u16;
        let cs = [conv(1, Some(a)), conv(2, Some(a)), conv(3, Some(b)), conv(4, Some(s)), conv(5, None)];
        let refs: Vec<&Conv> = cs.iter().collect();
        let t = tags(&tax, &refs);
        let get = |id: &str| t.iter().find(|x| x.id == id).unwrap();
        assert_eq!(get("delivery").count, 3);
        assert_eq!(get("delivery").share, Some(0.6));
        assert_eq!(get("delivery.after").count, 2);
        assert_eq!(get("delivery.after").path, "배송/배송 후 문의");
        assert_eq!(get("delivery.after").level, 2);
        assert_eq!(get("size").count, 1);
        assert_eq!(get("stock").count, 0);
        assert_eq!(unclassified(&refs), 1);
        // every tag, in file order
        assert_eq!(
            t.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(),
            ["delivery", "delivery.before", "delivery.after", "size", "stock", "other"]
        );
        assert!(tags(&tax, &[]).iter().all(|x| x.share.is_none()));
    }
}
