//! Cross-partition queries the gateway will not run itself (ORDER BY, VALUE aggregates, TOP,
//! OFFSET/LIMIT, DISTINCT): it answers 400/1004, and the client then asks for the query
//! plan, runs the plan's per-range rewrite on every partition key range the query visits and
//! merges the results the way the plan says.
//!
//! Merged pages carry a continuation token of this client's own (each range's page token
//! and position, plus the OFFSET/TOP counters), except for unordered DISTINCT, which would
//! need every value seen. GROUP BY and non-VALUE aggregates (which the gateway refuses with a
//! plain 400) are planned too, and combined per group (see `group_by`).
//!
//! A range that splits mid-query (410/1002 or 1007) is replaced by its children, which
//! continue from its continuation over the keys it held (the routing map is read again). A
//! token records each range's keys too, so one made before a split resumes the same way.

mod aggregate;
mod group_by;
mod merge;
mod ordering;
mod plan;
mod range_reader;

use std::sync::Arc;

use cosmos_protocol::headers as h;
use cosmos_protocol::EpkRange;
use futures::stream::{self, BoxStream, StreamExt as _, TryStreamExt as _};
use http::{HeaderMap, HeaderValue, Method};
use serde::de::DeserializeOwned;
use serde_json::Value;

use self::merge::{Accounting, MergeState, Merger, Mode, RangeReader};
use self::plan::QueryPlan;
use crate::error::{Error, Result};
use crate::feed_range::FeedRange;
use crate::headers::ResponseHeaders;
use crate::pager::Page;
use crate::pipeline::Pipeline;
use crate::query::Query;
use crate::request::Request;
use crate::resources::PartitionKeyRange;
use crate::response::Diagnostics;
use crate::routing;

/// The query features this client merges, declared on plan requests.
pub(crate) const SUPPORTED_QUERY_FEATURES: &str = "Aggregate,CompositeAggregate,Distinct,\
    MultipleOrderBy,OffsetAndLimit,OrderBy,Top,NonValueAggregate,GroupBy,MultipleAggregates";

/// Output page size when the caller set no `max_item_count`.
const DEFAULT_PAGE_SIZE: usize = 100;

/// Whether an error is the gateway's "run this with a query plan" answer: 400/1004, or the
/// plain 400 it gives GROUP BY and non-VALUE aggregates (which the JS SDK also plans).
pub(crate) fn needs_plan(err: &Error) -> bool {
    err.status() == Some(400)
        && (err.sub_status() == Some(1004)
            || err
                .message()
                .contains("Cross partition query only supports"))
}

/// A plan request for `query` on the feed at `segments` (`…/docs`).
pub(crate) fn plan_request(segments: Vec<String>, query: &Query) -> Result<Request> {
    let mut request = Request::new("query_plan", Method::POST, segments);
    request.is_read = true;
    request.header(h::IS_QUERY_PLAN_REQUEST, "true")?;
    request.header(h::SUPPORTED_QUERY_FEATURES, SUPPORTED_QUERY_FEATURES)?;
    request.header(h::QUERY_VERSION, "1.0")?;
    request.header("content-type", "application/query+json")?;
    request.json_body(query)?;
    Ok(request)
}

/// Whether a continuation token is one of this module's (and not the gateway's).
pub(crate) fn is_merge_token(token: &str) -> bool {
    MergeState::parse(token).is_some()
}

/// The pages of `query` run across partitions; `template` is the refused query request.
/// `resume` is a token from an earlier merged page.
pub(crate) fn pages<T: DeserializeOwned + Send + 'static>(
    pipeline: Arc<Pipeline>,
    template: Request,
    query: Query,
    resume: Option<String>,
    scope: Option<FeedRange>,
) -> BoxStream<'static, Result<Page<T>>> {
    let page_size = template
        .headers
        .get(h::MAX_ITEM_COUNT)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok())
        .filter(|n| *n > 0)
        .unwrap_or(DEFAULT_PAGE_SIZE);
    stream::once(async move {
        let mut merger = prepare(&pipeline, &template, &query, scope).await?;
        if let Some(state) = resume.as_deref().and_then(MergeState::parse) {
            merger.restore(state)?;
        }
        Ok::<_, Error>(merged_pages(pipeline, merger, page_size))
    })
    .try_flatten()
    .boxed()
}

async fn prepare(
    pipeline: &Arc<Pipeline>,
    template: &Request,
    query: &Query,
    scope: Option<FeedRange>,
) -> Result<Merger> {
    let plan_raw = pipeline
        .send(&plan_request(template.segments.clone(), query)?)
        .await?;
    let plan = QueryPlan::parse(plan_raw.json_required::<Value>()?)?;
    let aggregate = plan.aggregate()?;

    let ranges: Vec<PartitionKeyRange> = routing::cached_ranges(pipeline, &template.segments)
        .await?
        .iter()
        .filter(|r| plan.visits(&r.min_inclusive, &r.max_exclusive))
        .cloned()
        .collect();
    let scope = scope.unwrap_or_else(FeedRange::full);
    let range_query = query.with_text(plan.range_query_text(query.text()));
    let mut readers = Vec::new();
    for target in routing::targets(&ranges, &scope) {
        let mut request = template.clone();
        request.headers.remove(h::CONTINUATION);
        target.apply(&mut request)?;
        request.json_body(&range_query)?;
        let part = match &target.sub_range {
            Some(sub) => sub.clone(),
            None => ranges
                .iter()
                .find(|r| r.id == target.id)
                .map(PartitionKeyRange::epk_range)
                .unwrap_or_else(EpkRange::full),
        };
        readers.push(RangeReader::new(target.id, request, part));
    }
    let mode = if plan.is_grouped() {
        Mode::GroupBy(plan.group_shape()?)
    } else if !plan.query_info.order_by.is_empty() {
        Mode::OrderBy {
            descending: plan.descending(),
        }
    } else if let Some(kind) = aggregate {
        Mode::Aggregate(kind)
    } else {
        Mode::Concat
    };
    let info = &plan.query_info;
    Ok(Merger::new(
        readers,
        mode,
        info.distinct_type,
        info.offset,
        info.top.or(info.limit),
    ))
}

fn merged_pages<T: DeserializeOwned + Send + 'static>(
    pipeline: Arc<Pipeline>,
    merger: Merger,
    page_size: usize,
) -> BoxStream<'static, Result<Page<T>>> {
    // The value read ahead to learn whether another page follows.
    let state: Option<(Merger, Option<Value>)> = Some((merger, None));
    stream::unfold(state, move |state| {
        let pipeline = pipeline.clone();
        async move {
            let (mut merger, mut ahead) = state?;
            let mut acc = Accounting::default();
            let mut values = Vec::new();
            values.extend(ahead.take());
            while values.len() < page_size {
                match merger.next(&pipeline, &mut acc).await {
                    Ok(Some(value)) => values.push(value),
                    Ok(None) => break,
                    Err(e) => return Some((Err(e), None)),
                }
            }
            if values.is_empty() {
                return None;
            }
            // The token is taken before reading ahead, so it resumes at the next page.
            let snapshot = merger.snapshot();
            let next = if values.len() < page_size {
                None
            } else {
                match merger.next(&pipeline, &mut acc).await {
                    Ok(next) => next,
                    Err(e) => return Some((Err(e), None)),
                }
            };
            let continuation = next.as_ref().and(snapshot.as_ref()).map(MergeState::token);
            let items = match values
                .into_iter()
                .map(serde_json::from_value::<T>)
                .collect::<std::result::Result<Vec<T>, _>>()
            {
                Ok(items) => items,
                Err(e) => return Some((Err(Error::serialization(e)), None)),
            };
            let page = Page::merged(
                items,
                continuation,
                synthetic_headers(&acc),
                Diagnostics::default(),
            );
            let rest = next.map(|value| (merger, Some(value)));
            Some((Ok(page), rest))
        }
    })
    .boxed()
}

/// Headers for a merged page: the summed charge and the last activity id.
fn synthetic_headers(acc: &Accounting) -> ResponseHeaders {
    let mut map = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_str(&acc.request_charge.to_string()) {
        map.insert(h::REQUEST_CHARGE, v);
    }
    if let Some(Ok(v)) = acc.activity_id.as_deref().map(HeaderValue::from_str) {
        map.insert(h::ACTIVITY_ID, v);
    }
    ResponseHeaders::new(map)
}
