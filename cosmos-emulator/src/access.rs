//! What a resource token may do: its permission's mode on its resource and everything below
//! it, optionally within one partition key. Master-key requests are not checked here.

use crate::app::AppState;
use crate::errors::ApiError;
use crate::request::RequestContext;
use crate::routes::queries;
use crate::store::users::{Grant, PermissionMode};
use crate::tokens::Claims;
use cosmos_protocol::headers;
use http::{Method, StatusCode};
use percent_encoding::percent_decode_str;
use serde_json::Value;

/// 403 unless the permission behind `claims` (which must still exist) allows the request.
pub fn check(
    state: &AppState,
    claims: &Claims,
    ctx: &RequestContext,
    path: &str,
) -> Result<(), ApiError> {
    let grant = state
        .store
        .database(&claims.db_rid)
        .and_then(|db| db.users.grant(&claims.permission_rid))
        .ok_or_else(|| {
            ApiError::unauthorized("The permission behind this resource token no longer exists.")
        })?;
    let path = percent_decode_str(path).decode_utf8_lossy();
    let path = path.trim_matches('/');
    if allows(&grant, ctx, path)? {
        Ok(())
    } else {
        Err(forbidden(&grant, path))
    }
}

fn allows(grant: &Grant, ctx: &RequestContext, path: &str) -> Result<bool, ApiError> {
    let read_only = ctx.method == Method::GET
        || (ctx.method == Method::POST
            && (queries::is_query(ctx)? || queries::is_plan_request(ctx)?));
    // Every client reads the account first, and needs the metadata of the container a
    // narrower grant lives in (its properties and partition key ranges).
    if ctx.method == Method::GET && (path.is_empty() || is_container_metadata(path, grant)) {
        return Ok(true);
    }
    let resource = grant.resource.trim_matches('/');
    let within = path == resource || path.starts_with(&format!("{resource}/"));
    if !within || (grant.mode == PermissionMode::Read && !read_only) {
        return Ok(false);
    }
    match &grant.partition_key {
        None => Ok(true),
        Some(granted) => {
            let sent = ctx
                .header(headers::PARTITION_KEY)?
                .and_then(|text| serde_json::from_str::<Value>(text).ok());
            Ok(sent.is_some_and(|sent| same_key(&sent, granted)))
        }
    }
}

/// `dbs/d/colls/c` or `dbs/d/colls/c/pkranges` when the grant lies inside that container.
fn is_container_metadata(path: &str, grant: &Grant) -> bool {
    let segments: Vec<&str> = path.split('/').collect();
    let container = match segments.as_slice() {
        ["dbs", _, "colls", _] => path,
        ["dbs", _, "colls", _, "pkranges"] => &path[..path.len() - "/pkranges".len()],
        _ => return false,
    };
    let resource = grant.resource.trim_matches('/');
    resource == container || resource.starts_with(&format!("{container}/"))
}

/// `["a"]` and `"a"` name the same key.
fn same_key(sent: &Value, granted: &Value) -> bool {
    let as_array = |v: &Value| match v {
        Value::Array(a) => a.clone(),
        other => vec![other.clone()],
    };
    as_array(sent) == as_array(granted)
}

fn forbidden(grant: &Grant, path: &str) -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "Forbidden",
        format!(
            "The resource token's permission ({:?} on '{}') does not allow this request on '{path}'.",
            grant.mode, grant.resource
        ),
    )
}
