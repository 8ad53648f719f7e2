//! Feed continuation tokens, shaped like the gateway's (`{"token":…,"range":{min,max}}`):
//! the range names the partition a page stopped in, the token the last document returned.
//! Clients treat the text as opaque.

use crate::errors::ApiError;
use crate::store::{Collection, Cursor};
use cosmos_protocol::EpkRange;
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
pub fn encode(cursor: &Cursor) -> String {
    let range = &cursor.range;
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
    let range = EpkRange::new(token.range.min, token.range.max);
    // The range the page stopped in, or, when it has split since, its first child.
    let partition = coll
        .range_infos()
        .into_iter()
        .find(|r| range.min <= r.range.min && r.range.max <= range.max)
        .ok_or_else(invalid)?
        .slot;
    Ok(Cursor {
        partition,
        after_seq,
        range,
    })
}

const OFFSET_PREFIX: &str = "+OFFSET:";

/// The token of a query page: the position in the query's (deterministic) result list over
/// the partitions of `range` (see `routes::query_resume`).
pub fn encode_offset_in(offset: usize, range: &EpkRange) -> String {
    let token = Token {
        token: format!("{OFFSET_PREFIX}{offset}"),
        range: Range {
            min: range.min.clone(),
            max: range.max.clone(),
        },
    };
    serde_json::to_string(&token).unwrap_or_default()
}

/// The range a query page token was issued for; `None` when it is not such a token.
pub fn offset_range(text: &str) -> Option<EpkRange> {
    let token: Token = serde_json::from_str(text).ok()?;
    token
        .token
        .starts_with(OFFSET_PREFIX)
        .then(|| EpkRange::new(token.range.min, token.range.max))
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
        assert_eq!(
            decode_offset(&encode_offset_in(42, &EpkRange::full())).unwrap(),
            42
        );
        let range = EpkRange::new("10", "20");
        let token = encode_offset_in(7, &range);
        assert_eq!(decode_offset(&token).unwrap(), 7);
        assert_eq!(offset_range(&token), Some(range));
        assert_eq!(offset_range("nope"), None);
        assert!(decode_offset("{}").is_err());
        assert!(decode_offset("nope").is_err());
        assert!(decode_offset(r#"{"token":"+SEQ:1","range":{"min":"","max":"FF"}}"#).is_err());
    }
}
