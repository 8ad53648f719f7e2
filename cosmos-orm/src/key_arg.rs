//! Typed partition key values.
//!
//! A document's key type (`CosmosDocument::Key`) is the Rust type of its key
//! field, or a tuple of them for a hierarchical key. [`KeyArg`] says which
//! argument types may stand for such a key, so `Batch::<User>::new(5)` fails to
//! compile when `User` is keyed by a string.

use crate::key::{PartitionKey, PartitionKeyValue};

/// A Rust type usable as one level of a partition key: strings, numbers,
/// booleans, and `Option` of those (`None` is JSON `null`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a partition key value",
    label = "unsupported partition key type",
    note = "partition keys must be strings, numbers, booleans, or `Option` of those"
)]
pub trait KeyPart {
    /// The key component this value produces in a stored document.
    fn key_value(&self) -> PartitionKeyValue;

    /// Like [`KeyPart::key_value`] for a field serialized with
    /// `skip_serializing_if`: an absent `None` is *undefined*, not `null`.
    fn key_value_skipping_none(&self) -> PartitionKeyValue {
        self.key_value()
    }
}

/// Non-finite floats serialize as `null` in serde_json, so the stored key is `null` too.
fn float_value(f: f64) -> PartitionKeyValue {
    serde_json::Number::from_f64(f).map_or(PartitionKeyValue::Null, PartitionKeyValue::Number)
}

impl KeyPart for String {
    fn key_value(&self) -> PartitionKeyValue {
        PartitionKeyValue::String(self.clone())
    }
}

impl KeyPart for bool {
    fn key_value(&self) -> PartitionKeyValue {
        PartitionKeyValue::Bool(*self)
    }
}

macro_rules! int_key_part {
    ($($t:ty),*) => {$(
        impl KeyPart for $t {
            fn key_value(&self) -> PartitionKeyValue {
                PartitionKeyValue::Number((*self).into())
            }
        }
    )*};
}
int_key_part!(i8, i16, i32, i64, u8, u16, u32, u64);

impl KeyPart for f32 {
    fn key_value(&self) -> PartitionKeyValue {
        float_value(f64::from(*self))
    }
}

impl KeyPart for f64 {
    fn key_value(&self) -> PartitionKeyValue {
        float_value(*self)
    }
}

impl<T: KeyPart> KeyPart for Option<T> {
    fn key_value(&self) -> PartitionKeyValue {
        self.as_ref()
            .map_or(PartitionKeyValue::Null, KeyPart::key_value)
    }

    fn key_value_skipping_none(&self) -> PartitionKeyValue {
        self.as_ref()
            .map_or(PartitionKeyValue::Undefined, KeyPart::key_value)
    }
}

impl<T: KeyPart> KeyPart for Box<T> {
    fn key_value(&self) -> PartitionKeyValue {
        (**self).key_value()
    }
}

/// A whole key type: one [`KeyPart`], or a tuple of two or three for a
/// hierarchical key.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a partition key",
    label = "unsupported partition key type",
    note = "partition keys must be strings, numbers, booleans, or `Option` of those"
)]
pub trait KeyType {
    /// Number of levels.
    const LEVELS: usize;
}

/// An argument that can stand for one key level of type `K` (so `&str` works
/// for a `String` level and a literal `5` for an `i64` level).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be used as a partition key level of type `{K}`",
    label = "expected a key value of type `{K}`"
)]
pub trait KeyPartArg<K> {
    /// The key component.
    fn into_key_value(self) -> PartitionKeyValue;
}

/// An argument that can stand for a whole key of type `K`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a partition key of type `{K}`",
    label = "expected a partition key of type `{K}`",
    note = "hierarchical keys are passed as tuples, outermost level first"
)]
pub trait KeyArg<K> {
    /// The full key value.
    fn into_partition_key(self) -> PartitionKey;
}

impl KeyPartArg<String> for &str {
    fn into_key_value(self) -> PartitionKeyValue {
        PartitionKeyValue::String(self.to_owned())
    }
}

impl KeyPartArg<String> for &String {
    fn into_key_value(self) -> PartitionKeyValue {
        PartitionKeyValue::String(self.clone())
    }
}

impl<K, X: KeyPartArg<K>> KeyPartArg<Option<K>> for Option<X> {
    fn into_key_value(self) -> PartitionKeyValue {
        self.map_or(PartitionKeyValue::Null, KeyPartArg::into_key_value)
    }
}

impl KeyPartArg<Option<String>> for &str {
    fn into_key_value(self) -> PartitionKeyValue {
        PartitionKeyValue::String(self.to_owned())
    }
}

// Every base type stands for itself and for `Option` of itself, and is a
// one-level key. Written per type (not as a blanket impl) so the tuple impls
// below stay coherent and integer literals infer the field's exact type.
macro_rules! base_key {
    ($($t:ty),*) => {$(
        impl KeyPartArg<$t> for $t {
            fn into_key_value(self) -> PartitionKeyValue {
                KeyPart::key_value(&self)
            }
        }
        impl KeyPartArg<Option<$t>> for $t {
            fn into_key_value(self) -> PartitionKeyValue {
                KeyPart::key_value(&self)
            }
        }
        impl KeyType for $t {
            const LEVELS: usize = 1;
        }
        impl KeyType for Option<$t> {
            const LEVELS: usize = 1;
        }
        impl<X: KeyPartArg<$t>> KeyArg<$t> for X {
            fn into_partition_key(self) -> PartitionKey {
                PartitionKey::hierarchical(vec![self.into_key_value()])
            }
        }
        impl<X: KeyPartArg<Option<$t>>> KeyArg<Option<$t>> for X {
            fn into_partition_key(self) -> PartitionKey {
                PartitionKey::hierarchical(vec![self.into_key_value()])
            }
        }
    )*};
}
base_key!(String, bool, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

impl<A: KeyPart, B: KeyPart> KeyType for (A, B) {
    const LEVELS: usize = 2;
}

impl<A: KeyPart, B: KeyPart, C: KeyPart> KeyType for (A, B, C) {
    const LEVELS: usize = 3;
}

impl<A, B, X: KeyPartArg<A>, Y: KeyPartArg<B>> KeyArg<(A, B)> for (X, Y) {
    fn into_partition_key(self) -> PartitionKey {
        PartitionKey::hierarchical(vec![self.0.into_key_value(), self.1.into_key_value()])
    }
}

impl<A, B, C, X: KeyPartArg<A>, Y: KeyPartArg<B>, Z: KeyPartArg<C>> KeyArg<(A, B, C)>
    for (X, Y, Z)
{
    fn into_partition_key(self) -> PartitionKey {
        PartitionKey::hierarchical(vec![
            self.0.into_key_value(),
            self.1.into_key_value(),
            self.2.into_key_value(),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key<K>(k: impl KeyArg<K>) -> serde_json::Value {
        serde_json::from_str(&k.into_partition_key().to_header()).unwrap()
    }

    #[test]
    fn single_levels_accept_borrowed_and_literal_values() {
        assert_eq!(key::<String>("a").to_string(), r#"["a"]"#);
        assert_eq!(key::<String>(&"b".to_string()).to_string(), r#"["b"]"#);
        assert_eq!(key::<i64>(5).to_string(), "[5]");
        assert_eq!(key::<f64>(1.5).to_string(), "[1.5]");
        assert_eq!(key::<bool>(true).to_string(), "[true]");
        assert_eq!(key::<Option<String>>("x").to_string(), r#"["x"]"#);
        assert_eq!(key::<Option<String>>(None::<&str>).to_string(), "[null]");
    }

    #[test]
    fn hierarchical_keys_are_tuples() {
        assert_eq!(key::<(String, u32)>(("t", 7)).to_string(), r#"["t",7]"#);
        assert_eq!(
            key::<(String, String, bool)>(("a", "b", false)).to_string(),
            r#"["a","b",false]"#
        );
    }

    #[test]
    fn absent_options_are_undefined_only_when_skipped() {
        let none: Option<String> = None;
        assert_eq!(none.key_value(), PartitionKeyValue::Null);
        assert_eq!(none.key_value_skipping_none(), PartitionKeyValue::Undefined);
        assert_eq!(f64::NAN.key_value(), PartitionKeyValue::Null);
    }
}
