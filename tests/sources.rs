//! Every channel in one report (docs/config.md "Several sources"): October's conversations as
//! three differently shaped exports (fixtures/sources: an XLSX, a CSV with English headers and
//! ISO offsets, a CP949 CSV with dotted dates and no channel column) give the figures the one
//! October file gives.

use serde_json::Value;

use crate::util::{Workdir, fixture_config, repo};

/// Every string with its source qualifier (`mail:`) taken off.
fn unqualified(v: &mut Value) {
    match v {
        Value::String(s) => {
            for p in ["chat:", "mail:", "talk:"] {
                if let Some(rest) = s.strip_prefix(p) {
                    *s = rest.to_string();
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(unqualified),
        Value::Object(o) => o.values_mut().for_each(unqualified),
        _ => {}
    }
}

#[test]
fn three_sources_report_what_their_one_file_reports() {
    let wd = Workdir::new("sources_three");
    wd.write("one.yaml", fixture_config().replace("cs/conversations-*.csv", "cs/conversations-2026-10.csv"));
    let three = std::fs::read_to_string(repo().join("config/examples/three-sources.yaml"))
        .unwrap()
        .replace("../../fixtures/", &format!("{}/fixtures/", repo().display()))
        .replace("taxonomy: ../taxonomy.yaml", &format!("taxonomy: {}/config/taxonomy.yaml", repo().display()))
        .replace("output_dir: ../../target/examples/three-sources", "output_dir: out");
    wd.write("three.yaml", three);
    let report = |cfg: &str, out: &str| -> Value {
        wd.run(&[
            "--config",
            cfg,
            "report",
            "--month",
            "2026-10",
            "--format",
            "json",
            "--out",
            out,
            "--now",
            "2026-11-16T09:00:00+09:00",
        ])
        .ok_but_short();
        serde_json::from_str(&wd.read(&format!("{out}/2026-10.json"))).unwrap()
    };
    let one = report("one.yaml", "one");
    let mut three = report("three.yaml", "three");
    // ids are qualified by their source
    let ids: Vec<&str> = three["risks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["conversation_ids"].as_array().unwrap())
        .filter_map(|i| i.as_str())
        .collect();
    assert!(!ids.is_empty() && ids.iter().all(|i| ["chat:", "mail:", "talk:"].iter().any(|p| i.starts_with(p))), "{ids:?}");
    // each source accounted for on its own, and the sums are the one file's
    let sources = three["data_quality"]["conversation_sources"].take();
    let read: Vec<u64> = ["chat", "mail", "talk"].iter().map(|s| sources[s]["rows_read"].as_u64().unwrap()).collect();
    assert_eq!(read, [1449, 289, 106], "{sources}");
    for k in ["rows_read", "rows_used", "rows_rejected", "duplicates", "out_of_period", "filtered"] {
        let sum: u64 = ["chat", "mail", "talk"].iter().map(|s| sources[s][k].as_u64().unwrap()).sum();
        assert_eq!(Some(sum), three["data_quality"]["conversations"][k].as_u64(), "{k}");
    }
    three["data_quality"].as_object_mut().unwrap().remove("conversation_sources");
    unqualified(&mut three);
    // every section, figure by figure
    for (k, v) in one.as_object().unwrap() {
        assert_eq!(&three[k], v, "`{k}` differs between the one file and its three sources");
    }
    assert_eq!(one.as_object().unwrap().len(), three.as_object().unwrap().len());
}

#[test]
fn a_failing_source_is_named_and_its_rejects_say_which_source() {
    let wd = Workdir::new("sources_failing");
    let cfg = |talk_columns: &str| {
        format!(
            "output_dir: out\ntaxonomy: {r}/config/taxonomy.yaml\ninputs:\n  conversations:\n    - {{ name: chat, paths: [chat.csv], columns: {{ id: id, created_at: at, text: body }} }}\n    - {{ name: phone, paths: [phone.csv], set: {{ channel: 전화 }}, columns: {talk_columns} }}\nreport:\n  quality_gate: {{ max_rejected_share: 0.3, max_unclassified_share: 1.0 }}\n",
            r = repo().display()
        )
    };
    wd.write("chat.csv", "id,at,body\n1,2026-11-09 10:00,배송 언제 와요\n2,2026-11-15 10:00,사이즈 문의\n");
    // the same id in two sources is two conversations; twice in one source, a duplicate
    wd.write(
        "phone.csv",
        "통화번호,수신일시,메모\n1,2026-11-10 10:00,환불 문의\n1,2026-11-10 10:00,환불 문의\n9,어제,불량이요\n",
    );
    wd.write("voc.yaml", cfg("{ id: 없는열, created_at: 수신일시, text: 메모 }"));
    wd.run(&["--config", "voc.yaml", "validate"]).expect(1).stderr_has("inputs.conversations.phone").stderr_has("없는열");
    wd.write("voc.yaml", cfg("{ id: 통화번호, created_at: 수신일시, text: 메모 }"));
    let run = wd.report_w46("json");
    // one of phone's three rows is rejected: over the 30 % gate for that source, though not for the sum
    run.expect(3).stderr_has("상담(phone)");
    let m: Value = serde_json::from_str(&wd.read("out/2026-W46.json")).unwrap();
    let s = &m["data_quality"]["conversation_sources"];
    assert_eq!(
        (s["chat"]["rows_used"].as_u64(), s["phone"]["duplicates"].as_u64(), s["phone"]["rows_rejected"].as_u64()),
        (Some(2), Some(1), Some(1)),
        "{s}"
    );
    assert_eq!(m["inquiries"]["total"], 3, "chat:1 and phone:1 are two conversations");
    let rejects = crate::util::read_csv(&wd.path("out/2026-W46.rejects.csv"));
    assert_eq!(rejects[1][0], "conversations.phone", "{rejects:?}");
    let channels: Vec<&str> = m["channels"].as_array().unwrap().iter().filter_map(|c| c["channel"].as_str()).collect();
    assert_eq!(channels, ["전화"], "the constant channel (chat has none): {channels:?}");
    // ...and the report says which source lacks it, instead of counting it silently
    assert_eq!(m["data_quality"]["partial_fields"], serde_json::json!({"channel": ["chat"]}));
    // a source whose every file is empty stops the run, named
    wd.write("phone.csv", "");
    wd.run(&["--config", "voc.yaml", "validate"]).expect(1).stderr_has("inputs.conversations.phone").stderr_has("empty");
}

#[test]
fn presets_work_per_source() {
    let wd = Workdir::new("sources_presets");
    let fix = repo().join("fixtures/presets");
    wd.write(
        "voc.yaml",
        format!(
            "output_dir: out\ntaxonomy: {r}/config/taxonomy.yaml\ninputs:\n  conversations:\n    - {{ name: zendesk, preset: zendesk, paths: [{f}/zendesk-tickets.csv] }}\n    - {{ name: fresh, preset: freshdesk, paths: [{f}/freshdesk-tickets.csv] }}\nreport:\n  quality_gate: {{ max_rejected_share: 0.02, max_unclassified_share: 0.9 }}\n",
            r = repo().display(),
            f = fix.display()
        ),
    );
    wd.report_w46("json").ok_but_short();
    let m: Value = serde_json::from_str(&wd.read("out/2026-W46.json")).unwrap();
    assert_eq!(m["inquiries"]["total"], 60, "30 Zendesk tickets and 30 Freshdesk tickets");
    let s = &m["data_quality"]["conversation_sources"];
    assert_eq!((s["zendesk"]["rows_read"].as_u64(), s["fresh"]["rows_read"].as_u64()), (Some(30), Some(30)));
    // Zendesk's Via and Freshdesk's Source: both channel columns, through each one's preset
    assert!(m["channels"].as_array().unwrap().len() >= 5, "{}", m["channels"]);
    // a Channel Talk download in the list brings its message sheet: the chats' text and replies
    wd.write(
        "voc.yaml",
        format!(
            "output_dir: out\ntaxonomy: {r}/config/taxonomy.yaml\ninputs:\n  conversations:\n    - {{ name: chat, preset: channel_talk, paths: [{f}/channel-talk-2025.xlsx] }}\n    - {{ name: mail, preset: zendesk, paths: [{f}/zendesk-tickets.csv] }}\nreport:\n  quality_gate: {{ max_rejected_share: 0.02, max_unclassified_share: 0.9 }}\n",
            r = repo().display(),
            f = fix.display()
        ),
    );
    wd.run_env(
        &["--config", "voc.yaml", "report", "--week", "2026-W46", "--format", "json", "--now", "2026-11-16T09:00:00+09:00"],
        &[("CHANNEL_TALK_PASSWORD", "voc-fixture")],
    )
    .ok_but_short();
    let m: Value = serde_json::from_str(&wd.read("out/2026-W46.json")).unwrap();
    assert_eq!(m["inquiries"]["total"], 70, "40 chats and 30 tickets");
    assert_eq!(m["data_quality"]["messages"]["rows_used"], 116, "every message attached to its chat");
    let unclassified = m["data_quality"]["unclassified_share"].as_f64().unwrap();
    assert!(unclassified < 0.5, "the chats' text comes from their messages: {unclassified}");
    let agents: Vec<&str> = m["agents"].as_array().unwrap().iter().filter_map(|a| a["agent"].as_str()).collect();
    assert!(agents.contains(&"m03") && agents.contains(&"김상담"), "{agents:?}");
}
