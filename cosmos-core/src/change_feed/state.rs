//! The resumable position of a change feed; its JSON text is the continuation token.

use cosmos_protocol::EpkRange;
use serde::{Deserialize, Serialize};

use super::ChangeFeedStart;
use crate::error::{Error, Result};
use crate::routing::RangeTarget;

/// Which versions of an item the feed returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub(crate) enum FeedMode {
    /// The latest version of each changed item (`A-IM: Incremental Feed`).
    #[default]
    LatestVersion,
    /// Every create, replace and delete (`A-IM: Full-Fidelity Feed`).
    AllVersionsAndDeletes,
}

/// One range's position in the feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct RangeState {
    /// The range id; `None` when the feed is scoped by a partition key instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) id: Option<String>,
    /// The part of the range the feed reads, when not all of it (a feed range's slice).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) min: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) max: Option<String>,
    /// The etag of the last response: where to continue. `None` = not started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) etag: Option<String>,
}

impl RangeState {
    pub(crate) fn new(target: RangeTarget, etag: Option<String>) -> Self {
        let (min, max) = match target.sub_range {
            Some(r) => (Some(r.min), Some(r.max)),
            None => (None, None),
        };
        Self {
            id: Some(target.id),
            min,
            max,
            etag,
        }
    }

    /// The slice of the range the feed reads, when not all of it.
    pub(crate) fn sub_range(&self) -> Option<EpkRange> {
        match (&self.min, &self.max) {
            (Some(min), Some(max)) => Some(EpkRange::new(min.clone(), max.clone())),
            _ => None,
        }
    }
}

/// The resumable position of a whole feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct FeedState {
    pub(crate) v: u8,
    pub(crate) start: ChangeFeedStart,
    #[serde(default)]
    pub(crate) mode: FeedMode,
    /// The partition key header, for a feed of one logical partition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) pk: Option<String>,
    pub(crate) ranges: Vec<RangeState>,
}

impl FeedState {
    pub(crate) fn token(&self) -> String {
        // A state of strings and numbers always serializes.
        serde_json::to_string(self).unwrap_or_default()
    }

    pub(crate) fn parse(token: &str) -> Result<Self> {
        let state: FeedState = serde_json::from_str(token).map_err(|e| {
            Error::invalid_argument(format!("not a change feed continuation token: {e}"))
        })?;
        if state.v != 1 || state.ranges.is_empty() {
            return Err(Error::invalid_argument(
                "not a change feed continuation token of this client",
            ));
        }
        Ok(state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation_tokens_round_trip_and_reject_garbage() {
        let state = FeedState {
            v: 1,
            start: ChangeFeedStart::Now,
            mode: FeedMode::AllVersionsAndDeletes,
            pk: None,
            ranges: vec![
                RangeState {
                    id: Some("0".into()),
                    min: Some("10".into()),
                    max: Some("20".into()),
                    etag: Some("\"12\"".into()),
                },
                RangeState {
                    id: Some("1".into()),
                    min: None,
                    max: None,
                    etag: None,
                },
            ],
        };
        assert_eq!(FeedState::parse(&state.token()).unwrap(), state);
        assert_eq!(state.ranges[0].sub_range(), Some(EpkRange::new("10", "20")));
        // Tokens written before modes and sub-ranges existed still resume.
        let old = FeedState::parse(r#"{"v":1,"start":"Beginning","ranges":[{"id":"0"}]}"#);
        assert_eq!(old.unwrap().mode, FeedMode::LatestVersion);
        for bad in [
            "",
            "{}",
            "garbage",
            r#"{"v":2,"start":"Now","ranges":[{}]}"#,
            r#"{"v":1,"start":"Now","ranges":[]}"#,
        ] {
            assert!(FeedState::parse(bad).is_err(), "{bad}");
        }
    }
}
