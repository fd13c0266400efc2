//! Plain data handed from stage to stage: the one interner, rows, accounting, scope, tagged
//! conversations. No I/O and no logic beyond accessors.

pub mod accounting;
pub mod archived;
pub mod bundle;
pub mod conv;
pub mod dataset;
pub mod formats;
pub mod intern;
pub mod lookup;
pub mod paths;
pub mod rows;
pub mod scope;
pub mod tagging;

pub use accounting::{Accounting, DuplicateFile, InputKind, Reject};
pub use archived::Archived;
pub use bundle::{Bundle, GATE_KINDS, Mail, OutFile};
pub use conv::{Conv, Desk, Flags, Packed, RiskExample, Sentinel, TagSource};
pub use dataset::{Dataset, Extra, Voice, VoiceKey};
pub use formats::{OutputFormat, SuggestFormat};
pub use intern::{Ahead, Hash, Interner, Lookups, Sym, Warm};
pub use lookup::Lookup;
pub use paths::clean_path;
pub use rows::{BATCH, Mapped, NO_TIME, OrderIndex, Product, ReturnLine, SaleLine, Sales, SalesRead};
pub use scope::Scope;
pub use tagging::{Fields, RISK_IDS, TAGGED_BYTES, ToTag};
