//! Errors of the typed layer.

use std::sync::Arc;

/// A value could not be serialized to JSON (for example a map with non-string keys).
#[derive(Debug, Clone, thiserror::Error)]
#[error("value cannot be serialized to JSON: {0}")]
pub struct ValueError(#[source] pub Arc<serde_json::Error>);

impl From<serde_json::Error> for ValueError {
    fn from(e: serde_json::Error) -> Self {
        Self(Arc::new(e))
    }
}

/// Building a query failed.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// A filter value could not be serialized.
    #[error(transparent)]
    Value(#[from] ValueError),
    /// A raw query parameter name does not start with `@`.
    #[error("query parameter name `{0}` must start with `@`")]
    ParameterName(String),
    /// A raw query parameter was given twice.
    #[error("query parameter `{0}` is given twice")]
    DuplicateParameter(String),
}

/// Building a patch failed.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum PatchError {
    /// The service accepts at most [`crate::patch::MAX_PATCH_OPERATIONS`] operations.
    #[error("a patch has {count} operations; the service accepts at most {max}")]
    TooManyOperations {
        /// Operations given.
        count: usize,
        /// The service limit.
        max: usize,
    },
    /// A patch needs at least one operation.
    #[error("a patch needs at least one operation")]
    Empty,
    /// An operation value or condition value could not be serialized.
    #[error(transparent)]
    Value(#[from] ValueError),
}

/// Building a transactional batch failed.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum BatchError {
    /// A batch needs at least one operation.
    #[error("a batch needs at least one operation")]
    Empty,
    /// The service accepts at most [`crate::batch::MAX_BATCH_OPERATIONS`] operations.
    #[error("a batch has {count} operations; the service accepts at most {max}")]
    TooManyOperations {
        /// Operations given.
        count: usize,
        /// The service limit.
        max: usize,
    },
    /// A document's partition key differs from the batch's: a batch is one logical partition.
    #[error(
        "operation {index} targets partition key {actual}, but the batch is bound to {expected}"
    )]
    KeyMismatch {
        /// Zero-based operation index.
        index: usize,
        /// The batch key as JSON.
        expected: String,
        /// The document key as JSON.
        actual: String,
    },
    /// A document could not be serialized.
    #[error("operation {index}: {source}")]
    Value {
        /// Zero-based operation index.
        index: usize,
        /// Why.
        #[source]
        source: ValueError,
    },
    /// A patch operation inside the batch is invalid.
    #[error("operation {index}: {source}")]
    Patch {
        /// Zero-based operation index.
        index: usize,
        /// Why.
        #[source]
        source: PatchError,
    },
}
