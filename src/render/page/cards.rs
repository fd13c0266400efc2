//! The headline cards at the top of the report.

use super::util::*;
use super::*;

/// Inquiries, revenue, the two ratios, first-response medians, CSAT and risk cases, each with
/// its change against the previous period coloured by whether the change is welcome.
pub(super) fn cards(cx: &Cx) -> Vec<Card> {
    let &Cx { m, ref w, ref f, cur, ref unit_label, ref prev_label, .. } = cx;
    let chg = |c: Option<f64>, up_is_good: bool| -> (Option<String>, &'static str) {
        let (t, d) = f.change(c);
        if c.is_none() {
            return (None, "flat");
        }
        (Some(format!("{t} {} {}", w.t("vs", "vs"), prev_label)), tone(d, up_is_good))
    };
    let change = m.previous.as_ref().and_then(|p| p.change.as_ref());
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
        label: w.t(&format!("{unit_label} 당 문의"), &format!("Inquiries per {unit_label}")),
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

    // a figure the data cannot give is no card (no box of "–")
    cards.retain(|c| c.value != NONE);
    cards
}
