//! What the read stage hands the tagger for each kept conversation, on the thread that read it
//! (src/pipeline.rs passes `classify::Tagger` to `read`), and what the classify stage and the
//! metrics share of the tagging.

/// How many example conversations are kept per risk (the oldest of the period).
pub const RISK_IDS: usize = 20;

/// The size of what the tagger hands back for a row (`classify::Tagged`), which the read stage
/// carries with the row from the thread that parsed it to the one that takes it: each row is
/// moved several times, so both stages' tests hold this size.
pub const TAGGED_BYTES: usize = 32;

/// The field values a rule's `fields:` may test.
#[derive(Debug, Clone, Copy, Default)]
pub struct Fields<'a> {
    pub channel: Option<&'a str>,
    pub segment: Option<&'a str>,
    pub category: Option<&'a str>,
}

/// A kept conversation as the taxonomy sees it.
pub struct ToTag<'a> {
    pub text: &'a str,
    /// The manual tags cell.
    pub tags: Option<&'a str>,
    /// Channel, segment and category, for `fields:` rules.
    pub fields: Fields<'a>,
    pub created: i64,
    pub in_period: bool,
    /// The caller asked for this conversation's text.
    pub asked: bool,
}
