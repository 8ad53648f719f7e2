//! The traits implemented by `#[derive(CosmosDocument)]` and `#[derive(CosmosFields)]`.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::key::{PartitionKey, PartitionKeyDefinition};
use crate::key_arg::KeyType;
use crate::path::FieldPath;

/// A struct whose fields have typed handles (documents and embedded structs).
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no typed fields",
    label = "derive `CosmosFields` (or `CosmosDocument`) on this type",
    note = "maps and other dynamic types have no static paths; mark such a field `#[cosmos(skip)]`"
)]
pub trait HasFields {
    /// The generated struct of handles, one per field, for paths inside document `R`.
    type Fields<R>: Clone;

    /// The handles, with every path starting at `base`.
    fn fields_at<R>(base: &FieldPath) -> Self::Fields<R>;

    /// The handles of this type used as a document.
    fn fields() -> Self::Fields<Self>
    where
        Self: Sized,
    {
        Self::fields_at(&FieldPath::root())
    }
}

/// The field handles of document type `T`: `cosmos_orm::fields::<User>().age.gt(18)`.
pub fn fields<T: HasFields>() -> T::Fields<T> {
    T::fields_at(&FieldPath::root())
}

/// A document stored in a Cosmos DB container. Derive it; see the crate docs
/// for the attributes.
pub trait CosmosDocument: HasFields + Serialize + DeserializeOwned + Sized {
    /// The Rust type of the partition key: the key field's type, or a tuple
    /// of the level types for a hierarchical key.
    type Key: KeyType;

    /// The container name.
    const CONTAINER: &'static str;

    /// Whether a field is marked `#[cosmos(ttl)]`. Per-item TTL only takes
    /// effect in a container with TTL enabled, so `ensure_container` enables it.
    const HAS_TTL: bool = false;

    /// The document id.
    fn id(&self) -> &str;

    /// The document's partition key value.
    fn partition_key(&self) -> PartitionKey;

    /// The JSON paths of the key levels, outermost first.
    fn partition_key_paths() -> Vec<FieldPath>;

    /// The container's partition key definition: `Hash` for one path,
    /// `MultiHash` for a hierarchical key, always hash version 2.
    fn partition_key_definition() -> PartitionKeyDefinition {
        let paths: Vec<String> = Self::partition_key_paths()
            .iter()
            .map(FieldPath::to_partition_key_path)
            .collect();
        match paths.as_slice() {
            [single] => PartitionKeyDefinition::new(single.clone()),
            _ => PartitionKeyDefinition::hierarchical(paths),
        }
    }

    /// The `_etag` the document was read with, for optimistic concurrency.
    /// `None` unless a field is marked `#[cosmos(etag)]`.
    fn etag(&self) -> Option<&str> {
        None
    }

    /// Stores the `_etag` returned by a write. Does nothing without an etag field.
    fn set_etag(&mut self, etag: Option<String>) {
        let _ = etag;
    }

    /// The per-item time to live in seconds, from the `#[cosmos(ttl)]` field.
    fn ttl(&self) -> Option<i64> {
        None
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::tests_cfg::{Category, Event, Note, User};
    use crate::{PartitionKey, PartitionKeyKind, PartitionKeyValue};

    fn key_json(key: &PartitionKey) -> serde_json::Value {
        serde_json::from_str(&key.to_header()).unwrap()
    }

    #[test]
    fn single_key_definition_and_values() {
        let def = User::partition_key_definition();
        assert_eq!(
            serde_json::to_value(&def).unwrap(),
            json!({"paths": ["/tenantId"], "kind": "Hash", "version": 2})
        );
        assert_eq!(User::CONTAINER, "users");
        let user = User::sample("u1", "acme");
        assert_eq!(user.id(), "u1");
        assert_eq!(key_json(&user.partition_key()), json!(["acme"]));
    }

    #[test]
    fn hierarchical_key_with_embedded_level() {
        let def = Event::partition_key_definition();
        assert_eq!(def.paths, ["/Tenant", "/Place/geo/lat", "/Day"]);
        assert_eq!(def.kind, PartitionKeyKind::MultiHash);
        assert_eq!(Event::CONTAINER, "events_v2");
        // The key type is inferred through the embedded struct: (String, f64, i64).
        let key: <Event as CosmosDocument>::Key = ("t".to_string(), 1.5, 3);
        assert_eq!(key.1, 1.5);
    }

    #[test]
    fn key_inside_flattened_struct_and_custom_id() {
        assert_eq!(Note::partition_key_definition().paths, ["/created_by"]);
        let note: Note = serde_json::from_value(json!({
            "id": "n1", "created_by": "bob", "version": 2, "body": {"x": 1}
        }))
        .unwrap();
        assert_eq!(note.id(), "n1");
        assert_eq!(key_json(&note.partition_key()), json!(["bob"]));
    }

    #[test]
    fn skipped_none_key_is_undefined() {
        let c = Category {
            id: "c".into(),
            parent: None,
        };
        assert_eq!(
            c.partition_key().components(),
            [PartitionKeyValue::Undefined]
        );
        let c = Category {
            id: "c".into(),
            parent: Some("p".into()),
        };
        assert_eq!(key_json(&c.partition_key()), json!(["p"]));
    }

    #[test]
    fn etag_and_ttl_round_trip() {
        let mut user = User::sample("u1", "acme");
        assert_eq!(user.etag(), None);
        user.set_etag(Some("\"0a\"".into()));
        assert_eq!(user.etag(), Some("\"0a\""));
        user.ttl = Some(60);
        assert_eq!(user.ttl(), Some(60));
        let json = serde_json::to_value(&user).unwrap();
        assert_eq!(json["_etag"], json!("\"0a\""));
        assert_eq!(json["ttl"], json!(60));
        assert!(
            json.get("cached").is_none(),
            "skipped fields are not stored"
        );
        assert_eq!(
            json["created_by"],
            json!("system"),
            "flattened fields merge into the document"
        );
    }

    #[test]
    fn handle_paths_follow_serde() {
        let f = User::fields();
        assert_eq!(f.first_name.path().to_pointer(), "/first-name");
        assert_eq!(f.home.geo.lon.path().to_sql("c"), "c.home.geo.lon");
        assert_eq!(f.audit.version.path().to_pointer(), "/version");
        assert_eq!(f.etag.path().to_sql("c"), "c._etag");
        assert_eq!(
            crate::fields::<User>().tags.at(3).path().to_pointer(),
            "/tags/3"
        );
    }
}
