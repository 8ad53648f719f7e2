//! Conformance tests for subqueries and UDF calls (see conformance.rs).

mod common;

use common::*;
use cosmos_sql::{parse, EvalError, Parameters, UdfError, UdfResolver};
use serde_json::{json, Value};

#[test]
fn subqueries() {
    let docs = families();
    check(&docs, &[
        ("SELECT f.id, (SELECT VALUE COUNT(1) FROM c IN f.children) AS childCount FROM f",
            json!([{"id": "AndersenFamily", "childCount": 1}, {"id": "WakefieldFamily", "childCount": 2}])),
        ("SELECT VALUE f.id FROM f WHERE EXISTS(SELECT VALUE c FROM c IN f.children WHERE c.grade > 5)", json!(["WakefieldFamily"])),
        ("SELECT VALUE NOT EXISTS(SELECT VALUE c FROM c IN f.children WHERE c.grade > 5) FROM f", json!([true, false])),
        ("SELECT f.id, ARRAY(SELECT VALUE p.givenName FROM c IN f.children JOIN p IN c.pets) AS pets FROM f",
            json!([{"id": "AndersenFamily", "pets": ["Fluffy"]}, {"id": "WakefieldFamily", "pets": ["Goofy", "Shadow"]}])),
        ("SELECT VALUE (SELECT VALUE MAX(c.grade) FROM c IN f.children) FROM f", json!([5, 8])),
        ("SELECT VALUE (SELECT VALUE c.grade FROM c IN f.children WHERE c.grade > 100) FROM f", json!([])),
        ("SELECT VALUE ARRAY(SELECT VALUE c.grade FROM c IN f.children ORDER BY c.grade DESC) FROM f", json!([[5], [8, 1]])),
        ("SELECT VALUE ARRAY(SELECT p.firstName ?? p.givenName AS n FROM p IN f.parents) FROM f",
            json!([[{"n": "Thomas"}, {"n": "Mary Kay"}], [{"n": "Robin"}, {"n": "Ben"}]])),
        ("SELECT VALUE f.id FROM f WHERE (SELECT VALUE COUNT(1) FROM c IN f.children) > 1", json!(["WakefieldFamily"])),
        ("SELECT VALUE (SELECT VALUE 1 + 1)", json!([2])),
    ]);
}

struct Udfs;

impl UdfResolver for Udfs {
    fn call(&self, name: &str, args: &[Value]) -> Result<Value, UdfError> {
        match name {
            "tax" => Ok(json!(args[0].as_f64().unwrap_or(0.0) * 0.1)),
            "boom" => Err(UdfError::Failed("it blew up".into())),
            "echo" => Ok(Value::Array(args.to_vec())),
            _ => Err(UdfError::Unknown),
        }
    }
}

#[test]
fn udfs_go_through_the_resolver() {
    let docs = products();
    let q = parse("SELECT VALUE udf.tax(p.price) FROM p WHERE p.id = 'p4'").unwrap();
    assert_eq!(
        q.execute(&docs, &Parameters::new(), Some(&Udfs)).unwrap(),
        vec![json!(30.0)]
    );
    let q = parse("SELECT VALUE udf.echo(p.missing, 1) FROM p WHERE p.id = 'p4'").unwrap();
    assert_eq!(
        q.execute(&docs, &Parameters::new(), Some(&Udfs)).unwrap(),
        vec![json!([null, 1])]
    );
    let q = parse("SELECT VALUE udf.nope(1)").unwrap();
    assert_eq!(
        q.execute(&docs, &Parameters::new(), Some(&Udfs))
            .unwrap_err(),
        EvalError::UnknownUdf("nope".into())
    );
    assert_eq!(
        q.execute(&docs, &Parameters::new(), None).unwrap_err(),
        EvalError::UnknownUdf("nope".into())
    );
    let q = parse("SELECT VALUE udf.boom()").unwrap();
    let e = q
        .execute(&docs, &Parameters::new(), Some(&Udfs))
        .unwrap_err();
    assert!(e.to_string().contains("it blew up"), "{e}");
}

#[test]
fn scalar_subquery_with_several_results_is_an_error() {
    let docs = families();
    let q = parse("SELECT VALUE (SELECT VALUE c.grade FROM c IN f.children) FROM f").unwrap();
    // Andersen has one child (fine); Wakefield has two: the documented cardinality error.
    let err = q.execute(&docs, &Parameters::new(), None).unwrap_err();
    assert_eq!(err, EvalError::SubqueryCardinality);
    assert!(err.to_string().contains("cardinality"));
}

/// The documentation's subquery patterns: each rewrite must agree with the
/// plain form.
#[test]
fn documented_subquery_patterns() {
    let docs = food();
    let same = |a: &str, b: &str, want: Value| {
        let (x, y) = (run(&docs, a, json!([])), run(&docs, b, json!([])));
        assert_eq!(Value::Array(x.clone()), want, "{a}");
        assert_eq!(x, y, "{a}\n{b}");
    };
    // Optimize JOIN expressions: unaliased subqueries filter before the cross product.
    same(
        "SELECT COUNT(1) AS Count FROM c JOIN t IN c.tags JOIN n IN c.nutrients JOIN s IN c.servings \
         WHERE t.name = 'infant formula' AND (n.nutritionValue > 0 AND n.nutritionValue < 10) AND s.amount > 1",
        "SELECT COUNT(1) AS Count FROM c \
         JOIN (SELECT VALUE t FROM t IN c.tags WHERE t.name = 'infant formula') \
         JOIN (SELECT VALUE n FROM n IN c.nutrients WHERE n.nutritionValue > 0 AND n.nutritionValue < 10) \
         JOIN (SELECT VALUE s FROM s IN c.servings WHERE s.amount > 1)",
        json!([{"Count": 5}]),
    );
    // Evaluate once, reference many times.
    same(
        "SELECT TOP 1000 c.id, AvgNutritionValue FROM c \
         JOIN (SELECT VALUE AVG(n.nutritionValue) FROM n IN c.nutrients) AvgNutritionValue \
         WHERE AvgNutritionValue > 80",
        "SELECT c.id, (SELECT VALUE AVG(n.nutritionValue) FROM n IN c.nutrients) AS AvgNutritionValue FROM c \
         WHERE (SELECT VALUE AVG(n.nutritionValue) FROM n IN c.nutrients) > 80",
        json!([{"id": "00003", "AvgNutritionValue": 86}]),
    );
    // Simple-expression scalar subqueries.
    same(
        "SELECT 1 AS a, 2 AS b",
        "SELECT (SELECT VALUE 1) AS a, (SELECT VALUE 2) AS b",
        json!([{"a": 1, "b": 2}]),
    );
    same(
        "SELECT TOP 5 CONCAT('id_', f.id) AS id FROM food f",
        "SELECT TOP 5 (SELECT VALUE CONCAT('id_', f.id)) AS id FROM food f",
        json!([{"id": "id_00001"}, {"id": "id_00002"}, {"id": "id_00003"}]),
    );
    same(
        "SELECT TOP 10 f.id, (SELECT f.description WHERE CONTAINS(f.description, 'fruit')).description FROM food f",
        "SELECT TOP 10 f.id, CONTAINS(f.description, 'fruit') = true ? f.description : undefined AS description FROM food f",
        json!([{"id": "00001"}, {"id": "00002", "description": "fruit, infant formula"}, {"id": "00003"}]),
    );
    // Aggregate scalar subqueries.
    same(
        "SELECT TOP 5 f.id, (SELECT COUNT(1) AS count, SUM(n.nutritionValue) AS sum FROM n IN f.nutrients WHERE n.units = 'mg') AS unit_mg FROM food f",
        "SELECT TOP 5 f.id, {\"count\": (SELECT VALUE COUNT(1) FROM n IN f.nutrients WHERE n.units = 'mg'), \"sum\": (SELECT VALUE SUM(n.nutritionValue) FROM n IN f.nutrients WHERE n.units = 'mg')} AS unit_mg FROM food f",
        json!([
            {"id": "00001", "unit_mg": {"count": 0, "sum": 0}},
            {"id": "00002", "unit_mg": {"count": 1, "sum": 101}},
            {"id": "00003", "unit_mg": {"count": 2, "sum": 172}}
        ]),
    );
    same(
        "SELECT TOP 5 f.id, count_mg FROM food f \
         JOIN (SELECT VALUE COUNT(1) FROM n IN f.nutrients WHERE n.units = 'mg') AS count_mg WHERE count_mg > 1",
        "SELECT TOP 5 f.id, (SELECT VALUE COUNT(1) FROM n IN f.nutrients WHERE n.units = 'mg') AS count_mg FROM food f \
         WHERE (SELECT VALUE COUNT(1) FROM n IN f.nutrients WHERE n.units = 'mg') > 1",
        json!([{"id": "00003", "count_mg": 2}]),
    );
    // Mimic a join with reference data held in a subquery.
    let got = run(
        &docs,
        "SELECT TOP 10 n.id, n.units, r.name FROM food JOIN n IN food.nutrients \
         JOIN r IN (SELECT VALUE [{unit: 'mg', name: 'milligram'}, {unit: 'g', name: 'gram'}]) \
         WHERE n.units = r.unit",
        json!([]),
    );
    assert_eq!(
        Value::Array(got),
        json!([
            {"id": "1", "units": "g", "name": "gram"},
            {"id": "1", "units": "g", "name": "gram"},
            {"id": "3", "units": "mg", "name": "milligram"},
            {"id": "4", "units": "mg", "name": "milligram"},
            {"id": "5", "units": "mg", "name": "milligram"}
        ])
    );
}

#[test]
fn exploding_joins_fail_cleanly() {
    let doc = json!({"id": "x", "a": (0..40).collect::<Vec<_>>()});
    let q = parse(
        "SELECT VALUE COUNT(1) FROM c JOIN a IN c.a JOIN b IN c.a JOIN d IN c.a JOIN e IN c.a",
    )
    .unwrap();
    let err = q.execute([&doc], &Parameters::new(), None).unwrap_err();
    assert!(matches!(err, EvalError::ResourceLimit(_)), "{err}");
    // Under the cap the cross product is complete.
    let q =
        parse("SELECT VALUE COUNT(1) FROM c JOIN a IN c.a JOIN b IN c.a JOIN d IN c.a").unwrap();
    assert_eq!(
        q.execute([&doc], &Parameters::new(), None).unwrap(),
        vec![json!(64000)]
    );
}
