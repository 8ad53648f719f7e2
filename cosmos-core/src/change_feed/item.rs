//! Items of the all-versions-and-deletes change feed (wire format `2021-09-15`).

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One operation on an item: its image after the operation (`None` for a delete), the image
/// before it when the service kept one, and what happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: DeserializeOwned"))]
pub struct ChangeFeedItem<T> {
    #[serde(default = "none")]
    pub current: Option<T>,
    #[serde(default = "none")]
    pub previous: Option<T>,
    pub metadata: ChangeFeedMetadata,
}

fn none<T>() -> Option<T> {
    None
}

/// What an operation was and where it sits in the feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ChangeFeedMetadata {
    pub operation_type: ChangeFeedOperation,
    /// The operation's logical sequence number in its partition.
    pub lsn: u64,
    /// When the operation was committed (seconds since the Unix epoch).
    #[serde(default)]
    pub crts: u64,
    /// The LSN of the version this operation replaced (0 for a create).
    #[serde(default, rename = "previousImageLSN")]
    pub previous_image_lsn: u64,
    /// Whether a delete was the item's time to live running out.
    #[serde(default)]
    pub time_to_live_expired: bool,
    /// The deleted item's id (deletes only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The deleted item's partition key, as `{path: value}` (deletes only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_key: Option<Value>,
}

/// The kind of operation a [`ChangeFeedItem`] records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ChangeFeedOperation {
    Create,
    Replace,
    Delete,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_wire_format() {
        let create: ChangeFeedItem<Value> = serde_json::from_value(json!({
            "current": {"id": "a"},
            "metadata": {"operationType": "create", "lsn": 3, "crts": 1700000000,
                         "previousImageLSN": 0, "timeToLiveExpired": false}
        }))
        .unwrap();
        assert_eq!(create.metadata.operation_type, ChangeFeedOperation::Create);
        assert_eq!(create.current, Some(json!({"id": "a"})));
        assert_eq!(create.previous, None);

        let delete: ChangeFeedItem<Value> = serde_json::from_value(json!({
            "previous": {"id": "a"},
            "metadata": {"operationType": "delete", "lsn": 5, "crts": 1700000001,
                         "previousImageLSN": 4, "timeToLiveExpired": true,
                         "id": "a", "partitionKey": {"pk": "x"}}
        }))
        .unwrap();
        assert_eq!(delete.current, None);
        assert_eq!(delete.metadata.previous_image_lsn, 4);
        assert!(delete.metadata.time_to_live_expired);
        assert_eq!(delete.metadata.id.as_deref(), Some("a"));
        assert_eq!(delete.metadata.partition_key, Some(json!({"pk": "x"})));

        assert!(serde_json::from_value::<ChangeFeedItem<Value>>(
            json!({"metadata": {"operationType": "upsert", "lsn": 1}})
        )
        .is_err());
    }
}
