//! Typed field handles.
//!
//! `#[derive(CosmosDocument)]` (and `CosmosFields` for embedded structs) gives
//! every field a handle whose type depends on the field's Rust type, found
//! through [`FieldType`]: `String` fields get a [`StringField`], numbers a
//! [`NumberField`], `Vec`s an [`ArrayField`], embedded structs a
//! [`NestedField`]. Each handle only offers the operators that make sense for
//! it, so `contains` exists only on strings and `incr` only on numbers.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::expr::Operand;
use crate::path::FieldPath;

#[macro_use]
mod macros;
mod compound;
mod scalar;

pub use compound::{ArrayField, MapField, NestedField, ValueField};
pub use scalar::{BoolField, NumberField, StringField};

/// What every handle exposes: the document type it belongs to, the Rust type
/// of the field's value and its JSON path.
pub trait TypedField {
    /// The document type the path starts from.
    type Root;
    /// The field's Rust type (the inner type for `Option` fields).
    type Value: Serialize;
    /// The field's JSON path inside `Root`.
    fn path(&self) -> &FieldPath;
}

impl<F: TypedField> TypedField for &F {
    type Root = F::Root;
    type Value = F::Value;
    fn path(&self) -> &FieldPath {
        (**self).path()
    }
}

/// Maps a field's Rust type to its handle type.
///
/// Implemented for strings, numbers, `bool`, `Vec`, string-keyed maps,
/// `serde_json::Value`, `Option`/`Box` of those, and every struct deriving
/// `CosmosFields` or `CosmosDocument`. Implement it for your own types (for
/// example an enum serialized as a string) by choosing an existing handle:
///
/// ```
/// use cosmos_orm::{FieldPath, FieldType, ValueField};
///
/// #[derive(serde::Serialize)]
/// enum Status { Active, Closed }
///
/// impl FieldType for Status {
///     type Handle<R> = ValueField<R, Status>;
///     fn handle<R>(path: FieldPath) -> Self::Handle<R> {
///         ValueField::new(path)
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no typed field handle",
    label = "this field type is not known to cosmos-orm",
    note = "derive `CosmosFields` on embedded structs, implement `FieldType` for the type, or mark the field `#[cosmos(opaque)]`"
)]
pub trait FieldType {
    /// The handle type for a field of this type inside document `R`.
    type Handle<R>: TypedField<Root = R> + Clone;
    /// The handle at `path`.
    fn handle<R>(path: FieldPath) -> Self::Handle<R>;
}

/// A value accepted where a field of type `V` is expected: `V` itself, and
/// `&str`/`&String` for `String` fields.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a valid value for a field of type `{V}`",
    label = "expected a value of type `{V}`"
)]
pub trait IntoFieldValue<V> {
    /// The value as the field's type.
    fn into_field_value(self) -> V;
}

impl<V> IntoFieldValue<V> for V {
    fn into_field_value(self) -> V {
        self
    }
}

impl IntoFieldValue<String> for &str {
    fn into_field_value(self) -> String {
        self.to_owned()
    }
}

impl IntoFieldValue<String> for &String {
    fn into_field_value(self) -> String {
        self.clone()
    }
}

/// Serializes a typed value; failures are kept and reported when building.
pub(crate) fn operand<V: Serialize>(value: V) -> Operand {
    serde_json::to_value(value).map_err(Into::into)
}

/// Numeric Rust types; only their handles offer `incr`.
pub trait Numeric: Serialize + Copy {}

/// Handles of numeric fields, accepted by `Patch::incr`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a numeric field",
    label = "`incr` needs a number field",
    note = "only fields of integer or float type can be incremented"
)]
pub trait NumericField: TypedField {}

/// Handles of array fields, accepted by `Patch::push` and `Patch::insert`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an array field",
    label = "expected a `Vec` field"
)]
pub trait ArrayLike: TypedField {
    /// The element type.
    type Element: Serialize;
}

impl<F: NumericField> NumericField for &F {}
impl<F: ArrayLike> ArrayLike for &F {
    type Element = F::Element;
}

impl FieldType for String {
    type Handle<R> = StringField<R>;
    fn handle<R>(path: FieldPath) -> StringField<R> {
        StringField::new(path)
    }
}

impl FieldType for bool {
    type Handle<R> = BoolField<R>;
    fn handle<R>(path: FieldPath) -> BoolField<R> {
        BoolField::new(path)
    }
}

macro_rules! numeric {
    ($($t:ty),*) => {$(
        impl Numeric for $t {}
        impl FieldType for $t {
            type Handle<R> = NumberField<R, $t>;
            fn handle<R>(path: FieldPath) -> NumberField<R, $t> {
                NumberField::new(path)
            }
        }
    )*};
}
numeric!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, f32, f64);

impl<E: Serialize> FieldType for Vec<E> {
    type Handle<R> = ArrayField<R, E>;
    fn handle<R>(path: FieldPath) -> ArrayField<R, E> {
        ArrayField::new(path)
    }
}

impl<V: Serialize> FieldType for HashMap<String, V> {
    type Handle<R> = MapField<R, V>;
    fn handle<R>(path: FieldPath) -> MapField<R, V> {
        MapField::new(path)
    }
}

impl<V: Serialize> FieldType for BTreeMap<String, V> {
    type Handle<R> = MapField<R, V>;
    fn handle<R>(path: FieldPath) -> MapField<R, V> {
        MapField::new(path)
    }
}

impl FieldType for serde_json::Value {
    type Handle<R> = ValueField<R, serde_json::Value>;
    fn handle<R>(path: FieldPath) -> Self::Handle<R> {
        ValueField::new(path)
    }
}

/// `Option<T>` fields share `T`'s handle: a missing value is tested with
/// `is_defined`/`is_null` and cleared with `Patch::remove`.
impl<T: FieldType> FieldType for Option<T> {
    type Handle<R> = T::Handle<R>;
    fn handle<R>(path: FieldPath) -> Self::Handle<R> {
        T::handle(path)
    }
}

impl<T: FieldType> FieldType for Box<T> {
    type Handle<R> = T::Handle<R>;
    fn handle<R>(path: FieldPath) -> Self::Handle<R> {
        T::handle(path)
    }
}
