//! Shared pieces of the handle types, so each operator is written once.

/// Path, `Clone`/`Debug` and the `TypedField` impl of a handle struct.
macro_rules! handle_basics {
    ($name:ident<R $(, $g:ident)*> $(where $w:ident: $b:path)?; value = $value:ty) => {
        impl<R $(, $g)*> Clone for $name<R $(, $g)*> {
            fn clone(&self) -> Self {
                Self::new(self.path.clone())
            }
        }

        impl<R $(, $g)*> ::std::fmt::Debug for $name<R $(, $g)*> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_tuple(stringify!($name)).field(&self.path).finish()
            }
        }

        impl<R $(, $g)*> $crate::field::TypedField for $name<R $(, $g)*> $(where $w: $b)? {
            type Root = R;
            type Value = $value;
            fn path(&self) -> &$crate::path::FieldPath {
                &self.path
            }
        }
    };
}

/// Methods every handle has: presence tests.
macro_rules! presence_ops {
    () => {
        /// The field's JSON path.
        pub fn path(&self) -> &$crate::path::FieldPath {
            &self.path
        }

        /// `IS_DEFINED(c.field)`: the property exists.
        pub fn is_defined(&self) -> $crate::expr::Expr<R> {
            $crate::expr::Expr::from_node($crate::expr::Node::IsDefined(self.path.clone()))
        }

        /// `NOT (IS_DEFINED(c.field))`: the property is absent.
        pub fn is_undefined(&self) -> $crate::expr::Expr<R> {
            self.is_defined().not()
        }

        /// `IS_NULL(c.field)`: the property holds JSON `null`.
        pub fn is_null(&self) -> $crate::expr::Expr<R> {
            $crate::expr::Expr::from_node($crate::expr::Node::IsNull(self.path.clone()))
        }
    };
}

/// `=`, `!=` and `IN` against values of the field's type.
macro_rules! equality_ops {
    ($value:ty) => {
        /// `c.field = @p`.
        pub fn eq(
            &self,
            value: impl $crate::field::IntoFieldValue<$value>,
        ) -> $crate::expr::Expr<R> {
            self.compare($crate::expr::CmpOp::Eq, value)
        }

        /// `c.field != @p`.
        pub fn ne(
            &self,
            value: impl $crate::field::IntoFieldValue<$value>,
        ) -> $crate::expr::Expr<R> {
            self.compare($crate::expr::CmpOp::Ne, value)
        }

        /// `c.field IN (@p0, @p1, ...)`; an empty list matches nothing.
        pub fn is_in<V: $crate::field::IntoFieldValue<$value>>(
            &self,
            values: impl IntoIterator<Item = V>,
        ) -> $crate::expr::Expr<R> {
            $crate::expr::Expr::from_node($crate::expr::Node::In {
                path: self.path.clone(),
                values: values
                    .into_iter()
                    .map(|v| $crate::field::operand(v.into_field_value()))
                    .collect(),
            })
        }

        fn compare(
            &self,
            op: $crate::expr::CmpOp,
            value: impl $crate::field::IntoFieldValue<$value>,
        ) -> $crate::expr::Expr<R> {
            $crate::expr::Expr::from_node($crate::expr::Node::Compare {
                path: self.path.clone(),
                op,
                value: $crate::field::operand(value.into_field_value()),
            })
        }
    };
}

/// `<`, `<=`, `>`, `>=`, `BETWEEN` and sort directions.
macro_rules! ordering_ops {
    ($value:ty) => {
        /// `c.field < @p`.
        pub fn lt(
            &self,
            value: impl $crate::field::IntoFieldValue<$value>,
        ) -> $crate::expr::Expr<R> {
            self.compare($crate::expr::CmpOp::Lt, value)
        }

        /// `c.field <= @p`.
        pub fn le(
            &self,
            value: impl $crate::field::IntoFieldValue<$value>,
        ) -> $crate::expr::Expr<R> {
            self.compare($crate::expr::CmpOp::Le, value)
        }

        /// `c.field > @p`.
        pub fn gt(
            &self,
            value: impl $crate::field::IntoFieldValue<$value>,
        ) -> $crate::expr::Expr<R> {
            self.compare($crate::expr::CmpOp::Gt, value)
        }

        /// `c.field >= @p`.
        pub fn ge(
            &self,
            value: impl $crate::field::IntoFieldValue<$value>,
        ) -> $crate::expr::Expr<R> {
            self.compare($crate::expr::CmpOp::Ge, value)
        }

        /// `c.field BETWEEN @low AND @high` (both ends included).
        pub fn between(
            &self,
            low: impl $crate::field::IntoFieldValue<$value>,
            high: impl $crate::field::IntoFieldValue<$value>,
        ) -> $crate::expr::Expr<R> {
            $crate::expr::Expr::from_node($crate::expr::Node::Between {
                path: self.path.clone(),
                low: $crate::field::operand(low.into_field_value()),
                high: $crate::field::operand(high.into_field_value()),
            })
        }

        /// `ORDER BY c.field ASC`.
        pub fn asc(&self) -> $crate::query::Order<R> {
            $crate::query::Order::new(self.path.clone(), false)
        }

        /// `ORDER BY c.field DESC`.
        pub fn desc(&self) -> $crate::query::Order<R> {
            $crate::query::Order::new(self.path.clone(), true)
        }
    };
}
