//! Sections 1 and 2: sales, and inquiries against sales.

use super::util::*;
use super::*;

/// Sections 1 and 2: sales, and inquiries against sales.
pub(super) fn sections(cx: &Cx, charts: &mut Vec<Chart>) -> anyhow::Result<Vec<Section>> {
    let &Cx { cfg, m, ref w, ref f, cur, ko, ref unit_label, ref cur_label, .. } = cx;
    let mut sections = Vec::new();
    let mut blocks = Vec::new();
    if cur.sales.revenue.is_some() {
        blocks.push(Block::Table {
            table: Table {
                caption: None,
                head: cx.cmp_head(),
                rows: vec![
                    cx.row_of(w.t("매출", "Revenue"), |s| f.opt_money(cx.pn(s.sales.revenue)), |c| c.revenue, true),
                    cx.row_of(w.t("주문", "Orders"), |s| f.opt_int(s.sales.orders), |c| c.orders, true),
                    cx.row_of(
                        w.t("판매 수량", "Units"),
                        |s| cx.pn(s.sales.units).map_or(NONE.into(), trim_num),
                        |c| c.units,
                        true,
                    ),
                ],
            },
        });
    } else {
        blocks.push(Block::Para {
            text: w.t(
                "매출 입력이 설정되지 않아 매출 지표는 비어 있습니다.",
                "No sales input is configured: revenue figures are empty.",
            ),
        });
    }
    let daily_chart = Chart {
        id: "daily".into(),
        alt: w.t("일별 문의 건수와 매출", "Inquiries and revenue per day"),
        kind: Kind::Daily(Daily {
            days: m.daily.iter().map(|d| short_date(&d.date)).collect(),
            inquiries: m.daily.iter().map(|d| d.inquiries as f64).collect(),
            revenue: cur.sales.revenue.map(|_| m.daily.iter().map(|d| d.revenue.map_or(0.0, |r| r.0)).collect()),
            revenue_label: w.t("매출", "Revenue"),
            inquiries_label: w.t("문의", "Inquiries"),
            money: if cfg.currency == "KRW" { money_short_krw } else { money_short_other },
            ko,
        }),
    };
    let daily_table = Table {
        caption: None,
        head: w.all(&[("날짜", "Date"), ("문의", "Inquiries"), ("매출", "Revenue"), ("주문", "Orders")]),
        rows: m
            .daily
            .iter()
            .map(|d| {
                row(vec![
                    cell(short_date(&d.date)),
                    num(f.int(d.inquiries)),
                    num(d.revenue.map_or(NONE.into(), |r| f.money_short(r.rounded()))),
                    num(f.opt_int(d.orders)),
                ])
            })
            .collect(),
    };
    blocks.push(figure(&daily_chart, daily_table)?);
    charts.push(daily_chart);
    sections.push(Section {
        id: "sales",
        num: Some(1),
        title: w.t("매출 현황", "Sales"),
        lead: cur.sales.revenue.map(|r| {
            w.t(
                &format!("{cur_label} 매출 {}, 주문 {}건.", f.money(r.rounded()), f.opt_int(cur.sales.orders)),
                &format!("Revenue {} from {} orders {cur_label}.", f.money(r.rounded()), f.opt_int(cur.sales.orders)),
            )
        }),
        blocks,
    });

    sections.push(Section {
        id: "inquiries",
        num: Some(2),
        title: w.t("매출 대비 문의", "Inquiries against sales"),
        lead: cur
            .inquiries
            .per_revenue_unit
            .map(|v| w.t(&format!("{unit_label}당 문의 {v:.2}건."), &format!("{v:.2} inquiries per {unit_label}."))),
        blocks: vec![Block::Table {
            table: Table {
                caption: None,
                head: cx.cmp_head(),
                rows: vec![
                    cx.row_of(w.t("문의 건수", "Inquiries"), |s| f.int(s.inquiries.total), |c| c.inquiries, false),
                    cx.row_of(
                        w.t(&format!("{unit_label}당 문의"), &format!("Inquiries per {unit_label}")),
                        |s| f.dec(s.inquiries.per_revenue_unit, 2),
                        |c| c.per_revenue_unit,
                        false,
                    ),
                    cx.row_of(
                        w.t("주문 100건당 문의", "Inquiries per 100 orders"),
                        |s| f.dec(s.inquiries.per_100_orders, 1),
                        |c| c.per_100_orders,
                        false,
                    ),
                ],
            },
        }],
    });

    Ok(sections)
}
