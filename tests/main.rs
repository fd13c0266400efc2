//! voc's integration tests: one binary, the real `voc` executable, one folder per test.

mod util;

mod cli;
mod conversion;
mod corpus;
mod crosscheck;
mod datasets;
mod delivery;
mod desk;
mod first_week;
mod formats;
mod fuzz_regressions;
mod house;
mod html;
mod ingest;
mod props;
mod readme;
mod sources;
mod summary;
mod taxonomy;
mod trust;
