//! What a built query hands to the client: parameterized SQL, its scope and
//! how to decode each result row.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::key::PartitionKey;

/// The body of a query request: `{"query": "...", "parameters": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SqlQuerySpec {
    /// SQL text; values appear only as `@name` parameters.
    pub query: String,
    /// Parameter values, in the order they appear.
    pub parameters: Vec<SqlParameter>,
}

/// One `{"name": "@p0", "value": ...}` entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SqlParameter {
    /// Name including the leading `@`.
    pub name: String,
    /// JSON value.
    pub value: Value,
}

/// Which partitions a query reads.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryScope {
    /// One logical partition (sent as the partition key header).
    Partition(PartitionKey),
    /// Every partition; only when asked for explicitly, since it costs more.
    CrossPartition,
}

/// How results are turned into values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultShape {
    /// Every row is a result.
    Rows,
    /// At most one row is wanted (`TOP 1`).
    First,
    /// A single aggregate value (`SELECT VALUE COUNT(1)`); partial results
    /// from several partitions are summed.
    Count,
    /// Whether any row exists (`TOP 1`).
    Exists,
}

/// A built query ready to run: the request body, its scope and the row decoder.
pub struct PreparedQuery<O> {
    /// The request body.
    pub spec: SqlQuerySpec,
    /// Where it runs.
    pub scope: QueryScope,
    /// How rows map to the result.
    pub shape: ResultShape,
    decode: fn(Value) -> Result<O, serde_json::Error>,
}

impl<O> PreparedQuery<O> {
    pub(crate) fn new(
        spec: SqlQuerySpec,
        scope: QueryScope,
        shape: ResultShape,
        decode: fn(Value) -> Result<O, serde_json::Error>,
    ) -> Self {
        Self {
            spec,
            scope,
            shape,
            decode,
        }
    }

    /// Decodes one result row.
    pub fn decode(&self, row: Value) -> Result<O, serde_json::Error> {
        (self.decode)(row)
    }
}

impl<O> Clone for PreparedQuery<O> {
    fn clone(&self) -> Self {
        Self {
            spec: self.spec.clone(),
            scope: self.scope.clone(),
            shape: self.shape,
            decode: self.decode,
        }
    }
}

impl<O> fmt::Debug for PreparedQuery<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PreparedQuery")
            .field("spec", &self.spec)
            .field("scope", &self.scope)
            .field("shape", &self.shape)
            .finish_non_exhaustive()
    }
}

pub(crate) fn decode_json<O: serde::de::DeserializeOwned>(
    row: Value,
) -> Result<O, serde_json::Error> {
    serde_json::from_value(row)
}
