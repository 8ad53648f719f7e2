//! One physical partition: the documents whose EPK falls in its range, in insertion order,
//! and its log sequence number (LSN), which every write advances.

use super::change_log::{ChangeLog, ChangeRecord, Operation};
use super::clock::now_ts;
use super::document::StoredDoc;
use cosmos_protocol::epk::MAX_EPK;
use cosmos_protocol::EpkRange;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

#[derive(Debug)]
pub struct Partition {
    /// The partition key range id (`"0"`, `"1"`, …).
    pub id: String,
    /// The EPKs it owns. A writer that found this partition before a split checks it after
    /// taking the lock, and looks again if its key moved to the other child.
    pub range: EpkRange,
    lsn: u64,
    /// By sequence number: feeds page through this in a stable order.
    items: BTreeMap<u64, Arc<StoredDoc>>,
    /// (EPK, id) → sequence number: ids are unique per logical partition.
    keys: HashMap<(String, String), u64>,
    bytes: u64,
    log: ChangeLog,
}

impl Partition {
    pub fn new(id: String, range: EpkRange) -> Self {
        Self {
            id,
            range,
            lsn: 0,
            items: BTreeMap::new(),
            keys: HashMap::new(),
            bytes: 0,
            log: ChangeLog::default(),
        }
    }

    pub fn lsn(&self) -> u64 {
        self.lsn
    }

    /// Whether an EPK belongs here (the last range also takes anything at or past `FF`,
    /// which hashing never produces).
    pub fn owns(&self, epk: &str) -> bool {
        self.range.contains(epk) || (self.range.max == MAX_EPK && epk >= MAX_EPK)
    }

    /// The distinct EPKs of the stored documents, sorted.
    pub fn epks(&self) -> Vec<&str> {
        let mut epks: Vec<&str> = self.keys.keys().map(|(epk, _)| epk.as_str()).collect();
        epks.sort_unstable();
        epks.dedup();
        epks
    }

    /// Splits this partition at `at`: it becomes the left child `left_id` and the returned
    /// partition is the right child `right_id`. Both continue the parent's LSN (so session
    /// tokens and change feed continuations of the parent stay valid), and documents keep
    /// their LSNs, etags and RIDs.
    pub fn split(&mut self, at: &str, left_id: String, right_id: String) -> Partition {
        let mut right = Partition::new(right_id, EpkRange::new(at, self.range.max.clone()));
        right.lsn = self.lsn;
        right.log = self.log.split_off(at);
        let moving: Vec<(String, String)> = self
            .keys
            .keys()
            .filter(|(epk, _)| epk.as_str() >= at)
            .cloned()
            .collect();
        for key in moving {
            if let Some(seq) = self.keys.remove(&key) {
                right.keys.insert(key, seq);
            }
        }
        let moving: Vec<u64> = self
            .items
            .iter()
            .filter(|(_, d)| d.epk.as_str() >= at)
            .map(|(seq, _)| *seq)
            .collect();
        for seq in moving {
            if let Some(doc) = self.items.remove(&seq) {
                self.bytes -= doc.size as u64;
                right.bytes += doc.size as u64;
                right.items.insert(seq, doc);
            }
        }
        self.id = left_id;
        self.range = EpkRange::new(self.range.min.clone(), at);
        right
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// A live (unexpired) document by key.
    pub fn get(&self, epk: &str, id: &str) -> Option<&Arc<StoredDoc>> {
        let seq = self.keys.get(&(epk.to_owned(), id.to_owned()))?;
        self.get_by_seq(*seq)
    }

    pub fn get_by_seq(&self, seq: u64) -> Option<&Arc<StoredDoc>> {
        self.items.get(&seq).filter(|d| d.is_live(now_ts()))
    }

    /// Stores a new version (insert or overwrite, keyed by its sequence number) and commits
    /// the write; returns the new LSN and the stored version.
    pub fn put(&mut self, mut doc: StoredDoc) -> (u64, Arc<StoredDoc>) {
        doc.lsn = self.lsn + 1;
        let key = (doc.epk.clone(), doc.id.clone());
        let seq = doc.seq;
        self.bytes += doc.size as u64;
        let doc = Arc::new(doc);
        let replaced = self.items.insert(seq, doc.clone());
        if let Some(old) = &replaced {
            self.bytes -= old.size as u64;
        }
        // An expired version under the same key has another sequence number: drop it.
        if let Some(previous) = self.keys.insert(key, seq).filter(|&s| s != seq) {
            if let Some(old) = self.items.remove(&previous) {
                self.bytes -= old.size as u64;
            }
        }
        self.lsn += 1;
        let operation = if replaced.is_some() {
            Operation::Replace
        } else {
            Operation::Create
        };
        self.log.push(ChangeRecord {
            lsn: self.lsn,
            operation,
            current: Some(doc.clone()),
            previous: replaced,
            ts: now_ts(),
        });
        (self.lsn, doc)
    }

    /// Deletes a document and commits the write; returns the new LSN.
    pub fn remove(&mut self, epk: &str, id: &str) -> Option<u64> {
        let seq = self.keys.remove(&(epk.to_owned(), id.to_owned()))?;
        let removed = self.items.remove(&seq);
        if let Some(old) = &removed {
            self.bytes -= old.size as u64;
        }
        self.lsn += 1;
        self.log.push(ChangeRecord {
            lsn: self.lsn,
            operation: Operation::Delete,
            current: None,
            previous: removed,
            ts: now_ts(),
        });
        Some(self.lsn)
    }

    /// Logged operations after `lsn`, oldest first.
    pub fn log_after(&self, lsn: u64) -> impl Iterator<Item = &ChangeRecord> {
        self.log.after(lsn)
    }

    /// Live documents after `after_seq` (exclusive) in sequence order.
    pub fn after(&self, after_seq: Option<u64>) -> impl Iterator<Item = &Arc<StoredDoc>> {
        let now = now_ts();
        let start = match after_seq {
            Some(s) => std::ops::Bound::Excluded(s),
            None => std::ops::Bound::Unbounded,
        };
        self.items
            .range((start, std::ops::Bound::Unbounded))
            .map(|(_, d)| d)
            .filter(move |d| d.is_live(now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(seq: u64, id: &str, epk: &str, size: usize) -> StoredDoc {
        StoredDoc {
            seq,
            id: id.into(),
            epk: epk.into(),
            etag: "\"e\"".into(),
            lsn: 0,
            expires_at: None,
            size,
            body: json!({"id": id}),
        }
    }

    #[test]
    fn put_get_remove_track_lsn_and_bytes() {
        let mut p = Partition::new("0".into(), EpkRange::full());
        assert_eq!(p.put(doc(1, "a", "01", 10)).0, 1);
        assert_eq!(p.put(doc(2, "a", "02", 5)).0, 2);
        assert_eq!(p.put(doc(1, "a", "01", 20)).0, 3);
        assert_eq!((p.len(), p.bytes()), (2, 25));
        assert_eq!(p.get("01", "a").unwrap().size, 20);
        assert!(p.get("03", "a").is_none());
        assert_eq!(p.remove("01", "a"), Some(4));
        assert_eq!(p.remove("01", "a"), None);
        assert_eq!((p.len(), p.bytes(), p.lsn()), (1, 5, 4));
    }

    #[test]
    fn split_moves_documents_and_keeps_lsns() {
        let mut p = Partition::new("0".into(), EpkRange::full());
        p.put(doc(1, "a", "10", 10));
        p.put(doc(2, "b", "30", 20));
        p.put(doc(3, "c", "31", 5));
        p.remove("31", "c");
        let right = p.split("20", "1".into(), "2".into());
        assert_eq!((p.id.as_str(), right.id.as_str()), ("1", "2"));
        assert_eq!((p.lsn(), right.lsn()), (4, 4));
        assert_eq!((p.len(), p.bytes()), (1, 10));
        assert_eq!((right.len(), right.bytes()), (1, 20));
        assert_eq!(right.get("30", "b").unwrap().lsn, 2);
        assert!(p.get("30", "b").is_none());
        assert!(p.owns("10") && !p.owns("30") && right.owns("30") && right.owns("FF"));
        let log: Vec<u64> = right.log_after(0).map(|r| r.lsn).collect();
        assert_eq!(log, [2, 3, 4]);
        assert_eq!(p.log_after(0).count(), 1);
        assert_eq!(right.epks(), ["30"]);
    }

    #[test]
    fn after_pages_in_sequence_order() {
        let mut p = Partition::new("0".into(), EpkRange::full());
        for seq in [5, 1, 3] {
            p.put(doc(seq, &format!("d{seq}"), "01", 1));
        }
        let all: Vec<u64> = p.after(None).map(|d| d.seq).collect();
        assert_eq!(all, [1, 3, 5]);
        let rest: Vec<u64> = p.after(Some(1)).map(|d| d.seq).collect();
        assert_eq!(rest, [3, 5]);
    }
}
