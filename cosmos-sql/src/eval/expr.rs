//! Scalar expression evaluation over one row of bindings.

use super::{ops, Executor, UdfError};
use crate::ast::{BinaryOp, Expr, ExprKind, Literal};
use crate::error::EvalError;
use crate::value::{as_str, from_f64, sql_cmp, sql_eq, Val};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::HashMap;

static NULL: Value = Value::Null;
static TRUE: Value = Value::Bool(true);
static FALSE: Value = Value::Bool(false);

/// An alias and the value it is bound to in the current row.
pub(crate) type Binding<'a> = (&'a str, Cow<'a, Value>);

/// Precomputed aggregate results for one group, keyed by the address of
/// the aggregate call node they replace.
pub(crate) type AggValues = HashMap<usize, Option<Value>>;

pub(crate) fn node_key(e: &Expr) -> usize {
    e as *const Expr as usize
}

pub(crate) fn literal(l: &Literal) -> Option<Value> {
    match l {
        Literal::Undefined | Literal::NaN | Literal::Infinity => None,
        Literal::Null => Some(Value::Null),
        Literal::Bool(b) => Some(Value::Bool(*b)),
        // Literals are doubles too: `1.0` evaluates like `1`.
        Literal::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() => from_f64(f),
            _ => Some(Value::Number(n.clone())),
        },
        Literal::String(s) => Some(Value::String(s.clone())),
    }
}

/// `base.name` on an evaluated value, keeping borrows when possible.
pub(crate) fn property<'r>(base: Cow<'r, Value>, name: &str) -> Val<'r> {
    match base {
        Cow::Borrowed(Value::Object(m)) => lookup(m, name).map(Cow::Borrowed),
        Cow::Owned(Value::Object(mut m)) => m.remove(name).map(Cow::Owned),
        _ => None,
    }
}

/// A property of a document object. Small objects are scanned linearly:
/// comparing a few keys is cheaper than hashing the name and touching the
/// index table, which matters when scanning many documents.
fn lookup<'a>(m: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    if m.len() <= 8 {
        m.iter().find(|(k, _)| k.as_str() == name).map(|(_, v)| v)
    } else {
        m.get(name)
    }
}

/// `base[i]` on an evaluated value.
pub(crate) fn element<'r>(base: Cow<'r, Value>, i: usize) -> Val<'r> {
    match base {
        Cow::Borrowed(Value::Array(a)) => a.get(i).map(Cow::Borrowed),
        Cow::Owned(Value::Array(mut a)) if i < a.len() => Some(Cow::Owned(a.swap_remove(i))),
        _ => None,
    }
}

fn index_of(v: &Value) -> Option<usize> {
    let n = v.as_number()?;
    if let Some(u) = n.as_u64() {
        return usize::try_from(u).ok();
    }
    let f = n.as_f64()?;
    (f >= 0.0 && f.fract() == 0.0 && f < usize::MAX as f64).then_some(f as usize)
}

impl Executor<'_> {
    /// Evaluates `e` against `row`. `agg` supplies aggregate results when
    /// evaluating a projection over a group.
    pub(crate) fn eval<'r>(
        &'r self,
        e: &'r Expr,
        row: &'r [Binding<'r>],
        agg: Option<&'r AggValues>,
    ) -> Result<Val<'r>, EvalError> {
        let owned = |v: Option<Value>| v.map(Cow::Owned);
        Ok(match &e.kind {
            // Constants without heap data are borrowed from statics.
            ExprKind::Literal(Literal::Null) => Some(Cow::Borrowed(&NULL)),
            ExprKind::Literal(Literal::Bool(true)) => Some(Cow::Borrowed(&TRUE)),
            ExprKind::Literal(Literal::Bool(false)) => Some(Cow::Borrowed(&FALSE)),
            ExprKind::Literal(l @ Literal::String(_)) => match self.constants.get(e) {
                Some(v) => Some(Cow::Borrowed(v)),
                None => owned(literal(l)),
            },
            ExprKind::Literal(l) => owned(literal(l)),
            ExprKind::Param(p) => match self.params.get(p) {
                Some(v) => v.map(Cow::Borrowed),
                None => return Err(EvalError::MissingParameter(p.clone())),
            },
            ExprKind::Ident(name) => row
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map(|(_, v)| Cow::Borrowed(&**v)),
            ExprKind::Property(base, name) => match self.eval(base, row, agg)? {
                Some(b) => property(b, name),
                None => None,
            },
            ExprKind::Index(base, idx) => {
                let (Some(b), Some(i)) = (self.eval(base, row, agg)?, self.eval(idx, row, agg)?)
                else {
                    return Ok(None);
                };
                match (&*b, &*i) {
                    (Value::Array(_), iv) => match index_of(iv) {
                        Some(n) => element(b, n),
                        None => None,
                    },
                    (Value::Object(_), Value::String(s)) => {
                        let key = s.clone();
                        property(b, &key)
                    }
                    _ => None,
                }
            }
            ExprKind::Unary(op, inner) => {
                let v = self.eval(inner, row, agg)?;
                owned(ops::unary(*op, v.as_deref()))
            }
            ExprKind::Binary(op, l, r) => return self.binary(*op, l, r, row, agg),
            ExprKind::Between {
                expr,
                low,
                high,
                negated,
            } => {
                let v = self.eval(expr, row, agg)?;
                let lo = self.eval(low, row, agg)?;
                let hi = self.eval(high, row, agg)?;
                let ge = sql_cmp(v.as_deref(), lo.as_deref()).map(|o| o.is_ge());
                let le = sql_cmp(v.as_deref(), hi.as_deref()).map(|o| o.is_le());
                let r = match (ge, le) {
                    (Some(a), Some(b)) => Some(a && b),
                    (Some(false), _) | (_, Some(false)) => Some(false),
                    _ => None,
                };
                owned(r.map(|b| Value::Bool(b != *negated)))
            }
            ExprKind::In {
                expr,
                list,
                negated,
            } => {
                // An undefined needle gives undefined; otherwise IN is
                // membership by equality (undefined candidates never match).
                let Some(v) = self.eval(expr, row, agg)? else {
                    return Ok(None);
                };
                let mut found = false;
                for item in list {
                    let c = self.eval(item, row, agg)?;
                    if sql_eq(Some(&v), c.as_deref()) == Some(true) {
                        found = true;
                        break;
                    }
                }
                Some(Cow::Owned(Value::Bool(found != *negated)))
            }
            ExprKind::Like {
                expr,
                pattern,
                escape,
                negated,
            } => {
                let v = self.eval(expr, row, agg)?;
                let p = self.eval(pattern, row, agg)?;
                let esc = escape.as_ref().and_then(|s| s.chars().next());
                match (as_str(v.as_deref()), as_str(p.as_deref())) {
                    (Some(s), Some(p)) => Some(Cow::Owned(Value::Bool(
                        super::like::like(s, p, esc) != *negated,
                    ))),
                    _ => None,
                }
            }
            ExprKind::Conditional {
                cond,
                then,
                otherwise,
            } => {
                let c = self.eval(cond, row, agg)?;
                if matches!(c.as_deref(), Some(Value::Bool(true))) {
                    self.eval(then, row, agg)?
                } else {
                    self.eval(otherwise, row, agg)?
                }
            }
            ExprKind::Call { name, udf, args } => {
                if let Some(values) = agg {
                    if let Some(v) = values.get(&node_key(e)) {
                        return Ok(v.as_ref().map(Cow::Borrowed));
                    }
                }
                let mut vals = Vec::with_capacity(args.len());
                for a in args {
                    vals.push(self.eval(a, row, agg)?);
                }
                if *udf {
                    owned(self.call_udf(name, vals)?)
                } else {
                    owned(crate::functions::call(self, name, vals)?)
                }
            }
            ExprKind::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for it in items {
                    // Undefined elements are left out of array literals.
                    if let Some(v) = self.eval(it, row, agg)? {
                        out.push(v.into_owned());
                    }
                }
                Some(Cow::Owned(Value::Array(out)))
            }
            ExprKind::Object(props) => {
                let mut m = Map::new();
                for (k, v) in props {
                    if let Some(v) = self.eval(v, row, agg)? {
                        m.insert(k.clone(), v.into_owned());
                    }
                }
                Some(Cow::Owned(Value::Object(m)))
            }
            ExprKind::Subquery(q) => {
                let mut results = self.run_subquery(q, row)?;
                if results.len() > 1 {
                    return Err(EvalError::SubqueryCardinality);
                }
                results.pop().map(Cow::Owned)
            }
            ExprKind::Exists(q) => {
                let results = self.run_subquery(q, row)?;
                Some(Cow::Owned(Value::Bool(!results.is_empty())))
            }
            ExprKind::ArraySubquery(q) => {
                Some(Cow::Owned(Value::Array(self.run_subquery(q, row)?)))
            }
        })
    }

    fn binary<'r>(
        &'r self,
        op: BinaryOp,
        l: &'r Expr,
        r: &'r Expr,
        row: &'r [Binding<'r>],
        agg: Option<&'r AggValues>,
    ) -> Result<Val<'r>, EvalError> {
        let a = self.eval(l, row, agg)?;
        // Short-circuit only where the right side cannot change the result.
        match (op, a.as_deref()) {
            (BinaryOp::And, Some(Value::Bool(false))) => return Ok(a),
            (BinaryOp::Or, Some(Value::Bool(true))) => return Ok(a),
            (BinaryOp::Coalesce, Some(_)) => return Ok(a),
            (BinaryOp::Coalesce, None) => return self.eval(r, row, agg),
            _ => {}
        }
        let b = self.eval(r, row, agg)?;
        Ok(ops::binary(op, a.as_deref(), b.as_deref()).map(Cow::Owned))
    }

    fn call_udf(&self, name: &str, args: Vec<Val<'_>>) -> Result<Option<Value>, EvalError> {
        let Some(resolver) = self.udf else {
            return Err(EvalError::UnknownUdf(name.to_string()));
        };
        let args: Vec<Value> = args
            .into_iter()
            .map(|a| a.map_or(Value::Null, Cow::into_owned))
            .collect();
        match resolver.call(name, &args) {
            Ok(v) => Ok(Some(v)),
            Err(UdfError::Unknown) => Err(EvalError::UnknownUdf(name.to_string())),
            Err(UdfError::Failed(message)) => Err(EvalError::Udf {
                name: name.to_string(),
                message,
            }),
        }
    }
}
