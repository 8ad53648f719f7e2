use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::SystemProperties;

/// A stored procedure: JavaScript run transactionally within one logical partition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StoredProcedureProperties {
    pub id: String,
    /// The JavaScript source, e.g. `function (a) { getContext().getResponse().setBody(a); }`.
    pub body: String,
    #[serde(flatten)]
    pub system: SystemProperties,
    #[serde(flatten)]
    pub additional_properties: Map<String, Value>,
}

impl StoredProcedureProperties {
    pub fn new(id: impl Into<String>, body: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            body: body.into(),
            system: SystemProperties::default(),
            additional_properties: Map::new(),
        }
    }
}

/// A user-defined function callable from queries as `udf.<id>(…)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UserDefinedFunctionProperties {
    pub id: String,
    pub body: String,
    #[serde(flatten)]
    pub system: SystemProperties,
    #[serde(flatten)]
    pub additional_properties: Map<String, Value>,
}

impl UserDefinedFunctionProperties {
    pub fn new(id: impl Into<String>, body: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            body: body.into(),
            system: SystemProperties::default(),
            additional_properties: Map::new(),
        }
    }
}

/// When a trigger runs relative to the write that names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TriggerType {
    // The Python SDK writes these in lowercase; both spellings are read.
    #[serde(alias = "pre")]
    Pre,
    #[serde(alias = "post")]
    Post,
}

/// Which writes may name a trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TriggerOperation {
    #[serde(alias = "all")]
    All,
    #[serde(alias = "create")]
    Create,
    #[serde(alias = "replace")]
    Replace,
    #[serde(alias = "delete")]
    Delete,
    #[serde(alias = "update")]
    Update,
}

/// A trigger: JavaScript run before or after a write that names it in its options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TriggerProperties {
    pub id: String,
    pub body: String,
    pub trigger_type: TriggerType,
    pub trigger_operation: TriggerOperation,
    #[serde(flatten)]
    pub system: SystemProperties,
    #[serde(flatten)]
    pub additional_properties: Map<String, Value>,
}

impl TriggerProperties {
    pub fn new(
        id: impl Into<String>,
        body: impl Into<String>,
        trigger_type: TriggerType,
        trigger_operation: TriggerOperation,
    ) -> Self {
        Self {
            id: id.into(),
            body: body.into(),
            trigger_type,
            trigger_operation,
            system: SystemProperties::default(),
            additional_properties: Map::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn trigger_shape() {
        let t = TriggerProperties::new(
            "t",
            "function(){}",
            TriggerType::Pre,
            TriggerOperation::Create,
        );
        assert_eq!(
            serde_json::to_value(&t).unwrap(),
            json!({"id": "t", "body": "function(){}", "triggerType": "Pre", "triggerOperation": "Create"})
        );
        let lower: TriggerProperties = serde_json::from_value(
            json!({"id": "t", "body": "", "triggerType": "post", "triggerOperation": "all"}),
        )
        .unwrap();
        assert_eq!(lower.trigger_type, TriggerType::Post);
        assert_eq!(lower.trigger_operation, TriggerOperation::All);
    }
}
