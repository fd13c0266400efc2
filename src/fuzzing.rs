//! Entry points for the cargo-fuzz targets in tests/fuzz, and for replaying what they found
//! (tests/fuzz_regressions.rs). Each takes arbitrary bytes and must never panic.

use std::path::PathBuf;

use chrono_tz::Asia::Seoul;

use crate::read::timestamps::TimeParser;
use crate::model::Fields;
use crate::taxonomy::{Scratch, check, compile, model::RawTaxonomy};

/// Any text through the timestamp parser, in auto mode and with explicit formats.
pub fn timestamps(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let _ = TimeParser::new(Seoul, &[]).parse(s);
    let _ =
        TimeParser::new(Seoul, &["%Y-%m-%d %H:%M".into(), "%d/%m/%Y %I:%M %p".into(), "auto".into()]).with_excel(true).parse(s);
    let _ =
        TimeParser::new(chrono_tz::America::New_York, &["%s".into(), "%Y%m%d".into(), "%a %b %d %H:%M:%S %z %Y".into()]).parse(s);
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
/// de-duplicated and accounted for; the identity must hold.
pub fn csv_ingest(data: &[u8]) {
    let dir = scratch_dir();
    let csv = dir.join("conv.csv");
    let cfg = dir.join("voc.yaml");
    if std::fs::write(&csv, data).is_err() {
        return;
    }
    let yaml = "timezone: Asia/Seoul\noutput_dir: out\ninputs:\n  conversations:\n    paths: [conv.csv]\n    columns: { id: id, created_at: created, first_response_at: resp, text: [title, body], csat: csat, channel: channel }\n    exclude: { channel: [spam] }\n";
    if std::fs::write(&cfg, yaml).is_err() {
        return;
    }
    let Ok(config) = crate::config::load(&cfg) else { return };
    let Ok(frames) = crate::read::open(&config, crate::model::Scope::all()) else { return };
    if let Ok(done) = frames.conversations.run(&|_| (), |_, _| Ok(())) {
        for (_, a) in &done.accounting {
            assert!(a.balances(), "the accounting does not balance: {a:?}");
        }
    }
}
