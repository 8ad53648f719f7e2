//! A database and its containers.

use super::clock::{new_etag, now_ts};
use super::collection::Collection;
use super::{layout, read, write};
use crate::errors::ApiError;
use cosmos_protocol::{rid, PartitionKeyDefinition};
use serde_json::{Map, Value};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, RwLock};

#[derive(Debug)]
pub struct Database {
    pub id: String,
    pub rid: String,
    n: u32,
    pub ts: u64,
    pub etag: String,
    collections: RwLock<Vec<Arc<Collection>>>,
    next_collection: AtomicU32,
    /// Random per database: container RIDs differ between emulator processes (and between
    /// a database and its recreation), so clients drop session tokens an older one issued.
    /// See `crate::session`.
    collection_base: u32,
    pub users: super::users::Users,
}

impl Database {
    pub fn new(id: String, n: u32) -> Self {
        let ts = now_ts();
        Self {
            id,
            rid: rid::database(n),
            n,
            ts,
            etag: new_etag(ts),
            collections: RwLock::new(Vec::new()),
            next_collection: AtomicU32::new(1),
            // The low 30 bits of a random UUID: room to count up without reaching the bit
            // `rid::collection` sets.
            collection_base: (uuid::Uuid::new_v4().as_u128() as u32) & 0x3FFF_FFFF,
            users: super::users::Users::default(),
        }
    }

    pub fn self_link(&self) -> String {
        format!("dbs/{}/", self.rid)
    }

    pub fn to_json(&self) -> Value {
        serde_json::json!({
            "id": self.id,
            "_rid": self.rid,
            "_self": self.self_link(),
            "_etag": self.etag,
            "_colls": "colls/",
            "_users": "users/",
            "_ts": self.ts,
        })
    }

    /// Looks a container up by id, then by RID.
    pub fn collection(&self, name_or_rid: &str) -> Option<Arc<Collection>> {
        let colls = read(&self.collections);
        colls
            .iter()
            .find(|c| c.id == name_or_rid)
            .or_else(|| colls.iter().find(|c| c.rid == name_or_rid))
            .cloned()
    }

    pub fn collections(&self) -> Vec<Arc<Collection>> {
        read(&self.collections).clone()
    }

    /// Creates a container from normalized properties; 409 if the id is taken.
    pub fn create_collection(
        &self,
        definition: PartitionKeyDefinition,
        body: Map<String, Value>,
        partitions: usize,
    ) -> Result<Arc<Collection>, ApiError> {
        let id = body.get("id").and_then(Value::as_str).unwrap_or_default();
        let mut colls = write(&self.collections);
        if colls.iter().any(|c| c.id == id) {
            return Err(ApiError::conflict());
        }
        let n = self.next_collection.fetch_add(1, Ordering::Relaxed);
        let ranges = layout::split_ring(&definition, partitions);
        let collection = Arc::new(Collection::new(
            &self.id,
            &self.rid,
            rid::collection(self.n, self.collection_base.wrapping_add(n) & 0x7FFF_FFFF),
            definition,
            body,
            ranges,
        ));
        colls.push(collection.clone());
        Ok(collection)
    }

    /// Removes a container by id or RID.
    pub fn delete_collection(&self, name_or_rid: &str) -> Option<Arc<Collection>> {
        let mut colls = write(&self.collections);
        let index = colls
            .iter()
            .position(|c| c.id == name_or_rid)
            .or_else(|| colls.iter().position(|c| c.rid == name_or_rid))?;
        Some(colls.remove(index))
    }
}
