//! The change feed: `GET …/docs` with `A-IM: Incremental Feed`, one partition key range (or
//! one logical partition) at a time.
//!
//! The `etag` response header is the continuation (the range's LSN, quoted); the client
//! sends it back in `If-None-Match`. A read with nothing new is a 304 that still carries it.

use super::documents::feed_scope;
use crate::charge;
use crate::errors::ApiError;
use crate::reply::Reply;
use crate::request::RequestContext;
use crate::store::changes::ChangeStart;
use crate::store::Collection;
use axum::response::{IntoResponse, Response};
use cosmos_protocol::headers;
use http::StatusCode;
use serde_json::{json, Value};

pub fn read(ctx: &RequestContext, coll: &Collection, mode: &str) -> Result<Response, ApiError> {
    let mode = mode.trim();
    let all_versions = mode.eq_ignore_ascii_case("Full-Fidelity Feed");
    if !all_versions && !mode.eq_ignore_ascii_case("Incremental Feed") {
        return Err(ApiError::bad_request(format!(
            "The change feed mode '{mode}' is not supported: use 'Incremental Feed' or \
             'Full-Fidelity Feed'."
        )));
    }
    let scope = feed_scope(ctx, coll)?;
    let [index] = scope.partitions[..] else {
        return Err(ApiError::bad_request(
            "A change feed read must target one partition key range or one partition key.",
        ));
    };
    crate::session::check(ctx, coll, &[coll.partition_lsn(index)])?;
    if all_versions {
        return super::changefeed_versions::read(ctx, coll, index, &scope.filter);
    }
    let page = coll.changes(index, &scope.filter, start(ctx)?, ctx.max_item_count()?);
    let etag = format!("\"{}\"", page.lsn);
    if page.docs.is_empty() {
        return Ok(Reply::empty(StatusCode::NOT_MODIFIED)
            .etag(&etag)
            .session(&page.range_id, page.lsn)
            .owner(&coll.alt_link(), &coll.rid)
            .charge(charge::metadata_read())
            .into_response());
    }
    let bytes: usize = page.docs.iter().map(|d| d.size).sum();
    let documents: Vec<Value> = page
        .docs
        .iter()
        .map(|d| {
            let mut body = d.body.clone();
            body["_lsn"] = json!(d.lsn);
            body
        })
        .collect();
    let count = documents.len();
    let body = json!({ "_rid": coll.rid, "Documents": documents, "_count": count });
    Ok(Reply::json(StatusCode::OK, &body)
        .etag(&etag)
        .header(headers::ITEM_COUNT, count.to_string())
        .session(&page.range_id, page.lsn)
        .owner(&coll.alt_link(), &coll.rid)
        .charge(charge::feed(count, bytes))
        .into_response())
}

/// The start point: a continuation etag, `*` (now), a time, or the beginning.
pub(super) fn start(ctx: &RequestContext) -> Result<ChangeStart, ApiError> {
    if let Some(tag) = ctx.if_none_match()? {
        let tag = tag.trim();
        if tag == "*" {
            return Ok(ChangeStart::Now);
        }
        return tag
            .trim_matches('"')
            .parse()
            .map(ChangeStart::AfterLsn)
            .map_err(|_| {
                ApiError::bad_request(format!("Invalid change feed continuation '{tag}'."))
            });
    }
    if let Some(since) = ctx.header(headers::IF_MODIFIED_SINCE)? {
        let time = httpdate::parse_http_date(since)
            .map_err(|_| ApiError::bad_request(format!("Invalid If-Modified-Since '{since}'.")))?;
        let secs = time
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        return Ok(ChangeStart::Since(secs));
    }
    Ok(ChangeStart::Beginning)
}
