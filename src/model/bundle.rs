//! A rendered report: every file of it by name, relative to the output folder. `report`
//! builds it, `deliver` writes it (all files or none) and mails it, and `voc send` loads one
//! back from disk.

/// A file to write: its name relative to the output folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The JSON `alerts[].kind`s that are data-quality gates (exit 3, the mail's warning): the one
/// list the metrics and `voc send` (which reads a report back) share.
pub const GATE_KINDS: [&str; 4] = ["gate", "coverage", "data_span", "duplicates"];

/// The largest mail voc sends (many company mail systems refuse or clip larger ones; 1 MB is
/// also what a phone on a slow line opens without waiting).
pub const MAIL_BUDGET: usize = 1_000_000;

/// Whether the full HTML report fits in the mail beside the e-mail HTML, the plain-text
/// summary and the chart images (all sizes in bytes before encoding): each part counted as
/// base64 with line breaks (4/3 × 78/76), plus room for headers and part boundaries. The
/// renderer asks it (to word the mail's note) and so does the mail (to attach or not), with
/// the same parts, so both agree.
pub fn mail_fits_report(email_html: usize, text: usize, images: impl IntoIterator<Item = usize>, report: usize) -> bool {
    let encoded = |n: usize| n.div_ceil(3) * 4 * 78 / 76;
    let parts = [email_html, text, report].into_iter().chain(images);
    parts.map(encoded).sum::<usize>() + 16 * 1024 <= MAIL_BUDGET
}

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
