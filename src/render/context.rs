//! The report as a page: one serializable [`Page`] filled by pure code from the metrics, the
//! config and the taxonomy, and rendered once by each template (HTML, e-mail). Every number is
//! formatted here; templates only lay it out. Customer text is masked here and escaped by the
//! templates (autoescape is on for `.html` templates).

use serde::Serialize;

use super::charts::{self, Chart, Daily, Ecdf, HBars, Kind};
use super::format::{Dir, Fmt, NONE};
use crate::config::{Config, Locale};
use crate::mask::mask;
use crate::metrics::ClassKey;
use crate::metrics::alerts::AlertKind;
use crate::metrics::response::{FirstResponse, ResponseStats};
use crate::period::Kind as PeriodKind;

/// How many masked example texts a risk shows.
const EXAMPLES_PER_RISK: usize = 3;

#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub lang: &'static str,
    pub title: String,
    pub subtitle: String,
    pub generated: String,
    pub cards: Vec<Card>,
    pub gate_failed: bool,
    pub gate_messages: Vec<String>,
    pub sections: Vec<Section>,
    pub footer: String,
    pub toc_label: String,
    /// Where the full report is (for the Markdown summary); set by the renderer.
    pub full_report: String,
    #[serde(skip)]
    pub charts: Vec<Chart>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Card {
    pub label: String,
    pub value: String,
    pub change: Option<String>,
    /// `good`, `bad` or `flat`: whether the change is welcome.
    pub tone: &'static str,
    pub sub: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub id: &'static str,
    pub num: Option<u8>,
    pub title: String,
    pub lead: Option<String>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub text: String,
    pub class: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub class: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub caption: Option<String>,
    pub head: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChartRef {
    pub id: String,
    pub alt: String,
    /// Inline SVG (HTML report only; `|safe` in the template: generated here, text escaped).
    pub svg: String,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Example {
    pub id: String,
    pub when: String,
    pub risk: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Story {
    pub tag: String,
    pub fact: String,
    pub action: String,
    pub impact: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Alert {
    pub kind: &'static str,
    pub badge: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Block {
    /// A chart with its numbers beside it (`stack`: below it, for wide tables).
    Figure {
        chart: ChartRef,
        table: Table,
        stack: bool,
    },
    Table {
        table: Table,
    },
    Examples {
        title: String,
        items: Vec<Example>,
    },
    Stories {
        head: [String; 3],
        items: Vec<Story>,
    },
    Alerts {
        items: Vec<Alert>,
    },
    /// Markdown notes already rendered to HTML with raw HTML escaped (`|safe` in templates).
    Notes {
        html: String,
    },
    Para {
        text: String,
    },
    Defs {
        items: Vec<(String, String)>,
    },
}

fn cell(text: impl Into<String>) -> Cell {
    Cell { text: text.into(), class: "" }
}
fn num(text: impl Into<String>) -> Cell {
    Cell { text: text.into(), class: "num" }
}
fn row(cells: Vec<Cell>) -> Row {
    Row { cells, class: "" }
}

/// Words in the report's language.
struct W {
    ko: bool,
}

impl W {
    fn t(&self, ko: &str, en: &str) -> String {
        if self.ko { ko.to_string() } else { en.to_string() }
    }
}

/// The page of one report, from what the renderers read ([`super::Inputs`]).
pub fn build(src: &super::Inputs) -> anyhow::Result<Page> {
    let cfg = src.cfg;
    let m = src.metrics;
    let ko = cfg.locale == Locale::Ko;
    let w = W { ko };
    let f = Fmt { locale: cfg.locale, currency: cfg.currency.clone() };
    let cur = &m.current;
    let prev = m.previous.as_ref().map(|p| &p.section);
    let prev_label = match m.period.kind {
        PeriodKind::Week => w.t("지난 주", "previous week"),
        PeriodKind::Month => w.t("지난 달", "previous month"),
        PeriodKind::Range => w.t("직전 기간", "previous period"),
    };
    let cur_label = match m.period.kind {
        PeriodKind::Week => w.t("이번 주", "this week"),
        PeriodKind::Month => w.t("이번 달", "this month"),
        PeriodKind::Range => w.t("이번 기간", "this period"),
    };
    let title = match m.period.kind {
        PeriodKind::Week => w.t(&format!("CS 주간 리포트 {}", m.period.id), &format!("Weekly CS report {}", m.period.id)),
        PeriodKind::Month => w.t(&format!("CS 월간 리포트 {}", m.period.id), &format!("Monthly CS report {}", m.period.id)),
        PeriodKind::Range => w.t(
            &format!("CS 리포트 {} ~ {}", m.period.start, m.period.end),
            &format!("CS report {} – {}", m.period.start, m.period.end),
        ),
    };
    let subtitle = format!("{} ~ {} · {}", m.period.start, m.period.end, m.period.timezone);
    let generated = format!("{} {}", w.t("생성", "Generated"), src.now.format("%Y-%m-%d %H:%M %:z"));
    let unit_label = unit_label(cfg, ko);

    let mut charts = Vec::new();
    let mut sections = Vec::new();

    // -------------------------------------------------------------- cards
    let chg = |c: Option<f64>, up_is_good: bool| -> (Option<String>, &'static str) {
        let (t, d) = f.change(c);
        if c.is_none() {
            return (None, "flat");
        }
        (Some(format!("{t} {} {}", w.t("vs", "vs"), prev_label)), tone(d, up_is_good))
    };
    let change = m.previous.as_ref().map(|p| &p.change);
    let mut cards = Vec::new();
    let (c, tone) = chg(change.and_then(|c| c.inquiries), false);
    cards.push(Card { label: w.t("문의", "Inquiries"), value: f.int(cur.inquiries.total), change: c, tone, sub: None });
    let (c, tone) = chg(change.and_then(|c| c.revenue), true);
    cards.push(Card {
        label: w.t("매출", "Revenue"),
        value: cur.sales.revenue.map_or(NONE.into(), |n| f.money_card(n.rounded())),
        change: c,
        tone,
        sub: None,
    });
    let (c, tone) = chg(change.and_then(|c| c.per_revenue_unit), false);
    cards.push(Card {
        label: format!("{} {}", unit_label, w.t("당 문의", "inquiries per")),
        value: f.dec(cur.inquiries.per_revenue_unit, 2),
        change: c,
        tone,
        sub: None,
    });
    let (c, tone) = chg(change.and_then(|c| c.per_100_orders), false);
    cards.push(Card {
        label: w.t("주문 100건당 문의", "Inquiries per 100 orders"),
        value: f.dec(cur.inquiries.per_100_orders, 1),
        change: c,
        tone,
        sub: None,
    });
    for (k, label) in [
        (&cur.first_response.simple, w.t("첫 응답 중앙값 · 단순 문의", "First response median · simple")),
        (&cur.first_response.revenue, w.t("첫 응답 중앙값 · 매출 문의", "First response median · revenue")),
    ] {
        cards.push(Card {
            label,
            value: f.opt_dur(k.median_s),
            change: None,
            tone: "flat",
            sub: k.within_target.map(|s| format!("{} {}", w.t("목표 이내", "within target"), f.pct(s))),
        });
    }
    if let Some(csat) = &cur.satisfaction.csat {
        let (c, tone) = chg(change.and_then(|c| c.csat_mean), true);
        cards.push(Card {
            label: "CSAT".into(),
            value: f.dec(csat.mean, 2),
            change: c,
            tone,
            sub: Some(format!("{} {}", f.int(csat.responses), w.t("응답", "responses"))),
        });
    }
    let risk_total: u64 = cur.risks.iter().map(|r| r.count).sum();
    cards.push(Card {
        label: w.t("리스크 접수", "Risk cases"),
        value: f.int(risk_total),
        change: None,
        tone: if risk_total > 0 { "bad" } else { "flat" },
        sub: None,
    });

    // -------------------------------------------------------------- 1 sales
    let pn = |v: Option<crate::metrics::Num>| v.map(|n| n.rounded());
    let cmp = |label: String, c: String, p: Option<String>, ch: Option<f64>, up_is_good: bool| -> Row {
        let (t, d) = f.change(ch);
        row(vec![cell(label), num(c), num(p.unwrap_or_else(|| NONE.into())), change_cell(t, d, up_is_good)])
    };
    let cmp_head = vec![w.t("지표", "Metric"), cur_label.clone(), prev_label.clone(), w.t("변화", "Change")];
    let mut blocks = Vec::new();
    if cur.sales.revenue.is_some() {
        blocks.push(Block::Table {
            table: Table {
                caption: None,
                head: cmp_head.clone(),
                rows: vec![
                    cmp(
                        w.t("매출", "Revenue"),
                        f.opt_money(pn(cur.sales.revenue)),
                        prev.map(|p| f.opt_money(pn(p.sales.revenue))),
                        change.and_then(|c| c.revenue),
                        true,
                    ),
                    cmp(
                        w.t("주문", "Orders"),
                        f.opt_int(cur.sales.orders),
                        prev.map(|p| f.opt_int(p.sales.orders)),
                        change.and_then(|c| c.orders),
                        true,
                    ),
                    cmp(
                        w.t("판매 수량", "Units"),
                        pn(cur.sales.units).map_or(NONE.into(), trim_num),
                        prev.map(|p| pn(p.sales.units).map_or(NONE.into(), trim_num)),
                        change.and_then(|c| c.units),
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
        head: vec![w.t("날짜", "Date"), w.t("문의", "Inquiries"), w.t("매출", "Revenue"), w.t("주문", "Orders")],
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

    // -------------------------------------------------------------- 2 inquiries vs sales
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
                head: cmp_head.clone(),
                rows: vec![
                    cmp(
                        w.t("문의 건수", "Inquiries"),
                        f.int(cur.inquiries.total),
                        prev.map(|p| f.int(p.inquiries.total)),
                        change.and_then(|c| c.inquiries),
                        false,
                    ),
                    cmp(
                        format!("{unit_label}{}", w.t("당 문의", " — inquiries per")),
                        f.dec(cur.inquiries.per_revenue_unit, 2),
                        prev.map(|p| f.dec(p.inquiries.per_revenue_unit, 2)),
                        change.and_then(|c| c.per_revenue_unit),
                        false,
                    ),
                    cmp(
                        w.t("주문 100건당 문의", "Inquiries per 100 orders"),
                        f.dec(cur.inquiries.per_100_orders, 1),
                        prev.map(|p| f.dec(p.inquiries.per_100_orders, 1)),
                        change.and_then(|c| c.per_100_orders),
                        false,
                    ),
                ],
            },
        }],
    });

    // -------------------------------------------------------------- 3 product groups
    let none_label = w.t("(상품 없음)", "(no product)");
    let groups = &cur.product_groups;
    let pg_chart = Chart {
        id: "product-groups".into(),
        alt: w.t("상품군별 문의 건수", "Inquiries per product group"),
        kind: Kind::HBars(HBars {
            labels: groups.iter().map(|g| g.group.clone().unwrap_or_else(|| none_label.clone())).collect(),
            current: groups.iter().map(|g| g.inquiries as f64).collect(),
            previous: None,
            notes: groups.iter().map(|g| f.int(g.inquiries)).collect(),
            legend: vec![],
        }),
    };
    let pg_table = Table {
        caption: None,
        head: vec![
            w.t("상품군", "Group"),
            w.t("문의", "Inquiries"),
            w.t("매출", "Revenue"),
            format!("{unit_label}{}", w.t("당", "")),
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

    // -------------------------------------------------------------- 4 top products
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
                            trim_num(p.returns.rounded())
                        )
                    })
                    .collect(),
                legend: vec![],
            }),
        };
        let tp_table = Table {
            caption: None,
            head: vec![
                "#".into(),
                w.t("상품", "Product"),
                w.t("매출", "Revenue"),
                w.t("수량", "Units"),
                w.t("문의", "Inquiries"),
                w.t("반품", "Returns"),
                w.t("반품률", "Return rate"),
            ],
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
                        num(trim_num(p.returns.rounded())),
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
                w.t(
                    &format!(
                        "상위 상품 중 문의가 가장 많은 상품: {name} ({}건, 반품률 {}).",
                        f.int(p.inquiries),
                        f.opt_pct(p.return_rate)
                    ),
                    &format!(
                        "Most asked-about top seller: {name} ({} inquiries, return rate {}).",
                        f.int(p.inquiries),
                        f.opt_pct(p.return_rate)
                    ),
                )
            },
        ),
        blocks: tp_blocks,
    });

    // -------------------------------------------------------------- 5 tags
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
    let unclassified = cur.inquiries.total.saturating_sub(top_level.iter().map(|&i| cur.tags[i].count).sum::<u64>());
    let mut tag_rows: Vec<Row> = Vec::new();
    for (i, t) in src.tax.tags.iter().enumerate() {
        let c = &cur.tags[i];
        let p = prev_tags.map(|pt| pt[i].count);
        let (ct, cd) = f.change(p.and_then(|p| crate::metrics::stats::change(Some(c.count as f64), Some(p as f64))));
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

    // -------------------------------------------------------------- 6 risks
    let prev_risks = prev.map(|p| &p.risks);
    let risk_chart = Chart {
        id: "risks".into(),
        alt: w.t("리스크 유형별 접수 건수", "Risk cases by type"),
        kind: Kind::HBars(HBars {
            labels: cur.risks.iter().map(|r| r.name.clone()).collect(),
            current: cur.risks.iter().map(|r| r.count as f64).collect(),
            previous: prev_risks.map(|p| p.iter().map(|r| r.count as f64).collect()),
            notes: cur.risks.iter().map(|r| f.int(r.count)).collect(),
            legend: if prev_risks.is_some() {
                vec![(cur_label.clone(), "blue".into()), (prev_label.clone(), "previous".into())]
            } else {
                vec![]
            },
        }),
    };
    let risk_table = Table {
        caption: None,
        head: vec![w.t("리스크", "Risk"), cur_label.clone(), prev_label.clone()],
        rows: cur
            .risks
            .iter()
            .enumerate()
            .map(|(i, r)| {
                row(vec![cell(r.name.clone()), num(f.int(r.count)), num(prev_risks.map_or(NONE.into(), |p| f.int(p[i].count)))])
            })
            .collect(),
    };
    let mut risk_blocks = vec![figure(&risk_chart, risk_table)?];
    charts.push(risk_chart);
    let mut examples = Vec::new();
    for (i, r) in cur.risks.iter().enumerate() {
        for ex in src.examples.get(i).into_iter().flatten().take(EXAMPLES_PER_RISK) {
            examples.push(Example {
                id: ex.id.to_string(),
                when: local_time(ex.created, cfg.timezone),
                risk: r.name.clone(),
                text: mask(&ex.text),
            });
        }
    }
    if !examples.is_empty() {
        risk_blocks.push(Block::Examples {
            title: w.t("접수 예시 (개인정보는 가려서 표시)", "Examples (personal data masked)"),
            items: examples,
        });
    }
    let ids: Vec<String> =
        cur.risks.iter().filter(|r| r.count > 0).map(|r| format!("{}: {}", r.name, r.conversation_ids.join(", "))).collect();
    if !ids.is_empty() {
        risk_blocks.push(Block::Defs {
            items: ids
                .into_iter()
                .map(|s| {
                    let (a, b) = s.split_once(": ").unwrap_or(("", ""));
                    (a.to_string(), b.to_string())
                })
                .collect(),
        });
    }
    sections.push(Section {
        id: "risks",
        num: Some(6),
        title: w.t("주요 리스크 유형별 접수 건수", "Risk cases by type"),
        lead: Some(if risk_total == 0 {
            w.t("이 기간에 접수된 리스크 건이 없습니다.", "No risk cases in this period.")
        } else {
            w.t(
                &format!("리스크 접수 {}건 — 가장 오래된 건부터 아래 대화 ID를 확인하세요.", f.int(risk_total)),
                &format!("{} risk cases — the conversation ids below, oldest first.", f.int(risk_total)),
            )
        }),
        blocks: risk_blocks,
    });

    // -------------------------------------------------------------- 7 first response
    let t = &cfg.report.targets;
    let ecdf = Chart {
        id: "first-response".into(),
        alt: w.t("첫 응답 시간 분포 (누적, 목표 표시)", "First-response time distribution (cumulative, targets marked)"),
        kind: Kind::Ecdf(Ecdf {
            series: m
                .response_delays
                .0
                .iter()
                .filter(|(k, _)| matches!(k, ClassKey::Simple | ClassKey::Revenue))
                .map(|(k, v)| (class_name(k.name(), ko), k.name().to_string(), v.clone()))
                .collect(),
            targets: [(ClassKey::Simple, t.simple), (ClassKey::Revenue, t.revenue)]
                .into_iter()
                .filter_map(|(k, v)| v.map(|v| (format!("{} {}", w.t("목표", "target"), f.dur(v)), k.name().to_string(), v)))
                .collect(),
            ko,
        }),
    };
    let fr_table = response_table(&cur.first_response, &w, &f, t, ko);
    let mut fr_blocks = vec![figure(&ecdf, fr_table)?];
    charts.push(ecdf);
    if let Some(b) = &cur.first_response_business {
        let mut table = response_table(b, &w, &f, t, ko);
        table.caption = Some(w.t("영업시간 기준 (휴일 제외)", "Counting business hours only (holidays excluded)"));
        fr_blocks.push(Block::Table { table });
    }
    let s = &cur.first_response.simple;
    let r = &cur.first_response.revenue;
    sections.push(Section {
        id: "first-response",
        num: Some(7),
        title: w.t("첫 응답 시간: 단순 문의 vs 매출 문의", "First response: simple vs revenue inquiries"),
        lead: Some(w.t(
            &format!(
                "단순 문의(배송 등) 중앙값 {}, 매출 문의(사이즈·재고 등) 중앙값 {}.",
                f.opt_dur(s.median_s),
                f.opt_dur(r.median_s)
            ),
            &format!(
                "Median first response: simple inquiries {}, revenue inquiries {}.",
                f.opt_dur(s.median_s),
                f.opt_dur(r.median_s)
            ),
        )),
        blocks: fr_blocks,
    });

    // -------------------------------------------------------------- 8 channels, segments, satisfaction
    let mut cs_blocks = Vec::new();
    for (rows, label) in [(&cur.channels, w.t("채널", "Channel")), (&cur.segments, w.t("고객 등급", "Segment"))] {
        if let Some(rows) = rows {
            cs_blocks.push(Block::Table {
                table: Table {
                    caption: None,
                    head: vec![
                        label,
                        w.t("문의", "Inquiries"),
                        w.t("비중", "Share"),
                        w.t("첫 응답 중앙값", "First response median"),
                    ],
                    rows: rows
                        .iter()
                        .map(|b| {
                            row(vec![
                                cell(b.value.clone().unwrap_or_else(|| w.t("(없음)", "(none)"))),
                                num(f.int(b.count)),
                                num(f.opt_pct(b.share)),
                                num(f.opt_dur(b.first_response_median_s)),
                            ])
                        })
                        .collect(),
                },
            });
        }
    }
    let sat = &cur.satisfaction;
    let psat = prev.map(|p| &p.satisfaction);
    let mut sat_rows = Vec::new();
    if let Some(c) = &sat.ces {
        sat_rows.push(row(vec![
            cell("CES (1–7)"),
            num(f.int(c.responses)),
            num(f.dec(c.mean, 2)),
            num(format!("{} {}", f.opt_pct(c.share_5_7), w.t("(5–7점)", "(5–7)"))),
            num(match (c.target, c.target_met) {
                (Some(tg), Some(true)) => format!("{} {tg} ✓", w.t("목표", "target")),
                (Some(tg), _) => format!("{} {tg} ✗", w.t("목표", "target")),
                _ => NONE.into(),
            }),
            num(psat.and_then(|p| p.ces.as_ref()).map_or(NONE.into(), |p| f.dec(p.mean, 2))),
        ]));
    }
    if let Some(c) = &sat.csat {
        sat_rows.push(row(vec![
            cell("CSAT (1–5)"),
            num(f.int(c.responses)),
            num(f.dec(c.mean, 2)),
            num(format!("{} {}", f.opt_pct(c.share_4_5), w.t("(4–5점)", "(4–5)"))),
            num(""),
            num(psat.and_then(|p| p.csat.as_ref()).map_or(NONE.into(), |p| f.dec(p.mean, 2))),
        ]));
    }
    if let Some(n) = &sat.nps {
        sat_rows.push(row(vec![
            cell("NPS (0–10)"),
            num(f.int(n.responses)),
            num(f.dec(n.score, 1)),
            num(""),
            num(""),
            num(psat.and_then(|p| p.nps.as_ref()).map_or(NONE.into(), |p| f.dec(p.score, 1))),
        ]));
    }
    if !sat_rows.is_empty() {
        cs_blocks.push(Block::Table {
            table: Table {
                caption: Some(w.t("고객 만족도", "Satisfaction")),
                head: vec![
                    w.t("지표", "Metric"),
                    w.t("응답", "Responses"),
                    w.t("평균/점수", "Mean / score"),
                    w.t("긍정 비율", "Top box"),
                    w.t("목표", "Target"),
                    prev_label.clone(),
                ],
                rows: sat_rows,
            },
        });
    }
    if let Some(c) = &cur.customers {
        cs_blocks.push(Block::Para {
            text: w.t(
                &format!(
                    "문의 고객 {}명 중 {}가 기간 내 2회 이상 문의했습니다 (첫 문의 해결률의 대리 지표).",
                    f.int(c.distinct),
                    f.opt_pct(c.repeat_share)
                ),
                &format!(
                    "{} of {} customers contacted us twice or more in the period (a first-contact-resolution proxy).",
                    f.opt_pct(c.repeat_share),
                    f.int(c.distinct)
                ),
            ),
        });
    }
    if cs_blocks.is_empty() {
        cs_blocks.push(Block::Para {
            text: w
                .t("채널·등급·만족도 열이 설정되지 않았습니다.", "No channel, segment or satisfaction columns are configured."),
        });
    }
    sections.push(Section {
        id: "channels",
        num: Some(8),
        title: w.t("채널·고객 등급·만족도", "Channels, segments and satisfaction"),
        lead: None,
        blocks: cs_blocks,
    });

    // -------------------------------------------------------------- alerts
    let alerts: Vec<Alert> = m
        .alerts
        .iter()
        .map(|a| Alert {
            kind: match a.kind {
                AlertKind::Spike => "spike",
                AlertKind::Dominance => "dominance",
                AlertKind::Coverage => "coverage",
                AlertKind::Gate => "gate",
            },
            badge: match a.kind {
                AlertKind::Spike => w.t("급증", "Spike"),
                AlertKind::Dominance => w.t("쏠림", "Dominance"),
                AlertKind::Coverage => w.t("미분류", "Coverage"),
                AlertKind::Gate => w.t("데이터", "Data"),
            },
            text: super::labels::alert_message(a, cfg.locale),
        })
        .collect();
    sections.push(Section {
        id: "alerts",
        num: None,
        title: w.t("알림", "Alerts"),
        lead: alerts
            .is_empty()
            .then(|| w.t("급증·쏠림·데이터 품질 알림이 없습니다.", "No spikes, dominance or data-quality alerts.")),
        blocks: if alerts.is_empty() { vec![] } else { vec![Block::Alerts { items: alerts }] },
    });

    // -------------------------------------------------------------- automation
    let stories: Vec<Story> = cur
        .automation
        .iter()
        .take(5)
        .map(|a| {
            let name = src.tax.tag_index(&a.tag).map(|i| src.tax.tags[i].path.clone()).unwrap_or_else(|| a.tag.clone());
            Story {
                tag: name.clone(),
                fact: w.t(
                    &format!("{name} 문의 {}건, 상담 {:.1}시간", f.int(a.count), a.agent_hours),
                    &format!("{} {name} inquiries took {:.1} agent hours", f.int(a.count), a.agent_hours),
                ),
                action: w.t(
                    &format!("FAQ·챗봇 자동응답으로 {}를 해결", f.pct(cfg.report.deflection_rate)),
                    &format!("answer {} with an FAQ or support bot", f.pct(cfg.report.deflection_rate)),
                ),
                impact: w.t(
                    &format!("기간당 {:.1}시간 절약 → 매출 문의 응답에 투입", a.hours_saved),
                    &format!("{:.1} hours saved per period, freed for revenue inquiries", a.hours_saved),
                ),
            }
        })
        .collect();
    sections.push(Section {
        id: "automation",
        num: None,
        title: w.t("자동화 후보", "Automation candidates"),
        lead: Some(w.t(
            &format!("단순 문의 유형을 건수 순으로: 상담 1건당 {}분 기준.", cfg.report.handle_minutes),
            &format!("Simple inquiry types by volume, at {} agent minutes per conversation.", cfg.report.handle_minutes),
        )),
        blocks: if stories.is_empty() {
            vec![Block::Para { text: w.t("이 기간에 단순 문의가 없습니다.", "No simple inquiries in this period.") }]
        } else {
            vec![Block::Stories {
                head: [w.t("사실", "Fact"), w.t("할 수 있는 일", "What we can do"), w.t("비즈니스 효과", "Business impact")],
                items: stories,
            }]
        },
    });

    // -------------------------------------------------------------- notes
    if let Some(md) = src.notes {
        sections.push(Section {
            id: "notes",
            num: None,
            title: w.t("노트 · 업계 동향", "Notes"),
            lead: None,
            blocks: vec![Block::Notes { html: markdown(md) }],
        });
    }

    // -------------------------------------------------------------- data quality
    let dq = &m.data_quality;
    let acc_rows = dq
        .inputs
        .iter()
        .map(|(k, a)| {
            row(vec![
                cell(match (k, ko) {
                    (crate::config::InputKind::Conversations, true) => "상담".to_string(),
                    (crate::config::InputKind::Messages, true) => "메시지".to_string(),
                    (crate::config::InputKind::Sales, true) => "매출".to_string(),
                    (crate::config::InputKind::Returns, true) => "반품".to_string(),
                    (k, false) => k.name().to_string(),
                }),
                num(f.int(a.rows_read)),
                num(f.int(a.rows_used)),
                num(f.int(a.rows_rejected)),
                num(f.int(a.duplicates)),
                num(f.int(a.out_of_period)),
                num(f.int(a.filtered)),
            ])
        })
        .collect();
    let mut dq_blocks = vec![Block::Table {
        table: Table {
            caption: Some(w.t(
                "입력별 행 집계: 읽음 = 사용 + 거부 + 중복 + 기간 외 + 제외",
                "Rows per input: read = used + rejected + duplicates + out of period + filtered",
            )),
            head: vec![
                w.t("입력", "Input"),
                w.t("읽음", "Read"),
                w.t("사용", "Used"),
                w.t("거부", "Rejected"),
                w.t("중복", "Duplicates"),
                w.t("기간 외", "Out of period"),
                w.t("제외", "Filtered"),
            ],
            rows: acc_rows,
        },
    }];
    let mut facts = vec![
        (w.t("미분류 비율", "Unclassified share"), f.opt_pct(dq.unclassified_share)),
        (w.t("응답 시각이 문의보다 빠른 건", "Responses before the question"), f.opt_int(dq.invalid_first_response)),
        (w.t("상품 연결 없는 문의", "Conversations without a product"), f.opt_int(dq.without_product)),
    ];
    let rejects_file = (!src.rejects.is_empty()).then(|| format!("{}.rejects.csv", m.period.id));
    if let Some(r) = &rejects_file {
        facts.push((w.t("거부된 행과 사유", "Rejected rows and reasons"), r.clone()));
    }
    dq_blocks.push(Block::Defs { items: facts });
    let gate_messages: Vec<String> = m.failed_gates().iter().map(|a| super::labels::alert_message(a, cfg.locale)).collect();
    sections.push(Section {
        id: "data-quality",
        num: None,
        title: w.t("데이터 품질", "Data quality"),
        lead: Some(if gate_messages.is_empty() {
            w.t("품질 기준을 모두 통과했습니다.", "Every data-quality gate passed.")
        } else {
            format!("{} {}", w.t("품질 기준 미달:", "Failed gates:"), gate_messages.join(" / "))
        }),
        blocks: dq_blocks,
    });

    // -------------------------------------------------------------- method
    sections.push(Section {
        id: "method",
        num: None,
        title: w.t("산출 방법", "How these numbers are computed"),
        lead: None,
        blocks: vec![Block::Defs { items: method(cfg, &w, &f, &unit_label) }],
    });

    Ok(Page {
        lang: if ko { "ko" } else { "en" },
        title,
        subtitle,
        generated,
        cards,
        gate_failed: !gate_messages.is_empty(),
        gate_messages,
        sections,
        footer: w.t(
            "voc로 생성 — 원본 수치는 같은 이름의 .json 파일에 있습니다.",
            "Made with voc — every number is also in the .json file of the same name.",
        ),
        toc_label: w.t("목차", "Contents"),
        full_report: String::new(),
        charts,
    })
}

fn figure(chart: &Chart, table: Table) -> anyhow::Result<Block> {
    let (width, height) = chart.size();
    let stack = table.head.len() > 5 || table.rows.len() > 12;
    Ok(Block::Figure {
        chart: ChartRef { id: chart.id.clone(), alt: chart.alt.clone(), svg: charts::svg(chart)?, width, height },
        table,
        stack,
    })
}

fn response_table(fr: &FirstResponse, w: &W, f: &Fmt, t: &crate::config::Targets, ko: bool) -> Table {
    let line = |k: &str, s: &ResponseStats, target: Option<f64>| {
        row(vec![
            cell(class_name(k, ko)),
            num(f.int(s.conversations)),
            num(f.opt_int(s.answered)),
            num(f.opt_int(s.unanswered)),
            num(f.opt_dur(s.median_s)),
            num(f.opt_dur(s.p90_s)),
            num(target.map_or(NONE.into(), |t| f.dur(t))),
            num(f.opt_pct(s.within_target)),
        ])
    };
    Table {
        caption: None,
        head: vec![
            w.t("구분", "Class"),
            w.t("문의", "Conv."),
            w.t("응답", "Answered"),
            w.t("미응답", "Unanswered"),
            w.t("중앙값", "Median"),
            "p90".into(),
            w.t("목표", "Target"),
            w.t("목표 이내", "Within"),
        ],
        rows: vec![
            line("simple", &fr.simple, t.simple),
            line("revenue", &fr.revenue, t.revenue),
            line("other", &fr.other, t.other),
            line("unclassified", &fr.unclassified, t.unclassified),
            line("all", &fr.all, t.all),
        ],
    }
}

fn method(cfg: &Config, w: &W, f: &Fmt, unit_label: &str) -> Vec<(String, String)> {
    let t = &cfg.report.targets;
    let target = |v: Option<f64>| v.map_or(w.t("없음", "none"), |v| f.dur(v));
    let mut items = vec![
        (w.t("기간", "Period"), w.t(&format!("{} 기준 자정부터 자정까지, 문의 생성 시각 기준. 매출·반품은 각자의 일시 기준.", cfg.timezone.name()), &format!("Local midnight to midnight in {}, by conversation creation time; sales and returns by their own dates.", cfg.timezone.name()))),
        (w.t("매출 대비 문의", "Inquiries against sales"), w.t(&format!("문의 수 ÷ (매출 ÷ {}) = {unit_label}당 문의; 100 × 문의 ÷ 주문 수 = 주문 100건당 문의.", f.int(cfg.revenue_unit as u64)), &format!("inquiries ÷ (revenue ÷ {}) per {unit_label}; 100 × inquiries ÷ distinct orders per 100 orders.", f.int(cfg.revenue_unit as u64)))),
        (w.t("문의 유형", "Inquiry types"), w.t("대화마다 태그 하나: 상담원이 단 태그가 우선, 없으면 키워드 규칙(우선순위 → 깊이 → 파일 순서). 상위 유형은 하위 유형을 포함합니다.", "One tag per conversation: the agents' own tag first, else keyword rules (priority, then depth, then file order). A parent counts its children.")),
        (w.t("첫 응답 시간", "First response"), w.t(&format!("첫 (상담원) 응답 − 문의 생성. 중앙값·p90은 선형 보간(numpy 기본값). 목표: 단순 {}, 매출 {}.", target(t.simple), target(t.revenue)), &format!("First (agent) response − creation; medians and p90 by linear interpolation (numpy's default). Targets: simple {}, revenue {}.", target(t.simple), target(t.revenue)))),
        (w.t("만족도", "Satisfaction"), w.t("CES 1–7 평균과 5–7점 비율, CSAT 1–5 평균과 4–5점 비율, NPS = 100 × (9–10점 비율 − 0–6점 비율).", "CES 1–7 mean and share 5–7; CSAT 1–5 mean and share 4–5; NPS = 100 × (share 9–10 − share 0–6).")),
        (w.t("급증 알림", "Spike alerts"), w.t(&format!("하루 건수 ≥ {}이고 > m + 3√m (m = 직전 {}일 하루 평균).", cfg.report.spike_min_count, cfg.report.spike_baseline_days), &format!("A tag-day with count ≥ {} and > m + 3√m, m its daily mean over the {} days before.", cfg.report.spike_min_count, cfg.report.spike_baseline_days))),
        (w.t("자동화 효과", "Automation"), w.t(&format!("상담 시간 = 건수 × {}분; 절약 = 상담 시간 × {}.", cfg.report.handle_minutes, f.pct(cfg.report.deflection_rate)), &format!("Agent hours = count × {} min; saved = agent hours × {}.", cfg.report.handle_minutes, f.pct(cfg.report.deflection_rate)))),
        (w.t("품질 기준", "Quality gates"), w.t(&format!("입력별 거부 행 비율 ≤ {}, 미분류 비율 ≤ {}.", f.pct(cfg.report.max_rejected_share), f.pct(cfg.report.max_unclassified_share)), &format!("Rejected rows per input ≤ {}; unclassified ≤ {}.", f.pct(cfg.report.max_rejected_share), f.pct(cfg.report.max_unclassified_share)))),
    ];
    if let Some(bh) = &cfg.report.business_hours {
        let days: Vec<String> = bh.days.iter().map(|d| weekday(*d, w.ko)).collect();
        items.insert(
            4,
            (
                w.t("영업시간", "Business hours"),
                w.t(
                    &format!(
                        "{} {}–{} ({}), 휴일 {}일 제외: 영업시간 안의 시간만 셉니다.",
                        days.join("·"),
                        bh.start.format("%H:%M"),
                        bh.end.format("%H:%M"),
                        cfg.timezone.name(),
                        bh.holidays.len()
                    ),
                    &format!(
                        "{} {}–{} ({}), {} holidays excluded: only time inside business hours counts.",
                        days.join(", "),
                        bh.start.format("%H:%M"),
                        bh.end.format("%H:%M"),
                        cfg.timezone.name(),
                        bh.holidays.len()
                    ),
                ),
            ),
        );
    }
    items
}

/// Markdown with raw HTML shown as text, never passed through.
pub fn markdown(md: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, html};
    let parser = Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).map(|e| match e {
        Event::Html(s) | Event::InlineHtml(s) => Event::Text(s),
        Event::Start(pulldown_cmark::Tag::Link { link_type, dest_url, title, id }) if !safe_url(&dest_url) => {
            Event::Start(pulldown_cmark::Tag::Link { link_type, dest_url: "#".into(), title, id })
        }
        Event::Start(pulldown_cmark::Tag::Image { link_type, dest_url, title, id }) if !safe_url(&dest_url) => {
            Event::Start(pulldown_cmark::Tag::Image { link_type, dest_url: "#".into(), title, id })
        }
        e => e,
    });
    let mut out = String::new();
    html::push_html(&mut out, parser);
    out
}

fn safe_url(u: &str) -> bool {
    let l = u.trim().to_ascii_lowercase();
    l.starts_with("https://") || l.starts_with("http://") || l.starts_with("mailto:") || l.starts_with('#')
}

/// Whether a change is welcome: `good`, `bad` or `flat` (more inquiries are bad, more
/// revenue is good). Cards and tables colour by this, never by the sign alone.
fn tone(d: Dir, up_is_good: bool) -> &'static str {
    match (d, up_is_good) {
        (Dir::Flat, _) => "flat",
        (Dir::Up, true) | (Dir::Down, false) => "good",
        _ => "bad",
    }
}

/// A table cell showing a change, classed by its [`tone`].
fn change_cell(text: String, d: Dir, up_is_good: bool) -> Cell {
    let class = match tone(d, up_is_good) {
        "good" => "num good",
        "bad" => "num bad",
        _ => "num",
    };
    Cell { text, class }
}

fn class_name(k: &str, ko: bool) -> String {
    match (k, ko) {
        ("simple", true) => "단순 문의".into(),
        ("revenue", true) => "매출 문의".into(),
        ("other", true) => "기타 문의".into(),
        ("unclassified", true) => "미분류".into(),
        ("all", true) => "전체".into(),
        ("simple", false) => "Simple".into(),
        ("revenue", false) => "Revenue".into(),
        ("other", false) => "Other".into(),
        ("unclassified", false) => "Unclassified".into(),
        ("all", false) => "All".into(),
        (k, _) => k.to_string(),
    }
}

fn weekday(d: chrono::Weekday, ko: bool) -> String {
    use chrono::Weekday::*;
    let i = d.num_days_from_monday() as usize;
    if ko {
        ["월", "화", "수", "목", "금", "토", "일"][i].to_string()
    } else {
        [Mon, Tue, Wed, Thu, Fri, Sat, Sun][i].to_string()
    }
}

fn short_class(k: &str, ko: bool) -> String {
    match (k, ko) {
        ("simple", true) => "단순".into(),
        ("revenue", true) => "매출".into(),
        ("other", true) => "기타".into(),
        ("unclassified", true) => "미분류".into(),
        _ => class_name(k, ko),
    }
}

fn unit_label(cfg: &Config, ko: bool) -> String {
    let u = cfg.revenue_unit;
    match (cfg.currency.as_str(), ko) {
        ("KRW", true) if u == 1_000_000.0 => "매출 100만원".into(),
        ("KRW", true) if u == 100_000_000.0 => "매출 1억원".into(),
        (c, true) => format!("매출 {} {c}", super::format::thousands(u as i64)),
        (c, false) => format!("{} {c} of revenue", super::format::thousands(u as i64)),
    }
}

fn short_date(d: &str) -> String {
    // 2026-11-09 → 11/09
    d.get(5..).map(|s| s.replace('-', "/")).unwrap_or_else(|| d.to_string())
}

fn short_id(id: &str) -> String {
    if id.chars().count() > 14 { format!("{}…", id.chars().take(12).collect::<String>()) } else { id.to_string() }
}

fn trim_num(v: f64) -> String {
    if v.fract() == 0.0 { super::format::thousands(v as i64) } else { format!("{v:.2}") }
}

fn local_time(ms: i64, tz: chrono_tz::Tz) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.with_timezone(&tz).format("%m/%d %H:%M").to_string())
        .unwrap_or_default()
}

fn money_short_krw(v: f64, ko: bool) -> String {
    Fmt { locale: if ko { Locale::Ko } else { Locale::En }, currency: "KRW".into() }.money_short(v)
}

fn money_short_other(v: f64, _ko: bool) -> String {
    Fmt { locale: Locale::En, currency: String::new() }.money_short(v).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_never_pass_raw_html_or_script_links() {
        let h = markdown(
            "## 업계 동향\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) **굵게** <img src=x onerror=alert(1)>",
        );
        assert!(h.contains("<h2>업계 동향</h2>"));
        assert!(h.contains("<strong>굵게</strong>"));
        assert!(!h.contains("<script>") && !h.contains("<img"), "{h}");
        assert!(h.contains("&lt;script&gt;"));
        assert!(!h.contains("javascript:"), "{h}");
    }
}
