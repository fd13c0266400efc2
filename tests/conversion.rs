//! Did the answer sell (docs/metrics.md `conversion`, `buckets`, `late_ids`, `satisfaction.by_tag`):
//! worked by hand on a small shop whose every line is a trap — a window's edges, a pending
//! window, a cancelled order, a line exported twice, one order after two conversations — and on
//! the bundled fixtures (the DuckDB cross-check recomputes the same figures: tests/crosscheck.rs).

use serde_json::Value;

use crate::util::{Workdir, fixture_config};

const NOW: &str = "2026-11-16T09:00:00+09:00";

fn json(wd: &Workdir, rel: &str) -> Value {
    serde_json::from_str(&wd.read(rel)).unwrap()
}

/// A week of a small shop: revenue inquiries (사이즈) and one simple one (배송), target 5 min
/// for revenue inquiries, 72 h window; the sales' last line is 11-15 20:00.
fn small_shop(wd: &Workdir, sales_customer: bool) {
    let repo = crate::util::repo();
    let sales_cols = if sales_customer { ", customer_id: cust" } else { "" };
    wd.write(
        "voc.yaml",
        format!(
            "timezone: Asia/Seoul\ntaxonomy: {}/config/taxonomy.yaml\noutput_dir: out\ninputs:\n  conversations:\n    paths: [conv.csv]\n    columns: {{ id: id, created_at: created, first_response_at: answered, text: text, customer_id: cust, csat: csat }}\n  sales:\n    paths: [sales.csv]\n    columns: {{ date: date, order_id: order, line_id: line, product_id: product, revenue: revenue, status: status{sales_cols} }}\n    exclude: {{ status: [취소] }}\nreport:\n  first_response_targets: {{ revenue: 5m }}\n  conversion_window: 72h\n  conversation_url: \"https://desk.example.com/chats/{{id}}\"\n",
            repo.display()
        ),
    );
    let size = "사이즈 문의드려요 265 맞을까요";
    let conv = [
        "id,created,answered,text,cust,csat",
        // answered in 2 min; A orders the next day
        &format!("r1,2026-11-09 10:00:00,2026-11-09 10:02:00,{size},A,5"),
        // answered in an hour; B orders exactly 72 h later (the window's end counts)
        &format!("r2,2026-11-09 11:00:00,2026-11-09 12:00:00,{size},B,3"),
        // answered in a minute; C's orders: at the very moment it wrote, and 1 s after the window
        &format!("r3,2026-11-09 12:00:00,2026-11-09 12:01:00,{size},C,"),
        // unanswered; D's order is cancelled
        &format!("r4,2026-11-10 09:00:00,,{size},D,1"),
        // E writes twice, then orders once: that order's revenue counts once
        &format!("r5,2026-11-10 10:00:00,2026-11-10 10:01:00,{size},E,"),
        &format!("r6,2026-11-10 11:00:00,2026-11-10 11:01:00,{size},E,"),
        // its window runs past the sales data: pending, though F has already ordered
        &format!("r7,2026-11-14 10:00:00,2026-11-14 10:01:00,{size},F,"),
        // no customer id: not in any conversion figure
        &format!("r8,2026-11-12 10:00:00,2026-11-12 10:01:00,{size},,"),
        // a simple inquiry that sold
        "r9,2026-11-11 10:00:00,2026-11-11 10:03:00,배송 언제 와요,G,4",
        "r10,2026-11-15 10:00:00,2026-11-15 10:03:00,배송 언제 와요,,",
    ]
    .join("\n");
    wd.write("conv.csv", conv + "\n");
    let sales = [
        "date,order,line,product,revenue,status,cust",
        "2026-11-09 09:00:00,O0,1,P1,1000,완료,Z",
        "2026-11-10 10:00:00,O1,1,P1,10000,완료,A",
        "2026-11-10 10:00:00,O1,1,P1,10000,완료,A",
        "2026-11-12 11:00:00,O2,1,P2,20000,완료,B",
        "2026-11-09 12:00:00,O3,1,P1,7000,완료,C",
        "2026-11-12 12:00:01,O4,1,P1,8000,완료,C",
        "2026-11-11 09:00:00,O5,1,P1,9000,취소,D",
        "2026-11-10 12:00:00,O6,1,P3,30000,완료,E",
        "2026-11-14 12:00:00,O7,1,P1,40000,완료,F",
        "2026-11-11 15:00:00,O8,1,P1,5000,완료,G",
        "2026-11-15 20:00:00,O9,1,P1,1000,완료,Z",
    ]
    .join("\n");
    wd.write("sales.csv", sales + "\n");
}

fn block(v: &Value) -> (i64, i64, i64, Option<f64>, f64) {
    (
        v["conversations"].as_i64().unwrap(),
        v["pending"].as_i64().unwrap(),
        v["converted"].as_i64().unwrap(),
        v["share"].as_f64(),
        v["revenue"].as_f64().unwrap(),
    )
}

#[test]
fn conversion_by_hand_window_edges_pending_cancelled_and_lines_counted_once() {
    let wd = Workdir::new("conversion_by_hand");
    small_shop(&wd, true);
    let run = wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46", "--format", "json,html,email", "--now", NOW]);
    assert!(matches!(run.code(), 0 | 3), "{}", run.stderr());
    let m = json(&wd, "out/2026-W46.json");
    assert_eq!(m["tags"].as_array().unwrap().iter().find(|t| t["id"] == "size").unwrap()["count"], 8, "the fixture's classes");
    let c = &m["conversion"];
    assert_eq!(c["window_s"], 259200.0);
    // r1..r7 (r8 has no customer): r7 pending; r1, r2 (at the window's end), r5, r6 converted;
    // r3 (an order at the same instant and one a second too late) and r4 (cancelled) not
    let r = &c["revenue"];
    assert_eq!(block(r), (7, 1, 4, Some(4.0 / 6.0), 10000.0 + 20000.0 + 30000.0), "{r}");
    let by = &r["by_first_response"];
    assert_eq!(block(&by["le_5m"]), (5, 1, 3, Some(0.75), 40000.0), "{by}");
    assert_eq!(block(&by["le_4h"]), (1, 0, 1, Some(1.0), 20000.0));
    assert_eq!(block(&by["unanswered"]), (1, 0, 0, Some(0.0), 0.0));
    assert_eq!(block(&by["gt_24h"]), (0, 0, 0, None, 0.0));
    // fast (≤ 5 min, known): r1 r3 r5 r6, 3 converted; slow: r2 (bought) and r4 (not); too few
    // for an estimate (fewer than 30 in each group)
    let missed = &r["missed"];
    assert_eq!(
        (missed["fast"].as_i64(), missed["fast_share"].as_f64(), missed["slow"].as_i64(), missed["slow_share"].as_f64()),
        (Some(4), Some(0.75), Some(2), Some(0.5)),
        "{missed}"
    );
    assert!(missed["conversions"].is_null() && missed["revenue"].is_null(), "{missed}");
    // the simple inquiry sold; no target for it, so no estimate
    assert_eq!(block(&c["simple"]), (1, 0, 1, Some(1.0), 5000.0));
    assert!(c["simple"]["missed"].is_null());
    assert_eq!(block(&c["all"]), (8, 1, 5, Some(5.0 / 7.0), 65000.0));
    // the breach list: answered after 5 min or not at all, oldest first
    let fr = &m["first_response"]["revenue"];
    assert_eq!(fr["late"], 2);
    assert_eq!(fr["late_ids"], serde_json::json!(["r2", "r4"]));
    assert_eq!(
        fr["buckets"],
        serde_json::json!({"le_5m": 6, "le_30m": 0, "le_4h": 1, "le_24h": 0, "gt_24h": 0, "unanswered": 1, "invalid": 0})
    );
    assert!(m["first_response"]["simple"]["late_ids"].is_null(), "no target, no list");
    // CSAT by level-1 tag
    let by_tag = m["satisfaction"]["by_tag"].as_array().unwrap();
    assert_eq!(by_tag[0]["tag"], "size");
    assert_eq!(
        (by_tag[0]["conversations"].as_i64(), by_tag[0]["csat_responses"].as_i64(), by_tag[0]["csat_mean"].as_f64()),
        (Some(8), Some(3), Some(3.0))
    );
    // the report: the section with its chart, the estimate labelled as one, the breach list linked
    let html = wd.read("out/2026-W46.html").replace("&#x2f;", "/");
    let at = html.find("id=\"conversion\"").expect("the conversion section");
    let section = &html[at..html[at..].find("</section>").unwrap() + at];
    assert!(section.contains("<svg"), "its chart");
    assert!(section.contains("66.7% (4/6)"), "revenue inquiries: 4 of the 6 known");
    assert!(section.contains("둘 다 30건 이상일 때만"), "no estimate from 4 and 2 conversations, and it says why");
    assert!(section.contains("기간 끝의 1건은"), "the pending conversation is said");
    let fr = &html[html.find("id=\"first-response\"").unwrap()..];
    assert!(fr.contains("href=\"https://desk.example.com/chats/r4\""), "the breach list links to the helpdesk");
    let mail = wd.read("out/2026-W46.email.html");
    assert!(mail.contains("매출로 이어진 문의") && mail.contains("cid:conversion"), "the mail has the section and its PNG");
}

#[test]
fn without_a_customer_id_on_sales_conversion_is_null_and_the_report_says_what_to_map() {
    let wd = Workdir::new("conversion_unmapped");
    small_shop(&wd, false);
    let run = wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46", "--format", "json,html", "--now", NOW]);
    assert!(matches!(run.code(), 0 | 3), "{}", run.stderr());
    let m = json(&wd, "out/2026-W46.json");
    assert!(m["conversion"].is_null(), "{}", m["conversion"]);
    // the rest of the period's figures stand
    assert_eq!(m["first_response"]["revenue"]["late"], 2);
    let html = wd.read("out/2026-W46.html");
    let at = html.find("id=\"conversion\"").expect("the section stays, saying why it is empty");
    assert!(html[at..].contains("inputs.sales.columns.customer_id"), "it names the key to map");
}

#[test]
fn the_sample_shop_converts_and_its_last_windows_are_pending() {
    let wd = Workdir::new("conversion_fixtures");
    wd.write("voc.yaml", fixture_config());
    let run = wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46", "--format", "json", "--now", NOW]);
    assert!(matches!(run.code(), 0 | 3), "{}", run.stderr());
    let m = json(&wd, "out/2026-W46.json");
    let c = &m["conversion"];
    // the sales end on 11-15: the week's last three days wait for orders not yet exported
    assert!(c["all"]["pending"].as_i64().unwrap() > 0, "{}", c["all"]);
    for k in ["simple", "revenue", "other", "unclassified", "all"] {
        let b = &c[k];
        let by = b["by_first_response"].as_object().unwrap();
        for f in ["conversations", "pending", "converted"] {
            let sum: i64 = by.values().map(|v| v[f].as_i64().unwrap()).sum();
            assert_eq!(sum, b[f].as_i64().unwrap(), "{k}.{f}: the buckets add up");
        }
        let fr = &m["first_response"][k];
        let buckets: i64 = fr["buckets"].as_object().unwrap().values().map(|v| v.as_i64().unwrap()).sum();
        assert_eq!(buckets, fr["conversations"].as_i64().unwrap(), "{k}: every conversation in one bucket");
    }
    // the generator's shop: revenue inquiries answered within 5 minutes convert more often than
    // those answered after 4 hours (seed 000's claim, planted)
    let by = &c["revenue"]["by_first_response"];
    assert!(c["revenue"]["converted"].as_i64().unwrap() > 0);
    assert!(by["le_5m"]["share"].as_f64().unwrap() > by["le_24h"]["share"].as_f64().unwrap(), "{by}");
}

/// 40 revenue inquiries answered within the 5-minute target (20 of their customers order the next
/// day, 10,000 each) and 40 answered after 10 minutes (10 order): customers `C…`; the buyers'
/// ids written `{prefix}C…` (a prefix: ids of another system).
fn estimate_shop(wd: &Workdir, prefix: &str) {
    small_shop(wd, true);
    let mut conv = String::from("id,created,answered,text,cust,csat\n");
    let mut sales = String::from("date,order,line,product,revenue,status,cust\n");
    for i in 0..80 {
        let (day, minute) = (9 + i / 20, i % 20);
        let wait = if i < 40 { 1 } else { 10 };
        conv.push_str(&format!(
            "q{i:02},2026-11-{day:02} 10:{minute:02}:00,2026-11-{day:02} {:02}:{:02}:00,사이즈 문의드려요 265 맞을까요,C{i:02},\n",
            10 + (minute + wait) / 60,
            (minute + wait) % 60
        ));
        if (i < 40 && i % 2 == 0) || (i >= 40 && i % 4 == 0) {
            sales.push_str(&format!("2026-11-{:02} 09:00:00,O{i:02},1,P1,10000,완료,{prefix}C{i:02}\n", day + 1));
        }
    }
    conv.push_str("z1,2026-11-15 10:00:00,2026-11-15 10:01:00,배송 언제 와요,,\n");
    sales.push_str("2026-11-15 20:00:00,O99,1,P1,1000,완료,Z\n");
    wd.write("conv.csv", conv);
    wd.write("sales.csv", sales);
}

#[test]
fn the_missed_estimate_on_enough_conversations_and_none_when_the_ids_are_not_the_shops() {
    let wd = Workdir::new("conversion_estimate");
    estimate_shop(&wd, "");
    let run = wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46", "--format", "json,html", "--now", NOW]);
    assert!(matches!(run.code(), 0 | 3), "{}", run.stderr());
    let m = json(&wd, "out/2026-W46.json");
    let missed = &m["conversion"]["revenue"]["missed"];
    // 40 × (0.5 − 0.25) = 10 conversations, × 200,000 / 20 per converted fast conversation
    assert_eq!((missed["fast"].as_i64(), missed["slow"].as_i64()), (Some(40), Some(40)), "{missed}");
    assert_eq!((missed["fast_share"].as_f64(), missed["slow_share"].as_f64()), (Some(0.5), Some(0.25)));
    assert_eq!((missed["conversions"].as_f64(), missed["revenue"].as_f64()), (Some(10.0), Some(100000.0)), "{missed}");
    let summary: Vec<&str> = m["summary"].as_array().unwrap().iter().filter_map(|s| s.as_str()).collect();
    assert!(summary.iter().any(|s| s.contains("약 10건(매출 100,000원)")), "{summary:?}");
    let html = wd.read("out/2026-W46.html");
    assert!(html.contains("인과가 아닌 추정"), "the estimate is labelled as one");

    // the same shop whose order export writes its own member ids: no customer matches, so no
    // conversion at all (not a confident 0 %), and the report says why
    let wd = Workdir::new("conversion_unmatched");
    estimate_shop(&wd, "member-");
    let run = wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46", "--format", "json,html", "--now", NOW]);
    assert!(matches!(run.code(), 0 | 3), "{}", run.stderr());
    let m = json(&wd, "out/2026-W46.json");
    assert!(m["conversion"].is_null(), "{}", m["conversion"]);
    let alert = m["alerts"].as_array().unwrap().iter().find(|a| a["kind"] == "customer_ids").expect("an alert on the ids");
    assert_eq!((alert["count"].as_i64(), alert["baseline"].as_f64()), (Some(80), Some(0.0)));
    let html = wd.read("out/2026-W46.html");
    let at = html.find("id=\"conversion\"").unwrap();
    assert!(html[at..].contains("같은 고객 ID를 쓰는지 확인하세요"), "the section says why it is empty");
    assert!(!m["summary"].as_array().unwrap().iter().any(|s| s.as_str().unwrap().contains("주문으로 이어졌")));
}

#[test]
fn customer_ids_given_per_order_withhold_conversion_instead_of_a_confident_zero() {
    // Olist's customer_id is new with every order: 30 customers, each with the one order they
    // then write about (a review a day later), never a second
    let wd = Workdir::new("conversion_per_order");
    small_shop(&wd, true);
    let mut conv = String::from("id,created,answered,text,cust,csat\n");
    let mut sales = String::from("date,order,line,product,revenue,status,cust\n");
    for i in 0..30 {
        let day = 9 + i % 5;
        conv.push_str(&format!(
            "v{i:02},2026-11-{day:02} 11:{i:02}:00,2026-11-{day:02} 11:{:02}:30,배송 언제 와요,K{i:02},\n",
            i
        ));
        sales.push_str(&format!("2026-11-{:02} 09:00:00,P{i:02},1,P1,10000,완료,K{i:02}\n", day - 1));
    }
    conv.push_str("z1,2026-11-15 10:00:00,2026-11-15 10:01:00,배송 언제 와요,,\n");
    sales.push_str("2026-11-15 20:00:00,O99,1,P1,1000,완료,Z\n");
    wd.write("conv.csv", conv);
    wd.write("sales.csv", sales);
    let run = wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46", "--format", "json,html", "--now", NOW]);
    assert!(matches!(run.code(), 0 | 3), "{}", run.stderr());
    let m = json(&wd, "out/2026-W46.json");
    assert!(m["conversion"].is_null(), "{}", m["conversion"]);
    let alert = m["alerts"].as_array().unwrap().iter().find(|a| a["kind"] == "customer_ids").expect("an alert on the ids");
    assert_eq!(alert["count"], 30);
    assert!(alert["message"].as_str().unwrap().contains("주문 1건씩"), "{alert}");
    // one of them ordering again (after writing) is a customer id that lasts: conversion stands
    wd.write("sales.csv", wd.read("sales.csv") + "2026-11-10 12:00:00,Q00,1,P1,5000,완료,K00\n");
    wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46", "--format", "json", "--now", NOW]);
    let m = json(&wd, "out/2026-W46.json");
    assert_eq!(m["conversion"]["all"]["converted"], 1, "{}", m["conversion"]["all"]);
}
