//! One partition key range's share of a merged query: its rows a page at a time, its
//! position for continuation tokens, and its successors when it splits.

use std::collections::VecDeque;

use cosmos_protocol::headers as h;
use cosmos_protocol::EpkRange;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::merge::Accounting;
use crate::error::{Error, Result};
use crate::feed_range::FeedRange;
use crate::pipeline::Pipeline;
use crate::request::Request;
use crate::resources::PartitionKeyRange;
use crate::routing;

/// The results of one partition key range, fetched a page at a time.
///
/// Its position is the token of the page in its buffer plus how many rows of that page were
/// used, so a merge can be resumed by fetching that page again and skipping those rows.
pub(crate) struct RangeReader {
    pub(super) id: String,
    pub(super) request: Request,
    /// The EPKs this reader covers: its range, or the part of it a feed range selects.
    pub(super) scope: EpkRange,
    pub(super) continuation: Option<String>,
    pub(super) buffer: VecDeque<Value>,
    pub(super) exhausted: bool,
    /// The token that fetched the buffered page (`None`: the first page).
    pub(super) page_token: Option<String>,
    /// Rows of the buffered page already taken.
    pub(super) consumed: usize,
    pub(super) started: bool,
    /// Rows to drop from the next page fetched (when resuming).
    pub(super) pending_skip: usize,
}

/// Where a range stands, in a continuation token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct RangePosition {
    pub(super) id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) page: Option<String>,
    #[serde(default)]
    pub(super) consumed: usize,
    #[serde(default)]
    pub(super) started: bool,
    #[serde(default)]
    pub(super) done: bool,
    /// The EPKs the range covered, so a token made before a split can still be resumed: the
    /// gone range answers 410 and its children take over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) min: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) max: Option<String>,
}

impl RangeReader {
    pub(crate) fn new(id: String, request: Request, scope: EpkRange) -> Self {
        Self {
            id,
            request,
            scope,
            continuation: None,
            buffer: VecDeque::new(),
            exhausted: false,
            page_token: None,
            consumed: 0,
            started: false,
            pending_skip: 0,
        }
    }

    pub(super) fn position(&self) -> RangePosition {
        // A page used up is recorded as the start of the next one: the same place, and one
        // that a split range's children can resume from without repeating rows.
        let (page, consumed) = if self.started && self.buffer.is_empty() && !self.exhausted {
            (self.continuation.clone(), 0)
        } else {
            (self.page_token.clone(), self.consumed)
        };
        RangePosition {
            id: self.id.clone(),
            page,
            consumed,
            started: self.started,
            done: self.exhausted && self.buffer.is_empty(),
            min: Some(self.scope.min.clone()),
            max: Some(self.scope.max.clone()),
        }
    }

    /// A fresh reader of the same range and request.
    pub(super) fn retarget_like(&self) -> RangeReader {
        RangeReader::new(self.id.clone(), self.request.clone(), self.scope.clone())
    }

    /// A reader of range `id` over `scope`, sending the same query as this one.
    pub(super) fn retarget(&self, id: String, scope: EpkRange) -> Result<RangeReader> {
        let mut request = self.request.clone();
        for name in [
            h::PARTITION_KEY_RANGE_ID,
            h::READ_KEY_TYPE,
            h::START_EPK,
            h::END_EPK,
        ] {
            request.headers.remove(name);
        }
        let target = routing::RangeTarget {
            id: id.clone(),
            sub_range: Some(scope.clone()),
        };
        target.apply(&mut request)?;
        Ok(RangeReader::new(id, request, scope))
    }

    /// Readers for the ranges a split left in this one's place: each reads its part of this
    /// reader's scope and continues from where this one stopped (the service accepts a
    /// parent's continuation on its children).
    pub(super) fn split(&self, ranges: &[PartitionKeyRange]) -> Result<Vec<RangeReader>> {
        if self.pending_skip > 0 {
            // The rows to skip were counted in a page of the parent; its children's pages
            // hold them in another arrangement, so skipping would lose or repeat rows.
            return Err(Error::invalid_argument(format!(
                "partition key range {} split while resuming from the middle of one of its \
                 pages; run the query again from the start",
                self.id
            )));
        }
        let scope = FeedRange::new(self.scope.min.clone(), self.scope.max.clone())?;
        let mut children = Vec::new();
        for target in routing::targets(ranges, &scope) {
            let mut request = self.request.clone();
            for name in [
                h::PARTITION_KEY_RANGE_ID,
                h::READ_KEY_TYPE,
                h::START_EPK,
                h::END_EPK,
            ] {
                request.headers.remove(name);
            }
            target.apply(&mut request)?;
            let part = match &target.sub_range {
                Some(sub) => sub.clone(),
                None => ranges
                    .iter()
                    .find(|r| r.id == target.id)
                    .map_or_else(|| self.scope.clone(), PartitionKeyRange::epk_range),
            };
            let mut child = RangeReader::new(target.id, request, part);
            child.continuation = self.continuation.clone();
            child.page_token = self.continuation.clone();
            child.started = self.started;
            children.push(child);
        }
        if children.is_empty() {
            return Err(Error::invalid_argument(format!(
                "partition key range {} is gone and no range covers its keys",
                self.id
            )));
        }
        Ok(children)
    }

    pub(super) fn resume(&mut self, position: RangePosition) {
        if position.done {
            self.exhausted = true;
        } else if position.started {
            self.continuation = position.page;
            self.pending_skip = position.consumed;
        }
    }

    pub(super) fn pop(&mut self) -> Option<Value> {
        let row = self.buffer.pop_front()?;
        self.consumed += 1;
        Some(row)
    }

    /// Fetches pages until the buffer has a row or the range is done.
    pub(super) async fn fill(&mut self, pipeline: &Pipeline, acc: &mut Accounting) -> Result<()> {
        while self.buffer.is_empty() && !self.exhausted {
            let mut request = self.request.clone();
            if let Some(token) = &self.continuation {
                request.header(h::CONTINUATION, token)?;
            }
            self.page_token = self.continuation.clone();
            self.consumed = 0;
            self.started = true;
            let raw = pipeline.send(&request).await?;
            acc.request_charge += raw.headers.request_charge();
            acc.activity_id = raw.headers.activity_id().map(str::to_owned);
            let rows = raw
                .json::<crate::pager::FeedBody<Value>>()?
                .map(|b| b.items)
                .unwrap_or_default();
            let next = raw.headers.continuation().map(str::to_owned);
            // An echoed token with no rows would never end.
            self.exhausted = next.is_none() || (rows.is_empty() && next == self.continuation);
            self.continuation = next;
            self.buffer.extend(rows);
            let skip = self.pending_skip.min(self.buffer.len());
            self.buffer.drain(..skip);
            self.consumed += skip;
            self.pending_skip -= skip;
        }
        Ok(())
    }
}
