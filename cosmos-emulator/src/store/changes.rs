//! The change feed of one partition: the latest version of every document changed after a
//! point, in LSN order. Deletions are not reported (the "latest version" mode).

use super::change_log::ChangeRecord;
use super::collection::Collection;
use super::document::StoredDoc;
use super::feed::EpkFilter;
use super::lock;
use std::sync::Arc;

/// Where a change feed read starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeStart {
    /// Every document.
    Beginning,
    /// Nothing before this request.
    Now,
    /// Versions written after this LSN (the etag of a previous page).
    AfterLsn(u64),
    /// Versions whose `_ts` is at or after this time (seconds).
    Since(u64),
}

/// One page of changes from one partition.
#[derive(Debug)]
pub struct ChangePage {
    pub docs: Vec<Arc<StoredDoc>>,
    pub range_id: String,
    /// The continuation: the LSN up to which this page has reported changes.
    pub lsn: u64,
}

impl Collection {
    /// Up to `max` changes of partition `index` matching `filter`, after `start`.
    pub fn changes(
        &self,
        index: usize,
        filter: &EpkFilter,
        start: ChangeStart,
        max: usize,
    ) -> ChangePage {
        let partition = lock(&self.partitions[index]);
        let current = partition.lsn();
        let mut docs: Vec<Arc<StoredDoc>> = match start {
            ChangeStart::Now => Vec::new(),
            _ => partition
                .after(None)
                .filter(|d| filter.matches(&d.epk))
                .filter(|d| match start {
                    ChangeStart::AfterLsn(lsn) => d.lsn > lsn,
                    ChangeStart::Since(ts) => d.body["_ts"].as_u64().is_some_and(|t| t >= ts),
                    _ => true,
                })
                .cloned()
                .collect(),
        };
        let range_id = partition.id.clone();
        drop(partition);
        docs.sort_by_key(|d| d.lsn);
        let max = max.max(1);
        let lsn = if docs.len() > max {
            docs.truncate(max);
            docs.last().map_or(current, |d| d.lsn)
        } else {
            current
        };
        ChangePage {
            docs,
            range_id,
            lsn,
        }
    }
}

/// One page of the all-versions-and-deletes feed from one partition.
#[derive(Debug)]
pub struct VersionPage {
    pub records: Vec<ChangeRecord>,
    pub range_id: String,
    pub lsn: u64,
}

impl Collection {
    /// Up to `max` operations of partition `index` matching `filter`, after `lsn` (`None`:
    /// from now, which yields nothing but the current position).
    pub fn versions(
        &self,
        index: usize,
        filter: &EpkFilter,
        after: Option<u64>,
        max: usize,
    ) -> VersionPage {
        let partition = lock(&self.partitions[index]);
        let current = partition.lsn();
        let range_id = partition.id.clone();
        let Some(after) = after else {
            return VersionPage {
                records: Vec::new(),
                range_id,
                lsn: current,
            };
        };
        let max = max.max(1);
        let mut records = Vec::new();
        let mut more = false;
        for record in partition
            .log_after(after)
            .filter(|r| filter.matches(r.epk()))
        {
            if records.len() == max {
                more = true;
                break;
            }
            records.push(record.clone());
        }
        let lsn = if more {
            records.last().map_or(current, |r| r.lsn)
        } else {
            current
        };
        VersionPage {
            records,
            range_id,
            lsn,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::layout::split_ring;
    use super::super::WriteKind;
    use super::*;
    use cosmos_protocol::{rid, PartitionKeyDefinition};
    use serde_json::{json, Map, Value};

    fn body(id: &str) -> Map<String, Value> {
        let Value::Object(m) = json!({"id": id}) else {
            unreachable!()
        };
        m
    }

    #[test]
    fn latest_versions_in_lsn_order_with_continuations() {
        let def = PartitionKeyDefinition::new("/pk");
        let ranges = split_ring(&def, 1);
        let c = Collection::new(
            "d",
            &rid::database(1),
            rid::collection(1, 1),
            def,
            body("c"),
            ranges,
        );
        for id in ["a", "b", "c"] {
            c.write(WriteKind::Create, id.into(), "01".into(), body(id), None)
                .unwrap();
        }
        // Rewriting "a" moves it after "c".
        c.write(WriteKind::Upsert, "a".into(), "01".into(), body("a"), None)
            .unwrap();
        let all = c.changes(0, &EpkFilter::All, ChangeStart::Beginning, 10);
        let ids: Vec<&str> = all.docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["b", "c", "a"]);
        assert_eq!(all.lsn, 4);

        let first = c.changes(0, &EpkFilter::All, ChangeStart::Beginning, 2);
        assert_eq!(first.docs.len(), 2);
        let rest = c.changes(0, &EpkFilter::All, ChangeStart::AfterLsn(first.lsn), 2);
        assert_eq!(rest.docs.len(), 1);
        assert_eq!(rest.docs[0].id, "a");
        let none = c.changes(0, &EpkFilter::All, ChangeStart::AfterLsn(rest.lsn), 2);
        assert!(none.docs.is_empty());
        assert!(c
            .changes(0, &EpkFilter::All, ChangeStart::Now, 2)
            .docs
            .is_empty());
    }
}
