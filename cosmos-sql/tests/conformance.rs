//! Table-driven conformance tests: each case is a query and the results
//! the service documents for it. Comments cite the documented behaviour
//! where it is not obvious.

mod common;

use common::*;
use cosmos_sql::{parse, EvalError, Parameters, UdfError, UdfResolver};
use serde_json::{json, Value};

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
        ("SELECT VALUE 1e3", json!([1000.0])),
        ("SELECT VALUE 0.1 + 0.2", json!([0.30000000000000004])),
        ("SELECT VALUE 9007199254740993 = 9007199254740993", json!([true])),
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
