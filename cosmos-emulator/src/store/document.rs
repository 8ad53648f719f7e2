//! Stored documents and their system properties.

use serde_json::{Map, Value};

/// Properties the service owns: stripped from incoming bodies and set on every write.
const SYSTEM_PROPERTIES: [&str; 6] = ["_rid", "_self", "_etag", "_attachments", "_ts", "_lsn"];

/// A document as stored: its body already carries `_rid`, `_self`, `_etag`, `_attachments`
/// and `_ts`, so reads serialize it as is.
#[derive(Debug, Clone)]
pub struct StoredDoc {
    /// Insertion sequence within the collection: orders feeds and is encoded in the RID.
    pub seq: u64,
    pub id: String,
    /// The document's effective partition key: its logical partition.
    pub epk: String,
    pub etag: String,
    /// The partition LSN of the write that produced this version (the change feed's order);
    /// set when the version is committed.
    pub lsn: u64,
    /// When the item expires (epoch seconds), under the container's TTL policy.
    pub expires_at: Option<u64>,
    /// Serialized size in bytes (for quotas and request charges).
    pub size: usize,
    pub body: Value,
}

impl StoredDoc {
    /// False once the item's time to live has passed: it is then gone for every read.
    pub fn is_live(&self, now: u64) -> bool {
        self.expires_at.is_none_or(|at| now < at)
    }
}

/// A document about to be written, with system properties filled for a fresh RID.
#[derive(Debug)]
pub struct NewDoc {
    pub id: String,
    pub epk: String,
    pub etag: String,
    pub expires_at: Option<u64>,
    pub size: usize,
    pub body: Map<String, Value>,
}

/// Removes client-supplied system properties: a body read back and replaced carries them.
pub fn strip_system_properties(body: &mut Map<String, Value>) {
    for key in SYSTEM_PROPERTIES {
        body.remove(key);
    }
}

/// Sets the system properties in the service's order (after the user's properties).
pub fn set_system_properties(
    body: &mut Map<String, Value>,
    rid: &str,
    self_link: &str,
    etag: &str,
    ts: u64,
) {
    body.insert("_rid".into(), Value::String(rid.to_owned()));
    body.insert("_self".into(), Value::String(self_link.to_owned()));
    body.insert("_etag".into(), Value::String(etag.to_owned()));
    body.insert("_attachments".into(), Value::String("attachments/".into()));
    body.insert("_ts".into(), Value::from(ts));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn system_properties_are_replaced_in_order() {
        let Value::Object(mut body) = json!({"id": "a", "_rid": "old", "_ts": 1, "x": 2}) else {
            unreachable!()
        };
        strip_system_properties(&mut body);
        set_system_properties(&mut body, "r", "s", "\"e\"", 5);
        let keys: Vec<&str> = body.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["id", "x", "_rid", "_self", "_etag", "_attachments", "_ts"]
        );
    }
}
