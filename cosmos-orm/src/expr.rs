//! Typed filter expressions and their rendering to Cosmos SQL.
//!
//! An [`Expr<R>`] is built from the field handles of document type `R`, so a
//! filter written for one document type cannot be used in a query over another.

use std::fmt;
use std::marker::PhantomData;
use std::ops::{BitAnd, BitOr, Not};

use serde_json::Value;

use crate::error::ValueError;
use crate::path::FieldPath;

/// A JSON value to compare with, or the reason it could not be serialized.
/// Serialization errors surface when the query or patch is built.
pub(crate) type Operand = Result<Value, ValueError>;

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    fn sql(self) -> &'static str {
        match self {
            Self::Eq => "=",
            Self::Ne => "!=",
            Self::Lt => "<",
            Self::Le => "<=",
            Self::Gt => ">",
            Self::Ge => ">=",
        }
    }
}

/// Built-in functions taking a property and one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Func {
    Contains,
    StartsWith,
    EndsWith,
    ArrayContains,
}

impl Func {
    fn sql(self) -> &'static str {
        match self {
            Self::Contains => "CONTAINS",
            Self::StartsWith => "STARTSWITH",
            Self::EndsWith => "ENDSWITH",
            Self::ArrayContains => "ARRAY_CONTAINS",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) enum Node {
    Compare {
        path: FieldPath,
        op: CmpOp,
        value: Operand,
    },
    In {
        path: FieldPath,
        values: Vec<Operand>,
    },
    Between {
        path: FieldPath,
        low: Operand,
        high: Operand,
    },
    Call {
        func: Func,
        path: FieldPath,
        value: Operand,
        ignore_case: bool,
    },
    IsDefined(FieldPath),
    IsNull(FieldPath),
    ArrayEmpty(FieldPath),
    Not(Box<Node>),
    And(Vec<Node>),
    Or(Vec<Node>),
}

/// A boolean filter over documents of type `R`.
///
/// Combine with [`Expr::and`], [`Expr::or`], [`Expr::not`] or the `&`, `|`
/// and `!` operators.
pub struct Expr<R> {
    pub(crate) node: Node,
    _root: PhantomData<fn() -> R>,
}

impl<R> Clone for Expr<R> {
    fn clone(&self) -> Self {
        Self::from_node(self.node.clone())
    }
}

impl<R> fmt::Debug for Expr<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.node.fmt(f)
    }
}

impl<R> Expr<R> {
    pub(crate) fn from_node(node: Node) -> Self {
        Self {
            node,
            _root: PhantomData,
        }
    }

    /// Both filters hold.
    #[must_use]
    pub fn and(self, other: Expr<R>) -> Expr<R> {
        Self::from_node(match (self.node, other.node) {
            (Node::And(mut a), Node::And(b)) => {
                a.extend(b);
                Node::And(a)
            }
            (Node::And(mut a), b) => {
                a.push(b);
                Node::And(a)
            }
            (a, b) => Node::And(vec![a, b]),
        })
    }

    /// At least one filter holds.
    #[must_use]
    pub fn or(self, other: Expr<R>) -> Expr<R> {
        Self::from_node(match (self.node, other.node) {
            (Node::Or(mut a), Node::Or(b)) => {
                a.extend(b);
                Node::Or(a)
            }
            (Node::Or(mut a), b) => {
                a.push(b);
                Node::Or(a)
            }
            (a, b) => Node::Or(vec![a, b]),
        })
    }

    /// The filter does not hold.
    #[allow(clippy::should_implement_trait)] // `!` is implemented too; the method reads better in chains.
    #[must_use]
    pub fn not(self) -> Expr<R> {
        Self::from_node(Node::Not(Box::new(self.node)))
    }

    /// Renders with `@pN` parameters appended to `params`.
    pub(crate) fn render_params(&self, params: &mut Params) -> Result<String, ValueError> {
        let mut out = String::new();
        render(&self.node, &mut out, &mut Sink::Params(params), false)?;
        Ok(out)
    }

    /// Renders with values written as JSON literals, for places that cannot
    /// carry parameters (patch conditions).
    pub(crate) fn render_literals(&self) -> Result<String, ValueError> {
        let mut out = String::new();
        render(&self.node, &mut out, &mut Sink::Literals, false)?;
        Ok(out)
    }
}

impl<R> BitAnd for Expr<R> {
    type Output = Expr<R>;
    fn bitand(self, rhs: Expr<R>) -> Expr<R> {
        self.and(rhs)
    }
}

impl<R> BitOr for Expr<R> {
    type Output = Expr<R>;
    fn bitor(self, rhs: Expr<R>) -> Expr<R> {
        self.or(rhs)
    }
}

impl<R> Not for Expr<R> {
    type Output = Expr<R>;
    fn not(self) -> Expr<R> {
        Expr::not(self)
    }
}

/// Query parameters collected while rendering, named `@p0`, `@p1`, ...
#[derive(Debug, Default)]
pub(crate) struct Params {
    pub(crate) values: Vec<(String, Value)>,
}

impl Params {
    pub(crate) fn push(&mut self, value: Value) -> String {
        let name = format!("@p{}", self.values.len());
        self.values.push((name.clone(), value));
        name
    }
}

enum Sink<'a> {
    Params(&'a mut Params),
    Literals,
}

impl Sink<'_> {
    fn write(&mut self, out: &mut String, value: &Operand) -> Result<(), ValueError> {
        let value = value.as_ref().map_err(Clone::clone)?;
        match self {
            Sink::Params(params) => out.push_str(&params.push(value.clone())),
            // JSON literal syntax is valid Cosmos SQL literal syntax, escapes included.
            Sink::Literals => out.push_str(&value.to_string()),
        }
        Ok(())
    }
}

fn render(
    node: &Node,
    out: &mut String,
    sink: &mut Sink<'_>,
    nested: bool,
) -> Result<(), ValueError> {
    match node {
        Node::Compare { path, op, value } => {
            out.push_str(&path.to_sql("c"));
            out.push(' ');
            out.push_str(op.sql());
            out.push(' ');
            sink.write(out, value)?;
        }
        Node::In { values, .. } if values.is_empty() => out.push_str("false"),
        Node::In { path, values } => {
            out.push_str(&path.to_sql("c"));
            out.push_str(" IN (");
            for (i, value) in values.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                sink.write(out, value)?;
            }
            out.push(')');
        }
        Node::Between { path, low, high } => {
            if nested {
                out.push('(');
            }
            out.push_str(&path.to_sql("c"));
            out.push_str(" BETWEEN ");
            sink.write(out, low)?;
            out.push_str(" AND ");
            sink.write(out, high)?;
            if nested {
                out.push(')');
            }
        }
        Node::Call {
            func,
            path,
            value,
            ignore_case,
        } => {
            out.push_str(func.sql());
            out.push('(');
            out.push_str(&path.to_sql("c"));
            out.push_str(", ");
            sink.write(out, value)?;
            if *ignore_case {
                out.push_str(", true");
            }
            out.push(')');
        }
        Node::IsDefined(path) => {
            out.push_str("IS_DEFINED(");
            out.push_str(&path.to_sql("c"));
            out.push(')');
        }
        Node::IsNull(path) => {
            out.push_str("IS_NULL(");
            out.push_str(&path.to_sql("c"));
            out.push(')');
        }
        Node::ArrayEmpty(path) => {
            out.push_str("ARRAY_LENGTH(");
            out.push_str(&path.to_sql("c"));
            out.push_str(") = 0");
        }
        Node::Not(inner) => {
            out.push_str("NOT (");
            render(inner, out, sink, false)?;
            out.push(')');
        }
        Node::And(parts) | Node::Or(parts) => {
            let joiner = if matches!(node, Node::And(_)) {
                " AND "
            } else {
                " OR "
            };
            if nested {
                out.push('(');
            }
            for (i, part) in parts.iter().enumerate() {
                if i > 0 {
                    out.push_str(joiner);
                }
                render(part, out, sink, true)?;
            }
            if nested {
                out.push(')');
            }
        }
    }
    Ok(())
}
