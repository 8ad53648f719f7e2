//! Users and permissions. Reading or writing a permission mints a fresh resource token
//! (`_token`) valid for `x-ms-documentdb-expiry-seconds` (default an hour).

use super::database;
use super::databases::required_id;
use crate::app::AppState;
use crate::charge;
use crate::errors::ApiError;
use crate::reply::Reply;
use crate::request::RequestContext;
use crate::store::users::{Grant, Permission, PermissionMode, User};
use crate::store::Database;
use crate::tokens::{Claims, DEFAULT_LIFETIME_SECS, MAX_LIFETIME_SECS};
use crate::validate;
use axum::response::{IntoResponse, Response};
use cosmos_protocol::headers;
use http::StatusCode;
use serde_json::{json, Value};

pub fn list(state: &AppState, db: &str) -> Result<Response, ApiError> {
    let db = database(state, db)?;
    let users: Vec<Value> = db.users.list().iter().map(|u| u.to_json(&db.rid)).collect();
    let count = users.len();
    Ok(Reply::json(
        StatusCode::OK,
        &json!({"_rid": db.rid, "Users": users, "_count": count}),
    )
    .header(headers::ITEM_COUNT, count.to_string())
    .charge(charge::metadata_read())
    .into_response())
}

pub fn create(state: &AppState, ctx: &RequestContext, db: &str) -> Result<Response, ApiError> {
    let db = database(state, db)?;
    let id = required_id(&ctx.json_object()?)?;
    validate::name(&id)?;
    let user = db.users.create(&db.rid, id)?;
    Ok(user_reply(
        StatusCode::CREATED,
        &db,
        &user,
        charge::metadata_write(),
    ))
}

pub fn read(state: &AppState, db: &str, user: &str) -> Result<Response, ApiError> {
    let db = database(state, db)?;
    let user = db
        .users
        .get(user)
        .ok_or_else(ApiError::resource_not_found)?;
    Ok(user_reply(
        StatusCode::OK,
        &db,
        &user,
        charge::metadata_read(),
    ))
}

pub fn replace(
    state: &AppState,
    ctx: &RequestContext,
    db: &str,
    user: &str,
) -> Result<Response, ApiError> {
    let db = database(state, db)?;
    let id = required_id(&ctx.json_object()?)?;
    validate::name(&id)?;
    let user = db.users.replace(user, id)?;
    Ok(user_reply(
        StatusCode::OK,
        &db,
        &user,
        charge::metadata_write(),
    ))
}

pub fn delete(state: &AppState, db: &str, user: &str) -> Result<Response, ApiError> {
    database(state, db)?.users.delete(user)?;
    Ok(Reply::empty(StatusCode::NO_CONTENT)
        .charge(charge::metadata_write())
        .into_response())
}

pub fn list_permissions(
    state: &AppState,
    ctx: &RequestContext,
    db: &str,
    user: &str,
) -> Result<Response, ApiError> {
    let db = database(state, db)?;
    let user = db
        .users
        .get(user)
        .ok_or_else(ApiError::resource_not_found)?;
    let lifetime = lifetime(ctx)?;
    let permissions: Vec<Value> = user
        .permissions
        .iter()
        .map(|p| permission_json(state, &db, &user, p, lifetime))
        .collect();
    let count = permissions.len();
    Ok(Reply::json(
        StatusCode::OK,
        &json!({"_rid": user.rid, "Permissions": permissions, "_count": count}),
    )
    .header(headers::ITEM_COUNT, count.to_string())
    .charge(charge::metadata_read())
    .into_response())
}

pub fn read_permission(
    state: &AppState,
    ctx: &RequestContext,
    db: &str,
    user: &str,
    permission: &str,
) -> Result<Response, ApiError> {
    let db = database(state, db)?;
    let user = db
        .users
        .get(user)
        .ok_or_else(ApiError::resource_not_found)?;
    let found = user
        .permission(permission)
        .ok_or_else(ApiError::resource_not_found)?;
    let body = permission_json(state, &db, &user, found, lifetime(ctx)?);
    Ok(Reply::json(StatusCode::OK, &body)
        .etag(&found.etag)
        .charge(charge::metadata_read())
        .into_response())
}

/// Creates a permission (`existing` = None) or replaces one.
pub fn put_permission(
    state: &AppState,
    ctx: &RequestContext,
    db: &str,
    user: &str,
    existing: Option<&str>,
) -> Result<Response, ApiError> {
    let db = database(state, db)?;
    let body = ctx.json_object()?;
    let id = required_id(&body)?;
    validate::name(&id)?;
    let mode = body
        .get("permissionMode")
        .and_then(Value::as_str)
        .and_then(PermissionMode::parse)
        .ok_or_else(|| ApiError::bad_request("'permissionMode' must be \"Read\" or \"All\"."))?;
    let resource = body
        .get("resource")
        .and_then(Value::as_str)
        .filter(|r| !r.trim_matches('/').is_empty())
        .ok_or_else(|| ApiError::bad_request("'resource' must be the link of a resource."))?;
    let partition_key = match body.get("resourcePartitionKey") {
        None | Some(Value::Null) => None,
        Some(pk @ (Value::Array(_) | Value::String(_) | Value::Number(_) | Value::Bool(_))) => {
            Some(pk.clone())
        }
        Some(_) => {
            return Err(ApiError::bad_request(
                "'resourcePartitionKey' must be a partition key value or array.",
            ))
        }
    };
    let grant = Grant {
        mode,
        resource: resource.trim_matches('/').to_owned(),
        partition_key,
    };
    let lifetime = lifetime(ctx)?;
    let (user, permission) = db
        .users
        .put_permission(&db.rid, user, id, grant, existing)?;
    let status = if existing.is_some() {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok(Reply::json(
        status,
        &permission_json(state, &db, &user, &permission, lifetime),
    )
    .etag(&permission.etag)
    .charge(charge::metadata_write())
    .into_response())
}

pub fn delete_permission(
    state: &AppState,
    db: &str,
    user: &str,
    permission: &str,
) -> Result<Response, ApiError> {
    database(state, db)?
        .users
        .delete_permission(user, permission)?;
    Ok(Reply::empty(StatusCode::NO_CONTENT)
        .charge(charge::metadata_write())
        .into_response())
}

fn user_reply(status: StatusCode, db: &Database, user: &User, ru: f64) -> Response {
    Reply::json(status, &user.to_json(&db.rid))
        .etag(&user.etag)
        .charge(ru)
        .into_response()
}

fn permission_json(
    state: &AppState,
    db: &Database,
    user: &User,
    permission: &Permission,
    lifetime: u64,
) -> Value {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let token = state.auth.mint(&Claims {
        db_rid: db.rid.clone(),
        permission_rid: permission.rid.clone(),
        expires: now + lifetime,
    });
    permission.to_json(&db.rid, &user.rid, &token)
}

/// `x-ms-documentdb-expiry-seconds`: the token lifetime, 1 to 18000 seconds.
fn lifetime(ctx: &RequestContext) -> Result<u64, ApiError> {
    match ctx.header(headers::EXPIRY_SECONDS)? {
        None => Ok(DEFAULT_LIFETIME_SECS),
        Some(text) => match text.trim().parse::<u64>() {
            Ok(secs) if (1..=MAX_LIFETIME_SECS).contains(&secs) => Ok(secs),
            _ => Err(ApiError::bad_request(format!(
                "x-ms-documentdb-expiry-seconds '{text}' must be between 1 and {MAX_LIFETIME_SECS}."
            ))),
        },
    }
}
