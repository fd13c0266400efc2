//! Plain data handed from stage to stage: the one interner, rows, accounting, scope, tagged
//! conversations. No I/O and no logic beyond accessors.

pub mod accounting;
pub mod bundle;
pub mod conv;
pub mod dataset;
pub mod intern;
pub mod lookup;
pub mod paths;
pub mod rows;
pub mod scope;

pub use accounting::{Accounting, InputKind, Reject};
pub use bundle::{Bundle, GATE_KINDS, MAIL_BUDGET, OutFile, mail_fits_report};
pub use conv::{Conv, Desk, Packed, RiskExample, Sentinel, TagSource};
pub use dataset::{Dataset, Voice, VoiceKey};
pub use intern::{Ahead, Hash, Interner, Lookups, Sym, Warm};
pub use lookup::Lookup;
pub use paths::clean_path;
pub use rows::{BATCH, ConvRow, Mapped, NO_TIME, Product, ReturnLine, SaleLine, Sales};
pub use scope::Scope;
