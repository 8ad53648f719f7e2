//! Page-level access for callers that resume later (a web API handing out continuation
//! tokens), and the typed change feed.

use futures::stream::{BoxStream, StreamExt as _};

use super::Repository;
use crate::document::CosmosDocument;
use crate::error::RepositoryError;
use crate::key_arg::KeyArg;
use crate::query::PreparedQuery;

/// One page of query results, decoded, with the token that resumes after it.
#[derive(Debug, Clone)]
pub struct QueryPage<O> {
    /// The rows of this page.
    pub items: Vec<O>,
    /// Resumes the query after this page; `None` on the last page.
    pub continuation: Option<String>,
    /// The request units this page cost.
    pub request_charge: f64,
    /// The service activity id of the response.
    pub activity_id: Option<String>,
}

impl<T: CosmosDocument> Repository<T> {
    /// The pages of `query`, each with its continuation token. No count query is run: a
    /// page is exactly what the service returned.
    pub fn pages<O: Send + 'static>(
        &self,
        query: PreparedQuery<O>,
        max_item_count: Option<u32>,
        continuation: Option<String>,
    ) -> BoxStream<'static, Result<QueryPage<O>, RepositoryError>> {
        let mut pager = self.pager(&query);
        if let Some(n) = max_item_count {
            pager = pager.max_item_count(n);
        }
        if let Some(token) = continuation {
            pager = pager.continuation(token);
        }
        pager
            .into_pages()
            .map(move |page| {
                let page = page?;
                let continuation = page.continuation().map(str::to_owned);
                let request_charge = page.request_charge();
                let activity_id = page.activity_id().map(str::to_owned);
                let items = page
                    .into_items()
                    .into_iter()
                    .map(|row| query.decode(row))
                    .collect::<Result<Vec<O>, _>>()?;
                Ok(QueryPage {
                    items,
                    continuation,
                    request_charge,
                    activity_id,
                })
            })
            .boxed()
    }

    /// One page of `query`: the first one, or the one after `continuation`.
    pub async fn page<O: Send + 'static>(
        &self,
        query: PreparedQuery<O>,
        max_item_count: u32,
        continuation: Option<String>,
    ) -> Result<QueryPage<O>, RepositoryError> {
        match self
            .pages(query, Some(max_item_count), continuation)
            .next()
            .await
        {
            Some(page) => page,
            None => Ok(QueryPage {
                items: Vec::new(),
                continuation: None,
                request_charge: 0.0,
                activity_id: None,
            }),
        }
    }

    /// The change feed of the container, decoded as `T`. Configure where it starts
    /// (`start_from`), resume it (`continuation`), then read it as a stream of documents or of
    /// pages whose tokens can be saved.
    pub fn change_feed(&self) -> cosmos_core::ChangeFeed<T>
    where
        T: Send + 'static,
    {
        self.container.change_feed::<T>()
    }

    /// The change feed of one logical partition; the key is checked against `T`'s key type.
    pub fn change_feed_in_partition(&self, key: impl KeyArg<T::Key>) -> cosmos_core::ChangeFeed<T>
    where
        T: Send + 'static,
    {
        self.container
            .change_feed::<T>()
            .partition_key(key.into_partition_key())
    }
}
