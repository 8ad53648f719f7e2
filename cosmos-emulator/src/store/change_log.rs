//! The per-partition log behind the all-versions-and-deletes change feed: every create,
//! replace and delete in LSN order, keeping the most recent [`CAPACITY`] operations (older
//! ones fall out, like the service's retention window).

use super::document::StoredDoc;
use std::collections::VecDeque;
use std::sync::Arc;

/// Operations kept per partition.
pub const CAPACITY: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    Create,
    Replace,
    Delete,
}

impl Operation {
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Create => "create",
            Operation::Replace => "replace",
            Operation::Delete => "delete",
        }
    }
}

#[derive(Debug, Clone)]
pub struct ChangeRecord {
    pub lsn: u64,
    pub operation: Operation,
    /// The new version (absent for a delete).
    pub current: Option<Arc<StoredDoc>>,
    /// The version this operation replaced or deleted.
    pub previous: Option<Arc<StoredDoc>>,
    /// Epoch seconds of the operation.
    pub ts: u64,
}

impl ChangeRecord {
    /// The EPK of the document the operation touched.
    pub fn epk(&self) -> &str {
        self.current
            .as_ref()
            .or(self.previous.as_ref())
            .map_or("", |d| d.epk.as_str())
    }
}

#[derive(Debug, Default)]
pub struct ChangeLog {
    records: VecDeque<ChangeRecord>,
}

impl ChangeLog {
    pub fn push(&mut self, record: ChangeRecord) {
        if self.records.len() == CAPACITY {
            self.records.pop_front();
        }
        self.records.push_back(record);
    }

    /// Moves the records whose document is at or after `at` into a new log (a split's right
    /// child); the rest stay.
    pub fn split_off(&mut self, at: &str) -> ChangeLog {
        let (left, right): (VecDeque<_>, VecDeque<_>) = std::mem::take(&mut self.records)
            .into_iter()
            .partition(|r| r.epk() < at);
        self.records = left;
        ChangeLog { records: right }
    }

    /// Records after `lsn`, oldest first.
    pub fn after(&self, lsn: u64) -> impl Iterator<Item = &ChangeRecord> {
        let start = self.records.partition_point(|r| r.lsn <= lsn);
        self.records.range(start..)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(lsn: u64) -> ChangeRecord {
        ChangeRecord {
            lsn,
            operation: Operation::Create,
            current: None,
            previous: None,
            ts: 0,
        }
    }

    #[test]
    fn keeps_the_latest_records_in_order() {
        let mut log = ChangeLog::default();
        for lsn in 1..=(CAPACITY as u64 + 5) {
            log.push(record(lsn));
        }
        assert_eq!(log.after(0).next().unwrap().lsn, 6);
        let tail: Vec<u64> = log.after(CAPACITY as u64 + 3).map(|r| r.lsn).collect();
        assert_eq!(tail, [CAPACITY as u64 + 4, CAPACITY as u64 + 5]);
    }
}
