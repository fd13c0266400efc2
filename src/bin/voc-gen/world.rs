//! The simulation: conversations, orders and returns day by day.

use std::fmt::Write as _;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};

use super::*;

// ---------------------------------------------------------------------------------------------
// Output

pub(crate) struct Conv {
    pub(crate) id: String,
    pub(crate) at: NaiveDateTime,
    pub(crate) response: Option<NaiveDateTime>,
    pub(crate) channel: &'static str,
    pub(crate) customer: String,
    /// Why the customer wrote (the buyers pass: revenue questions answered fast become orders).
    pub(crate) kind: T,
    pub(crate) segment: &'static str,
    pub(crate) product: Option<&'static str>,
    pub(crate) order: Option<String>,
    pub(crate) title: String,
    pub(crate) body: String,
    pub(crate) tags: String,
    pub(crate) ces: Option<u32>,
    pub(crate) csat: Option<u32>,
    pub(crate) nps: Option<u32>,
}

pub(crate) const CHANNELS: &[(&str, f64)] =
    &[("채널톡", 52.0), ("카카오톡", 26.0), ("이메일", 10.0), ("인스타그램", 6.0), ("네이버톡톡", 6.0)];

pub(crate) struct World {
    pub(crate) lines: Vec<Line>,
    pub(crate) returns: Vec<Ret>,
    pub(crate) convs: Vec<Conv>,
}

impl World {
    /// What was written where.
    pub(crate) fn report(&self, out: &std::path::Path) {
        println!(
            "wrote {} conversations, {} order lines, {} returns under {}",
            self.convs.len(),
            self.lines.len(),
            self.returns.len(),
            out.display()
        );
    }
}

pub(crate) fn simulate(seed: u64, start: NaiveDate, days: i64, convs_per_day: f64, lines_per_day: f64, bench: bool) -> World {
    let mut r = Rng(seed);
    let hol = if bench { Vec::new() } else { holidays() };
    let end = start + Duration::days(days);
    let mut lines: Vec<Line> = Vec::new();
    let mut returns = Vec::new();
    let mut convs = Vec::new();
    // recent orders a conversation can be about: (order id, product index, time)
    let mut recent: Vec<(String, usize, NaiveDateTime)> = Vec::new();
    let ncustomers = ((convs_per_day * days as f64) / 2.2).max(50.0) as usize;
    let mut conv_seq = 0usize;
    for di in 0..days {
        let d = start + Duration::days(di);
        let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        // ---- sales
        let weights = sales_day(&mut r, d, di, end, bench, lines_per_day, (&mut lines, &mut returns, &mut recent));
        // keep ~10 days of orders to talk about
        let horizon = d.and_time(NaiveTime::MIN) - Duration::days(10);
        recent.retain(|(_, _, t)| *t >= horizon);
        if bench {
            recent.sort_by_key(|x| x.2);
        }

        // ---- conversations
        let mut n = (convs_per_day * if weekend { 0.5 } else { 1.0 } * (0.9 + 0.2 * r.f())) as usize;
        let spike_day = !bench && d == NaiveDate::from_ymd_opt(2026, 11, 11).expect("date");
        if spike_day {
            n += 22;
        }
        let season = if bench { 0.0 } else { di as f64 / days as f64 };
        let mix: Vec<f64> = MIX
            .iter()
            .map(|(t, w)| match t {
                T::Size | T::Stock => w * (0.8 + 0.5 * season),
                _ => *w,
            })
            .collect();
        for k in 0..n {
            conv_seq += 1;
            let t = if spike_day && k < 22 { T::Defect } else { MIX[r.weighted(&mix)].0 };
            let at = time_in_day(&mut r, d);
            let about_order =
                matches!(t, T::Before | T::After | T::Exchange | T::Return | T::Refund | T::Defect | T::PayError | T::Receipt)
                    || (t == T::None && r.chance(0.3));
            let (mut product, mut order) = (None, None);
            if spike_day && k < 22 {
                product = Some(0);
            } else if about_order && recent_before(&recent, at, bench) > 0 {
                let (o, p, _) = if bench {
                    // `recent` is sorted by time in bench mode: pick among the first k
                    recent[r.below(recent_before(&recent, at, bench))].clone()
                } else {
                    let earlier: Vec<&(String, usize, NaiveDateTime)> = recent.iter().filter(|(_, _, t)| *t < at).collect();
                    (*r.pick(&earlier)).clone()
                };
                if r.chance(0.8) {
                    order = Some(o);
                }
                if order.is_none() || r.chance(0.6) {
                    product = Some(p);
                }
            } else if matches!(t, T::Size | T::Stock | T::Promo) || r.chance(0.25) {
                product = Some(r.weighted(&weights));
            }
            let pname = product.map_or("상품", |p| PRODUCTS[p].name);
            let (title, body) = title_and_body(t, &mut r, pname, order.as_deref());
            let body = dress(&mut r, body, (spike_day && k < 22).then_some(k));
            // customers: a few come back several times
            let cust = if r.chance(0.25) { r.below(ncustomers / 20 + 1) } else { r.below(ncustomers) };
            let customer = format!("U{:06}", 100000 + cust * 7 % 900000);
            let segment = if cust % 9 == 0 { "VIP" } else { "일반" };
            let channel = CHANNELS[r.weighted(&CHANNELS.iter().map(|c| c.1).collect::<Vec<_>>())].0;
            let (response, ces, csat, nps) = answer(&mut r, at, t, &hol);
            let names = manual_names(t);
            let tags = if !names.is_empty() && r.chance(0.35) {
                let v = r.pick(names).to_string();
                if r.chance(0.15) { format!("VIP응대, {v}") } else { v }
            } else if r.chance(0.03) {
                "확인중".to_string()
            } else {
                String::new()
            };
            convs.push(Conv {
                id: format!("CH-{}-{:05}", d.format("%y%m%d"), conv_seq),
                at,
                response,
                channel,
                customer,
                kind: t,
                segment,
                product: product.map(|p| PRODUCTS[p].code),
                order,
                title,
                body,
                tags,
                ces,
                csat,
                nps,
            });
        }
    }
    convs.sort_by(|a, b| a.at.cmp(&b.at).then(a.id.cmp(&b.id)));
    lines.sort_by(|a, b| a.at.cmp(&b.at).then(a.order.cmp(&b.order)));
    returns.sort_by(|a, b| a.at.cmp(&b.at).then(a.order.cmp(&b.order)));
    buyers(seed, &mut lines, &convs);
    World { lines, returns, convs }
}

/// Who placed each order, decided after the simulation with a random stream of its own (every
/// other byte of the fixtures stays as it was): some customers order within three days of
/// writing, more often after a size or stock question answered fast (seed 000: a question
/// answered in a minute becomes an order, in thirty it does not); the other orders go to
/// shoppers who never wrote, and a few to customers who wrote long before.
fn buyers(seed: u64, lines: &mut [Line], convs: &[Conv]) {
    let mut r = Rng(seed ^ 0x5eed_b0b5);
    // the orders, each a run of lines (lines are sorted by time, then order)
    let mut orders: Vec<(NaiveDateTime, usize, usize)> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        match orders.last_mut() {
            Some(o) if lines[o.1].order == l.order => o.2 = i + 1,
            _ => orders.push((l.at, i, i + 1)),
        }
    }
    let mut taken = vec![false; orders.len()];
    for c in convs {
        let waited = c.response.map_or(f64::INFINITY, |x| (x - c.at).num_seconds() as f64 / 60.0);
        let p = match c.kind {
            T::Size | T::Stock | T::Promo => match waited {
                w if w <= 5.0 => 0.45,
                w if w <= 30.0 => 0.32,
                w if w <= 240.0 => 0.2,
                _ => 0.1,
            },
            T::Before | T::After | T::Receipt | T::PayError => 0.12,
            _ => 0.05,
        };
        if !r.chance(p) {
            continue;
        }
        // the first order not yet anyone's at or after a moment of the next three days
        let at = c.at + Duration::minutes(1 + (r.f() * r.f() * 72.0 * 60.0) as i64);
        let from = orders.partition_point(|o| o.0 < at);
        if let Some(k) = (from..orders.len()).take(50).find(|&k| !taken[k]) {
            if orders[k].0 <= c.at + Duration::hours(72) {
                taken[k] = true;
                let (_, a, b) = orders[k];
                lines[a..b].iter_mut().for_each(|l| l.customer = c.customer.clone());
            }
        }
    }
    for (k, &(_, a, b)) in orders.iter().enumerate() {
        if !taken[k] {
            let who = if r.chance(0.1) && !convs.is_empty() {
                convs[r.below(convs.len())].customer.clone()
            } else {
                format!("M{:07}", r.below(9_000_000) + 1_000_000)
            };
            lines[a..b].iter_mut().for_each(|l| l.customer = who.clone());
        }
    }
}

/// A conversation's text with what is planted in it: the spike day's defect (some with a recall
/// or agency risk), a risk line now and then, contact details to be masked.
fn dress(r: &mut Rng, mut body: String, spike: Option<usize>) -> String {
    if let Some(k) = spike {
        body = format!("{} 산 지 2주 만에 밑창이 떨어졌어요. 불량 아닌가요?", PRODUCTS[0].name);
        if k % 5 == 0 {
            body.push_str(" 다른 분들도 그렇다는데 리콜 안 하나요?");
        }
        if k == 7 {
            body.push_str(" 답 없으면 소비자원에 신고할게요.");
        }
    } else if r.chance(0.012) {
        body = format!("{body} {}", r.pick(RISK_LINES));
    }
    if r.chance(0.03) {
        let phone = format!("010-{:04}-{:04}", 1000 + r.below(9000), r.below(10000));
        let _ = write!(body, " 연락처 {phone} 로 전화 주세요");
    } else if r.chance(0.02) {
        let _ = write!(body, " 답장은 user{}@example.com 으로 주세요", r.below(900) + 100);
    }
    body
}

/// One day's order lines (and the returns they will have), added to `out`; the products'
/// weights of that day.
fn sales_day(
    r: &mut Rng,
    d: NaiveDate,
    di: i64,
    end: NaiveDate,
    bench: bool,
    lines_per_day: f64,
    (lines, returns, recent): (&mut Vec<Line>, &mut Vec<Ret>, &mut Vec<(String, usize, NaiveDateTime)>),
) -> Vec<f64> {
    let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
    let trend = if bench { 1.0 } else { 1.0 + 0.004 * di as f64 };
    let n_lines = (lines_per_day * trend * if weekend { 1.2 } else { 1.0 } * (0.9 + 0.2 * r.f())) as usize;
    let weights: Vec<f64> = PRODUCTS.iter().map(|p| popularity(p, di, bench)).collect();
    let mut made = 0;
    let mut order_no = 0;
    while made < n_lines {
        order_no += 1;
        let order = format!("O{}{:05}", d.format("%Y%m%d"), order_no);
        let at = time_in_day(r, d);
        let n = 1 + r.weighted(&[70.0, 22.0, 8.0]);
        let cancelled = r.chance(0.02);
        let mut used = Vec::new();
        for _ in 0..n {
            let p = r.weighted(&weights);
            if used.contains(&p) {
                continue;
            }
            used.push(p);
            let qty = if r.chance(0.86) { 1 } else { 2 };
            let mut revenue = PRODUCTS[p].price as i64 * qty as i64;
            if r.chance(0.12) {
                revenue = revenue * 9 / 10 / 100 * 100;
            }
            let age = (end - d).num_days();
            let status = if cancelled {
                "취소"
            } else if age > 4 {
                "배송완료"
            } else if age > 1 {
                "배송중"
            } else {
                "결제완료"
            };
            if !cancelled {
                let rate = if PRODUCTS[p].category == "신발" { 0.07 } else { 0.03 };
                if r.chance(rate) {
                    let back = at + Duration::days(3 + r.below(9) as i64) + Duration::minutes(r.below(600) as i64);
                    if back.date() < end {
                        returns.push(Ret { at: back, order: order.clone(), product: p, qty: 1 });
                    }
                }
                recent.push((order.clone(), p, at));
            }
            lines.push(Line { at, order: order.clone(), product: p, qty, revenue, status, customer: String::new() });
            made += 1;
        }
    }
    weights
}

/// When an agent first answers a conversation of type `t` started at `at`, and the scores its
/// customer gives (better the faster the answer).
fn answer(
    r: &mut Rng,
    at: NaiveDateTime,
    t: T,
    hol: &[NaiveDate],
) -> (Option<NaiveDateTime>, Option<u32>, Option<u32>, Option<u32>) {
    // first response
    let revenue_class = matches!(t, T::Size | T::Stock | T::PayError);
    let response = if r.chance(0.03) {
        None
    } else {
        let base = next_open(at, hol);
        let median = if revenue_class { 240.0 } else { 540.0 };
        let delay = r.lognormal(median, 0.9).min(6.0 * 3600.0);
        Some(base + Duration::seconds(delay as i64 + 20))
    };
    let waited = response.map(|x| (x - at).num_minutes()).unwrap_or(10_000);
    let happy = if waited < 15 {
        1.0
    } else if waited < 120 {
        0.0
    } else {
        -1.0
    };
    let score = |r: &mut Rng, lo: i32, hi: i32, centre: f64| -> u32 {
        let v = (centre + happy * (hi - lo) as f64 * 0.15 + r.normal() * (hi - lo) as f64 * 0.18).round() as i32;
        v.clamp(lo, hi) as u32
    };
    let ces = r.chance(0.2).then(|| score(r, 1, 7, 5.3));
    let csat = r.chance(0.25).then(|| score(r, 1, 5, 3.9));
    let nps = r.chance(0.1).then(|| score(r, 0, 10, 7.6));
    (response, ces, csat, nps)
}

/// How many of the recent orders were placed before `at` (bench mode keeps them sorted).
pub(crate) fn recent_before(recent: &[(String, usize, NaiveDateTime)], at: NaiveDateTime, sorted: bool) -> usize {
    if sorted { recent.partition_point(|x| x.2 < at) } else { recent.iter().filter(|x| x.2 < at).count() }
}

pub(crate) fn korean_ampm(t: NaiveDateTime) -> String {
    let h = t.hour12();
    format!(
        "{} {} {}:{:02}",
        t.format("%Y-%m-%d"),
        if h.0 { "오후" } else { "오전" },
        h.1,
        t.format("%M").to_string().parse::<u32>().unwrap_or(0)
    )
}
