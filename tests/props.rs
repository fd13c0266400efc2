//! Properties over generated exports (proptest), checked in-process against the library:
//! the row accounting equals a plain model of the rows, whatever their mix; re-running a report
//! on the same inputs changes no byte; a week ends at the config zone's Sunday midnight.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use chrono::{DateTime, Datelike, FixedOffset, TimeZone, Utc};
use clap::Parser;
use proptest::prelude::*;
use voc::model::Scope;
use voc::period::Period;
use voc::read;

/// 2026-W46 starts Monday 2026-11-09 00:00 KST = 2026-11-08T15:00:00Z.
const WEEK_START: i64 = 1_794_150_000;
const WEEK: i64 = 7 * 86_400;

#[derive(Debug, Clone, Copy)]
enum Kind {
    Valid,
    /// `created_at` voc cannot read
    BadTime,
    /// CSAT outside 1–5
    CsatOutOfScale,
    /// CSAT that is not a number
    CsatWord,
    /// channel listed under `exclude`
    Spam,
    /// first response before creation: kept, its response time counted invalid
    AnsweredBeforeAsked,
}

#[derive(Debug, Clone)]
struct Row {
    id: u8,
    kind: Kind,
    /// seconds from the week's start
    offset: i64,
    /// how `created_at` is written
    form: u8,
    text: u8,
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        6 => Just(Kind::Valid),
        1 => Just(Kind::BadTime),
        1 => Just(Kind::CsatOutOfScale),
        1 => Just(Kind::CsatWord),
        1 => Just(Kind::Spam),
        1 => Just(Kind::AnsweredBeforeAsked),
    ]
}

/// Anywhere from three days before the week to three days after, or within two seconds of
/// either boundary.
fn offset() -> impl Strategy<Value = i64> {
    prop_oneof![-3 * 86_400..WEEK + 3 * 86_400, (prop::sample::select(vec![0, WEEK]), -2i64..=2).prop_map(|(b, d)| b + d),]
}

fn rows() -> impl Strategy<Value = Vec<Row>> {
    // ids from a small range so that duplicates happen
    prop::collection::vec(
        (0u8..40, kind(), offset(), 0u8..4, 0u8..6).prop_map(|(id, kind, offset, form, text)| Row {
            id,
            kind,
            offset,
            form,
            text,
        }),
        0..60,
    )
}

const TEXTS: [&str; 6] = [
    "배송 언제 와요? 주문한 지 일주일",
    "사이즈 265mm 재입고 되나요",
    "환불 요청합니다, 불량이에요",
    "상담원이 불친절했어요",
    "쿠폰 적용이 안 돼요",
    "감사합니다",
];

fn kst() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).unwrap()
}

fn created_cell(r: &Row) -> String {
    if matches!(r.kind, Kind::BadTime) {
        return "어제 오후".into();
    }
    let t = WEEK_START + r.offset;
    let utc = Utc.timestamp_opt(t, 0).unwrap();
    match r.form {
        0 => utc.with_timezone(&kst()).format("%Y-%m-%d %H:%M:%S").to_string(), // naive, in the config's zone
        1 => utc.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        2 => utc.with_timezone(&kst()).format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        _ => utc.with_timezone(&FixedOffset::west_opt(5 * 3600).unwrap()).format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
    }
}

fn export(rows: &[Row]) -> String {
    let mut s = String::from("id,created,resp,body,csat,channel\n");
    for r in rows {
        let resp = match r.kind {
            Kind::AnsweredBeforeAsked => Utc.timestamp_opt(WEEK_START + r.offset - 600, 0).unwrap().to_rfc3339(),
            _ => Utc.timestamp_opt(WEEK_START + r.offset + 300, 0).unwrap().to_rfc3339(),
        };
        let csat = match r.kind {
            Kind::CsatOutOfScale => "7",
            Kind::CsatWord => "좋음",
            _ => ["", "5", "3"][r.text as usize % 3],
        };
        let channel = if matches!(r.kind, Kind::Spam) { "spam" } else { ["카카오톡", "채널톡"][r.id as usize % 2] };
        s.push_str(&format!("C{},{},{resp},\"{}\",{csat},{channel}\n", r.id, created_cell(r), TEXTS[r.text as usize]));
    }
    s
}

/// What the rows should come to, in voc's documented order of checks: filtered, rejected,
/// duplicate (the first valid row with an id wins), out of period.
#[derive(Debug, Default, PartialEq)]
struct Outcome {
    read: u64,
    used: u64,
    rejected: u64,
    duplicates: u64,
    out_of_period: u64,
    filtered: u64,
    reject_rows: BTreeSet<u64>,
    used_ids: BTreeSet<String>,
}

fn model(rows: &[Row]) -> Outcome {
    let mut o = Outcome { read: rows.len() as u64, ..Outcome::default() };
    let mut seen = HashSet::new();
    for (i, r) in rows.iter().enumerate() {
        match r.kind {
            Kind::Spam => o.filtered += 1,
            Kind::BadTime | Kind::CsatOutOfScale | Kind::CsatWord => {
                o.rejected += 1;
                o.reject_rows.insert(i as u64 + 1);
            }
            Kind::Valid | Kind::AnsweredBeforeAsked if !seen.insert(r.id) => o.duplicates += 1,
            Kind::Valid | Kind::AnsweredBeforeAsked if (0..WEEK).contains(&r.offset) => {
                o.used += 1;
                o.used_ids.insert(format!("C{}", r.id));
            }
            Kind::Valid | Kind::AnsweredBeforeAsked => o.out_of_period += 1,
        }
    }
    o
}

const CONFIG: &str = "timezone: Asia/Seoul
taxonomy: TAXONOMY
output_dir: out
inputs:
  conversations:
    paths: [conv.csv]
    columns: { id: id, created_at: created, first_response_at: resp, text: body, csat: csat, channel: channel }
    exclude: { channel: [spam] }
";

fn workdir(rows: &[Row]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let taxonomy = voc_repo().join("config/taxonomy.yaml");
    std::fs::write(dir.path().join("voc.yaml"), CONFIG.replace("TAXONOMY", &taxonomy.display().to_string())).unwrap();
    std::fs::write(dir.path().join("conv.csv"), export(rows)).unwrap();
    dir
}

fn voc_repo() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ingest_week(dir: &Path) -> Outcome {
    let cfg = voc::config::load(&dir.join("voc.yaml")).unwrap();
    let period = Period::week(2026, 46, chrono_tz::Asia::Seoul).unwrap();
    let frames = read::open(&cfg, Scope::only(&period)).unwrap();
    let mut used_ids = BTreeSet::new();
    let done = frames
        .conversations
        .run(&|_| (), |names, batch| {
            for (c, ()) in batch {
                assert!(c.in_period(), "Scope::only passes only rows of the period");
                used_ids.insert(names.name(c.id).to_string());
            }
            Ok(())
        })
        .unwrap();
    let (_, a) = done.accounting[0].clone();
    assert!(a.balances(), "{a:?}");
    Outcome {
        read: a.rows_read,
        used: a.rows_used,
        rejected: a.rows_rejected,
        duplicates: a.duplicates,
        out_of_period: a.out_of_period,
        filtered: a.filtered,
        reject_rows: done.rejects.iter().map(|r| r.row).collect(),
        used_ids,
    }
}

/// Every file of a directory, by name.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect()
}

fn report(dir: &Path, out: &str) -> BTreeMap<String, Vec<u8>> {
    let cfg = dir.join("voc.yaml");
    let out = dir.join(out);
    let args =
        ["voc", "-q", "--config", cfg.to_str().unwrap(), "report", "--week", "2026-W46", "--now", "2026-11-16T09:00:00+09:00"];
    let mut args: Vec<&str> = args.to_vec();
    args.extend(["--format", "json,md,html", "--out", out.to_str().unwrap()]);
    let code = voc::cmd::run(voc::cli::Cli::parse_from(args)).unwrap();
    assert!(code == 0 || code == 3, "exit {code} in {}", dir.display()); // 3: a data-quality gate tripped on generated rejects
    files(&out)
}

/// Failing cases are kept beside this file (tests/props.proptest-regressions) and replayed first.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(prop::test_runner::FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn the_accounting_equals_a_model_of_the_rows(rows in rows()) {
        let dir = workdir(&rows);
        prop_assert_eq!(ingest_week(dir.path()), model(&rows));
    }

    #[test]
    fn a_week_ends_at_sunday_midnight_in_the_configured_zone(offset in offset(), zone in 0usize..3) {
        let (tz, name) = [
            (chrono_tz::Asia::Seoul, "Asia/Seoul"),
            (chrono_tz::America::Sao_Paulo, "America/Sao_Paulo"),
            (chrono_tz::Europe::Berlin, "Europe/Berlin"),
        ][zone];
        let p = Period::week(2026, 46, tz).unwrap();
        let t = WEEK_START + offset;
        // the model: the instant's local calendar date, by chrono-tz, in ISO week 46 of 2026
        let local = DateTime::from_timestamp(t, 0).unwrap().with_timezone(&tz);
        let w = local.date_naive().iso_week();
        prop_assert_eq!(p.contains_ms(t * 1000), (w.year(), w.week()) == (2026, 46), "{} in {}", local, name);
    }
}

proptest! {
    // each case writes three full reports
    #![proptest_config(config(32))]

    #[test]
    fn rerunning_a_report_changes_no_byte(rows in rows()) {
        let dir = workdir(&rows);
        let first = report(dir.path(), "a");
        prop_assert!(first.keys().any(|k| k.ends_with(".json")), "{:?}", first.keys().collect::<Vec<_>>());
        prop_assert_eq!(&first, &report(dir.path(), "b"));
        // over the previous run's files, too
        prop_assert_eq!(&first, &report(dir.path(), "a"));
        // and reading alone is just as repeatable
        prop_assert_eq!(ingest_week(dir.path()), ingest_week(dir.path()));
    }
}

#[test]
fn sunday_235959_kst_is_in_the_week_and_monday_midnight_is_not() {
    let rows = [
        Row { id: 1, kind: Kind::Valid, offset: WEEK - 1, form: 0, text: 0 },
        Row { id: 2, kind: Kind::Valid, offset: WEEK, form: 0, text: 0 },
        Row { id: 3, kind: Kind::Valid, offset: 0, form: 1, text: 0 },
        Row { id: 4, kind: Kind::Valid, offset: -1, form: 2, text: 0 },
    ];
    let dir = workdir(&rows);
    let text = std::fs::read_to_string(dir.path().join("conv.csv")).unwrap();
    assert!(text.contains("C1,2026-11-15 23:59:59,"), "{text}");
    assert!(text.contains("C2,2026-11-16 00:00:00,"), "{text}");
    let got = ingest_week(dir.path());
    assert_eq!(got.used_ids, ["C1", "C3"].iter().map(|s| s.to_string()).collect());
    assert_eq!(got.out_of_period, 2);
}

/// A period argument a person might type: digits, signs, `W`, dashes and the odd letter, around
/// the real forms.
fn period_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "-?[0-9]{1,7}-W[0-9]{1,3}",
        "-?[0-9]{1,7}-[0-9]{1,3}",
        "-?[0-9]{1,7}-[0-9]{1,2}-[0-9]{1,2}",
        "[0-9W\\-+ .a-z]{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Whatever a person types as a period, voc answers with a period or a usage error (exit
    /// 2) — never a panic — and every period it accepts has a four-digit id and can be reported
    /// on: its previous period, its trend and its keep window are computed without overflow.
    #[test]
    fn any_period_argument_is_a_period_or_a_usage_error(
        form in 0..4usize, a in period_text(), b in period_text(), now in "-?[0-9]{1,6}-0[1-9]-1[0-9]T00:00:00Z"
    ) {
        let mut args = vec!["voc".to_string(), "report".to_string()];
        match form {
            0 => args.extend(["--week".into(), a]),
            1 => args.extend(["--month".into(), a]),
            2 => args.extend(["--from".into(), a, "--to".into(), b]),
            _ => args.extend(["--last".into(), "week".into(), "--now".into(), now]),
        }
        let joined: Vec<String> = args.iter().map(|x| if x.starts_with('-') && !x.starts_with("--") { format!("={x}") } else { x.clone() }).collect();
        // `--week=-262143-W02`: a value that starts with a dash is given with `=`
        let mut argv: Vec<String> = Vec::new();
        for (i, x) in joined.iter().enumerate() {
            if let Some(v) = x.strip_prefix('=') {
                let flag = argv.pop().unwrap_or_default();
                argv.push(format!("{flag}={v}"));
            } else if i == 0 || !x.is_empty() {
                argv.push(x.clone());
            }
        }
        let outcome = std::panic::catch_unwind(|| {
            let Ok(cli) = voc::cli::Cli::try_parse_from(&argv) else { return Ok(None) };
            let voc::cli::Command::Report(r) = cli.command else { return Ok(None) };
            r.period.required(chrono_tz::Asia::Seoul).map(Some)
        });
        let outcome = outcome.map_err(|_| TestCaseError::fail(format!("{argv:?} panicked")))?;
        match outcome {
            Err(e) => prop_assert_eq!(voc::error::exit_code(&e), 2, "{:?}: {}", argv, e),
            Ok(None) => {}
            Ok(Some(p)) => {
                let year: i32 = p.id[..4].parse().unwrap();
                prop_assert!(voc::period::YEARS.contains(&year) && p.id.as_bytes()[4] == b'-', "{}", p.id);
                let trend = voc::metrics::trend::periods(&p, 12);
                let prev = p.previous();
                let scope = Scope::around(&p, Some(&prev), 28);
                prop_assert!(trend.iter().all(|t| t.id.len() >= 7 && t.start_ms() < t.end_ms()));
                prop_assert!(scope.keep_from < scope.keep_to);
            }
        }
    }
}
