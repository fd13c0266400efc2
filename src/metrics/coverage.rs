//! `voc taxonomy stats`: how well the taxonomy covers the conversations of the period (or of
//! every row) — unclassified, tagged by hand, matched by several tags, each tag's own rule
//! hits, primary and rolled-up counts, tags whose rule never matched, and the alerts the
//! report would raise on them (dominance, the unclassified gate).

use super::alerts::{self, Alert};
use super::tags;
use crate::config::Config;
use crate::model::{Conv, Dataset, TagSource};
use crate::taxonomy::Taxonomy;

/// One tag's row of the coverage table.
#[derive(Debug, Clone)]
pub struct TagCoverage {
    /// Conversations its own rule matched; `None` for a tag without a rule.
    pub rule_hits: Option<u64>,
    pub primary: u64,
    pub rollup: u64,
}

#[derive(Debug, Clone)]
pub struct Coverage {
    pub conversations: u64,
    pub unclassified: u64,
    pub manual: u64,
    pub several: u64,
    /// In taxonomy order.
    pub tags: Vec<TagCoverage>,
    /// Ids of the tags whose rule matched no conversation.
    pub never_matched: Vec<String>,
    pub alerts: Vec<Alert>,
    /// The newest unclassified conversations (indices into the dataset), up to five.
    pub newest_unclassified: Vec<usize>,
}

/// Coverage over the period's conversations; `hits(i)`: the tags whose own rule matched
/// conversation `i` (kept by the classify stage for this command).
pub fn coverage<'h>(cfg: &Config, tax: &Taxonomy, data: &Dataset, hits: impl Fn(usize) -> &'h [u16]) -> Coverage {
    let convs: Vec<usize> = (0..data.convs.len()).filter(|&i| data.convs[i].in_period()).collect();
    let refs: Vec<&Conv> = convs.iter().map(|&i| &data.convs[i]).collect();
    let rollup = tags::rollup(tax, &refs);
    let unclassified = tags::unclassified(&refs);
    let mut own = vec![0u64; tax.tags.len()];
    let mut primary = vec![0u64; tax.tags.len()];
    let (mut several, mut manual) = (0u64, 0u64);
    for &i in &convs {
        let c = &data.convs[i];
        let h = hits(i);
        several += u64::from(h.len() >= 2);
        for t in h {
            own[*t as usize] += 1;
        }
        if let Some(t) = c.tag {
            primary[t as usize] += 1;
        }
        manual += u64::from(c.source == TagSource::Manual);
    }
    let total = convs.len() as u64;
    let share = (total > 0).then(|| unclassified as f64 / total as f64);
    let mut alerts = alerts::dominance(tax, &rollup, total);
    alerts.extend(alerts::gates(cfg, &[], &[], share, unclassified));
    let mut open: Vec<usize> = convs.iter().copied().filter(|&i| data.convs[i].tag.is_none()).collect();
    open.sort_by(|&a, &b| data.convs[b].created.cmp(&data.convs[a].created).then(a.cmp(&b)));
    open.truncate(5);
    Coverage {
        conversations: total,
        unclassified,
        manual,
        several,
        tags: (0..tax.tags.len())
            .map(|i| TagCoverage {
                rule_hits: tax.tags[i].rule.is_some().then_some(own[i]),
                primary: primary[i],
                rollup: rollup[i],
            })
            .collect(),
        never_matched: (0..tax.tags.len())
            .filter(|&i| tax.tags[i].rule.is_some() && own[i] == 0)
            .map(|i| tax.tags[i].id.clone())
            .collect(),
        alerts,
        newest_unclassified: open,
    }
}
