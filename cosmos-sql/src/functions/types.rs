//! Type-checking functions and IIF.

use super::{Args, Entry};
use crate::error::EvalError;
use crate::eval::Executor;
use serde_json::Value;

type R = Result<Option<Value>, EvalError>;

fn check(a: &Args<'_>, f: fn(Option<&Value>) -> bool) -> R {
    Ok(Some(Value::Bool(f(a[0]))))
}

macro_rules! checks {
    ($($fname:ident => $body:expr;)*) => {
        $(fn $fname(_: &Executor<'_>, a: &Args<'_>) -> R { check(a, $body) })*
    };
}

checks! {
    is_array => |v| matches!(v, Some(Value::Array(_)));
    is_bool => |v| matches!(v, Some(Value::Bool(_)));
    is_defined => |v| v.is_some();
    is_finite_number => |v| matches!(v, Some(Value::Number(n)) if n.as_f64().is_some_and(f64::is_finite));
    is_integer => |v| matches!(v, Some(Value::Number(n))
        if n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0 && f.abs() < 9.3e18));
    is_null => |v| matches!(v, Some(Value::Null));
    is_number => |v| matches!(v, Some(Value::Number(_)));
    is_object => |v| matches!(v, Some(Value::Object(_)));
    is_primitive => |v| matches!(v, Some(Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_)));
    is_string => |v| matches!(v, Some(Value::String(_)));
}

/// IIF(cond, a, b): `a` only when `cond` is exactly `true`.
fn iif(_: &Executor<'_>, a: &Args<'_>) -> R {
    Ok(if matches!(a[0], Some(Value::Bool(true))) {
        a[1].cloned()
    } else {
        a[2].cloned()
    })
}

pub(super) const ENTRIES: &[Entry] = &[
    ("IS_ARRAY", 1, 1, is_array),
    ("IS_BOOL", 1, 1, is_bool),
    ("IS_DEFINED", 1, 1, is_defined),
    ("IS_FINITE_NUMBER", 1, 1, is_finite_number),
    ("IS_INTEGER", 1, 1, is_integer),
    ("IS_NULL", 1, 1, is_null),
    ("IS_NUMBER", 1, 1, is_number),
    ("IS_OBJECT", 1, 1, is_object),
    ("IS_PRIMITIVE", 1, 1, is_primitive),
    ("IS_STRING", 1, 1, is_string),
    ("IIF", 3, 3, iif),
];

#[cfg(test)]
mod tests {
    use crate::functions::test_util::eval;
    use serde_json::json;

    const SAMPLES: [&str; 8] = [
        "undefined",
        "null",
        "true",
        "1",
        "1.5",
        "'s'",
        "[1]",
        "{\"a\": 1}",
    ];

    fn row(f: &str) -> Vec<bool> {
        SAMPLES
            .iter()
            .map(|s| eval(&format!("{f}({s})")) == Some(json!(true)))
            .collect()
    }

    #[test]
    fn type_checks_over_every_kind_of_value() {
        let (t, f) = (true, false);
        //                                          undef null bool 1  1.5 str arr obj
        assert_eq!(row("IS_ARRAY"), vec![f, f, f, f, f, f, t, f]);
        assert_eq!(row("IS_BOOL"), vec![f, f, t, f, f, f, f, f]);
        assert_eq!(row("IS_DEFINED"), vec![f, t, t, t, t, t, t, t]);
        assert_eq!(row("IS_FINITE_NUMBER"), vec![f, f, f, t, t, f, f, f]);
        assert_eq!(row("IS_INTEGER"), vec![f, f, f, t, f, f, f, f]);
        assert_eq!(row("IS_NULL"), vec![f, t, f, f, f, f, f, f]);
        assert_eq!(row("IS_NUMBER"), vec![f, f, f, t, t, f, f, f]);
        assert_eq!(row("IS_OBJECT"), vec![f, f, f, f, f, f, f, t]);
        assert_eq!(row("IS_PRIMITIVE"), vec![f, t, t, t, t, t, f, f]);
        assert_eq!(row("IS_STRING"), vec![f, f, f, f, f, t, f, f]);
        // Type checks never return undefined.
        assert_eq!(eval("IS_STRING(undefined)"), Some(json!(false)));
    }

    #[test]
    fn iif_needs_exactly_true() {
        assert_eq!(eval("IIF(true, 1, 2)"), Some(json!(1)));
        assert_eq!(eval("IIF(false, 1, 2)"), Some(json!(2)));
        assert_eq!(eval("IIF(1, 1, 2)"), Some(json!(2)));
        assert_eq!(eval("IIF(undefined, 1, 2)"), Some(json!(2)));
        assert_eq!(eval("IIF(true, undefined, 2)"), None);
    }
}
