//! A tagged conversation as the metrics see it: small, without its text.

use serde::Serialize;

use super::intern::Sym;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, strum::IntoStaticStr)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum TagSource {
    Manual,
    Rule,
    #[default]
    None,
}

impl TagSource {
    pub fn name(self) -> &'static str {
        self.into()
    }
}

/// One tagged conversation, without its text. A report keeps millions of these, so optional
/// values are [`Packed`]: 88 bytes a conversation instead of 150. The read stage makes it (not
/// yet tagged: `Default` for the tag), the classify stage tags it, `link` gives it its product.
#[derive(Debug, Clone, Default)]
pub struct Conv {
    /// The conversation id, interned (`Dataset::interner` has its text).
    pub id: Sym,
    pub created: i64,
    pub response_at: Packed<i64>,
    pub channel: Packed<Sym>,
    pub product: Packed<Sym>,
    /// The order id, kept only while the product is unknown (it is found through the order).
    pub order: Packed<Sym>,
    pub customer: Packed<Sym>,
    pub segment: Packed<Sym>,
    pub category: Packed<Sym>,
    pub ces: Packed<f32>,
    pub csat: Packed<f32>,
    pub nps: Packed<f32>,
    pub desk: Desk,
    pub tag: Option<u16>,
    /// The rules' own pick, whatever an agent's tag says (docs/taxonomy.md tag review).
    pub rule: Packed<u16>,
    pub source: TagSource,
    pub risks: u64,
    pub flags: Flags,
}

/// What else is known of a conversation, in one byte.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flags(u8);

impl Flags {
    const IN_PERIOD: u8 = 1;
    const NO_TEXT: u8 = 2;
    const BOT: u8 = 4;

    /// `in_period`: it falls in the report's period; `no_text`: its text is empty (a review
    /// without a comment: counted, but no tagging miss, docs/trust.md "No text is not
    /// unclassified").
    pub fn new(in_period: bool, no_text: bool) -> Flags {
        Flags(if in_period { Self::IN_PERIOD } else { 0 } | if no_text { Self::NO_TEXT } else { 0 })
    }

    /// A bot took part (Channel Talk's ALF or a workflow, or a bot wrote in its thread).
    pub fn with_bot(self, bot: bool) -> Flags {
        Flags(self.0 | if bot { Self::BOT } else { 0 })
    }
}

impl Conv {
    pub fn in_period(&self) -> bool {
        self.flags.0 & Flags::IN_PERIOD != 0
    }

    pub fn no_text(&self) -> bool {
        self.flags.0 & Flags::NO_TEXT != 0
    }

    pub fn bot(&self) -> bool {
        self.flags.0 & Flags::BOT != 0
    }
}

/// What a helpdesk export says of a conversation beyond its first response (docs/metrics.md
/// `resolution`, `backlog`, `agents`): 16 bytes, each value packed.
#[derive(Debug, Clone, Copy, Default)]
pub struct Desk {
    /// When it was resolved (solved, closed); none = not resolved.
    pub resolved_at: Packed<i64>,
    pub assignee: Packed<Sym>,
    pub agent_replies: Packed<u16>,
    pub reopens: Packed<u16>,
}

/// Counts are bounded far below `u16::MAX` by the reader (it refuses larger ones).
impl Sentinel for u16 {
    const NONE: Self = u16::MAX;
    fn is_none(self) -> bool {
        self == u16::MAX
    }
}

impl<T: Sentinel> Default for Packed<T> {
    fn default() -> Self {
        Packed(T::NONE)
    }
}

/// A value no input can have, standing for "none" in a [`Packed`].
pub trait Sentinel: Copy {
    const NONE: Self;
    fn is_none(self) -> bool;
}

/// Symbols never reach `Sym::MAX` (that many distinct strings would not fit in memory).
impl Sentinel for Sym {
    const NONE: Self = Sym::MAX;
    fn is_none(self) -> bool {
        self == Sym::MAX
    }
}

/// Instants are bounded by the timestamp parser; `i64::MIN` is not one.
impl Sentinel for i64 {
    const NONE: Self = i64::MIN;
    fn is_none(self) -> bool {
        self == i64::MIN
    }
}

/// Scores are finite numbers (`values::number` refuses NaN).
impl Sentinel for f32 {
    const NONE: Self = f32::NAN;
    fn is_none(self) -> bool {
        self.is_nan()
    }
}

/// `Option<T>` in the size of `T`.
#[derive(Clone, Copy, Debug)]
pub struct Packed<T: Sentinel>(T);

impl<T: Sentinel> Packed<T> {
    pub const NONE: Self = Packed(T::NONE);

    pub fn get(self) -> Option<T> {
        (!self.0.is_none()).then_some(self.0)
    }
}

impl<T: Sentinel> From<Option<T>> for Packed<T> {
    fn from(o: Option<T>) -> Self {
        Packed(o.unwrap_or(T::NONE))
    }
}

/// A risk conversation of the period with its text (masked only when rendered).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RiskExample {
    pub created: i64,
    pub id: Box<str>,
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_values_round_trip_and_keep_a_conversation_small() {
        for o in [None, Some(0), Some(7), Some(Sym::MAX - 1)] {
            assert_eq!(Packed::<Sym>::from(o).get(), o);
        }
        for o in [None, Some(i64::MIN + 1), Some(-1), Some(0), Some(1_794_150_000_000)] {
            assert_eq!(Packed::<i64>::from(o).get(), o);
        }
        for o in [None, Some(0.0), Some(-10.0), Some(f32::MAX), Some(f32::INFINITY)] {
            assert_eq!(Packed::<f32>::from(o).get(), o);
        }
        assert!(std::mem::size_of::<Conv>() <= 88, "{} bytes", std::mem::size_of::<Conv>());
        assert_eq!(std::mem::size_of::<Desk>(), 16);
    }
}
