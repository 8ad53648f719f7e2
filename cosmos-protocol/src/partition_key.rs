//! Partition key values (what a request names) and definitions (what a container declares).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

/// One component of a partition key value.
///
/// Cosmos DB keys are JSON primitives, plus `Undefined` for an item that lacks the key path
/// (sent as `{}` on the wire). Numbers keep their JSON form so `5` is sent as `5`, not `5.0`.
#[derive(Debug, Clone, PartialEq)]
pub enum PartitionKeyValue {
    String(String),
    Number(serde_json::Number),
    Bool(bool),
    Null,
    Undefined,
}

impl PartitionKeyValue {
    /// The value as it appears inside the `x-ms-documentdb-partitionkey` JSON array.
    pub fn to_json(&self) -> Value {
        match self {
            Self::String(s) => Value::String(s.clone()),
            Self::Number(n) => Value::Number(n.clone()),
            Self::Bool(b) => Value::Bool(*b),
            Self::Null => Value::Null,
            Self::Undefined => Value::Object(Default::default()),
        }
    }

    /// Reads a component from its header form; `{}` is undefined, arrays and non-empty objects
    /// are not valid key values.
    pub fn from_json(value: &Value) -> Result<Self, PartitionKeyError> {
        Ok(match value {
            Value::String(s) => Self::String(s.clone()),
            Value::Number(n) => Self::Number(n.clone()),
            Value::Bool(b) => Self::Bool(*b),
            Value::Null => Self::Null,
            Value::Object(o) if o.is_empty() => Self::Undefined,
            other => return Err(PartitionKeyError::InvalidComponent(other.to_string())),
        })
    }

    /// Reads the key component stored in a document; a missing path or a non-primitive value
    /// makes the item's key undefined, as the service treats it.
    pub fn from_document_value(value: Option<&Value>) -> Self {
        match value {
            Some(Value::String(s)) => Self::String(s.clone()),
            Some(Value::Number(n)) => Self::Number(n.clone()),
            Some(Value::Bool(b)) => Self::Bool(*b),
            Some(Value::Null) => Self::Null,
            _ => Self::Undefined,
        }
    }
}

impl From<&str> for PartitionKeyValue {
    fn from(s: &str) -> Self {
        Self::String(s.to_owned())
    }
}
impl From<String> for PartitionKeyValue {
    fn from(s: String) -> Self {
        Self::String(s)
    }
}
impl From<&String> for PartitionKeyValue {
    fn from(s: &String) -> Self {
        Self::String(s.clone())
    }
}
impl From<bool> for PartitionKeyValue {
    fn from(b: bool) -> Self {
        Self::Bool(b)
    }
}
macro_rules! int_key {
    ($($t:ty),*) => {$(
        impl From<$t> for PartitionKeyValue {
            fn from(n: $t) -> Self { Self::Number(n.into()) }
        }
    )*};
}
int_key!(i8, i16, i32, i64, u8, u16, u32, u64, isize, usize);
impl From<f64> for PartitionKeyValue {
    /// Non-finite floats cannot be JSON and become `null`, as serde_json does.
    fn from(n: f64) -> Self {
        serde_json::Number::from_f64(n).map_or(Self::Null, Self::Number)
    }
}
impl<T: Into<PartitionKeyValue>> From<Option<T>> for PartitionKeyValue {
    fn from(v: Option<T>) -> Self {
        v.map_or(Self::Null, Into::into)
    }
}

/// A full or prefix partition key: one component per path of the container's definition.
///
/// `PartitionKey::NONE` (no components, `[]` on the wire) addresses items of a container that has
/// no user key path.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PartitionKey(Vec<PartitionKeyValue>);

impl PartitionKey {
    /// The empty key of containers without a partition key path.
    pub const NONE: PartitionKey = PartitionKey(Vec::new());

    /// A key with the undefined component: items that lack the key path live here.
    pub fn undefined() -> Self {
        Self(vec![PartitionKeyValue::Undefined])
    }

    /// A hierarchical key (or prefix) from its components, top level first.
    pub fn hierarchical<I, V>(components: I) -> Self
    where
        I: IntoIterator<Item = V>,
        V: Into<PartitionKeyValue>,
    {
        Self(components.into_iter().map(Into::into).collect())
    }

    pub fn components(&self) -> &[PartitionKeyValue] {
        &self.0
    }

    pub fn is_none(&self) -> bool {
        self.0.is_empty()
    }

    /// The JSON text of the `x-ms-documentdb-partitionkey` header, e.g. `["a",5]`. Non-ASCII is
    /// escaped as `\uXXXX` because HTTP header values must be visible ASCII.
    pub fn to_header(&self) -> String {
        let json =
            Value::Array(self.0.iter().map(PartitionKeyValue::to_json).collect()).to_string();
        let mut out = String::with_capacity(json.len());
        for ch in json.chars() {
            if ch.is_ascii() {
                out.push(ch);
            } else {
                let mut buf = [0u16; 2];
                for unit in ch.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
        out
    }

    /// Parses the header form. Single values (`"a"`, `5`) are accepted as one-component keys
    /// because some clients send them unwrapped.
    pub fn from_header(text: &str) -> Result<Self, PartitionKeyError> {
        let value: Value = serde_json::from_str(text.trim())
            .map_err(|e| PartitionKeyError::Malformed(format!("{text}: {e}")))?;
        match value {
            Value::Array(items) => items
                .iter()
                .map(PartitionKeyValue::from_json)
                .collect::<Result<Vec<_>, _>>()
                .map(Self),
            single => Ok(Self(vec![PartitionKeyValue::from_json(&single)?])),
        }
    }

    /// Extracts the key of a document under a definition (one component per path).
    pub fn from_document(doc: &Value, definition: &PartitionKeyDefinition) -> Self {
        Self(
            definition
                .paths
                .iter()
                .map(|path| PartitionKeyValue::from_document_value(lookup_path(doc, path)))
                .collect(),
        )
    }
}

impl<T: Into<PartitionKeyValue>> From<T> for PartitionKey {
    fn from(v: T) -> Self {
        Self(vec![v.into()])
    }
}

impl fmt::Display for PartitionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_header())
    }
}

/// Follows a partition key path such as `/address/city` (segments may be `"quoted"`).
pub fn lookup_path<'a>(doc: &'a Value, path: &str) -> Option<&'a Value> {
    path_segments(path)
        .iter()
        .try_fold(doc, |node, segment| node.as_object()?.get(segment.as_str()))
}

/// Splits a key path into its property names. Quoted segments (`/"a/b"`) keep their slashes.
pub fn path_segments(path: &str) -> Vec<String> {
    let mut segments = Vec::new();
    let mut chars = path.trim_start_matches('/').chars().peekable();
    while chars.peek().is_some() {
        let mut segment = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => segment.extend(chars.next()),
                    '"' => break,
                    c => segment.push(c),
                }
            }
            // Skip to the next separator after the closing quote.
            for c in chars.by_ref() {
                if c == '/' {
                    break;
                }
            }
        } else {
            for c in chars.by_ref() {
                if c == '/' {
                    break;
                }
                segment.push(c);
            }
        }
        segments.push(segment);
    }
    segments
}

/// `Hash` for one path, `MultiHash` for hierarchical keys (up to three paths).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum PartitionKeyKind {
    #[default]
    Hash,
    MultiHash,
    Range,
}

/// A container's `partitionKey` property.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartitionKeyDefinition {
    pub paths: Vec<String>,
    #[serde(default)]
    pub kind: PartitionKeyKind,
    /// A missing version means V1: the JS SDK creates containers without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u8>,
    /// Set on containers whose key is the system key (`/_partitionKey`).
    #[serde(default, rename = "systemKey", skip_serializing_if = "Option::is_none")]
    pub system_key: Option<bool>,
}

impl PartitionKeyDefinition {
    /// A single-path V2 definition, e.g. `PartitionKeyDefinition::new("/category")`.
    pub fn new(path: impl Into<String>) -> Self {
        Self {
            paths: vec![path.into()],
            kind: PartitionKeyKind::Hash,
            version: Some(2),
            system_key: None,
        }
    }

    /// A hierarchical (MultiHash, V2) definition over up to three paths.
    pub fn hierarchical<I, S>(paths: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            paths: paths.into_iter().map(Into::into).collect(),
            kind: PartitionKeyKind::MultiHash,
            version: Some(2),
            system_key: None,
        }
    }

    /// The hash version in effect (1 when absent).
    pub fn effective_version(&self) -> u8 {
        self.version.unwrap_or(1)
    }

    /// Checks the definition the way the service does on container creation.
    pub fn validate(&self) -> Result<(), PartitionKeyError> {
        let max = match self.kind {
            PartitionKeyKind::MultiHash => 3,
            _ => 1,
        };
        if self.paths.is_empty() || self.paths.len() > max {
            return Err(PartitionKeyError::Definition(format!(
                "a {:?} partition key needs 1 to {max} paths, got {}",
                self.kind,
                self.paths.len()
            )));
        }
        for path in &self.paths {
            if !path.starts_with('/') || path.len() < 2 || path.ends_with('/') {
                return Err(PartitionKeyError::Definition(format!(
                    "partition key path '{path}' is invalid: it must start with '/' and name a property"
                )));
            }
        }
        match self.version {
            None | Some(1) | Some(2) => {}
            Some(v) => {
                return Err(PartitionKeyError::Definition(format!(
                    "partition key version {v} is not supported (1 or 2)"
                )))
            }
        }
        if self.kind == PartitionKeyKind::MultiHash && self.effective_version() != 2 {
            return Err(PartitionKeyError::Definition(
                "a MultiHash partition key requires version 2".into(),
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PartitionKeyError {
    #[error("malformed partition key {0}")]
    Malformed(String),
    #[error("partition key component {0} is not a string, number, boolean, null or {{}}")]
    InvalidComponent(String),
    #[error("invalid partition key definition: {0}")]
    Definition(String),
    #[error("partition key has {given} components but the container defines {expected}")]
    ComponentCount { given: usize, expected: usize },
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn header_round_trip() {
        for text in [
            r#"["a"]"#,
            "[5]",
            "[null]",
            "[{}]",
            "[]",
            r#"["a","b",true]"#,
            "[1.5]",
        ] {
            let key = PartitionKey::from_header(text).unwrap();
            assert_eq!(key.to_header(), text);
        }
    }

    #[test]
    fn header_escapes_non_ascii() {
        let key = PartitionKey::from("café ☕");
        assert_eq!(key.to_header(), r#"["caf\u00e9 \u2615"]"#);
        assert_eq!(PartitionKey::from_header(&key.to_header()).unwrap(), key);
    }

    #[test]
    fn header_rejects_non_primitive_components() {
        assert!(PartitionKey::from_header(r#"[[1]]"#).is_err());
        assert!(PartitionKey::from_header(r#"[{"a":1}]"#).is_err());
        assert!(PartitionKey::from_header("[").is_err());
    }

    #[test]
    fn extracts_nested_and_missing_paths() {
        let def = PartitionKeyDefinition::hierarchical(["/tenant", "/address/city", "/missing"]);
        let doc = json!({"tenant": "t1", "address": {"city": 7}});
        let key = PartitionKey::from_document(&doc, &def);
        assert_eq!(key.to_header(), r#"["t1",7,{}]"#);
    }

    #[test]
    fn quoted_path_segments() {
        assert_eq!(path_segments(r#"/"a/b"/c"#), vec!["a/b", "c"]);
        assert_eq!(path_segments("/x"), vec!["x"]);
    }

    #[test]
    fn definition_validation() {
        assert!(PartitionKeyDefinition::new("/pk").validate().is_ok());
        assert!(PartitionKeyDefinition::new("pk").validate().is_err());
        assert!(
            PartitionKeyDefinition::hierarchical(["/a", "/b", "/c", "/d"])
                .validate()
                .is_err()
        );
        let v1: PartitionKeyDefinition =
            serde_json::from_value(json!({"paths": ["/pk"], "kind": "Hash"})).unwrap();
        assert_eq!(v1.effective_version(), 1);
    }
}
