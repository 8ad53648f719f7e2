//! Array functions (and CHOOSE / ObjectToArray, documented alongside them).

use super::{Args, Entry};
use crate::error::EvalError;
use crate::eval::Executor;
use crate::value::{as_bool, as_int, as_str, canonical_key, deep_eq, num};
use serde_json::{Map, Value};
use std::collections::HashSet;

type R = Result<Option<Value>, EvalError>;

fn arr(v: Option<&Value>) -> Option<&Vec<Value>> {
    match v {
        Some(Value::Array(a)) => Some(a),
        _ => None,
    }
}

/// Partial match: every property of `wanted` appears with an equal value
/// in `item` (only objects match partially; other values need equality).
fn partial_match(item: &Value, wanted: &Value) -> bool {
    match (item, wanted) {
        (Value::Object(i), Value::Object(w)) => w
            .iter()
            .all(|(k, wv)| i.get(k).is_some_and(|iv| deep_eq(iv, wv))),
        _ => deep_eq(item, wanted),
    }
}

/// ARRAY_CONTAINS(arr, value [, partial]).
fn array_contains(_: &Executor<'_>, a: &Args<'_>) -> R {
    let Some(items) = arr(a[0]) else {
        return Ok(None);
    };
    let partial = match a.get(2) {
        None => false,
        Some(v) => match as_bool(*v) {
            Some(p) => p,
            None => return Ok(None),
        },
    };
    let Some(wanted) = a[1] else {
        return Ok(Some(Value::Bool(false)));
    };
    let found = items.iter().any(|it| {
        if partial {
            partial_match(it, wanted)
        } else {
            deep_eq(it, wanted)
        }
    });
    Ok(Some(Value::Bool(found)))
}

fn array_concat(_: &Executor<'_>, a: &Args<'_>) -> R {
    let mut out = Vec::new();
    for v in a {
        match arr(*v) {
            Some(items) => out.extend(items.iter().cloned()),
            None => return Ok(None),
        }
    }
    Ok(Some(Value::Array(out)))
}

fn array_length(_: &Executor<'_>, a: &Args<'_>) -> R {
    Ok(arr(a[0]).map(|x| Value::from(x.len())))
}

fn integer(v: Option<&Value>) -> Option<i64> {
    num(v)
        .filter(|f| f.is_finite() && f.fract() == 0.0)
        .map(|f| f as i64)
}

/// ARRAY_SLICE(arr, start [, length]): a negative start counts from the
/// end; a non-positive length gives `[]`; fractional arguments give undefined.
fn array_slice(_: &Executor<'_>, a: &Args<'_>) -> R {
    let (Some(items), Some(start)) = (arr(a[0]), integer(a[1])) else {
        return Ok(None);
    };
    let n = items.len() as i64;
    let start = if start < 0 {
        n.saturating_add(start).max(0)
    } else {
        start.min(n)
    };
    let len = match a.get(2) {
        None => n,
        Some(v) => match integer(*v) {
            Some(l) => l,
            None => return Ok(None),
        },
    };
    let end = if len <= 0 {
        start
    } else {
        start.saturating_add(len).min(n)
    };
    Ok(Some(Value::Array(
        items[start as usize..end as usize].to_vec(),
    )))
}

fn key(v: &Value) -> String {
    let mut k = String::new();
    canonical_key(Some(v), &mut k);
    k
}

/// SetIntersect(a, b): distinct values of `a` that are also in `b`.
fn set_intersect(_: &Executor<'_>, a: &Args<'_>) -> R {
    let (Some(x), Some(y)) = (arr(a[0]), arr(a[1])) else {
        return Ok(None);
    };
    let in_y: HashSet<String> = y.iter().map(key).collect();
    let mut seen = HashSet::new();
    let out = x.iter().filter(|v| {
        let k = key(v);
        in_y.contains(&k) && seen.insert(k)
    });
    Ok(Some(Value::Array(out.cloned().collect())))
}

/// SetUnion(a, b): distinct values of `a` then of `b`.
fn set_union(_: &Executor<'_>, a: &Args<'_>) -> R {
    let (Some(x), Some(y)) = (arr(a[0]), arr(a[1])) else {
        return Ok(None);
    };
    let mut seen = HashSet::new();
    let out = x.iter().chain(y).filter(|v| seen.insert(key(v)));
    Ok(Some(Value::Array(out.cloned().collect())))
}

/// ObjectToArray(obj [, keyName, valueName]) to `[{"k": key, "v": value}]`.
fn object_to_array(_: &Executor<'_>, a: &Args<'_>) -> R {
    let Some(Value::Object(m)) = a[0] else {
        return Ok(None);
    };
    let names = |i: usize, default: &'static str| match a.get(i) {
        None => Some(default.to_string()),
        Some(v) => as_str(*v).map(str::to_string),
    };
    let (Some(kn), Some(vn)) = (names(1, "k"), names(2, "v")) else {
        return Ok(None);
    };
    let out = m.iter().map(|(k, v)| {
        let mut o = Map::new();
        o.insert(kn.clone(), Value::String(k.clone()));
        o.insert(vn.clone(), v.clone());
        Value::Object(o)
    });
    Ok(Some(Value::Array(out.collect())))
}

/// CHOOSE(index, v1, v2, ...): the 1-based `index`-th value.
fn choose(_: &Executor<'_>, a: &Args<'_>) -> R {
    let Some(i) = as_int(a[0]) else {
        return Ok(None);
    };
    if i < 1 || i as usize >= a.len() {
        return Ok(None);
    }
    Ok(a[i as usize].cloned())
}

pub(super) const ENTRIES: &[Entry] = &[
    ("ARRAY_CONTAINS", 2, 3, array_contains),
    ("ARRAY_CONCAT", 2, usize::MAX, array_concat),
    ("ARRAY_LENGTH", 1, 1, array_length),
    ("ARRAY_SLICE", 2, 3, array_slice),
    ("SETINTERSECT", 2, 2, set_intersect),
    ("SETUNION", 2, 2, set_union),
    ("OBJECTTOARRAY", 1, 3, object_to_array),
    ("CHOOSE", 2, usize::MAX, choose),
];

#[cfg(test)]
mod tests {
    use crate::functions::test_util::eval;
    use serde_json::json;

    #[test]
    fn array_contains_exact_and_partial() {
        assert_eq!(eval("ARRAY_CONTAINS([1, 2], 2)"), Some(json!(true)));
        assert_eq!(eval("ARRAY_CONTAINS([1, 2], 2.0)"), Some(json!(true)));
        assert_eq!(eval("ARRAY_CONTAINS([1, 2], '2')"), Some(json!(false)));
        // Documented: partial matching applies to objects.
        assert_eq!(
            eval("ARRAY_CONTAINS([{\"a\": 1, \"b\": 2}], {\"a\": 1})"),
            Some(json!(false))
        );
        assert_eq!(
            eval("ARRAY_CONTAINS([{\"a\": 1, \"b\": 2}], {\"a\": 1}, true)"),
            Some(json!(true))
        );
        assert_eq!(
            eval("ARRAY_CONTAINS([{\"a\": 1}], {\"a\": 1, \"c\": 1}, true)"),
            Some(json!(false))
        );
        assert_eq!(eval("ARRAY_CONTAINS([[1]], [1])"), Some(json!(true)));
        assert_eq!(eval("ARRAY_CONTAINS('abc', 'a')"), None);
        assert_eq!(eval("ARRAY_CONTAINS([1], 1, 'x')"), None);
        assert_eq!(eval("ARRAY_CONTAINS([1], undefined)"), Some(json!(false)));
    }

    #[test]
    fn concat_length_slice() {
        assert_eq!(
            eval("ARRAY_CONCAT([1], [2, 3], [])"),
            Some(json!([1, 2, 3]))
        );
        assert_eq!(eval("ARRAY_CONCAT([1], 'a')"), None);
        assert_eq!(eval("ARRAY_LENGTH([1, 2])"), Some(json!(2)));
        assert_eq!(eval("ARRAY_LENGTH({})"), None);
        assert_eq!(eval("ARRAY_SLICE([1, 2, 3, 4], 1)"), Some(json!([2, 3, 4])));
        assert_eq!(eval("ARRAY_SLICE([1, 2, 3, 4], 1, 2)"), Some(json!([2, 3])));
        assert_eq!(eval("ARRAY_SLICE([1, 2, 3, 4], -2, 1)"), Some(json!([3])));
        assert_eq!(
            eval("ARRAY_SLICE([1, 2, 3, 4], -2, 2)"),
            Some(json!([3, 4]))
        );
        assert_eq!(eval("ARRAY_SLICE([1, 2, 3, 4], 1, -1)"), Some(json!([])));
        assert_eq!(
            eval("ARRAY_SLICE([1, 2, 3, 4], -10, 2)"),
            Some(json!([1, 2]))
        );
        assert_eq!(eval("ARRAY_SLICE([1, 2, 3, 4], 1.5)"), None);
        assert_eq!(eval("ARRAY_SLICE([1, 2, 3, 4], 1, 'a')"), None);
        assert_eq!(eval("ARRAY_SLICE([1, 2, 3, 4], 10)"), Some(json!([])));
        assert_eq!(eval("ARRAY_SLICE([1, 2, 3, 4], 1, 0)"), Some(json!([])));
        assert_eq!(eval("ARRAY_SLICE('abc', 1)"), None);
    }

    #[test]
    fn sets() {
        assert_eq!(
            eval("SetIntersect([1, 2, 2, 3], [2, 3, 4])"),
            Some(json!([2, 3]))
        );
        assert_eq!(eval("SetIntersect([1], 'a')"), None);
        assert_eq!(eval("SetUnion([1, 2, 2], [2, 3])"), Some(json!([1, 2, 3])));
        assert_eq!(
            eval("SetUnion([{\"a\": 1}], [{\"a\": 1}])"),
            Some(json!([{"a": 1}]))
        );
        assert_eq!(eval("SetUnion(null, [1])"), None);
    }

    #[test]
    fn object_to_array_and_choose() {
        assert_eq!(
            eval("ObjectToArray({\"a\": 1, \"b\": [2]})"),
            Some(json!([{"k": "a", "v": 1}, {"k": "b", "v": [2]}]))
        );
        assert_eq!(
            eval("ObjectToArray({\"a\": 1}, 'name', 'value')"),
            Some(json!([{"name": "a", "value": 1}]))
        );
        assert_eq!(eval("ObjectToArray([1])"), None);
        assert_eq!(eval("CHOOSE(2, 'a', 'b', 'c')"), Some(json!("b")));
        assert_eq!(eval("CHOOSE(4, 'a', 'b', 'c')"), None);
        assert_eq!(eval("CHOOSE(0, 'a')"), None);
        assert_eq!(eval("CHOOSE('1', 'a')"), None);
    }
}
