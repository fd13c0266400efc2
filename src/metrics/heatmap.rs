//! When customers write (docs/metrics.md `heatmap`): the period's conversations by local
//! weekday (Monday first) and hour, and the first-response median of each cell — how CS leads
//! staff the desk.

use chrono::{Datelike, Timelike};
use serde::Serialize;

use super::{Slice, response, stats};

#[derive(Debug, Clone, Serialize)]
pub struct Heatmap {
    /// `counts[weekday][hour]`, Monday = 0.
    pub counts: Vec<Vec<u64>>,
    /// The same shape: the median first response of the cell's answered conversations (null
    /// where none was answered, or without a response field).
    pub first_response_median_s: Vec<Vec<Option<f64>>>,
}

pub fn heatmap(s: &Slice, tz: chrono_tz::Tz, clock: &response::Clock, has_response: bool) -> Heatmap {
    let mut counts = vec![vec![0u64; 24]; 7];
    let mut delays: Vec<Vec<Vec<f64>>> = vec![vec![Vec::new(); 24]; 7];
    for c in &s.convs {
        let Some(t) = chrono::DateTime::from_timestamp_millis(c.created).map(|t| t.with_timezone(&tz)) else { continue };
        let (d, h) = (t.weekday().num_days_from_monday() as usize, t.hour() as usize);
        counts[d][h] += 1;
        if let response::Delay::Answered(x) = clock.delay(c) {
            delays[d][h].push(x);
        }
    }
    let first_response_median_s = delays
        .into_iter()
        .map(|row| row.into_iter().map(|mut v| if has_response { stats::median(&mut v) } else { None }).collect())
        .collect();
    Heatmap { counts, first_response_median_s }
}
