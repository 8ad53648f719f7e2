//! The escape hatch: hand-written SQL, still with parameters and a scope.

use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::document::CosmosDocument;
use crate::error::QueryError;
use crate::key_arg::KeyArg;
use crate::query::spec::{
    decode_json, PreparedQuery, QueryScope, ResultShape, SqlParameter, SqlQuerySpec,
};

/// Hand-written SQL over the container of `T`, returning rows of `O`.
///
/// ```
/// # use cosmos_orm::{CosmosDocument, RawQuery};
/// # #[derive(serde::Serialize, serde::Deserialize, CosmosDocument)]
/// # struct User { id: String, #[cosmos(partition_key)] tenant: String }
/// let q = RawQuery::<User, String>::in_partition("acme", "SELECT VALUE c.id FROM c WHERE c.n > @n")
///     .param("@n", 3)
///     .build()
///     .unwrap();
/// assert_eq!(q.spec.parameters[0].name, "@n");
/// ```
pub struct RawQuery<T, O = T> {
    sql: String,
    scope: QueryScope,
    parameters: Vec<SqlParameter>,
    error: Option<QueryError>,
    _types: PhantomData<fn() -> (T, O)>,
}

impl<T: CosmosDocument, O: DeserializeOwned> RawQuery<T, O> {
    /// SQL reading one logical partition.
    pub fn in_partition(key: impl KeyArg<T::Key>, sql: impl Into<String>) -> Self {
        Self::with_scope(QueryScope::Partition(key.into_partition_key()), sql.into())
    }

    /// SQL reading every partition.
    pub fn cross_partition(sql: impl Into<String>) -> Self {
        Self::with_scope(QueryScope::CrossPartition, sql.into())
    }

    fn with_scope(scope: QueryScope, sql: String) -> Self {
        Self {
            sql,
            scope,
            parameters: Vec::new(),
            error: None,
            _types: PhantomData,
        }
    }

    /// Binds `@name` to a value.
    #[must_use]
    pub fn param(mut self, name: impl Into<String>, value: impl Serialize) -> Self {
        let name = name.into();
        if self.error.is_some() {
            return self;
        }
        if !name.starts_with('@') {
            self.error = Some(QueryError::ParameterName(name));
        } else if self.parameters.iter().any(|p| p.name == name) {
            self.error = Some(QueryError::DuplicateParameter(name));
        } else {
            match serde_json::to_value(value) {
                Ok(value) => self.parameters.push(SqlParameter { name, value }),
                Err(e) => self.error = Some(QueryError::Value(e.into())),
            }
        }
        self
    }

    /// The request; the first invalid parameter is reported here.
    pub fn build(self) -> Result<PreparedQuery<O>, QueryError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        Ok(PreparedQuery::new(
            SqlQuerySpec {
                query: self.sql,
                parameters: self.parameters,
            },
            self.scope,
            ResultShape::Rows,
            decode_json,
        ))
    }
}
