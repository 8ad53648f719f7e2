//! Handles of string, number and boolean fields.

use std::marker::PhantomData;

use crate::expr::{Expr, Func, Node};
use crate::field::{operand, IntoFieldValue, Numeric, NumericField};
use crate::path::FieldPath;

/// Handle of a `String` field.
pub struct StringField<R> {
    path: FieldPath,
    _root: PhantomData<fn() -> R>,
}

handle_basics!(StringField<R>; value = String);

impl<R> StringField<R> {
    /// The handle at `path`.
    pub fn new(path: FieldPath) -> Self {
        Self {
            path,
            _root: PhantomData,
        }
    }

    presence_ops!();
    equality_ops!(String);
    ordering_ops!(String);

    /// `CONTAINS(c.field, @p)`.
    pub fn contains(&self, value: impl IntoFieldValue<String>) -> Expr<R> {
        self.call(Func::Contains, value, false)
    }

    /// `CONTAINS(c.field, @p, true)`: case-insensitive.
    pub fn contains_ignore_case(&self, value: impl IntoFieldValue<String>) -> Expr<R> {
        self.call(Func::Contains, value, true)
    }

    /// `STARTSWITH(c.field, @p)`.
    pub fn starts_with(&self, value: impl IntoFieldValue<String>) -> Expr<R> {
        self.call(Func::StartsWith, value, false)
    }

    /// `ENDSWITH(c.field, @p)`.
    pub fn ends_with(&self, value: impl IntoFieldValue<String>) -> Expr<R> {
        self.call(Func::EndsWith, value, false)
    }

    fn call(&self, func: Func, value: impl IntoFieldValue<String>, ignore_case: bool) -> Expr<R> {
        Expr::from_node(Node::Call {
            func,
            path: self.path.clone(),
            value: operand(value.into_field_value()),
            ignore_case,
        })
    }
}

/// Handle of a numeric field of Rust type `N`.
pub struct NumberField<R, N> {
    path: FieldPath,
    _root: PhantomData<fn() -> (R, N)>,
}

handle_basics!(NumberField<R, N> where N: Numeric; value = N);

impl<R, N: Numeric> NumericField for NumberField<R, N> {}

impl<R, N> NumberField<R, N> {
    /// The handle at `path`.
    pub fn new(path: FieldPath) -> Self {
        Self {
            path,
            _root: PhantomData,
        }
    }

    presence_ops!();
}

impl<R, N: Numeric> NumberField<R, N> {
    equality_ops!(N);
    ordering_ops!(N);
}

/// Handle of a `bool` field.
pub struct BoolField<R> {
    path: FieldPath,
    _root: PhantomData<fn() -> R>,
}

handle_basics!(BoolField<R>; value = bool);

impl<R> BoolField<R> {
    /// The handle at `path`.
    pub fn new(path: FieldPath) -> Self {
        Self {
            path,
            _root: PhantomData,
        }
    }

    presence_ops!();
    equality_ops!(bool);

    /// `c.field = true`.
    pub fn is_true(&self) -> Expr<R> {
        self.eq(true)
    }

    /// `c.field = false`.
    pub fn is_false(&self) -> Expr<R> {
        self.eq(false)
    }

    /// `ORDER BY c.field ASC`.
    pub fn asc(&self) -> crate::query::Order<R> {
        crate::query::Order::new(self.path.clone(), false)
    }

    /// `ORDER BY c.field DESC`.
    pub fn desc(&self) -> crate::query::Order<R> {
        crate::query::Order::new(self.path.clone(), true)
    }
}
