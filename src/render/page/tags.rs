//! Section 5: the main inquiry types.

use super::util::*;
use super::*;

/// Section 5: the main inquiry types.
pub(super) fn sections(cx: &Cx, charts: &mut Vec<Chart>) -> anyhow::Result<Vec<Section>> {
    let &Cx { m, ref w, ref f, cur, prev, ko, ref cur_label, ref prev_label, src, .. } = cx;
    let mut sections = Vec::new();
    let prev_tags = prev.map(|p| &p.tags);
    let top_level: Vec<usize> = (0..src.tax.tags.len()).filter(|&i| src.tax.tags[i].level == 1).collect();
    let tag_chart = Chart {
        id: "tags".into(),
        alt: w.t("주요 문의 유형 (이번 기간과 직전 기간)", "Main inquiry types (this and the previous period)"),
        kind: Kind::HBars(HBars {
            labels: top_level.iter().map(|&i| src.tax.tags[i].name.clone()).collect(),
            current: top_level.iter().map(|&i| cur.tags[i].count as f64).collect(),
            previous: prev_tags.map(|t| top_level.iter().map(|&i| t[i].count as f64).collect()),
            notes: top_level
                .iter()
                .map(|&i| format!("{} · {}", f.int(cur.tags[i].count), f.opt_pct(cur.tags[i].share)))
                .collect(),
            legend: if prev_tags.is_some() {
                vec![(cur_label.clone(), "blue".into()), (prev_label.clone(), "previous".into())]
            } else {
                vec![]
            },
        }),
    };
    let unclassified = m.data_quality.unclassified;
    let mut tag_rows: Vec<Row> = Vec::new();
    for (i, t) in src.tax.tags.iter().enumerate() {
        let c = &cur.tags[i];
        let p = prev_tags.map(|pt| pt[i].count);
        let (ct, cd) = f.change(cx.change.and_then(|ch| ch.tags[i]));
        tag_rows.push(Row {
            cells: vec![
                cell(format!("{}{}", "　".repeat(t.level as usize - 1), t.name)),
                cell(short_class(t.class.name(), ko)),
                num(f.int(c.count)),
                num(f.opt_pct(c.share)),
                num(p.map_or(NONE.into(), |p| f.int(p))),
                change_cell(ct, cd, false),
            ],
            class: if t.level == 1 { "parent" } else { "child" },
        });
    }
    tag_rows.push(Row {
        cells: vec![
            cell(w.t("미분류", "Unclassified")),
            cell(short_class("unclassified", ko)),
            num(f.int(unclassified)),
            num(f.opt_pct(m.data_quality.unclassified_share)),
            num(prev.map_or(NONE.into(), |p| {
                f.int(p.inquiries.total.saturating_sub(top_level.iter().map(|&i| p.tags[i].count).sum::<u64>()))
            })),
            cell(""),
        ],
        class: "parent",
    });
    let tag_table = Table {
        caption: None,
        head: vec![
            w.t("유형", "Type"),
            w.t("구분", "Class"),
            cur_label.clone(),
            w.t("비중", "Share"),
            prev_label.clone(),
            w.t("변화", "Change"),
        ],
        rows: tag_rows,
    };
    let top_tag = top_level.iter().max_by_key(|&&i| (cur.tags[i].count, std::cmp::Reverse(i))).copied();
    sections.push(Section {
        id: "tags",
        num: Some(5),
        title: w.t("주요 문의 유형", "Main inquiry types"),
        lead: top_tag.filter(|&i| cur.tags[i].count > 0).map(|i| {
            let t = &src.tax.tags[i];
            w.t(
                &format!("가장 많은 문의 유형은 {} ({}, {}).", t.name, f.int(cur.tags[i].count), f.opt_pct(cur.tags[i].share)),
                &format!(
                    "The largest inquiry type is {} ({}, {}).",
                    t.name,
                    f.int(cur.tags[i].count),
                    f.opt_pct(cur.tags[i].share)
                ),
            )
        }),
        blocks: vec![figure(&tag_chart, tag_table)?],
    });
    charts.push(tag_chart);

    Ok(sections)
}
