//! Container policies enforced on writes: time to live (`defaultTtl` and an item's `ttl`) and
//! unique keys (`uniqueKeyPolicy`, unique per logical partition).

use super::document::StoredDoc;
use crate::errors::ApiError;
use cosmos_protocol::partition_key::lookup_path;
use serde_json::{Map, Value};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Policy {
    /// `None`: TTL is off and items never expire. `Some(-1)`: on, items expire only with
    /// their own `ttl`. `Some(n)`: items expire `n` seconds after their last write.
    pub default_ttl: Option<i64>,
    /// Each entry is one unique key: the paths whose values must be unique together.
    pub unique_keys: Vec<Vec<String>>,
}

impl Policy {
    /// Reads the policies from a container's (checked) properties.
    pub fn from_properties(body: &Map<String, Value>) -> Self {
        let unique_keys = body
            .get("uniqueKeyPolicy")
            .and_then(|p| p.get("uniqueKeys"))
            .and_then(Value::as_array)
            .map(|keys| {
                keys.iter()
                    .filter_map(|k| k.get("paths")?.as_array())
                    .map(|paths| {
                        paths
                            .iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .collect()
            })
            .unwrap_or_default();
        Self {
            default_ttl: body.get("defaultTtl").and_then(Value::as_i64),
            unique_keys,
        }
    }

    /// When an item written at `ts` expires (epoch seconds), or `None` if it does not. An
    /// item's `ttl` must be -1 or a positive integer; it only counts when TTL is on.
    pub fn expiry(&self, body: &Map<String, Value>, ts: u64) -> Result<Option<u64>, ApiError> {
        let item_ttl = match body.get("ttl") {
            None | Some(Value::Null) => None,
            Some(v) => match v.as_i64() {
                Some(t) if t == -1 || t > 0 => Some(t),
                _ => {
                    return Err(ApiError::bad_request(format!(
                        "The value of 'ttl' ({v}) is invalid: it must be -1 or a positive integer."
                    )))
                }
            },
        };
        let Some(default) = self.default_ttl else {
            return Ok(None);
        };
        Ok(match item_ttl.unwrap_or(default) {
            t if t > 0 => Some(ts + t as u64),
            _ => None,
        })
    }

    /// 409 when `body` (item `id`) repeats a unique key of another item in `others` (the
    /// items of its logical partition).
    pub fn check_unique<'a>(
        &self,
        id: &str,
        body: &Map<String, Value>,
        others: impl Iterator<Item = &'a StoredDoc> + Clone,
    ) -> Result<(), ApiError> {
        if self.unique_keys.is_empty() {
            return Ok(());
        }
        let doc = Value::Object(body.clone());
        for paths in &self.unique_keys {
            let key: Vec<Option<&Value>> = paths.iter().map(|p| lookup_path(&doc, p)).collect();
            let clash = others.clone().filter(|o| o.id != id).any(|other| {
                paths
                    .iter()
                    .zip(&key)
                    .all(|(p, v)| lookup_path(&other.body, p) == *v)
            });
            if clash {
                return Err(ApiError::new(
                    http::StatusCode::CONFLICT,
                    "Conflict",
                    "Unique index constraint violation.",
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    fn stored(id: &str, body: Value) -> StoredDoc {
        StoredDoc {
            seq: 1,
            id: id.into(),
            epk: "01".into(),
            etag: String::new(),
            lsn: 0,
            expires_at: None,
            size: 0,
            body,
        }
    }

    #[test]
    fn ttl_rules() {
        let off = Policy::default();
        assert_eq!(off.expiry(&map(json!({"ttl": 5})), 100).unwrap(), None);
        let on = Policy {
            default_ttl: Some(-1),
            ..Policy::default()
        };
        assert_eq!(on.expiry(&map(json!({})), 100).unwrap(), None);
        assert_eq!(on.expiry(&map(json!({"ttl": 5})), 100).unwrap(), Some(105));
        let ten = Policy {
            default_ttl: Some(10),
            ..Policy::default()
        };
        assert_eq!(ten.expiry(&map(json!({})), 100).unwrap(), Some(110));
        assert_eq!(ten.expiry(&map(json!({"ttl": -1})), 100).unwrap(), None);
        assert!(ten.expiry(&map(json!({"ttl": 0})), 100).is_err());
        assert!(ten.expiry(&map(json!({"ttl": "5"})), 100).is_err());
    }

    #[test]
    fn unique_keys_compare_all_paths_together() {
        let policy = Policy::from_properties(&map(json!({
            "uniqueKeyPolicy": {"uniqueKeys": [{"paths": ["/email"]}, {"paths": ["/first", "/last"]}]}
        })));
        assert_eq!(policy.unique_keys.len(), 2);
        let existing = [stored(
            "a",
            json!({"email": "x@y", "first": "A", "last": "B"}),
        )];
        let check = |id: &str, body: Value| policy.check_unique(id, &map(body), existing.iter());
        assert!(check("b", json!({"email": "x@y"})).is_err());
        assert!(
            check("a", json!({"email": "x@y"})).is_ok(),
            "an item may keep its own key"
        );
        assert!(check("b", json!({"email": "z", "first": "A", "last": "C"})).is_ok());
        assert!(check("b", json!({"email": "z", "first": "A", "last": "B"})).is_err());
    }
}
