//! Feeds: listing and querying resources page by page.
//!
//! A [`Pager`] is configured like an operation builder, then consumed either as a stream of
//! items (it implements `Stream<Item = Result<T>>`) or, via [`Pager::into_pages`], as a stream
//! of [`Page`]s that expose each page's continuation token and charge. A saved continuation
//! resumes a feed in a new pager through [`Pager::continuation`].
//!
//! The pager only knows how to replay one request with `x-ms-continuation`, so list feeds,
//! queries and (later) other feed kinds all reuse it.

use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use cosmos_protocol::headers as h;
use cosmos_protocol::PartitionKey;
use futures::stream::{self, BoxStream, Stream, StreamExt as _};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::feed_range::FeedRange;
use crate::headers::ResponseHeaders;
use crate::options::ConsistencyLevel;
use crate::pipeline::Pipeline;
use crate::query::Query;
use crate::request::Request;
use crate::response::Diagnostics;

/// One page of a feed.
#[derive(Debug, Clone)]
pub struct Page<T> {
    items: Vec<T>,
    continuation: Option<String>,
    headers: ResponseHeaders,
    diagnostics: Diagnostics,
}

impl<T> Page<T> {
    /// A page assembled by the client from several responses (cross-partition merges).
    pub(crate) fn merged(
        items: Vec<T>,
        continuation: Option<String>,
        headers: ResponseHeaders,
        diagnostics: Diagnostics,
    ) -> Self {
        Self {
            items,
            continuation,
            headers,
            diagnostics,
        }
    }

    pub fn items(&self) -> &[T] {
        &self.items
    }

    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    /// The token that resumes the feed after this page; `None` on the last page.
    pub fn continuation(&self) -> Option<&str> {
        self.continuation.as_deref()
    }

    pub fn request_charge(&self) -> f64 {
        self.headers.request_charge()
    }

    pub fn activity_id(&self) -> Option<&str> {
        self.headers.activity_id()
    }

    pub fn session_token(&self) -> Option<&str> {
        self.headers.session_token()
    }

    pub fn headers(&self) -> &ResponseHeaders {
        &self.headers
    }

    pub fn diagnostics(&self) -> &Diagnostics {
        &self.diagnostics
    }
}

/// A feed body: `{"_rid": …, "<Key>": [...], "_count": n}`, whatever the resource kind.
#[derive(Deserialize)]
#[serde(bound = "T: DeserializeOwned")]
pub(crate) struct FeedBody<T> {
    #[serde(
        alias = "Databases",
        alias = "DocumentCollections",
        alias = "Documents",
        alias = "Users",
        alias = "Permissions",
        alias = "Offers",
        alias = "PartitionKeyRanges",
        alias = "StoredProcedures",
        alias = "Triggers",
        alias = "UserDefinedFunctions",
        alias = "Conflicts"
    )]
    pub(crate) items: Vec<T>,
}

/// A feed of `T`, fetched lazily page by page.
#[must_use = "a pager does nothing until it is polled as a stream"]
pub struct Pager<T> {
    pipeline: Arc<Pipeline>,
    request: Result<Request>,
    continuation: Option<String>,
    /// The query of a `query_items` pager, kept to run it across partitions when the gateway
    /// asks for a plan.
    query: Option<Query>,
    /// The slice of the container a query is limited to.
    feed_range: Option<FeedRange>,
    items: Option<BoxStream<'static, Result<T>>>,
    _marker: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for Pager<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pager")
            .field("request", &self.request.as_ref().map(Request::encoded_path))
            .field("continuation", &self.continuation)
            .field("started", &self.items.is_some())
            .finish()
    }
}

impl<T: DeserializeOwned + Send + 'static> Pager<T> {
    pub(crate) fn new(pipeline: Arc<Pipeline>, request: Result<Request>) -> Self {
        Self {
            pipeline,
            request,
            continuation: None,
            query: None,
            feed_range: None,
            items: None,
            _marker: PhantomData,
        }
    }

    /// A pager over an item query, which falls back to client-side cross-partition execution
    /// when the gateway answers 400/1004.
    pub(crate) fn query(pipeline: Arc<Pipeline>, request: Result<Request>, query: Query) -> Self {
        Self {
            query: Some(query),
            ..Self::new(pipeline, request)
        }
    }

    fn with_request(mut self, f: impl FnOnce(&mut Request) -> Result<()>) -> Self {
        if let Ok(request) = &mut self.request {
            if let Err(err) = f(request) {
                self.request = Err(err);
            }
        }
        self
    }

    /// Items per page (`x-ms-max-item-count`); the service picks when unset.
    pub fn max_item_count(self, n: u32) -> Self {
        self.with_request(|r| r.header(h::MAX_ITEM_COUNT, n.to_string()))
    }

    /// Resumes the feed from a token taken from [`Page::continuation`].
    pub fn continuation(mut self, token: impl Into<String>) -> Self {
        self.continuation = Some(token.into());
        self
    }

    pub fn consistency_level(self, level: ConsistencyLevel) -> Self {
        self.with_request(|r| {
            r.consistency_level = Some(level);
            Ok(())
        })
    }

    /// Sends this session token instead of the one the client tracked.
    pub fn session_token(self, token: impl Into<String>) -> Self {
        let token = token.into();
        self.with_request(|r| {
            r.session_token = Some(token);
            Ok(())
        })
    }

    /// Scopes an item feed or query to one logical partition (item feeds only).
    pub fn partition_key(self, key: impl Into<PartitionKey>) -> Self {
        let key = key.into();
        self.with_request(|r| {
            r.headers.remove(h::ENABLE_CROSS_PARTITION);
            r.header(h::PARTITION_KEY, key.to_header())
        })
    }

    /// Scopes an item feed or query to one physical partition (an id from
    /// [`ContainerClient::read_partition_key_ranges`](crate::ContainerClient::read_partition_key_ranges)).
    pub fn partition_key_range_id(self, id: impl Into<String>) -> Self {
        let id = id.into();
        self.with_request(|r| r.header(h::PARTITION_KEY_RANGE_ID, id))
    }

    /// Limits a query to the items of a feed range (see
    /// [`ContainerClient::read_feed_ranges`](crate::ContainerClient::read_feed_ranges)): the
    /// query runs on each partition key range the feed range overlaps, with the EPK bounds of
    /// the feed range, and the results are merged as for a cross-partition query.
    pub fn feed_range(mut self, range: FeedRange) -> Self {
        self.feed_range = Some(range);
        self
    }

    /// Asks for `x-ms-documentdb-query-metrics` on each page (queries only).
    pub fn populate_query_metrics(self) -> Self {
        self.with_request(|r| r.header(h::POPULATE_QUERY_METRICS, "true"))
    }

    /// The feed as a stream of pages.
    ///
    /// Pages of a query merged across partitions by the client carry the client's own
    /// continuation token, accepted by [`continuation`](Self::continuation) of the same query.
    pub fn into_pages(self) -> Pages<T> {
        let request = match self.request {
            Ok(request) => request,
            Err(err) => {
                return Pages {
                    inner: error_page(err),
                }
            }
        };
        let targeted = request.headers.contains_key(h::PARTITION_KEY)
            || request.headers.contains_key(h::PARTITION_KEY_RANGE_ID);
        let inner = match (self.query, self.continuation, self.feed_range) {
            (_, _, Some(_)) if targeted => error_page(Error::invalid_argument(
                "a feed range cannot be combined with a partition key or range id",
            )),
            (None, _, Some(_)) => error_page(Error::invalid_argument(
                "only queries can be limited to a feed range",
            )),
            (Some(query), continuation, Some(scope)) => crate::cross_partition::pages(
                self.pipeline,
                request,
                query,
                continuation,
                Some(scope),
            ),
            (Some(query), None, None) if !targeted => {
                probe_then_page(self.pipeline, request, query)
            }
            (Some(query), continuation, None) if request.headers.contains_key(h::PARTITION_KEY) => {
                keyed_query(self.pipeline, request, query, continuation)
            }
            (Some(query), Some(token), None)
                if !targeted && crate::cross_partition::is_merge_token(&token) =>
            {
                crate::cross_partition::pages(self.pipeline, request, query, Some(token), None)
            }
            (_, continuation, _) => paged(self.pipeline, request, continuation),
        };
        Pages { inner }
    }
}

fn error_page<T: Send + 'static>(err: Error) -> BoxStream<'static, Result<Page<T>>> {
    stream::once(async move { Err(err) }).boxed()
}

/// A query scoped by a partition key. A prefix of a hierarchical key becomes an EPK-range
/// query over the partitions under it (as the Python SDK sends it); a full key is sent as is.
fn keyed_query<T: DeserializeOwned + Send + 'static>(
    pipeline: Arc<Pipeline>,
    mut request: Request,
    query: Query,
    continuation: Option<String>,
) -> BoxStream<'static, Result<Page<T>>> {
    stream::once(async move {
        let key = request
            .headers
            .get(h::PARTITION_KEY)
            .and_then(|v| v.to_str().ok())
            .and_then(|text| PartitionKey::from_header(text).ok());
        let link = request.container_link.clone();
        let scope = match (key, link) {
            (Some(key), Some(link)) => crate::routing::prefix_scope(&pipeline, &link, &key).await,
            _ => None,
        };
        match scope {
            Some(scope) => {
                request.headers.remove(h::PARTITION_KEY);
                crate::cross_partition::pages(pipeline, request, query, continuation, Some(scope))
            }
            None => paged(pipeline, request, continuation),
        }
    })
    .flatten()
    .boxed()
}

/// Sends a cross-partition query once: the gateway serves filters and projections itself,
/// and answers 400/1004 for what the client must merge.
fn probe_then_page<T: DeserializeOwned + Send + 'static>(
    pipeline: Arc<Pipeline>,
    request: Request,
    query: Query,
) -> BoxStream<'static, Result<Page<T>>> {
    stream::once(async move {
        match fetch_page::<T>(&pipeline, &request, None).await {
            Ok(page) => {
                let rest = match page.continuation.clone() {
                    Some(next) => paged(pipeline, request, Some(next)),
                    None => stream::empty().boxed(),
                };
                stream::once(async move { Ok(page) }).chain(rest).boxed()
            }
            Err(err) if crate::cross_partition::needs_plan(&err) => {
                crate::cross_partition::pages(pipeline, request, query, None, None)
            }
            Err(err) => stream::once(async move { Err(err) }).boxed(),
        }
    })
    .flatten()
    .boxed()
}

/// Follows continuation tokens from `continuation` (the start when `None`).
fn paged<T: DeserializeOwned + Send + 'static>(
    pipeline: Arc<Pipeline>,
    request: Request,
    continuation: Option<String>,
) -> BoxStream<'static, Result<Page<T>>> {
    let state = Cursor::Start {
        pipeline,
        request: Box::new(request),
        continuation,
    };
    stream::unfold(state, |cursor| async move {
        match cursor {
            Cursor::Done => None,
            Cursor::Start {
                pipeline,
                request,
                continuation,
            } => {
                let sent = continuation.clone();
                match fetch_page::<T>(&pipeline, &request, continuation.as_deref()).await {
                    Err(err) => Some((Err(err), Cursor::Done)),
                    Ok(page) => {
                        let next = match page.continuation.clone() {
                            // A server that hands back the token it was given with nothing
                            // in the page would loop forever: stop there.
                            Some(c) if page.items.is_empty() && Some(&c) == sent.as_ref() => {
                                Cursor::Done
                            }
                            Some(c) => Cursor::Start {
                                pipeline,
                                request,
                                continuation: Some(c),
                            },
                            None => Cursor::Done,
                        };
                        Some((Ok(page), next))
                    }
                }
            }
        }
    })
    .boxed()
}

enum Cursor {
    Start {
        pipeline: Arc<Pipeline>,
        request: Box<Request>,
        continuation: Option<String>,
    },
    Done,
}

async fn fetch_page<T: DeserializeOwned>(
    pipeline: &Pipeline,
    template: &Request,
    continuation: Option<&str>,
) -> Result<Page<T>> {
    let mut request = template.clone();
    if let Some(token) = continuation {
        request.header(h::CONTINUATION, token)?;
    }
    let response = pipeline.send(&request).await?;
    let items = response
        .json::<FeedBody<T>>()?
        .map(|body| body.items)
        .unwrap_or_default();
    Ok(Page {
        items,
        continuation: response.headers.continuation().map(str::to_owned),
        headers: response.headers,
        diagnostics: response.diagnostics,
    })
}

/// The pages of a feed; see [`Pager::into_pages`].
#[must_use = "streams do nothing unless polled"]
pub struct Pages<T> {
    inner: BoxStream<'static, Result<Page<T>>>,
}

impl<T> Stream for Pages<T> {
    type Item = Result<Page<T>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T: DeserializeOwned + Send + 'static> Stream for Pager<T> {
    type Item = Result<T>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.items.is_none() {
            // Configuration ends at the first poll: move it into the page stream.
            let placeholder = Err(Error::invalid_argument("pager already started"));
            let pager = Pager::<T> {
                pipeline: self.pipeline.clone(),
                request: std::mem::replace(&mut self.request, placeholder),
                continuation: self.continuation.take(),
                query: self.query.take(),
                feed_range: self.feed_range.take(),
                items: None,
                _marker: PhantomData,
            };
            let items = pager
                .into_pages()
                .flat_map(|page| {
                    let batch: Vec<Result<T>> = match page {
                        Ok(page) => page.items.into_iter().map(Ok).collect(),
                        Err(err) => vec![Err(err)],
                    };
                    stream::iter(batch)
                })
                .boxed();
            self.items = Some(items);
        }
        match self.items.as_mut() {
            Some(items) => items.as_mut().poll_next(cx),
            None => Poll::Ready(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_bodies_of_every_kind() {
        for key in ["Databases", "DocumentCollections", "Documents", "Offers"] {
            let text = format!(r#"{{"_rid":"x","{key}":[{{"id":"a"}},{{"id":"b"}}],"_count":2}}"#);
            let body: FeedBody<serde_json::Value> = serde_json::from_str(&text).unwrap();
            assert_eq!(body.items.len(), 2, "{key}");
        }
        let values: FeedBody<u32> = serde_json::from_str(r#"{"Documents":[1,2,3]}"#).unwrap();
        assert_eq!(values.items, vec![1, 2, 3]);
        assert!(serde_json::from_str::<FeedBody<u32>>(r#"{"Nope":[]}"#).is_err());
    }
}
