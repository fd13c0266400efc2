#![no_main]
//! Any bytes as a taxonomy file: parse, compile, run the examples, classify a text.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    voc::fuzzing::taxonomy(data);
});
