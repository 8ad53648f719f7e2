//! ARRAY_CONTAINS_ANY / ARRAY_CONTAINS_ALL (several needles) and
//! ARRAY_MAX / ARRAY_MIN (extremes in the cross-type order).

use super::{Args, Entry};
use crate::error::EvalError;
use crate::eval::Executor;
use crate::value::{deep_eq, order_cmp, type_rank};
use serde_json::Value;
use std::cmp::Ordering;

type R = Result<Option<Value>, EvalError>;

/// Per needle: `Some(found)`, or `None` for an undefined needle, which
/// matches nothing but leaves the answer open (documented examples:
/// ANY(..., 5, undefined) and ALL(..., 1, undefined) are undefined).
fn needles<'a>(a: &'a Args<'a>) -> Option<impl Iterator<Item = Option<bool>> + 'a> {
    let Some(Value::Array(items)) = a[0] else {
        return None;
    };
    Some(
        a[1..]
            .iter()
            .map(move |n| n.map(|n| items.iter().any(|it| deep_eq(it, n)))),
    )
}

fn contains_any(_: &Executor<'_>, a: &Args<'_>) -> R {
    let Some(results) = needles(a) else {
        return Ok(None);
    };
    let mut open = false;
    for r in results {
        match r {
            Some(true) => return Ok(Some(Value::Bool(true))),
            Some(false) => {}
            None => open = true,
        }
    }
    Ok((!open).then_some(Value::Bool(false)))
}

fn contains_all(_: &Executor<'_>, a: &Args<'_>) -> R {
    let Some(results) = needles(a) else {
        return Ok(None);
    };
    let mut open = false;
    for r in results {
        match r {
            Some(false) => return Ok(Some(Value::Bool(false))),
            Some(true) => {}
            None => open = true,
        }
    }
    Ok((!open).then_some(Value::Bool(true)))
}

/// The extreme element by the order null < boolean < number < string;
/// undefined is impossible inside JSON arrays, and an array or object
/// element makes the result undefined (only primitives are comparable).
fn extreme(a: &Args<'_>, want: Ordering) -> R {
    let Some(Value::Array(items)) = a[0] else {
        return Ok(None);
    };
    let mut best: Option<&Value> = None;
    for it in items {
        if type_rank(Some(it)) >= 5 {
            return Ok(None);
        }
        let better = match best {
            None => true,
            Some(b) => order_cmp(Some(it), Some(b)) == want,
        };
        if better {
            best = Some(it);
        }
    }
    Ok(best.cloned())
}

fn array_max(_: &Executor<'_>, a: &Args<'_>) -> R {
    extreme(a, Ordering::Greater)
}

fn array_min(_: &Executor<'_>, a: &Args<'_>) -> R {
    extreme(a, Ordering::Less)
}

pub(super) const ENTRIES: &[Entry] = &[
    ("ARRAY_CONTAINS_ANY", 2, usize::MAX, contains_any),
    ("ARRAY_CONTAINS_ALL", 2, usize::MAX, contains_all),
    ("ARRAY_MAX", 1, 1, array_max),
    ("ARRAY_MIN", 1, 1, array_min),
];

#[cfg(test)]
mod tests {
    use crate::functions::test_util::eval;
    use serde_json::json;

    #[test]
    fn contains_any_and_all_follow_the_documented_examples() {
        let t = Some(json!(true));
        let f = Some(json!(false));
        assert_eq!(
            eval("ARRAY_CONTAINS_ANY([1, true, '3', [1,2,3]], 1, true, '3', [1,2,3])"),
            t
        );
        assert_eq!(eval("ARRAY_CONTAINS_ANY([1, 2, 3, 4], 2, 3, 4, 5)"), t);
        assert_eq!(eval("ARRAY_CONTAINS_ANY([1, 2, 3, 4], 1, undefined)"), t);
        assert_eq!(eval("ARRAY_CONTAINS_ANY([1, 2, 3, 4], 5, 6, 7, 8)"), f);
        assert_eq!(eval("ARRAY_CONTAINS_ANY([], 1, 2, 3)"), f);
        assert_eq!(eval("ARRAY_CONTAINS_ANY([1, 2, 3, 4], 5, undefined)"), None);
        assert_eq!(
            eval("ARRAY_CONTAINS_ALL([1, true, '3', [1,2,3]], 1, true, '3', [1,2,3])"),
            t
        );
        assert_eq!(eval("ARRAY_CONTAINS_ALL([1, 2, 3, 4], 2, 3, 4, 5)"), f);
        assert_eq!(eval("ARRAY_CONTAINS_ALL([1, 2, 3, 4], 1, undefined)"), None);
        assert_eq!(eval("ARRAY_CONTAINS_ALL([1, 2, 3, 4], 5, 6, 7, 8)"), f);
        assert_eq!(eval("ARRAY_CONTAINS_ALL([], 1, 2, 3)"), f);
        assert_eq!(eval("ARRAY_CONTAINS_ALL([1, 2, 3, 4], 5, undefined)"), f);
        assert_eq!(eval("ARRAY_CONTAINS_ANY('abc', 'a')"), None);
        assert_eq!(eval("ARRAY_CONTAINS_ALL(null, 1)"), None);
    }

    #[test]
    fn max_and_min_use_the_cross_type_order() {
        // Documented: string > number > boolean > null; undefined ignored.
        assert_eq!(eval("ARRAY_MAX([1, 2, 3, 4])"), Some(json!(4)));
        assert_eq!(
            eval("ARRAY_MAX(['abc', 'ABC', 'aBc', 'AbC'])"),
            Some(json!("abc"))
        );
        assert_eq!(eval("ARRAY_MAX([true, false])"), Some(json!(true)));
        assert_eq!(eval("ARRAY_MAX([null, null])"), Some(json!(null)));
        assert_eq!(
            eval("ARRAY_MAX([12, 'abc', true, false, null, undefined])"),
            Some(json!("abc"))
        );
        assert_eq!(
            eval("ARRAY_MIN([12, 'abc', true, false, null, undefined])"),
            Some(json!(null))
        );
        assert_eq!(eval("ARRAY_MIN([3, 1.5, 2])"), Some(json!(1.5)));
        assert_eq!(eval("ARRAY_MIN([])"), None);
        assert_eq!(eval("ARRAY_MAX([1, [2]])"), None);
        assert_eq!(eval("ARRAY_MAX('abc')"), None);
    }
}
