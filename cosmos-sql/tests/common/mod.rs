//! Shared fixtures: Microsoft's documentation sample data ("Families")
//! plus a small product catalogue and a mixed-type set.
#![allow(dead_code)]

use cosmos_sql::{parse, Parameters};
use serde_json::{json, Value};

pub fn families() -> Vec<Value> {
    vec![
        json!({
            "id": "AndersenFamily",
            "lastName": "Andersen",
            "parents": [{"firstName": "Thomas"}, {"firstName": "Mary Kay"}],
            "children": [{
                "firstName": "Henriette Thaulow",
                "gender": "female",
                "grade": 5,
                "pets": [{"givenName": "Fluffy"}]
            }],
            "address": {"state": "WA", "county": "King", "city": "Seattle"},
            "creationDate": 1431620472,
            "isRegistered": true
        }),
        json!({
            "id": "WakefieldFamily",
            "parents": [
                {"familyName": "Wakefield", "givenName": "Robin"},
                {"familyName": "Miller", "givenName": "Ben"}
            ],
            "children": [
                {
                    "familyName": "Merriam",
                    "givenName": "Jesse",
                    "gender": "female",
                    "grade": 1,
                    "pets": [{"givenName": "Goofy"}, {"givenName": "Shadow"}]
                },
                {"familyName": "Miller", "givenName": "Lisa", "gender": "female", "grade": 8}
            ],
            "address": {"state": "NY", "county": "Manhattan", "city": "NY"},
            "creationDate": 1431620462,
            "isRegistered": false
        }),
    ]
}

pub fn products() -> Vec<Value> {
    vec![
        json!({"id": "p1", "name": "Iroowl bracelet", "category": "activity-bracelet", "price": 71.76, "quantity": 3, "tags": ["sport", "wrist"], "released": "2021-03-01T00:00:00.0000000Z"}),
        json!({"id": "p2", "name": "Icenty bracelet", "category": "activity-bracelet", "price": 27.07, "quantity": 10, "tags": ["wrist"], "released": "2022-07-15T10:30:00.0000000Z"}),
        json!({"id": "p3", "name": "Adventure Works socks", "category": "apparel", "price": 9.5, "quantity": 0, "tags": [], "onSale": true}),
        json!({"id": "p4", "name": "Contoso tent", "category": "camping", "price": 300, "quantity": 2, "tags": ["outdoor", "sport"], "onSale": false}),
        json!({"id": "p5", "name": "Contoso stove", "category": "camping", "price": 120, "quantity": "unknown", "tags": ["outdoor"]}),
        json!({"id": "p6", "name": "Mystery box", "category": "misc", "price": null}),
    ]
}

/// Values of every JSON type (and a missing one) under `v`.
pub fn mixed() -> Vec<Value> {
    vec![
        json!({"id": "s", "v": "a"}),
        json!({"id": "n2", "v": 2}),
        json!({"id": "o", "v": {"a": 1}}),
        json!({"id": "t", "v": true}),
        json!({"id": "u"}),
        json!({"id": "z", "v": null}),
        json!({"id": "arr", "v": [1]}),
        json!({"id": "f", "v": false}),
        json!({"id": "n1", "v": 1.5}),
    ]
}

/// Runs `sql` over `docs` with `params` (the wire form), panicking with
/// the query text on any error.
pub fn run(docs: &[Value], sql: &str, params: Value) -> Vec<Value> {
    let q = parse(sql).unwrap_or_else(|e| panic!("parse {sql}: {e}"));
    let p = Parameters::from_json(&params).unwrap();
    q.execute(docs, &p, None)
        .unwrap_or_else(|e| panic!("execute {sql}: {e}"))
}

/// Checks each `(query, expected results)` case and reports every mismatch.
pub fn check(docs: &[Value], cases: &[(&str, Value)]) {
    let mut failures = Vec::new();
    for (sql, want) in cases {
        let got = Value::Array(run(docs, sql, json!([])));
        if &got != want {
            failures.push(format!("{sql}\n   want {want}\n    got {got}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Food items in the shape of the documentation's subquery examples.
pub fn food() -> Vec<Value> {
    vec![
        json!({
            "id": "00001", "description": "infant formula",
            "tags": [{"name": "infant formula"}],
            "nutrients": [{"id": "1", "description": "A", "nutritionValue": 1, "units": "g"}],
            "servings": [{"amount": 1}, {"amount": 2}]
        }),
        json!({
            "id": "00002", "description": "fruit, infant formula",
            "tags": [{"name": "fruit"}, {"name": "infant formula"}],
            "nutrients": [
                {"id": "1", "description": "A", "nutritionValue": 1, "units": "g"},
                {"id": "2", "description": "B", "nutritionValue": 2},
                {"id": "3", "description": "C", "nutritionValue": 101, "units": "mg"}
            ],
            "servings": [{"amount": 3}, {"amount": 4}]
        }),
        json!({
            "id": "00003", "description": "snacks",
            "tags": [{"name": "snacks"}],
            "nutrients": [
                {"id": "4", "description": "C", "nutritionValue": 70, "units": "mg"},
                {"id": "5", "description": "D", "nutritionValue": 102, "units": "mg"}
            ],
            "servings": [{"amount": 3}]
        }),
    ]
}
