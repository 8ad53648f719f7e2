//! Partial document updates: the body of a `PATCH` on an item.

use serde::Serialize;
use serde_json::{json, Value};

/// A list of patch operations (at most 10 per request) and an optional SQL condition.
///
/// Paths are JSON Pointers (`/address/city`, `/tags/-` to append). The typed layer
/// (`cosmos-orm`) builds the same body from typed field handles; any `Serialize` body of this
/// shape is accepted by [`ContainerClient::patch_item`](crate::ContainerClient::patch_item).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PatchDocument {
    #[serde(skip_serializing_if = "Option::is_none")]
    condition: Option<String>,
    operations: Vec<Value>,
}

impl PatchDocument {
    pub fn new() -> Self {
        Self::default()
    }

    fn op(mut self, op: Value) -> Self {
        self.operations.push(op);
        self
    }

    /// Adds a property, or inserts into an array at an index (`-` appends).
    pub fn add(self, path: impl Into<String>, value: impl Into<Value>) -> Self {
        self.op(json!({"op": "add", "path": path.into(), "value": value.into()}))
    }

    /// Sets a property, creating it if missing.
    pub fn set(self, path: impl Into<String>, value: impl Into<Value>) -> Self {
        self.op(json!({"op": "set", "path": path.into(), "value": value.into()}))
    }

    /// Replaces a property that must exist.
    pub fn replace(self, path: impl Into<String>, value: impl Into<Value>) -> Self {
        self.op(json!({"op": "replace", "path": path.into(), "value": value.into()}))
    }

    /// Removes a property that must exist.
    pub fn remove(self, path: impl Into<String>) -> Self {
        self.op(json!({"op": "remove", "path": path.into()}))
    }

    /// Adds a number to a numeric property (creating it if missing).
    pub fn incr(self, path: impl Into<String>, by: impl Into<Value>) -> Self {
        self.op(json!({"op": "incr", "path": path.into(), "value": by.into()}))
    }

    /// Moves a value from `from` to `path`.
    pub fn move_from(self, from: impl Into<String>, path: impl Into<String>) -> Self {
        self.op(json!({"op": "move", "from": from.into(), "path": path.into()}))
    }

    /// Applies the patch only if `FROM c WHERE …` holds for the item (else 412).
    pub fn condition(mut self, predicate: impl Into<String>) -> Self {
        self.condition = Some(predicate.into());
        self
    }

    pub fn len(&self) -> usize {
        self.operations.len()
    }

    pub fn is_empty(&self) -> bool {
        self.operations.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_shape() {
        let patch = PatchDocument::new()
            .set("/a", 1)
            .add("/tags/-", "x")
            .replace("/b", json!({"c": true}))
            .remove("/d")
            .incr("/n", -2)
            .move_from("/e", "/f")
            .condition("FROM c WHERE c.n > 0");
        assert_eq!(patch.len(), 6);
        assert_eq!(
            serde_json::to_value(&patch).unwrap(),
            json!({
                "condition": "FROM c WHERE c.n > 0",
                "operations": [
                    {"op": "set", "path": "/a", "value": 1},
                    {"op": "add", "path": "/tags/-", "value": "x"},
                    {"op": "replace", "path": "/b", "value": {"c": true}},
                    {"op": "remove", "path": "/d"},
                    {"op": "incr", "path": "/n", "value": -2},
                    {"op": "move", "from": "/e", "path": "/f"}
                ]
            })
        );
        assert_eq!(
            serde_json::to_value(PatchDocument::new()).unwrap(),
            json!({"operations": []})
        );
    }
}
