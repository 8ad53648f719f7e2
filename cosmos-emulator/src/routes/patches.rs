//! Partial document update: `PATCH …/docs/{id}` with `{condition?, operations}`.
//!
//! The patched body is computed from the current version under the partition's lock and
//! committed only if every operation applied; a false condition is a 412.

use super::documents::{missing_key, point_key};
use crate::charge;
use crate::errors::ApiError;
use crate::patch::{apply, PatchRequest};
use crate::reply::Reply;
use crate::request::RequestContext;
use crate::store::collection::etag_matches;
use crate::store::document::{strip_system_properties, StoredDoc};
use crate::store::Collection;
use axum::response::{IntoResponse, Response};
use cosmos_sql::Parameters;
use http::StatusCode;
use serde_json::{Map, Value};

/// Properties a patch may not touch.
const PROTECTED: [&str; 6] = ["/id", "/_rid", "/_self", "/_etag", "/_ts", "/_attachments"];

pub fn patch(ctx: &RequestContext, coll: &Collection, doc_id: &str) -> Result<Response, ApiError> {
    let epk = point_key(ctx, coll)?.ok_or_else(missing_key)?;
    let body: Value = serde_json::from_slice(&ctx.body)
        .map_err(|e| ApiError::bad_request(format!("The patch body is not valid JSON: {e}")))?;
    let request =
        PatchRequest::from_json(&body).map_err(|e| ApiError::bad_request(e.to_string()))?;
    let mut txn = coll.begin(&epk);
    let existing = txn
        .get(&epk, doc_id)
        .ok_or_else(ApiError::resource_not_found)?;
    if !etag_matches(ctx.if_match()?, &existing.etag) {
        return Err(ApiError::precondition_failed());
    }
    let patched = patched_body(coll, &existing, &request)?;
    let doc = txn.put(doc_id.to_owned(), epk, patched)?;
    let (range_id, lsn) = txn.commit();
    let reply = if ctx.wants_minimal()? {
        Reply::empty(StatusCode::OK)
    } else {
        Reply::json(StatusCode::OK, &doc.body)
    };
    Ok(reply
        .etag(&doc.etag)
        .session(&range_id, lsn)
        .owner(&coll.alt_link(), &coll.rid)
        .charge(charge::replace(doc.size))
        .into_response())
}

/// The body a patch produces from `doc`: the condition must hold, the operations must not
/// touch the id, the partition key or system properties, and every one must apply.
pub fn patched_body(
    coll: &Collection,
    doc: &StoredDoc,
    request: &PatchRequest,
) -> Result<Map<String, Value>, ApiError> {
    for op in &request.operations {
        for path in op.written_paths() {
            let path = path.as_str();
            let touches = |protected: &str| {
                path == protected
                    || path.starts_with(&format!("{protected}/"))
                    || protected.starts_with(&format!("{path}/"))
            };
            if PROTECTED.iter().any(|p| touches(p)) {
                return Err(ApiError::bad_request(format!(
                    "The patch path '{path}' addresses the id or a system property, which cannot \
                     be patched."
                )));
            }
            if coll.definition.paths.iter().any(|p| touches(p)) {
                return Err(ApiError::bad_request(format!(
                    "The patch path '{path}' addresses the partition key, which cannot be patched."
                )));
            }
        }
    }
    if let Some(text) = &request.condition {
        let condition =
            cosmos_sql::parse_condition(text).map_err(|e| super::queries::syntax_error(&e))?;
        let holds = condition
            .matches(&doc.body, &Parameters::new(), None)
            .map_err(|e| ApiError::bad_request(e.to_string()))?;
        if !holds {
            return Err(ApiError::precondition_failed());
        }
    }
    let mut body = doc.body.clone();
    apply(&mut body, &request.operations).map_err(|e| ApiError::bad_request(e.to_string()))?;
    match body {
        Value::Object(mut map) => {
            strip_system_properties(&mut map);
            Ok(map)
        }
        _ => Err(ApiError::bad_request(
            "A patch must leave the document an object.",
        )),
    }
}
