//! voc — Voice-of-Customer analytics for CS teams.
//!
//! The pipeline, one typed value handed from stage to stage:
//!
//! ```text
//! ingest (Frames) -> tag (Dataset) -> metrics (Metrics) -> render (Rendered) -> deliver
//! ```

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
