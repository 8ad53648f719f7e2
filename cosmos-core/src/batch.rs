//! Transactional batches: up to 100 operations on one logical partition, applied atomically.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::error::{Error, Result};
use crate::patch::PatchDocument;

/// The operations of a batch, in order. Serializes to the request body (a JSON array).
///
/// Any `Serialize` array of operation objects is accepted by
/// [`ContainerClient::execute_batch`](crate::ContainerClient::execute_batch); this builder is
/// the untyped way to make one.
#[derive(Debug, Clone, Default)]
pub struct TransactionalBatch {
    operations: Vec<Value>,
    /// The first item that failed to serialize; reported when the batch is executed.
    error: Option<Error>,
}

impl Serialize for TransactionalBatch {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if let Some(err) = &self.error {
            return Err(serde::ser::Error::custom(err.message()));
        }
        self.operations.serialize(serializer)
    }
}

impl TransactionalBatch {
    pub fn new() -> Self {
        Self::default()
    }

    fn push(&mut self, mut op: Map<String, Value>, etag: Option<String>) -> &mut Self {
        if let Some(etag) = etag {
            op.insert("ifMatch".into(), Value::String(etag));
        }
        self.operations.push(Value::Object(op));
        self
    }

    fn body<T: Serialize>(&mut self, item: &T) -> Value {
        serde_json::to_value(item).unwrap_or_else(|e| {
            self.error.get_or_insert(Error::serialization(e));
            Value::Null
        })
    }

    fn object(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    pub fn create<T: Serialize>(&mut self, item: &T) -> &mut Self {
        let body = self.body(item);
        let op = json!({"operationType": "Create", "resourceBody": body});
        self.push(Self::object(op), None)
    }

    pub fn upsert<T: Serialize>(&mut self, item: &T) -> &mut Self {
        let body = self.body(item);
        let op = json!({"operationType": "Upsert", "resourceBody": body});
        self.push(Self::object(op), None)
    }

    pub fn replace<T: Serialize>(&mut self, id: impl Into<String>, item: &T) -> &mut Self {
        self.replace_if_match(id, item, None)
    }

    /// Replace only if the item's etag is still `etag`.
    pub fn replace_if_match<T: Serialize>(
        &mut self,
        id: impl Into<String>,
        item: &T,
        etag: Option<String>,
    ) -> &mut Self {
        let body = self.body(item);
        let op = json!({"operationType": "Replace", "id": id.into(), "resourceBody": body});
        self.push(Self::object(op), etag)
    }

    pub fn read(&mut self, id: impl Into<String>) -> &mut Self {
        let op = json!({"operationType": "Read", "id": id.into()});
        self.push(Self::object(op), None)
    }

    pub fn delete(&mut self, id: impl Into<String>) -> &mut Self {
        let op = json!({"operationType": "Delete", "id": id.into()});
        self.push(Self::object(op), None)
    }

    pub fn patch(&mut self, id: impl Into<String>, patch: &PatchDocument) -> &mut Self {
        let body = self.body(patch);
        let op = json!({"operationType": "Patch", "id": id.into(), "resourceBody": body});
        self.push(Self::object(op), None)
    }

    pub fn len(&self) -> usize {
        self.operations.len()
    }

    pub fn is_empty(&self) -> bool {
        self.operations.is_empty()
    }
}

/// The outcome of one operation of a batch.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BatchOperationResult {
    pub status_code: u16,
    #[serde(default)]
    pub substatus_code: Option<u32>,
    #[serde(default)]
    pub request_charge: f64,
    #[serde(default, rename = "eTag")]
    pub etag: Option<String>,
    #[serde(default)]
    pub resource_body: Option<Value>,
    #[serde(default)]
    pub retry_after_milliseconds: Option<u64>,
}

impl BatchOperationResult {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status_code)
    }

    /// The operation's item (creates, upserts, replaces, reads, patches), as `T`.
    pub fn resource<T: DeserializeOwned>(&self) -> Result<Option<T>> {
        self.resource_body
            .clone()
            .map(serde_json::from_value)
            .transpose()
            .map_err(Error::serialization)
    }
}

/// The results of a batch, in operation order.
///
/// The service answers 200 when every operation succeeded and 207 when one failed: then
/// nothing was committed, the failing operation carries its own status and the others 424.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchResponse {
    results: Vec<BatchOperationResult>,
}

impl BatchResponse {
    pub(crate) fn new(results: Vec<BatchOperationResult>) -> Self {
        Self { results }
    }

    pub fn results(&self) -> &[BatchOperationResult] {
        &self.results
    }

    pub fn into_results(self) -> Vec<BatchOperationResult> {
        self.results
    }

    /// Every operation succeeded (and the batch was committed).
    pub fn is_success(&self) -> bool {
        self.results.iter().all(BatchOperationResult::is_success)
    }

    /// The operation that made the batch fail (not the 424s that followed it).
    pub fn first_failure(&self) -> Option<(usize, &BatchOperationResult)> {
        self.results
            .iter()
            .enumerate()
            .find(|(_, r)| !r.is_success() && r.status_code != 424)
            .or_else(|| {
                self.results
                    .iter()
                    .enumerate()
                    .find(|(_, r)| !r.is_success())
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_shape() {
        let mut batch = TransactionalBatch::new();
        batch
            .create(&json!({"id": "a"}))
            .read("b")
            .replace_if_match("c", &json!({"id": "c"}), Some("\"e\"".into()))
            .delete("d")
            .patch("e", &PatchDocument::new().set("/x", 1));
        assert_eq!(batch.len(), 5);
        assert_eq!(
            serde_json::to_value(&batch).unwrap(),
            json!([
                {"operationType": "Create", "resourceBody": {"id": "a"}},
                {"operationType": "Read", "id": "b"},
                {"operationType": "Replace", "id": "c", "resourceBody": {"id": "c"}, "ifMatch": "\"e\""},
                {"operationType": "Delete", "id": "d"},
                {"operationType": "Patch", "id": "e", "resourceBody": {"operations": [{"op": "set", "path": "/x", "value": 1}]}}
            ])
        );
    }

    #[test]
    fn unserializable_items_fail_the_batch() {
        let mut map = std::collections::HashMap::new();
        map.insert(vec![1u8], 1);
        let mut batch = TransactionalBatch::new();
        batch.create(&map);
        assert!(serde_json::to_value(&batch).is_err());
    }

    #[test]
    fn results_and_failures() {
        let results: Vec<BatchOperationResult> = serde_json::from_value(json!([
            {"statusCode": 201, "requestCharge": 1.5, "eTag": "\"1\"", "resourceBody": {"id": "a"}},
            {"statusCode": 409, "substatusCode": 0, "requestCharge": 0},
            {"statusCode": 424}
        ]))
        .unwrap();
        let response = BatchResponse::new(results);
        assert!(!response.is_success());
        let (index, failure) = response.first_failure().unwrap();
        assert_eq!((index, failure.status_code), (1, 409));
        let created: Value = response.results()[0].resource().unwrap().unwrap();
        assert_eq!(created["id"], "a");
    }
}
