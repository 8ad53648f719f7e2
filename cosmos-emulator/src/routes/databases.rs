//! Databases: create (optionally with provisioned throughput), read, list, delete.

use super::database;
use crate::app::AppState;
use crate::charge;
use crate::errors::ApiError;
use crate::reply::Reply;
use crate::request::RequestContext;
use crate::store::offers::Throughput;
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
    let throughput = offer_throughput(ctx)?;
    let db = state.store.create_database(id)?;
    if let Some(throughput) = throughput {
        state
            .store
            .offers
            .create(db.self_link(), db.rid.clone(), throughput);
    }
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

/// `x-ms-offer-throughput` (manual RU/s) or `x-ms-cosmos-offer-autopilot-settings`
/// (`{"maxThroughput": n}`), checked.
pub fn offer_throughput(ctx: &RequestContext) -> Result<Option<Throughput>, ApiError> {
    let manual = ctx.header(headers::OFFER_THROUGHPUT)?;
    let autoscale = ctx.header(headers::OFFER_AUTOPILOT)?;
    match (manual, autoscale) {
        (None, None) => Ok(None),
        (Some(_), Some(_)) => Err(ApiError::bad_request(
            "Specify either manual throughput or autoscale settings, not both.",
        )),
        (Some(text), None) => match text.trim().parse::<u64>() {
            Ok(ru) => manual_throughput(ru).map(Some),
            Err(_) => Err(ApiError::bad_request(format!(
                "The offer throughput '{text}' is not a number."
            ))),
        },
        (None, Some(text)) => {
            let settings: serde_json::Value = serde_json::from_str(text).map_err(|_| {
                ApiError::bad_request(format!("The autoscale settings '{text}' are not JSON."))
            })?;
            let max = settings["maxThroughput"].as_u64().ok_or_else(|| {
                ApiError::bad_request("The autoscale settings need a 'maxThroughput' number.")
            })?;
            autoscale_throughput(max).map(Some)
        }
    }
}

/// Manual throughput: at least 400 RU/s, a multiple of 100.
pub fn manual_throughput(ru: u64) -> Result<Throughput, ApiError> {
    if ru >= MIN_THROUGHPUT && ru.is_multiple_of(100) {
        Ok(Throughput::Manual(ru))
    } else {
        Err(ApiError::bad_request(format!(
            "The offer throughput '{ru}' is invalid: it must be a multiple of 100 and at least \
             {MIN_THROUGHPUT}."
        )))
    }
}

/// Autoscale: a maximum of at least 1000 RU/s, a multiple of 1000.
pub fn autoscale_throughput(max: u64) -> Result<Throughput, ApiError> {
    if max >= 1000 && max.is_multiple_of(1000) {
        Ok(Throughput::Autoscale { max })
    } else {
        Err(ApiError::bad_request(format!(
            "The autoscale maximum throughput '{max}' is invalid: it must be a multiple of 1000 \
             and at least 1000."
        )))
    }
}
