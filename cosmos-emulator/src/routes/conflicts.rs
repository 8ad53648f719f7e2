//! `GET …/conflicts`: the conflicts feed.

use crate::charge;
use crate::errors::ApiError;
use crate::reply::Reply;
use crate::store::Collection;
use axum::response::{IntoResponse, Response};
use cosmos_protocol::headers;
use http::StatusCode;
use serde_json::json;

/// `GET …/conflicts`: a single-region, single-writer account never records conflicts.
pub fn conflicts(coll: &Collection) -> Result<Response, ApiError> {
    let body = json!({ "_rid": coll.rid, "Conflicts": [], "_count": 0 });
    Ok(Reply::json(StatusCode::OK, &body)
        .header(headers::ITEM_COUNT, "0")
        .owner(&coll.alt_link(), &coll.rid)
        .charge(charge::metadata_read())
        .into_response())
}
