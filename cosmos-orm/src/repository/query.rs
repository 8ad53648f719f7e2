//! Running built queries page by page, summing the charge.

use futures::StreamExt as _;
use serde_json::Value;

use super::{Outcome, Repository};
use crate::document::CosmosDocument;
use crate::error::RepositoryError;
use crate::query::{PreparedQuery, QueryScope};

impl<T: CosmosDocument> Repository<T> {
    /// Every row of `query`, decoded.
    pub async fn all<O>(
        &self,
        query: PreparedQuery<O>,
    ) -> Result<Outcome<Vec<O>>, RepositoryError> {
        let (rows, charge, activity) = self.rows(&query, None).await?;
        let values = rows
            .into_iter()
            .map(|row| query.decode(row))
            .collect::<Result<Vec<O>, _>>()?;
        Ok(Outcome::new(values, charge, None, activity.as_deref()))
    }

    /// The first row of `query` (build it with `Query::first` to send `TOP 1`).
    pub async fn first<O>(
        &self,
        query: PreparedQuery<O>,
    ) -> Result<Outcome<Option<O>>, RepositoryError> {
        let (rows, charge, activity) = self.rows(&query, Some(1)).await?;
        let value = rows
            .into_iter()
            .next()
            .map(|row| query.decode(row))
            .transpose()?;
        Ok(Outcome::new(value, charge, None, activity.as_deref()))
    }

    /// The result of a `Query::count`. Partial counts (one per page or
    /// partition range) are added up.
    pub async fn count(&self, query: PreparedQuery<u64>) -> Result<Outcome<u64>, RepositoryError> {
        let (rows, charge, activity) = self.rows(&query, None).await?;
        let mut total = 0u64;
        for row in rows {
            total += query.decode(row)?;
        }
        Ok(Outcome::new(total, charge, None, activity.as_deref()))
    }

    /// The result of a `Query::exists`.
    pub async fn exists(&self, query: PreparedQuery<u8>) -> Result<Outcome<bool>, RepositoryError> {
        let (rows, charge, activity) = self.rows(&query, Some(1)).await?;
        Ok(Outcome::new(
            !rows.is_empty(),
            charge,
            None,
            activity.as_deref(),
        ))
    }

    /// The core pager for a built query: same text, parameters and scope.
    pub(super) fn pager<O>(&self, query: &PreparedQuery<O>) -> cosmos_core::Pager<Value> {
        let mut core_query = cosmos_core::Query::new(query.spec.query.clone());
        for parameter in &query.spec.parameters {
            core_query = core_query.with_parameter(parameter.name.clone(), parameter.value.clone());
        }
        let pager = self.container.query_items::<Value>(core_query);
        match &query.scope {
            QueryScope::Partition(key) => pager.partition_key(key.clone()),
            QueryScope::CrossPartition => pager,
        }
    }

    /// Raw rows, stopping once `limit` rows arrived.
    async fn rows<O>(
        &self,
        query: &PreparedQuery<O>,
        limit: Option<usize>,
    ) -> Result<(Vec<Value>, f64, Option<String>), RepositoryError> {
        let mut pages = self.pager(query).into_pages();
        let (mut rows, mut charge, mut activity) = (Vec::new(), 0.0, None);
        while let Some(page) = pages.next().await {
            let page = page?;
            charge += page.request_charge();
            activity = page.activity_id().map(str::to_owned);
            rows.extend(page.into_items());
            if limit.is_some_and(|n| rows.len() >= n) {
                break;
            }
        }
        Ok((rows, charge, activity))
    }
}

impl<T: CosmosDocument> Repository<T> {
    /// The rows of `query` as a stream, fetched page by page as it is polled:
    /// for result sets too large to collect.
    pub fn stream<O: Send + 'static>(
        &self,
        query: PreparedQuery<O>,
    ) -> futures::stream::BoxStream<'static, Result<O, RepositoryError>> {
        let pager = self.pager(&query);
        pager.map(move |row| Ok(query.decode(row?)?)).boxed()
    }
}
