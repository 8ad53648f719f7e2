//! A container: its properties, partition key definition and physical partitions, and the
//! document operations on them. Each partition has its own lock, held only while a document
//! is looked up or committed; bodies are prepared before the lock is taken.

use super::clock::{new_etag, now_ts};
use super::document::{set_system_properties, NewDoc, StoredDoc};
use super::feed::{Cursor, FeedPage, FeedScope};
use super::partition::Partition;
use super::policy::Policy;
use super::ranges::{Layout, SLOTS};
use super::{lock, read};
use crate::errors::ApiError;
use cosmos_protocol::{rid, EpkRange, PartitionKeyDefinition};
use serde_json::{Map, Value};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

/// What a document write does when the id exists (or not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteKind {
    /// 409 when it exists.
    Create,
    /// Replaces when it exists, creates otherwise.
    Upsert,
    /// 404 when it does not exist.
    Replace,
}

#[derive(Debug)]
pub struct WriteOutcome {
    pub doc: Arc<StoredDoc>,
    pub created: bool,
    pub range_id: String,
    pub lsn: u64,
}

#[derive(Debug)]
pub struct ReadOutcome {
    pub doc: Option<Arc<StoredDoc>>,
    pub range_id: String,
    pub lsn: u64,
}

/// The mutable, user-visible properties of a container.
#[derive(Debug, Clone)]
pub struct CollectionProps {
    /// The user's properties, normalized (`id`, `partitionKey`, `indexingPolicy`, …).
    pub body: Map<String, Value>,
    pub etag: String,
    pub ts: u64,
}

#[derive(Debug)]
pub struct Collection {
    pub id: String,
    pub rid: String,
    pub db_id: String,
    pub db_rid: String,
    pub definition: PartitionKeyDefinition,
    pub created_ts: u64,
    props: RwLock<CollectionProps>,
    pub(super) policy: RwLock<Policy>,
    /// Storage slots (see `ranges`): indexed by the slot numbers the layout hands out. The
    /// layout lock is never held while a slot is locked, except by a split, which takes the
    /// layout first; everything else looks a slot up, releases the layout, then locks it.
    pub(super) partitions: Vec<Mutex<Partition>>,
    pub(super) layout: RwLock<Layout>,
    pub(super) next_seq: AtomicU64,
}

impl Collection {
    pub fn new(
        db_id: &str,
        db_rid: &str,
        rid: String,
        definition: PartitionKeyDefinition,
        body: Map<String, Value>,
        ranges: Vec<EpkRange>,
    ) -> Self {
        let ts = now_ts();
        let id = body
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let partitions = (0..SLOTS.max(ranges.len()))
            .map(|i| {
                let range = ranges
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| EpkRange::new("", ""));
                Mutex::new(Partition::new(i.to_string(), range))
            })
            .collect();
        Self {
            id,
            rid,
            db_id: db_id.to_owned(),
            db_rid: db_rid.to_owned(),
            definition,
            created_ts: ts,
            policy: RwLock::new(Policy::from_properties(&body)),
            props: RwLock::new(CollectionProps {
                body,
                etag: new_etag(ts),
                ts,
            }),
            partitions,
            layout: RwLock::new(Layout::new(ranges)),
            next_seq: AtomicU64::new(1),
        }
    }

    pub fn self_link(&self) -> String {
        format!("dbs/{}/colls/{}/", self.db_rid, self.rid)
    }

    /// The name-based path (`dbs/db/colls/c`), sent as `x-ms-alt-content-path`.
    pub fn alt_link(&self) -> String {
        format!("dbs/{}/colls/{}", self.db_id, self.id)
    }

    pub fn props(&self) -> CollectionProps {
        read(&self.props).clone()
    }

    /// Replaces the user properties (the caller has checked the partition key is unchanged).
    pub fn replace_props(&self, body: Map<String, Value>) -> CollectionProps {
        let ts = now_ts();
        *super::write(&self.policy) = Policy::from_properties(&body);
        let mut props = self.props.write().unwrap_or_else(|e| e.into_inner());
        *props = CollectionProps {
            body,
            etag: new_etag(ts),
            ts,
        };
        props.clone()
    }

    /// The container as the gateway returns it: user properties plus system properties.
    pub fn to_json(&self) -> Value {
        let props = self.props();
        let mut body = props.body;
        body.insert("_rid".into(), self.rid.clone().into());
        body.insert("_ts".into(), props.ts.into());
        body.insert("_self".into(), self.self_link().into());
        body.insert("_etag".into(), props.etag.into());
        for (key, value) in [
            ("_docs", "docs/"),
            ("_sprocs", "sprocs/"),
            ("_triggers", "triggers/"),
            ("_udfs", "udfs/"),
            ("_conflicts", "conflicts/"),
        ] {
            body.insert(key.into(), value.into());
        }
        Value::Object(body)
    }

    /// (document count, bytes) over all partitions.
    pub fn usage(&self) -> (usize, u64) {
        self.all_partitions()
            .into_iter()
            .fold((0, 0), |(n, b), slot| {
                let p = lock(&self.partitions[slot]);
                (n + p.len(), b + p.bytes())
            })
    }

    /// (range id, LSN) of a partition, for session tokens.
    pub fn partition_lsn(&self, index: usize) -> (String, u64) {
        let p = lock(&self.partitions[index]);
        (p.id.clone(), p.lsn())
    }

    /// Creates, upserts or replaces a document. `body` has no system properties yet.
    pub fn write(
        &self,
        kind: WriteKind,
        id: String,
        epk: String,
        mut body: Map<String, Value>,
        if_match: Option<&str>,
    ) -> Result<WriteOutcome, ApiError> {
        let ts = now_ts();
        let policy = read(&self.policy).clone();
        let expires_at = policy.expiry(&body, ts)?;
        let fresh_seq = self.next_seq.fetch_add(1, Ordering::Relaxed);
        let etag = new_etag(ts);
        let (rid, self_link) = self.doc_links(fresh_seq);
        set_system_properties(&mut body, &rid, &self_link, &etag, ts);
        let size = serde_json::to_vec(&body).map_or(0, |b| b.len());
        let mut new = NewDoc {
            id,
            epk,
            etag,
            expires_at,
            size,
            body,
        };

        let mut partition = self.lock_owner(&new.epk);
        let existing = partition.get(&new.epk, &new.id).cloned();
        if !policy.unique_keys.is_empty() {
            let neighbours: Vec<&StoredDoc> = partition
                .after(None)
                .filter(|d| d.epk == new.epk)
                .map(|d| d.as_ref())
                .collect();
            policy.check_unique(&new.id, &new.body, neighbours.iter().copied())?;
        }
        let seq = match (&existing, kind) {
            (Some(_), WriteKind::Create) => return Err(ApiError::conflict()),
            (None, WriteKind::Replace) => return Err(ApiError::resource_not_found()),
            (None, _) if if_match.is_some() => return Err(ApiError::precondition_failed()),
            (None, _) => fresh_seq,
            (Some(old), _) => {
                if !etag_matches(if_match, &old.etag) {
                    return Err(ApiError::precondition_failed());
                }
                // A new version keeps the document's RID (and its place in feeds).
                let (rid, self_link) = self.doc_links(old.seq);
                new.body.insert("_rid".into(), rid.into());
                new.body.insert("_self".into(), self_link.into());
                old.seq
            }
        };
        let doc = StoredDoc {
            seq,
            id: new.id,
            epk: new.epk,
            etag: new.etag,
            lsn: 0,
            expires_at: new.expires_at,
            size: new.size,
            body: Value::Object(new.body),
        };
        let (lsn, stored) = partition.put(doc);
        Ok(WriteOutcome {
            doc: stored,
            created: existing.is_none(),
            range_id: partition.id.clone(),
            lsn,
        })
    }

    pub fn read(&self, epk: &str, id: &str) -> ReadOutcome {
        let partition = self.lock_owner(epk);
        ReadOutcome {
            doc: partition.get(epk, id).cloned(),
            range_id: partition.id.clone(),
            lsn: partition.lsn(),
        }
    }

    /// Finds a document by its RID (which encodes its sequence number), in any partition.
    pub fn read_by_rid(&self, doc_rid: &str) -> Option<ReadOutcome> {
        let bytes = rid::decode(doc_rid)?;
        let own = rid::decode(&self.rid)?;
        if bytes.len() != 16 || bytes[..8] != own[..] {
            return None;
        }
        let seq = u64::from_be_bytes(bytes[8..16].try_into().ok()?) >> 8;
        self.all_partitions().into_iter().find_map(|slot| {
            let p = lock(&self.partitions[slot]);
            p.get_by_seq(seq).cloned().map(|doc| ReadOutcome {
                doc: Some(doc),
                range_id: p.id.clone(),
                lsn: p.lsn(),
            })
        })
    }

    /// Deletes a document; returns (range id, LSN).
    pub fn delete(
        &self,
        epk: &str,
        id: &str,
        if_match: Option<&str>,
    ) -> Result<(String, u64), ApiError> {
        let mut partition = self.lock_owner(epk);
        let existing = partition
            .get(epk, id)
            .ok_or_else(ApiError::resource_not_found)?;
        if !etag_matches(if_match, &existing.etag) {
            return Err(ApiError::precondition_failed());
        }
        let lsn = partition
            .remove(epk, id)
            .ok_or_else(ApiError::resource_not_found)?;
        Ok((partition.id.clone(), lsn))
    }

    /// Reads up to `max` documents of `scope`, starting after `cursor`.
    ///
    /// Pages run partition by partition in ring order, documents in sequence order. A cursor
    /// taken before a split names the parent's range: its children are then read together,
    /// merged in sequence order as the parent would have been, so the position stays exact.
    pub fn feed(&self, scope: &FeedScope, cursor: Option<Cursor>, max: usize) -> FeedPage {
        let mut page = FeedPage::default();
        let start = match &cursor {
            Some(c) => match scope.partitions.iter().position(|&p| p == c.partition) {
                Some(pos) => pos,
                None => return page,
            },
            None => 0,
        };
        // Groups of slots read as one: the cursor's range (one partition, or the children of
        // a split one), then every other partition on its own.
        let mut groups: Vec<(EpkRange, Vec<usize>)> = Vec::new();
        for &slot in &scope.partitions[start..] {
            let Some(range) = self.range_of_slot(slot) else {
                continue;
            };
            match (&cursor, groups.as_mut_slice()) {
                (Some(c), []) => groups.push((c.range.clone(), vec![slot])),
                (Some(c), [(_, first)]) if c.range.min <= range.min && range.max <= c.range.max => {
                    first.push(slot)
                }
                _ => groups.push((range, vec![slot])),
            }
        }
        let mut last: Option<Cursor> = None;
        for (offset, (range, slots)) in groups.into_iter().enumerate() {
            let after = cursor.as_ref().filter(|_| offset == 0).map(|c| c.after_seq);
            let mut docs: Vec<Arc<StoredDoc>> = Vec::new();
            for &slot in &slots {
                let partition = lock(&self.partitions[slot]);
                page.touched.push((partition.id.clone(), partition.lsn()));
                docs.extend(
                    partition
                        .after(after)
                        .filter(|d| scope.filter.matches(&d.epk))
                        .cloned(),
                );
            }
            if slots.len() > 1 {
                docs.sort_by_key(|d| d.seq);
            }
            for doc in docs {
                if page.docs.len() >= max.max(1) {
                    page.next = last;
                    return page;
                }
                last = Some(Cursor {
                    partition: slots[0],
                    after_seq: doc.seq,
                    range: range.clone(),
                });
                page.docs.push(doc);
            }
        }
        page
    }

    /// Every document of `scope` in sequence (insertion) order, and the (range id, LSN) of
    /// each partition read. Sequence order is global, so it is the same before and after a
    /// split: query continuations (offsets into the result) stay valid across one.
    pub fn snapshot(&self, scope: &FeedScope) -> (Vec<Arc<StoredDoc>>, Vec<(String, u64)>) {
        let mut docs = Vec::new();
        let mut touched = Vec::new();
        for &index in &scope.partitions {
            let partition = lock(&self.partitions[index]);
            touched.push((partition.id.clone(), partition.lsn()));
            docs.extend(
                partition
                    .after(None)
                    .filter(|d| scope.filter.matches(&d.epk))
                    .cloned(),
            );
        }
        if scope.partitions.len() > 1 {
            docs.sort_by_key(|d| d.seq);
        }
        (docs, touched)
    }

    pub(super) fn doc_links(&self, seq: u64) -> (String, String) {
        let rid = rid::child(&self.rid, seq, 0);
        let self_link = format!("{}docs/{rid}/", self.self_link());
        (rid, self_link)
    }
}

/// `If-Match` semantics: absent or `*` matches anything; otherwise the etag must be equal.
/// Clients differ on quoting, so quotes are ignored.
pub fn etag_matches(if_match: Option<&str>, etag: &str) -> bool {
    match if_match.map(str::trim) {
        None | Some("*") => true,
        Some(given) => given.trim_matches('"') == etag.trim_matches('"'),
    }
}

#[cfg(test)]
mod tests {
    use super::super::feed::EpkFilter;
    use super::*;
    use serde_json::json;

    fn collection(partitions: usize) -> Collection {
        let def = PartitionKeyDefinition::new("/pk");
        let ranges = super::super::layout::split_ring(&def, partitions);
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

    fn body(id: &str) -> Map<String, Value> {
        let Value::Object(m) = json!({"id": id}) else {
            unreachable!()
        };
        m
    }

    #[test]
    fn create_conflict_upsert_replace_delete() {
        let c = collection(1);
        let w = |k, id: &str, m: Option<&str>| c.write(k, id.into(), "01".into(), body(id), m);
        let first = w(WriteKind::Create, "a", None).unwrap();
        assert!(first.created);
        assert_eq!(first.lsn, 1);
        assert_eq!(
            w(WriteKind::Create, "a", None).unwrap_err().status,
            http::StatusCode::CONFLICT
        );
        let up = w(WriteKind::Upsert, "a", None).unwrap();
        assert!(!up.created);
        assert_eq!(up.doc.body["_rid"], first.doc.body["_rid"]);
        assert_ne!(up.doc.etag, first.doc.etag);
        assert_eq!(
            w(WriteKind::Replace, "a", Some(&first.doc.etag))
                .unwrap_err()
                .status,
            http::StatusCode::PRECONDITION_FAILED
        );
        assert!(w(WriteKind::Replace, "a", Some(&up.doc.etag)).is_ok());
        assert_eq!(
            w(WriteKind::Replace, "b", None).unwrap_err().status,
            http::StatusCode::NOT_FOUND
        );
        assert!(c.read("01", "a").doc.is_some());
        assert!(c.read("02", "a").doc.is_none());
        assert_eq!(c.delete("01", "a", None).unwrap().1, 4);
        assert!(c.delete("01", "a", None).is_err());
    }

    #[test]
    fn read_by_rid_finds_the_document() {
        let c = collection(2);
        let out = c
            .write(WriteKind::Create, "a".into(), "3F".into(), body("a"), None)
            .unwrap();
        let rid = out.doc.body["_rid"].as_str().unwrap();
        assert_eq!(c.read_by_rid(rid).unwrap().doc.unwrap().id, "a");
        assert!(c.read_by_rid("AAAAAA==").is_none());
    }

    #[test]
    fn feed_pages_across_partitions() {
        let c = collection(2);
        for (i, epk) in ["01", "3F", "02", "3E", "03"].iter().enumerate() {
            c.write(
                WriteKind::Create,
                format!("d{i}"),
                (*epk).into(),
                body("x"),
                None,
            )
            .unwrap();
        }
        let scope = FeedScope {
            partitions: vec![0, 1],
            filter: EpkFilter::All,
        };
        let mut cursor = None;
        let mut seen = Vec::new();
        loop {
            let page = c.feed(&scope, cursor, 2);
            seen.extend(page.docs.iter().map(|d| d.id.clone()));
            match page.next {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        assert_eq!(seen, ["d0", "d2", "d4", "d1", "d3"]);
    }

    #[test]
    fn etag_matching() {
        assert!(etag_matches(None, "\"a\""));
        assert!(etag_matches(Some("*"), "\"a\""));
        assert!(etag_matches(Some("\"a\""), "\"a\""));
        assert!(etag_matches(Some("a"), "\"a\""));
        assert!(!etag_matches(Some("\"b\""), "\"a\""));
    }
}
