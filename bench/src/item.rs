//! The benchmark document: one shape for every client, about 1 KB of JSON.

use cosmos_orm::CosmosDocument;
use serde::{Deserialize, Serialize};

/// Number of distinct logical partitions the items are spread over.
const PARTITIONS: usize = 64;

/// A ~1 KB item. The ORM derive is on the same struct the raw clients serialize, so every
/// Rust client sends byte-identical bodies.
#[derive(Debug, Clone, Serialize, Deserialize, CosmosDocument)]
#[cosmos(container = "bench")]
pub struct BenchItem {
    pub id: String,
    #[cosmos(partition_key)]
    pub pk: String,
    pub seq: u64,
    pub version: u64,
    pub name: String,
    pub tags: Vec<String>,
    pub payload: String,
}

impl BenchItem {
    /// The item number `seq` of a run whose ids start with `prefix`.
    pub fn new(prefix: &str, seq: u64) -> Self {
        Self {
            id: item_id(prefix, seq),
            pk: partition_of(seq),
            seq,
            version: 0,
            name: format!("benchmark item {seq}"),
            tags: vec![
                "alpha".into(),
                "beta".into(),
                "gamma".into(),
                "delta".into(),
            ],
            // 900 characters bring the serialized document (system properties excluded) to
            // about 1 KB, the size issue 2 asks for.
            payload: "x".repeat(900),
        }
    }
}

pub fn item_id(prefix: &str, seq: u64) -> String {
    format!("{prefix}-{seq}")
}

pub fn partition_of(seq: u64) -> String {
    format!("pk-{}", seq as usize % PARTITIONS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialized_item_is_about_one_kilobyte() {
        let len = serde_json::to_vec(&BenchItem::new("core", 12345))
            .unwrap()
            .len();
        assert!((950..=1100).contains(&len), "item is {len} bytes");
    }

    #[test]
    fn partition_follows_the_sequence_number() {
        let item = BenchItem::new("p", 70);
        assert_eq!(item.pk, partition_of(70));
        assert_eq!(item.id, "p-70");
    }
}
