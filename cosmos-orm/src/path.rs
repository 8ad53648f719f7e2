//! JSON paths of document fields, rendered as Cosmos SQL property accessors,
//! JSON Pointers (patch) and partition key paths.

use std::borrow::Cow;
use std::fmt::Write as _;

/// One step of a [`FieldPath`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    /// A property name, exactly as serde writes it.
    Name(Cow<'static, str>),
    /// An array element.
    Index(usize),
}

/// The JSON location of a field inside a document, as serde lays it out
/// (renames applied, flattened structs merged into their parent).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct FieldPath {
    segments: Vec<Segment>,
}

impl FieldPath {
    /// The document itself.
    pub fn root() -> Self {
        Self::default()
    }

    /// This path extended by a property name.
    pub fn child(&self, name: impl Into<Cow<'static, str>>) -> Self {
        let mut segments = self.segments.clone();
        segments.push(Segment::Name(name.into()));
        Self { segments }
    }

    /// This path extended by an array index.
    pub fn index(&self, index: usize) -> Self {
        let mut segments = self.segments.clone();
        segments.push(Segment::Index(index));
        Self { segments }
    }

    /// The steps from the document root.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The Cosmos SQL accessor rooted at `alias`, e.g. `c.address.city`,
    /// `c["first-name"]` or `c.tags[0]`.
    pub fn to_sql(&self, alias: &str) -> String {
        let mut out = String::from(alias);
        for segment in &self.segments {
            match segment {
                Segment::Name(name) if is_plain_identifier(name) => {
                    out.push('.');
                    out.push_str(name);
                }
                Segment::Name(name) => {
                    out.push('[');
                    out.push_str(&json_string(name));
                    out.push(']');
                }
                Segment::Index(i) => {
                    let _ = write!(out, "[{i}]");
                }
            }
        }
        out
    }

    /// The RFC 6901 JSON Pointer used by patch operations, e.g. `/a~1b/0`.
    pub fn to_pointer(&self) -> String {
        let mut out = String::new();
        for segment in &self.segments {
            out.push('/');
            match segment {
                Segment::Name(name) => out.push_str(&name.replace('~', "~0").replace('/', "~1")),
                Segment::Index(i) => {
                    let _ = write!(out, "{i}");
                }
            }
        }
        out
    }

    /// The container partition key path, e.g. `/tenantId` or `/address/city`.
    /// Names that are not plain identifiers are quoted, as the service expects.
    pub fn to_partition_key_path(&self) -> String {
        let mut out = String::new();
        for segment in &self.segments {
            out.push('/');
            match segment {
                Segment::Name(name) if is_plain_identifier(name) => out.push_str(name),
                Segment::Name(name) => out.push_str(&json_string(name)),
                Segment::Index(i) => {
                    let _ = write!(out, "{i}");
                }
            }
        }
        out
    }
}

fn json_string(s: &str) -> String {
    // Serializing a str cannot fail; JSON string escapes are also valid Cosmos SQL escapes.
    serde_json::Value::String(s.to_owned()).to_string()
}

/// Keywords of the Cosmos NoSQL grammar; a property with one of these names
/// must be accessed with brackets (`c["value"]`).
const RESERVED: &[&str] = &[
    "and",
    "array",
    "as",
    "asc",
    "between",
    "by",
    "case",
    "cast",
    "convert",
    "cross",
    "desc",
    "distinct",
    "else",
    "end",
    "escape",
    "exists",
    "false",
    "for",
    "from",
    "group",
    "having",
    "in",
    "inner",
    "insert",
    "into",
    "is",
    "join",
    "left",
    "like",
    "limit",
    "not",
    "null",
    "offset",
    "on",
    "or",
    "order",
    "outer",
    "over",
    "right",
    "select",
    "set",
    "then",
    "top",
    "true",
    "udf",
    "undefined",
    "update",
    "value",
    "when",
    "where",
    "with",
];

fn is_plain_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    let starts_well = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    starts_well
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !RESERVED.iter().any(|k| k.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_uses_dots_for_identifiers_and_brackets_otherwise() {
        let p = FieldPath::root().child("address").child("city");
        assert_eq!(p.to_sql("c"), "c.address.city");
        let p = FieldPath::root().child("first-name");
        assert_eq!(p.to_sql("c"), r#"c["first-name"]"#);
        let p = FieldPath::root().child("value");
        assert_eq!(p.to_sql("c"), r#"c["value"]"#);
        let p = FieldPath::root().child("tags").index(2);
        assert_eq!(p.to_sql("c"), "c.tags[2]");
        let p = FieldPath::root().child("q\"uote");
        assert_eq!(p.to_sql("c"), r#"c["q\"uote"]"#);
    }

    #[test]
    fn pointer_escapes_tilde_and_slash() {
        let p = FieldPath::root().child("a/b").child("c~d").index(0);
        assert_eq!(p.to_pointer(), "/a~1b/c~0d/0");
    }

    #[test]
    fn partition_key_paths() {
        let p = FieldPath::root().child("address").child("city");
        assert_eq!(p.to_partition_key_path(), "/address/city");
        let p = FieldPath::root().child("my key");
        assert_eq!(p.to_partition_key_path(), r#"/"my key""#);
    }
}
