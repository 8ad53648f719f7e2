//! cosmos-orm: the typed layer of cosmos-rs.
//!
//! Derive [`CosmosDocument`] on a serde struct to declare its id, partition
//! key and container; then build queries, patches and transactional batches
//! through typed field handles instead of strings.
//!
#![doc = include_str!("docs/derive.md")]
#![doc = include_str!("docs/repository.md")]
#![warn(missing_docs)]

// Lets the derive's absolute `::cosmos_orm` paths resolve inside this crate's own tests.
extern crate self as cosmos_orm;

pub mod batch;
mod document;
pub mod error;
mod expr;
pub mod field;
mod key;
mod key_arg;
pub mod patch;
mod path;
pub mod query;
mod repository;
#[cfg(test)]
mod tests_cfg;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use batch::{Batch, BatchRequest};
pub use document::{fields, CosmosDocument, HasFields};
pub use error::{BatchError, PatchError, QueryError, RepositoryError, ValueError};
pub use expr::Expr;
pub use field::{
    ArrayField, BoolField, FieldType, IntoFieldValue, MapField, NestedField, NumberField,
    StringField, TypedField, ValueField,
};
pub use key::{PartitionKey, PartitionKeyDefinition, PartitionKeyKind, PartitionKeyValue};
pub use key_arg::{KeyArg, KeyPart, KeyPartArg, KeyType};
pub use patch::Patch;
pub use path::{FieldPath, Segment};
pub use query::{Optional, PreparedQuery, Query, QueryScope, RawQuery, SqlQuerySpec};
pub use repository::{BatchItem, Outcome, QueryPage, Repository};

/// Derives [`CosmosDocument`]; see the crate documentation for attributes.
pub use cosmos_derive::CosmosDocument;
/// Derives [`HasFields`] for a struct embedded in documents; see the crate documentation.
pub use cosmos_derive::CosmosFields;

/// Everything needed to declare documents and build typed requests.
pub mod prelude {
    pub use crate::{
        Batch, CosmosDocument, CosmosFields, Expr, HasFields, Optional, Patch, Query, RawQuery,
        Repository,
    };
}
