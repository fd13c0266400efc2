//! Section 8: 매출로 이어진 문의 — did the answer sell (docs/metrics.md `conversion`): the share of
//! conversations followed by an order of the same customer, by first-response time, revenue
//! inquiries beside simple ones, and the estimate of what late answers missed.

use super::util::*;
use super::*;
use crate::config::Field;
use crate::metrics::conversion::{Block as Outcome, ClassConversion, Conversion, MIN_KNOWN};
use crate::metrics::response::BUCKETS;

const ID: &str = "conversion";

/// A bucket as the report names it.
fn bucket_label(b: &str, w: &W) -> String {
    match b {
        "le_5m" => w.t("5분 이내", "≤ 5 min"),
        "le_30m" => w.t("5–30분", "5–30 min"),
        "le_4h" => w.t("30분–4시간", "30 min–4 h"),
        "le_24h" => w.t("4–24시간", "4–24 h"),
        "gt_24h" => w.t("24시간 초과", "> 24 h"),
        "unanswered" => w.t("미응답", "Unanswered"),
        _ => w.t("응답 시각 이상", "Implausible"),
    }
}

/// The revenue of a population's orders, or — when none of it is known.
fn money(o: &Outcome, f: &Fmt) -> String {
    if o.conversations == o.pending { NONE.into() } else { f.money(o.revenue.rounded()) }
}

/// A bar's note: "42.1% (38)", the share and how many it is of; — when none is known.
fn note(o: &Outcome, f: &Fmt) -> String {
    let known = o.conversations - o.pending;
    if known == 0 { NONE.into() } else { format!("{} ({})", f.opt_pct(o.share), f.int(known)) }
}

/// "42.1% (16/38)": converted of the known, or — when none is known.
fn share(o: &Outcome, f: &Fmt) -> String {
    let known = o.conversations - o.pending;
    if known == 0 { NONE.into() } else { format!("{} ({}/{})", f.opt_pct(o.share), f.int(o.converted), f.int(known)) }
}

pub(super) fn sections(cx: &Cx, charts: &mut Vec<Chart>) -> anyhow::Result<Vec<Section>> {
    let (w, f) = (&cx.w, &cx.f);
    let title = w.t("매출로 이어진 문의: 답변 속도와 주문", "Did the answer sell: response time and orders");
    let Some(c) = &cx.m.conversion else {
        return Ok(unmapped(cx)
            .map(|lead| Section { id: ID, num: Some(8), title, lead: Some(lead), blocks: Vec::new() })
            .into_iter()
            .collect());
    };
    let window = f.dur(c.window_s);
    let (rv, sm) = (&c.revenue.block, &c.simple.block);
    let n = f.int(c.all.block.conversations);
    let mut lead = vec![w.t(
        &format!("고객 ID가 있는 문의 {n}건 중, 같은 고객의 주문이 {window} 안에 있었던 비율: 매출 문의 {}, 단순 문의 {}.", share(rv, f), share(sm, f)),
        &format!(
            "Of {n} conversations with a customer id, the share followed by an order of the same customer within {window}: revenue inquiries {}, simple inquiries {}.",
            share(rv, f),
            share(sm, f)
        ),
    )];
    if c.all.block.pending > 0 {
        let p = f.int(c.all.block.pending);
        lead.push(w.t(
            &format!("기간 끝의 {p}건은 그 뒤 {window}의 주문 데이터가 아직 없어 결과를 모릅니다 (비율에서 제외)."),
            &format!("{p} conversations at the end are pending: the sales data does not yet cover their {window} (left out of the shares)."),
        ));
    }
    let mut blocks: Vec<Block> = by_response(cx, c, charts)?.into_iter().collect();
    for (k, cc) in [("revenue", &c.revenue), ("simple", &c.simple)] {
        blocks.extend(missed(cx, k, cc).map(|text| Block::Para { text }));
    }
    Ok(vec![Section { id: ID, num: Some(8), title, lead: Some(lead.join(" ")), blocks }])
}

/// Without conversion: why — the customer ids do not match, or what to map — in one sentence
/// (nothing when there are no sales at all: the report says so elsewhere).
fn unmapped(cx: &Cx) -> Option<String> {
    let (cfg, w) = (cx.cfg, &cx.w);
    if let Some(a) = cx.m.alerts.iter().find(|a| a.kind == crate::metrics::alerts::AlertKind::CustomerIds) {
        let text = crate::render::labels::alert_message(a, cfg.locale);
        let mut cs = text.chars();
        return Some(cs.next().map(|c| c.to_uppercase().chain(cs).collect::<String>() + ".").unwrap_or_default());
    }
    let sales = cfg.inputs.sales.as_ref()?;
    if !cfg.inputs.conversations_map(Field::CustomerId) {
        Some(w.t(
            "문의 데이터에 고객 ID가 없어 문의 뒤의 주문을 찾을 수 없습니다: inputs.conversations.columns.customer_id 에 고객 ID 열을 매핑하세요.",
            "The conversations carry no customer id, so no order can be matched to them: map inputs.conversations.columns.customer_id.",
        ))
    } else if !sales.maps(Field::CustomerId) {
        Some(w.t(
            "주문 데이터에 고객 ID가 없어 문의 뒤의 주문을 찾을 수 없습니다: inputs.sales.columns.customer_id 에 주문자(회원) ID 열을 매핑하세요 (없으면 주문번호로 고객을 잇는 join).",
            "The sales carry no customer id, so no order can be matched to a conversation: map inputs.sales.columns.customer_id to the buyer's id (or join it by order id).",
        ))
    } else {
        None
    }
}

/// Revenue inquiries beside simple ones, per first-response bucket: a chart and its table (in
/// the mail, its three key columns).
fn by_response(cx: &Cx, c: &Conversion, charts: &mut Vec<Chart>) -> anyhow::Result<Option<Block>> {
    let (w, f, ko) = (&cx.w, &cx.f, cx.ko);
    let (Some(rb), Some(sb), Some(ab)) = (&c.revenue.by_first_response, &c.simple.by_first_response, &c.all.by_first_response)
    else {
        return Ok(None);
    };
    // the buckets with a known outcome (a bucket of pending conversations only says nothing yet)
    let shown: Vec<usize> = (0..BUCKETS.len()).filter(|&i| ab.0[i].conversations > ab.0[i].pending).collect();
    let pct = |o: &Outcome| o.share.unwrap_or(0.0) * 100.0;
    let chart = Chart {
        id: "conversion".into(),
        alt: w.t(
            "첫 응답 시간별 주문 전환율: 매출 문의와 단순 문의",
            "Share converted by first-response time: revenue and simple inquiries",
        ),
        kind: Kind::HBars(HBars {
            labels: shown.iter().map(|&i| bucket_label(BUCKETS[i], w)).collect(),
            current: shown.iter().map(|&i| pct(&rb.0[i])).collect(),
            previous: Some(shown.iter().map(|&i| pct(&sb.0[i])).collect()),
            notes: shown.iter().map(|&i| format!("{} · {}", note(&rb.0[i], f), note(&sb.0[i], f))).collect(),
            legend: vec![(class_name("revenue", ko), "blue".into()), (class_name("simple", ko), "previous".into())],
        }),
    };
    let line = |label: String, r: &Outcome, s: &Outcome, a: &Outcome| {
        vec![cell(label), num(share(r, f)), num(share(s, f)), num(share(a, f)), num(money(r, f)), num(money(s, f))]
    };
    let mut rows: Vec<Row> =
        shown.iter().map(|&i| row(line(bucket_label(BUCKETS[i], w), &rb.0[i], &sb.0[i], &ab.0[i]))).collect();
    rows.push(Row { cells: line(w.t("전체", "All"), &c.revenue.block, &c.simple.block, &c.all.block), class: "total" });
    let window = f.dur(c.window_s);
    let (rn, sn) = (class_name("revenue", ko), class_name("simple", ko));
    let table = Table {
        key: 3,
        caption: Some(w.t(
            &format!("첫 응답 시간별 주문 전환율 (전환/결과를 아는 문의)과 그 주문의 매출 ({window} 안)"),
            &format!("By first-response time: converted (of those known) and the revenue of those orders (within {window})"),
        )),
        head: vec![
            w.t("첫 응답", "First response"),
            rn.clone(),
            sn.clone(),
            w.t("전체", "All"),
            format!("{rn} {}", w.t("매출", "revenue")),
            format!("{sn} {}", w.t("매출", "revenue")),
        ],
        rows,
    };
    let known = |o: &Outcome| o.conversations - o.pending;
    if known(&c.revenue.block) + known(&c.simple.block) == 0 {
        return Ok(Some(Block::Table { table }));
    }
    let block = figure(&chart, table)?;
    charts.push(chart);
    Ok(Some(block))
}

/// The estimate of what a class's late answers missed, in one sentence, labelled as one; or
/// why there is none.
fn missed(cx: &Cx, k: &str, cc: &ClassConversion) -> Option<String> {
    let (w, f, ko) = (&cx.w, &cx.f, cx.ko);
    let ms = cc.missed.as_ref()?;
    let key = if k == "revenue" { ClassKey::Revenue } else { ClassKey::Simple };
    let target = crate::metrics::response::target(&cx.cfg.report.targets, Some(key))?;
    let (name, t) = (class_name(k, ko), f.dur(target));
    let (name_en, shares) = (
        if k == "revenue" { "revenue inquiries" } else { "simple inquiries" },
        (f.opt_pct(ms.fast_share), f.opt_pct(ms.slow_share)),
    );
    let (Some(n), Some(v)) = (ms.conversions, ms.revenue) else {
        let (fast, slow) = (f.int(ms.fast), f.int(ms.slow));
        return Some(w.t(
            &format!("{name}: 목표({t}) 안에 답한 문의 {fast}건, 늦거나 답하지 못한 문의 {slow}건 — 둘 다 {MIN_KNOWN}건 이상일 때만 늦은 답변으로 놓친 주문을 추정합니다."),
            &format!("{name}: {fast} answered within the target ({t}), {slow} after it or not at all — the orders late answers missed are estimated only with {MIN_KNOWN} or more in each."),
        ));
    };
    Some(if n > 0.0 {
        let (n, v) = (f.dec(Some(n), 0), f.money(v.rounded()));
        w.t(
            &format!(
                "추정: {name} 중 목표({t}) 안에 답한 문의는 {}, 늦거나 답하지 못한 문의는 {}가 주문으로 이어졌습니다. 늦은 문의가 같은 비율로 이어졌다면 약 {n}건(매출 {v})이 더 주문으로 이어졌을 것입니다. 빠른 답변과 구매가 같은 원인(재고가 있는 상품 등)을 가질 수 있어 인과가 아닌 추정입니다.",
                shares.0, shares.1
            ),
            &format!(
                "Estimate: {} of the {name_en} answered within the target ({t}) converted, {} of those answered after it or not at all. Had the late ones converted at the same rate, about {n} more would have led to an order (revenue {v}). Fast answers and sales may share causes (an item in stock, say): an estimate, not a cause.",
                shares.0, shares.1
            ),
        )
    } else {
        w.t(
            &format!("{name}: 목표({t})를 넘긴 문의의 전환율({})이 목표 안의 전환율({})보다 낮지 않아, 늦은 답변으로 놓친 주문은 추정되지 않습니다.", shares.1, shares.0),
            &format!("{name}: those answered after the target ({t}) converted no less ({}) than those within it ({}), so no missed orders are estimated.", shares.1, shares.0),
        )
    })
}
