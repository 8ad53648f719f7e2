//! Dispatch from (resource path, method) to the handler of each resource kind.

mod account;
mod batches;
mod changefeed;
mod changefeed_versions;
mod collections;
mod conflicts;
mod databases;
mod documents;
mod offers;
mod patches;
mod pkranges;
pub(crate) mod queries;
mod query_resume;
mod users;

use crate::app::AppState;
use crate::errors::ApiError;
use crate::path::ResourcePath;
use crate::request::RequestContext;
use crate::store::{Collection, Database};
use axum::response::Response;
use http::Method;
use std::sync::Arc;

pub fn route(
    state: &AppState,
    ctx: &RequestContext,
    path: ResourcePath,
) -> Result<Response, ApiError> {
    use ResourcePath as P;
    let m = &ctx.method;
    match path {
        P::Account if m == Method::GET => account::read(state, ctx),
        P::Databases if m == Method::GET => databases::list(state, ctx),
        P::Databases if m == Method::POST => databases::create(state, ctx),
        P::Database { db } if m == Method::GET => databases::read(state, &db),
        P::Database { db } if m == Method::DELETE => databases::delete(state, &db),
        P::Collections { db } if m == Method::GET => collections::list(state, &db),
        P::Collections { db } if m == Method::POST => collections::create(state, ctx, &db),
        P::Collection { db, coll } if m == Method::GET => collections::read(state, &db, &coll),
        P::Collection { db, coll } if m == Method::PUT => {
            collections::replace(state, ctx, &db, &coll)
        }
        P::Collection { db, coll } if m == Method::DELETE => collections::delete(state, &db, &coll),
        P::Documents { db, coll } if m == Method::GET => {
            documents::feed(ctx, &*collection(state, &db, &coll)?)
        }
        P::Documents { db, coll } if m == Method::POST => {
            documents::create(ctx, &*collection(state, &db, &coll)?)
        }
        P::Document { db, coll, doc } if m == Method::GET => {
            documents::read(ctx, &*collection(state, &db, &coll)?, &doc)
        }
        P::Document { db, coll, doc } if m == Method::PUT => {
            documents::replace(ctx, &*collection(state, &db, &coll)?, &doc)
        }
        P::Document { db, coll, doc } if m == Method::PATCH => {
            patches::patch(ctx, &*collection(state, &db, &coll)?, &doc)
        }
        P::Document { db, coll, doc } if m == Method::DELETE => {
            documents::delete(ctx, &*collection(state, &db, &coll)?, &doc)
        }
        P::Conflicts { db, coll } if m == Method::GET => {
            conflicts::conflicts(&*collection(state, &db, &coll)?)
        }
        P::PartitionKeyDelete { db, coll } if m == Method::POST => {
            documents::delete_partition(ctx, &*collection(state, &db, &coll)?)
        }
        P::PartitionKeyRanges { db, coll } if m == Method::GET => {
            pkranges::list(ctx, &*collection(state, &db, &coll)?)
        }
        P::Users { db } if m == Method::GET => users::list(state, &db),
        P::Users { db } if m == Method::POST => users::create(state, ctx, &db),
        P::User { db, user } if m == Method::GET => users::read(state, &db, &user),
        P::User { db, user } if m == Method::PUT => users::replace(state, ctx, &db, &user),
        P::User { db, user } if m == Method::DELETE => users::delete(state, &db, &user),
        P::Permissions { db, user } if m == Method::GET => {
            users::list_permissions(state, ctx, &db, &user)
        }
        P::Permissions { db, user } if m == Method::POST => {
            users::put_permission(state, ctx, &db, &user, None)
        }
        P::Permission {
            db,
            user,
            permission,
        } if m == Method::GET => users::read_permission(state, ctx, &db, &user, &permission),
        P::Permission {
            db,
            user,
            permission,
        } if m == Method::PUT => users::put_permission(state, ctx, &db, &user, Some(&permission)),
        P::Permission {
            db,
            user,
            permission,
        } if m == Method::DELETE => users::delete_permission(state, &db, &user, &permission),
        P::Offers if m == Method::GET => offers::list(state),
        P::Offers if m == Method::POST => offers::query(state, ctx),
        P::Offer { id } if m == Method::GET => offers::read(state, &id),
        P::Offer { id } if m == Method::PUT => offers::replace(state, ctx, &id),
        P::Unsupported { resource_type } => Err(ApiError::not_found(format!(
            "The resource type '{resource_type}' is not supported by this emulator."
        ))),
        _ => Err(ApiError::method_not_allowed(format!(
            "The method {m} is not allowed on this resource."
        ))),
    }
}

/// Resolves a database by name or RID, 404 if absent.
fn database(state: &AppState, db: &str) -> Result<Arc<Database>, ApiError> {
    state.store.database(db).ok_or_else(|| {
        ApiError::not_found(format!("Owner resource does not exist: database '{db}'."))
    })
}

/// Resolves a container by names or RIDs, 404 if it or its database is absent.
fn collection(state: &AppState, db: &str, coll: &str) -> Result<Arc<Collection>, ApiError> {
    database(state, db)?.collection(coll).ok_or_else(|| {
        ApiError::not_found(format!(
            "Owner resource does not exist: container '{coll}' in database '{db}'."
        ))
    })
}
