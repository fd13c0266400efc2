//! Data quality: each input's row accounting (docs/inputs.md), the unclassified share, responses
//! recorded before the conversation began, and conversations with no product.

use serde::Serialize;
use serde::ser::SerializeMap;

use super::response::{Clock, Delay};
use super::stats::ratio;
use crate::config::InputKind;
use crate::model::Accounting;
use crate::model::{Conv, Dataset};

#[derive(Debug, Clone, PartialEq)]
pub struct DataQuality {
    /// In input order: conversations (or messages), sales, returns.
    pub inputs: Vec<(InputKind, Accounting)>,
    pub unclassified_share: Option<f64>,
    /// Conversations of the period without a primary tag (not in the JSON: the share is).
    pub unclassified: u64,
    /// Conversations of the period whose first response is before their creation.
    pub invalid_first_response: Option<u64>,
    /// Conversations of the period linked to no product.
    pub without_product: Option<u64>,
}

impl Serialize for DataQuality {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.inputs.len() + 3))?;
        for (k, acc) in &self.inputs {
            m.serialize_entry(k.name(), acc)?;
        }
        m.serialize_entry("unclassified_share", &self.unclassified_share)?;
        m.serialize_entry("invalid_first_response", &self.invalid_first_response)?;
        m.serialize_entry("without_product", &self.without_product)?;
        m.end()
    }
}

pub fn data_quality(tagged: &Dataset, convs: &[&Conv], _conversation_level: bool) -> DataQuality {
    let mapped = &tagged.mapped;
    let unclassified = super::tags::unclassified(convs);
    DataQuality {
        inputs: tagged.accounting.clone(),
        unclassified_share: ratio(unclassified as f64, convs.len() as f64),
        unclassified,
        invalid_first_response: mapped
            .first_response
            .then(|| convs.iter().filter(|c| Clock::Wall.delay(c) == Delay::Invalid).count() as u64),
        without_product: mapped.product.then(|| convs.iter().filter(|c| c.product.get().is_none()).count() as u64),
    }
}
