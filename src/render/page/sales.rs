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
                key: 1,
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
    let buckets = buckets(&m.daily);
    let per = match buckets.first().map(|b| b.unit) {
        Some(Unit::Week) => w.t("주별", "per week"),
        Some(Unit::Month) => w.t("월별", "per month"),
        _ => w.t("일별", "per day"),
    };
    let daily_chart = Chart {
        id: "daily".into(),
        alt: w.t(&format!("{per} 문의 건수와 매출"), &format!("Inquiries and revenue {per}")),
        kind: Kind::Daily(Daily {
            days: buckets.iter().map(|b| b.label.clone()).collect(),
            inquiries: buckets.iter().map(|b| b.inquiries as f64).collect(),
            revenue: cur.sales.revenue.map(|_| buckets.iter().map(|b| b.revenue.unwrap_or(0.0)).collect()),
            revenue_label: w.t("매출", "Revenue"),
            inquiries_label: w.t("문의", "Inquiries"),
            money: if cfg.currency == "KRW" { money_short_krw } else { money_short_other },
            ko,
        }),
    };
    let head = match buckets.first().map(|b| b.unit) {
        Some(Unit::Week) => ("주 (월요일)", "Week (Monday)"),
        Some(Unit::Month) => ("월", "Month"),
        _ => ("날짜", "Date"),
    };
    let daily_table = Table {
        key: 1,
        caption: None,
        head: w.all(&[head, ("문의", "Inquiries"), ("매출", "Revenue"), ("주문", "Orders")]),
        rows: buckets
            .iter()
            .map(|b| {
                row(vec![
                    cell(b.label.clone()),
                    num(f.int(b.inquiries)),
                    num(b.revenue.map_or(NONE.into(), |r| f.money_short(r))),
                    num(f.opt_int(b.orders)),
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
                key: 1,
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

#[derive(Clone, Copy, PartialEq)]
enum Unit {
    Day,
    Week,
    Month,
}

/// One row of the inquiries-against-sales table and chart.
struct Bucket {
    unit: Unit,
    label: String,
    inquiries: u64,
    revenue: Option<f64>,
    orders: Option<u64>,
}

/// The period's days as rows: days up to two months (`11/09`, with the year when the period
/// crosses one), then ISO weeks by their Monday up to a year, then calendar months — a two-year
/// range is 24 rows, not 731.
fn buckets(days: &[crate::metrics::Day]) -> Vec<Bucket> {
    use chrono::{Datelike, NaiveDate};
    let dates: Vec<NaiveDate> = days.iter().filter_map(|d| NaiveDate::parse_from_str(&d.date, "%Y-%m-%d").ok()).collect();
    let unit = match dates.len() {
        0..=62 => Unit::Day,
        63..=400 => Unit::Week,
        _ => Unit::Month,
    };
    let years = dates.first().map(|d| d.year()) != dates.last().map(|d| d.year());
    let mut out: Vec<Bucket> = Vec::new();
    for (d, date) in days.iter().zip(&dates) {
        let label = match unit {
            Unit::Day if years => date.format("%Y-%m-%d").to_string(),
            Unit::Day => date.format("%m/%d").to_string(),
            Unit::Week => (*date - chrono::Duration::days(date.weekday().num_days_from_monday() as i64)).to_string(),
            Unit::Month => date.format("%Y-%m").to_string(),
        };
        let revenue = d.revenue.map(|r| r.rounded());
        match out.last_mut().filter(|b| b.label == label) {
            Some(b) => {
                b.inquiries += d.inquiries;
                b.revenue = b.revenue.zip(revenue).map(|(a, r)| a + r).or(b.revenue).or(revenue);
                b.orders = b.orders.zip(d.orders).map(|(a, o)| a + o).or(b.orders).or(d.orders);
            }
            None => out.push(Bucket { unit, label, inquiries: d.inquiries, revenue, orders: d.orders }),
        }
    }
    out
}
