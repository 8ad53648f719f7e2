//! Read-your-writes checks: a read whose session token for a range is ahead of what that range
//! has committed gets 404/1002 ("read session not available"), as the service answers from a
//! replica that has not caught up. SDKs retry it (once, per region) and then surface it.
//!
//! Every partition here is one replica, so a token can only be ahead when it comes from
//! elsewhere: an earlier emulator process, or a container of the same name that was deleted
//! and recreated. The header does not say which container a token was issued for, so the
//! server cannot tell a stale token from a future one. Instead each store gives its containers
//! RIDs from a random base (see `Database::create_collection`): SDKs key their tokens on the
//! container RID (the Python SDK drops the tokens of a name whose RID changed, the JS SDK keys
//! on `x-ms-content-path`), so after a restart the first response naming the container makes
//! them discard what an older process issued, instead of being refused forever.

use crate::errors::ApiError;
use crate::request::RequestContext;
use crate::store::Collection;
use cosmos_protocol::headers;
use cosmos_protocol::session::CompoundSessionToken;

/// 404/1002 when the request's token for any range read (or, after a split, for one of its
/// parents, whose LSNs the children continue) is ahead of that range's LSN. Reads at a level
/// weaker than Session carry no read-your-writes promise and are not checked.
pub fn check(
    ctx: &RequestContext,
    coll: &Collection,
    touched: &[(String, u64)],
) -> Result<(), ApiError> {
    let Some(text) = ctx.header(headers::SESSION_TOKEN)? else {
        return Ok(());
    };
    let relaxed = ctx
        .header(headers::CONSISTENCY_LEVEL)?
        .is_some_and(|level| !level.trim().eq_ignore_ascii_case("Session"));
    if relaxed || text.trim().is_empty() {
        return Ok(());
    }
    let token = CompoundSessionToken::parse(text).map_err(|_| {
        ApiError::bad_request(format!("The session token provided '{text}' is invalid."))
    })?;
    for (range, lsn) in touched {
        let ahead = coll
            .lineage(range)
            .iter()
            .filter_map(|id| token.get(id))
            .any(|t| t.global_lsn > *lsn);
        if ahead {
            return Err(ApiError::read_session_unavailable());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::layout::split_ring;
    use bytes::Bytes;
    use cosmos_protocol::{rid, PartitionKeyDefinition};
    use http::{HeaderMap, Method, StatusCode};
    use serde_json::{json, Value};

    fn ctx(pairs: &[(&'static str, &str)]) -> RequestContext {
        let mut headers = HeaderMap::new();
        for (k, v) in pairs {
            headers.insert(*k, v.parse().unwrap());
        }
        RequestContext {
            method: Method::GET,
            headers,
            body: Bytes::new(),
            endpoint: String::new(),
        }
    }

    fn collection() -> Collection {
        let def = PartitionKeyDefinition::new("/pk");
        let Value::Object(body) = json!({"id": "c"}) else {
            unreachable!()
        };
        Collection::new(
            "d",
            &rid::database(1),
            rid::collection(1, 1),
            def.clone(),
            body,
            split_ring(&def, 2),
        )
    }

    #[test]
    fn tokens_ahead_of_the_range_read_are_refused() {
        let coll = collection();
        let touched = [("1".to_owned(), 5)];
        let token = |t: &'static str| ctx(&[(headers::SESSION_TOKEN, t)]);
        assert!(check(&ctx(&[]), &coll, &touched).is_ok());
        assert!(check(&token("1:-1#5"), &coll, &touched).is_ok());
        // Another range's LSN says nothing about this one.
        assert!(check(&token("0:-1#99,1:-1#4"), &coll, &touched).is_ok());
        let err = check(&token("0:-1#1,1:-1#6"), &coll, &touched).unwrap_err();
        assert_eq!(
            (err.status, err.substatus),
            (StatusCode::NOT_FOUND, Some(1002))
        );
        assert_eq!(
            check(&token("garbage"), &coll, &touched)
                .unwrap_err()
                .status,
            StatusCode::BAD_REQUEST
        );
        let eventual = ctx(&[
            (headers::SESSION_TOKEN, "1:-1#60"),
            (headers::CONSISTENCY_LEVEL, "Eventual"),
        ]);
        assert!(check(&eventual, &coll, &touched).is_ok());
    }
}
