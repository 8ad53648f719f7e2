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
