//! The change feed: items in the order they were last written, read incrementally.
//!
//! A [`ChangeFeed`] reads every partition key range (or one logical partition, or the ranges
//! a [`FeedRange`] overlaps) with `A-IM: Incremental Feed`, remembering each range's etag.
//! Every response becomes a [`ChangeFeedPage`] (a 304 "nothing new" gives an empty page), and
//! every page carries a continuation token that resumes the whole feed. The stream ends once
//! every range has answered "nothing new" in one round; read again later from the last token
//! for more.
//!
//! A feed range that covers only part of a partition key range is read with the range id plus
//! `x-ms-read-key-type: EffectivePartitionKeyRange` and the `x-ms-start-epk`/`x-ms-end-epk`
//! bounds; one that spans several ranges is read range by range.
//!
//! [`ContainerClient::change_feed_all_versions`](crate::ContainerClient::change_feed_all_versions)
//! reads every create, replace and delete instead (`A-IM: Full-Fidelity Feed`, wire format
//! `2021-09-15`) as [`ChangeFeedItem`]s; the service serves that mode only from now or from a
//! continuation.
//!
//! When a range splits (410 with substatus 1002 or 1007) its children replace it, continuing
//! from its etag; that round yields an empty page with status 410 and the new token.

mod item;
mod reader;
mod state;

use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::SystemTime;

use cosmos_protocol::PartitionKey;
use futures::stream::{self, BoxStream, Stream, StreamExt as _, TryStreamExt as _};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub use self::item::{ChangeFeedItem, ChangeFeedMetadata, ChangeFeedOperation};
use self::reader::Reader;
pub(crate) use self::state::FeedMode;
use crate::error::{Error, Result};
use crate::feed_range::FeedRange;
use crate::headers::ResponseHeaders;
use crate::pipeline::Pipeline;

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
    max_item_count: Option<u32>,
    setup: Option<Setup>,
    items: Option<BoxStream<'static, Result<T>>>,
    _marker: PhantomData<fn() -> T>,
}

/// What decides where the feed starts and what it covers.
#[derive(Debug, Clone)]
pub(crate) struct Setup {
    pub(crate) mode: FeedMode,
    pub(crate) start: ChangeFeedStart,
    pub(crate) partition_key: Option<PartitionKey>,
    pub(crate) feed_range: Option<FeedRange>,
    pub(crate) continuation: Option<String>,
}

impl<T> std::fmt::Debug for ChangeFeed<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChangeFeed")
            .field("container", &self.container_link)
            .field("setup", &self.setup)
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned + Send + 'static> ChangeFeed<T> {
    pub(crate) fn new(
        pipeline: Arc<Pipeline>,
        segments: Result<Vec<String>>,
        container_link: String,
        mode: FeedMode,
    ) -> Self {
        let start = match mode {
            FeedMode::LatestVersion => ChangeFeedStart::Beginning,
            FeedMode::AllVersionsAndDeletes => ChangeFeedStart::Now,
        };
        Self {
            pipeline,
            segments,
            container_link,
            max_item_count: None,
            setup: Some(Setup {
                mode,
                start,
                partition_key: None,
                feed_range: None,
                continuation: None,
            }),
            items: None,
            _marker: PhantomData,
        }
    }

    fn configure(mut self, f: impl FnOnce(&mut Setup)) -> Self {
        if let Some(setup) = &mut self.setup {
            f(setup);
        }
        self
    }

    /// Where to start when there is no continuation (default: the beginning; for the
    /// all-versions feed, now, the only start it accepts besides a continuation).
    pub fn start_from(self, start: ChangeFeedStart) -> Self {
        self.configure(|s| s.start = start)
    }

    /// Reads only the changes of one logical partition.
    pub fn partition_key(self, key: impl Into<PartitionKey>) -> Self {
        let key = key.into();
        self.configure(|s| s.partition_key = Some(key))
    }

    /// Reads only the changes within a feed range (see
    /// [`ContainerClient::read_feed_ranges`](crate::ContainerClient::read_feed_ranges)).
    pub fn feed_range(self, range: FeedRange) -> Self {
        self.configure(|s| s.feed_range = Some(range))
    }

    /// Resumes from a token taken from [`ChangeFeedPage::continuation`]; it carries the
    /// scope (partition key or feed range) of the feed that produced it.
    pub fn continuation(self, token: impl Into<String>) -> Self {
        let token = token.into();
        self.configure(|s| s.continuation = Some(token))
    }

    /// Changes per page.
    pub fn max_item_count(mut self, n: u32) -> Self {
        self.max_item_count = Some(n);
        self
    }

    /// The feed as a stream of pages.
    pub fn into_pages(mut self) -> impl Stream<Item = Result<ChangeFeedPage<T>>> + Send + 'static {
        let setup = self.setup.take();
        let reader = Reader {
            pipeline: self.pipeline,
            segments: self.segments,
            container_link: self.container_link,
            max_item_count: self.max_item_count,
        };
        stream::once(async move {
            let setup =
                setup.ok_or_else(|| Error::invalid_argument("change feed already started"))?;
            let state = reader.initial_state(setup).await?;
            Ok::<_, Error>(reader.pages(state))
        })
        .try_flatten()
        .boxed()
    }
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
                max_item_count: self.max_item_count,
                setup: self.setup.take(),
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
