//! A rendered report: every file of it by name, relative to the output folder, and its mail.
//! `render` builds both, `deliver` writes the files (all or none) and sends the mail, and
//! `voc send` loads a report back from disk.

/// A file to write: its name relative to the output folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The JSON `alerts[].kind`s that are data-quality gates (exit 3, the mail's warning): the one
/// list the metrics and `voc send` (which reads a report back) share.
pub const GATE_KINDS: [&str; 5] = ["gate", "coverage", "data_span", "duplicates", "implausible"];

#[derive(Debug, Clone, Default)]
pub struct Bundle {
    /// The period id the file names start with (`2026-W46`).
    pub id: String,
    pub files: Vec<OutFile>,
    /// Files of an earlier run of the same report that this one does not produce (a rejects
    /// file when no row was rejected this time): removed when the bundle is written.
    pub stale: Vec<String>,
    /// A data-quality gate failed: the mail says so in its subject.
    pub gate_failed: bool,
}

impl Bundle {
    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.files.iter().find(|f| f.name == name).map(|f| f.bytes.as_slice())
    }

    /// `<id>.<suffix>`
    pub fn part(&self, suffix: &str) -> Option<&[u8]> {
        self.get(&format!("{}.{suffix}", self.id))
    }

    /// The e-mail's chart images: (chart id, PNG bytes), from `<id>.email/<chart>.png`.
    pub fn email_images(&self) -> Vec<(String, Vec<u8>)> {
        let prefix = format!("{}.email/", self.id);
        self.files
            .iter()
            .filter_map(|f| {
                f.name.strip_prefix(&prefix).and_then(|n| n.strip_suffix(".png")).map(|n| (n.to_string(), f.bytes.clone()))
            })
            .collect()
    }
}

/// The parts of one report's mail, already rendered and chosen (render/mail.rs): the deliver
/// stage only assembles and sends them.
#[derive(Debug, Clone, Default)]
pub struct Mail {
    pub period_id: String,
    pub subject: String,
    /// The e-mail HTML (`<id>.email.html`).
    pub html: Vec<u8>,
    /// The chart PNGs: (chart id, bytes); the HTML refers to `cid:<id>@voc`.
    pub images: Vec<(String, Vec<u8>)>,
    /// The Markdown summary, as the plain-text alternative.
    pub text: Option<Vec<u8>>,
    /// The full HTML report, attached when the mail stays within its budget.
    pub report: Option<Vec<u8>>,
}
