//! A report already in the output folder, as the read stage gives it back to the renderer of
//! the folder's index (docs/outputs.md `index.html`).

/// One report of the folder, as its index row shows it.
#[derive(Debug, Clone)]
pub struct Archived {
    pub id: String,
    pub kind: String,
    pub start: String,
    pub end: String,
    pub inquiries: Option<u64>,
    pub revenue: Option<f64>,
    pub per_revenue_unit: Option<f64>,
    pub first_response_simple_s: Option<f64>,
    pub first_response_revenue_s: Option<f64>,
    pub risks: u64,
    pub gate_failed: bool,
    /// Inquiries per period of the report's trend (None where the data did not cover it).
    pub trend: Vec<Option<f64>>,
    /// Which renderings sit beside the JSON (`html`, `md`).
    pub html: bool,
    pub md: bool,
}
