//! Feed continuation tokens, shaped like the gateway's (`{"token":…,"range":{min,max}}`):
//! the range names the partition a page stopped in, the token the last document returned.
//! Clients treat the text as opaque.

use crate::errors::ApiError;
use crate::store::{Collection, Cursor};
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize)]
struct Token {
    token: String,
    range: Range,
}

#[derive(Debug, Serialize, Deserialize)]
struct Range {
    min: String,
    max: String,
}

const PREFIX: &str = "+SEQ:";

/// The token for a cursor of `coll`.
pub fn encode(coll: &Collection, cursor: Cursor) -> String {
    let range = &coll.ranges()[cursor.partition];
    let token = Token {
        token: format!("{PREFIX}{}", cursor.after_seq),
        range: Range {
            min: range.min.clone(),
            max: range.max.clone(),
        },
    };
    serde_json::to_string(&token).unwrap_or_default()
}

/// Reads a token produced by [`encode`] for the same container.
pub fn decode(coll: &Collection, text: &str) -> Result<Cursor, ApiError> {
    let invalid = || ApiError::bad_request(format!("Invalid continuation token '{text}'."));
    let token: Token = serde_json::from_str(text).map_err(|_| invalid())?;
    let after_seq = token
        .token
        .strip_prefix(PREFIX)
        .and_then(|n| n.parse().ok())
        .ok_or_else(invalid)?;
    let partition = coll
        .ranges()
        .iter()
        .position(|r| r.min == token.range.min && r.max == token.range.max)
        .ok_or_else(invalid)?;
    Ok(Cursor {
        partition,
        after_seq,
    })
}

const OFFSET_PREFIX: &str = "+OFFSET:";

/// The token of a query page: the position in the query's (deterministic) result list.
pub fn encode_offset(offset: usize) -> String {
    let token = Token {
        token: format!("{OFFSET_PREFIX}{offset}"),
        range: Range {
            min: cosmos_protocol::epk::MIN_EPK.to_owned(),
            max: cosmos_protocol::epk::MAX_EPK.to_owned(),
        },
    };
    serde_json::to_string(&token).unwrap_or_default()
}

/// Reads a token produced by [`encode_offset`].
pub fn decode_offset(text: &str) -> Result<usize, ApiError> {
    let invalid = || ApiError::bad_request(format!("Invalid continuation token '{text}'."));
    let token: Token = serde_json::from_str(text).map_err(|_| invalid())?;
    token
        .token
        .strip_prefix(OFFSET_PREFIX)
        .and_then(|n| n.parse().ok())
        .ok_or_else(invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_round_trip_and_garbage_is_refused() {
        assert_eq!(decode_offset(&encode_offset(42)).unwrap(), 42);
        assert!(decode_offset("{}").is_err());
        assert!(decode_offset("nope").is_err());
        assert!(decode_offset(r#"{"token":"+SEQ:1","range":{"min":"","max":"FF"}}"#).is_err());
    }
}
