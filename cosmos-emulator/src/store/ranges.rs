//! The partition key ranges of a container: which physical partition (storage slot) owns
//! which EPK interval, in ring order, and how a range splits.
//!
//! A split replaces one range by two children with new ids whose `parents` list the range
//! and its own parents, as the service reports them. Partitions live in a fixed set of slots
//! allocated with the container, so a partition's lock never moves while a split rearranges
//! the layout; the left child stays in the parent's slot, the right one takes a free slot.

use super::clock::{new_etag, now_ts};
use cosmos_protocol::epk::MAX_EPK;
use cosmos_protocol::EpkRange;

/// Storage slots per container: the most ranges it can ever have (initial ones plus splits).
pub const SLOTS: usize = 128;

/// One live partition key range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangeInfo {
    pub id: String,
    pub range: EpkRange,
    /// The slot holding its partition.
    pub slot: usize,
    /// Ancestors' ids, oldest first (empty until the range comes from a split).
    pub parents: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Layout {
    /// Live ranges in ring order.
    pub ranges: Vec<RangeInfo>,
    /// The `etag` of the partition key range feed; it changes with every split.
    pub etag: String,
    next_id: u64,
}

/// Why a range could not be split.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SplitError {
    #[error("there is no partition key range '{0}'")]
    UnknownRange(String),
    #[error("the container has reached its {SLOTS} partition key ranges")]
    NoSlot,
    #[error("the range {0:?} is too narrow to split")]
    TooNarrow(EpkRange),
}

impl Layout {
    /// Ranges `"0"`, `"1"`, … in slots 0, 1, … .
    pub fn new(ranges: Vec<EpkRange>) -> Self {
        let count = ranges.len() as u64;
        Self {
            ranges: ranges
                .into_iter()
                .enumerate()
                .map(|(i, range)| RangeInfo {
                    id: i.to_string(),
                    range,
                    slot: i,
                    parents: Vec::new(),
                })
                .collect(),
            etag: new_etag(now_ts()),
            next_id: count,
        }
    }

    pub fn by_id(&self, id: &str) -> Option<&RangeInfo> {
        self.ranges.iter().find(|r| r.id == id)
    }

    pub fn by_slot(&self, slot: usize) -> Option<&RangeInfo> {
        self.ranges.iter().find(|r| r.slot == slot)
    }

    /// The slot owning an EPK. Every EPK below `FF` has exactly one owner; anything else
    /// (never produced by hashing) falls to the last range.
    pub fn slot_of(&self, epk: &str) -> usize {
        self.ranges
            .iter()
            .find(|r| r.range.contains(epk))
            .or(self.ranges.last())
            .map_or(0, |r| r.slot)
    }

    /// A slot no range uses.
    pub fn free_slot(&self) -> Option<usize> {
        (0..SLOTS).find(|&s| self.by_slot(s).is_none())
    }

    /// Replaces range `id` by two children split at `at` (the left child keeps the parent's
    /// slot, the right one gets `right_slot`); returns both.
    pub fn split(
        &mut self,
        id: &str,
        at: &str,
        right_slot: usize,
    ) -> Result<(RangeInfo, RangeInfo), SplitError> {
        let index = self
            .ranges
            .iter()
            .position(|r| r.id == id)
            .ok_or_else(|| SplitError::UnknownRange(id.to_owned()))?;
        let parent = self.ranges[index].clone();
        if !(parent.range.min.as_str() < at && at < parent.range.max.as_str()) {
            return Err(SplitError::TooNarrow(parent.range));
        }
        let mut parents = parent.parents.clone();
        parents.push(parent.id.clone());
        let left = RangeInfo {
            id: self.next_id.to_string(),
            range: EpkRange::new(parent.range.min.clone(), at),
            slot: parent.slot,
            parents: parents.clone(),
        };
        let right = RangeInfo {
            id: (self.next_id + 1).to_string(),
            range: EpkRange::new(at, parent.range.max.clone()),
            slot: right_slot,
            parents,
        };
        self.next_id += 2;
        self.ranges
            .splice(index..=index, [left.clone(), right.clone()]);
        self.etag = new_etag(now_ts());
        Ok((left, right))
    }

    /// `id` followed by its ancestors, nearest first.
    pub fn lineage(&self, id: &str) -> Vec<String> {
        let mut out = vec![id.to_owned()];
        if let Some(range) = self.by_id(id) {
            out.extend(range.parents.iter().rev().cloned());
        }
        out
    }
}

/// Where to split `range` holding documents at `epks` (sorted, distinct): at their median, so
/// both children get about half, as the service splits by size. With fewer than two distinct
/// keys, at the middle of the interval (the first 32 hex digits of its bounds).
pub fn split_point(range: &EpkRange, epks: &[&str]) -> Option<String> {
    if epks.len() >= 2 {
        return Some(epks[epks.len() / 2].to_owned());
    }
    let low = hex_prefix(&range.min)?;
    let high = if range.max == MAX_EPK {
        u128::MAX
    } else {
        hex_prefix(&range.max)?
    };
    let mid = low + (high - low) / 2;
    let text = format!("{mid:032X}");
    (range.min.as_str() < text.as_str() && text.as_str() < range.max.as_str()).then_some(text)
}

/// The first 32 hex digits of an EPK as a number (shorter EPKs padded with zeros).
fn hex_prefix(epk: &str) -> Option<u128> {
    let digits: String = epk.chars().take(32).collect();
    let padded = format!("{digits:0<32}");
    u128::from_str_radix(&padded, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_split_replaces_a_range_by_two_children() {
        let mut layout = Layout::new(vec![EpkRange::new("", "20"), EpkRange::new("20", "FF")]);
        let etag = layout.etag.clone();
        let (left, right) = layout.split("0", "10", 5).unwrap();
        assert_eq!((left.id.as_str(), right.id.as_str()), ("2", "3"));
        assert_eq!((left.slot, right.slot), (0, 5));
        assert_eq!(left.parents, ["0"]);
        assert_eq!(right.range, EpkRange::new("10", "20"));
        let ids: Vec<&str> = layout.ranges.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["2", "3", "1"]);
        assert!(layout.by_id("0").is_none());
        assert_ne!(layout.etag, etag);
        assert_eq!(layout.slot_of("15"), 5);
        assert_eq!(layout.slot_of("05"), 0);

        let (grandchild, _) = layout.split("3", "18", 6).unwrap();
        assert_eq!(grandchild.parents, ["0", "3"]);
        assert_eq!(layout.lineage("4"), ["4", "3", "0"]);
        assert_eq!(
            layout.split("0", "01", 7).unwrap_err(),
            SplitError::UnknownRange("0".into())
        );
        assert!(matches!(
            layout.split("1", "20", 7),
            Err(SplitError::TooNarrow(_))
        ));
    }

    #[test]
    fn split_points_fall_inside_the_range() {
        let full = EpkRange::full();
        assert_eq!(split_point(&full, &["05", "0A", "3F"]).unwrap(), "0A");
        let mid = split_point(&full, &[]).unwrap();
        assert!(mid.as_str() > "" && mid.as_str() < "FF");
        let narrow = EpkRange::new("1000", "1002");
        let p = split_point(&narrow, &["1001"]).unwrap();
        assert!(p.as_str() > "1000" && p.as_str() < "1002", "{p}");
        // Longer bounds split within their first 32 digits when there is room.
        let long = EpkRange::new("10", "10000000000000000000000000000000001");
        let p = split_point(&long, &[]).unwrap();
        assert!(p.as_str() > "10" && p.as_str() < long.max.as_str(), "{p}");
        assert!(split_point(&EpkRange::new("10", "10"), &[]).is_none());
    }
}
