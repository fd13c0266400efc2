//! A report that never misleads (docs/trust.md): data that does not cover the period is
//! named, the run exits 3, an empty period is one sentence, and a previous period the data
//! does not reach gives no change figures.

use serde_json::Value;

use crate::util::{Workdir, fixture_config};

fn report(wd: &Workdir, period: &[&str], out: &str) -> crate::util::Run {
    let mut args = vec!["--config", "voc.yaml", "report"];
    args.extend_from_slice(period);
    args.extend_from_slice(&["--format", "html,json,md", "--out", out, "--now", "2026-12-16T09:00:00+09:00"]);
    wd.run(&args)
}

fn json(wd: &Workdir, path: &str) -> Value {
    serde_json::from_str(&wd.read(path)).unwrap()
}

fn data_spans(m: &Value) -> Vec<String> {
    m["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == "data_span")
        .map(|a| a["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_last_week_after_the_exports_end_is_named_and_exits_3() {
    // the fixtures end on 2026-11-15; a month later the cron job asks for the last week
    let wd = Workdir::new("trust_last_week");
    wd.write("voc.yaml", fixture_config());
    let run = report(&wd, &["--last", "week"], "out");
    run.expect(3).stderr_has("data-quality gate failed: 상담: 데이터 범위 2026-08-31 ~ 2026-11-15, 기간 2026-12-07 ~ 2026-12-13");
    let m = json(&wd, "out/2026-W50.json");
    assert_eq!(data_spans(&m).len(), 2, "conversations and sales: {:?}", data_spans(&m));
    assert_eq!(m["data_quality"]["conversations"]["last"], "2026-11-15T22:22:23+09:00");
    let html = wd.read("out/2026-W50.html");
    assert!(html.contains("이 기간(2026-12-07 ~ 2026-12-13)에는 문의가 한 건도 없습니다."), "one sentence instead of zeros");
    assert!(!html.contains("<svg class=\"chart\""), "no chart without data");
    assert!(!html.contains("id=\"sales\""), "no sales section of zeros");
    assert!(html.contains("데이터 범위 2026-08-31 ~ 2026-11-15"), "the header names the data's span");
    let md = wd.read("out/2026-W50.md");
    assert!(md.contains(":warning: 상담: 데이터 범위"), "{md}");
}

#[test]
fn a_range_with_no_data_at_all_is_not_a_page_of_zeros() {
    let wd = Workdir::new("trust_no_data");
    wd.write("voc.yaml", fixture_config());
    let run = report(&wd, &["--from", "2025-01-01", "--to", "2025-01-31"], "out");
    run.expect(3);
    let m = json(&wd, "out/2025-01-01_2025-01-31.json");
    assert_eq!(m["inquiries"]["total"], 0);
    assert_eq!(data_spans(&m).len(), 2);
    let html = wd.read("out/2025-01-01_2025-01-31.html");
    assert!(!html.contains("<svg class=\"chart\""), "no daily chart with axes reading 1, 0, 0");
    assert!(html.contains("문의가 한 건도 없습니다"));
}

#[test]
fn a_half_covered_month_is_named_and_exits_3() {
    let wd = Workdir::new("trust_half_month");
    wd.write("voc.yaml", fixture_config());
    report(&wd, &["--month", "2026-11"], "out").expect(3).stderr_has("기간 2026-11-01 ~ 2026-11-30");
    let m = json(&wd, "out/2026-11.json");
    assert!(data_spans(&m).iter().any(|s| s.contains("데이터 범위 2026-08-31 ~ 2026-11-15")), "{:?}", data_spans(&m));
    // half a month against a whole one is no change: none is shown (was "문의 −51.0% vs 지난 달")
    assert!(m["previous"]["change"].is_null(), "{}", m["previous"]["change"]);
    let html = wd.read("out/2026-11.html");
    assert!(
        html.contains("이번 기간의 데이터가 기간을 다 덮지 않아 변화율을 표시하지 않습니다.") && !html.contains("vs 지난 달")
    );
}

#[test]
fn a_previous_period_the_data_does_not_cover_gives_no_changes() {
    // ISO week 36 of 2026 starts on 2026-08-31, the fixtures' first day: week 35 has no data
    let wd = Workdir::new("trust_previous");
    wd.write("voc.yaml", fixture_config());
    report(&wd, &["--week", "2026-W36"], "out").ok();
    let m = json(&wd, "out/2026-W36.json");
    assert_eq!(m["previous"]["period"]["id"], "2026-W35");
    assert!(m["previous"]["change"].is_null(), "no −100% against an empty week: {}", m["previous"]["change"]);
    assert!(data_spans(&m).is_empty(), "the current week is covered");
    let html = wd.read("out/2026-W36.html");
    assert!(html.contains("직전 기간 데이터 부족(2026-W35)"));
    assert!(!html.contains("vs 지난 주"), "no change on the cards");
    // a covered week keeps its changes and passes
    report(&wd, &["--week", "2026-W46"], "w46").ok();
    let m = json(&wd, "w46/2026-W46.json");
    assert!(m["previous"]["change"]["inquiries"].is_number());
    assert!(data_spans(&m).is_empty());
}

/// A shop whose order lines are numbered 1..n within each order (Olist's `order_item_id`).
fn line_numbered_shop(wd: &Workdir) {
    let repo = crate::util::repo();
    wd.write(
        "voc.yaml",
        format!(
            "timezone: Asia/Seoul\ntaxonomy: {}/config/taxonomy.yaml\noutput_dir: out\ninputs:\n  conversations:\n    paths: [conv.csv]\n    columns: {{ id: id, created_at: created, text: text, order_id: order }}\n  sales:\n    paths: [\"sales/*.csv\"]\n    columns: {{ date: date, order_id: order, line_id: line, product_id: product, revenue: revenue }}\n",
            repo.display()
        ),
    );
    let mut conv = String::from("id,created,text,order\n");
    let mut sales = String::from("date,order,line,product,revenue\n");
    for d in 9..=15 {
        for o in 0..10 {
            let order = format!("O{d}{o:02}");
            conv.push_str(&format!("c{d}{o},2026-11-{d} 10:0{},배송 언제 와요,{order}\n", o % 10));
            // two lines in each order, numbered 1 and 2 within it
            sales.push_str(&format!("2026-11-{d} 09:00,{order},1,P1,1000\n2026-11-{d} 09:00,{order},2,P2,500\n"));
        }
    }
    wd.write("conv.csv", conv);
    wd.write("sales/export.csv", sales);
}

#[test]
fn a_line_is_identified_within_its_order() {
    let wd = Workdir::new("trust_line_key");
    line_numbered_shop(&wd);
    wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46", "--format", "json"]).ok();
    let m = json(&wd, "out/2026-W46.json");
    assert_eq!(m["sales"]["revenue"].as_f64(), Some(70.0 * 1500.0), "every order's lines 1 and 2 count: {}", m["sales"]);
    assert_eq!(m["data_quality"]["sales"]["duplicates"], 0);
    // no returns input, no return_when, no negative line: returns are unknown, not zero
    let top = &m["top_products"][0];
    assert!(top["returns"].is_null() && top["return_rate"].is_null(), "{top}");
}

#[test]
fn the_same_export_twice_keeps_the_figures_right_and_fails_the_duplicates_gate() {
    let wd = Workdir::new("trust_duplicates");
    line_numbered_shop(&wd);
    // the same export downloaded again a minute later: the same lines, newest first (not the
    // same bytes, so not a copy of a file, which is read once)
    let export = wd.read("sales/export.csv");
    let (head, lines) = export.split_once('\n').unwrap();
    let again: Vec<&str> = lines.lines().rev().collect();
    wd.write("sales/export (1).csv", format!("{head}\n{}\n", again.join("\n")));
    let run = wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46", "--format", "json"]);
    run.expect(3)
        .stderr_has("매출: 280행 중 140행이 앞의 행과 같은 (order, line)입니다: 같은 내보내기 파일이 폴더에 두 번 있나요?");
    let m = json(&wd, "out/2026-W46.json");
    assert_eq!(m["sales"]["revenue"].as_f64(), Some(70.0 * 1500.0), "duplicates are left out of the figures");
    assert_eq!(m["data_quality"]["sales"]["duplicates"], 140);
    let dup: Vec<&Value> = m["alerts"].as_array().unwrap().iter().filter(|a| a["kind"] == "duplicates").collect();
    assert_eq!(dup.len(), 1, "{:?}", m["alerts"]);
    assert_eq!(dup[0]["count"], 140);
    // a few duplicates (one re-sent line) are counted but pass the gate
    wd.write("sales/export (1).csv", "date,order,line,product,revenue\n2026-11-09 09:00,O900,1,P1,1000\n");
    wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46", "--format", "json"]).ok();
    assert_eq!(json(&wd, "out/2026-W46.json")["data_quality"]["sales"]["duplicates"], 1);
}

#[test]
fn a_first_response_later_than_max_response_is_implausible() {
    // the fixtures plant two answers 40 days after the question in week 46 (and three before it)
    let wd = Workdir::new("trust_too_late");
    wd.write("voc.yaml", fixture_config());
    wd.report_w46("json,html").ok();
    let m = json(&wd, "out/2026-W46.json");
    assert_eq!(m["data_quality"]["invalid_first_response"], 5);
    assert_eq!(m["first_response"]["all"]["invalid"], 5);
    let p90 = m["first_response"]["all"]["p90_s"].as_f64().unwrap();
    assert!(p90 < 30.0 * 86_400.0, "the 40-day answers stay out of the statistics: p90 {p90}");
    assert!(wd.read("out/2026-W46.html").contains("앞뒤가 맞지 않는 첫 응답 (문의보다 빠르거나 30일 넘게 늦음)"));
    // a team whose tickets legitimately take longer says so
    wd.write("voc.yaml", fixture_config().replace("report:\n", "report:\n  max_response: 60d\n"));
    wd.report_w46("json").ok();
    assert_eq!(json(&wd, "out/2026-W46.json")["data_quality"]["invalid_first_response"], 3);
    wd.write("voc.yaml", fixture_config().replace("report:\n", "report:\n  max_response: soon\n"));
    wd.report_w46("json").expect(2).stderr_has("`soon` is not a positive duration");
}

#[test]
fn manual_tags_that_name_no_tag_are_listed_not_dropped() {
    let wd = Workdir::new("trust_unmapped_manual");
    let repo = crate::util::repo();
    let cfg = |tags: &str| {
        format!(
            "timezone: Asia/Seoul\ntaxonomy: {}/config/taxonomy.yaml\noutput_dir: out\ninputs:\n  conversations:\n    paths: [conv.csv]\n    columns: {{ id: id, created_at: created, text: text{tags} }}\nreport:\n  quality_gate: {{ max_unclassified_share: 1.0 }}\n",
            repo.display()
        )
    };
    wd.write("voc.yaml", cfg(", tags: tags"));
    let mut conv = String::from("id,created,text,tags\n");
    let tags = ["\"배송, VIP응대\"", "확인중", "사이즈", "VIP응대", "", "\"VIP응대;확인중\""];
    for d in 9..=15 {
        for (i, t) in tags.iter().enumerate() {
            conv.push_str(&format!("c{d}{i},2026-11-{d} 1{i}:00,문의,{t}\n"));
        }
    }
    // outside the week: not counted
    conv.push_str("old,2026-11-02 10:00,문의,보류\n");
    wd.write("conv.csv", conv);
    wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46", "--format", "json,html"]).ok();
    let m = json(&wd, "out/2026-W46.json");
    assert_eq!(
        m["data_quality"]["unmapped_manual_tags"],
        serde_json::json!([{"value": "VIP응대", "count": 21}, {"value": "확인중", "count": 14}]),
        "by count, then value; 배송 and 사이즈 name tags; 보류 is outside the week"
    );
    assert!(wd.read("out/2026-W46.html").contains("VIP응대 21, 확인중 14"));
    // no tags column: unknown, not an empty list
    wd.write("voc.yaml", cfg(""));
    wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46", "--format", "json"]).ok();
    assert!(json(&wd, "out/2026-W46.json")["data_quality"]["unmapped_manual_tags"].is_null());
}

/// The bundled config reading its conversations from copies in this workdir's `cs/`.
fn local_conversations(wd: &Workdir) {
    let repo = crate::util::repo();
    for m in ["09", "10", "11"] {
        let name = format!("conversations-2026-{m}.csv");
        std::fs::create_dir_all(wd.path("cs")).unwrap();
        std::fs::copy(repo.join("fixtures/cs").join(&name), wd.path(&format!("cs/{name}"))).unwrap();
    }
    let glob = format!("{}/fixtures/cs/conversations-*.csv", repo.display());
    wd.write("voc.yaml", fixture_config().replace(&glob, &wd.path("cs/conversations-*.csv").display().to_string()));
}

#[test]
fn an_empty_file_among_the_exports_is_a_warning_not_an_abort() {
    let wd = Workdir::new("trust_empty_file");
    local_conversations(&wd);
    wd.write("reference.yaml", wd.read("voc.yaml"));
    wd.run(&["--config", "reference.yaml", "report", "--week", "2026-W46", "--format", "json", "--out", "ref"]).ok();
    wd.write("cs/conversations-2026-12.csv", ""); // a failed download
    let run = wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46", "--format", "json"]);
    run.ok().stderr_has("conversations-2026-12.csv: the file is empty (0 bytes), skipped");
    let (with, without) = (json(&wd, "out/2026-W46.json"), json(&wd, "ref/2026-W46.json"));
    let empty = &with["data_quality"]["conversations"]["empty_files"];
    assert!(empty.as_array().unwrap()[0].as_str().unwrap().ends_with("cs/conversations-2026-12.csv"), "{empty}");
    assert_eq!(with["inquiries"], without["inquiries"], "the figures are those of the other files");
    // only when every file is empty is it an error
    for m in ["09", "10", "11"] {
        wd.write(&format!("cs/conversations-2026-{m}.csv"), "");
    }
    wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46", "--format", "json"])
        .expect(1)
        .stderr_has("every file of inputs.conversations is empty (0 bytes)");
}

#[test]
fn blank_rows_and_a_trailing_total_row_are_filtered_not_rejected() {
    let wd = Workdir::new("trust_footer");
    local_conversations(&wd);
    let before: Value =
        serde_json::from_str(&wd.run(&["--config", "voc.yaml", "validate", "--json", "--week", "2026-W46"]).stdout()).unwrap();
    let path = "cs/conversations-2026-11.csv";
    let mut text = wd.read(path);
    // a blank row in the middle (every mapped cell empty) and the export tool's total row
    let at = text.match_indices('\n').nth(10).unwrap().0 + 1;
    text.insert_str(at, ",,,,,,,,,,,,,,,,,\n");
    text.push_str("합계: 4630건,,,,,,,,,,,,,,,,,\n");
    wd.write(path, text);
    let run = wd.run(&["--config", "voc.yaml", "validate", "--json", "--week", "2026-W46"]);
    let after: Value = serde_json::from_str(&run.stdout()).unwrap();
    let (b, a) = (&before["inputs"]["conversations"], &after["inputs"]["conversations"]);
    assert_eq!(a["rows_read"].as_u64().unwrap(), b["rows_read"].as_u64().unwrap() + 2);
    assert_eq!(a["filtered"].as_u64().unwrap(), b["filtered"].as_u64().unwrap() + 2, "{a}");
    assert_eq!(a["rows_rejected"], b["rows_rejected"], "neither pushes the rejected share toward the gate");
    assert!(!wd.read("out/2026-W46.rejects.csv").contains("합계"), "the total row is not a reject");
}

#[test]
fn a_join_that_would_change_nothing_is_a_config_error_unless_it_overwrites() {
    let wd = Workdir::new("trust_join_overwrite");
    wd.write("names.csv", "code,ko\n신발,슈즈\n");
    let translate = |overwrite: &str| {
        fixture_config().replace(
            "        columns: { category: 카테고리 }\n",
            &format!(
                "        columns: {{ category: 카테고리 }}\n      - paths: [names.csv]\n        on: {{ category: code }}\n        columns: {{ category: ko }}\n{overwrite}"
            ),
        )
    };
    wd.write("voc.yaml", translate(""));
    assert!(wd.read("voc.yaml").contains("names.csv"), "the test edits the bundled config's join");
    wd.run(&["--config", "voc.yaml", "validate"])
        .expect(2)
        .stderr_has("`category` is given by inputs.sales.join[0] (`카테고리`) and again by inputs.sales.join[1] (`ko`)")
        .stderr_has("add `overwrite: true`");
    wd.write("voc.yaml", translate("        overwrite: true\n"));
    wd.report_w46("json").ok();
    let m = json(&wd, "out/2026-W46.json");
    let groups: Vec<&str> = m["product_groups"].as_array().unwrap().iter().filter_map(|g| g["group"].as_str()).collect();
    assert!(groups.contains(&"슈즈") && !groups.contains(&"신발"), "translated where the key matched: {groups:?}");
    assert!(groups.contains(&"상의"), "kept where it did not: {groups:?}");
}

#[test]
fn a_title_row_and_one_mistyped_column_name_only_that_column() {
    // an export tool wrote a title above the header, and the config says 채널명 for 채널
    let wd = Workdir::new("trust_header_hint");
    local_conversations(&wd);
    let path = "cs/conversations-2026-09.csv"; // the first file read
    wd.write(path, format!("상담 내역 (2026-11-01 ~ 2026-11-15)\n{}", wd.read(path).trim_start_matches('\u{feff}')));
    wd.write("voc.yaml", wd.read("voc.yaml").replace("      channel: 채널\n", "      channel: 채널명\n"));
    let run = wd.run(&["--config", "voc.yaml", "validate"]);
    run.expect(1).stderr_has(
        "column `채널명` (channel) not found; row 2 looks like the header and has: 상담ID, 생성일시, 첫응답일시, 채널,",
    );
    assert!(!run.stderr().contains("`상담ID`"), "only the mistyped column is named: {}", run.stderr());
    assert!(!run.stderr().contains("has: 상담 내역"), "the title row is not quoted as the header");
}

#[test]
fn sections_without_data_say_so_in_one_line_and_draw_no_chart() {
    // no first-response column and no risk in any text
    let wd = Workdir::new("trust_empty_sections");
    line_numbered_shop(&wd);
    wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46", "--format", "html,email"]).ok();
    let html = wd.read("out/2026-W46.html");
    assert!(html.contains("첫 응답 시각(또는 첫 응답까지의 시간)이 매핑되지 않아 첫 응답 지표가 없습니다."));
    assert!(html.contains("이 기간에 접수된 리스크 건이 없습니다."));
    assert!(!html.contains("aria-label=\"첫 응답 시간 분포"), "no empty first-response axes");
    assert!(!html.contains("aria-label=\"리스크 유형별 접수 건수\""), "no chart of zero risks");
    assert!(html.contains("aria-label=\"일별 문의 건수와 매출\""), "the charts with data stay");
    assert!(!wd.exists("out/2026-W46.email/first-response.png") && !wd.exists("out/2026-W46.email/risks.png"));
}

#[test]
fn the_bundled_korean_holidays_agree_with_the_maintained_holidays_package() {
    let check = r#"
import sys, yaml, holidays
cfg = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
mine = {str(d) for d in cfg["report"]["business_hours"]["holidays"]}
years = sorted({int(d[:4]) for d in mine})
pkg = {str(d) for y in years for d in holidays.KR(years=y) if d.weekday() < 5}
mine = {d for d in mine if __import__("datetime").date.fromisoformat(d).weekday() < 5}
print("missing:", sorted(pkg - mine), "extra:", sorted(mine - pkg))
sys.exit(0 if mine == pkg else 1)
"#;
    let available =
        std::process::Command::new("python3").args(["-c", "import holidays, yaml"]).output().is_ok_and(|o| o.status.success());
    if !crate::util::have(available, "python3 with holidays and pyyaml (pip install holidays pyyaml)") {
        return;
    }
    let out = std::process::Command::new("python3")
        .args(["-c", check])
        .arg(crate::util::repo().join("config/voc.yaml"))
        .output()
        .unwrap();
    assert!(out.status.success(), "config/voc.yaml's weekday holidays differ: {}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn voc_init_with_a_sample_runs_the_first_report_as_written() {
    let wd = Workdir::new("trust_init_sample");
    let run = wd.run(&["init", "my-team", "--sample"]);
    run.ok();
    // the command init prints, run as printed (minus the leading `voc`)
    let out = run.stdout();
    let line = out.lines().skip_while(|l| !l.contains("its first report:")).nth(1).expect("init names the first command");
    let words: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(words, ["cd", "my-team", "&&", "voc", "report", "--week", "2026-W46"]);
    wd.sub(words[1]).run(&words[4..]).ok();
    let m = json(&wd, "my-team/reports/2026-W46.json");
    assert!(m["inquiries"]["total"].as_u64().unwrap() > 300, "the sample week has conversations");
    assert!(m["sales"]["revenue"].as_f64().unwrap() > 0.0);
    assert!(m["product_groups"].as_array().unwrap().iter().any(|g| g["group"] == "신발"), "categories in the sample orders");
    // without --sample the starter says what to do next instead
    wd.run(&["init", "empty-team"]).ok().stdout_has("edit voc.yaml's columns");
}

#[test]
fn the_generated_stamp_is_in_the_configs_zone() {
    // cron machines often run in UTC: the stamp still reads in Asia/Seoul
    let wd = Workdir::new("trust_stamp_zone");
    wd.write("voc.yaml", fixture_config());
    wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46", "--format", "html", "--now", "2026-11-16T00:00:00Z"]).ok();
    assert!(wd.read("out/2026-W46.html").contains("생성 2026-11-16 09:00 +09:00"));
}

#[test]
fn labels_read_as_sentences_in_both_languages() {
    let wd = Workdir::new("trust_labels");
    wd.write("voc.yaml", fixture_config());
    wd.report_w46("html").ok();
    let ko = wd.read("out/2026-W46.html");
    assert!(!ko.contains("문의 문의"), "automation rows name the tag once");
    assert!(
        ko.contains("<td>그 외</td>") && !ko.contains("<td>교환·반품·환불</td><td>기타</td>"),
        "the class other is not the tag 기타"
    );
    wd.write("voc.yaml", fixture_config().replace("locale: ko", "locale: en"));
    wd.report_w46("html").ok();
    let en = wd.read("out/2026-W46.html");
    assert!(en.contains("Inquiries per 1,000,000 KRW of revenue"), "not \"1,000,000 KRW of revenue inquiries per\"");
    assert!(!en.contains("(1 inquiries") && !en.contains(" 1 inquiries "), "one inquiry, singular");
}

#[test]
fn a_long_range_is_binned_by_week_or_month_with_its_year() {
    let wd = Workdir::new("trust_long_range");
    wd.write("voc.yaml", fixture_config());
    wd.run(&["--config", "voc.yaml", "report", "--from", "2025-01-01", "--to", "2026-12-31", "--format", "html"]).expect(3);
    let html = wd.read("out/2025-01-01_2026-12-31.html");
    assert!(html.contains("<td>2026-10</td>") && html.contains("<td>2025-01</td>"), "months with their year");
    assert!(!html.contains("<td>01/01</td>"), "no 731 daily rows without a year");
    assert!(html.contains("월별 문의 건수와 매출"));
    wd.run(&["--config", "voc.yaml", "report", "--from", "2026-09-01", "--to", "2026-11-15", "--format", "html"]).ok();
    let html = wd.read("out/2026-09-01_2026-11-15.html");
    assert!(html.contains("<td>2026-11-09</td>") && html.contains("주별 문의 건수와 매출"), "ISO weeks by their Monday");
}

#[test]
fn the_markdown_lists_the_risk_conversations_it_points_at() {
    let wd = Workdir::new("trust_md_ids");
    wd.write("voc.yaml", fixture_config());
    wd.report_w46("json,md").ok();
    let (m, md) = (json(&wd, "out/2026-W46.json"), wd.read("out/2026-W46.md"));
    assert!(md.contains("아래 대화 ID"), "the sentence that points at them");
    for r in m["risks"].as_array().unwrap().iter().filter(|r| r["count"].as_u64().unwrap() > 0) {
        let ids: Vec<&str> = r["conversation_ids"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        assert!(md.contains(&format!("  - {}: {}", r["name"].as_str().unwrap(), ids.join(", "))), "{} missing:\n{md}", r["name"]);
    }
}

#[test]
fn the_trend_shows_the_last_periods_each_as_its_own_report() {
    let wd = Workdir::new("trust_trend");
    wd.write("voc.yaml", fixture_config());
    wd.report_w46("json,html,md").ok();
    let m = json(&wd, "out/2026-W46.json");
    let t = m["trend"].as_array().unwrap();
    assert_eq!(t.len(), 12, "the current week and the 11 before it");
    assert_eq!((t[0]["id"].as_str(), t[11]["id"].as_str()), (Some("2026-W35"), Some("2026-W46")));
    assert_eq!(t[0]["covered"], false, "the fixtures start in W36");
    assert_eq!(t[11]["inquiries"], m["inquiries"]["total"], "the current period as its own report");
    assert_eq!(t[10]["inquiries"], m["previous"]["inquiries"]["total"], "the previous period as the comparison");
    let level_one = m["tags"].as_array().unwrap().iter().filter(|x| x["level"] == 1).count();
    assert_eq!(t[11]["tags"].as_object().unwrap().len(), level_one, "every level-1 tag, zeros included");
    let html = wd.read("out/2026-W46.html");
    assert!(html.contains("추이 (최근 12개 기간)") && html.contains("<td>W36</td>"));
    // the week the data does not cover is said, not a row of placeholders
    assert!(!html.contains("<td>W35</td>") && html.contains("데이터가 없는 1개 기간은 뺌"), "W35 has no data");
    let line = format!("추이 (최근 12개 기간): 문의 {} (2026-W36) → {} (2026-W46)", t[1]["inquiries"], t[11]["inquiries"]);
    assert!(wd.read("out/2026-W46.md").contains(&line), "the first covered period against the current one: {line}");
    wd.write("voc.yaml", fixture_config().replace("report:\n", "report:\n  trend_periods: 4\n"));
    wd.report_w46("json").ok();
    assert_eq!(json(&wd, "out/2026-W46.json")["trend"].as_array().unwrap().len(), 4);
    wd.write("voc.yaml", fixture_config().replace("report:\n", "report:\n  trend_periods: 0\n"));
    wd.report_w46("json").expect(2).stderr_has("trend_periods must be 1 to 104");
}

#[test]
fn the_heatmap_counts_every_conversation_by_local_weekday_and_hour() {
    let wd = Workdir::new("trust_heatmap");
    wd.write("voc.yaml", fixture_config());
    wd.report_w46("json,html").ok();
    let m = json(&wd, "out/2026-W46.json");
    let counts = m["heatmap"]["counts"].as_array().unwrap();
    assert_eq!(counts.len(), 7);
    assert!(counts.iter().all(|r| r.as_array().unwrap().len() == 24));
    let total: u64 = counts.iter().flat_map(|r| r.as_array().unwrap()).map(|n| n.as_u64().unwrap()).sum();
    assert_eq!(total, m["inquiries"]["total"].as_u64().unwrap(), "every conversation in one cell");
    let html = wd.read("out/2026-W46.html");
    assert!(html.contains("문의가 들어오는 때 (요일 × 시간)") && html.contains("가장 붐비는 때:"));
}

#[test]
fn voices_quote_the_customers_words_for_the_main_types_and_each_risk() {
    let wd = Workdir::new("trust_voices");
    wd.write("voc.yaml", fixture_config());
    wd.report_w46("json,html").ok();
    let m = json(&wd, "out/2026-W46.json");
    let voices = m["voices"].as_array().unwrap();
    // the five level-1 tags with the most conversations, then every risk with a case
    let mut level_one: Vec<(&str, u64)> = m["tags"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["level"] == 1 && t["count"].as_u64().unwrap() > 0)
        .map(|t| (t["id"].as_str().unwrap(), t["count"].as_u64().unwrap()))
        .collect();
    level_one.sort_by(|a, b| b.1.cmp(&a.1));
    let want: Vec<&str> = level_one.iter().take(5).map(|t| t.0).collect();
    let tags: Vec<&str> = voices.iter().filter(|v| v["kind"] == "tag").map(|v| v["tag"].as_str().unwrap()).collect();
    let mut seen = tags.clone();
    seen.dedup();
    assert_eq!(seen, want, "by count");
    let risks: Vec<&str> = m["risks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["count"].as_u64().unwrap() > 0)
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for r in &risks {
        let quoted: Vec<&Value> = voices.iter().filter(|v| v["kind"] == "risk" && v["tag"] == *r).collect();
        assert!(!quoted.is_empty() && quoted.len() <= 3, "{r}: {}", quoted.len());
        let ids = &m["risks"].as_array().unwrap().iter().find(|x| x["id"] == *r).unwrap()["conversation_ids"];
        assert!(quoted.iter().all(|q| ids.as_array().unwrap().contains(&q["conversation_id"])), "a quote for {r} carries it");
    }
    for v in voices {
        let text = v["text"].as_str().unwrap();
        assert!(text.chars().count() <= 200);
        assert!(!text.contains('@') || text.contains("***"), "masked: {text}");
        assert!(v["created_at"].as_str().unwrap().starts_with("2026-11-"), "in the period");
    }
    assert!(wd.read("out/2026-W46.html").contains("고객의 목소리"));
}
