//! Multi-step changes to one partition under one lock: transactional batches and patches.
//!
//! A [`Txn`] holds the partition's lock, reads through an overlay of its own pending
//! changes, and commits them all at once (or none, when dropped uncommitted). Bodies are
//! prepared by the caller; the lock is held only while a batch's few operations run.

use super::clock::{new_etag, now_ts};
use super::collection::{etag_matches, Collection};
use super::document::{set_system_properties, StoredDoc};
use super::partition::Partition;
use crate::errors::ApiError;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::{Arc, MutexGuard};

type Key = (String, String);

pub struct Txn<'a> {
    coll: &'a Collection,
    partition: MutexGuard<'a, Partition>,
    /// Pending state by (EPK, id): `Some` a new version, `None` a deletion.
    overlay: HashMap<Key, Option<Arc<StoredDoc>>>,
    /// Keys in the order they were first changed, so commits replay in operation order.
    order: Vec<Key>,
}

impl Collection {
    /// Starts a transaction on the partition owning `epk`.
    pub fn begin(&self, epk: &str) -> Txn<'_> {
        Txn {
            coll: self,
            partition: self.lock_owner(epk),
            overlay: HashMap::new(),
            order: Vec::new(),
        }
    }
}

impl Txn<'_> {
    /// The document as this transaction sees it.
    pub fn get(&self, epk: &str, id: &str) -> Option<Arc<StoredDoc>> {
        match self.overlay.get(&(epk.to_owned(), id.to_owned())) {
            Some(pending) => pending.clone(),
            None => self.partition.get(epk, id).cloned(),
        }
    }

    /// Stages a new version of a document (`body` without system properties). It keeps the
    /// RID of an existing document and gets a fresh one otherwise. The container's TTL and
    /// unique key policies apply as to any write.
    pub fn put(
        &mut self,
        id: String,
        epk: String,
        mut body: Map<String, Value>,
    ) -> Result<Arc<StoredDoc>, ApiError> {
        let policy = super::read(&self.coll.policy).clone();
        let expires_at = policy.expiry(&body, now_ts())?;
        if !policy.unique_keys.is_empty() {
            let neighbours = self.logical_partition(&epk);
            policy.check_unique(&id, &body, neighbours.iter().map(|d| d.as_ref()))?;
        }
        let seq = match self.get(&epk, &id) {
            Some(existing) => existing.seq,
            None => self.coll.next_seq.fetch_add(1, Ordering::Relaxed),
        };
        let ts = now_ts();
        let etag = new_etag(ts);
        let (rid, self_link) = self.coll.doc_links(seq);
        set_system_properties(&mut body, &rid, &self_link, &etag, ts);
        let size = serde_json::to_vec(&body).map_or(0, |b| b.len());
        let doc = Arc::new(StoredDoc {
            seq,
            id: id.clone(),
            epk: epk.clone(),
            etag,
            lsn: 0,
            expires_at,
            size,
            body: Value::Object(body),
        });
        self.stage((epk, id), Some(doc.clone()));
        Ok(doc)
    }

    /// The ids of the live documents of one logical partition.
    pub fn ids_in(&self, epk: &str) -> Vec<String> {
        self.logical_partition(epk)
            .iter()
            .map(|d| d.id.clone())
            .collect()
    }

    /// The live documents of one logical partition as this transaction sees them.
    fn logical_partition(&self, epk: &str) -> Vec<Arc<StoredDoc>> {
        let mut docs: Vec<Arc<StoredDoc>> = self
            .partition
            .after(None)
            .filter(|d| d.epk == epk)
            .filter(|d| !self.overlay.contains_key(&(d.epk.clone(), d.id.clone())))
            .cloned()
            .collect();
        docs.extend(
            self.overlay
                .iter()
                .filter(|((e, _), _)| e == epk)
                .filter_map(|(_, d)| d.clone()),
        );
        docs
    }

    /// Stages a deletion; 404 when the document does not exist (as seen here), 412 when
    /// `if_match` does not match it.
    pub fn remove(&mut self, epk: &str, id: &str, if_match: Option<&str>) -> Result<(), ApiError> {
        let existing = self.get(epk, id).ok_or_else(ApiError::resource_not_found)?;
        if !etag_matches(if_match, &existing.etag) {
            return Err(ApiError::precondition_failed());
        }
        self.stage((epk.to_owned(), id.to_owned()), None);
        Ok(())
    }

    /// The range id and current LSN of the partition.
    pub fn position(&self) -> (String, u64) {
        (self.partition.id.clone(), self.partition.lsn())
    }

    /// Applies every staged change; returns the range id and the LSN after the last one.
    pub fn commit(mut self) -> (String, u64) {
        for key in std::mem::take(&mut self.order) {
            match self.overlay.remove(&key).flatten() {
                Some(doc) => {
                    self.partition.put(Arc::unwrap_or_clone(doc));
                }
                None => {
                    self.partition.remove(&key.0, &key.1);
                }
            }
        }
        self.position()
    }

    fn stage(&mut self, key: Key, value: Option<Arc<StoredDoc>>) {
        if !self.overlay.contains_key(&key) {
            self.order.push(key.clone());
        }
        self.overlay.insert(key, value);
    }
}

#[cfg(test)]
mod tests {
    use super::super::layout::split_ring;
    use super::*;
    use cosmos_protocol::{rid, PartitionKeyDefinition};
    use serde_json::json;

    fn collection() -> Collection {
        let def = PartitionKeyDefinition::new("/pk");
        let ranges = split_ring(&def, 1);
        let Value::Object(body) = json!({"id": "c"}) else {
            unreachable!()
        };
        Collection::new(
            "d",
            &rid::database(1),
            rid::collection(1, 1),
            def,
            body,
            ranges,
        )
    }

    fn body(n: i64) -> Map<String, Value> {
        let Value::Object(m) = json!({"n": n}) else {
            unreachable!()
        };
        m
    }

    #[test]
    fn staged_changes_are_invisible_until_commit() {
        let c = collection();
        let mut txn = c.begin("01");
        let first = txn.put("a".into(), "01".into(), body(1)).unwrap();
        let second = txn.put("a".into(), "01".into(), body(2)).unwrap();
        assert_eq!(
            first.seq, second.seq,
            "a document keeps its RID across versions"
        );
        assert_eq!(txn.get("01", "a").unwrap().body["n"], 2);
        drop(txn);
        assert!(
            c.read("01", "a").doc.is_none(),
            "an uncommitted transaction changes nothing"
        );

        let mut txn = c.begin("01");
        txn.put("a".into(), "01".into(), body(1)).unwrap();
        txn.put("b".into(), "01".into(), body(2)).unwrap();
        assert_eq!(txn.commit().1, 2);
        let mut txn = c.begin("01");
        assert!(txn.remove("01", "zz", None).is_err());
        assert!(txn.remove("01", "a", Some("\"stale\"")).is_err());
        txn.remove("01", "a", None).unwrap();
        assert!(txn.get("01", "a").is_none());
        txn.commit();
        assert!(c.read("01", "a").doc.is_none());
        assert_eq!(c.read("01", "b").doc.unwrap().body["n"], 2);
    }
}
