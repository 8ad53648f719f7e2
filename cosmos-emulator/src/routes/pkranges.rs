//! `GET …/pkranges`: the container's partition key ranges.
//!
//! The Python SDK reads this as a change feed (`A-IM: Incremental Feed`) and repeats with
//! `If-None-Match: <etag>` until it gets a 304, so the etag must be stable while the ranges
//! are (they never change after creation here).

use crate::charge;
use crate::errors::ApiError;
use crate::reply::Reply;
use crate::request::RequestContext;
use crate::store::Collection;
use axum::response::{IntoResponse, Response};
use cosmos_protocol::{headers, rid};
use http::StatusCode;
use serde_json::{json, Value};

pub fn list(ctx: &RequestContext, coll: &Collection) -> Result<Response, ApiError> {
    if ctx
        .if_none_match()?
        .is_some_and(|tag| tag.trim() == coll.pkranges_etag)
    {
        return Ok(Reply::empty(StatusCode::NOT_MODIFIED)
            .etag(&coll.pkranges_etag)
            .charge(charge::metadata_read())
            .into_response());
    }
    let ranges: Vec<Value> = coll
        .ranges()
        .iter()
        .enumerate()
        .map(|(i, range)| {
            let range_rid = rid::child(&coll.rid, i as u64 + 1, 0x05);
            let (_, lsn) = coll.partition_lsn(i);
            json!({
                "_rid": range_rid,
                "id": i.to_string(),
                "_etag": coll.pkranges_etag,
                "minInclusive": range.min,
                "maxExclusive": range.max,
                "ridPrefix": i,
                "_self": format!("{}pkranges/{range_rid}/", coll.self_link()),
                "throughputFraction": 1.0 / coll.partition_count() as f64,
                "status": "online",
                "parents": [],
                "ownedArchivalPKRangeIds": [],
                "_ts": coll.created_ts,
                "lsn": lsn,
            })
        })
        .collect();
    let count = ranges.len();
    let body = json!({ "_rid": coll.rid, "PartitionKeyRanges": ranges, "_count": count });
    Ok(Reply::json(StatusCode::OK, &body)
        .etag(&coll.pkranges_etag)
        .header(headers::ITEM_COUNT, count.to_string())
        .owner(&coll.alt_link(), &coll.rid)
        .charge(charge::metadata_read())
        .into_response())
}
