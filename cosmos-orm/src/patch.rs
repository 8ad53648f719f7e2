//! The typed partial-update (patch) builder.
//!
//! Operations name fields through handles and take values of the field's
//! type, so `set(&f.age, "x")` and `incr(&f.name, 1)` do not compile.

use std::fmt;
use std::marker::PhantomData;

use serde::Serialize;
use serde_json::Value;

use crate::error::PatchError;
use crate::expr::{Expr, Operand};
use crate::field::{operand, ArrayLike, IntoFieldValue, NumericField, TypedField};

/// The service accepts at most this many operations per patch.
pub const MAX_PATCH_OPERATIONS: usize = 10;

/// Patch operation kinds, serialized in lowercase as the service expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PatchOp {
    /// Adds a property, or inserts into an array (`-` appends).
    Add,
    /// Sets a property, creating it if missing.
    Set,
    /// Replaces a property that must exist.
    Replace,
    /// Removes a property that must exist.
    Remove,
    /// Adds a number to a numeric property, creating it if missing.
    Incr,
    /// Moves a value from `from` to `path`.
    Move,
}

/// One operation of the request body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PatchOperation {
    /// Kind.
    pub op: PatchOp,
    /// Target JSON Pointer.
    pub path: String,
    /// Value, for every kind but `remove` and `move`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// Source JSON Pointer, for `move`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
}

/// The request body: `{"condition": "FROM c WHERE ...", "operations": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PatchBody {
    /// Applied only if this predicate holds (else 412).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// The operations, applied in order.
    pub operations: Vec<PatchOperation>,
}

#[derive(Debug, Clone)]
struct Pending {
    op: PatchOp,
    path: String,
    value: Option<Operand>,
    from: Option<String>,
}

/// A typed patch of documents of type `T`.
///
/// ```
/// use cosmos_orm::{CosmosDocument, HasFields, Patch};
///
/// #[derive(serde::Serialize, serde::Deserialize, CosmosDocument)]
/// struct Item {
///     id: String,
///     #[cosmos(partition_key)]
///     category: String,
///     stock: i32,
///     tags: Vec<String>,
/// }
///
/// let f = Item::fields();
/// let body = Patch::<Item>::new()
///     .incr(&f.stock, -1)
///     .push(&f.tags, "sale")
///     .condition(f.stock.gt(0))
///     .build()
///     .unwrap();
/// assert_eq!(
///     serde_json::to_value(&body).unwrap(),
///     serde_json::json!({
///         "condition": "FROM c WHERE c.stock > 0",
///         "operations": [
///             {"op": "incr", "path": "/stock", "value": -1},
///             {"op": "add", "path": "/tags/-", "value": "sale"}
///         ]
///     })
/// );
/// ```
pub struct Patch<T> {
    ops: Vec<Pending>,
    condition: Option<Expr<T>>,
    _root: PhantomData<fn() -> T>,
}

impl<T> Default for Patch<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Clone for Patch<T> {
    fn clone(&self) -> Self {
        Self {
            ops: self.ops.clone(),
            condition: self.condition.clone(),
            _root: PhantomData,
        }
    }
}

impl<T> fmt::Debug for Patch<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Patch")
            .field("ops", &self.ops)
            .field("condition", &self.condition)
            .finish()
    }
}

impl<T> Patch<T> {
    /// An empty patch.
    pub fn new() -> Self {
        Self {
            ops: Vec::new(),
            condition: None,
            _root: PhantomData,
        }
    }

    fn push_op(
        mut self,
        op: PatchOp,
        path: String,
        value: Option<Operand>,
        from: Option<String>,
    ) -> Self {
        self.ops.push(Pending {
            op,
            path,
            value,
            from,
        });
        self
    }

    fn valued<F: TypedField>(
        self,
        op: PatchOp,
        field: F,
        value: impl IntoFieldValue<F::Value>,
    ) -> Self {
        let path = field.path().to_pointer();
        self.push_op(op, path, Some(operand(value.into_field_value())), None)
    }

    /// `add`: creates the property (or inserts, for an array index path).
    #[must_use]
    pub fn add<F: TypedField<Root = T>>(
        self,
        field: F,
        value: impl IntoFieldValue<F::Value>,
    ) -> Self {
        self.valued(PatchOp::Add, field, value)
    }

    /// `set`: writes the property, creating it if missing.
    #[must_use]
    pub fn set<F: TypedField<Root = T>>(
        self,
        field: F,
        value: impl IntoFieldValue<F::Value>,
    ) -> Self {
        self.valued(PatchOp::Set, field, value)
    }

    /// `replace`: overwrites a property that must already exist.
    #[must_use]
    pub fn replace<F: TypedField<Root = T>>(
        self,
        field: F,
        value: impl IntoFieldValue<F::Value>,
    ) -> Self {
        self.valued(PatchOp::Replace, field, value)
    }

    /// `remove`: deletes a property that must exist.
    #[must_use]
    pub fn remove<F: TypedField<Root = T>>(self, field: F) -> Self {
        let path = field.path().to_pointer();
        self.push_op(PatchOp::Remove, path, None, None)
    }

    /// `incr`: adds `by` to a numeric property (negative to decrement).
    #[must_use]
    pub fn incr<F: NumericField<Root = T>>(
        self,
        field: F,
        by: impl IntoFieldValue<F::Value>,
    ) -> Self {
        self.valued(PatchOp::Incr, field, by)
    }

    /// `add` at `/array/-`: appends one element.
    #[must_use]
    pub fn push<F: ArrayLike<Root = T>>(
        self,
        field: F,
        value: impl IntoFieldValue<F::Element>,
    ) -> Self {
        let path = format!("{}/-", field.path().to_pointer());
        self.push_op(
            PatchOp::Add,
            path,
            Some(operand(value.into_field_value())),
            None,
        )
    }

    /// `add` at `/array/index`: inserts one element before `index`.
    #[must_use]
    pub fn insert<F: ArrayLike<Root = T>>(
        self,
        field: F,
        index: usize,
        value: impl IntoFieldValue<F::Element>,
    ) -> Self {
        let path = format!("{}/{index}", field.path().to_pointer());
        self.push_op(
            PatchOp::Add,
            path,
            Some(operand(value.into_field_value())),
            None,
        )
    }

    /// `move`: moves the value of `from` into `to`; both fields have the same type.
    #[must_use]
    pub fn move_field<F, G>(self, from: F, to: G) -> Self
    where
        F: TypedField<Root = T>,
        G: TypedField<Root = T, Value = F::Value>,
    {
        let from = from.path().to_pointer();
        let path = to.path().to_pointer();
        self.push_op(PatchOp::Move, path, None, Some(from))
    }

    /// Applies the patch only if the document matches (`FROM c WHERE ...`);
    /// otherwise the service answers 412. Several calls are combined with `AND`.
    #[must_use]
    pub fn condition(mut self, expr: Expr<T>) -> Self {
        self.condition = Some(match self.condition.take() {
            Some(existing) => existing.and(expr),
            None => expr,
        });
        self
    }

    /// Number of operations so far.
    pub fn len(&self) -> usize {
        self.ops.len()
    }

    /// Whether no operation was added.
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// The request body. Fails past [`MAX_PATCH_OPERATIONS`], when empty, or
    /// when a value cannot be serialized.
    ///
    /// The condition is rendered with JSON literals: the patch body has no
    /// parameter list, and JSON literal syntax (escapes included) is valid
    /// Cosmos SQL, so values cannot break out of their literal.
    pub fn build(&self) -> Result<PatchBody, PatchError> {
        if self.ops.is_empty() {
            return Err(PatchError::Empty);
        }
        if self.ops.len() > MAX_PATCH_OPERATIONS {
            return Err(PatchError::TooManyOperations {
                count: self.ops.len(),
                max: MAX_PATCH_OPERATIONS,
            });
        }
        let operations = self
            .ops
            .iter()
            .map(|p| {
                Ok(PatchOperation {
                    op: p.op,
                    path: p.path.clone(),
                    value: p.value.clone().transpose()?,
                    from: p.from.clone(),
                })
            })
            .collect::<Result<Vec<_>, PatchError>>()?;
        let condition = match &self.condition {
            Some(expr) => Some(format!("FROM c WHERE {}", expr.render_literals()?)),
            None => None,
        };
        Ok(PatchBody {
            condition,
            operations,
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::tests_cfg::User;
    use crate::HasFields;

    #[test]
    fn every_operation_kind() {
        let f = User::fields();
        let body = Patch::<User>::new()
            .add(&f.display_name, "A")
            .set(&f.age, 40)
            .replace(&f.home.city, String::from("Paris"))
            .remove(&f.first_name)
            .incr(&f.score, -0.5)
            .push(&f.tags, "vip")
            .insert(&f.tags, 0, "first")
            .move_field(&f.home.zip_code, &f.home.city)
            .build()
            .unwrap();
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"operations": [
                {"op": "add", "path": "/displayName", "value": "A"},
                {"op": "set", "path": "/age", "value": 40},
                {"op": "replace", "path": "/home/city", "value": "Paris"},
                {"op": "remove", "path": "/first-name"},
                {"op": "incr", "path": "/score", "value": -0.5},
                {"op": "add", "path": "/tags/-", "value": "vip"},
                {"op": "add", "path": "/tags/0", "value": "first"},
                {"op": "move", "path": "/home/city", "from": "/home/zipCode"}
            ]})
        );
    }

    #[test]
    fn whole_embedded_values_and_elements() {
        let f = User::fields();
        let home = User::sample("u", "t").home;
        let body = Patch::<User>::new()
            .set(&f.home, home.clone())
            .set(f.addresses.at(1).geo.lat.clone(), 1.0)
            .build()
            .unwrap();
        assert_eq!(
            body.operations[0].value,
            Some(serde_json::to_value(&home).unwrap())
        );
        assert_eq!(body.operations[1].path, "/addresses/1/geo/lat");
    }

    #[test]
    fn condition_uses_escaped_literals() {
        let f = User::fields();
        let body = Patch::<User>::new()
            .set(&f.active, false)
            .condition(f.display_name.eq("O\"Brien") & f.age.is_in([1, 2]))
            .build()
            .unwrap();
        assert_eq!(
            body.condition.as_deref(),
            Some(r#"FROM c WHERE c.displayName = "O\"Brien" AND c.age IN (1, 2)"#)
        );
    }

    #[test]
    fn limits_are_enforced() {
        let f = User::fields();
        assert!(matches!(
            Patch::<User>::new().build(),
            Err(PatchError::Empty)
        ));
        let mut patch = Patch::<User>::new();
        for i in 0..MAX_PATCH_OPERATIONS {
            patch = patch.set(&f.age, i as u32);
        }
        assert!(patch.build().is_ok());
        let err = patch.incr(&f.age, 1).build().unwrap_err();
        assert!(matches!(
            err,
            PatchError::TooManyOperations { count: 11, max: 10 }
        ));
        assert_eq!(
            err.to_string(),
            "a patch has 11 operations; the service accepts at most 10"
        );
    }
}
