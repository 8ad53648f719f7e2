//! Combining the per-range partial results of a VALUE aggregate.

use serde_json::Value;

use super::ordering::compare;
use super::plan::Aggregate;

/// The `item` of a `[{"item": x}]` aggregate row (`None` when undefined).
pub(crate) fn partial_item(row: Value) -> Option<Value> {
    match row {
        Value::Array(mut items) if !items.is_empty() => match items.swap_remove(0) {
            Value::Object(mut o) => o.remove("item"),
            _ => None,
        },
        _ => None,
    }
}

/// Combines per-range partials; `None` when the result is undefined (no rows).
pub(crate) fn combine(kind: Aggregate, partials: Vec<Option<Value>>) -> Option<Value> {
    let defined = partials.into_iter().flatten();
    match kind {
        Aggregate::Count | Aggregate::Sum => {
            let mut total: Option<f64> = None;
            let mut all_integers = true;
            for v in defined {
                let n = v.as_f64()?;
                all_integers &= v.is_i64() || v.is_u64();
                total = Some(total.unwrap_or(0.0) + n);
            }
            let total = match (kind, total) {
                (Aggregate::Count, None) => 0.0,
                (_, t) => t?,
            };
            Some(number(total, all_integers))
        }
        Aggregate::Min => defined.min_by(|a, b| compare(Some(a), Some(b))),
        Aggregate::Max => defined.max_by(|a, b| compare(Some(a), Some(b))),
        Aggregate::Average => {
            let (mut sum, mut count) = (0.0, 0.0);
            for v in defined {
                let (Some(s), Some(c)) = (v["sum"].as_f64(), v["count"].as_f64()) else {
                    continue;
                };
                sum += s;
                count += c;
            }
            (count > 0.0).then(|| number(sum / count, false))
        }
    }
}

fn number(n: f64, integer: bool) -> Value {
    if integer && n.fract() == 0.0 && n.abs() < 9.0e15 {
        Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn aggregates_combine() {
        let p = |v: Vec<Value>| v.into_iter().map(Some).collect::<Vec<_>>();
        assert_eq!(
            combine(Aggregate::Count, p(vec![json!(2), json!(3)])),
            Some(json!(5))
        );
        assert_eq!(combine(Aggregate::Count, vec![]), Some(json!(0)));
        assert_eq!(
            combine(Aggregate::Sum, p(vec![json!(1.5), json!(2)])),
            Some(json!(3.5))
        );
        assert_eq!(combine(Aggregate::Sum, vec![None, None]), None);
        assert_eq!(
            combine(Aggregate::Min, vec![Some(json!(3)), None, Some(json!(-1))]),
            Some(json!(-1))
        );
        assert_eq!(
            combine(Aggregate::Max, p(vec![json!("a"), json!("b")])),
            Some(json!("b"))
        );
        assert_eq!(
            combine(
                Aggregate::Average,
                p(vec![
                    json!({"sum": 4, "count": 2}),
                    json!({"sum": 2, "count": 1})
                ])
            ),
            Some(json!(2.0))
        );
        assert_eq!(
            combine(
                Aggregate::Average,
                p(vec![json!({"sum": null, "count": 0})])
            ),
            None
        );
        assert_eq!(partial_item(json!([{"item": 7}])), Some(json!(7)));
        assert_eq!(partial_item(json!([{}])), None);
        assert_eq!(partial_item(json!("junk")), None);
    }
}
