//! Every input format reads the same data the same way: XLSX saved by a spreadsheet program,
//! JSON Lines, Parquet, and the presets' imitations of real exports.

use crate::util::{Workdir, fixture_config};

#[test]
fn an_xlsx_saved_by_a_spreadsheet_program_reports_like_its_csv_twin() {
    // fixtures/xlsx/conversations-2026-10.xlsx is LibreOffice Calc's save of the October CSV
    // (scripts/make-xlsx-fixtures.sh): real date cells, numbers as numbers, shared strings
    let wd = Workdir::new("xlsx_twin");
    let base = fixture_config();
    wd.write("csv.yaml", base.replace("cs/conversations-*.csv", "cs/conversations-2026-10.csv"));
    wd.write("xlsx.yaml", base.replace("cs/conversations-*.csv", "xlsx/conversations-2026-10.xlsx"));
    for cfg in ["csv", "xlsx"] {
        let y = format!("{cfg}.yaml");
        wd.run(&["--config", &y, "tag", "--out", &format!("{cfg}.tags.csv")]).ok();
        wd.run(&["--config", &y, "report", "--month", "2026-10", "--format", "json", "--out", cfg]).ok();
    }
    let (a, b) = (wd.read("csv.tags.csv"), wd.read("xlsx.tags.csv"));
    assert!(a.lines().count() > 1800);
    assert_eq!(a, b, "the XLSX tags exactly like the CSV");
    assert_eq!(wd.read("csv/2026-10.json"), wd.read("xlsx/2026-10.json"), "and gives the same report");
}

fn preset_config(inputs: &str) -> String {
    let repo = crate::util::repo();
    format!(
        "output_dir: out\ntaxonomy: {r}/config/taxonomy.yaml\ninputs:\n{}\nreport:\n  quality_gate: {{ max_rejected_share: 0.02, max_unclassified_share: 0.9 }}\n",
        inputs.replace("FIX/", &format!("{}/fixtures/presets/", repo.display())),
        r = repo.display()
    )
}

fn report(wd: &Workdir, env: &[(&str, &str)]) -> serde_json::Value {
    wd.run_env(&["--config", "voc.yaml", "report", "--week", "2026-W46", "--format", "json,html"], env).ok_but_short();
    serde_json::from_str(&wd.read("out/2026-W46.json")).unwrap()
}

#[test]
fn channel_talk_as_it_exports_today_through_the_preset_alone() {
    let wd = Workdir::new("preset_channel_talk_2026");
    wd.write(
        "voc.yaml",
        preset_config("  conversations: { preset: channel_talk, paths: [FIX/channel-talk.xlsx] }\n  messages: { preset: channel_talk, paths: [FIX/channel-talk.xlsx] }"),
    );
    wd.run_env(
        &["--config", "voc.yaml", "report", "--week", "2026-W46", "--format", "json,html,email"],
        &[("CHANNEL_TALK_PASSWORD", "voc-fixture")],
    )
    .ok_but_short();
    let m: serde_json::Value = serde_json::from_str(&wd.read("out/2026-W46.json")).unwrap();
    // every chat of the week; the four internal notes are filtered, never an answer or a quote
    assert_eq!(m["inquiries"]["total"], 40);
    assert_eq!(m["data_quality"]["messages"]["filtered"], 4, "{}", m["data_quality"]["messages"]);
    let channels: Vec<&str> = m["channels"].as_array().unwrap().iter().filter_map(|c| c["channel"].as_str()).collect();
    for name in ["채널톡", "카카오톡", "네이버톡톡", "인스타그램", "라인", "이메일", "전화"] {
        assert!(channels.contains(&name), "the medium by the name people say: {channels:?}");
    }
    assert!(m["satisfaction"]["csat"]["responses"].as_u64().unwrap() > 0, "profile.csat");
    assert!(m["reopen_share"].as_f64().is_some(), "reopenCount");
    let html = wd.read("out/2026-W46.html").replace("&#x2f;", "/");
    assert!(!html.contains("내부 메모"), "an internal note is never quoted");
    // every quoted chat links to its own url (no conversation_url configured)
    let quoted: Vec<&str> = m["voices"].as_array().unwrap().iter().filter_map(|v| v["conversation_id"].as_str()).collect();
    assert!(!quoted.is_empty());
    let mail = wd.read("out/2026-W46.email.html").replace("&#x2f;", "/");
    for id in quoted {
        let link = format!("href=\"https://desk.channel.io/#/channels/1234/user_chats/{id}\"");
        assert!(html.contains(&link), "the HTML links {id} to its chat");
        assert!(mail.contains(&link), "the mail links {id} to its chat");
    }
}

#[test]
fn channel_talk_download_password_protected_with_its_message_sheet() {
    let wd = Workdir::new("preset_channel_talk");
    wd.write(
        "voc.yaml",
        preset_config("  conversations: { preset: channel_talk, paths: [FIX/channel-talk-2025.xlsx] }\n  messages: { preset: channel_talk, paths: [FIX/channel-talk-2025.xlsx] }"),
    );
    wd.run(&["--config", "voc.yaml", "validate"]).expect(1).stderr_has("CHANNEL_TALK_PASSWORD (password_env) is not set");
    wd.run_env(&["--config", "voc.yaml", "validate"], &[("CHANNEL_TALK_PASSWORD", "wrong")])
        .expect(1)
        .stderr_has("does not open this workbook");
    let m = report(&wd, &[("CHANNEL_TALK_PASSWORD", "voc-fixture")]);
    let dq = &m["data_quality"];
    assert_eq!(dq["conversations"]["rows_used"], 40, "{dq}");
    // 40 customer messages, 40 bot greetings, 36 agent replies: every one attached to its chat
    assert_eq!(dq["messages"]["rows_read"], 116);
    assert_eq!(dq["messages"]["rows_used"], 116);
    let fr = &m["first_response"]["all"];
    assert_eq!((fr["answered"].as_u64(), fr["unanswered"].as_u64()), (Some(36), Some(4)), "firstRepliedAtAfterOpen − openedAt");
    // the chats carry no text of their own: it comes from the customers' messages
    let tags: Vec<(String, u64)> = m["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["id"].as_str().unwrap().to_string(), t["count"].as_u64().unwrap()))
        .collect();
    assert!(tags.iter().any(|(id, n)| id == "size" && *n > 0), "{tags:?}");
    assert_eq!(m["channels"].as_array().unwrap().len(), 4, "contactMediumType");
    // closedAt: three chats still open; the agent who answered (personId) is credited
    assert_eq!(m["resolution"]["all"]["unresolved"], 3, "{}", m["resolution"]);
    assert_eq!(m["backlog"]["open"], 3);
    let agents: Vec<&str> = m["agents"].as_array().unwrap().iter().filter_map(|a| a["agent"].as_str()).collect();
    assert!(agents.contains(&"m03"), "every fifth chat was answered by m03, not its assignee: {agents:?}");
    assert!(wd.read("out/2026-W46.html").contains("id=\"desk\""));
}

#[test]
fn zendesk_and_freshdesk_ticket_exports() {
    let wd = Workdir::new("preset_helpdesks");
    wd.write("voc.yaml", preset_config("  conversations: { preset: zendesk, paths: [FIX/zendesk-tickets.csv] }"));
    let m = report(&wd, &[]);
    assert_eq!(m["inquiries"]["total"], 30);
    assert_eq!(m["first_response"]["all"]["unanswered"], 3, "an empty first-reply time is unanswered");
    assert_eq!(m["channels"].as_array().unwrap().len(), 3, "Via");
    // Zendesk tags are space-separated: `사이즈문의` is the size alias
    assert!(m["tags"].as_array().unwrap().iter().any(|t| t["id"] == "size" && t["count"].as_u64().unwrap() >= 5));
    // Solved at, Replies, Reopens, Assignee: the figures as the export itself gives them
    let rows = crate::util::read_csv(&crate::util::repo().join("fixtures/presets/zendesk-tickets.csv"));
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let solved: Vec<&Vec<String>> = rows[1..].iter().filter(|r| !r[col("Solved at")].is_empty()).collect();
    let share = |pred: &dyn Fn(&Vec<String>) -> bool| solved.iter().filter(|r| pred(r)).count() as f64 / solved.len() as f64;
    assert_eq!(m["resolution"]["all"]["resolved"].as_u64(), Some(solved.len() as u64));
    assert_eq!(m["resolution"]["all"]["unresolved"].as_u64(), Some(30 - solved.len() as u64));
    assert_eq!(m["one_touch_share"].as_f64(), Some(share(&|r| r[col("Replies")] == "1")));
    assert_eq!(m["reopen_share"].as_f64(), Some(share(&|r| r[col("Reopens")] != "0")));
    let agents = m["agents"].as_array().unwrap();
    assert_eq!(agents.len(), 4, "three agents and the unassigned: {agents:?}");
    assert!(agents.last().unwrap()["agent"].is_null(), "the unassigned last");
    assert!(wd.read("out/2026-W46.html").contains("id=\"desk\""));
    // Satisfaction Score: the share of Good among the rated (Offered and Not Offered are unrated)
    let scores: Vec<&str> = rows[1..].iter().map(|r| r[col("Satisfaction Score")].as_str()).collect();
    let (good, bad) = (scores.iter().filter(|s| **s == "Good").count(), scores.iter().filter(|s| **s == "Bad").count());
    let csat = &m["satisfaction"]["csat"];
    assert_eq!(csat["responses"].as_u64(), Some((good + bad) as u64), "{csat}");
    assert_eq!(csat["share_4_5"].as_f64(), Some(good as f64 / (good + bad) as f64), "{csat}");
    wd.write("voc.yaml", preset_config("  conversations: { preset: freshdesk, paths: [FIX/freshdesk-tickets.csv] }"));
    let m = report(&wd, &[]);
    assert_eq!(m["inquiries"]["total"], 30, "title-case headers match the preset's sentence case");
    assert_eq!(m["first_response"]["all"]["answered"], 26);
    // Resolved time and Agent
    let rows = crate::util::read_csv(&crate::util::repo().join("fixtures/presets/freshdesk-tickets.csv"));
    let col = rows[0].iter().position(|h| h.trim_start_matches('\u{feff}') == "Resolved Time").unwrap();
    let open = rows[1..].iter().filter(|r| r[col].is_empty()).count() as u64;
    assert_eq!(m["resolution"]["all"]["unresolved"].as_u64(), Some(open));
    assert_eq!(m["agents"].as_array().unwrap().len(), 2);
    assert!(m["reopen_share"].is_null(), "no reopens column: null, not zero");
    // Survey Results: Awesome 5, Just Okay 3, Not Good 1; no answer is unrated
    let col = rows[0].iter().position(|h| h == "Survey Results").unwrap();
    let score = |s: &str| match s {
        "Awesome" => Some(5.0),
        "Just Okay" => Some(3.0),
        "Not Good" => Some(1.0),
        _ => None,
    };
    let rated: Vec<f64> = rows[1..].iter().filter_map(|r| score(&r[col])).collect();
    let csat = &m["satisfaction"]["csat"];
    assert_eq!(csat["responses"].as_u64(), Some(rated.len() as u64), "{csat}");
    assert_eq!(csat["mean"].as_f64(), Some(rated.iter().sum::<f64>() / rated.len() as f64), "{csat}");
    assert!(wd.read("out/2026-W46.html").contains("id=\"desk\""));
}

#[test]
fn smartstore_and_cafe24_order_exports() {
    let wd = Workdir::new("preset_shops");
    wd.write(
        "voc.yaml",
        preset_config("  conversations: { preset: zendesk, paths: [FIX/zendesk-tickets.csv] }\n  sales: { preset: smartstore, paths: [FIX/smartstore-orders.xlsx] }"),
    );
    let m = report(&wd, &[("SMARTSTORE_PASSWORD", "voc-fixture")]);
    let s = &m["data_quality"]["sales"];
    // 36 orders, every second one with two lines: 54 lines; 반품 claims are returns, 취소 filtered
    assert_eq!(s["rows_read"], 54, "{s}");
    assert_eq!(s["filtered"], 5, "cancelled lines: orders 3 and 33 (two lines each) and 18");
    assert_eq!(s["rows_rejected"], 0);
    let returned: f64 = m["top_products"].as_array().unwrap().iter().map(|p| p["returns"].as_f64().unwrap()).sum();
    assert!(returned > 0.0, "반품완료 lines become returns");
    assert!(m["sales"]["revenue"].as_f64().unwrap() > 0.0);
    wd.write(
        "voc.yaml",
        preset_config("  conversations: { preset: zendesk, paths: [FIX/zendesk-tickets.csv] }\n  sales: { preset: cafe24, paths: [FIX/cafe24-orders.csv] }"),
    );
    let m = report(&wd, &[]);
    let s = &m["data_quality"]["sales"];
    // lines 6 and 19 are 입금전취소 (filtered); 4, 14 and 24 are 반품완료 (returns)
    assert_eq!(
        (s["rows_read"].as_u64(), s["filtered"].as_u64(), s["rows_rejected"].as_u64()),
        (Some(30), Some(2), Some(0)),
        "{s}"
    );
    assert_eq!(m["sales"]["orders"], 25, "30 lines − 3 returned − 2 cancelled, one order each");
    assert_eq!(m["top_products"][0]["name"], "경량 패딩", "CP949 product names read");
}

#[test]
fn jsonl_and_parquet_read_like_csv() {
    use polars::prelude::*;
    let wd = Workdir::new("jsonl_parquet");
    let csv_path = crate::util::repo().join("fixtures/cs/conversations-2026-10.csv");
    let rows = crate::util::read_csv(&csv_path);
    let head = &rows[0];
    // JSON Lines: one object per conversation; Parquet: one string column per header
    let mut jsonl = String::new();
    for r in &rows[1..] {
        let obj: serde_json::Map<String, serde_json::Value> =
            head.iter().zip(r).map(|(h, v)| (h.clone(), serde_json::Value::from(v.clone()))).collect();
        jsonl.push_str(&serde_json::to_string(&obj).unwrap());
        jsonl.push('\n');
    }
    wd.write("conv.jsonl", jsonl);
    let cols: Vec<Column> = head
        .iter()
        .enumerate()
        .map(|(j, h)| Series::new(h.as_str().into(), rows[1..].iter().map(|r| r[j].as_str()).collect::<Vec<_>>()).into())
        .collect();
    let mut df = DataFrame::new(rows.len() - 1, cols).unwrap();
    ParquetWriter::new(std::fs::File::create(wd.path("conv.parquet")).unwrap()).finish(&mut df).unwrap();
    let base = fixture_config();
    let mut outs = Vec::new();
    for (name, path) in [
        ("csv", csv_path.display().to_string()),
        ("jsonl", wd.path("conv.jsonl").display().to_string()),
        ("parquet", wd.path("conv.parquet").display().to_string()),
    ] {
        let glob = format!("{}/fixtures/cs/conversations-*.csv", crate::util::repo().display());
        wd.write(&format!("{name}.yaml"), base.replace(&glob, &path));
        wd.run(&["--config", &format!("{name}.yaml"), "tag", "--out", &format!("{name}.tags.csv")]).ok();
        outs.push((name, wd.read(&format!("{name}.tags.csv"))));
    }
    assert!(outs[0].1.lines().count() > 1800);
    for (name, out) in &outs[1..] {
        assert_eq!(out, &outs[0].1, "{name} differs from CSV");
    }
}

/// Writes, from the October fixture rows whose times and scores read cleanly, a CSV (times as
/// text: creation with its +09:00 offset, first response as local wall-clock time) and a
/// Parquet file written by DuckDB with the same values typed: creation a TIMESTAMPTZ (an
/// instant, stored in UTC), first response a naive TIMESTAMP, CES/CSAT integers, NPS a double.
const TYPED_PARQUET: &str = r#"
import csv, datetime as dt, sys, duckdb
sys.path.insert(0, sys.argv[3])
from crosscheck import parse_time, num, NULLS
KST = dt.timezone(dt.timedelta(hours=9))
src, out = sys.argv[1], sys.argv[2]
rows = list(csv.reader(open(src, encoding="utf-8-sig", newline="")))
head, body = rows[0], rows[1:]
ix = {h: i for i, h in enumerate(head)}
clean = []
for r in body:
    if len(r) != len(head):
        continue
    c = parse_time(r[ix["생성일시"]])
    fr_raw = r[ix["첫응답일시"]].strip()
    fr = None if fr_raw in NULLS else parse_time(fr_raw)
    scores = [None if r[ix[k]].strip() in NULLS else num(r[ix[k]]) for k in ("CES", "만족도", "NPS")]
    if c is None or (fr_raw not in NULLS and fr is None) or any(s is None and r[ix[k]].strip() not in NULLS for s, k in zip(scores, ("CES", "만족도", "NPS"))):
        continue
    if any(s is not None and s != int(s) for s in scores[:2]):
        continue
    clean.append((r, dt.datetime.fromtimestamp(c / 1000, KST), None if fr is None else dt.datetime.fromtimestamp(fr / 1000, KST).replace(tzinfo=None), scores))
with open(out + ".csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(head)
    for r, c, fr, s in clean:
        r = list(r)
        r[ix["생성일시"]] = c.isoformat()
        r[ix["첫응답일시"]] = "" if fr is None else fr.isoformat(sep=" ")
        r[ix["CES"]], r[ix["만족도"]], r[ix["NPS"]] = ["" if v is None else (str(int(v)) if i < 2 else repr(float(v))) for i, v in enumerate(s)]
        w.writerow(r)
con = duckdb.connect()
cols = ", ".join(f'"{h}" ' + {"생성일시": "TIMESTAMPTZ", "첫응답일시": "TIMESTAMP", "CES": "INTEGER", "만족도": "INTEGER", "NPS": "DOUBLE"}.get(h, "VARCHAR") for h in head)
con.execute(f"CREATE TABLE t ({cols})")
for r, c, fr, s in clean:
    vals = []
    for h in head:
        if h == "생성일시": vals.append(c)
        elif h == "첫응답일시": vals.append(fr)
        elif h in ("CES", "만족도"): v = s[("CES", "만족도").index(h)]; vals.append(None if v is None else int(v))
        elif h == "NPS": vals.append(s[2])
        else: vals.append(r[ix[h]])
    con.execute(f"INSERT INTO t VALUES ({', '.join('?' for _ in head)})", vals)
con.execute(f"COPY t TO '{out}.parquet' (FORMAT parquet)")
print(len(clean))
"#;

#[test]
fn parquet_timestamps_and_numbers_are_read_with_their_types() {
    let python_duckdb =
        std::process::Command::new("python3").args(["-c", "import duckdb"]).output().is_ok_and(|o| o.status.success());
    if !crate::util::have(python_duckdb, "python3 with duckdb (it writes the typed Parquet file)") {
        return;
    }
    let wd = Workdir::new("parquet_typed");
    let src = crate::util::repo().join("fixtures/cs/conversations-2026-10.csv");
    let out = std::process::Command::new("python3")
        .args(["-c", TYPED_PARQUET])
        .arg(&src)
        .arg(wd.path("conv"))
        .arg(crate::util::repo().join("scripts"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let n: usize = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    assert!(n > 1500, "{n} clean rows");
    let glob = format!("{}/fixtures/cs/conversations-*.csv", crate::util::repo().display());
    let mut exports = Vec::new();
    for ext in ["csv", "parquet"] {
        wd.write(&format!("{ext}.yaml"), fixture_config().replace(&glob, &wd.path(&format!("conv.{ext}")).display().to_string()));
        wd.run(&["--config", &format!("{ext}.yaml"), "tag", "--out", &format!("{ext}.tags.csv")]).ok();
        wd.run(&["--config", &format!("{ext}.yaml"), "report", "--month", "2026-10", "--format", "json", "--out", ext]);
        exports.push(wd.read(&format!("{ext}.tags.csv")));
    }
    assert_eq!(exports[0].lines().count(), n + 1, "every clean row is a conversation");
    assert_eq!(exports[1], exports[0], "the typed Parquet reads like the same values written as text");
    // the report's figures agree too (satisfaction from the integer and double columns)
    let json = |ext: &str| -> serde_json::Value { serde_json::from_str(&wd.read(&format!("{ext}/2026-10.json"))).unwrap() };
    let (c, p) = (json("csv"), json("parquet"));
    for key in ["inquiries", "first_response", "satisfaction", "tags", "channels"] {
        assert_eq!(p[key], c[key], "{key}");
    }
    assert!(c["satisfaction"]["csat"]["responses"].as_u64().unwrap() > 0);
}
