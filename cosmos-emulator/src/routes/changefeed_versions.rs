//! The all-versions-and-deletes change feed (`A-IM: Full-Fidelity Feed`): every create,
//! replace and delete of one range, each as `{current, previous?, metadata}`. It starts from
//! now or a continuation, as the service requires.

use super::changefeed::start;
use crate::charge;
use crate::errors::ApiError;
use crate::reply::Reply;
use crate::request::RequestContext;
use crate::store::change_log::{ChangeRecord, Operation};
use crate::store::changes::ChangeStart;
use crate::store::{Collection, EpkFilter};
use axum::response::{IntoResponse, Response};
use cosmos_protocol::headers;
use cosmos_protocol::partition_key::lookup_path;
use http::StatusCode;
use serde_json::{json, Map, Value};

pub fn read(
    ctx: &RequestContext,
    coll: &Collection,
    index: usize,
    filter: &EpkFilter,
) -> Result<Response, ApiError> {
    if ctx.header(headers::CHANGEFEED_WIRE_FORMAT)?.is_none() {
        return Err(ApiError::bad_request(
            "The all versions and deletes change feed needs \
             x-ms-cosmos-changefeed-wire-format-version.",
        ));
    }
    let after = match start(ctx)? {
        ChangeStart::Now => None,
        ChangeStart::AfterLsn(lsn) => Some(lsn),
        ChangeStart::Beginning | ChangeStart::Since(_) => {
            return Err(ApiError::bad_request(
                "The all versions and deletes change feed starts from now or from a \
                 continuation.",
            ))
        }
    };
    let page = coll.versions(index, filter, after, ctx.max_item_count()?);
    let etag = format!("\"{}\"", page.lsn);
    if page.records.is_empty() {
        return Ok(Reply::empty(StatusCode::NOT_MODIFIED)
            .etag(&etag)
            .session(&page.range_id, page.lsn)
            .owner(&coll.alt_link(), &coll.rid)
            .charge(charge::metadata_read())
            .into_response());
    }
    let documents: Vec<Value> = page.records.iter().map(|r| item(coll, r)).collect();
    let count = documents.len();
    let body = json!({ "_rid": coll.rid, "Documents": documents, "_count": count });
    Ok(Reply::json(StatusCode::OK, &body)
        .etag(&etag)
        .header(headers::ITEM_COUNT, count.to_string())
        .session(&page.range_id, page.lsn)
        .owner(&coll.alt_link(), &coll.rid)
        .charge(charge::feed(count, 0))
        .into_response())
}

/// One operation in the 2021-09-15 wire format.
fn item(coll: &Collection, record: &ChangeRecord) -> Value {
    let with_lsn = |doc: &crate::store::document::StoredDoc| {
        let mut body = doc.body.clone();
        body["_lsn"] = json!(doc.lsn);
        body
    };
    let mut metadata = json!({
        "operationType": record.operation.as_str(),
        "lsn": record.lsn,
        "crts": record.ts,
        "previousImageLSN": record.previous.as_ref().map_or(0, |p| p.lsn),
        "timeToLiveExpired": false,
    });
    let mut out = Map::new();
    if let Some(current) = &record.current {
        out.insert("current".into(), with_lsn(current));
    }
    if let Some(previous) = &record.previous {
        out.insert("previous".into(), with_lsn(previous));
        if record.operation == Operation::Delete {
            // A delete has no current image: name the item and its key instead.
            metadata["id"] = json!(previous.id);
            let key: Map<String, Value> = coll
                .definition
                .paths
                .iter()
                .map(|path| {
                    let value = lookup_path(&previous.body, path).cloned();
                    (
                        path.trim_start_matches('/').to_owned(),
                        value.unwrap_or(json!({})),
                    )
                })
                .collect();
            metadata["partitionKey"] = Value::Object(key);
        }
    }
    out.insert("metadata".into(), metadata);
    Value::Object(out)
}
