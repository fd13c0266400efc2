//! Every value of the JSON report against an independent computation in Python + DuckDB
//! (scripts/crosscheck.py). Needs Python with duckdb (.ci/run installs it); under CI its absence
//! fails the tests.

use std::process::Command;

use crate::util::{have, repo};

fn python_with_duckdb() -> bool {
    Command::new("python3").args(["-c", "import duckdb, yaml"]).output().is_ok_and(|o| o.status.success())
}

#[test]
fn channel_talk_as_it_exports_today_agrees_with_duckdb_through_the_preset_alone() {
    let ok = Command::new("python3")
        .args(["-c", "import duckdb, yaml, openpyxl, msoffcrypto"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !have(
        ok,
        "python3 with duckdb, pyyaml, openpyxl and msoffcrypto-tool (pip install duckdb pyyaml openpyxl msoffcrypto-tool)",
    ) {
        return;
    }
    // the 2026 download (managedAt, firstOpenedAt → firstAnsweredAt, mediumName, profile.csat,
    // internal notes holding risk words): inquiries, first-response median, CSAT, channels, tags
    // and risks recomputed from the decrypted workbook
    // and the earlier download (openedAt, firstRepliedAtAfterOpen, no rating) through the same preset
    for (file, said) in [("channel-talk.xlsx", "4 internal notes left out"), ("channel-talk-2025.xlsx", "earlier download")] {
        let out = Command::new("python3")
            .arg(repo().join("scripts/crosscheck_channel_talk.py"))
            .arg("--voc")
            .arg(assert_cmd::cargo::cargo_bin("voc"))
            .arg("--xlsx")
            .arg(repo().join("fixtures/presets").join(file))
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains("all agree"),
            "{file}: {stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.contains(said), "{stdout}");
    }
}

/// scripts/crosscheck.py for one period (with the bundled config, or this one); its stdout,
/// after asserting that it exited 0.
fn crosscheck(config: Option<&std::path::Path>, period: [&str; 2]) -> String {
    let mut cmd = Command::new("python3");
    cmd.arg(repo().join("scripts/crosscheck.py")).arg("--voc").arg(assert_cmd::cargo::cargo_bin("voc"));
    if let Some(c) = config {
        cmd.arg("--config").arg(c);
    }
    let out = cmd.args(period).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{period:?}\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    stdout
}

#[test]
fn json_agrees_with_an_independent_duckdb_computation() {
    if !have(python_with_duckdb(), "python3 with duckdb and pyyaml (pip install duckdb pyyaml)") {
        return;
    }
    for period in [["--week", "2026-W46"], ["--month", "2026-10"]] {
        let stdout = crosscheck(None, period);
        assert!(stdout.contains("values agree"), "{stdout}");
    }
}

#[test]
fn three_sources_agree_with_duckdb_over_the_file_they_were_split_from() {
    if !have(python_with_duckdb(), "python3 with duckdb and pyyaml (pip install duckdb pyyaml)") {
        return;
    }
    // voc reads the XLSX, the English CSV and the CP949 CSV; DuckDB the one October file
    let out = Command::new("python3")
        .arg(repo().join("scripts/crosscheck.py"))
        .arg("--voc")
        .arg(assert_cmd::cargo::cargo_bin("voc"))
        .arg("--config")
        .arg(repo().join("config/examples/three-sources.yaml"))
        .args(["--conversations", "fixtures/cs/conversations-2026-10.csv", "--month", "2026-10"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && stdout.contains("values agree"), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
}

/// Tags whose rules test the conversation's channel, segment and product category (the
/// category comes through the product, or through the order's best line).
const FIELDS_TAGS: &str = "  # rules that test the conversation's fields
  - id: vip_exchange
    name: VIP 교환
    class: other
    priority: 30
    match: { any: [교환], fields: { segment: [VIP] } }
  - id: kakao_size
    name: 카카오톡 사이즈
    class: revenue
    priority: 30
    match: { any: [사이즈], fields: { channel: [카카오톡] } }
  - id: shoe_defect
    name: 신발 불량
    class: other
    priority: 30
    match: { any: [불량, 하자, 찢어], fields: { category: [신발] } }
";

#[test]
fn fields_rules_on_channel_segment_and_category_agree_with_duckdb() {
    if !have(python_with_duckdb(), "python3 with duckdb and pyyaml (pip install duckdb pyyaml)") {
        return;
    }
    let wd = crate::util::Workdir::new("crosscheck_fields");
    let tax = std::fs::read_to_string(repo().join("config/taxonomy.yaml")).unwrap();
    let at = tax.find("\nrisks:").expect("the starter taxonomy has risks");
    wd.write("tax.yaml", format!("{}\n{FIELDS_TAGS}{}", &tax[..at], &tax[at..]));
    let cfg = crate::util::fixture_config()
        .replace(&format!("taxonomy: {}/config/taxonomy.yaml", repo().display()), "taxonomy: tax.yaml");
    wd.write("voc.yaml", cfg);
    wd.run(&["--config", "voc.yaml", "taxonomy", "check"]).ok();
    for period in [["--week", "2026-W46"], ["--month", "2026-10"]] {
        let stdout = crosscheck(Some(&wd.path("voc.yaml")), period);
        assert!(stdout.contains("values agree") && stdout.contains("fields rules: kakao_size"), "{stdout}");
    }
    // every field a rule may test, through the report too: no panic, the tags count
    wd.report_w46("json").ok();
    let m: serde_json::Value = serde_json::from_str(&wd.read("out/2026-W46.json")).unwrap();
    for id in ["vip_exchange", "kakao_size", "shoe_defect"] {
        let t = m["tags"].as_array().unwrap().iter().find(|t| t["id"] == id).unwrap();
        assert!(t["count"].as_u64().unwrap() > 0, "{id} wins somewhere in week 46: {t}");
    }
}

#[test]
fn under_ci_the_cross_check_fails_when_duckdb_is_missing() {
    // this test binary runs the cross-check again with a `python3` that has no duckdb first on
    // PATH: under CI=true it must fail, locally it skips with its reason
    let wd = crate::util::Workdir::new("crosscheck_without_duckdb");
    let fake = wd.write("bin/python3", "#!/bin/sh\necho 'No module named duckdb' >&2\nexit 1\n");
    std::fs::set_permissions(&fake, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", wd.path("bin").display(), std::env::var("PATH").unwrap_or_default());
    let run = |ci: Option<&str>| {
        let mut cmd = Command::new(std::env::current_exe().unwrap());
        cmd.args(["crosscheck::json_agrees_with_an_independent_duckdb_computation", "--exact", "--nocapture"]);
        cmd.env("PATH", &path).env_remove("CI");
        if let Some(v) = ci {
            cmd.env("CI", v);
        }
        cmd.output().unwrap()
    };
    let under_ci = run(Some("true"));
    let text = format!("{}{}", String::from_utf8_lossy(&under_ci.stdout), String::from_utf8_lossy(&under_ci.stderr));
    assert!(!under_ci.status.success(), "under CI a missing duckdb must fail the cross-check:\n{text}");
    assert!(text.contains("CI=true and python3 with duckdb"), "{text}");
    let local = run(None);
    let text = format!("{}{}", String::from_utf8_lossy(&local.stdout), String::from_utf8_lossy(&local.stderr));
    assert!(local.status.success() && text.contains("skipped: python3 with duckdb"), "{text}");
}

#[test]
fn the_gates_agree_with_duckdb_on_a_half_covered_month_with_a_strict_duplicates_gate() {
    // November's exports end on the 15th (data_span for conversations and sales), and with a
    // duplicates gate of 0.01% the re-exported October lines and conversations trip it
    if !have(python_with_duckdb(), "python3 with duckdb and pyyaml (pip install duckdb pyyaml)") {
        return;
    }
    let wd = crate::util::Workdir::new("crosscheck_gates");
    let cfg = crate::util::fixture_config();
    let strict = cfg.replace("max_unclassified_share: 0.30 }", "max_unclassified_share: 0.30, max_duplicate_share: 0.0001 }");
    assert_ne!(strict, cfg, "the bundled config has a quality_gate line to tighten");
    wd.write("voc.yaml", strict);
    let stdout = crosscheck(Some(&wd.path("voc.yaml")), ["--month", "2026-11"]);
    assert!(stdout.contains("values agree"), "{stdout}");
    wd.run(&["--config", "voc.yaml", "report", "--month", "2026-11", "--format", "json", "--now", "2026-12-01T00:00:00+09:00"])
        .expect(3);
    let m: serde_json::Value = serde_json::from_str(&wd.read("out/2026-11.json")).unwrap();
    let kinds: Vec<&str> = m["alerts"].as_array().unwrap().iter().map(|a| a["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"data_span") && kinds.contains(&"duplicates"), "both gates are exercised: {kinds:?}");
    assert_eq!(m["data_quality"]["sales"]["duplicates"], 17, "the re-exported October lines, less three cancelled ones");
}
