//! Command-line and config errors: one readable sentence naming the file and line, and the
//! exit codes of docs/cli.md.

use crate::util::{Workdir, fixture_config};

#[test]
fn unknown_config_keys_are_errors_with_file_and_line() {
    let wd = Workdir::new("config_unknown_key");
    let cfg = fixture_config().replace("revenue_unit: 1000000", "revenue_unit: 1000000\nrevenu_unit: 5");
    wd.write("voc.yaml", &cfg);
    let line = cfg.lines().position(|l| l.starts_with("revenu_unit")).unwrap() + 1;
    wd.run(&["--config", "voc.yaml", "validate"])
        .expect(2)
        .stderr_has(&format!("voc.yaml:{line}:1: unknown field `revenu_unit`"));
    // a typo in a column field lists the valid names
    let cfg = fixture_config().replace("revenue: 결제금액", "revenu: 결제금액");
    wd.write("voc.yaml", &cfg);
    wd.run(&["--config", "voc.yaml", "validate"]).expect(2).stderr_has("unknown variant `revenu`, expected one of");
}

#[test]
fn bad_values_name_their_line() {
    let wd = Workdir::new("config_bad_values");
    let cfg = fixture_config().replace("timezone: Asia/Seoul", "timezone: Asia/Busan");
    wd.write("voc.yaml", &cfg);
    let line = cfg.lines().position(|l| l.starts_with("timezone:")).unwrap() + 1;
    wd.run(&["--config", "voc.yaml", "validate"])
        .expect(2)
        .stderr_has(&format!("voc.yaml:{line}: unknown time zone `Asia/Busan`"));
    let cfg = fixture_config().replace("simple: 30m", "simple: 30 minutes");
    wd.write("voc.yaml", &cfg);
    let line = cfg.lines().position(|l| l.contains("first_response_targets")).unwrap() + 1;
    wd.run(&["--config", "voc.yaml", "validate"])
        .expect(2)
        .stderr_has(&format!("voc.yaml:{line}: `30 minutes` is not a duration"));
    let cfg = fixture_config().replace("cs/conversations-*.csv", "cs/nothing-*.csv");
    wd.write("voc.yaml", &cfg);
    wd.run(&["--config", "voc.yaml", "validate"]).expect(2).stderr_has("matches no file");
    wd.run(&["--config", "missing.yaml", "validate"]).expect(2).stderr_has("cannot read config missing.yaml");
}

#[test]
fn bad_periods_are_usage_errors() {
    let wd = Workdir::new("bad_periods");
    wd.write("voc.yaml", fixture_config());
    wd.run(&["--config", "voc.yaml", "report", "--week", "2026-46"]).expect(2).stderr_has("is not an ISO week like 2026-W46");
    wd.run(&["--config", "voc.yaml", "report", "--week", "2025-W53"]).expect(2).stderr_has("2025 has no ISO week 53");
    wd.run(&["--config", "voc.yaml", "report", "--from", "2026-11-10", "--to", "2026-11-01"])
        .expect(2)
        .stderr_has("is before --from");
    wd.run(&["--config", "voc.yaml", "report"]).expect(2).stderr_has("name a period");
    wd.run(&["--config", "voc.yaml", "report", "--last", "week", "--now", "yesterday"]).expect(2).stderr_has("RFC 3339");
    // clap's own usage errors also exit 2
    wd.run(&["--config", "voc.yaml", "report", "--week", "2026-W46", "--month", "2026-11"]).expect(2);
}

#[test]
fn last_week_follows_now_in_the_config_zone() {
    let wd = Workdir::new("last_week");
    wd.write("voc.yaml", fixture_config());
    // Monday 00:30 KST is still Sunday in UTC, but the week just ended in Seoul is W46
    wd.run(&["--config", "voc.yaml", "report", "--last", "week", "--now", "2026-11-15T15:30:00Z", "--format", "json"]).ok();
    assert!(wd.exists("out/2026-W46.json"));
}
