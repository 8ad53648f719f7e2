//! Operator semantics. Every operator yields `undefined` for operands of
//! the wrong type instead of failing (Cosmos DB operator docs).

use crate::ast::{BinaryOp, UnaryOp};
use crate::value::{as_bool, as_str, from_f64, num, sql_cmp, sql_eq};
use serde_json::Value;
use std::cmp::Ordering;

/// JavaScript's ToInt32: bitwise operators work on 32-bit integers
/// ("Bitwise operators ... follow the same behavior as JavaScript").
pub fn to_int32(f: f64) -> i32 {
    if !f.is_finite() {
        return 0;
    }
    let m = f.trunc().rem_euclid(4_294_967_296.0);
    m as u32 as i32
}

/// Three-valued AND: false wins, then undefined (non-booleans count as undefined).
pub fn and(a: Option<&Value>, b: Option<&Value>) -> Option<bool> {
    match (as_bool(a), as_bool(b)) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), Some(true)) => Some(true),
        _ => None,
    }
}

/// Three-valued OR: true wins, then undefined.
pub fn or(a: Option<&Value>, b: Option<&Value>) -> Option<bool> {
    match (as_bool(a), as_bool(b)) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}

/// A prefix operator.
pub fn unary(op: UnaryOp, v: Option<&Value>) -> Option<Value> {
    match op {
        UnaryOp::Neg => from_f64(-num(v)?),
        UnaryOp::Plus => num(v).and_then(from_f64),
        UnaryOp::BitNot => from_f64(f64::from(!to_int32(num(v)?))),
        UnaryOp::Not => Some(Value::Bool(!as_bool(v)?)),
    }
}

/// An infix operator other than AND, OR and `??`, which short-circuit and
/// are handled by the evaluator.
pub fn binary(op: BinaryOp, a: Option<&Value>, b: Option<&Value>) -> Option<Value> {
    let cmp = |want: fn(Ordering) -> bool| sql_cmp(a, b).map(|o| Value::Bool(want(o)));
    match op {
        BinaryOp::Eq => sql_eq(a, b).map(Value::Bool),
        BinaryOp::NotEq => sql_eq(a, b).map(|e| Value::Bool(!e)),
        BinaryOp::Lt => cmp(|o| o == Ordering::Less),
        BinaryOp::Le => cmp(|o| o != Ordering::Greater),
        BinaryOp::Gt => cmp(|o| o == Ordering::Greater),
        BinaryOp::Ge => cmp(|o| o != Ordering::Less),
        BinaryOp::Concat => {
            let (x, y) = (as_str(a)?, as_str(b)?);
            Some(Value::String(format!("{x}{y}")))
        }
        BinaryOp::And => and(a, b).map(Value::Bool),
        BinaryOp::Or => or(a, b).map(Value::Bool),
        BinaryOp::Coalesce => a.or(b).cloned(),
        _ => {
            let (x, y) = (num(a)?, num(b)?);
            arithmetic(op, x, y)
        }
    }
}

fn arithmetic(op: BinaryOp, x: f64, y: f64) -> Option<Value> {
    let (i, j) = (to_int32(x), to_int32(y));
    // JavaScript masks the shift count to five bits.
    let shift = (to_int32(y) as u32) & 31;
    let r = match op {
        BinaryOp::Add => x + y,
        BinaryOp::Sub => x - y,
        BinaryOp::Mul => x * y,
        // Division by zero has no JSON result: undefined.
        BinaryOp::Div => x / y,
        BinaryOp::Mod => x % y,
        BinaryOp::BitAnd => f64::from(i & j),
        BinaryOp::BitOr => f64::from(i | j),
        BinaryOp::BitXor => f64::from(i ^ j),
        BinaryOp::Shl => f64::from(i.wrapping_shl(shift)),
        BinaryOp::Shr => f64::from(i.wrapping_shr(shift)),
        BinaryOp::UShr => f64::from((i as u32).wrapping_shr(shift)),
        _ => return None,
    };
    from_f64(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn bin(op: BinaryOp, a: Value, b: Value) -> Option<Value> {
        binary(op, Some(&a), Some(&b))
    }

    #[test]
    fn arithmetic_is_double_with_integral_results_as_integers() {
        assert_eq!(bin(BinaryOp::Add, json!(1), json!(1)), Some(json!(2)));
        assert_eq!(bin(BinaryOp::Div, json!(5), json!(2)), Some(json!(2.5)));
        assert_eq!(bin(BinaryOp::Div, json!(4), json!(2)), Some(json!(2)));
        assert_eq!(bin(BinaryOp::Mod, json!(-7), json!(3)), Some(json!(-1)));
        assert_eq!(
            bin(BinaryOp::Mul, json!(0.1), json!(3)),
            Some(json!(0.30000000000000004))
        );
        assert_eq!(bin(BinaryOp::Div, json!(1), json!(0)), None);
        assert_eq!(bin(BinaryOp::Add, json!(1), json!("1")), None);
        assert_eq!(binary(BinaryOp::Add, Some(&json!(1)), None), None);
    }

    #[test]
    fn bitwise_matches_the_documented_example() {
        // Docs: 100>>2=25, 100<<2=400, 100>>>0=100, 100&1000=96, 100|1000=1004, 100^1000=908.
        assert_eq!(bin(BinaryOp::Shr, json!(100), json!(2)), Some(json!(25)));
        assert_eq!(bin(BinaryOp::Shl, json!(100), json!(2)), Some(json!(400)));
        assert_eq!(bin(BinaryOp::UShr, json!(100), json!(0)), Some(json!(100)));
        assert_eq!(
            bin(BinaryOp::BitAnd, json!(100), json!(1000)),
            Some(json!(96))
        );
        assert_eq!(
            bin(BinaryOp::BitOr, json!(100), json!(1000)),
            Some(json!(1004))
        );
        assert_eq!(
            bin(BinaryOp::BitXor, json!(100), json!(1000)),
            Some(json!(908))
        );
        // JavaScript 32-bit semantics.
        assert_eq!(
            bin(BinaryOp::UShr, json!(-1), json!(0)),
            Some(json!(4294967295u32))
        );
        assert_eq!(bin(BinaryOp::Shr, json!(-16), json!(2)), Some(json!(-4)));
        assert_eq!(bin(BinaryOp::Shl, json!(1), json!(33)), Some(json!(2)));
        assert_eq!(unary(UnaryOp::BitNot, Some(&json!(5))), Some(json!(-6)));
        assert_eq!(
            bin(BinaryOp::BitOr, json!(4294967296.0), json!(1)),
            Some(json!(1))
        );
    }

    #[test]
    fn logic_truth_tables() {
        let t = json!(true);
        let f = json!(false);
        assert_eq!(and(Some(&f), None), Some(false));
        assert_eq!(and(Some(&t), None), None);
        assert_eq!(or(Some(&t), None), Some(true));
        assert_eq!(or(Some(&f), None), None);
        assert_eq!(or(Some(&f), Some(&json!(1))), None);
        assert_eq!(unary(UnaryOp::Not, Some(&t)), Some(f.clone()));
        assert_eq!(unary(UnaryOp::Not, Some(&json!(0))), None);
    }

    #[test]
    fn comparisons_and_concat() {
        assert_eq!(bin(BinaryOp::Lt, json!("a"), json!("b")), Some(json!(true)));
        assert_eq!(
            bin(BinaryOp::NotEq, json!(1), json!("1")),
            Some(json!(true))
        );
        assert_eq!(
            bin(BinaryOp::Eq, json!(null), json!(false)),
            Some(json!(false))
        );
        assert_eq!(binary(BinaryOp::NotEq, None, Some(&json!(1))), None);
        assert_eq!(
            bin(BinaryOp::NotEq, json!([1]), json!([2])),
            Some(json!(true))
        );
        assert_eq!(bin(BinaryOp::Gt, json!({}), json!({})), None);
        assert_eq!(
            bin(BinaryOp::Concat, json!("a"), json!("b")),
            Some(json!("ab"))
        );
        assert_eq!(bin(BinaryOp::Concat, json!("a"), json!(1)), None);
    }
}
