//! Conformance tests for aggregates and GROUP BY (see conformance.rs).

mod common;

use common::*;
use cosmos_sql::parse;
use serde_json::json;

#[test]
fn aggregates() {
    let docs = products();
    check(&docs, &[
        ("SELECT VALUE COUNT(1) FROM p", json!([6])),
        ("SELECT COUNT(1) AS n FROM p", json!([{"n": 6}])),
        ("SELECT COUNT(1) FROM p", json!([{"$1": 6}])),
        // COUNT(expr) counts defined values (null counts).
        ("SELECT VALUE COUNT(p.onSale) FROM p", json!([2])),
        ("SELECT VALUE COUNT(p.price) FROM p", json!([6])),
        // Docs (SUM): any non-number argument makes the aggregate undefined.
        ("SELECT VALUE SUM(p.price) FROM p", json!([])),
        ("SELECT SUM(p.price) AS s FROM p", json!([{}])),
        ("SELECT VALUE SUM(p.price) FROM p WHERE IS_NUMBER(p.price)", json!([528.33])),
        ("SELECT VALUE SUM(p.quantity) FROM p WHERE p.category = 'activity-bracelet'", json!([13])),
        ("SELECT VALUE AVG(p.price) FROM p WHERE p.category = 'camping'", json!([210])),
        ("SELECT VALUE AVG(p.price) FROM p WHERE p.category = 'nothing'", json!([])),
        ("SELECT VALUE SUM(p.price) FROM p WHERE p.category = 'nothing'", json!([0])),
        ("SELECT VALUE COUNT(1) FROM p WHERE p.category = 'nothing'", json!([0])),
        // Docs (MAX example).
        ("SELECT MAX(p.price) AS maxPrice FROM p WHERE p.category = 'activity-bracelet'", json!([{"maxPrice": 71.76}])),
        ("SELECT VALUE MIN(p.price) FROM p", json!([null])),
        ("SELECT VALUE MIN(p.price) FROM p WHERE IS_NUMBER(p.price)", json!([9.5])),
        // Docs (MAX): string > number > boolean > null across types.
        ("SELECT VALUE MAX(p.quantity) FROM p", json!(["unknown"])),
        ("SELECT VALUE MIN(p.quantity) FROM p", json!([0])),
        ("SELECT VALUE MAX(p.tags) FROM p", json!([])),
        ("SELECT VALUE MIN(p.nothing) FROM p", json!([])),
        ("SELECT COUNT(1) AS n, MIN(p.price) AS lo, MAX(p.price) AS hi FROM p WHERE p.category = 'camping'",
            json!([{"n": 2, "lo": 120, "hi": 300}])),
        ("SELECT VALUE {\"n\": COUNT(1), \"avg\": AVG(p.price)} FROM p WHERE p.category = 'camping'", json!([{"n": 2, "avg": 210}])),
        ("SELECT VALUE COUNT(1) * 10 + 1 FROM p", json!([61])),
    ]);
}

#[test]
fn group_by() {
    let docs = products();
    check(&docs, &[
        // Groups come out in ascending key order, undefined first (documented
        // GROUP BY samples list `{}` before "c-sharp", "javascript", "python").
        ("SELECT p.category, COUNT(1) AS n FROM p GROUP BY p.category",
            json!([
                {"category": "activity-bracelet", "n": 2}, {"category": "apparel", "n": 1},
                {"category": "camping", "n": 2}, {"category": "misc", "n": 1}
            ])),
        ("SELECT VALUE p.category FROM p GROUP BY p.category", json!(["activity-bracelet", "apparel", "camping", "misc"])),
        ("SELECT p.category, SUM(p.price) AS total FROM p WHERE p.price > 20 GROUP BY p.category",
            json!([{"category": "activity-bracelet", "total": 98.83000000000001}, {"category": "camping", "total": 420}])),
        ("SELECT p.onSale, COUNT(1) AS n FROM p GROUP BY p.onSale",
            json!([{"n": 4}, {"onSale": false, "n": 1}, {"onSale": true, "n": 1}])),
        ("SELECT VALUE COUNT(1) FROM p GROUP BY ARRAY_LENGTH(p.tags) > 1", json!([1, 3, 2])),
        ("SELECT p.category, COUNT(1) AS n FROM p WHERE p.category = 'none' GROUP BY p.category", json!([])),
        // Several keys sort lexicographically.
        ("SELECT p.category, ARRAY_LENGTH(p.tags) AS tags, COUNT(1) AS n FROM p GROUP BY p.category, ARRAY_LENGTH(p.tags)",
            json!([
                {"category": "activity-bracelet", "tags": 1, "n": 1},
                {"category": "activity-bracelet", "tags": 2, "n": 1},
                {"category": "apparel", "tags": 0, "n": 1},
                {"category": "camping", "tags": 1, "n": 1},
                {"category": "camping", "tags": 2, "n": 1},
                {"category": "misc", "n": 1}
            ])),
        // Group expressions may be used inside other expressions, with literals.
        ("SELECT VALUE {\"c\": UPPER(p.category), \"n\": COUNT(1), \"k\": 'x'} FROM p WHERE p.price > 100 GROUP BY p.category",
            json!([{"c": "CAMPING", "n": 2, "k": "x"}])),
        ("SELECT p.category, COUNT(1) AS n FROM p GROUP BY p.category OFFSET 1 LIMIT 2",
            json!([{"category": "apparel", "n": 1}, {"category": "camping", "n": 2}])),
    ]);
    // Documented restrictions are compile-time errors.
    for (sql, msg) in [
        (
            "SELECT COUNT(1) AS n, p.category FROM p GROUP BY p.category ORDER BY p.category DESC",
            "ORDER BY",
        ),
        (
            "SELECT p.name, COUNT(1) FROM p GROUP BY p.category",
            "Property reference 'p.name'",
        ),
        ("SELECT p.id, COUNT(1) FROM p", "Property reference 'p.id'"),
        ("SELECT * FROM p GROUP BY p.category", "GROUP BY"),
        (
            "SELECT COUNT(1) FROM p GROUP BY (SELECT VALUE 1)",
            "Subqueries",
        ),
        ("SELECT COUNT(1) FROM p GROUP BY COUNT(1)", "Aggregate"),
    ] {
        let e = parse(sql).expect_err(sql);
        assert!(e.message.contains(msg), "{sql}: {e}");
    }
}
