//! Support for the derive's generated code. Not public API: may change in any release.

pub use crate::key_arg::KeyPart;

/// Builds a document's key from its level values, outermost first.
pub fn partition_key(levels: Vec<crate::PartitionKeyValue>) -> crate::PartitionKey {
    crate::PartitionKey::hierarchical(levels)
}

/// The type of a `#[cosmos(id)]` field.
#[diagnostic::on_unimplemented(
    message = "the document id must be a `String`, not `{Self}`",
    label = "id fields must be `String`"
)]
pub trait IdType {
    /// The id as text.
    fn as_id(&self) -> &str;
}

impl IdType for String {
    fn as_id(&self) -> &str {
        self
    }
}

/// The type of a `#[cosmos(etag)]` field.
#[diagnostic::on_unimplemented(
    message = "the etag field must be `Option<String>`, not `{Self}`",
    label = "etag fields must be `Option<String>`"
)]
pub trait EtagType {
    /// The current etag.
    fn get(&self) -> Option<&str>;
    /// Replaces the etag.
    fn set(&mut self, etag: Option<String>);
}

impl EtagType for Option<String> {
    fn get(&self) -> Option<&str> {
        self.as_deref()
    }
    fn set(&mut self, etag: Option<String>) {
        *self = etag;
    }
}

/// The type of a `#[cosmos(ttl)]` field: seconds, `-1` for "never expires".
#[diagnostic::on_unimplemented(
    message = "the ttl field must be an integer or `Option` of one, not `{Self}`",
    label = "ttl fields hold seconds as integers"
)]
pub trait TtlType {
    /// Seconds to live.
    fn seconds(&self) -> Option<i64>;
}

macro_rules! ttl {
    ($($t:ty),*) => {$(
        impl TtlType for $t {
            fn seconds(&self) -> Option<i64> {
                Some(i64::from(*self))
            }
        }
        impl TtlType for Option<$t> {
            fn seconds(&self) -> Option<i64> {
                self.map(i64::from)
            }
        }
    )*};
}
ttl!(i32, i64, u16, u32);

/// Rust field names of a struct in declaration order (for nested key lookups).
pub trait FieldTable {
    /// Names, skipped fields excluded.
    const RUST_FIELDS: &'static [&'static str];
}

/// The Rust type of the field at position `I` of [`FieldTable::RUST_FIELDS`].
pub trait FieldAt<const I: usize> {
    /// The field type.
    type Type;
}

/// Position of `name` in `fields`, evaluated at compile time. An unknown name
/// stops compilation with this message.
pub const fn field_index(fields: &[&str], name: &str) -> usize {
    let mut i = 0;
    while i < fields.len() {
        if str_eq(fields[i], name) {
            return i;
        }
        i += 1;
    }
    panic!("cosmos: the partition key path names a field that the embedded struct does not have");
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_index_finds_names() {
        assert_eq!(field_index(&["a", "bb", "c"], "bb"), 1);
        const I: usize = field_index(&["x", "y"], "y");
        assert_eq!(I, 1);
    }
}
