//! The taxonomy file as written (docs/taxonomy.md): serde structs that reject unknown keys.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::yaml::{OneOrMany, Scalar};

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawTaxonomy {
    pub version: u32,
    pub normalize: Option<RawNormalize>,
    pub tags: Vec<RawTag>,
    #[serde(default)]
    pub risks: Vec<RawRisk>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawNormalize {
    pub nfkc: Option<bool>,
    pub lowercase: Option<bool>,
    pub ignore_spaces: Option<bool>,
}

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, Hash, PartialOrd, Ord, strum::IntoStaticStr)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Class {
    Simple,
    Revenue,
    Other,
}

impl Class {
    pub fn name(self) -> &'static str {
        self.into()
    }
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawTag {
    pub id: Scalar,
    pub name: Option<Scalar>,
    pub description: Option<String>,
    pub class: Option<Class>,
    pub priority: Option<i32>,
    #[serde(rename = "match")]
    pub rule: Option<RawMatch>,
    #[serde(default)]
    pub aliases: Vec<Scalar>,
    #[serde(default)]
    pub examples: Vec<RawExample>,
    #[serde(default)]
    pub children: Vec<RawTag>,
}

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum FieldKey {
    Channel,
    Segment,
    Category,
}

#[derive(Deserialize, Debug, Default, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawMatch {
    #[serde(default)]
    pub any: Vec<Scalar>,
    #[serde(default)]
    pub all: Vec<Scalar>,
    #[serde(default)]
    pub none: Vec<Scalar>,
    /// Phrases inside which a hit of `any` or `all` does not count (praise, a plain statement
    /// of fit: `사이즈 딱 맞`).
    #[serde(default)]
    pub except: Vec<Scalar>,
    #[serde(default)]
    pub regex: Vec<Scalar>,
    #[serde(default)]
    pub fields: BTreeMap<FieldKey, OneOrMany>,
}

/// An embedded test: the text (and optionally its fields) and the expected winner
/// (`unclassified` for none). On a risk, `expect: false` means the risk must not match.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawExample {
    pub text: String,
    pub expect: Option<Scalar>,
    #[serde(default)]
    pub risks: Option<Vec<Scalar>>,
    pub channel: Option<String>,
    pub segment: Option<String>,
    pub category: Option<String>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawRisk {
    pub id: Scalar,
    pub name: Option<Scalar>,
    pub description: Option<String>,
    #[serde(rename = "match")]
    pub rule: RawMatch,
    #[serde(default)]
    pub examples: Vec<RawExample>,
}
