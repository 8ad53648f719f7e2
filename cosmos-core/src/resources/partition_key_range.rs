use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::SystemProperties;

/// A physical partition's slice of the effective-partition-key space: `[min, max)` in
/// uppercase hex, from `""` to `"FF"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PartitionKeyRange {
    /// The range id, as sent in `x-ms-documentdb-partitionkeyrangeid`. Some servers send it
    /// as a number; it is read either way.
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    pub min_inclusive: String,
    pub max_exclusive: String,
    /// The ranges this one was split from.
    #[serde(default)]
    pub parents: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(flatten)]
    pub system: SystemProperties,
    #[serde(flatten)]
    pub additional_properties: Map<String, Value>,
}

fn string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match Value::deserialize(d)? {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(serde::de::Error::custom(format!(
            "a partition key range id must be a string, not {other}"
        ))),
    }
}

impl PartitionKeyRange {
    /// The range as an [`EpkRange`](cosmos_protocol::EpkRange).
    pub fn epk_range(&self) -> cosmos_protocol::EpkRange {
        cosmos_protocol::EpkRange::new(self.min_inclusive.clone(), self.max_exclusive.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_may_be_numbers() {
        let r: PartitionKeyRange =
            serde_json::from_value(json!({"id": 0, "minInclusive": "", "maxExclusive": "FF"}))
                .unwrap();
        assert_eq!(r.id, "0");
        assert!(serde_json::from_value::<PartitionKeyRange>(
            json!({"id": [0], "minInclusive": "", "maxExclusive": "FF"})
        )
        .is_err());
    }
}
