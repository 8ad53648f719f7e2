//! Query continuations across partition splits.
//!
//! A query page token is an offset into the query's result over the partitions it targeted,
//! and records their EPK range. After a split, an SDK retargets the rest of a range's query to
//! the children, each with the parent's token. The first child then answers with the rest of
//! the parent's result (its documents and its sibling's, in the same sequence order as before
//! the split, so the offset still holds) under a token for the parent's range; the other
//! children answer nothing. The SDK merges the children's streams, so the rest of the
//! parent's rows arrive exactly once, in order.

use crate::continuation;
use crate::errors::ApiError;
use crate::request::RequestContext;
use crate::store::{Collection, FeedScope};
use cosmos_protocol::EpkRange;

/// The scope a query page runs over, and the range its continuation names.
pub fn resume(
    ctx: &RequestContext,
    coll: &Collection,
    scope: FeedScope,
) -> Result<(FeedScope, EpkRange), ApiError> {
    let covered = covered(coll, &scope);
    // A partition key lives in one partition whichever way the ranges split.
    if ctx.partition_key()?.is_some() {
        return Ok((scope, covered));
    }
    let Some(issued) = ctx.continuation()?.and_then(continuation::offset_range) else {
        return Ok((scope, covered));
    };
    let narrower = issued.min <= covered.min && covered.max <= issued.max && issued != covered;
    if !narrower {
        return Ok((scope, covered));
    }
    let partitions = if covered.min == issued.min {
        coll.range_infos()
            .into_iter()
            .filter(|r| issued.min <= r.range.min && r.range.max <= issued.max)
            .map(|r| r.slot)
            .collect()
    } else {
        Vec::new()
    };
    Ok((
        FeedScope {
            partitions,
            filter: scope.filter,
        },
        issued,
    ))
}

/// The EPK range spanned by a scope's partitions (the whole ring when it has none).
fn covered(coll: &Collection, scope: &FeedScope) -> EpkRange {
    let first = scope
        .partitions
        .first()
        .and_then(|&s| coll.range_of_slot(s));
    let last = scope.partitions.last().and_then(|&s| coll.range_of_slot(s));
    match (first, last) {
        (Some(first), Some(last)) => EpkRange::new(first.min, last.max),
        _ => EpkRange::full(),
    }
}
