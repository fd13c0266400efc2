//! A newcomer's first week (docs/trust.md "The first week"): the starter and its sample, and the
//! mistakes of a first week planted on the fixtures — each ends with the right figures, or exit 3
//! with an alert that names it, or a clear error; none with exit 0 and a wrong figure.

use serde_json::Value;

use crate::util::{Workdir, edit_csv, fixtures, read_csv, repo};

const NOW: &str = "2026-11-16T09:00:00+09:00";

fn report(wd: &Workdir, config: &str) -> (i32, Value, String) {
    let run = wd.run(&["--config", config, "report", "--week", "2026-W46", "--format", "json", "--out", "out", "--now", NOW]);
    let json = serde_json::from_str(&wd.read("out/2026-W46.json")).unwrap_or(Value::Null);
    (run.code(), json, run.stderr())
}

fn alerts(v: &Value, kind: &str) -> Vec<String> {
    v["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == kind)
        .map(|a| a["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_starters_first_report_equals_the_bundled_configs_on_its_sample() {
    let wd = Workdir::new("first_week_starter");
    let init = wd.run(&["init", "team", "--sample"]);
    let printed = init.ok().stdout();
    assert!(printed.contains("cd team && voc report --week 2026-W46"), "{printed}");
    // the printed command, run as printed (in the folder: ./voc.yaml is found)
    let team = Workdir { dir: wd.path("team") };
    let run = team.run(&["report", "--week", "2026-W46", "--format", "json,html", "--now", NOW]);
    assert!(matches!(run.code(), 0 | 3), "{}", run.stderr());
    let starter: Value = serde_json::from_str(&team.read("reports/2026-W46.json")).unwrap();
    // the bundled config on the same sample
    let bundled = std::fs::read_to_string(repo().join("config/voc.yaml"))
        .unwrap()
        .replace("../fixtures/cs/conversations-*.csv", "exports/conversations-*.csv")
        .replace("../fixtures/sales/orders-*.csv", "exports/orders-*.csv")
        .replace("../fixtures/products.csv", "exports/products.csv")
        .replace("../fixtures/sales/returns.csv", "exports/returns.csv")
        .replace("../fixtures/notes", "notes")
        .replace("output_dir: ../reports", "output_dir: bundled");
    team.write("bundled.yaml", bundled);
    team.run(&["--config", "bundled.yaml", "report", "--week", "2026-W46", "--format", "json", "--now", NOW]);
    let reference: Value = serde_json::from_str(&team.read("bundled/2026-W46.json")).unwrap();
    assert_eq!(starter, reference, "the starter's figures are the bundled config's");
    assert_eq!(starter["sales"]["revenue"], 219_810_200, "cancelled lines excluded");
    for present in ["csat", "ces", "nps"] {
        assert!(starter["satisfaction"][present]["responses"].as_u64().unwrap() > 0, "{present}");
    }
    assert!(starter["resolution"].is_object() && starter["agents"].is_array(), "the helpdesk figures");
    let html = team.read("reports/2026-W46.html");
    assert!(html.contains("id=\"desk\"") && html.contains("고객 만족도"), "the satisfaction and resolution sections");
    // without a config here, the way to one
    let empty = Workdir::new("first_week_no_config");
    empty.run(&["report", "--week", "2026-W46"]).expect(2).stderr_has("voc reads config/voc.yaml, else ./voc.yaml");
}

#[test]
fn an_export_downloaded_twice_is_read_once_and_said() {
    let wd = Workdir::new("first_week_twice");
    fixtures(&wd);
    let (_, before, _) = report(&wd, "voc.yaml");
    let orders = wd.read("fixtures/sales/orders-2026-11.csv");
    wd.write("fixtures/sales/orders-2026-11 (1).csv", orders.replace('\n', "\r\n"));
    let (code, after, stderr) = report(&wd, "voc.yaml");
    assert_eq!(code, 3, "{stderr}");
    assert_eq!(after["sales"], before["sales"], "revenue never doubles");
    assert_eq!(after["inquiries"], before["inquiries"]);
    let dup = &after["data_quality"]["sales"]["duplicate_files"];
    assert_eq!(dup.as_array().map(Vec::len), Some(1), "{dup}");
    let said = alerts(&after, "duplicates");
    assert!(said.iter().any(|m| m.contains("orders-2026-11") && m.contains("두 번")), "{said:?}");
}

#[test]
fn money_with_dotted_thousands_is_read_right_and_a_unit_mix_up_is_said() {
    let wd = Workdir::new("first_week_numbers");
    fixtures(&wd);
    let (_, before, _) = report(&wd, "voc.yaml");
    // a European-locale spreadsheet: 35.000 for 35,000 won
    edit_csv(
        &wd,
        "fixtures/sales/orders-2026-11.csv",
        |_, h, c| if h == "결제금액" { c.replace(',', ".") } else { c.to_string() },
    );
    let (code, after, stderr) = report(&wd, "voc.yaml");
    assert_eq!(after["sales"], before["sales"], "35.000 is 35,000 won: {stderr}");
    assert!(alerts(&after, "implausible").is_empty() && code != 1);
    // one export in 천원 instead of 원
    edit_csv(&wd, "fixtures/sales/orders-2026-11.csv", |_, h, c| match c.replace('.', "").parse::<f64>() {
        Ok(won) if h == "결제금액" => format!("{}", (won / 1000.0).round()),
        _ => c.to_string(),
    });
    let (code, after, stderr) = report(&wd, "voc.yaml");
    assert_eq!(code, 3, "{stderr}");
    let said = alerts(&after, "implausible");
    assert!(said.len() == 1 && said[0].contains("주문당 매출") && said[0].contains("천원"), "{said:?}");
    // with a currency that has cents, an ambiguous 1.234 is refused, not guessed
    wd.write("voc.yaml", wd.read("voc.yaml").replace("currency: KRW", "currency: EUR"));
    edit_csv(&wd, "fixtures/sales/orders-2026-11.csv", |_, h, c| if h == "결제금액" { "1.234".into() } else { c.to_string() });
    let (code, _, stderr) = report(&wd, "voc.yaml");
    assert_eq!(code, 3, "too many rejected rows: {stderr}");
    let rejects = wd.read("out/2026-W46.rejects.csv");
    assert!(rejects.contains("number_format"), "the reason says how to set it");
}

#[test]
fn a_quote_that_never_closes_costs_its_own_row_only() {
    let wd = Workdir::new("first_week_quote");
    fixtures(&wd);
    let path = "fixtures/cs/conversations-2026-11.csv";
    let lines = wd.read(path);
    let n = lines.lines().count() - 1;
    let (_, before, _) = report(&wd, "voc.yaml");
    // a stray quote at the start of one text cell (the 101st data line)
    let mut out: Vec<String> = lines.lines().map(String::from).collect();
    let cells: Vec<&str> = out[101].split(',').collect();
    let mut changed: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
    changed[9] = format!("\"{}", changed[9]);
    out[101] = changed.join(",");
    wd.write(path, out.join("\n") + "\n");
    let (_, after, _) = report(&wd, "voc.yaml");
    let (b, a) = (&before["data_quality"]["conversations"], &after["data_quality"]["conversations"]);
    assert_eq!(a["rows_read"], b["rows_read"], "no line swallowed: {n} lines");
    assert_eq!(a["rows_rejected"].as_u64().unwrap(), b["rows_rejected"].as_u64().unwrap() + 1);
    let rejects = read_csv(&wd.path("out/2026-W46.rejects.csv"));
    let row = rejects.iter().find(|r| r[4].contains("never closes")).expect("the row is in the rejects file");
    assert_eq!(row[2], "101", "its row: {row:?}");
    assert!(row[4].contains("column `내용`"), "{row:?}");
}

#[test]
fn reviews_without_text_are_counted_but_no_tagging_miss() {
    let wd = Workdir::new("first_week_no_text");
    fixtures(&wd);
    // most conversations of November lose their text (a review export of empty comments)
    edit_csv(&wd, "fixtures/cs/conversations-2026-11.csv", |_, h, c| {
        if (h == "제목" || h == "내용") && !c.contains("배송") { String::new() } else { c.to_string() }
    });
    let (code, after, stderr) = report(&wd, "voc.yaml");
    let dq = &after["data_quality"];
    let no_text = dq["conversations"]["no_text"].as_u64().unwrap();
    assert!(no_text * 2 > after["inquiries"]["total"].as_u64().unwrap(), "{dq}");
    assert!(alerts(&after, "coverage").is_empty(), "no unclassified gate for empty texts: {stderr}");
    assert!(code == 0 || alerts(&after, "coverage").is_empty());
}

#[test]
fn files_that_are_not_what_their_names_say_are_named() {
    let wd = Workdir::new("first_week_signatures");
    fixtures(&wd);
    let conv = "fixtures/cs/conversations-2026-11.csv";
    let text = wd.read(conv);
    // an Excel file saved with a .csv name
    wd.write(conv, b"PK\x03\x04\x14\x00\x06\x00docProps/app.xml");
    wd.run(&["--config", "voc.yaml", "validate"]).expect(1).stderr_has("this is an Excel (XLSX) file").stderr_has("format: xlsx");
    // a UTF-8 file declared CP949
    wd.write(conv, &text);
    wd.write("voc.yaml", wd.read("voc.yaml").replacen("    columns:", "    encoding: cp949\n    columns:", 1));
    wd.run(&["--config", "voc.yaml", "validate"])
        .expect(1)
        .stderr_has("the file is UTF-8, but the config says `encoding: cp949`");
}

#[test]
fn a_spike_says_the_baseline_it_used() {
    let wd = Workdir::new("first_week_spike");
    fixtures(&wd);
    let (_, v, _) = report(&wd, "voc.yaml");
    let spikes = alerts(&v, "spike");
    assert!(!spikes.is_empty());
    for s in &spikes {
        assert!(s.contains("직전 28일 하루 평균"), "{s}");
    }
    // a history shorter than the baseline: the days it has
    let (_, v, _) = {
        let run = wd.run(&[
            "--config",
            "voc.yaml",
            "report",
            "--from",
            "2026-09-08",
            "--to",
            "2026-09-14",
            "--format",
            "json",
            "--out",
            "out2",
            "--now",
            NOW,
        ]);
        (run.code(), serde_json::from_str::<Value>(&wd.read("out2/2026-09-08_2026-09-14.json")).unwrap(), ())
    };
    for s in alerts(&v, "spike") {
        assert!(!s.contains("직전 28일"), "the data starts 2026-09-01: {s}");
    }
}
