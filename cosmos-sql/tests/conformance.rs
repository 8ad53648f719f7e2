//! Table-driven conformance tests: each case is a query and the results
//! the service documents for it. Comments cite the documented behaviour
//! where it is not obvious.

mod common;

use common::*;
use cosmos_sql::{parse, EvalError, Parameters};
use serde_json::json;

#[test]
fn select_and_projection() {
    let docs = families();
    check(&docs, &[
        ("SELECT * FROM Families f WHERE f.id = 'AndersenFamily'", json!([docs[0]])),
        ("SELECT * FROM root r WHERE r.id = 'WakefieldFamily'", json!([docs[1]])),
        // Docs (SELECT clause): nested object construction with an alias.
        ("SELECT {\"Name\": f.id, \"City\": f.address.city} AS Family FROM Families f WHERE f.address.city = f.address.state",
            json!([{"Family": {"Name": "WakefieldFamily", "City": "NY"}}])),
        ("SELECT f.id, f.address.city FROM f ORDER BY f.id",
            json!([{"id": "AndersenFamily", "city": "Seattle"}, {"id": "WakefieldFamily", "city": "NY"}])),
        ("SELECT f.id AS name, f.isRegistered reg FROM f",
            json!([{"name": "AndersenFamily", "reg": true}, {"name": "WakefieldFamily", "reg": false}])),
        // Missing properties drop out of the projected object.
        ("SELECT f.lastName FROM f", json!([{"lastName": "Andersen"}, {}])),
        ("SELECT VALUE f.lastName FROM f", json!(["Andersen"])),
        ("SELECT f[\"lastName\"] FROM f", json!([{"lastName": "Andersen"}, {}])),
        ("SELECT f.children[0].grade FROM f", json!([{"grade": 5}, {"grade": 1}])),
        ("SELECT VALUE f.children[1].givenName FROM f", json!(["Lisa"])),
        // Unnamed expressions are numbered $1, $2, ...
        ("SELECT 1, f.id, 'x' FROM f WHERE f.id = 'AndersenFamily'", json!([{"$1": 1, "id": "AndersenFamily", "$2": "x"}])),
        ("SELECT f FROM f WHERE f.id = 'AndersenFamily'", json!([{"f": docs[0]}])),
        ("SELECT VALUE [f.id, f.missing, 1] FROM f", json!([["AndersenFamily", 1], ["WakefieldFamily", 1]])),
        ("SELECT VALUE {\"a\": f.missing, \"b\": 1} FROM f", json!([{"b": 1}, {"b": 1}])),
        ("SELECT VALUE 'hello'", json!(["hello"])),
        ("SELECT 1 + 1 AS two", json!([{"two": 2}])),
        ("SELECT VALUE undefined", json!([])),
        ("SELECT VALUE null", json!([null])),
        ("sElEcT vAlUe F.id FrOm F wHeRe F.isRegistered", json!(["AndersenFamily"])),
        ("SELECT TOP 1 VALUE f.id FROM f", json!(["AndersenFamily"])),
        ("SELECT TOP 0 VALUE f.id FROM f", json!([])),
    ]);
}

#[test]
fn from_in_and_joins() {
    let docs = families();
    check(&docs, &[
        // Docs (FROM): a path source binds the sub-value per document.
        ("SELECT VALUE c.grade FROM Families.children[0] c", json!([5, 1])),
        ("SELECT * FROM Families.address", json!([docs[0]["address"], docs[1]["address"]])),
        ("SELECT VALUE address.city FROM Families.address", json!(["Seattle", "NY"])),
        // Docs (iteration): IN iterates array elements.
        ("SELECT c.givenName FROM c IN Families.children WHERE c.grade = 8", json!([{"givenName": "Lisa"}])),
        ("SELECT VALUE COUNT(1) FROM c IN Families.children", json!([3])),
        // Docs (JOIN): one row per child.
        ("SELECT f.id FROM Families f JOIN c IN f.children",
            json!([{"id": "AndersenFamily"}, {"id": "WakefieldFamily"}, {"id": "WakefieldFamily"}])),
        // Docs (JOIN): two joins, families without pets produce no rows.
        ("SELECT f.id AS familyName, c.givenName AS childGivenName, c.firstName AS childFirstName, p.givenName AS petName FROM Families f JOIN c IN f.children JOIN p IN c.pets",
            json!([
                {"familyName": "AndersenFamily", "childFirstName": "Henriette Thaulow", "petName": "Fluffy"},
                {"familyName": "WakefieldFamily", "childGivenName": "Jesse", "petName": "Goofy"},
                {"familyName": "WakefieldFamily", "childGivenName": "Jesse", "petName": "Shadow"}
            ])),
        // A JOIN on a non-array (or missing) property yields no rows.
        ("SELECT VALUE f.id FROM f JOIN x IN f.address", json!([])),
        ("SELECT VALUE f.id FROM f JOIN x IN f.nothing", json!([])),
        // JOIN of an aliased path binds the whole value once.
        ("SELECT VALUE ARRAY_LENGTH(ch) FROM f JOIN f.children ch", json!([1, 2])),
        ("SELECT f AS family, p AS parent FROM f JOIN p IN f.parents WHERE p.firstName = 'Thomas'",
            json!([{"family": docs[0], "parent": {"firstName": "Thomas"}}])),
        ("SELECT VALUE ARRAY(SELECT * FROM p IN f.parents) FROM f WHERE f.id = 'AndersenFamily'",
            json!([[{"firstName": "Thomas"}, {"firstName": "Mary Kay"}]])),
        ("SELECT VALUE p.givenName FROM f JOIN c IN f.children JOIN p IN c.pets WHERE f.id = 'WakefieldFamily' AND c.grade = 1", json!(["Goofy", "Shadow"])),
        // Subquery as a JOIN source (documented self-join optimisation pattern).
        ("SELECT VALUE f.id FROM f JOIN (SELECT VALUE c FROM c IN f.children WHERE c.grade >= 5) big",
            json!(["AndersenFamily", "WakefieldFamily"])),
    ]);
}

#[test]
fn where_operators() {
    let docs = products();
    check(
        &docs,
        &[
            (
                "SELECT VALUE p.id FROM p WHERE p.price > 100",
                json!(["p4", "p5"]),
            ),
            (
                "SELECT VALUE p.id FROM p WHERE p.price >= 120 AND p.price <= 300",
                json!(["p4", "p5"]),
            ),
            (
                "SELECT VALUE p.id FROM p WHERE p.price < 10 OR p.category = 'misc'",
                json!(["p3", "p6"]),
            ),
            (
                "SELECT VALUE p.id FROM p WHERE p.category != 'camping'",
                json!(["p1", "p2", "p3", "p6"]),
            ),
            (
                "SELECT VALUE p.id FROM p WHERE p.category <> 'camping' AND p.price > 50",
                json!(["p1"]),
            ),
            (
                "SELECT VALUE p.id FROM p WHERE p.price BETWEEN 27.07 AND 120",
                json!(["p1", "p2", "p5"]),
            ),
            (
                "SELECT VALUE p.id FROM p WHERE p.price NOT BETWEEN 27.07 AND 120",
                json!(["p3", "p4"]),
            ),
            (
                "SELECT VALUE p.id FROM p WHERE p.category IN ('camping', 'misc')",
                json!(["p4", "p5", "p6"]),
            ),
            (
                "SELECT VALUE p.id FROM p WHERE p.category NOT IN ('camping', 'misc')",
                json!(["p1", "p2", "p3"]),
            ),
            (
                "SELECT VALUE p.id FROM p WHERE p.name LIKE 'Contoso%'",
                json!(["p4", "p5"]),
            ),
            (
                "SELECT VALUE p.id FROM p WHERE p.name LIKE '%bracelet'",
                json!(["p1", "p2"]),
            ),
            (
                "SELECT VALUE p.id FROM p WHERE p.name LIKE 'I_e%'",
                json!(["p2"]),
            ),
            (
                "SELECT VALUE p.id FROM p WHERE p.name NOT LIKE '%o%'",
                json!(["p2"]),
            ),
            (
                "SELECT VALUE p.id FROM p WHERE p.name LIKE '[A-C]%'",
                json!(["p3", "p4", "p5"]),
            ),
            (
                "SELECT VALUE p.id FROM p WHERE p.name LIKE '[^A-C]%'",
                json!(["p1", "p2", "p6"]),
            ),
            ("SELECT VALUE 'a%b' LIKE 'a!%b' ESCAPE '!'", json!([true])),
            ("SELECT VALUE p.id FROM p WHERE p.onSale", json!(["p3"])),
            ("SELECT VALUE p.id FROM p WHERE NOT p.onSale", json!(["p4"])),
            (
                "SELECT VALUE p.id FROM p WHERE p.price * 2 > 500",
                json!(["p4"]),
            ),
            (
                "SELECT VALUE p.id FROM p WHERE p.quantity % 2 = 1",
                json!(["p1"]),
            ),
            (
                "SELECT VALUE p.id FROM p WHERE (p.price - 20) / 10 > 10",
                json!(["p4"]),
            ),
            (
                "SELECT VALUE p.id FROM p WHERE (p.name || '!') = 'Contoso tent!'",
                json!(["p4"]),
            ),
            // In the service grammar '||' binds looser than '=', so this is
            // p.name || ('!' = '...'), a string concatenated with a boolean: undefined.
            (
                "SELECT VALUE p.id FROM p WHERE p.name || '!' = 'Contoso tent!'",
                json!([]),
            ),
            (
                "SELECT VALUE p.id FROM p WHERE p.tags[0] = 'outdoor'",
                json!(["p4", "p5"]),
            ),
            (
                "SELECT VALUE p.id FROM p WHERE p['category'] = 'apparel'",
                json!(["p3"]),
            ),
            // Docs (equality): comparisons across types are undefined, so nothing matches.
            ("SELECT VALUE p.id FROM p WHERE 0 = 'true'", json!([])),
            (
                "SELECT VALUE p.id FROM p WHERE p.quantity > 1",
                json!(["p1", "p2", "p4"]),
            ),
            (
                "SELECT VALUE p.id FROM p WHERE p.quantity > 'a'",
                json!(["p5"]),
            ),
            // WHERE keeps a row only for exactly true.
            ("SELECT VALUE p.id FROM p WHERE p.price", json!([])),
            (
                "SELECT VALUE p.id FROM p WHERE p.price = null",
                json!(["p6"]),
            ),
            (
                "SELECT VALUE p.id FROM p WHERE IS_NULL(p.price)",
                json!(["p6"]),
            ),
            (
                "SELECT VALUE p.id FROM p WHERE NOT IS_DEFINED(p.tags)",
                json!(["p6"]),
            ),
            ("SELECT VALUE p.id FROM p WHERE p.missing != 1", json!([])),
            (
                "SELECT VALUE p.id FROM p WHERE p.tags = ['wrist']",
                json!(["p2"]),
            ),
            (
                "SELECT VALUE p.id FROM p WHERE p.tags != []",
                json!(["p1", "p2", "p4", "p5"]),
            ),
        ],
    );
}

#[test]
fn parameters() {
    let docs = products();
    let got = run(
        &docs,
        "SELECT VALUE p.id FROM p WHERE p.price > @min AND p.category = @cat",
        json!([{"name": "@min", "value": 50}, {"name": "@cat", "value": "camping"}]),
    );
    assert_eq!(got, vec![json!("p4"), json!("p5")]);
    let got = run(
        &docs,
        "SELECT TOP @n VALUE p.id FROM p ORDER BY p.id DESC",
        json!([{"name": "@n", "value": 2}]),
    );
    assert_eq!(got, vec![json!("p6"), json!("p5")]);
    let got = run(
        &docs,
        "SELECT VALUE p.id FROM p ORDER BY p.id OFFSET @o LIMIT @l",
        json!([{"name": "@o", "value": 1}, {"name": "@l", "value": 2}]),
    );
    assert_eq!(got, vec![json!("p2"), json!("p3")]);
    let got = run(
        &docs,
        "SELECT VALUE p.id FROM p WHERE ARRAY_CONTAINS(@ids, p.id)",
        json!([{"name": "@ids", "value": ["p3", "p1"]}]),
    );
    assert_eq!(got, vec![json!("p1"), json!("p3")]);
    // A parameter supplied without a value is undefined.
    let got = run(
        &docs,
        "SELECT VALUE IS_DEFINED(@x)",
        json!([{"name": "@x"}]),
    );
    assert_eq!(got, vec![json!(false)]);

    let q = parse("SELECT * FROM p WHERE p.id = @id").unwrap();
    let err = q.execute(&docs, &Parameters::new(), None).unwrap_err();
    assert_eq!(err, EvalError::MissingParameter("@id".into()));
    let q = parse("SELECT TOP @n * FROM p").unwrap();
    let err = q
        .execute(&docs, &Parameters::new().with("@n", json!("x")), None)
        .unwrap_err();
    assert!(matches!(err, EvalError::InvalidArgument(_)), "{err}");
    let err = q
        .execute(&docs, &Parameters::new().with("@n", json!(-1)), None)
        .unwrap_err();
    assert!(matches!(err, EvalError::InvalidArgument(_)), "{err}");
    assert!(Parameters::from_json(&json!({"name": "@x"})).is_err());
    assert!(Parameters::from_json(&json!([{"value": 1}])).is_err());
}

#[test]
fn order_by() {
    let docs = products();
    check(
        &docs,
        &[
            (
                "SELECT VALUE p.id FROM p ORDER BY p.price",
                json!(["p6", "p3", "p2", "p1", "p5", "p4"]),
            ),
            (
                "SELECT VALUE p.id FROM p ORDER BY p.price DESC",
                json!(["p4", "p5", "p1", "p2", "p3", "p6"]),
            ),
            (
                "SELECT VALUE p.id FROM p ORDER BY p.category, p.price DESC",
                json!(["p1", "p2", "p3", "p4", "p5", "p6"]),
            ),
            (
                "SELECT VALUE p.id FROM p ORDER BY p.category DESC, p.name",
                json!(["p6", "p5", "p4", "p3", "p2", "p1"]),
            ),
            (
                "SELECT VALUE p.name FROM p ORDER BY p.name",
                json!([
                    "Adventure Works socks",
                    "Contoso stove",
                    "Contoso tent",
                    "Icenty bracelet",
                    "Iroowl bracelet",
                    "Mystery box"
                ]),
            ),
            (
                "SELECT TOP 2 VALUE p.id FROM p ORDER BY p.price DESC",
                json!(["p4", "p5"]),
            ),
            (
                "SELECT VALUE p.id FROM p ORDER BY p.id OFFSET 4 LIMIT 10",
                json!(["p5", "p6"]),
            ),
            (
                "SELECT VALUE p.id FROM p ORDER BY p.id OFFSET 10 LIMIT 10",
                json!([]),
            ),
            (
                "SELECT VALUE p.id FROM p ORDER BY p.id OFFSET 0 LIMIT 0",
                json!([]),
            ),
            // Ties keep input order (stable sort).
            (
                "SELECT VALUE p.id FROM p ORDER BY p.category",
                json!(["p1", "p2", "p3", "p4", "p5", "p6"]),
            ),
            (
                "SELECT VALUE p.id FROM p ORDER BY ARRAY_LENGTH(p.tags) DESC",
                json!(["p1", "p4", "p2", "p5", "p3", "p6"]),
            ),
        ],
    );
    // Docs: ORDER BY mixes types in the order undefined, null, boolean, number, string (then arrays, objects).
    check(
        &mixed(),
        &[
            (
                "SELECT VALUE m.id FROM m ORDER BY m.v",
                json!(["u", "z", "f", "t", "n1", "n2", "s", "arr", "o"]),
            ),
            (
                "SELECT VALUE m.id FROM m ORDER BY m.v DESC",
                json!(["o", "arr", "s", "n2", "n1", "t", "f", "z", "u"]),
            ),
        ],
    );
}

#[test]
fn distinct_top_offset() {
    let docs = products();
    check(
        &docs,
        &[
            (
                "SELECT DISTINCT VALUE p.category FROM p",
                json!(["activity-bracelet", "apparel", "camping", "misc"]),
            ),
            (
                "SELECT DISTINCT p.category FROM p WHERE p.price > 50",
                json!([{"category": "activity-bracelet"}, {"category": "camping"}]),
            ),
            (
                "SELECT DISTINCT VALUE t FROM p JOIN t IN p.tags",
                json!(["sport", "wrist", "outdoor"]),
            ),
            (
                "SELECT DISTINCT VALUE t FROM p JOIN t IN p.tags ORDER BY t",
                json!(["outdoor", "sport", "wrist"]),
            ),
            (
                "SELECT DISTINCT TOP 2 VALUE p.category FROM p",
                json!(["activity-bracelet", "apparel"]),
            ),
            (
                "SELECT VALUE p.id FROM p OFFSET 1 LIMIT 2",
                json!(["p2", "p3"]),
            ),
            (
                "SELECT VALUE COUNT(1) FROM (SELECT DISTINCT VALUE p.category FROM p) AS c",
                json!([4]),
            ),
            (
                "SELECT DISTINCT VALUE p.price > 100 FROM p",
                json!([false, true]),
            ),
        ],
    );
}

#[test]
fn undefined_and_mixed_types() {
    let docs = mixed();
    check(
        &docs,
        &[
            ("SELECT VALUE m.id FROM m WHERE m.v = 1.5", json!(["n1"])),
            (
                "SELECT VALUE m.id FROM m WHERE m.v > 1",
                json!(["n2", "n1"]),
            ),
            ("SELECT VALUE m.id FROM m WHERE m.v > 'A'", json!(["s"])),
            ("SELECT VALUE m.id FROM m WHERE m.v > false", json!(["t"])),
            (
                "SELECT VALUE m.id FROM m WHERE m.v = {\"a\": 1}",
                json!(["o"]),
            ),
            ("SELECT VALUE m.id FROM m WHERE m.v = [1]", json!(["arr"])),
            // Relational comparison of arrays/objects is undefined.
            (
                "SELECT VALUE m.id FROM m WHERE m.v >= {\"a\": 1}",
                json!([]),
            ),
            (
                "SELECT VALUE m.id FROM m WHERE m.v ?? true",
                json!(["t", "u"]),
            ),
            ("SELECT VALUE m.v + 1 FROM m", json!([3, 2.5])),
            ("SELECT VALUE m.v || 'x' FROM m", json!(["ax"])),
            (
                "SELECT VALUE IS_DEFINED(m.v) FROM m WHERE m.id = 'u'",
                json!([false]),
            ),
            ("SELECT VALUE m.id FROM m WHERE m.v AND true", json!(["t"])),
            (
                "SELECT VALUE m.id FROM m WHERE m.v OR true",
                json!(["s", "n2", "o", "t", "u", "z", "arr", "f", "n1"]),
            ),
            // Equality between different types is false (not undefined), so its
            // negation is true; only an undefined operand stays undefined.
            (
                "SELECT VALUE m.id FROM m WHERE NOT (m.v = 'a')",
                json!(["n2", "o", "t", "z", "arr", "f", "n1"]),
            ),
            (
                "SELECT VALUE m.id FROM m WHERE m.v != 2",
                json!(["s", "o", "t", "z", "arr", "f", "n1"]),
            ),
            (
                "SELECT VALUE m.id FROM m WHERE m.v NOT IN (2, 'a')",
                json!(["o", "t", "z", "arr", "f", "n1"]),
            ),
            (
                "SELECT VALUE m.v = m.v FROM m WHERE m.id IN ('u', 'z')",
                json!([true]),
            ),
            (
                "SELECT VALUE [m.v = 1, m.v != 1, m.v IN (1)] FROM m WHERE m.id = 'u'",
                json!([[]]),
            ),
            (
                "SELECT VALUE m.id FROM m WHERE m.v IN (1.5, 'a', true)",
                json!(["s", "t", "n1"]),
            ),
            (
                "SELECT VALUE m.id FROM m WHERE m.v BETWEEN 1 AND 2",
                json!(["n2", "n1"]),
            ),
            (
                "SELECT VALUE m.id FROM m WHERE m.v ? true : false",
                json!(["t"]),
            ),
            (
                "SELECT VALUE m.v ?? 'dflt' FROM m WHERE m.id IN ('u', 'z')",
                json!(["dflt", null]),
            ),
        ],
    );
}

#[test]
fn operators_and_literals() {
    check(&[], &[
        // Docs (bitwise operators) example results.
        ("SELECT (100 >> 2) AS rightShift, (100 << 2) AS leftShift, (100 >>> 0) AS zeroFillRightShift, (100 & 1000) AS logicalAnd, (100 | 1000) AS logicalOr, (100 ^ 1000) AS logicalExclusiveOr",
            json!([{"rightShift": 25, "leftShift": 400, "zeroFillRightShift": 100, "logicalAnd": 96, "logicalOr": 1004, "logicalExclusiveOr": 908}])),
        ("SELECT VALUE ~0", json!([-1])),
        ("SELECT VALUE 7 / 2", json!([3.5])),
        ("SELECT VALUE 6 / 3", json!([2])),
        ("SELECT VALUE 7 % 3", json!([1])),
        ("SELECT VALUE 1 / 0", json!([])),
        ("SELECT VALUE 2 * 3 + 4", json!([10])),
        ("SELECT VALUE 2 * (3 + 4)", json!([14])),
        ("SELECT VALUE -2 - -3", json!([1])),
        ("SELECT VALUE 'a' || 'b' || 'c'", json!(["abc"])),
        ("SELECT VALUE 'a' = 'a' AND 1 < 2", json!([true])),
        ("SELECT VALUE true ? 'y' : 'n'", json!(["y"])),
        ("SELECT VALUE 1 ? 'y' : 'n'", json!(["n"])),
        ("SELECT VALUE undefined ?? null ?? 1", json!([null])),
        ("SELECT VALUE [1, 'a', [true], {\"k\": null}]", json!([[1, "a", [true], {"k": null}]])),
        ("SELECT VALUE {a: 1, \"b c\": 2}", json!([{"a": 1, "b c": 2}])),
        ("SELECT VALUE [1, 2, 3][1]", json!([2])),
        ("SELECT VALUE {\"a\": {\"b\": 5}}.a.b", json!([5])),
        ("SELECT VALUE {\"a\": 1}[\"a\"]", json!([1])),
        ("SELECT VALUE [1][5]", json!([])),
        ("SELECT VALUE 'abc' < 'abd'", json!([true])),
        // Code point order: upper case sorts before lower case.
        ("SELECT VALUE 'Z' < 'a'", json!([true])),
        ("SELECT VALUE 1.0 = 1", json!([true])),
        // Numbers are doubles: integral literals print as integers.
        ("SELECT VALUE 1e3", json!([1000])),
        ("SELECT VALUE [1.0, 2.50, -0.0]", json!([[1, 2.5, 0]])),
        ("SELECT VALUE 0.1 + 0.2", json!([0.30000000000000004])),
        ("SELECT VALUE 9007199254740993 = 9007199254740993", json!([true])),
    ]);
}

#[test]
fn functions_over_documents() {
    let docs = products();
    check(
        &docs,
        &[
            (
                "SELECT VALUE UPPER(p.category) FROM p WHERE p.id = 'p3'",
                json!(["APPAREL"]),
            ),
            (
                "SELECT VALUE p.id FROM p WHERE CONTAINS(p.name, 'BRACELET', true)",
                json!(["p1", "p2"]),
            ),
            (
                "SELECT VALUE p.id FROM p WHERE STARTSWITH(p.name, 'contoso', true)",
                json!(["p4", "p5"]),
            ),
            (
                "SELECT VALUE p.id FROM p WHERE ARRAY_CONTAINS(p.tags, 'sport')",
                json!(["p1", "p4"]),
            ),
            (
                "SELECT VALUE ARRAY_LENGTH(p.tags) FROM p",
                json!([2, 1, 0, 2, 1]),
            ),
            (
                "SELECT VALUE p.id FROM p WHERE IS_STRING(p.quantity)",
                json!(["p5"]),
            ),
            (
                "SELECT VALUE DateTimePart('yyyy', p.released) FROM p",
                json!([2021, 2022]),
            ),
            (
                "SELECT VALUE p.id FROM p WHERE p.released > '2022-01-01T00:00:00.0000000Z'",
                json!(["p2"]),
            ),
            (
                "SELECT VALUE IIF(p.onSale, 'sale', 'full') FROM p",
                json!(["full", "full", "sale", "full", "full", "full"]),
            ),
            (
                "SELECT VALUE ROUND(p.price) FROM p WHERE p.id IN ('p1', 'p2')",
                json!([72, 27]),
            ),
            (
                "SELECT VALUE SUBSTRING(p.name, 0, 7) FROM p WHERE p.id = 'p4'",
                json!(["Contoso"]),
            ),
            (
                "SELECT VALUE StringJoin(p.tags, '+') FROM p WHERE p.id = 'p1'",
                json!(["sport+wrist"]),
            ),
        ],
    );
}

#[test]
fn results_are_deterministic_for_a_given_input_order() {
    let docs = products();
    for sql in [
        "SELECT * FROM p",
        "SELECT VALUE p.id FROM p ORDER BY p.category",
        "SELECT p.category, COUNT(1) AS n FROM p GROUP BY p.category",
        "SELECT DISTINCT VALUE t FROM p JOIN t IN p.tags",
    ] {
        let a = run(&docs, sql, json!([]));
        let b = run(&docs, sql, json!([]));
        assert_eq!(a, b, "{sql}");
    }
}
