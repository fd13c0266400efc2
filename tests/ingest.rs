//! Ingest: encodings, timestamps, rejects with reasons, duplicates, exclusion, joins, and the
//! row accounting identity — on the bundled fixtures and on small files written here.

use serde_json::Value;

use crate::util::{Workdir, fixture_config, read_csv, repo};

fn accounting(run: &crate::util::Run) -> Value {
    serde_json::from_str(&run.stdout()).unwrap_or_else(|e| panic!("not JSON ({e}): {}", run.stdout()))
}

fn balances(a: &Value) -> bool {
    let n = |k: &str| a[k].as_u64().unwrap();
    n("rows_read") == n("rows_used") + n("rows_rejected") + n("duplicates") + n("out_of_period") + n("filtered")
}

/// Records (not lines) in CSV files, and how many have `value` in column `col`.
fn count_rows(glob: &str, col: Option<(&str, &str)>) -> (u64, u64) {
    let (mut rows, mut hits) = (0, 0);
    for p in glob::glob(&repo().join(glob).to_string_lossy()).unwrap() {
        let recs = read_csv(&p.unwrap());
        let idx = col.map(|(c, _)| recs[0].iter().position(|h| h == c).unwrap());
        for r in &recs[1..] {
            rows += 1;
            if let (Some(i), Some((_, v))) = (idx, col) {
                if r.get(i).map(String::as_str) == Some(v) {
                    hits += 1;
                }
            }
        }
    }
    (rows, hits)
}

#[test]
fn fixtures_balance_and_every_planted_row_is_rejected_with_its_reason() {
    let wd = Workdir::new("fixtures_validate");
    wd.write("voc.yaml", fixture_config());
    let run = wd.run(&["--config", "voc.yaml", "validate", "--json"]);
    run.ok();
    let doc = accounting(&run);
    let inputs = &doc["inputs"];
    for k in ["conversations", "sales", "returns"] {
        assert!(balances(&inputs[k]), "{k} does not balance: {}", inputs[k]);
    }
    // rows read = CSV records in the files, counted independently here
    let (conv_rows, _) = count_rows("fixtures/cs/conversations-*.csv", None);
    let (sales_rows, cancelled) = count_rows("fixtures/sales/orders-*.csv", Some(("주문상태", "취소")));
    assert_eq!(inputs["conversations"]["rows_read"], conv_rows);
    assert_eq!(inputs["sales"]["rows_read"], sales_rows);
    assert_eq!(inputs["sales"]["filtered"], cancelled, "cancelled lines are filtered by exclude");
    // the October tail exported again in November
    assert_eq!(inputs["conversations"]["duplicates"], 5);

    let rejects = read_csv(&wd.path("out/validate.rejects.csv"));
    assert_eq!(rejects[0], ["input", "file", "row", "column", "reason", "raw"]);
    let expect: &[(&str, &str, &str, &str, &str)] = &[
        ("conversations", "conversations-2026-11.csv", "201", "상담ID", "missing conversation id"),
        ("conversations", "conversations-2026-11.csv", "301", "생성일시", "has no day 31"),
        ("conversations", "conversations-2026-11.csv", "401", "생성일시", "`어제 오후` is not a date/time"),
        ("conversations", "conversations-2026-11.csv", "501", "만족도", "CSAT 7 is outside its scale 1–5"),
        ("conversations", "conversations-2026-11.csv", "601", "CES", "CES `매우 쉬움` is not a number"),
        ("conversations", "conversations-2026-11.csv", "701", "첫응답일시", "first response `답변완료`"),
        ("conversations", "conversations-2026-11.csv", "801", "", "19 cells where the header has 18"),
        ("sales", "orders-2026-11.csv", "121", "결제금액", "revenue `확인필요` is not a number"),
        ("sales", "orders-2026-11.csv", "241", "수량", "quantity `두개` is not a number"),
        ("sales", "orders-2026-11.csv", "361", "주문일시", "not a time of day (25:10)"),
        ("sales", "orders-2026-11.csv", "481", "수량", "negative quantity -1"),
        ("sales", "orders-2026-11.csv", "601", "주문번호", "missing order id"),
        ("returns", "returns.csv", "41", "반품일시", "missing return date"),
    ];
    assert_eq!(rejects.len() - 1, expect.len(), "{rejects:#?}");
    for (row, (input, file, n, col, reason)) in rejects[1..].iter().zip(expect) {
        assert_eq!(row[0], *input);
        assert!(row[1].ends_with(file), "{row:?}");
        assert_eq!(row[2], *n, "{row:?}");
        assert_eq!(row[3], *col, "{row:?}");
        assert!(row[4].contains(reason), "reason {:?} lacks {reason:?}", row[4]);
        assert!(!row[5].is_empty(), "raw row kept: {row:?}");
    }
    let total: u64 = ["conversations", "sales", "returns"].iter().map(|k| inputs[k]["rows_rejected"].as_u64().unwrap()).sum();
    assert_eq!(total as usize, expect.len());
}

#[test]
fn the_cp949_copy_reads_exactly_like_its_utf8_twin() {
    let wd = Workdir::new("cp949_twin");
    let base = fixture_config();
    let utf8 = base.replace("cs/conversations-*.csv", "cs/conversations-2026-10.csv");
    let cp949 = base.replace("cs/conversations-*.csv", "cs-cp949/conversations-2026-10.csv");
    assert_ne!(utf8, cp949);
    wd.write("utf8.yaml", utf8);
    wd.write("cp949.yaml", cp949);
    let a = wd.run(&["--config", "utf8.yaml", "tag", "--out", "utf8.csv"]);
    a.ok();
    let b = wd.run(&["--config", "cp949.yaml", "tag", "--out", "cp949.csv"]);
    b.ok();
    let (x, y) = (wd.read("utf8.csv"), wd.read("cp949.csv"));
    assert!(x.lines().count() > 1000, "October has well over a thousand conversations");
    assert!(x.contains("배송"), "Korean text survived");
    assert_eq!(x, y, "the CP949 file tags exactly like the UTF-8 one");
    let va = accounting(wd.run(&["--config", "utf8.yaml", "validate", "--json"]).ok());
    let vb = accounting(wd.run(&["--config", "cp949.yaml", "validate", "--json"]).ok());
    assert_eq!(va["inputs"]["conversations"], vb["inputs"]["conversations"]);
}

/// A minimal config over `conv.csv` (and optional sales) for small-file tests.
fn mini_config(extra_inputs: &str) -> String {
    format!(
        r#"timezone: Asia/Seoul
output_dir: out
taxonomy: {}/config/taxonomy.yaml
inputs:
  conversations:
    paths: [conv.csv]
    columns: {{ id: 상담ID, created_at: 생성일시, first_response_at: 첫응답일시, text: 내용, csat: 만족도, ces: CES }}
{extra_inputs}"#,
        repo().display()
    )
}

const MINI: &str = "상담ID,생성일시,첫응답일시,내용,만족도,CES\n\
    A1,2026-11-09 10:00:00,2026-11-09 10:05:00,배송 언제 와요,5,7\n\
    A2,2026-11-09 오후 3:12,,사이즈 문의,,\n";

#[test]
fn utf8_bom_cp949_and_utf16_read_the_same() {
    let wd = Workdir::new("encodings");
    wd.write("voc.yaml", mini_config(""));
    let mut outputs = Vec::new();
    let (cp949, _, bad) = encoding_rs::EUC_KR.encode(MINI);
    assert!(!bad);
    let mut utf16 = vec![0xFF, 0xFE];
    for u in MINI.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(MINI.as_bytes());
    for (name, bytes) in [("utf8", MINI.as_bytes().to_vec()), ("bom", bom), ("cp949", cp949.into_owned()), ("utf16", utf16)] {
        wd.write("conv.csv", &bytes);
        wd.run(&["--config", "voc.yaml", "tag", "--out", &format!("{name}.csv")]).ok();
        outputs.push((name, wd.read(&format!("{name}.csv"))));
    }
    assert!(outputs[0].1.contains("A2"), "{}", outputs[0].1);
    assert!(outputs[0].1.contains("delivery.before"));
    for (name, out) in &outputs[1..] {
        assert_eq!(out, &outputs[0].1, "{name} differs from plain UTF-8");
    }
}

#[test]
fn every_conversation_reject_reason() {
    let wd = Workdir::new("conv_rejects");
    wd.write("voc.yaml", mini_config(""));
    let mut csv = String::from("상담ID,생성일시,첫응답일시,내용,만족도,CES\n");
    let rows = [
        ("ok", "A1,2026-11-09 10:00:00,2026-11-09 10:05:00,배송,5,7"),
        ("missing id", ",2026-11-09 10:00:00,,배송,,"),
        ("missing created", "A3,,,배송,,"),
        ("unreadable", "A4,next tuesday,,배송,,"),
        ("no such day", "A5,2026-02-30 10:00,,배송,,"),
        ("bad response", "A6,2026-11-09 10:00,soon,배송,,"),
        ("csat scale", "A7,2026-11-09 10:00,,배송,9,"),
        ("ces text", "A8,2026-11-09 10:00,,배송,,good"),
        ("ragged", "A9,2026-11-09 10:00,,배송,,,extra"),
        ("short", "A10,2026-11-09 10:00"),
        ("duplicate", "A1,2026-11-09 11:00:00,,배송,,"),
        ("null markers are empty", "A11,2026-11-09 10:00,N/A,배송,-,"),
    ];
    for (_, r) in rows {
        csv.push_str(r);
        csv.push('\n');
    }
    wd.write("conv.csv", csv);
    let run = wd.run(&["--config", "voc.yaml", "validate", "--json"]);
    // 9 of 12 rows rejected is far over the 2% gate: exit 3, saying which input
    run.expect(3).stderr_has("data-quality gate failed: 상담: 행의 75.0%가 거부되었습니다 (허용 2.0%)");
    let a = &accounting(&run)["inputs"]["conversations"];
    assert!(balances(a), "{a}");
    assert_eq!(a["rows_read"], 12);
    assert_eq!(a["rows_used"], 2, "A1 and A11");
    assert_eq!(a["duplicates"], 1);
    assert_eq!(a["rows_rejected"], 9);
    let rejects = read_csv(&wd.path("out/validate.rejects.csv"));
    let reasons: Vec<(String, String, String)> =
        rejects[1..].iter().map(|r| (r[2].clone(), r[3].clone(), r[4].clone())).collect();
    let want = [
        ("2", "상담ID", "missing conversation id"),
        ("3", "생성일시", "missing created time"),
        ("4", "생성일시", "`next tuesday` is not a date/time"),
        ("5", "생성일시", "2026-02 has no day 30"),
        ("6", "첫응답일시", "first response `soon`"),
        ("7", "만족도", "CSAT 9 is outside its scale 1–5"),
        ("8", "CES", "CES `good` is not a number"),
        ("9", "", "7 cells where the header has 6"),
        ("10", "", "2 cells where the header has 6"),
    ];
    assert_eq!(reasons.len(), want.len(), "{reasons:#?}");
    for ((row, col, reason), (wr, wc, wreason)) in reasons.iter().zip(want) {
        assert_eq!((row.as_str(), col.as_str()), (wr, wc), "{reason}");
        assert!(reason.contains(wreason), "{reason:?} lacks {wreason:?}");
    }
}

#[test]
fn every_sales_and_returns_reject_reason() {
    let wd = Workdir::new("sales_rejects");
    wd.write("conv.csv", MINI);
    wd.write(
        "voc.yaml",
        mini_config(
            "  sales:\n    paths: [sales.csv]\n    columns: { date: 일시, order_id: 주문번호, product_id: 상품, quantity: 수량, revenue: 금액 }\n  returns:\n    paths: [ret.csv]\n    columns: { date: 일시, product_id: 상품, quantity: 수량 }\n",
        ),
    );
    wd.write(
        "sales.csv",
        "일시,주문번호,상품,수량,금액\n\
         2026-11-09 10:00,O1,P1,1,\"12,000\"\n\
         ,O2,P1,1,1000\n\
         2026-11-09 10:00,O3,P1,1,abc\n\
         2026-11-09 10:00,O4,P1,1,NaN\n\
         2026-11-09 10:00,O5,P1,1,inf\n\
         2026-11-09 10:00,O6,P1,1,-500\n\
         2026-11-09 10:00,O7,P1,two,1000\n\
         2026-11-09 10:00,O8,P1,-1,1000\n\
         2026-11-09 10:00,,P1,1,1000\n\
         2026-11-09 10:00,O10,P1,1,₩3000원\n",
    );
    wd.write("ret.csv", "일시,상품,수량\n2026-11-10,P1,1\n,P1,1\n2026-11-10,P1,-2\n2026-11-10,P1,x\n");
    let run = wd.run(&["--config", "voc.yaml", "validate", "--json"]);
    run.expect(3).stderr_has("data-quality gate failed: 매출: 행의 80.0%가 거부되었습니다");
    let doc = accounting(&run);
    let (s, r) = (&doc["inputs"]["sales"], &doc["inputs"]["returns"]);
    assert!(balances(s) && balances(r));
    assert_eq!((s["rows_read"].as_u64(), s["rows_used"].as_u64(), s["rows_rejected"].as_u64()), (Some(10), Some(2), Some(8)));
    assert_eq!((r["rows_used"].as_u64(), r["rows_rejected"].as_u64()), (Some(1), Some(3)));
    let rejects = read_csv(&wd.path("out/validate.rejects.csv"));
    let got: Vec<String> = rejects[1..].iter().map(|r| format!("{} {} {} {}", r[0], r[2], r[3], r[4])).collect();
    let want = [
        "sales 2 일시 missing order date",
        "sales 3 금액 revenue `abc` is not a number",
        "sales 4 금액 revenue `NaN` is not a finite number",
        "sales 5 금액 revenue `inf` is not a finite number",
        "sales 6 금액 negative revenue -500",
        "sales 7 수량 quantity `two` is not a number",
        "sales 8 수량 negative quantity -1",
        "sales 9 주문번호 missing order id",
        "returns 2 일시 missing return date",
        "returns 3 수량 negative returned quantity -2",
        "returns 4 수량 quantity `x` is not a number",
    ];
    assert_eq!(got.len(), want.len(), "{got:#?}");
    for (g, w) in got.iter().zip(want) {
        assert!(g.starts_with(w), "{g:?} does not start with {w:?}");
    }
}

#[test]
fn negative_quantities_are_returns_when_there_is_no_returns_input() {
    let wd = Workdir::new("negative_returns");
    wd.write("conv.csv", MINI);
    wd.write(
        "voc.yaml",
        mini_config("  sales:\n    paths: [sales.csv]\n    columns: { date: 일시, order_id: 주문번호, product_id: 상품, quantity: 수량, revenue: 금액 }\n"),
    );
    wd.write("sales.csv", "일시,주문번호,상품,수량,금액\n2026-11-09 10:00,O1,P1,2,20000\n2026-11-10 10:00,O1,P1,-1,-10000\n");
    wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46", "--format", "json"]).ok_but_short();
    let m: Value = serde_json::from_str(&wd.read("out/2026-W46.json")).unwrap();
    assert_eq!(m["sales"]["units"], 2);
    assert_eq!(m["sales"]["revenue"], 20000);
    assert_eq!(m["top_products"][0]["returns"], 1);
    assert_eq!(m["top_products"][0]["return_rate"], 0.5);
    assert_eq!(m["data_quality"]["sales"]["rows_used"], 2);
}

#[test]
fn period_accounting_and_exclusion() {
    let wd = Workdir::new("period_accounting");
    wd.write(
        "voc.yaml",
        mini_config("")
            .replace("csat: 만족도, ces: CES }", "csat: 만족도, ces: CES }\n    exclude: { 상태: [spam, \"테스트*\"] }"),
    );
    wd.write(
        "conv.csv",
        "상담ID,생성일시,첫응답일시,내용,만족도,CES,상태\n\
         A1,2026-11-08 23:59:59,,배송,,,ok\n\
         A2,2026-11-09 00:00:00,,배송,,,ok\n\
         A3,2026-11-15 23:59:59,,배송,,,ok\n\
         A4,2026-11-16 00:00:00,,배송,,,ok\n\
         A5,2026-11-10 10:00,,배송,,,spam\n\
         A6,2026-11-10 10:00,,배송,,,테스트 대화\n\
         A2,2026-11-10 10:00,,배송,,,ok\n\
         A7,bad,,배송,,,spam\n",
    );
    let run = wd.run(&["--config", "voc.yaml", "validate", "--week", "2026-W46", "--json"]);
    // one duplicate among five valid rows is over the 5% duplicates gate
    run.expect(3).stderr_has("상담: 5행 중 1행이 앞의 행과 같은 (상담ID)입니다");
    let a = &accounting(&run)["inputs"]["conversations"];
    assert!(balances(a));
    // Sunday 23:59:59 KST is in W46; Monday 00:00 of the next week is not
    assert_eq!((a["rows_used"].as_u64(), a["out_of_period"].as_u64()), (Some(2), Some(2)));
    // excluded rows are filtered before validation: A7's bad date is not a reject
    assert_eq!((a["filtered"].as_u64(), a["duplicates"].as_u64(), a["rows_rejected"].as_u64()), (Some(3), Some(1), Some(0)));
}

#[test]
fn a_missing_column_names_itself_and_the_headers_found() {
    let wd = Workdir::new("missing_column");
    wd.write("voc.yaml", mini_config(""));
    wd.write("conv.csv", "상담ID,생성시각,첫응답일시,내용,만족도,CES\nA1,2026-11-09 10:00,,x,,\n");
    wd.run(&["--config", "voc.yaml", "validate"]).expect(1).stderr_has(
        "conv.csv: column `생성일시` (created_at) not found; row 1 looks like the header and has: 상담ID, 생성시각, 첫응답일시",
    );
    wd.write("conv.csv", "상담ID;생성일시;첫응답일시;내용;만족도;CES\n");
    wd.write("voc.yaml", mini_config("").replace("paths: [conv.csv]", "paths: [conv.csv]\n    format: csv"));
    wd.run(&["--config", "voc.yaml", "validate"]).expect(1).stderr_has("another delimiter");
}

#[test]
fn joins_enrich_and_refuse_to_multiply_rows() {
    let wd = Workdir::new("joins");
    wd.write("conv.csv", "상담ID,생성일시,첫응답일시,내용,만족도,CES,회원\nA1,2026-11-09 10:00,,송장 조회,,,m1\nA2,2026-11-09 11:00,,송장 조회,,,m2\nA3,2026-11-09 12:00,,송장 조회,,,m9\n");
    let cfg = mini_config("").replace(
        "csat: 만족도, ces: CES }",
        "csat: 만족도, ces: CES, customer_id: 회원 }\n    join: [{ paths: [crm.csv], on: { customer_id: 회원번호 }, columns: { segment: 등급 } }]",
    );
    wd.write("voc.yaml", cfg);
    wd.write("crm.csv", "회원번호,등급\nm1,VIP\nm2,일반\n");
    wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46", "--format", "json"]).ok_but_short();
    let m: Value = serde_json::from_str(&wd.read("out/2026-W46.json")).unwrap();
    let segs = m["segments"].as_array().unwrap();
    let find = |v: Value| segs.iter().find(|s| s["segment"] == v).map(|s| s["count"].clone());
    assert_eq!(find(Value::from("VIP")), Some(Value::from(1)));
    assert_eq!(find(Value::from("일반")), Some(Value::from(1)));
    assert_eq!(find(Value::Null), Some(Value::from(1)), "a key with no match leaves the field null");
    wd.write("crm.csv", "회원번호,등급\nm1,VIP\nm2,일반\nm1,일반\n");
    wd.run(&["--config", "voc.yaml", "validate"]).expect(2).stderr_has("join key `m1`");
}

#[test]
fn unmapped_fields_give_null_metrics_not_zero() {
    let wd = Workdir::new("unmapped_null");
    wd.write(
        "voc.yaml",
        format!(
            "output_dir: out\ntaxonomy: {}/config/taxonomy.yaml\ninputs:\n  conversations:\n    paths: [conv.csv]\n    columns: {{ id: id, created_at: at, text: body }}\n",
            repo().display()
        ),
    );
    wd.write("conv.csv", "id,at,body\n1,2026-11-09 10:00,배송 언제 와요\n");
    wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46", "--format", "json"]).ok_but_short();
    let m: Value = serde_json::from_str(&wd.read("out/2026-W46.json")).unwrap();
    assert_eq!(m["sales"]["revenue"], Value::Null);
    assert_eq!(m["inquiries"]["total"], 1);
    assert_eq!(m["inquiries"]["per_revenue_unit"], Value::Null);
    assert_eq!(m["first_response"]["all"]["conversations"], 1);
    assert_eq!(m["first_response"]["all"]["answered"], Value::Null);
    assert_eq!(m["first_response"]["all"]["median_s"], Value::Null);
    assert_eq!(m["channels"], Value::Null);
    assert_eq!(m["customers"], Value::Null);
    assert_eq!(m["satisfaction"]["csat"], Value::Null);
    assert_eq!(m["data_quality"]["without_product"], Value::Null);
}
