use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::SystemProperties;

/// The account read with `GET /`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DatabaseAccount {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub writable_locations: Vec<AccountLocation>,
    #[serde(default)]
    pub readable_locations: Vec<AccountLocation>,
    #[serde(default)]
    pub enable_multiple_write_locations: bool,
    #[serde(default)]
    pub user_consistency_policy: Option<ConsistencyPolicy>,
    #[serde(flatten)]
    pub system: SystemProperties,
    #[serde(flatten)]
    pub additional_properties: Map<String, Value>,
}

/// A region of the account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AccountLocation {
    pub name: String,
    pub database_account_endpoint: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ConsistencyPolicy {
    /// `Session`, `Strong`, `Eventual`, `BoundedStaleness` or `ConsistentPrefix`.
    pub default_consistency_level: String,
    #[serde(flatten)]
    pub additional_properties: Map<String, Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_account_with_and_without_locations() {
        let full: DatabaseAccount = serde_json::from_value(serde_json::json!({
            "id": "localhost", "_rid": "localhost", "_self": "",
            "writableLocations": [{"name": "South Central US", "databaseAccountEndpoint": "https://127.0.0.1:8081/"}],
            "readableLocations": [],
            "enableMultipleWriteLocations": false,
            "userConsistencyPolicy": {"defaultConsistencyLevel": "Session"},
            "queryEngineConfiguration": "{}"
        }))
        .unwrap();
        assert_eq!(full.writable_locations[0].name, "South Central US");
        assert_eq!(
            full.user_consistency_policy
                .unwrap()
                .default_consistency_level,
            "Session"
        );
        assert!(full
            .additional_properties
            .contains_key("queryEngineConfiguration"));
        let bare: DatabaseAccount = serde_json::from_value(serde_json::json!({})).unwrap();
        assert!(bare.writable_locations.is_empty());
    }
}
