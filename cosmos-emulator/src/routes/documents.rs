//! Documents: create/upsert (POST), read (GET), replace (PUT), delete (DELETE) and the read
//! feed (GET on the collection's `docs`).

use crate::charge;
use crate::continuation;
use crate::errors::ApiError;
use crate::reply::Reply;
use crate::request::RequestContext;
use crate::store::collection::{ReadOutcome, WriteOutcome};
use crate::store::document::strip_system_properties;
use crate::store::{Collection, EpkFilter, FeedScope, WriteKind};
use crate::validate;
use axum::response::{IntoResponse, Response};
use cosmos_protocol::epk::{effective_partition_key, EpkTarget};
use cosmos_protocol::{headers, rid, EpkRange, PartitionKey};
use http::StatusCode;
use serde::Serialize;
use serde_json::{Map, Value};

/// The largest document the service stores.
pub const MAX_DOCUMENT_BYTES: usize = 2 * 1024 * 1024;

/// Substatus of a partition key header that contradicts the body.
const PK_MISMATCH: u32 = 1001;

pub fn create(ctx: &RequestContext, coll: &Collection) -> Result<Response, ApiError> {
    if super::batches::is_batch(ctx)? {
        return super::batches::run(ctx, coll);
    }
    if super::queries::is_plan_request(ctx)? {
        return super::queries::plan(ctx);
    }
    if super::queries::is_query(ctx)? {
        return super::queries::run(ctx, coll);
    }
    let upsert = ctx.flag(headers::IS_UPSERT)?;
    let (id, epk, body) = document_body(ctx, coll)?;
    let kind = if upsert {
        WriteKind::Upsert
    } else {
        WriteKind::Create
    };
    let outcome = coll.write(kind, id, epk, body, ctx.if_match()?)?;
    let (status, ru) = if outcome.created {
        (StatusCode::CREATED, charge::create(outcome.doc.size))
    } else {
        (StatusCode::OK, charge::replace(outcome.doc.size))
    };
    write_reply(ctx, coll, status, ru, &outcome)
}

pub fn replace(
    ctx: &RequestContext,
    coll: &Collection,
    doc_id: &str,
) -> Result<Response, ApiError> {
    let (id, epk, body) = document_body(ctx, coll)?;
    if id != doc_id {
        return Err(ApiError::bad_request(format!(
            "The id '{id}' in the body does not match the id '{doc_id}' in the request path."
        )));
    }
    let outcome = coll.write(WriteKind::Replace, id, epk, body, ctx.if_match()?)?;
    let ru = charge::replace(outcome.doc.size);
    write_reply(ctx, coll, StatusCode::OK, ru, &outcome)
}

pub fn read(ctx: &RequestContext, coll: &Collection, doc_id: &str) -> Result<Response, ApiError> {
    let outcome = locate(ctx, coll, doc_id)?;
    crate::session::check(ctx, coll, &[(outcome.range_id.clone(), outcome.lsn)])?;
    let Some(doc) = outcome.doc else {
        return Err(ApiError::resource_not_found());
    };
    let unchanged = ctx
        .if_none_match()?
        .is_some_and(|tag| tag.trim() == doc.etag);
    let reply = if unchanged {
        Reply::empty(StatusCode::NOT_MODIFIED)
    } else {
        Reply::json(StatusCode::OK, &doc.body)
    };
    Ok(reply
        .etag(&doc.etag)
        .session(&outcome.range_id, outcome.lsn)
        .owner(&coll.alt_link(), &coll.rid)
        .charge(charge::point_read(doc.size))
        .into_response())
}

pub fn delete(ctx: &RequestContext, coll: &Collection, doc_id: &str) -> Result<Response, ApiError> {
    let epk = point_key(ctx, coll)?.ok_or_else(missing_key)?;
    let size = coll.read(&epk, doc_id).doc.map_or(0, |d| d.size);
    let (range_id, lsn) = coll.delete(&epk, doc_id, ctx.if_match()?)?;
    Ok(Reply::empty(StatusCode::NO_CONTENT)
        .session(&range_id, lsn)
        .owner(&coll.alt_link(), &coll.rid)
        .charge(charge::delete(size))
        .into_response())
}

/// Deletes every item of the logical partition named by the key header, in one commit.
pub fn delete_partition(ctx: &RequestContext, coll: &Collection) -> Result<Response, ApiError> {
    let epk = point_key(ctx, coll)?.ok_or_else(missing_key)?;
    let mut txn = coll.begin(&epk);
    let ids = txn.ids_in(&epk);
    for id in &ids {
        txn.remove(&epk, id, None)?;
    }
    let (range_id, lsn) = txn.commit();
    Ok(Reply::empty(StatusCode::OK)
        .session(&range_id, lsn)
        .owner(&coll.alt_link(), &coll.rid)
        .charge(charge::delete(0) * ids.len().max(1) as f64)
        .into_response())
}

/// A page of the read feed: one logical partition with a key, one range with a range id or
/// EPK bounds, or the whole container.
pub fn feed(ctx: &RequestContext, coll: &Collection) -> Result<Response, ApiError> {
    if let Some(mode) = ctx.header(headers::A_IM)? {
        return super::changefeed::read(ctx, coll, mode);
    }
    let scope = feed_scope(ctx, coll)?;
    let cursor = ctx
        .continuation()?
        .map(|text| continuation::decode(coll, text))
        .transpose()?;
    let page = coll.feed(&scope, cursor, ctx.max_item_count()?);
    crate::session::check(ctx, coll, &page.touched)?;
    let bytes: usize = page.docs.iter().map(|d| d.size).sum();
    let body = FeedBody {
        rid: &coll.rid,
        documents: page.docs.iter().map(|d| &d.body).collect(),
        count: page.docs.len(),
    };
    let mut reply = Reply::json(StatusCode::OK, &body)
        .header(headers::ITEM_COUNT, page.docs.len().to_string())
        .sessions(&page.touched)
        .owner(&coll.alt_link(), &coll.rid)
        .charge(charge::feed(page.docs.len(), bytes));
    if let Some(next) = page.next {
        reply = reply.header(headers::CONTINUATION, continuation::encode(&next));
    }
    Ok(reply.into_response())
}

#[derive(Serialize)]
struct FeedBody<'a> {
    #[serde(rename = "_rid")]
    rid: &'a str,
    #[serde(rename = "Documents")]
    documents: Vec<&'a Value>,
    #[serde(rename = "_count")]
    count: usize,
}

fn write_reply(
    ctx: &RequestContext,
    coll: &Collection,
    status: StatusCode,
    ru: f64,
    outcome: &WriteOutcome,
) -> Result<Response, ApiError> {
    let reply = if ctx.wants_minimal()? {
        Reply::empty(status)
    } else {
        Reply::json(status, &outcome.doc.body)
    };
    Ok(reply
        .etag(&outcome.doc.etag)
        .session(&outcome.range_id, outcome.lsn)
        .owner(&coll.alt_link(), &coll.rid)
        .charge(ru)
        .into_response())
}

/// Parses and checks a document body; returns its id, EPK and the body without system
/// properties. The partition key header, when sent, must name the body's key.
fn document_body(
    ctx: &RequestContext,
    coll: &Collection,
) -> Result<(String, String, Map<String, Value>), ApiError> {
    check_size(ctx.body.len())?;
    let (id, epk, body) = prepare(coll, Value::Object(ctx.json_object()?))?;
    if let Some(header_epk) = point_key(ctx, coll)? {
        if header_epk != epk {
            return Err(pk_mismatch());
        }
    }
    Ok((id, epk, body))
}

/// 413 for a document over the service's size limit.
pub(super) fn check_size(bytes: usize) -> Result<(), ApiError> {
    if bytes > MAX_DOCUMENT_BYTES {
        return Err(ApiError::too_large(format!(
            "Request size is too large: the document is {bytes} bytes, at most \
             {MAX_DOCUMENT_BYTES} are allowed."
        )));
    }
    Ok(())
}

/// The 400/1001 of a partition key that contradicts the document.
pub(super) fn pk_mismatch() -> ApiError {
    ApiError::bad_request(
        "PartitionKey extracted from the document doesn't match the one specified in the header.",
    )
    .with_substatus(PK_MISMATCH)
}

/// Checks a document (an object with a valid string id) and returns its id, its EPK under
/// the container's definition and its body without system properties.
pub(super) fn prepare(
    coll: &Collection,
    doc: Value,
) -> Result<(String, String, Map<String, Value>), ApiError> {
    let Value::Object(mut body) = doc else {
        return Err(ApiError::bad_request(
            "The input content is invalid: the body must be a JSON object.",
        ));
    };
    let id = match body.get("id") {
        Some(Value::String(id)) => id.clone(),
        Some(_) => {
            return Err(ApiError::bad_request(
                "The input content is invalid because the property 'id' must be a string.",
            ))
        }
        None => {
            return Err(ApiError::bad_request(
                "The input content is invalid because the required properties - 'id; ' - are \
                 missing",
            ))
        }
    };
    validate::document_id(&id)?;
    strip_system_properties(&mut body);
    let doc = Value::Object(body);
    let epk = hash_point(coll, &PartitionKey::from_document(&doc, &coll.definition))?;
    let body = match doc {
        Value::Object(body) => body,
        _ => Map::new(),
    };
    Ok((id, epk, body))
}

/// The EPK of a full partition key; a prefix of a hierarchical key is refused.
pub(super) fn hash_point(coll: &Collection, key: &PartitionKey) -> Result<String, ApiError> {
    match effective_partition_key(&coll.definition, key) {
        Ok(EpkTarget::Point(epk)) => Ok(epk.0),
        Ok(EpkTarget::Range(_)) => Err(ApiError::bad_request(
            "The partition key must have a value for every path of the container's partition key \
             definition for this operation.",
        )),
        Err(e) => Err(ApiError::bad_request(format!(
            "The partition key {key} is invalid for this container: {e}."
        ))),
    }
}

/// The EPK named by the partition key header, if sent.
pub(super) fn point_key(
    ctx: &RequestContext,
    coll: &Collection,
) -> Result<Option<String>, ApiError> {
    ctx.partition_key()?
        .map(|key| hash_point(coll, &key))
        .transpose()
}

pub(super) fn missing_key() -> ApiError {
    ApiError::bad_request(
        "PartitionKey value must be supplied for this operation: send the \
         x-ms-documentdb-partitionkey header.",
    )
}

/// Finds a document by id within the logical partition of the key header or, without a key,
/// by RID (RID-based links address documents without a key).
fn locate(ctx: &RequestContext, coll: &Collection, doc: &str) -> Result<ReadOutcome, ApiError> {
    match point_key(ctx, coll)? {
        Some(epk) => {
            let found = coll.read(&epk, doc);
            if found.doc.is_none() {
                if let Some(by_rid) = coll
                    .read_by_rid(doc)
                    .filter(|o| o.doc.as_ref().is_some_and(|d| d.epk == epk))
                {
                    return Ok(by_rid);
                }
            }
            Ok(found)
        }
        None if rid::decode(doc).is_some_and(|b| b.len() == 16) => coll
            .read_by_rid(doc)
            .ok_or_else(ApiError::resource_not_found),
        None => Err(missing_key()),
    }
}

/// Which partitions and EPKs a feed read covers.
pub(super) fn feed_scope(ctx: &RequestContext, coll: &Collection) -> Result<FeedScope, ApiError> {
    if let Some(key) = ctx.partition_key()? {
        let target = effective_partition_key(&coll.definition, &key).map_err(|e| {
            ApiError::bad_request(format!("The partition key {key} is invalid: {e}."))
        })?;
        return Ok(match target {
            EpkTarget::Point(epk) => FeedScope {
                partitions: vec![coll.partition_of(&epk.0)],
                filter: EpkFilter::Point(epk.0),
            },
            EpkTarget::Range(range) => FeedScope {
                partitions: coll.partitions_overlapping(&range),
                filter: EpkFilter::Range(range),
            },
        });
    }
    let partitions = match ctx.header(headers::PARTITION_KEY_RANGE_ID)? {
        Some(id) => {
            // A comma list is how the SDKs name a range and its parents after a split.
            let id = id.split(',').next().unwrap_or("").trim();
            vec![coll
                .partition_by_range_id(id)
                .ok_or_else(|| ApiError::range_gone(id))?]
        }
        None => coll.all_partitions(),
    };
    let start = ctx.header(headers::START_EPK)?;
    let end = ctx.header(headers::END_EPK)?;
    let filter = match (start, end) {
        (None, None) => EpkFilter::All,
        (start, end) => EpkFilter::Range(EpkRange::new(
            start.unwrap_or(cosmos_protocol::epk::MIN_EPK),
            end.unwrap_or(cosmos_protocol::epk::MAX_EPK),
        )),
    };
    let partitions = match &filter {
        EpkFilter::Range(range) => partitions
            .into_iter()
            .filter(|&p| coll.range_of_slot(p).is_some_and(|r| r.overlaps(range)))
            .collect(),
        _ => partitions,
    };
    Ok(FeedScope { partitions, filter })
}
