//! The typed query builder.
//!
//! Queries are built from field handles and always render values as
//! parameters (`@p0`, `@p1`, ...), never into the SQL text. A query reads one
//! logical partition unless built with [`Query::cross_partition`].

mod projection;
mod raw;
mod spec;

use std::fmt::Write as _;
use std::marker::PhantomData;

pub use projection::{Optional, Projection, ProjectionItem};
pub use raw::RawQuery;
pub use spec::{PreparedQuery, QueryScope, ResultShape, SqlParameter, SqlQuerySpec};

use crate::document::CosmosDocument;
use crate::error::QueryError;
use crate::expr::{Expr, Params};
use crate::key_arg::KeyArg;
use crate::path::FieldPath;

/// A sort key: `field.asc()` or `field.desc()`.
pub struct Order<R> {
    path: FieldPath,
    descending: bool,
    _root: PhantomData<fn() -> R>,
}

impl<R> Order<R> {
    pub(crate) fn new(path: FieldPath, descending: bool) -> Self {
        Self {
            path,
            descending,
            _root: PhantomData,
        }
    }
}

impl<R> Clone for Order<R> {
    fn clone(&self) -> Self {
        Self::new(self.path.clone(), self.descending)
    }
}

impl<R> std::fmt::Debug for Order<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Order")
            .field("path", &self.path)
            .field("descending", &self.descending)
            .finish()
    }
}

/// Row limits. `TOP` and `OFFSET ... LIMIT` cannot be combined in Cosmos SQL,
/// so setting one replaces the other.
#[derive(Debug, Clone, Copy)]
enum RowLimit {
    None,
    Top(u32),
    OffsetLimit { offset: u32, limit: u32 },
}

/// A query over documents of type `T`, returning whole documents.
///
/// ```
/// use cosmos_orm::{CosmosDocument, HasFields, Query};
///
/// #[derive(serde::Serialize, serde::Deserialize, CosmosDocument)]
/// #[serde(rename_all = "camelCase")]
/// struct User {
///     id: String,
///     #[cosmos(partition_key)]
///     tenant_id: String,
///     age: u32,
///     display_name: String,
/// }
///
/// let f = User::fields();
/// let query = Query::<User>::in_partition("acme")
///     .filter(f.age.ge(18) & f.display_name.starts_with("A"))
///     .order_by(f.age.desc())
///     .top(10)
///     .build()
///     .unwrap();
/// assert_eq!(
///     query.spec.query,
///     "SELECT TOP 10 * FROM c WHERE c.age >= @p0 AND STARTSWITH(c.displayName, @p1) ORDER BY c.age DESC"
/// );
/// assert_eq!(
///     serde_json::to_value(&query.spec.parameters).unwrap(),
///     serde_json::json!([{"name": "@p0", "value": 18}, {"name": "@p1", "value": "A"}])
/// );
/// ```
pub struct Query<T> {
    scope: QueryScope,
    filter: Option<Expr<T>>,
    order: Vec<Order<T>>,
    limit: RowLimit,
}

impl<T> Clone for Query<T> {
    fn clone(&self) -> Self {
        Self {
            scope: self.scope.clone(),
            filter: self.filter.clone(),
            order: self.order.clone(),
            limit: self.limit,
        }
    }
}

impl<T> std::fmt::Debug for Query<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Query")
            .field("scope", &self.scope)
            .field("filter", &self.filter)
            .field("order", &self.order)
            .field("limit", &self.limit)
            .finish()
    }
}

impl<T: CosmosDocument> Query<T> {
    /// A query reading the one logical partition `key`.
    pub fn in_partition(key: impl KeyArg<T::Key>) -> Self {
        Self::with_scope(QueryScope::Partition(key.into_partition_key()))
    }

    /// A query fanning out over every partition.
    pub fn cross_partition() -> Self {
        Self::with_scope(QueryScope::CrossPartition)
    }

    fn with_scope(scope: QueryScope) -> Self {
        Self {
            scope,
            filter: None,
            order: Vec::new(),
            limit: RowLimit::None,
        }
    }

    /// Adds a filter; several calls are combined with `AND`.
    #[must_use]
    pub fn filter(mut self, expr: Expr<T>) -> Self {
        self.filter = Some(match self.filter.take() {
            Some(existing) => existing.and(expr),
            None => expr,
        });
        self
    }

    /// Adds a sort key; earlier keys take precedence.
    #[must_use]
    pub fn order_by(mut self, order: Order<T>) -> Self {
        self.order.push(order);
        self
    }

    /// `TOP n`: at most `n` rows. Replaces any `offset_limit`.
    #[must_use]
    pub fn top(mut self, n: u32) -> Self {
        self.limit = RowLimit::Top(n);
        self
    }

    /// `OFFSET offset LIMIT limit`. Replaces any `top`.
    #[must_use]
    pub fn offset_limit(mut self, offset: u32, limit: u32) -> Self {
        self.limit = RowLimit::OffsetLimit { offset, limit };
        self
    }

    /// Returns only the given fields, as tuples: `select((f.name, f.age))`.
    pub fn select<P: Projection<T>>(self, projection: P) -> Select<T, P> {
        Select {
            query: self,
            projection,
        }
    }

    /// `SELECT VALUE COUNT(1)`: the number of matching documents.
    /// Ordering and limits do not apply to a count and are dropped.
    pub fn count(self) -> Result<PreparedQuery<u64>, QueryError> {
        let mut params = Params::default();
        let mut sql = String::from("SELECT VALUE COUNT(1) FROM c");
        self.write_where(&mut sql, &mut params)?;
        Ok(self.prepare(sql, params, ResultShape::Count, spec::decode_json))
    }

    /// Whether any document matches (`SELECT TOP 1 VALUE 1`).
    pub fn exists(self) -> Result<PreparedQuery<u8>, QueryError> {
        let mut params = Params::default();
        let mut sql = String::from("SELECT TOP 1 VALUE 1 FROM c");
        self.write_where(&mut sql, &mut params)?;
        Ok(self.prepare(sql, params, ResultShape::Exists, spec::decode_json))
    }

    /// The first matching document in the query's order (`TOP 1`, or
    /// `OFFSET n LIMIT 1` after `offset_limit`).
    pub fn first(self) -> Result<PreparedQuery<T>, QueryError> {
        // A skipped prefix still applies: the first row after `offset`.
        let query = match self.limit {
            RowLimit::OffsetLimit { offset, .. } => self.offset_limit(offset, 1),
            _ => self.top(1),
        };
        let mut prepared = query.build()?;
        prepared.shape = ResultShape::First;
        Ok(prepared)
    }

    /// The request for whole documents.
    pub fn build(&self) -> Result<PreparedQuery<T>, QueryError> {
        let mut params = Params::default();
        let sql = self.render("*", &mut params)?;
        Ok(self.prepare(sql, params, ResultShape::Rows, spec::decode_json))
    }

    fn render(&self, select_list: &str, params: &mut Params) -> Result<String, QueryError> {
        let mut sql = String::from("SELECT ");
        if let RowLimit::Top(n) = self.limit {
            // Row counts are typed integers chosen by the program, not user data;
            // literals keep the gateway's query plan able to see them.
            let _ = write!(sql, "TOP {n} ");
        }
        sql.push_str(select_list);
        sql.push_str(" FROM c");
        self.write_where(&mut sql, params)?;
        for (i, order) in self.order.iter().enumerate() {
            sql.push_str(if i == 0 { " ORDER BY " } else { ", " });
            sql.push_str(&order.path.to_sql("c"));
            sql.push_str(if order.descending { " DESC" } else { " ASC" });
        }
        if let RowLimit::OffsetLimit { offset, limit } = self.limit {
            let _ = write!(sql, " OFFSET {offset} LIMIT {limit}");
        }
        Ok(sql)
    }

    fn write_where(&self, sql: &mut String, params: &mut Params) -> Result<(), QueryError> {
        if let Some(filter) = &self.filter {
            sql.push_str(" WHERE ");
            sql.push_str(&filter.render_params(params)?);
        }
        Ok(())
    }

    fn prepare<O>(
        &self,
        query: String,
        params: Params,
        shape: ResultShape,
        decode: fn(serde_json::Value) -> Result<O, serde_json::Error>,
    ) -> PreparedQuery<O> {
        let parameters = params
            .values
            .into_iter()
            .map(|(name, value)| SqlParameter { name, value })
            .collect();
        PreparedQuery::new(
            SqlQuerySpec { query, parameters },
            self.scope.clone(),
            shape,
            decode,
        )
    }
}

/// A query returning selected fields as tuples.
pub struct Select<T, P> {
    query: Query<T>,
    projection: P,
}

impl<T: CosmosDocument, P: Projection<T>> Select<T, P> {
    /// The request; rows decode to `P::Output`.
    pub fn build(&self) -> Result<PreparedQuery<P::Output>, QueryError> {
        let mut list = String::new();
        for (i, path) in self.projection.paths().iter().enumerate() {
            if i > 0 {
                list.push_str(", ");
            }
            let _ = write!(list, "{} AS f{i}", path.to_sql("c"));
        }
        let mut params = Params::default();
        let sql = self.query.render(&list, &mut params)?;
        Ok(self
            .query
            .prepare(sql, params, ResultShape::Rows, P::decode))
    }
}

#[cfg(test)]
mod tests;
