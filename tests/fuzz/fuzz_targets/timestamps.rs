#![no_main]
//! Any text through the timestamp parser: auto forms, an explicit format, Excel serials.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    voc::fuzzing::timestamps(data);
});
