//! `GET …/pkranges`: the container's partition key ranges.
//!
//! The Python SDK reads this as a change feed (`A-IM: Incremental Feed`) and repeats with
//! `If-None-Match: <etag>` until it gets a 304, so the etag must be stable while the ranges
//! are; a split changes it, and the answer then lists the children with their `parents`.

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
    let etag = coll.pkranges_etag();
    if ctx.if_none_match()?.is_some_and(|tag| tag.trim() == etag) {
        return Ok(Reply::empty(StatusCode::NOT_MODIFIED)
            .etag(&etag)
            .charge(charge::metadata_read())
            .into_response());
    }
    let infos = coll.range_infos();
    let fraction = 1.0 / infos.len().max(1) as f64;
    let ranges: Vec<Value> = infos
        .iter()
        .map(|info| {
            let number: u64 = info.id.parse().unwrap_or_default();
            let range_rid = rid::child(&coll.rid, number + 1, 0x05);
            let (_, lsn) = coll.partition_lsn(info.slot);
            json!({
                "_rid": range_rid,
                "id": info.id,
                "_etag": etag,
                "minInclusive": info.range.min,
                "maxExclusive": info.range.max,
                "ridPrefix": number,
                "_self": format!("{}pkranges/{range_rid}/", coll.self_link()),
                "throughputFraction": fraction,
                "status": "online",
                "parents": info.parents,
                "ownedArchivalPKRangeIds": [],
                "_ts": coll.created_ts,
                "lsn": lsn,
            })
        })
        .collect();
    let count = ranges.len();
    let body = json!({ "_rid": coll.rid, "PartitionKeyRanges": ranges, "_count": count });
    Ok(Reply::json(StatusCode::OK, &body)
        .etag(&etag)
        .header(headers::ITEM_COUNT, count.to_string())
        .owner(&coll.alt_link(), &coll.rid)
        .charge(charge::metadata_read())
        .into_response())
}
