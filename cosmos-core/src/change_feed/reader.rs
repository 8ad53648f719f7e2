//! Reads a change feed range by range, following splits.

use std::collections::BTreeSet;
use std::sync::Arc;

use cosmos_protocol::headers as h;
use futures::stream::{self, BoxStream, StreamExt as _};
use http::Method;
use serde::de::DeserializeOwned;

use super::state::{FeedMode, FeedState, RangeState};
use super::{ChangeFeedPage, ChangeFeedStart, Setup};
use crate::error::{Error, Result};
use crate::feed_range::FeedRange;
use crate::headers::ResponseHeaders;
use crate::pager::FeedBody;
use crate::pipeline::Pipeline;
use crate::request::Request;
use crate::resources::PartitionKeyRange;
use crate::routing::{self, RangeTarget};
use crate::routing_map::is_split;

/// The wire format of the all-versions-and-deletes feed this client reads.
const WIRE_FORMAT_VERSION: &str = "2021-09-15";

pub(super) struct Reader {
    pub(super) pipeline: Arc<Pipeline>,
    pub(super) segments: Result<Vec<String>>,
    pub(super) container_link: String,
    pub(super) max_item_count: Option<u32>,
}

/// Where the round-robin over ranges stands.
struct Cursor {
    state: FeedState,
    next: usize,
    /// Ranges that answered "nothing new" since the last change anywhere.
    idle: BTreeSet<usize>,
}

impl Reader {
    pub(super) async fn initial_state(&self, setup: Setup) -> Result<FeedState> {
        if let Some(token) = setup.continuation {
            let state = FeedState::parse(&token)?;
            if state.mode != setup.mode {
                return Err(Error::invalid_argument(format!(
                    "the continuation token is of a {:?} change feed, not {:?}",
                    state.mode, setup.mode
                )));
            }
            return Ok(state);
        }
        if setup.mode == FeedMode::AllVersionsAndDeletes
            && !matches!(setup.start, ChangeFeedStart::Now)
        {
            return Err(Error::invalid_argument(
                "the all versions and deletes change feed starts from now or from a \
                 continuation token",
            ));
        }
        let mut feed_range = setup.feed_range;
        if let Some(key) = setup.partition_key {
            // A prefix of a hierarchical key reads the EPK range under it, range by range.
            let prefix = crate::routing::prefix_scope(&self.pipeline, &self.container_link, &key);
            if let Some(scope) = prefix.await {
                feed_range = Some(match feed_range {
                    Some(range) => range.intersection(&scope).ok_or_else(|| {
                        Error::invalid_argument("the feed range holds no key of the prefix")
                    })?,
                    None => scope,
                });
            } else {
                return Ok(FeedState {
                    v: 1,
                    start: setup.start,
                    mode: setup.mode,
                    pk: Some(key.to_header()),
                    ranges: vec![RangeState {
                        id: None,
                        min: None,
                        max: None,
                        etag: None,
                    }],
                });
            }
        }
        let scope = feed_range.unwrap_or_else(FeedRange::full);
        let ranges: Vec<RangeState> = routing::targets(&self.ranges(false).await?, &scope)
            .into_iter()
            .map(|t| RangeState::new(t, None))
            .collect();
        if ranges.is_empty() {
            return Err(Error::invalid_argument(
                "the feed range overlaps no partition key range of the container",
            ));
        }
        Ok(FeedState {
            v: 1,
            start: setup.start,
            mode: setup.mode,
            pk: None,
            ranges,
        })
    }

    /// The container's ranges: from the routing map, or read again after a split.
    async fn ranges(&self, fresh: bool) -> Result<Vec<PartitionKeyRange>> {
        let segments = self.segments.clone()?;
        let ranges = if fresh {
            routing::fresh_ranges(&self.pipeline, &segments).await?
        } else {
            routing::cached_ranges(&self.pipeline, &segments).await?
        };
        Ok(ranges.as_ref().clone())
    }

    /// Replaces a range that split (410/1002 or 1007) by its children, which continue from
    /// the parent's etag. Returns `false` when no child is found.
    async fn follow_split(&self, state: &mut FeedState, index: usize) -> Result<bool> {
        let Some(gone) = state.ranges[index].id.clone() else {
            return Ok(false);
        };
        let etag = state.ranges[index].etag.clone();
        // A slice of the parent keeps reading only that slice of each child.
        let scope = match state.ranges[index].sub_range() {
            Some(r) => FeedRange::new(r.min, r.max)?,
            None => FeedRange::full(),
        };
        let ranges: Vec<PartitionKeyRange> = self
            .ranges(true)
            .await?
            .into_iter()
            .filter(|r| r.parents.contains(&gone))
            .collect();
        let children: Vec<RangeState> = routing::targets(&ranges, &scope)
            .into_iter()
            .map(|t: RangeTarget| RangeState::new(t, etag.clone()))
            .collect();
        if children.is_empty() {
            return Ok(false);
        }
        state.ranges.splice(index..=index, children);
        Ok(true)
    }

    pub(super) fn pages<T: DeserializeOwned + Send + 'static>(
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
        match state.mode {
            FeedMode::LatestVersion => request.header(h::A_IM, "Incremental Feed")?,
            FeedMode::AllVersionsAndDeletes => {
                request.header(h::A_IM, "Full-Fidelity Feed")?;
                request.header(h::CHANGEFEED_WIRE_FORMAT, WIRE_FORMAT_VERSION)?;
            }
        }
        if let Some(n) = self.max_item_count {
            request.header(h::MAX_ITEM_COUNT, n.to_string())?;
        }
        if let Some(pk) = &state.pk {
            request.header(h::PARTITION_KEY, pk)?;
        }
        let range = &state.ranges[index];
        if let Some(id) = &range.id {
            let target = RangeTarget {
                id: id.clone(),
                sub_range: range.sub_range(),
            };
            target.apply(&mut request)?;
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
