//! In-memory storage: databases, containers, and documents spread over physical partitions
//! by effective partition key.
//!
//! Locks are std locks held for a lookup or a commit only, never across an `.await`. A
//! poisoned lock (a panic while held, which the code avoids) is still usable: the data it
//! guards is only ever changed by single, complete assignments.

pub mod change_log;
pub mod changes;
mod clock;
pub mod collection;
pub mod database;
pub mod document;
pub mod feed;
pub mod layout;
pub mod offers;
pub mod partition;
pub mod policy;
pub mod ranges;
mod routing;
pub mod transaction;
pub mod users;

pub use collection::{Collection, WriteKind};
pub use database::Database;
pub use feed::{Cursor, EpkFilter, FeedScope};

use crate::errors::ApiError;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Physical partitions a container may be created with.
pub const MAX_PARTITIONS: usize = 64;

/// The account's databases.
#[derive(Debug)]
pub struct Store {
    databases: RwLock<Vec<Arc<Database>>>,
    next_database: AtomicU32,
    /// Provisioned throughput of databases and containers.
    pub offers: offers::Offers,
    /// Physical partitions per new container.
    pub partitions: usize,
}

impl Store {
    pub fn new(partitions: usize) -> Self {
        Self {
            databases: RwLock::new(Vec::new()),
            next_database: AtomicU32::new(1),
            offers: offers::Offers::default(),
            partitions: partitions.clamp(1, MAX_PARTITIONS),
        }
    }

    /// Looks a database up by id, then by RID.
    pub fn database(&self, name_or_rid: &str) -> Option<Arc<Database>> {
        let dbs = read(&self.databases);
        dbs.iter()
            .find(|d| d.id == name_or_rid)
            .or_else(|| dbs.iter().find(|d| d.rid == name_or_rid))
            .cloned()
    }

    pub fn databases(&self) -> Vec<Arc<Database>> {
        read(&self.databases).clone()
    }

    /// Creates a database; 409 if the id is taken.
    pub fn create_database(&self, id: String) -> Result<Arc<Database>, ApiError> {
        let mut dbs = write(&self.databases);
        if dbs.iter().any(|d| d.id == id) {
            return Err(ApiError::conflict());
        }
        let n = self.next_database.fetch_add(1, Ordering::Relaxed);
        let db = Arc::new(Database::new(id, n));
        dbs.push(db.clone());
        Ok(db)
    }

    /// Removes a database (and with it its containers) by id or RID.
    pub fn delete_database(&self, name_or_rid: &str) -> Option<Arc<Database>> {
        let mut dbs = write(&self.databases);
        let index = dbs
            .iter()
            .position(|d| d.id == name_or_rid)
            .or_else(|| dbs.iter().position(|d| d.rid == name_or_rid))?;
        let db = dbs.remove(index);
        drop(dbs);
        let mut owned: Vec<String> = db.collections().iter().map(|c| c.rid.clone()).collect();
        owned.push(db.rid.clone());
        self.offers.remove_under(&owned);
        Some(db)
    }
}

pub(crate) fn read<T>(lock: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(|e| e.into_inner())
}

pub(crate) fn write<T>(lock: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(|e| e.into_inner())
}

pub(crate) fn lock<T>(lock: &Mutex<T>) -> MutexGuard<'_, T> {
    lock.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn databases_by_name_and_rid() {
        let store = Store::new(1);
        let db = store.create_database("a".into()).unwrap();
        assert_eq!(
            store.create_database("a".into()).unwrap_err().status,
            http::StatusCode::CONFLICT
        );
        assert_eq!(store.database(&db.rid).unwrap().id, "a");
        assert!(store.database("b").is_none());
        assert!(store.delete_database("a").is_some());
        assert!(store.databases().is_empty());
    }
}
