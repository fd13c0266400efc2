//! The taxonomy (docs/taxonomy.md): raw YAML (`model`) → a compiled, validated [`Taxonomy`] whose
//! keywords of all tags and risks live in one Aho-Corasick automaton, so each text is scanned
//! once however many tags there are (`compile`). `check` runs the embedded examples.

pub mod check;
pub mod compile;
pub mod edit;
pub mod keyword;
pub mod korean;
pub mod lint;
mod literals;
pub mod matcher;
pub mod model;
pub mod normalize;
pub mod suggest;

pub use compile::Taxonomy;
pub use matcher::{Explanation, Outcome, Scratch};
pub use model::Class;
