//! voc — Voice-of-Customer analytics for CS teams.
//!
//! One corridor of typed stages, ordered in one place (src/pipeline.rs); the contract is in
//! docs/:
//!
//! ```text
//! read (Frames) -> link + classify (Dataset) -> metrics (Metrics) -> render (Bundle) -> deliver
//! ```

pub mod alloc;
pub mod classify;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod deliver;
pub mod error;
pub mod fuzzing;
pub mod link;
pub mod mask;
pub mod metrics;
pub mod model;
pub mod period;
pub mod pipeline;
pub mod read;
pub mod render;
pub mod taxonomy;
pub mod yaml;
