//! Feed reads over a collection's partitions: which partitions and EPKs a read covers, where
//! a page resumes, and what a page holds.

use super::document::StoredDoc;
use cosmos_protocol::EpkRange;
use std::sync::Arc;

/// Which documents of the covered partitions a feed returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EpkFilter {
    All,
    /// One logical partition (a full partition key).
    Point(String),
    /// A sub-range: a hierarchical key prefix or an explicit `x-ms-start-epk`/`-end-epk`.
    Range(EpkRange),
}

impl EpkFilter {
    pub fn matches(&self, epk: &str) -> bool {
        match self {
            EpkFilter::All => true,
            EpkFilter::Point(p) => p == epk,
            EpkFilter::Range(r) => r.contains(epk),
        }
    }
}

/// The partitions (by index, in ring order) and the filter a feed read covers.
#[derive(Debug, Clone)]
pub struct FeedScope {
    pub partitions: Vec<usize>,
    pub filter: EpkFilter,
}

/// Where the next page starts: after `after_seq` in the partition in slot `partition`, whose
/// range was `range` when the page was read (after a split, the position holds in both
/// children).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub partition: usize,
    pub after_seq: u64,
    pub range: EpkRange,
}

/// One page of a feed.
#[derive(Debug, Default)]
pub struct FeedPage {
    pub docs: Vec<Arc<StoredDoc>>,
    /// Set when more documents remain.
    pub next: Option<Cursor>,
    /// (range id, LSN) of every partition the page read, for the session token.
    pub touched: Vec<(String, u64)>,
}
