//! Sections 3 and 4: the product groups that generate inquiries, and the top sellers.

use super::util::*;
use super::*;

/// Sections 3 and 4.
pub(super) fn sections(cx: &Cx, charts: &mut Vec<Chart>) -> anyhow::Result<Vec<Section>> {
    let mut sections = product_groups(cx, charts)?;
    sections.extend(top_products(cx, charts)?);
    Ok(sections)
}

/// Section 3: the product groups that generate inquiries.
fn product_groups(cx: &Cx, charts: &mut Vec<Chart>) -> anyhow::Result<Vec<Section>> {
    let &Cx { ref w, ref f, cur, ref unit_label, .. } = cx;
    let mut sections = Vec::new();
    let none_label = w.t("(상품 없음)", "(no product)");
    // groups without an inquiry are left out of the chart and the table (the JSON has them all)
    let all = &cur.product_groups;
    let mut groups: Vec<&crate::metrics::products::ProductGroup> = all.iter().filter(|g| g.inquiries > 0).collect();
    // by inquiries, the no-product group among them: none folded into the others is larger
    // than one shown
    groups.sort_by_key(|g| std::cmp::Reverse(g.inquiries));
    // past 15 groups: the 14 largest and one bar for the others
    let (charted, rest) = if groups.len() > 15 { groups.split_at(14) } else { (&groups[..], &groups[..0]) };
    let mut labels: Vec<String> = charted.iter().map(|g| g.group.clone().unwrap_or_else(|| none_label.clone())).collect();
    let mut current: Vec<f64> = charted.iter().map(|g| g.inquiries as f64).collect();
    if !rest.is_empty() {
        labels.push(w.t(&format!("그 외 {}개 상품군", rest.len()), &format!("{} other groups", rest.len())));
        current.push(rest.iter().map(|g| g.inquiries as f64).sum());
    }
    let pg_chart = Chart {
        id: "product-groups".into(),
        alt: w.t("상품군별 문의 건수", "Inquiries per product group"),
        kind: Kind::HBars(HBars {
            notes: current.iter().map(|n| f.int(*n as u64)).collect(),
            labels,
            current,
            previous: None,
            legend: vec![],
        }),
    };
    let quiet = all.len() - groups.len();
    let pg_table = Table {
        key: 1,
        caption: (quiet > 0).then(|| {
            w.t(&format!("문의가 없는 상품군 {quiet}개는 생략"), &format!("{quiet} groups without an inquiry are left out"))
        }),
        head: vec![
            w.t("상품군", "Group"),
            w.t("문의", "Inquiries"),
            w.t("매출", "Revenue"),
            w.t(&format!("{unit_label}당"), &format!("Per {unit_label}")),
        ],
        rows: groups
            .iter()
            .map(|g| {
                row(vec![
                    cell(g.group.clone().unwrap_or_else(|| none_label.clone())),
                    num(f.int(g.inquiries)),
                    num(g.revenue.map_or(NONE.into(), |r| f.money_short(r.rounded()))),
                    num(f.dec(g.per_revenue_unit, 2)),
                ])
            })
            .collect(),
    };
    let pg_blocks = if groups.is_empty() {
        vec![Block::Para { text: w.t("이 기간에 문의가 없습니다.", "No inquiries in this period.") }]
    } else {
        vec![figure(&pg_chart, pg_table)?]
    };
    if !groups.is_empty() {
        charts.push(pg_chart);
    }
    sections.push(Section {
        id: "product-groups",
        num: Some(3),
        title: w.t("문의가 자주 발생하는 상품군", "Product groups that generate inquiries"),
        lead: groups.iter().find(|g| g.group.is_some()).map(|g| {
            let name = g.group.clone().unwrap_or_default();
            w.t(
                &format!("문의가 가장 많은 상품군은 {name} ({}건).", f.int(g.inquiries)),
                &format!("{name} generates the most inquiries ({}).", f.int(g.inquiries)),
            )
        }),
        blocks: pg_blocks,
    });
    Ok(sections)
}

/// Section 4: the top sellers with their inquiries and returns.
fn top_products(cx: &Cx, charts: &mut Vec<Chart>) -> anyhow::Result<Vec<Section>> {
    let &Cx { cfg, ref w, ref f, cur, .. } = cx;
    let mut sections = Vec::new();
    let tops = &cur.top_products;
    let mut tp_blocks = Vec::new();
    if tops.is_empty() {
        tp_blocks.push(Block::Para { text: w.t("이 기간의 판매 데이터가 없습니다.", "No sales in this period.") });
    } else {
        let tp_chart = Chart {
            id: "top-products".into(),
            alt: w.t("매출 상위 상품의 매출, 문의, 반품", "Top sellers: revenue, inquiries and returns"),
            kind: Kind::HBars(HBars {
                labels: tops
                    .iter()
                    .map(|p| format!("{}. {}", p.rank, p.name.clone().unwrap_or_else(|| short_id(&p.product_id))))
                    .collect(),
                current: tops.iter().map(|p| p.revenue.rounded()).collect(),
                previous: None,
                notes: tops
                    .iter()
                    .map(|p| {
                        format!(
                            "{} · {} {} · {} {}",
                            f.money_short(p.revenue.rounded()),
                            w.t("문의", "inq."),
                            f.int(p.inquiries),
                            w.t("반품", "ret."),
                            p.returns.map_or(NONE.into(), |r| trim_num(r.rounded()))
                        )
                    })
                    .collect(),
                legend: vec![],
            }),
        };
        let tp_table = Table {
            key: 1,
            caption: None,
            head: w.all(&[
                ("#", "#"),
                ("상품", "Product"),
                ("매출", "Revenue"),
                ("수량", "Units"),
                ("문의", "Inquiries"),
                ("반품", "Returns"),
                ("반품률", "Return rate"),
            ]),
            rows: tops
                .iter()
                .map(|p| {
                    row(vec![
                        num(p.rank.to_string()),
                        cell(format!(
                            "{}{}",
                            p.name.clone().unwrap_or_else(|| short_id(&p.product_id)),
                            p.category.as_ref().map(|c| format!(" · {c}")).unwrap_or_default()
                        )),
                        num(f.money_short(p.revenue.rounded())),
                        num(trim_num(p.units.rounded())),
                        num(f.int(p.inquiries)),
                        num(p.returns.map_or(NONE.into(), |r| trim_num(r.rounded()))),
                        num(f.opt_pct(p.return_rate)),
                    ])
                })
                .collect(),
        };
        tp_blocks.push(figure(&tp_chart, tp_table)?);
        charts.push(tp_chart);
    }
    sections.push(Section {
        id: "top-products",
        num: Some(4),
        title: w.t(
            &format!("매출 상위 {} 상품의 문의·반품", cfg.report.top_products),
            &format!("Top {} sellers: inquiries and returns", cfg.report.top_products),
        ),
        lead: tops.iter().max_by(|a, b| a.inquiries.cmp(&b.inquiries).then(b.rank.cmp(&a.rank))).filter(|p| p.inquiries > 0).map(
            |p| {
                let name = p.name.clone().unwrap_or_else(|| short_id(&p.product_id));
                let (n, rate) = (f.int(p.inquiries), f.opt_pct(p.return_rate));
                w.t(
                    &format!("상위 상품 중 문의가 가장 많은 상품: {name} ({n}건, 반품률 {rate})."),
                    &format!(
                        "Most asked-about top seller: {name} ({}, return rate {rate}).",
                        plural(p.inquiries, "inquiry", "inquiries")
                    ),
                )
            },
        ),
        blocks: tp_blocks,
    });

    Ok(sections)
}
