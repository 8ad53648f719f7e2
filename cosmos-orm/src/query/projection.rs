//! Typed projections: `select((f.name, f.age))` yields `(String, u32)` rows.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::field::TypedField;
use crate::path::FieldPath;

/// One selected field.
pub trait ProjectionItem<R> {
    /// Its decoded type.
    type Output: DeserializeOwned;
    /// Its path.
    fn item_path(&self) -> FieldPath;
}

impl<F> ProjectionItem<F::Root> for F
where
    F: TypedField,
    F::Value: DeserializeOwned,
{
    type Output = F::Value;
    fn item_path(&self) -> FieldPath {
        self.path().clone()
    }
}

/// Selects a field that may be missing or `null`: decodes to `Option`.
#[derive(Debug, Clone)]
pub struct Optional<F>(pub F);

impl<F> ProjectionItem<F::Root> for Optional<F>
where
    F: TypedField,
    F::Value: DeserializeOwned,
{
    type Output = Option<F::Value>;
    fn item_path(&self) -> FieldPath {
        self.0.path().clone()
    }
}

/// A tuple of selected fields of document `R`.
pub trait Projection<R> {
    /// The decoded row.
    type Output;
    /// Paths in selection order.
    fn paths(&self) -> Vec<FieldPath>;
    /// Decodes a row shaped `{"f0": .., "f1": ..}`; a missing key reads as `null`.
    fn decode(row: Value) -> Result<Self::Output, serde_json::Error>;
}

fn take(row: &mut Value, key: &str) -> Value {
    row.as_object_mut()
        .and_then(|o| o.remove(key))
        .unwrap_or(Value::Null)
}

macro_rules! tuple_projection {
    ($(($($t:ident $i:tt),+))*) => {$(
        impl<R, $($t: ProjectionItem<R>),+> Projection<R> for ($($t,)+) {
            type Output = ($($t::Output,)+);
            fn paths(&self) -> Vec<FieldPath> {
                vec![$(self.$i.item_path()),+]
            }
            fn decode(mut row: Value) -> Result<Self::Output, serde_json::Error> {
                Ok(($(serde_json::from_value::<$t::Output>(take(&mut row, concat!("f", $i)))?,)+))
            }
        }
    )*};
}

tuple_projection! {
    (A 0)
    (A 0, B 1)
    (A 0, B 1, C 2)
    (A 0, B 1, C 2, D 3)
    (A 0, B 1, C 2, D 3, E 4)
    (A 0, B 1, C 2, D 3, E 4, F 5)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7)
}
