//! voc — Voice-of-Customer analytics for CS teams.
//!
//! The pipeline, one typed value handed from stage to stage:
//!
//! ```text
//! ingest (Frames) -> tag (Tagged) -> metrics (Metrics) -> render (Rendered) -> deliver
//! ```

pub mod cli;
pub mod cmd;
pub mod config;
pub mod deliver;
pub mod error;
pub mod fuzzing;
pub mod ingest;
pub mod mask;
pub mod metrics;
pub mod period;
pub mod render;
pub mod tag;
pub mod taxonomy;
pub mod yaml;
