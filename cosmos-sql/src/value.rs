//! Value helpers shared by the evaluator and the built-in functions:
//! `undefined`, number conversion, equality, comparison and sort order.

use serde_json::{Map, Number, Value};
use std::borrow::Cow;
use std::cmp::Ordering;

/// A value during evaluation. `None` is `undefined`, which is distinct from
/// JSON `null` and drops out of projections.
pub type Val<'a> = Option<Cow<'a, Value>>;

/// Rank of a value's type in the cross-type sort order used by ORDER BY,
/// MIN/MAX and DISTINCT: undefined < null < boolean < number < string <
/// array < object (Cosmos DB ORDER BY docs; arrays and objects sort after
/// strings, arrays first, per the .NET SDK's ORDER BY support).
pub fn type_rank(v: Option<&Value>) -> u8 {
    match v {
        None => 0,
        Some(Value::Null) => 1,
        Some(Value::Bool(_)) => 2,
        Some(Value::Number(_)) => 3,
        Some(Value::String(_)) => 4,
        Some(Value::Array(_)) => 5,
        Some(Value::Object(_)) => 6,
    }
}

/// A number as `f64` (all query arithmetic is IEEE-754 double, as in the service).
pub fn num(v: Option<&Value>) -> Option<f64> {
    match v {
        Some(Value::Number(n)) => n.as_f64(),
        _ => None,
    }
}

/// Largest magnitude at which every integer is exactly representable as f64.
const MAX_SAFE: f64 = 9_007_199_254_740_992.0;

/// Turns a computed double back into JSON. Integral results are written as
/// integers (`1 + 1` gives `2`, not `2.0`); NaN and infinities have no JSON
/// form and become `undefined`.
pub fn from_f64(f: f64) -> Option<Value> {
    if !f.is_finite() {
        return None;
    }
    if f.fract() == 0.0 && f.abs() < MAX_SAFE {
        // Normalise -0 to 0 as well.
        return Some(Value::Number(Number::from(f as i64)));
    }
    Number::from_f64(f).map(Value::Number)
}

/// A copy of `v` with every integral double written as an integer, the
/// way the service prints numbers it has computed or parsed.
pub fn normalize_numbers(v: &Value) -> Value {
    match v {
        Value::Number(n) if n.is_f64() => {
            n.as_f64().and_then(from_f64).unwrap_or_else(|| v.clone())
        }
        Value::Array(a) => Value::Array(a.iter().map(normalize_numbers).collect()),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, x)| (k.clone(), normalize_numbers(x)))
                .collect(),
        ),
        _ => v.clone(),
    }
}

/// A string's contents.
pub fn as_str(v: Option<&Value>) -> Option<&str> {
    match v {
        Some(Value::String(s)) => Some(s),
        _ => None,
    }
}

/// A boolean's value.
pub fn as_bool(v: Option<&Value>) -> Option<bool> {
    match v {
        Some(Value::Bool(b)) => Some(*b),
        _ => None,
    }
}

/// An integral number as i64 (used by the `Int*` functions, which return
/// undefined for non-integers).
pub fn as_int(v: Option<&Value>) -> Option<i64> {
    match v {
        Some(Value::Number(n)) => n.as_i64().or_else(|| {
            let f = n.as_f64()?;
            (f.fract() == 0.0 && f.abs() <= i64::MAX as f64).then_some(f as i64)
        }),
        _ => None,
    }
}

/// Query equality (`=`): undefined when either side is undefined;
/// otherwise deep equality, with numbers compared by value and objects
/// irrespective of property order. Values of different types are simply
/// unequal (`1 = "1"` is false), as in the service's reference evaluator;
/// either way such a filter matches nothing.
pub fn sql_eq(a: Option<&Value>, b: Option<&Value>) -> Option<bool> {
    Some(deep_eq(a?, b?))
}

/// Structural equality of two JSON values (numbers by value).
pub fn deep_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => num_eq(x, y),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| deep_eq(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| deep_eq(v, w)))
        }
        _ => a == b,
    }
}

fn num_eq(x: &Number, y: &Number) -> bool {
    match (x.as_i64(), y.as_i64()) {
        (Some(i), Some(j)) => i == j,
        _ => x.as_f64() == y.as_f64(),
    }
}

fn num_cmp(x: &Number, y: &Number) -> Ordering {
    match (x.as_i64(), y.as_i64()) {
        (Some(i), Some(j)) => i.cmp(&j),
        _ => {
            let (f, g) = (x.as_f64().unwrap_or(0.0), y.as_f64().unwrap_or(0.0));
            f.partial_cmp(&g).unwrap_or(Ordering::Equal)
        }
    }
}

/// Relational comparison (`<`, `>=`, ...): defined only between two
/// numbers, two strings (by code point), two booleans or two nulls; any
/// other pair, including arrays and objects, gives undefined.
pub fn sql_cmp(a: Option<&Value>, b: Option<&Value>) -> Option<Ordering> {
    match (a?, b?) {
        (Value::Number(x), Value::Number(y)) => Some(num_cmp(x, y)),
        // UTF-8 byte order is code point order.
        (Value::String(x), Value::String(y)) => Some(x.as_str().cmp(y.as_str())),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        (Value::Null, Value::Null) => Some(Ordering::Equal),
        _ => None,
    }
}

/// The total order used by ORDER BY, MIN/MAX and DISTINCT: first by
/// [`type_rank`], then within the type. Arrays compare element-wise then by
/// length; objects by their properties sorted by name, so the order is
/// deterministic.
pub fn order_cmp(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    let (ra, rb) = (type_rank(a), type_rank(b));
    if ra != rb {
        return ra.cmp(&rb);
    }
    match (a, b) {
        (Some(Value::Array(x)), Some(Value::Array(y))) => {
            for (p, q) in x.iter().zip(y) {
                let o = order_cmp(Some(p), Some(q));
                if o != Ordering::Equal {
                    return o;
                }
            }
            x.len().cmp(&y.len())
        }
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            let (sx, sy) = (sorted(x), sorted(y));
            for ((kp, vp), (kq, vq)) in sx.iter().zip(&sy) {
                let o = kp.cmp(kq).then_with(|| order_cmp(Some(vp), Some(vq)));
                if o != Ordering::Equal {
                    return o;
                }
            }
            sx.len().cmp(&sy.len())
        }
        _ => sql_cmp(a, b).unwrap_or(Ordering::Equal),
    }
}

fn sorted(m: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut v: Vec<_> = m.iter().collect();
    v.sort_by(|a, b| a.0.cmp(b.0));
    v
}

/// Appends a canonical text form of `v` to `out`: equal values (by
/// [`deep_eq`]) give equal text. Used to key DISTINCT and GROUP BY.
pub fn canonical_key(v: Option<&Value>, out: &mut String) {
    use std::fmt::Write;
    match v {
        None => out.push('U'),
        Some(Value::Null) => out.push('N'),
        Some(Value::Bool(b)) => out.push(if *b { 'T' } else { 'F' }),
        Some(Value::Number(n)) => {
            let _ = match (n.as_i64(), n.as_f64()) {
                // Integral doubles such as 1.0 key like the integer 1.
                (_, Some(f)) if f.fract() == 0.0 && f.abs() < MAX_SAFE => {
                    write!(out, "#{};", f as i64)
                }
                (Some(i), _) => write!(out, "#{i};"),
                (None, f) => write!(out, "#{:?};", f.unwrap_or(0.0)),
            };
        }
        Some(Value::String(s)) => {
            let _ = write!(out, "S{}:{s}", s.len());
        }
        Some(Value::Array(a)) => {
            out.push('[');
            for x in a {
                canonical_key(Some(x), out);
            }
            out.push(']');
        }
        Some(Value::Object(m)) => {
            out.push('{');
            for (k, x) in sorted(m) {
                let _ = write!(out, "{}:{k}", k.len());
                canonical_key(Some(x), out);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn equality_is_undefined_only_for_undefined() {
        assert_eq!(sql_eq(Some(&json!(1)), Some(&json!(1.0))), Some(true));
        assert_eq!(sql_eq(Some(&json!(0)), Some(&json!("0"))), Some(false));
        assert_eq!(sql_eq(Some(&json!(null)), Some(&json!(0))), Some(false));
        assert_eq!(sql_eq(Some(&json!(1)), None), None);
        assert_eq!(sql_eq(None, None), None);
        assert_eq!(sql_eq(Some(&json!(null)), Some(&json!(null))), Some(true));
        assert_eq!(
            sql_eq(
                Some(&json!({"a":1,"b":[1]})),
                Some(&json!({"b":[1.0],"a":1}))
            ),
            Some(true)
        );
        assert_eq!(
            sql_eq(Some(&json!([1, 2])), Some(&json!([2, 1]))),
            Some(false)
        );
    }

    #[test]
    fn comparison_only_within_primitive_types() {
        assert_eq!(
            sql_cmp(Some(&json!(1)), Some(&json!(2.5))),
            Some(Ordering::Less)
        );
        assert_eq!(
            sql_cmp(Some(&json!("B")), Some(&json!("a"))),
            Some(Ordering::Less)
        );
        assert_eq!(
            sql_cmp(Some(&json!(false)), Some(&json!(true))),
            Some(Ordering::Less)
        );
        assert_eq!(sql_cmp(Some(&json!([1])), Some(&json!([1]))), None);
        assert_eq!(sql_cmp(Some(&json!(1)), Some(&json!("1"))), None);
    }

    #[test]
    fn order_across_types() {
        let vals = [
            json!({}),
            json!([]),
            json!("a"),
            json!(1),
            json!(true),
            json!(false),
            json!(null),
        ];
        let mut v: Vec<Option<&Value>> = vals.iter().map(Some).collect();
        v.push(None);
        v.sort_by(|a, b| order_cmp(*a, *b));
        let got: Vec<String> = v
            .iter()
            .map(|x| x.map_or("undef".into(), |x| x.to_string()))
            .collect();
        assert_eq!(
            got,
            ["undef", "null", "false", "true", "1", "\"a\"", "[]", "{}"]
        );
    }

    #[test]
    fn doubles_become_integers_when_integral() {
        assert_eq!(from_f64(2.0), Some(json!(2)));
        assert_eq!(from_f64(-0.0), Some(json!(0)));
        assert_eq!(from_f64(2.5), Some(json!(2.5)));
        assert_eq!(from_f64(f64::NAN), None);
        assert_eq!(from_f64(f64::INFINITY), None);
    }

    #[test]
    fn canonical_keys_match_equality() {
        let key = |v: &Value| {
            let mut s = String::new();
            canonical_key(Some(v), &mut s);
            s
        };
        assert_eq!(key(&json!(1)), key(&json!(1.0)));
        assert_eq!(key(&json!({"a":1,"b":2})), key(&json!({"b":2,"a":1})));
        assert_ne!(key(&json!("1")), key(&json!(1)));
        assert_ne!(key(&json!(["ab"])), key(&json!(["a", "b"])));
    }
}
