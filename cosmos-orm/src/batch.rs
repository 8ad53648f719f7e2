//! The typed transactional batch builder.
//!
//! A batch is bound to one partition key value of the document's key type and
//! produces the wire operation list of a transactional batch request.

use std::fmt;
use std::marker::PhantomData;

use serde_json::{json, Map, Value};

use crate::document::CosmosDocument;
use crate::error::{BatchError, ValueError};
use crate::key::PartitionKey;
use crate::key_arg::KeyArg;
use crate::patch::Patch;

/// The service accepts at most this many operations per transactional batch.
pub const MAX_BATCH_OPERATIONS: usize = 100;

/// What a batch operation does, as named on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchOperationKind {
    /// Insert; fails with 409 if the id exists.
    Create,
    /// Insert or replace.
    Upsert,
    /// Replace an existing document.
    Replace,
    /// Point read.
    Read,
    /// Delete.
    Delete,
    /// Partial update.
    Patch,
}

impl BatchOperationKind {
    fn wire_name(self) -> &'static str {
        match self {
            Self::Create => "Create",
            Self::Upsert => "Upsert",
            Self::Replace => "Replace",
            Self::Read => "Read",
            Self::Delete => "Delete",
            Self::Patch => "Patch",
        }
    }
}

/// A built batch: the partition key to send as a header and the operation list body.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchRequest {
    /// The single logical partition every operation targets.
    pub partition_key: PartitionKey,
    /// Operation kinds in order, to read the per-operation results back.
    pub kinds: Vec<BatchOperationKind>,
    /// The request body: one JSON object per operation.
    pub operations: Vec<Value>,
}

/// A transactional batch over documents of type `T` in one logical partition.
///
/// ```
/// use cosmos_orm::{Batch, CosmosDocument, HasFields, Patch};
///
/// #[derive(serde::Serialize, serde::Deserialize, CosmosDocument)]
/// struct Order { id: String, #[cosmos(partition_key)] customer: String, total: u32 }
///
/// let order = Order { id: "o1".into(), customer: "c1".into(), total: 10 };
/// let mut batch = Batch::<Order>::new("c1");
/// batch
///     .create(&order)
///     .read("o0")
///     .patch("o2", Patch::new().set(&Order::fields().total, 0));
/// let request = batch.build().unwrap();
/// assert_eq!(request.operations[1], serde_json::json!({"operationType": "Read", "id": "o0"}));
/// ```
pub struct Batch<T> {
    key: PartitionKey,
    kinds: Vec<BatchOperationKind>,
    operations: Vec<Result<Value, BatchError>>,
    _doc: PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for Batch<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Batch")
            .field("key", &self.key)
            .field("operations", &self.operations)
            .finish()
    }
}

impl<T: CosmosDocument> Batch<T> {
    /// An empty batch bound to partition key `key` (typed as `T::Key`).
    pub fn new(key: impl KeyArg<T::Key>) -> Self {
        Self {
            key: key.into_partition_key(),
            kinds: Vec::new(),
            operations: Vec::new(),
            _doc: PhantomData,
        }
    }

    /// The partition key the batch is bound to.
    pub fn partition_key(&self) -> &PartitionKey {
        &self.key
    }

    /// Number of operations so far.
    pub fn len(&self) -> usize {
        self.operations.len()
    }

    /// Whether no operation was added.
    pub fn is_empty(&self) -> bool {
        self.operations.is_empty()
    }

    fn push(&mut self, kind: BatchOperationKind, op: Result<Value, BatchError>) -> &mut Self {
        self.kinds.push(kind);
        self.operations.push(op);
        self
    }

    /// Serializes `doc` after checking that it lives in the batch's partition.
    fn body_of(&self, doc: &T) -> Result<Value, BatchError> {
        let index = self.operations.len();
        let actual = doc.partition_key();
        if actual != self.key {
            return Err(BatchError::KeyMismatch {
                index,
                expected: self.key.to_header(),
                actual: actual.to_header(),
            });
        }
        serde_json::to_value(doc).map_err(|e| BatchError::Value {
            index,
            source: ValueError::from(e),
        })
    }

    fn with_body(
        &mut self,
        kind: BatchOperationKind,
        doc: &T,
        id: bool,
        if_match: Option<&str>,
    ) -> &mut Self {
        let op = self.body_of(doc).map(|body| {
            let mut op = Map::new();
            op.insert("operationType".into(), kind.wire_name().into());
            if id {
                op.insert("id".into(), doc.id().into());
            }
            op.insert("resourceBody".into(), body);
            if let Some(etag) = if_match {
                op.insert("ifMatch".into(), etag.into());
            }
            Value::Object(op)
        });
        self.push(kind, op)
    }

    /// Creates `doc`; the whole batch fails with 409 if its id exists.
    pub fn create(&mut self, doc: &T) -> &mut Self {
        self.with_body(BatchOperationKind::Create, doc, false, None)
    }

    /// Creates or replaces `doc`.
    pub fn upsert(&mut self, doc: &T) -> &mut Self {
        self.with_body(BatchOperationKind::Upsert, doc, false, None)
    }

    /// Replaces `doc`; when it carries an etag, only if unchanged since read (else 412).
    pub fn replace(&mut self, doc: &T) -> &mut Self {
        self.with_body(BatchOperationKind::Replace, doc, true, doc.etag())
    }

    /// Reads the document `id`.
    pub fn read(&mut self, id: impl Into<String>) -> &mut Self {
        let op = json!({"operationType": "Read", "id": id.into()});
        self.push(BatchOperationKind::Read, Ok(op))
    }

    /// Deletes the document `id` unconditionally.
    pub fn delete(&mut self, id: impl Into<String>) -> &mut Self {
        let op = json!({"operationType": "Delete", "id": id.into()});
        self.push(BatchOperationKind::Delete, Ok(op))
    }

    /// Deletes `doc`; when it carries an etag, only if unchanged since read (else 412).
    pub fn delete_item(&mut self, doc: &T) -> &mut Self {
        let index = self.operations.len();
        let actual = doc.partition_key();
        let op = if actual == self.key {
            let mut op = json!({"operationType": "Delete", "id": doc.id()});
            if let (Some(etag), Some(map)) = (doc.etag(), op.as_object_mut()) {
                map.insert("ifMatch".into(), etag.into());
            }
            Ok(op)
        } else {
            Err(BatchError::KeyMismatch {
                index,
                expected: self.key.to_header(),
                actual: actual.to_header(),
            })
        };
        self.push(BatchOperationKind::Delete, op)
    }

    /// Patches the document `id`.
    pub fn patch(&mut self, id: impl Into<String>, patch: Patch<T>) -> &mut Self {
        let index = self.operations.len();
        let op = patch
            .build()
            .map_err(|source| BatchError::Patch { index, source })
            .and_then(|body| {
                let body = serde_json::to_value(body).map_err(|e| BatchError::Value {
                    index,
                    source: e.into(),
                })?;
                Ok(json!({"operationType": "Patch", "id": id.into(), "resourceBody": body}))
            });
        self.push(BatchOperationKind::Patch, op)
    }

    /// The request. Fails when empty, past [`MAX_BATCH_OPERATIONS`], or with
    /// the first invalid operation.
    pub fn build(&self) -> Result<BatchRequest, BatchError> {
        if self.operations.is_empty() {
            return Err(BatchError::Empty);
        }
        if self.operations.len() > MAX_BATCH_OPERATIONS {
            return Err(BatchError::TooManyOperations {
                count: self.operations.len(),
                max: MAX_BATCH_OPERATIONS,
            });
        }
        let operations = self
            .operations
            .iter()
            .cloned()
            .collect::<Result<Vec<_>, _>>()?;
        Ok(BatchRequest {
            partition_key: self.key.clone(),
            kinds: self.kinds.clone(),
            operations,
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::tests_cfg::{Event, User};
    use crate::HasFields;

    #[test]
    fn wire_operations() {
        let mut user = User::sample("u1", "acme");
        let f = User::fields();
        let mut batch = Batch::<User>::new("acme");
        batch.create(&user).upsert(&user).read("u2").delete("u3");
        user.etag = Some("\"e1\"".into());
        batch
            .replace(&user)
            .delete_item(&user)
            .patch("u4", Patch::new().incr(&f.age, 1));
        let request = batch.build().unwrap();
        let body = serde_json::to_value(&user).unwrap();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&request.partition_key.to_header()).unwrap(),
            json!(["acme"])
        );
        assert_eq!(request.operations[0]["operationType"], "Create");
        assert_eq!(request.operations[0]["resourceBody"]["tenantId"], "acme");
        assert_eq!(request.operations[1]["operationType"], "Upsert");
        assert_eq!(
            request.operations[2],
            json!({"operationType": "Read", "id": "u2"})
        );
        assert_eq!(
            request.operations[3],
            json!({"operationType": "Delete", "id": "u3"})
        );
        assert_eq!(
            request.operations[4],
            json!({"operationType": "Replace", "id": "u1", "resourceBody": body, "ifMatch": "\"e1\""})
        );
        assert_eq!(
            request.operations[5],
            json!({"operationType": "Delete", "id": "u1", "ifMatch": "\"e1\""})
        );
        assert_eq!(
            request.operations[6],
            json!({"operationType": "Patch", "id": "u4", "resourceBody": {
                "operations": [{"op": "incr", "path": "/age", "value": 1}]
            }})
        );
        assert_eq!(request.kinds.len(), 7);
    }

    #[test]
    fn documents_must_share_the_batch_key() {
        let mut batch = Batch::<User>::new("acme");
        batch.read("x").create(&User::sample("u1", "other"));
        let err = batch.build().unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"operation 1 targets partition key ["other"], but the batch is bound to ["acme"]"#
        );
    }

    #[test]
    fn hierarchical_batch_key() {
        let batch = Batch::<Event>::new(("t", 1.0, 2));
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&batch.partition_key().to_header()).unwrap(),
            json!(["t", 1.0, 2])
        );
    }

    #[test]
    fn limits_and_invalid_patches() {
        assert!(matches!(
            Batch::<User>::new("a").build(),
            Err(BatchError::Empty)
        ));
        let mut batch = Batch::<User>::new("a");
        for i in 0..=MAX_BATCH_OPERATIONS {
            batch.read(format!("r{i}"));
        }
        assert!(matches!(
            batch.build(),
            Err(BatchError::TooManyOperations {
                count: 101,
                max: 100
            })
        ));
        let mut batch = Batch::<User>::new("a");
        batch.patch("x", Patch::new());
        assert!(matches!(
            batch.build(),
            Err(BatchError::Patch { index: 0, .. })
        ));
    }
}
