#![no_main]
//! Any bytes as a conversations export: read every row, validate, account.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    voc::fuzzing::csv_ingest(data);
});
