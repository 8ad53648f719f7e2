//! Transactional batches and bulk requests: `POST …/docs` with
//! `x-ms-cosmos-is-batch-request: True`.
//!
//! An atomic batch runs in one logical partition (the key header) inside one transaction:
//! the first failing operation stops it, nothing is committed, and the response is 207 with
//! that operation's status and 424 for the others. A bulk request (atomic `False`) runs each
//! operation on its own, keyed by its own `partitionKey`.

use super::documents::{check_size, hash_point, missing_key, pk_mismatch, point_key, prepare};
use super::patches::patched_body;
use crate::batch::{self, BatchOperation, OperationKind, OperationResult};
use crate::charge;
use crate::errors::ApiError;
use crate::reply::Reply;
use crate::request::RequestContext;
use crate::store::collection::etag_matches;
use crate::store::transaction::Txn;
use crate::store::Collection;
use axum::response::{IntoResponse, Response};
use cosmos_protocol::headers;
use http::StatusCode;
use serde_json::Value;

pub fn is_batch(ctx: &RequestContext) -> Result<bool, ApiError> {
    ctx.flag(headers::IS_BATCH_REQUEST)
}

pub fn run(ctx: &RequestContext, coll: &Collection) -> Result<Response, ApiError> {
    check_size(ctx.body.len())?;
    let body: Value = serde_json::from_slice(&ctx.body)
        .map_err(|e| ApiError::bad_request(format!("The batch body is not valid JSON: {e}")))?;
    let ops = batch::parse(&body).map_err(|e| ApiError::bad_request(e.to_string()))?;
    // The Python SDK always sends the header; a missing one means the default, atomic.
    let atomic = ctx.header(headers::BATCH_ATOMIC)?.is_none() || ctx.flag(headers::BATCH_ATOMIC)?;
    let (status, body, touched) = if atomic {
        let epk = point_key(ctx, coll)?.ok_or_else(missing_key)?;
        let mut txn = coll.begin(&epk);
        let mut results = Vec::with_capacity(ops.len());
        for op in &ops {
            let result = execute(&mut txn, coll, &epk, op);
            let failed = !result.is_success();
            results.push(result);
            if failed {
                break;
            }
        }
        let committed = results.len() == ops.len() && results.iter().all(|r| r.is_success());
        let position = if committed {
            txn.commit()
        } else {
            txn.position()
        };
        let (status, body) = batch::atomic_response(results, ops.len());
        (status, body, vec![position])
    } else {
        let header_epk = point_key(ctx, coll)?;
        let mut results = Vec::with_capacity(ops.len());
        let mut touched = Vec::new();
        for op in &ops {
            let epk = match operation_epk(coll, op, header_epk.as_deref()) {
                Ok(epk) => epk,
                Err(e) => {
                    results.push(failure(&e));
                    continue;
                }
            };
            let mut txn = coll.begin(&epk);
            let result = execute(&mut txn, coll, &epk, op);
            let position = if result.is_success() {
                txn.commit()
            } else {
                txn.position()
            };
            touched.push(position);
            results.push(result);
        }
        let (status, body) = batch::bulk_response(&results);
        (status, body, touched)
    };
    let ru: f64 = body
        .as_array()
        .map(|a| a.iter().filter_map(|r| r["requestCharge"].as_f64()).sum())
        .unwrap_or(0.0);
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    Ok(Reply::json(status, &body)
        .sessions(&touched)
        .owner(&coll.alt_link(), &coll.rid)
        .charge(ru)
        .into_response())
}

/// The EPK a bulk operation addresses: its own key, the header's, or its body's.
fn operation_epk(
    coll: &Collection,
    op: &BatchOperation,
    header_epk: Option<&str>,
) -> Result<String, ApiError> {
    if let Some(key) = &op.partition_key {
        return hash_point(coll, key);
    }
    if let Some(epk) = header_epk {
        return Ok(epk.to_owned());
    }
    match &op.body {
        Some(body) => prepare(coll, body.clone()).map(|(_, epk, _)| epk),
        None => Err(missing_key()),
    }
}

/// Runs one operation inside the transaction of partition key `epk`.
fn execute(
    txn: &mut Txn<'_>,
    coll: &Collection,
    epk: &str,
    op: &BatchOperation,
) -> OperationResult {
    match run_operation(txn, coll, epk, op) {
        Ok(result) => result,
        Err(e) => failure(&e),
    }
}

fn run_operation(
    txn: &mut Txn<'_>,
    coll: &Collection,
    epk: &str,
    op: &BatchOperation,
) -> Result<OperationResult, ApiError> {
    let if_match = op.if_match.as_deref();
    let existing = txn.get(epk, &op.id);
    let check = |etag: &str| {
        if etag_matches(if_match, etag) {
            Ok(())
        } else {
            Err(ApiError::precondition_failed())
        }
    };
    match op.kind {
        OperationKind::Create | OperationKind::Upsert | OperationKind::Replace => {
            let body = op.body.clone().unwrap_or(Value::Null);
            check_size(serde_json::to_vec(&body).map_or(0, |b| b.len()))?;
            let (id, doc_epk, body) = prepare(coll, body)?;
            if doc_epk != epk {
                return Err(pk_mismatch());
            }
            if id != op.id {
                return Err(ApiError::bad_request(format!(
                    "The id '{id}' in the body does not match the operation's id '{}'.",
                    op.id
                )));
            }
            let status = match (op.kind, &existing) {
                (OperationKind::Create, Some(_)) => return Err(ApiError::conflict()),
                (OperationKind::Replace, None) => return Err(ApiError::resource_not_found()),
                (_, None) if if_match.is_some() => return Err(ApiError::precondition_failed()),
                (_, None) => 201,
                (_, Some(old)) => {
                    check(&old.etag)?;
                    200
                }
            };
            let doc = txn.put(id, doc_epk, body)?;
            let ru = if status == 201 {
                charge::create(doc.size)
            } else {
                charge::replace(doc.size)
            };
            Ok(success(status, ru, &doc.etag, Some(&doc.body)))
        }
        OperationKind::Read => {
            let doc = existing.ok_or_else(ApiError::resource_not_found)?;
            if op.if_none_match.as_deref().map(str::trim) == Some(doc.etag.as_str()) {
                return Ok(success(304, charge::point_read(doc.size), &doc.etag, None));
            }
            Ok(success(
                200,
                charge::point_read(doc.size),
                &doc.etag,
                Some(&doc.body),
            ))
        }
        OperationKind::Delete => {
            let size = existing.as_ref().map_or(0, |d| d.size);
            txn.remove(epk, &op.id, if_match)?;
            Ok(OperationResult::new(204, charge::delete(size)))
        }
        OperationKind::Patch => {
            let doc = existing.ok_or_else(ApiError::resource_not_found)?;
            check(&doc.etag)?;
            let request = op
                .patch
                .as_ref()
                .ok_or_else(|| ApiError::bad_request("A Patch operation needs its operations."))?;
            let body = patched_body(coll, &doc, request)?;
            let doc = txn.put(op.id.clone(), epk.to_owned(), body)?;
            Ok(success(
                200,
                charge::replace(doc.size),
                &doc.etag,
                Some(&doc.body),
            ))
        }
    }
}

fn success(status: u16, ru: f64, etag: &str, body: Option<&Value>) -> OperationResult {
    let mut result = OperationResult::new(status, ru);
    result.etag = Some(etag.to_owned());
    result.body = body.cloned();
    result
}

fn failure(error: &ApiError) -> OperationResult {
    let mut result = OperationResult::new(error.status.as_u16(), 0.0);
    result.substatus = error.substatus;
    result
}
