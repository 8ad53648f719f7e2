//! Offers (`/offers`): list, query, read and replace provisioned throughput.

use super::databases::{autoscale_throughput, manual_throughput};
use super::queries;
use crate::app::AppState;
use crate::charge;
use crate::errors::ApiError;
use crate::reply::Reply;
use crate::request::RequestContext;
use crate::store::offers::Throughput;
use axum::response::{IntoResponse, Response};
use cosmos_protocol::headers;
use http::StatusCode;
use serde_json::{json, Value};

pub fn list(state: &AppState) -> Result<Response, ApiError> {
    let offers: Vec<Value> = state
        .store
        .offers
        .list()
        .iter()
        .map(|o| o.to_json())
        .collect();
    let count = offers.len();
    Ok(Reply::json(
        StatusCode::OK,
        &json!({"_rid": "", "Offers": offers, "_count": count}),
    )
    .header(headers::ITEM_COUNT, count.to_string())
    .charge(charge::metadata_read())
    .into_response())
}

/// `POST /offers` with a query (how the SDKs find a resource's offer).
pub fn query(state: &AppState, ctx: &RequestContext) -> Result<Response, ApiError> {
    if !queries::is_query(ctx)? {
        return Err(ApiError::method_not_allowed(
            "Offers are created with their database or container; POST /offers only queries.",
        ));
    }
    let offers: Vec<Value> = state
        .store
        .offers
        .list()
        .iter()
        .map(|o| o.to_json())
        .collect();
    queries::run_over(ctx, ("", "Offers"), &offers)
}

pub fn read(state: &AppState, id: &str) -> Result<Response, ApiError> {
    let offer = state
        .store
        .offers
        .get(id)
        .ok_or_else(ApiError::resource_not_found)?;
    Ok(Reply::json(StatusCode::OK, &offer.to_json())
        .etag(&offer.etag)
        .charge(charge::metadata_read())
        .into_response())
}

/// Replaces an offer's throughput; its identity and resource cannot change.
pub fn replace(state: &AppState, ctx: &RequestContext, id: &str) -> Result<Response, ApiError> {
    let body = ctx.json_object()?;
    let existing = state
        .store
        .offers
        .get(id)
        .ok_or_else(ApiError::resource_not_found)?;
    if body
        .get("resource")
        .and_then(Value::as_str)
        .is_some_and(|r| r != existing.resource)
    {
        return Err(ApiError::bad_request(
            "The resource of an offer cannot be changed.",
        ));
    }
    let content = body
        .get("content")
        .ok_or_else(|| ApiError::bad_request("The offer needs a 'content' object."))?;
    let throughput = requested(content)?;
    let offer = state
        .store
        .offers
        .replace(id, throughput, ctx.if_match()?)?;
    Ok(Reply::json(StatusCode::OK, &offer.to_json())
        .etag(&offer.etag)
        .charge(charge::metadata_write())
        .into_response())
}

/// The throughput an offer's `content` asks for: autoscale settings win over a manual figure.
fn requested(content: &Value) -> Result<Throughput, ApiError> {
    if let Some(max) = content["offerAutopilotSettings"]["maxThroughput"].as_u64() {
        return autoscale_throughput(max);
    }
    match content["offerThroughput"].as_u64() {
        Some(ru) => manual_throughput(ru),
        None => Err(ApiError::bad_request(
            "The offer content needs 'offerThroughput' or 'offerAutopilotSettings.maxThroughput'.",
        )),
    }
}
