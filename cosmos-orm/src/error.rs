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

/// A repository operation failed.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum RepositoryError {
    /// The service or the transport failed (404, 409, 412, 429 after retries, ...).
    #[error(transparent)]
    Cosmos(#[from] cosmos_core::Error),
    /// The query could not be built.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// A result row did not match the expected type.
    #[error("a result does not match the document type: {0}")]
    Decode(#[source] Arc<serde_json::Error>),
    /// A write answered without the document (the service was asked for a minimal response).
    #[error("the service returned no document for {operation}")]
    MissingBody {
        /// The operation.
        operation: &'static str,
    },
    /// A transactional batch was rolled back because operation `index` failed.
    #[error("batch operation {index} failed with status {status}; nothing was committed")]
    BatchFailed {
        /// Zero-based index of the failing operation.
        index: usize,
        /// Its status code (e.g. 409, 404, 412).
        status: u16,
        /// Its substatus, when given.
        sub_status: Option<u32>,
    },
    /// A patch could not be built.
    #[error(transparent)]
    Patch(#[from] PatchError),
    /// A batch could not be built.
    #[error(transparent)]
    Batch(#[from] BatchError),
    /// The container exists with another partition key definition.
    #[error("container `{container}` is partitioned by {actual:?}, but the document type declares {expected:?}")]
    ContainerMismatch {
        /// Container id.
        container: String,
        /// Paths the document type declares.
        expected: Vec<String>,
        /// Paths the container has.
        actual: Vec<String>,
    },
}

impl From<serde_json::Error> for RepositoryError {
    fn from(e: serde_json::Error) -> Self {
        Self::Decode(Arc::new(e))
    }
}

impl RepositoryError {
    /// The service error, if that is what failed.
    pub fn cosmos(&self) -> Option<&cosmos_core::Error> {
        match self {
            Self::Cosmos(e) => Some(e),
            _ => None,
        }
    }

    /// 409: a document with this id already exists in the partition.
    pub fn is_conflict(&self) -> bool {
        self.cosmos().is_some_and(cosmos_core::Error::is_conflict)
    }

    /// 412: the etag (or patch condition) no longer matches.
    pub fn is_precondition_failed(&self) -> bool {
        self.cosmos()
            .is_some_and(cosmos_core::Error::is_precondition_failed)
    }

    /// 404: the document or container does not exist.
    pub fn is_not_found(&self) -> bool {
        self.cosmos().is_some_and(cosmos_core::Error::is_not_found)
    }
}
