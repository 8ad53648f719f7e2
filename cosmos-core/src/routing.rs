//! Which partition key ranges a request reaches, and how it names a slice of one.
//!
//! A request scoped to part of a range sends the range id plus
//! `x-ms-read-key-type: EffectivePartitionKeyRange` and `x-ms-start-epk`/`x-ms-end-epk`,
//! as the official SDKs do for feed ranges and hierarchical key prefixes.

use std::sync::Arc;

use crate::error::Result;
use crate::feed_range::FeedRange;
use crate::pipeline::Pipeline;
use crate::request::Request;
use crate::resources::PartitionKeyRange;
use cosmos_protocol::headers as h;
use cosmos_protocol::{EpkRange, PartitionKey, PartitionKeyKind};

/// The most levels a hierarchical partition key may have.
const MAX_HIERARCHY_DEPTH: usize = 3;

/// One range a scoped request visits: its id and, when only part of it is in scope, that part.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RangeTarget {
    pub(crate) id: String,
    pub(crate) sub_range: Option<EpkRange>,
}

impl RangeTarget {
    /// Adds the range id and, for a sub-range, the EPK headers to `request`.
    pub(crate) fn apply(&self, request: &mut Request) -> Result<()> {
        request.header(h::PARTITION_KEY_RANGE_ID, &self.id)?;
        if let Some(sub) = &self.sub_range {
            request.header(h::READ_KEY_TYPE, "EffectivePartitionKeyRange")?;
            request.header(h::START_EPK, &sub.min)?;
            request.header(h::END_EPK, &sub.max)?;
        }
        Ok(())
    }
}

/// The ranges (sorted by their lower bound) overlapping `scope`, each with the part of
/// `scope` it holds when that is not the whole range.
pub(crate) fn targets(ranges: &[PartitionKeyRange], scope: &FeedRange) -> Vec<RangeTarget> {
    let mut sorted: Vec<&PartitionKeyRange> = ranges.iter().collect();
    sorted.sort_by(|a, b| a.min_inclusive.cmp(&b.min_inclusive));
    sorted
        .into_iter()
        .filter_map(|range| {
            let whole = FeedRange::from_range(range);
            let part = whole.intersection(scope)?;
            Some(RangeTarget {
                id: range.id.clone(),
                sub_range: (part != whole).then(|| part.epk_range().clone()),
            })
        })
        .collect()
}

/// For a prefix of a hierarchical partition key, the EPK range of every partition under it
/// (the Python SDK sends such requests as EPK-range requests rather than with the partition
/// key header). `None` for a full key, or when the container's definition cannot be read.
pub(crate) async fn prefix_scope(
    pipeline: &Pipeline,
    container_link: &str,
    key: &PartitionKey,
) -> Option<FeedRange> {
    // A full key never needs the definition: three levels is the deepest hierarchy.
    let given = key.components().len();
    if given == 0 || given >= MAX_HIERARCHY_DEPTH {
        return None;
    }
    let definition = pipeline
        .routing
        .definition_if_available(pipeline, container_link)
        .await?;
    let is_prefix =
        definition.kind == PartitionKeyKind::MultiHash && given < definition.paths.len();
    if !is_prefix {
        return None;
    }
    FeedRange::for_partition_key(&definition, key.clone()).ok()
}

/// The container link (`dbs/d/colls/c`) of a path under it.
pub(crate) fn container_link(segments: &[String]) -> String {
    segments
        .iter()
        .take(4)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("/")
}

/// The container's partition key ranges, sorted by lower bound, from the routing map (read
/// once per container, then cached until a split is seen); `segments` is any path under the
/// container.
pub(crate) async fn cached_ranges(
    pipeline: &Arc<Pipeline>,
    segments: &[String],
) -> Result<Arc<Vec<PartitionKeyRange>>> {
    let link = container_link(segments);
    pipeline.routing.ranges(pipeline, &link).await
}

/// Reads the ranges again (after a 410/1002 or 1007, or when the caller wants them current).
pub(crate) async fn fresh_ranges(
    pipeline: &Arc<Pipeline>,
    segments: &[String],
) -> Result<Arc<Vec<PartitionKeyRange>>> {
    let link = container_link(segments);
    pipeline.routing.refresh_ranges(pipeline, &link).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn range(id: &str, min: &str, max: &str) -> PartitionKeyRange {
        serde_json::from_value(json!({"id": id, "minInclusive": min, "maxExclusive": max})).unwrap()
    }

    #[test]
    fn targets_cut_the_scope_at_range_bounds() {
        let ranges = [range("1", "80", "FF"), range("0", "", "80")];
        let all = targets(&ranges, &FeedRange::full());
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].id, "0");
        assert!(all.iter().all(|t| t.sub_range.is_none()));

        let middle = targets(&ranges, &FeedRange::new("40", "C0").unwrap());
        assert_eq!(
            middle,
            [
                RangeTarget {
                    id: "0".into(),
                    sub_range: Some(EpkRange::new("40", "80"))
                },
                RangeTarget {
                    id: "1".into(),
                    sub_range: Some(EpkRange::new("80", "C0"))
                },
            ]
        );
        let exact = targets(&ranges, &FeedRange::new("80", "FF").unwrap());
        assert_eq!(
            exact,
            [RangeTarget {
                id: "1".into(),
                sub_range: None
            }]
        );
    }
}
