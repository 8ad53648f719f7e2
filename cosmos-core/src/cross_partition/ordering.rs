//! The order Cosmos DB sorts JSON values in across types: undefined < null < booleans <
//! numbers < strings (then arrays and objects, which ORDER BY does not produce in practice).

use std::cmp::Ordering;

use serde_json::Value;

fn type_rank(value: Option<&Value>) -> u8 {
    match value {
        None => 0,
        Some(Value::Null) => 1,
        Some(Value::Bool(_)) => 2,
        Some(Value::Number(_)) => 3,
        Some(Value::String(_)) => 4,
        Some(Value::Array(_)) => 5,
        Some(Value::Object(_)) => 6,
    }
}

/// Compares two values, `None` standing for undefined.
pub(crate) fn compare(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    let by_type = type_rank(a).cmp(&type_rank(b));
    if by_type != Ordering::Equal {
        return by_type;
    }
    match (a, b) {
        (Some(Value::Bool(x)), Some(Value::Bool(y))) => x.cmp(y),
        (Some(Value::Number(x)), Some(Value::Number(y))) => {
            let (x, y) = (x.as_f64().unwrap_or(0.0), y.as_f64().unwrap_or(0.0));
            x.partial_cmp(&y).unwrap_or(Ordering::Equal)
        }
        (Some(Value::String(x)), Some(Value::String(y))) => x.cmp(y),
        // Arrays and objects have no defined order; comparing their text keeps it total.
        (Some(x), Some(y)) => x.to_string().cmp(&y.to_string()),
        _ => Ordering::Equal,
    }
}

/// Compares two `orderByItems` arrays (`[{"item": v}, …]`, `{}` for undefined) key by key,
/// each key ascending or descending.
pub(crate) fn compare_order_by_items(a: &Value, b: &Value, descending: &[bool]) -> Ordering {
    let item = |v: &Value, i: usize| -> Option<Value> {
        v.as_array()?.get(i)?.as_object()?.get("item").cloned()
    };
    for (i, desc) in descending.iter().enumerate() {
        let ord = compare(item(a, i).as_ref(), item(b, i).as_ref());
        let ord = if *desc { ord.reverse() } else { ord };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    Ordering::Equal
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cross_type_order() {
        let values = [
            None,
            Some(json!(null)),
            Some(json!(false)),
            Some(json!(true)),
            Some(json!(-1.5)),
            Some(json!(2)),
            Some(json!("")),
            Some(json!("a")),
            Some(json!([1])),
            Some(json!({"a": 1})),
        ];
        for (i, a) in values.iter().enumerate() {
            for (j, b) in values.iter().enumerate() {
                assert_eq!(compare(a.as_ref(), b.as_ref()), i.cmp(&j), "{a:?} vs {b:?}");
            }
        }
    }

    #[test]
    fn order_by_items_with_directions() {
        let a = json!([{"item": 1}, {"item": "x"}]);
        let b = json!([{"item": 1}, {"item": "y"}]);
        let c = json!([{}, {"item": "z"}]);
        assert_eq!(
            compare_order_by_items(&a, &b, &[false, false]),
            Ordering::Less
        );
        assert_eq!(
            compare_order_by_items(&a, &b, &[false, true]),
            Ordering::Greater
        );
        assert_eq!(
            compare_order_by_items(&c, &a, &[false, false]),
            Ordering::Less
        );
        assert_eq!(
            compare_order_by_items(&c, &a, &[true, false]),
            Ordering::Greater
        );
    }
}
