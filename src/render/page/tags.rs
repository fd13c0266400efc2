//! Section 5: the main inquiry types.

use super::util::*;
use super::*;

/// Most bars in the tag chart.
const MAX_BARS: usize = 12;

/// Section 5: the main inquiry types.
pub(super) fn sections(cx: &Cx, charts: &mut Vec<Chart>) -> anyhow::Result<Vec<Section>> {
    let &Cx { m, ref w, ref f, cur, prev, ko, ref cur_label, ref prev_label, src, .. } = cx;
    let mut sections = Vec::new();
    let prev_tags = prev.map(|p| &p.tags);
    let top_level: Vec<usize> = (0..src.tax.tags.len()).filter(|&i| src.tax.tags[i].level == 1).collect();
    let tag_chart = chart(cx, &top_level);
    let unclassified = m.data_quality.unclassified;
    let mut tag_rows: Vec<Row> = Vec::new();
    // a type with no conversation in either period is left out of the table (the JSON has
    // every tag): a taxonomy of hundreds of tags would otherwise bury the few that matter
    let mut quiet = 0;
    for (i, t) in src.tax.tags.iter().enumerate() {
        let c = &cur.tags[i];
        let p = prev_tags.map(|pt| pt[i].count);
        if c.count == 0 && p.unwrap_or(0) == 0 {
            quiet += 1;
            continue;
        }
        let (ct, cd) = f.change(cx.change.and_then(|ch| ch.tags[i]));
        tag_rows.push(Row {
            cells: vec![
                link(
                    format!("{}{}", "　".repeat(t.level as usize - 1), t.name),
                    m.voices
                        .iter()
                        .any(|v| v.kind == "tag" && v.tag == t.id)
                        .then(|| format!("#{}", voices_anchor("tag", &t.id))),
                ),
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
    // conversations without text (reviews without a comment): counted, no tagging miss
    let no_text = m.data_quality.no_text;
    if no_text > 0 {
        tag_rows.push(Row {
            cells: vec![
                cell(w.t("내용 없음 (미분류에서 제외)", "No text (not counted as unclassified)")),
                cell(""),
                num(f.int(no_text)),
                num(f.opt_pct(crate::metrics::stats::ratio(no_text as f64, cur.inquiries.total as f64))),
                num(NONE.to_string()),
                cell(""),
            ],
            class: "parent",
        });
    }
    let tag_table = Table {
        key: 1,
        caption: (quiet > 0).then(|| {
            w.t(
                &format!("이번 기간과 직전 기간 모두 0건인 유형 {quiet}개는 생략 (.json에는 모두 있음)"),
                &format!("{quiet} types with no conversation in either period are left out (the .json has them all)"),
            )
        }),
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
    if let Some(r) = &m.tag_review {
        sections.push(review(cx, r));
    }

    Ok(sections)
}

/// The chart: every level-1 type, or, past [`MAX_BARS`], the largest ones (in taxonomy order)
/// and one bar for the rest.
fn chart(cx: &Cx, top_level: &[usize]) -> Chart {
    let &Cx { ref w, ref f, cur, prev, ref cur_label, ref prev_label, src, .. } = cx;
    let prev_tags = prev.map(|p| &p.tags);
    let mut charted = top_level.to_vec();
    let mut rest: Vec<usize> = Vec::new();
    if charted.len() > MAX_BARS {
        charted.sort_by_key(|&i| (std::cmp::Reverse(cur.tags[i].count), i));
        rest = charted.split_off(MAX_BARS - 1);
        charted.sort_unstable();
    }
    let sum = |tags: &[crate::metrics::tags::TagCount], ids: &[usize]| ids.iter().map(|&i| tags[i].count).sum::<u64>();
    let mut labels: Vec<String> = charted.iter().map(|&i| src.tax.tags[i].name.clone()).collect();
    let mut current: Vec<f64> = charted.iter().map(|&i| cur.tags[i].count as f64).collect();
    let mut previous: Option<Vec<f64>> = prev_tags.map(|t| charted.iter().map(|&i| t[i].count as f64).collect());
    let mut notes: Vec<String> =
        charted.iter().map(|&i| format!("{} · {}", f.int(cur.tags[i].count), f.opt_pct(cur.tags[i].share))).collect();
    if !rest.is_empty() {
        labels.push(w.t(&format!("그 외 {}개 유형", rest.len()), &format!("{} other types", rest.len())));
        current.push(sum(&cur.tags, &rest) as f64);
        if let (Some(p), Some(t)) = (previous.as_mut(), prev_tags) {
            p.push(sum(t, &rest) as f64);
        }
        notes.push(f.int(sum(&cur.tags, &rest)));
    }
    Chart {
        id: "tags".into(),
        alt: w.t("주요 문의 유형 (이번 기간과 직전 기간)", "Main inquiry types (this and the previous period)"),
        kind: Kind::HBars(HBars {
            labels,
            current,
            previous,
            notes,
            legend: if prev_tags.is_some() {
                vec![(cur_label.clone(), "blue".into()), (prev_label.clone(), "previous".into())]
            } else {
                vec![]
            },
        }),
    }
}

/// 태그 점검: where agents tagged a conversation, whether the keyword rules agree.
fn review(cx: &Cx, r: &crate::metrics::review::TagReview) -> Section {
    let &Cx { ref w, ref f, src, .. } = cx;
    let name = |id: Option<&str>| match id {
        Some(id) => src.tax.tag_index(id).map_or(id.to_string(), |i| src.tax.tags[i].path.clone()),
        None => w.t("(규칙 없음)", "(no rule)"),
    };
    let lead = if r.manual == 0 {
        w.t("이 기간에 상담원이 단 태그가 없습니다.", "No conversation of this period carries an agent's tag.")
    } else {
        w.t(
            &format!(
                "상담원 태그 {}건 중 키워드 규칙과 같은 유형 {}건 ({}). 다른 쌍은 상담원 또는 키워드를 점검할 곳입니다.",
                f.int(r.manual),
                f.int(r.agree),
                f.opt_pct(r.agreement)
            ),
            &format!(
                "Of {} conversations agents tagged, the keyword rules pick the same type for {} ({}). Each pair below is for a look at the agents' tags or the keywords.",
                f.int(r.manual),
                f.int(r.agree),
                f.opt_pct(r.agreement)
            ),
        )
    };
    let blocks = if r.disagreements.is_empty() {
        Vec::new()
    } else {
        vec![Block::Table {
            table: Table {
                key: 3,
                caption: None,
                head: vec![
                    w.t("상담원 태그", "Agents' tag"),
                    w.t("규칙", "Rules"),
                    w.t("건수", "Count"),
                    w.t("대화 ID", "Conversations"),
                ],
                rows: r
                    .disagreements
                    .iter()
                    .map(|d| {
                        row(vec![
                            cell(name(Some(&d.manual))),
                            cell(name(d.rule.as_deref())),
                            num(f.int(d.count)),
                            cx.conv_cell(&d.conversation_ids),
                        ])
                    })
                    .collect(),
            },
        }]
    };
    Section { id: "tag-review", num: None, title: w.t("태그 점검", "Tag review"), lead: Some(lead), blocks }
}
