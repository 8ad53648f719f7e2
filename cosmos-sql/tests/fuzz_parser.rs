//! Parser fuzzing: random strings and random token soups must never panic;
//! whatever parses must print back to an equal tree and run without panics.

use cosmos_sql::{parse, Parameters};
use proptest::prelude::*;
use serde_json::json;

const TOKENS: &[&str] = &[
    "SELECT",
    "VALUE",
    "DISTINCT",
    "TOP",
    "FROM",
    "WHERE",
    "JOIN",
    "IN",
    "AS",
    "ORDER",
    "BY",
    "ASC",
    "DESC",
    "GROUP",
    "OFFSET",
    "LIMIT",
    "AND",
    "OR",
    "NOT",
    "BETWEEN",
    "LIKE",
    "ESCAPE",
    "EXISTS",
    "ARRAY",
    "udf",
    "true",
    "false",
    "null",
    "undefined",
    "c",
    "d",
    "root",
    "t",
    "c.a",
    "c.b",
    "c.arr",
    "c[\"x\"]",
    "c.arr[0]",
    "t.y",
    "@p",
    "@n",
    "1",
    "0",
    "-1",
    "2.5",
    "1e3",
    "'s'",
    "\"%a_\"",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ".",
    ":",
    "?",
    "??",
    "*",
    "+",
    "-",
    "/",
    "%",
    "=",
    "!=",
    "<>",
    "<",
    "<=",
    ">",
    ">=",
    "&",
    "|",
    "^",
    "~",
    "<<",
    ">>",
    ">>>",
    "||",
    "COUNT(1)",
    "SUM(c.a)",
    "AVG(c.a)",
    "MIN(c.b)",
    "MAX(c.b)",
    "ABS(c.a)",
    "LENGTH(c.b)",
    "CONCAT(c.b, 's')",
    "ARRAY_CONTAINS(c.arr, 1)",
    "IS_DEFINED(c.a)",
    "IIF(c.a, 1, 2)",
    "--",
    "/*",
    "*/",
];

fn docs() -> Vec<serde_json::Value> {
    vec![
        json!({"id": "1", "a": 1, "b": "x", "arr": [1, 2, {"y": 3}]}),
        json!({"id": "2", "a": "s", "b": null, "arr": []}),
        json!({"id": "3"}),
    ]
}

fn check_source(sql: &str) {
    let Ok(q) = parse(sql) else { return };
    let printed = q.to_string();
    let again = parse(&printed).unwrap_or_else(|e| panic!("{sql} printed as {printed}: {e}"));
    assert_eq!(q, again, "{sql} printed as {printed}");
    let params = Parameters::new().with("@p", json!(1)).with("@n", json!(2));
    // Evaluation may fail with an EvalError, but must not panic.
    let _ = q.execute(&docs(), &params, None);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_strings_never_panic(s in "\\PC{0,80}") {
        check_source(&s);
    }

    #[test]
    fn token_soups_never_panic(toks in prop::collection::vec(prop::sample::select(TOKENS), 0..30)) {
        check_source(&toks.join(" "));
    }

    #[test]
    fn select_prefixed_soups_never_panic(toks in prop::collection::vec(prop::sample::select(TOKENS), 0..25)) {
        check_source(&format!("SELECT {} FROM c", toks.join(" ")));
        check_source(&format!("SELECT * FROM c WHERE {}", toks.join(" ")));
        check_source(&format!("SELECT VALUE {}", toks.join(" ")));
    }
}

/// Random well-formed expressions built from the grammar, so that deep
/// and unusual combinations reach the evaluator.
fn expr() -> impl Strategy<Value = String> {
    let leaf = prop::sample::select(vec![
        "c.a",
        "c.b",
        "c.arr",
        "c.arr[1]",
        "c[\"b\"]",
        "@p",
        "1",
        "-2.5",
        "0",
        "'x'",
        "''",
        "true",
        "null",
        "undefined",
        "[]",
        "{}",
        "c.missing",
        "NaN",
    ])
    .prop_map(str::to_string);
    leaf.prop_recursive(5, 48, 4, |inner| {
        let bin = prop::sample::select(vec![
            "+", "-", "*", "/", "%", "=", "!=", "<", "<=", ">", ">=", "AND", "OR", "??", "||", "&",
            "|", "^", "<<", ">>", ">>>",
        ]);
        let func = prop::sample::select(vec![
            "ABS",
            "LENGTH",
            "UPPER",
            "IS_DEFINED",
            "ARRAY_LENGTH",
            "ToString",
            "ROUND",
            "IS_NUMBER",
        ]);
        prop_oneof![
            (inner.clone(), bin, inner.clone()).prop_map(|(a, op, b)| format!("({a} {op} {b})")),
            inner.clone().prop_map(|a| format!("NOT ({a})")),
            inner.clone().prop_map(|a| format!("-({a})")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(a, b, c)| format!("({a} ? {b} : {c})")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(a, b, c)| format!("({a} BETWEEN {b} AND {c})")),
            (inner.clone(), prop::collection::vec(inner.clone(), 1..3))
                .prop_map(|(a, l)| format!("({a} IN ({}))", l.join(", "))),
            (func, inner.clone()).prop_map(|(f, a)| format!("{f}({a})")),
            prop::collection::vec(inner.clone(), 0..3).prop_map(|l| format!("[{}]", l.join(", "))),
            (inner.clone(), inner).prop_map(|(a, b)| format!("{{\"k\": {a}, \"v\": {b}}}")),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn generated_expressions_parse_print_and_run(e in expr(), o in expr()) {
        for sql in [
            format!("SELECT VALUE {e} FROM c"),
            format!("SELECT * FROM c WHERE {e}"),
            format!("SELECT {e} AS x, c.id FROM c ORDER BY {o} DESC"),
            format!("SELECT DISTINCT VALUE {e} FROM c JOIN t IN c.arr WHERE {o}"),
            format!("SELECT VALUE COUNT({e}) FROM c"),
        ] {
            prop_assert!(parse(&sql).is_ok(), "{} did not parse: {:?}", sql, parse(&sql).err());
            check_source(&sql);
        }
    }
}

#[test]
fn malformed_queries_are_parse_errors() {
    for sql in [
        "",
        "SELECT",
        "SELECT * FROM",
        "SELECT * FROM c WHERE",
        "SELECT c.a FROM c ORDER",
        "SELECT c.a FROM c ORDER BY",
        "SELECT c.a, FROM c",
        "SELECT * FROM c JOIN",
        "SELECT * FROM c WHERE c.a IN ()",
        "SELECT * FROM c WHERE c.a BETWEEN 1",
        "SELECT * FROM c WHERE (c.a = 1",
        "SELECT [1, 2",
        "SELECT {\"a\" 1}",
        "SELECT {1: 2}",
        "SELECT TOP FROM c",
        "SELECT TOP -1 * FROM c",
        "SELECT * FROM c OFFSET 1",
        "SELECT 'abc",
        "SELECT * FROM c WHERE c.a LIKE 'x' ESCAPE 1",
        "SELECT udf.(1)",
        "SELECT EXISTS(1)",
        "SELECT c.a FROM c GROUP c.a",
        "SELECT * FROM c c2 c3",
        "SELECT VALUE *",
        "SELECT *, c.id FROM c",
        "SELECT c. FROM c",
        "SELECT c[ FROM c",
        "SELECT 1 ? 2",
        "DELETE FROM c",
        "SELECT * FROM c; SELECT 1",
        "SELECT \u{0} FROM c",
    ] {
        let err = parse(sql).expect_err(sql);
        assert!(!err.message.is_empty());
        assert!(err.span.start <= sql.len(), "{sql}: {err}");
    }
}
