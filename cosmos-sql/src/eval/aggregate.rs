//! COUNT, SUM, AVG, MIN and MAX over the rows of one group.

use super::expr::Binding;
use super::Executor;
use crate::ast::*;
use crate::error::EvalError;
use crate::value::{from_f64, order_cmp, type_rank};
use serde_json::Value;
use std::cmp::Ordering;

/// Collects the aggregate call nodes of the select list and ORDER BY.
pub(crate) fn aggregate_nodes<'q>(q: &'q Query, out: &mut Vec<&'q Expr>) {
    let mut visit = |e: &'q Expr| {
        walk_ref(e, &mut |n| {
            if let ExprKind::Call {
                name, udf: false, ..
            } = &n.kind
            {
                if is_aggregate_name(name) {
                    out.push(n);
                }
            }
        })
    };
    match &q.select.list {
        SelectList::Star => {}
        SelectList::Value(e) => visit(e),
        SelectList::Items(items) => items.iter().for_each(|i| visit(&i.expr)),
    }
    for o in &q.order_by {
        visit(&o.expr);
    }
}

/// Like [`Expr::walk`] but hands out references tied to the tree's lifetime.
fn walk_ref<'q>(e: &'q Expr, f: &mut dyn FnMut(&'q Expr)) {
    f(e);
    match &e.kind {
        ExprKind::Property(b, _) | ExprKind::Unary(_, b) => walk_ref(b, f),
        ExprKind::Index(a, b) | ExprKind::Binary(_, a, b) => {
            walk_ref(a, f);
            walk_ref(b, f);
        }
        ExprKind::Between {
            expr, low, high, ..
        } => {
            walk_ref(expr, f);
            walk_ref(low, f);
            walk_ref(high, f);
        }
        ExprKind::In { expr, list, .. } => {
            walk_ref(expr, f);
            list.iter().for_each(|x| walk_ref(x, f));
        }
        ExprKind::Like { expr, pattern, .. } => {
            walk_ref(expr, f);
            walk_ref(pattern, f);
        }
        ExprKind::Conditional {
            cond,
            then,
            otherwise,
        } => {
            walk_ref(cond, f);
            walk_ref(then, f);
            walk_ref(otherwise, f);
        }
        ExprKind::Call { args, .. } | ExprKind::Array(args) => {
            args.iter().for_each(|x| walk_ref(x, f))
        }
        ExprKind::Object(props) => props.iter().for_each(|(_, x)| walk_ref(x, f)),
        _ => {}
    }
}

/// The value of one aggregate call over `rows`.
///
/// Documented semantics: undefined arguments are skipped; SUM/AVG return
/// undefined if any argument is a non-number; COUNT counts defined values;
/// MIN/MAX compare across types in the order null < boolean < number <
/// string, and return undefined for arrays or objects.
pub(crate) fn compute<'r>(
    exec: &'r Executor<'_>,
    call: &'r Expr,
    rows: &'r [Vec<Binding<'r>>],
) -> Result<Option<Value>, EvalError> {
    let ExprKind::Call { name, args, .. } = &call.kind else {
        return Ok(None);
    };
    let arg = &args[0];
    let upper = name.to_ascii_uppercase();
    let mut count: u64 = 0;
    let mut sum = 0.0f64;
    let mut numeric = true;
    let mut best: Option<Value> = None;
    let mut comparable = true;
    for row in rows {
        let Some(v) = exec.eval(arg, row, None)? else {
            continue;
        };
        count += 1;
        match &*v {
            Value::Number(n) => sum += n.as_f64().unwrap_or(0.0),
            _ => numeric = false,
        }
        if matches!(upper.as_str(), "MIN" | "MAX") {
            if type_rank(Some(&v)) >= 5 {
                comparable = false;
            }
            let better = match &best {
                None => true,
                Some(b) => {
                    let o = order_cmp(Some(&v), Some(b));
                    if upper == "MIN" {
                        o == Ordering::Less
                    } else {
                        o == Ordering::Greater
                    }
                }
            };
            if better {
                best = Some(v.into_owned());
            }
        }
    }
    Ok(match upper.as_str() {
        "COUNT" => Some(Value::from(count)),
        "SUM" if numeric => from_f64(sum),
        "AVG" if numeric && count > 0 => from_f64(sum / count as f64),
        "MIN" | "MAX" if comparable => best,
        _ => None,
    })
}
