//! Databases: create (optionally with provisioned throughput), read, list, delete.

use super::database;
use crate::app::AppState;
use crate::charge;
use crate::errors::ApiError;
use crate::reply::Reply;
use crate::request::RequestContext;
use crate::validate;
use axum::response::{IntoResponse, Response};
use cosmos_protocol::headers;
use http::StatusCode;
use serde_json::{json, Value};

/// The smallest manual throughput the service accepts.
pub const MIN_THROUGHPUT: u64 = 400;

pub fn create(state: &AppState, ctx: &RequestContext) -> Result<Response, ApiError> {
    let body = ctx.json_object()?;
    let id = required_id(&body)?;
    validate::name(&id)?;
    // Throughput is validated but not tracked: the emulator does not throttle or serve offers.
    offer_throughput(ctx)?;
    let db = state.store.create_database(id)?;
    Ok(Reply::json(StatusCode::CREATED, &db.to_json())
        .etag(&db.etag)
        .charge(charge::metadata_write())
        .into_response())
}

pub fn read(state: &AppState, db: &str) -> Result<Response, ApiError> {
    let db = database(state, db).map_err(|_| ApiError::resource_not_found())?;
    Ok(Reply::json(StatusCode::OK, &db.to_json())
        .etag(&db.etag)
        .charge(charge::metadata_read())
        .into_response())
}

pub fn list(state: &AppState, _ctx: &RequestContext) -> Result<Response, ApiError> {
    let dbs: Vec<Value> = state
        .store
        .databases()
        .iter()
        .map(|d| d.to_json())
        .collect();
    let count = dbs.len();
    let body = json!({ "_rid": "", "Databases": dbs, "_count": count });
    Ok(Reply::json(StatusCode::OK, &body)
        .header(headers::ITEM_COUNT, count.to_string())
        .charge(charge::metadata_read())
        .into_response())
}

pub fn delete(state: &AppState, db: &str) -> Result<Response, ApiError> {
    state
        .store
        .delete_database(db)
        .ok_or_else(ApiError::resource_not_found)?;
    Ok(Reply::empty(StatusCode::NO_CONTENT)
        .charge(charge::metadata_write())
        .into_response())
}

/// The `id` property of a create body: required and a string.
pub fn required_id(body: &serde_json::Map<String, Value>) -> Result<String, ApiError> {
    match body.get("id") {
        Some(Value::String(id)) => Ok(id.clone()),
        Some(_) => Err(ApiError::bad_request(
            "The input content is invalid because the property 'id' must be a string.",
        )),
        None => Err(ApiError::bad_request(
            "The input content is invalid because the required properties - 'id; ' - are missing",
        )),
    }
}

/// `x-ms-offer-throughput`: manual RU/s, at least 400 and a multiple of 100.
pub fn offer_throughput(ctx: &RequestContext) -> Result<Option<u64>, ApiError> {
    let Some(text) = ctx.header(headers::OFFER_THROUGHPUT)? else {
        return Ok(None);
    };
    match text.trim().parse::<u64>() {
        Ok(ru) if ru >= MIN_THROUGHPUT && ru % 100 == 0 => Ok(Some(ru)),
        _ => Err(ApiError::bad_request(format!(
            "The offer throughput '{text}' is invalid: it must be a multiple of 100 and at least \
             {MIN_THROUGHPUT}."
        ))),
    }
}
