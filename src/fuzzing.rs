//! Entry points for the cargo-fuzz targets in tests/fuzz, and for replaying what they found
//! (tests/fuzz_regressions.rs). Each takes arbitrary bytes, must never panic, and says what it
//! made of them in one line, so that a replayed finding is held to the outcome it must give.

use std::path::PathBuf;

use chrono_tz::Asia::Seoul;

use crate::model::Fields;
use crate::read::timestamps::TimeParser;
use crate::taxonomy::{Scratch, check, compile, model::RawTaxonomy};

/// Any text through the timestamp parser, in auto mode and with explicit formats: each
/// parser's instant (UTC ms) or `error`, `|`-separated; `not UTF-8` for other bytes.
pub fn timestamps(data: &[u8]) -> String {
    let Ok(s) = std::str::from_utf8(data) else { return "not UTF-8".into() };
    let parsers = [
        TimeParser::new(Seoul, &[]),
        TimeParser::new(Seoul, &["%Y-%m-%d %H:%M".into(), "%d/%m/%Y %I:%M %p".into(), "auto".into()]).with_excel(true),
        TimeParser::new(chrono_tz::America::New_York, &["%s".into(), "%Y%m%d".into(), "%a %b %d %H:%M:%S %z %Y".into()]),
    ];
    let out: Vec<String> = parsers.iter().map(|p| p.parse(s).map_or("error".to_string(), |ms| ms.to_string())).collect();
    out.join("|")
}

/// Any bytes as a taxonomy file: parse, compile, check, classify and explain. The compiled
/// taxonomy is returned when the bytes were one, so a replayed finding can assert on it.
pub fn taxonomy(data: &[u8]) -> Option<crate::taxonomy::Taxonomy> {
    let src = std::str::from_utf8(data).ok()?;
    let raw = serde_yaml::from_str::<RawTaxonomy>(src).ok()?;
    let (tax, problems) = compile::compile(std::path::Path::new("fuzz.yaml"), src, raw);
    let _ = check::check(&tax, problems);
    let fields = Fields { channel: Some("카카오톡"), segment: Some("VIP"), category: Some("신발") };
    for text in ["배송 언제 와요? 265mm", "", "ＡＢＣ 교환\n환불 abc", src] {
        let _ = tax.classify(text, &fields, None, &mut Scratch::default());
        let _ = tax.explain(text, &fields, None);
    }
    Some(tax)
}

/// A folder of this process and thread (tests replay inputs on several threads at once).
fn scratch_dir() -> PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    thread_local! {
        static ID: usize = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
    let d = std::env::temp_dir().join(format!("voc-fuzz-{}-{}", std::process::id(), ID.with(|i| *i)));
    let _ = std::fs::create_dir_all(&d);
    d
}

/// Any bytes as a conversations export read through the whole ingest: every row validated,
/// de-duplicated and accounted for; the identity must hold. The accounting
/// (`read used rejected duplicates filtered`), or `error: …` for a file voc refuses whole.
pub fn csv_ingest(data: &[u8]) -> String {
    let dir = scratch_dir();
    let csv = dir.join("conv.csv");
    let cfg = dir.join("voc.yaml");
    if let Err(e) = std::fs::write(&csv, data) {
        return format!("scratch: {e}");
    }
    // the malformed-input corpus's columns (tests/corpus/), so that its files are the fuzzer's seeds
    let yaml = "timezone: Asia/Seoul\noutput_dir: out\ninputs:\n  conversations:\n    paths: [conv.csv]\n    columns: { id: 상담ID, created_at: 생성일시, first_response_at: 첫응답일시, text: 내용, csat: 만족도 }\n    exclude: { text: [\"*스팸*\"] }\n";
    if let Err(e) = std::fs::write(&cfg, yaml) {
        return format!("scratch: {e}");
    }
    let read = crate::config::load(&cfg)
        .and_then(|config| crate::read::open(&config, crate::model::Scope::all()))
        .and_then(|frames| frames.conversations.run(&|_| (), |_, _| Ok(())));
    match read {
        Ok(done) => {
            let a = &done.accounting[0].1;
            assert!(a.balances(), "the accounting does not balance: {a:?}");
            format!("{} {} {} {} {}", a.rows_read, a.rows_used, a.rows_rejected, a.duplicates, a.filtered)
        }
        Err(e) => format!("error: {}", crate::error::exit_code(&e)),
    }
}
