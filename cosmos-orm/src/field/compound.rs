//! Handles of arrays, maps, embedded structs and opaque values.

use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;

use serde::Serialize;

use crate::document::HasFields;
use crate::expr::{Expr, Func, Node};
use crate::field::{operand, ArrayLike, FieldType, IntoFieldValue, TypedField};
use crate::path::FieldPath;

/// Handle of a `Vec<E>` field.
pub struct ArrayField<R, E> {
    path: FieldPath,
    _root: PhantomData<fn() -> (R, E)>,
}

handle_basics!(ArrayField<R, E> where E: Serialize; value = Vec<E>);

impl<R, E: Serialize> ArrayLike for ArrayField<R, E> {
    type Element = E;
}

impl<R, E> ArrayField<R, E> {
    /// The handle at `path`.
    pub fn new(path: FieldPath) -> Self {
        Self {
            path,
            _root: PhantomData,
        }
    }

    presence_ops!();

    /// `ARRAY_LENGTH(c.field) = 0`.
    pub fn is_empty(&self) -> Expr<R> {
        Expr::from_node(Node::ArrayEmpty(self.path.clone()))
    }

    /// The handle of element `index`, e.g. `c.tags[0]` or `/tags/0`.
    pub fn at(&self, index: usize) -> E::Handle<R>
    where
        E: FieldType,
    {
        E::handle(self.path.index(index))
    }
}

impl<R, E: Serialize> ArrayField<R, E> {
    equality_ops!(Vec<E>);

    /// `ARRAY_CONTAINS(c.field, @p)`: an element equals the value.
    pub fn array_contains(&self, value: impl IntoFieldValue<E>) -> Expr<R> {
        Expr::from_node(Node::Call {
            func: Func::ArrayContains,
            path: self.path.clone(),
            value: operand(value.into_field_value()),
            ignore_case: false,
        })
    }
}

/// Handle of a string-keyed map (`HashMap<String, V>`, `BTreeMap<String, V>`).
pub struct MapField<R, V> {
    path: FieldPath,
    _root: PhantomData<fn() -> (R, V)>,
}

handle_basics!(MapField<R, V> where V: Serialize; value = std::collections::BTreeMap<String, V>);

impl<R, V> MapField<R, V> {
    /// The handle at `path`.
    pub fn new(path: FieldPath) -> Self {
        Self {
            path,
            _root: PhantomData,
        }
    }

    presence_ops!();

    /// The handle of the entry named `key`.
    pub fn get(&self, key: impl Into<String>) -> V::Handle<R>
    where
        V: FieldType,
    {
        V::handle(self.path.child(key.into()))
    }
}

/// Handle of a field compared as a whole JSON value: `serde_json::Value`,
/// fields marked `#[cosmos(opaque)]`, and user types mapped to it.
pub struct ValueField<R, T> {
    path: FieldPath,
    _root: PhantomData<fn() -> (R, T)>,
}

handle_basics!(ValueField<R, T> where T: Serialize; value = T);

impl<R, T> ValueField<R, T> {
    /// The handle at `path`.
    pub fn new(path: FieldPath) -> Self {
        Self {
            path,
            _root: PhantomData,
        }
    }

    presence_ops!();
}

impl<R, T: Serialize> ValueField<R, T> {
    equality_ops!(T);

    /// `ORDER BY c.field ASC`.
    pub fn asc(&self) -> crate::query::Order<R> {
        crate::query::Order::new(self.path.clone(), false)
    }

    /// `ORDER BY c.field DESC`.
    pub fn desc(&self) -> crate::query::Order<R> {
        crate::query::Order::new(self.path.clone(), true)
    }
}

/// Handle of an embedded struct: dereferences to the struct's own field
/// handles, so `fields.address.city` is the path `address.city`.
pub struct NestedField<R, T: HasFields> {
    path: FieldPath,
    fields: T::Fields<R>,
}

impl<R, T: HasFields> NestedField<R, T> {
    /// The handle at `path`.
    pub fn new(path: FieldPath) -> Self {
        let fields = T::fields_at(&path);
        Self { path, fields }
    }

    presence_ops!();
}

impl<R, T: HasFields + Serialize> NestedField<R, T> {
    equality_ops!(T);
}

impl<R, T: HasFields> Deref for NestedField<R, T> {
    type Target = T::Fields<R>;
    fn deref(&self) -> &T::Fields<R> {
        &self.fields
    }
}

impl<R, T: HasFields> Clone for NestedField<R, T> {
    fn clone(&self) -> Self {
        Self {
            path: self.path.clone(),
            fields: self.fields.clone(),
        }
    }
}

impl<R, T: HasFields> fmt::Debug for NestedField<R, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("NestedField").field(&self.path).finish()
    }
}

impl<R, T: HasFields + Serialize> TypedField for NestedField<R, T> {
    type Root = R;
    type Value = T;
    fn path(&self) -> &FieldPath {
        &self.path
    }
}
