//! Containers ("collections" on the wire): create, read, list, replace, delete.
//!
//! The partition key definition is echoed exactly as given: `kind` defaults to `Hash`, and a
//! missing `version` stays missing (it means V1, which the JS SDK relies on).

use super::databases::{offer_throughput, required_id};
use super::{collection, database};
use crate::app::AppState;
use crate::charge;
use crate::errors::ApiError;
use crate::reply::Reply;
use crate::request::RequestContext;
use crate::store::collection::etag_matches;
use crate::store::offers::{Throughput, DEFAULT_THROUGHPUT};
use crate::store::Collection;
use crate::validate;
use axum::response::{IntoResponse, Response};
use cosmos_protocol::{headers, PartitionKeyDefinition, PartitionKeyKind};
use http::StatusCode;
use serde_json::{json, Map, Value};

/// System properties a client may echo back on replace; they are recomputed.
const SYSTEM_PROPERTIES: [&str; 9] = [
    "_rid",
    "_ts",
    "_self",
    "_etag",
    "_docs",
    "_sprocs",
    "_triggers",
    "_udfs",
    "_conflicts",
];

pub fn create(state: &AppState, ctx: &RequestContext, db: &str) -> Result<Response, ApiError> {
    let db = database(state, db)?;
    let (definition, body) = normalize(ctx.json_object()?, None)?;
    let throughput = offer_throughput(ctx)?;
    let coll = db.create_collection(definition, body, state.store.partitions)?;
    // A container gets its own offer when it asks for one, or the default when its database
    // shares none.
    let offers = &state.store.offers;
    match throughput {
        Some(t) => {
            offers.create(coll.self_link(), coll.rid.clone(), t);
        }
        None if !offers.has(&db.rid) => {
            offers.create(
                coll.self_link(),
                coll.rid.clone(),
                Throughput::Manual(DEFAULT_THROUGHPUT),
            );
        }
        None => {}
    }
    Ok(reply(StatusCode::CREATED, &coll, charge::metadata_write()).into_response())
}

pub fn read(state: &AppState, db: &str, coll: &str) -> Result<Response, ApiError> {
    let coll = collection(state, db, coll).map_err(|_| ApiError::resource_not_found())?;
    let (count, bytes) = coll.usage();
    let kb = bytes.div_ceil(1024);
    Ok(reply(StatusCode::OK, &coll, charge::metadata_read())
        .header(
            headers::RESOURCE_QUOTA,
            "functions=25;storedProcedures=100;triggers=25;documentSize=10240;\
             documentsSize=10485760;documentsCount=-1;collectionSize=10485760;",
        )
        .header(
            headers::RESOURCE_USAGE,
            format!(
                "functions=0;storedProcedures=0;triggers=0;documentSize={kb};\
                 documentsSize={kb};documentsCount={count};collectionSize={kb};"
            ),
        )
        .into_response())
}

pub fn list(state: &AppState, db: &str) -> Result<Response, ApiError> {
    let db = database(state, db)?;
    let colls: Vec<Value> = db.collections().iter().map(|c| c.to_json()).collect();
    let count = colls.len();
    let body = json!({ "_rid": db.rid, "DocumentCollections": colls, "_count": count });
    Ok(Reply::json(StatusCode::OK, &body)
        .header(headers::ITEM_COUNT, count.to_string())
        .owner(&format!("dbs/{}", db.id), &db.rid)
        .charge(charge::metadata_read())
        .into_response())
}

pub fn replace(
    state: &AppState,
    ctx: &RequestContext,
    db: &str,
    coll: &str,
) -> Result<Response, ApiError> {
    let coll = collection(state, db, coll).map_err(|_| ApiError::resource_not_found())?;
    let (_, body) = normalize(ctx.json_object()?, Some(&coll))?;
    if !etag_matches(ctx.if_match()?, &coll.props().etag) {
        return Err(ApiError::precondition_failed());
    }
    coll.replace_props(body);
    Ok(reply(StatusCode::OK, &coll, charge::metadata_write()).into_response())
}

pub fn delete(state: &AppState, db: &str, coll: &str) -> Result<Response, ApiError> {
    let db = database(state, db).map_err(|_| ApiError::resource_not_found())?;
    let removed = db
        .delete_collection(coll)
        .ok_or_else(ApiError::resource_not_found)?;
    state
        .store
        .offers
        .remove_under(std::slice::from_ref(&removed.rid));
    Ok(Reply::empty(StatusCode::NO_CONTENT)
        .owner(&format!("dbs/{}", db.id), &db.rid)
        .header(headers::CONTENT_PATH, &removed.db_rid)
        .charge(charge::metadata_write())
        .into_response())
}

fn reply(status: StatusCode, coll: &Collection, ru: f64) -> Reply {
    Reply::json(status, &coll.to_json())
        .etag(&coll.props().etag)
        .owner(&format!("dbs/{}", coll.db_id), &coll.db_rid)
        .charge(ru)
}

/// Checks a container body and fills the service's defaults. On replace (`existing`), the
/// id and partition key must not change.
fn normalize(
    mut body: Map<String, Value>,
    existing: Option<&Collection>,
) -> Result<(PartitionKeyDefinition, Map<String, Value>), ApiError> {
    let id = required_id(&body)?;
    validate::name(&id)?;
    for key in SYSTEM_PROPERTIES {
        body.remove(key);
    }
    let definition = match (body.get("partitionKey"), existing) {
        (Some(given), existing) => {
            let definition = parse_definition(given)?;
            if let Some(existing) = existing {
                if definition != existing.definition {
                    return Err(ApiError::bad_request(
                        "The partition key of a container cannot be changed.",
                    ));
                }
            }
            definition
        }
        (None, Some(existing)) => existing.definition.clone(),
        // Containers created without a key get the system key, hashed like V1.
        (None, None) => PartitionKeyDefinition {
            paths: vec!["/_partitionKey".into()],
            kind: PartitionKeyKind::Hash,
            version: None,
            system_key: Some(true),
        },
    };
    if let Some(existing) = existing {
        if id != existing.id {
            return Err(ApiError::bad_request(
                "The id in the request body does not match the container being replaced.",
            ));
        }
    }
    let canonical = serde_json::to_value(&definition)
        .map_err(|e| ApiError::bad_request(format!("Invalid partition key definition: {e}")))?;
    body.insert("partitionKey".into(), canonical);

    match body.get("indexingPolicy") {
        None | Some(Value::Null) => {
            body.insert("indexingPolicy".into(), default_indexing_policy());
        }
        Some(Value::Object(_)) => {}
        Some(_) => {
            return Err(ApiError::bad_request(
                "The indexingPolicy must be an object.",
            ))
        }
    }
    match body.get("defaultTtl") {
        None => {}
        Some(Value::Null) => {
            body.remove("defaultTtl");
        }
        Some(ttl) if ttl.as_i64().is_some_and(|t| t == -1 || t > 0) => {}
        Some(ttl) => {
            return Err(ApiError::bad_request(format!(
                "The value of defaultTtl '{ttl}' is invalid: it must be -1 or a positive integer."
            )))
        }
    }
    match body.get("uniqueKeyPolicy") {
        None | Some(Value::Null) => {}
        Some(Value::Object(policy))
            if policy.get("uniqueKeys").is_none_or(|keys| keys.is_array()) => {}
        Some(_) => {
            return Err(ApiError::bad_request(
                "The uniqueKeyPolicy must be an object with a 'uniqueKeys' array.",
            ))
        }
    }
    body.entry("conflictResolutionPolicy").or_insert_with(|| {
        json!({"mode": "LastWriterWins", "conflictResolutionPath": "/_ts", "conflictResolutionProcedure": ""})
    });
    body.entry("geospatialConfig")
        .or_insert_with(|| json!({"type": "Geography"}));
    Ok((definition, body))
}

fn parse_definition(given: &Value) -> Result<PartitionKeyDefinition, ApiError> {
    let definition: PartitionKeyDefinition = serde_json::from_value(given.clone())
        .map_err(|e| ApiError::bad_request(format!("Invalid partition key definition: {e}")))?;
    definition
        .validate()
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    Ok(definition)
}

/// The policy the service applies when none is given: consistent, everything indexed but
/// the etag.
fn default_indexing_policy() -> Value {
    json!({
        "indexingMode": "consistent",
        "automatic": true,
        "includedPaths": [{ "path": "/*" }],
        "excludedPaths": [{ "path": "/\"_etag\"/?" }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    #[test]
    fn version_is_echoed_as_given() {
        let (def, body) = normalize(
            obj(json!({"id": "c", "partitionKey": {"paths": ["/pk"]}})),
            None,
        )
        .unwrap();
        assert_eq!(def.effective_version(), 1);
        assert_eq!(
            body["partitionKey"],
            json!({"paths": ["/pk"], "kind": "Hash"})
        );
        let (_, body) = normalize(
            obj(json!({"id": "c", "partitionKey": {"paths": ["/a", "/b"], "kind": "MultiHash", "version": 2}})),
            None,
        )
        .unwrap();
        assert_eq!(body["partitionKey"]["version"], 2);
        assert!(body["indexingPolicy"].is_object());
    }

    #[test]
    fn bad_bodies_are_refused() {
        for bad in [
            json!({"partitionKey": {"paths": ["/pk"]}}),
            json!({"id": "c", "partitionKey": {"paths": ["pk"]}}),
            json!({"id": "c", "partitionKey": {"paths": ["/a", "/b", "/c", "/d"], "kind": "MultiHash", "version": 2}}),
            json!({"id": "c", "partitionKey": "pk"}),
            json!({"id": "c", "defaultTtl": 0}),
            json!({"id": "c", "indexingPolicy": 3}),
            json!({"id": "a/b"}),
        ] {
            assert!(normalize(obj(bad.clone()), None).is_err(), "{bad}");
        }
    }
}
