//! 자동화 후보: simple-class primary tags by volume, with the agent hours they take
//! (`count · handle_minutes / 60`) and the hours a support bot would save at `deflection_rate`.

use serde::Serialize;

use crate::model::Conv;
use crate::taxonomy::{Class, Taxonomy};

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Automation {
    pub tag: String,
    pub count: u64,
    pub agent_hours: f64,
    pub hours_saved: f64,
    /// `hours_saved` × `report.agent_hourly_cost`; null without it.
    pub cost_saved: Option<f64>,
}

pub fn automation(tax: &Taxonomy, convs: &[&Conv], r: &crate::config::Report) -> Vec<Automation> {
    automation_at(tax, convs, r.handle_minutes, r.deflection_rate, r.agent_hourly_cost)
}

fn automation_at(
    tax: &Taxonomy,
    convs: &[&Conv],
    handle_minutes: f64,
    deflection_rate: f64,
    hourly: Option<f64>,
) -> Vec<Automation> {
    let mut counts = vec![0u64; tax.tags.len()];
    for c in convs {
        if let Some(t) = c.tag {
            counts[t as usize] += 1;
        }
    }
    let mut rows: Vec<(usize, u64)> =
        counts.into_iter().enumerate().filter(|(t, n)| *n > 0 && tax.tags[*t].class == Class::Simple).collect();
    rows.sort_by_key(|(t, n)| (std::cmp::Reverse(*n), *t));
    rows.into_iter()
        .map(|(t, count)| {
            let agent_hours = count as f64 * handle_minutes / 60.0;
            let hours_saved = agent_hours * deflection_rate;
            Automation {
                tag: tax.tags[t].id.clone(),
                count,
                agent_hours,
                hours_saved,
                cost_saved: hourly.map(|c| hours_saved * c),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::testkit::{conv, taxonomy};

    #[test]
    fn simple_primary_tags_by_count() {
        let tax = taxonomy();
        let before = tax.tag_index("delivery.before").unwrap() as u16;
        let after = tax.tag_index("delivery.after").unwrap() as u16;
        let size = tax.tag_index("size").unwrap() as u16;
        let mut cs: Vec<Conv> = (0..10).map(|n| conv(n, Some(after))).collect();
        cs.extend((10..40).map(|n| conv(n, Some(before))));
        cs.push(conv(50, Some(size)));
        let refs: Vec<&Conv> = cs.iter().collect();
        let a = automation_at(&tax, &refs, 6.0, 0.5, Some(15000.0));
        // 30 × 6 min = 3 h, half saved, at 15,000 an hour
        assert_eq!(
            a[0],
            Automation {
                tag: "delivery.before".into(),
                count: 30,
                agent_hours: 3.0,
                hours_saved: 1.5,
                cost_saved: Some(22500.0)
            }
        );
        assert_eq!(automation_at(&tax, &refs, 6.0, 0.5, None)[0].cost_saved, None);
        assert_eq!(a[1].tag, "delivery.after");
        assert_eq!(a[1].agent_hours, 1.0);
        assert_eq!(a.len(), 2); // size is revenue-class
    }
}
