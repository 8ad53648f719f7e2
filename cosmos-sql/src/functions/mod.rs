//! Built-in (system) functions, looked up case-insensitively by name.
//!
//! Every function returns `undefined` when an argument has the wrong type,
//! as the service does; only a wrong argument count or an unknown name is
//! an error.

mod array;
mod array_search;
mod datetime;
mod math;
mod spatial;
mod string;
mod types;

pub(crate) use datetime::Clock;

use crate::error::EvalError;
use crate::eval::Executor;
use crate::value::Val;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Arguments as seen by a built-in: `None` is undefined.
pub(crate) type Args<'a> = [Option<&'a Value>];

/// A built-in's implementation.
pub(crate) type Builtin = fn(&Executor<'_>, &Args<'_>) -> Result<Option<Value>, EvalError>;

/// (name, minimum arguments, maximum arguments, implementation).
pub(crate) type Entry = (&'static str, usize, usize, Builtin);

fn table() -> &'static HashMap<String, (usize, usize, Builtin)> {
    static TABLE: OnceLock<HashMap<String, (usize, usize, Builtin)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut m = HashMap::new();
        for list in [
            math::ENTRIES,
            string::ENTRIES,
            array::ENTRIES,
            array_search::ENTRIES,
            types::ENTRIES,
            datetime::ENTRIES,
            spatial::ENTRIES,
        ] {
            for (name, min, max, f) in list {
                m.insert(name.to_ascii_uppercase(), (*min, *max, *f));
            }
        }
        m
    })
}

/// The (minimum, maximum) argument counts of built-in `name` (any case),
/// or `None` if there is no such function. Aggregates are not included.
pub(crate) fn arity(name: &str) -> Option<(usize, usize)> {
    table()
        .get(&name.to_ascii_uppercase())
        .map(|(min, max, _)| (*min, *max))
}

/// Calls built-in `name` with evaluated arguments.
pub(crate) fn call(
    exec: &Executor<'_>,
    name: &str,
    args: Vec<Val<'_>>,
) -> Result<Option<Value>, EvalError> {
    let upper = name.to_ascii_uppercase();
    let Some((min, max, f)) = table().get(&upper) else {
        if crate::ast::is_aggregate_name(&upper) {
            // Aggregates are computed per group; reaching here means the
            // call sits where no group exists (validated away at parse time).
            return Ok(None);
        }
        return Err(EvalError::UnknownFunction(name.to_string()));
    };
    if args.len() < *min || args.len() > *max {
        let expected = match (*min, *max) {
            (a, b) if a == b => a.to_string(),
            (a, usize::MAX) => format!("at least {a}"),
            (a, b) => format!("{a} to {b}"),
        };
        return Err(EvalError::ArgumentCount {
            name: upper,
            expected,
            got: args.len(),
        });
    }
    let refs: Vec<Option<&Value>> = args.iter().map(|a| a.as_deref()).collect();
    f(exec, &refs)
}

#[cfg(test)]
pub(crate) mod test_util {
    use crate::eval::Parameters;
    use serde_json::Value;

    /// Evaluates `SELECT VALUE <expr>` and returns the single value, or
    /// `None` when the result is undefined.
    pub fn eval(expr: &str) -> Option<Value> {
        let q =
            crate::parse(&format!("SELECT VALUE {expr}")).unwrap_or_else(|e| panic!("{expr}: {e}"));
        let params = Parameters::new();
        let mut out = crate::execute(&q, std::iter::empty(), &params, None)
            .unwrap_or_else(|e| panic!("{expr}: {e}"));
        assert!(out.len() <= 1);
        out.pop()
    }

    /// The parse error for `SELECT VALUE <expr>`.
    pub fn parse_err(expr: &str) -> crate::ParseError {
        crate::parse(&format!("SELECT VALUE {expr}")).unwrap_err()
    }
}

#[cfg(test)]
mod coverage {
    /// Every registered built-in is exercised by at least one unit test:
    /// its name must appear as a call in the test sources.
    #[test]
    fn every_builtin_has_tests() {
        let sources = [
            include_str!("math.rs"),
            include_str!("string/tests.rs"),
            include_str!("array.rs"),
            include_str!("array_search.rs"),
            include_str!("types.rs"),
            include_str!("datetime/tests.rs"),
            include_str!("spatial/tests.rs"),
        ]
        .concat()
        .to_ascii_uppercase();
        // A call `NAME(` or, for table-driven tests, the quoted name.
        let mut missing: Vec<&String> = super::table()
            .keys()
            .filter(|name| {
                !sources.contains(&format!("{name}(")) && !sources.contains(&format!("\"{name}\""))
            })
            .collect();
        missing.sort();
        assert!(missing.is_empty(), "built-ins without tests: {missing:?}");
    }
}

#[cfg(test)]
mod robustness {
    use proptest::prelude::*;

    const ARGS: &[&str] = &[
        "undefined",
        "null",
        "true",
        "false",
        "0",
        "-1",
        "1.5",
        "1e308",
        "-1e308",
        "9223372036854775807",
        "''",
        "'abc'",
        "'%[a-'",
        "'2020-01-01T00:00:00Z'",
        "'yyyy'",
        "'ns'",
        "[]",
        "[1, 'a', null]",
        "{}",
        "{\"a\": [1]}",
        "'(a'",
        "'\\u00e9\\u00e9'",
    ];

    fn names() -> Vec<(String, usize, usize)> {
        let mut v: Vec<_> = super::table()
            .iter()
            .map(|(n, (min, max, _))| (n.clone(), *min, (*max).min(*min + 3)))
            .collect();
        v.sort();
        v
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

        /// Any built-in with any mix of argument types returns a value or
        /// undefined; it never panics.
        #[test]
        fn builtins_never_panic(pick in any::<prop::sample::Index>(), extra in 0usize..4,
                                args in prop::collection::vec(prop::sample::select(ARGS), 7)) {
            let all = names();
            let (name, min, max) = &all[pick.index(all.len())];
            let n = (*min + extra).min(*max);
            let sql = format!("SELECT VALUE {name}({})", args[..n].join(", "));
            let q = crate::parse(&sql).unwrap();
            let _ = crate::execute(&q, std::iter::empty(), &crate::Parameters::new(), None);
        }
    }
}
