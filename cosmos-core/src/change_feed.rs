//! The change feed: items in the order they were last written, read incrementally.
//!
//! A [`ChangeFeed`] reads every partition key range (or one logical partition) with
//! `A-IM: Incremental Feed`, remembering each range's etag. Every response becomes a
//! [`ChangeFeedPage`] (a 304 "nothing new" gives an empty page), and every page carries a
//! continuation token that resumes the whole feed. The stream ends once every range has
//! answered "nothing new" in one round; read again later from the last token for more.
//!
//! When a range splits (410 with substatus 1002 or 1007) its children replace it, continuing
//! from its etag; that round yields an empty page with status 410 and the new token.

use std::collections::BTreeSet;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::SystemTime;

use cosmos_protocol::headers as h;
use cosmos_protocol::PartitionKey;
use futures::stream::{self, BoxStream, Stream, StreamExt as _, TryStreamExt as _};
use http::Method;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::headers::ResponseHeaders;
use crate::pager::{FeedBody, Pager};
use crate::pipeline::Pipeline;
use crate::request::Request;
use crate::resources::PartitionKeyRange;

/// Where a change feed without a continuation starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeFeedStart {
    /// Every item, from the oldest change.
    Beginning,
    /// Only changes made after the first request.
    Now,
    /// Changes made at or after this time.
    PointInTime(SystemTime),
}

/// One range's position in the feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct RangeState {
    /// The range id; `None` when the feed is scoped by a partition key instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    /// The etag of the last response: where to continue. `None` = not started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    etag: Option<String>,
}

/// The resumable position of a whole feed; its JSON text is the continuation token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct FeedState {
    v: u8,
    start: ChangeFeedStart,
    /// The partition key header, for a feed of one logical partition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pk: Option<String>,
    ranges: Vec<RangeState>,
}

impl FeedState {
    fn token(&self) -> String {
        // A state of strings and numbers always serializes.
        serde_json::to_string(self).unwrap_or_default()
    }

    fn parse(token: &str) -> Result<Self> {
        let state: FeedState = serde_json::from_str(token).map_err(|e| {
            Error::invalid_argument(format!("not a change feed continuation token: {e}"))
        })?;
        if state.v != 1 || state.ranges.is_empty() {
            return Err(Error::invalid_argument(
                "not a change feed continuation token of this client",
            ));
        }
        Ok(state)
    }
}

/// One response of the change feed.
#[derive(Debug, Clone)]
pub struct ChangeFeedPage<T> {
    items: Vec<T>,
    continuation: String,
    headers: ResponseHeaders,
    status: u16,
}

impl<T> ChangeFeedPage<T> {
    pub fn items(&self) -> &[T] {
        &self.items
    }

    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    /// Resumes the feed after this page (all ranges included).
    pub fn continuation(&self) -> &str {
        &self.continuation
    }

    /// 200 with changes, 304 when the range had nothing new, 410 when a split range was
    /// replaced by its children.
    pub fn status(&self) -> u16 {
        self.status
    }

    pub fn request_charge(&self) -> f64 {
        self.headers.request_charge()
    }

    pub fn headers(&self) -> &ResponseHeaders {
        &self.headers
    }
}

/// A change feed of `T`; see the module documentation. Configure it, then consume it as a
/// stream of items or, via [`into_pages`](Self::into_pages), of pages.
#[must_use = "a change feed does nothing until it is polled as a stream"]
pub struct ChangeFeed<T> {
    pipeline: Arc<Pipeline>,
    segments: Result<Vec<String>>,
    container_link: String,
    start: ChangeFeedStart,
    partition_key: Option<PartitionKey>,
    continuation: Option<String>,
    max_item_count: Option<u32>,
    items: Option<BoxStream<'static, Result<T>>>,
    _marker: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for ChangeFeed<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChangeFeed")
            .field("container", &self.container_link)
            .field("start", &self.start)
            .field("continuation", &self.continuation)
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned + Send + 'static> ChangeFeed<T> {
    pub(crate) fn new(
        pipeline: Arc<Pipeline>,
        segments: Result<Vec<String>>,
        container_link: String,
    ) -> Self {
        Self {
            pipeline,
            segments,
            container_link,
            start: ChangeFeedStart::Beginning,
            partition_key: None,
            continuation: None,
            max_item_count: None,
            items: None,
            _marker: PhantomData,
        }
    }

    /// Where to start when there is no continuation (default: the beginning).
    pub fn start_from(mut self, start: ChangeFeedStart) -> Self {
        self.start = start;
        self
    }

    /// Reads only the changes of one logical partition.
    pub fn partition_key(mut self, key: impl Into<PartitionKey>) -> Self {
        self.partition_key = Some(key.into());
        self
    }

    /// Resumes from a token taken from [`ChangeFeedPage::continuation`].
    pub fn continuation(mut self, token: impl Into<String>) -> Self {
        self.continuation = Some(token.into());
        self
    }

    /// Changes per page.
    pub fn max_item_count(mut self, n: u32) -> Self {
        self.max_item_count = Some(n);
        self
    }

    /// The feed as a stream of pages.
    pub fn into_pages(self) -> impl Stream<Item = Result<ChangeFeedPage<T>>> + Send + 'static {
        let reader = Reader {
            pipeline: self.pipeline,
            segments: self.segments,
            container_link: self.container_link,
            max_item_count: self.max_item_count,
        };
        let setup = (self.continuation, self.start, self.partition_key);
        stream::once(async move {
            let state = reader.initial_state(setup).await?;
            Ok::<_, Error>(reader.pages(state))
        })
        .try_flatten()
        .boxed()
    }
}

struct Reader {
    pipeline: Arc<Pipeline>,
    segments: Result<Vec<String>>,
    container_link: String,
    max_item_count: Option<u32>,
}

/// Where the round-robin over ranges stands.
struct Cursor {
    state: FeedState,
    next: usize,
    /// Ranges that answered "nothing new" since the last change anywhere.
    idle: BTreeSet<usize>,
}

impl Reader {
    async fn initial_state(
        &self,
        (continuation, start, key): (Option<String>, ChangeFeedStart, Option<PartitionKey>),
    ) -> Result<FeedState> {
        if let Some(token) = continuation {
            return FeedState::parse(&token);
        }
        if let Some(key) = key {
            return Ok(FeedState {
                v: 1,
                start,
                pk: Some(key.to_header()),
                ranges: vec![RangeState {
                    id: None,
                    etag: None,
                }],
            });
        }
        let ranges = self.read_ranges().await?;
        Ok(FeedState {
            v: 1,
            start,
            pk: None,
            ranges: ranges
                .into_iter()
                .map(|r| RangeState {
                    id: Some(r.id),
                    etag: None,
                })
                .collect(),
        })
    }

    async fn read_ranges(&self) -> Result<Vec<PartitionKeyRange>> {
        let mut segments = self.segments.clone()?;
        segments.pop();
        segments.push("pkranges".into());
        let request = Request::new("read_partition_key_ranges", Method::GET, segments);
        Pager::new(self.pipeline.clone(), Ok(request))
            .try_collect()
            .await
    }

    /// Replaces a range that split (410/1002 or 1007) by its children, which continue from
    /// the parent's etag. Returns `false` when no child is found.
    async fn follow_split(&self, state: &mut FeedState, index: usize) -> Result<bool> {
        let Some(gone) = state.ranges[index].id.clone() else {
            return Ok(false);
        };
        let etag = state.ranges[index].etag.clone();
        let children: Vec<RangeState> = self
            .read_ranges()
            .await?
            .into_iter()
            .filter(|r| r.parents.contains(&gone))
            .map(|r| RangeState {
                id: Some(r.id),
                etag: etag.clone(),
            })
            .collect();
        if children.is_empty() {
            return Ok(false);
        }
        state.ranges.splice(index..=index, children);
        Ok(true)
    }

    fn pages<T: DeserializeOwned + Send + 'static>(
        self,
        state: FeedState,
    ) -> BoxStream<'static, Result<ChangeFeedPage<T>>> {
        let cursor = Cursor {
            state,
            next: 0,
            idle: BTreeSet::new(),
        };
        let reader = Arc::new(self);
        stream::unfold(Some(cursor), move |cursor| {
            let reader = reader.clone();
            async move {
                let mut cursor = cursor?;
                if cursor.idle.len() >= cursor.state.ranges.len() {
                    return None;
                }
                let index = cursor.next;
                cursor.next = (index + 1) % cursor.state.ranges.len();
                match reader.fetch::<T>(&mut cursor.state, index).await {
                    Err(err) if is_split(&err) => {
                        match reader.follow_split(&mut cursor.state, index).await {
                            Ok(true) => {
                                // Read the first child next; the round starts over.
                                cursor.next = index;
                                cursor.idle.clear();
                                let page = ChangeFeedPage {
                                    items: Vec::new(),
                                    continuation: cursor.state.token(),
                                    headers: ResponseHeaders::default(),
                                    status: 410,
                                };
                                Some((Ok(page), Some(cursor)))
                            }
                            Ok(false) => Some((Err(err), None)),
                            Err(e) => Some((Err(e), None)),
                        }
                    }
                    Err(err) => Some((Err(err), None)),
                    Ok(page) => {
                        if page.items.is_empty() {
                            cursor.idle.insert(index);
                        } else {
                            cursor.idle.clear();
                        }
                        Some((Ok(page), Some(cursor)))
                    }
                }
            }
        })
        .boxed()
    }

    async fn fetch<T: DeserializeOwned>(
        &self,
        state: &mut FeedState,
        index: usize,
    ) -> Result<ChangeFeedPage<T>> {
        let mut request = Request::new("read_change_feed", Method::GET, self.segments.clone()?)
            .in_container(&self.container_link);
        request.not_modified_is_success = true;
        request.header(h::A_IM, "Incremental Feed")?;
        if let Some(n) = self.max_item_count {
            request.header(h::MAX_ITEM_COUNT, n.to_string())?;
        }
        if let Some(pk) = &state.pk {
            request.header(h::PARTITION_KEY, pk)?;
        }
        let range = &state.ranges[index];
        if let Some(id) = &range.id {
            request.header(h::PARTITION_KEY_RANGE_ID, id)?;
        }
        match (&range.etag, state.start) {
            (Some(etag), _) => request.header(h::IF_NONE_MATCH, etag)?,
            (None, ChangeFeedStart::Beginning) => {}
            (None, ChangeFeedStart::Now) => request.header(h::IF_NONE_MATCH, "*")?,
            (None, ChangeFeedStart::PointInTime(at)) => {
                request.header(h::IF_MODIFIED_SINCE, httpdate::fmt_http_date(at))?
            }
        }
        let raw = self.pipeline.send(&request).await?;
        let items = if raw.status == 304 {
            Vec::new()
        } else {
            raw.json::<FeedBody<T>>()?
                .map(|body| body.items)
                .unwrap_or_default()
        };
        if let Some(etag) = raw.headers.etag() {
            state.ranges[index].etag = Some(etag.to_owned());
        }
        Ok(ChangeFeedPage {
            items,
            continuation: state.token(),
            status: raw.status,
            headers: raw.headers,
        })
    }
}

/// The range was split (or is splitting): its children take over.
fn is_split(err: &Error) -> bool {
    err.status() == Some(410) && matches!(err.sub_status(), Some(1002) | Some(1007))
}

impl<T: DeserializeOwned + Send + 'static> Stream for ChangeFeed<T> {
    type Item = Result<T>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.items.is_none() {
            let feed = ChangeFeed::<T> {
                pipeline: self.pipeline.clone(),
                segments: std::mem::replace(
                    &mut self.segments,
                    Err(Error::invalid_argument("change feed already started")),
                ),
                container_link: self.container_link.clone(),
                start: self.start,
                partition_key: self.partition_key.take(),
                continuation: self.continuation.take(),
                max_item_count: self.max_item_count,
                items: None,
                _marker: PhantomData,
            };
            let items = feed
                .into_pages()
                .map_ok(|page| stream::iter(page.items.into_iter().map(Ok)))
                .try_flatten()
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
    fn continuation_tokens_round_trip_and_reject_garbage() {
        let state = FeedState {
            v: 1,
            start: ChangeFeedStart::Now,
            pk: None,
            ranges: vec![
                RangeState {
                    id: Some("0".into()),
                    etag: Some("\"12\"".into()),
                },
                RangeState {
                    id: Some("1".into()),
                    etag: None,
                },
            ],
        };
        assert_eq!(FeedState::parse(&state.token()).unwrap(), state);
        for bad in [
            "",
            "{}",
            "garbage",
            r#"{"v":2,"start":"Now","ranges":[{}]}"#,
            r#"{"v":1,"start":"Now","ranges":[]}"#,
        ] {
            assert!(FeedState::parse(bad).is_err(), "{bad}");
        }
    }
}
