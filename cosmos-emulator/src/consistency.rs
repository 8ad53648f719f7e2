//! `x-ms-consistency-level`: a request may relax the account's consistency (Session) but not
//! strengthen it, as the service enforces.

use crate::errors::ApiError;
use cosmos_protocol::headers;
use http::HeaderMap;

/// The account's default consistency, advertised by `GET /`.
pub const ACCOUNT_LEVEL: &str = "Session";

/// Levels from strongest to weakest.
const LEVELS: [&str; 5] = [
    "Strong",
    "BoundedStaleness",
    "Session",
    "ConsistentPrefix",
    "Eventual",
];

/// 400 for an unknown level or one stronger than the account's.
pub fn check(request_headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(value) = request_headers.get(headers::CONSISTENCY_LEVEL) else {
        return Ok(());
    };
    let text = value.to_str().unwrap_or_default().trim();
    let rank = |level: &str| LEVELS.iter().position(|l| l.eq_ignore_ascii_case(level));
    match (rank(text), rank(ACCOUNT_LEVEL)) {
        (Some(asked), Some(account)) if asked >= account => Ok(()),
        (Some(_), _) => Err(ApiError::bad_request(format!(
            "Consistency level '{text}' specified in the request is invalid when service is \
             configured with consistency level '{ACCOUNT_LEVEL}'. Ensure the request consistency \
             level is not stronger than the service consistency level."
        ))),
        (None, _) => Err(ApiError::bad_request(format!(
            "Invalid value '{text}' for header x-ms-consistency-level."
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(level: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(headers::CONSISTENCY_LEVEL, level.parse().unwrap());
        h
    }

    #[test]
    fn only_weaker_or_equal_levels_pass() {
        assert!(check(&HeaderMap::new()).is_ok());
        for ok in ["Session", "session", "Eventual", "ConsistentPrefix"] {
            assert!(check(&with(ok)).is_ok(), "{ok}");
        }
        for bad in ["Strong", "BoundedStaleness", "Linearizable"] {
            assert!(check(&with(bad)).is_err(), "{bad}");
        }
    }
}
