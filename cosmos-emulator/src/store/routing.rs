//! Routing within a container: which partition (slot) owns an EPK or a range id, the live
//! ranges as the partition key range feed lists them, and splitting one.

use super::collection::Collection;
use super::partition::Partition;
use super::ranges::{split_point, RangeInfo, SplitError};
use super::{lock, read, write};
use cosmos_protocol::EpkRange;
use std::sync::MutexGuard;

impl Collection {
    /// The live ranges in ring order, with their ids, slots and parents.
    pub fn range_infos(&self) -> Vec<RangeInfo> {
        read(&self.layout).ranges.clone()
    }

    /// The `etag` of the partition key range feed; it changes with every split.
    pub fn pkranges_etag(&self) -> String {
        read(&self.layout).etag.clone()
    }

    /// The EPK range of a slot's partition, if a live range uses the slot.
    pub fn range_of_slot(&self, slot: usize) -> Option<EpkRange> {
        read(&self.layout).by_slot(slot).map(|r| r.range.clone())
    }

    pub fn partition_count(&self) -> usize {
        read(&self.layout).ranges.len()
    }

    /// The slot of the partition owning an EPK.
    pub fn partition_of(&self, epk: &str) -> usize {
        read(&self.layout).slot_of(epk)
    }

    /// Slots of the partitions overlapping an EPK range, in ring order.
    pub fn partitions_overlapping(&self, range: &EpkRange) -> Vec<usize> {
        read(&self.layout)
            .ranges
            .iter()
            .filter(|r| r.range.overlaps(range))
            .map(|r| r.slot)
            .collect()
    }

    /// Slots of every partition, in ring order.
    pub fn all_partitions(&self) -> Vec<usize> {
        read(&self.layout).ranges.iter().map(|r| r.slot).collect()
    }

    /// The slot of a live range; `None` for ids that never existed or were split.
    pub fn partition_by_range_id(&self, id: &str) -> Option<usize> {
        read(&self.layout).by_id(id).map(|r| r.slot)
    }

    /// Locks the partition owning `epk`, looking again if a split moved the key between
    /// the lookup and the lock.
    pub(super) fn lock_owner(&self, epk: &str) -> MutexGuard<'_, Partition> {
        loop {
            let partition = lock(&self.partitions[self.partition_of(epk)]);
            if partition.owns(epk) {
                return partition;
            }
        }
    }

    /// Splits a partition key range into two children with new ids (see `ranges`); returns
    /// their ids. Requests naming the old id get 410/1002 from then on.
    pub fn split(&self, range_id: &str) -> Result<(String, String), SplitError> {
        let mut layout = write(&self.layout);
        let parent = layout
            .by_id(range_id)
            .cloned()
            .ok_or_else(|| SplitError::UnknownRange(range_id.to_owned()))?;
        let free = layout.free_slot().ok_or(SplitError::NoSlot)?;
        let mut partition = lock(&self.partitions[parent.slot]);
        let at = split_point(&parent.range, &partition.epks())
            .ok_or_else(|| SplitError::TooNarrow(parent.range.clone()))?;
        let (left, right) = layout.split(range_id, &at, free)?;
        let moved = partition.split(&at, left.id.clone(), right.id.clone());
        *lock(&self.partitions[free]) = moved;
        Ok((left.id, right.id))
    }

    /// The id of the range owning an EPK.
    pub fn range_id_of(&self, epk: &str) -> String {
        self.partition_lsn(self.partition_of(epk)).0
    }

    /// The ids of the ranges overlapping an EPK range, in ring order.
    pub fn range_ids_overlapping(&self, range: &EpkRange) -> Vec<String> {
        self.partitions_overlapping(range)
            .into_iter()
            .map(|i| self.partition_lsn(i).0)
            .collect()
    }

    /// A range id followed by the ids of the ranges it was split from, nearest first: their
    /// session tokens and change feed continuations carry over to it.
    pub fn lineage(&self, range_id: &str) -> Vec<String> {
        read(&self.layout).lineage(range_id)
    }

    /// The ids of all ranges, in ring order.
    pub fn range_ids(&self) -> Vec<String> {
        (0..self.partition_count())
            .map(|i| self.partition_lsn(i).0)
            .collect()
    }
}
