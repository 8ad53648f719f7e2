use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::SystemProperties;

/// A database resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DatabaseProperties {
    pub id: String,
    #[serde(flatten)]
    pub system: SystemProperties,
    #[serde(flatten)]
    pub additional_properties: Map<String, Value>,
}

impl DatabaseProperties {
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            system: SystemProperties::default(),
            additional_properties: Map::new(),
        }
    }
}
