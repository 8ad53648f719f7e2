use super::*;

fn rt(sql: &str) -> Query {
    let q = parse(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    let printed = q.to_string();
    let again = parse(&printed).unwrap_or_else(|e| panic!("reparse of {printed}: {e}"));
    assert_eq!(q, again, "round trip changed the tree: {sql} -> {printed}");
    q
}

fn printed(sql: &str) -> String {
    rt(sql).to_string()
}

fn err(sql: &str) -> ParseError {
    parse(sql).expect_err(sql)
}

#[test]
fn round_trips_a_wide_range_of_queries() {
    for sql in [
        "SELECT * FROM c",
        "SELECT * FROM root r WHERE r.id = 'x'",
        "select c.id, c.name AS n, c.age years from c",
        "SELECT VALUE c.id FROM c",
        "SELECT DISTINCT TOP 5 c.a FROM c",
        "SELECT TOP @n * FROM c",
        "SELECT c.a FROM c OFFSET 1 LIMIT @l",
        "SELECT * FROM c IN c.children",
        "SELECT f.id, ch.name FROM Families f JOIN ch IN f.children JOIN p IN ch.pets",
        "SELECT * FROM Families.children[0] c",
        "SELECT * FROM f[\"odd key\"] AS x",
        "SELECT VALUE (SELECT VALUE COUNT(1) FROM t IN c.tags) FROM c",
        "SELECT EXISTS(SELECT VALUE t FROM t IN c.tags WHERE t = 'a') AS e FROM c",
        "SELECT ARRAY(SELECT VALUE t.name FROM t IN c.tags) FROM c",
        "SELECT * FROM c WHERE c.a + 1 * 2 - 3 / 4 % 5 > 0 AND NOT c.b OR c.c",
        "SELECT * FROM c WHERE c.a BETWEEN 1 AND 10 AND c.b NOT BETWEEN 'a' AND 'b'",
        "SELECT * FROM c WHERE c.a IN (1, 2, 'x') AND c.b NOT IN (null)",
        "SELECT * FROM c WHERE c.s LIKE 'a%' ESCAPE '!' AND c.t NOT LIKE '_b'",
        "SELECT c.a ?? c.b ?? 0, c.x ? 1 : c.y ? 2 : 3 FROM c",
        "SELECT 1 & 2 | 3 ^ 4, ~5, 1 << 2 >> 1 >>> 0, 'a' || 'b' FROM c",
        "SELECT c[\"a\"], c.arr[0], c.arr[c.i + 1].x FROM c",
        "SELECT {\"a\": 1, b: [1, -2, {}], \"c d\": c.x} AS o, [] FROM c",
        "SELECT c.k, COUNT(1) AS n FROM c GROUP BY c.k",
        "SELECT * FROM c ORDER BY c.a, c.b DESC, c.c ASC",
        "SELECT udf.tax(c.income, 2) FROM c",
        "SELECT VALUE -(-1)",
        "SELECT VALUE - -1",
        "SELECT VALUE -c.a - -c.b FROM c",
        "SELECT VALUE (1 + 2) * 3",
        "SELECT VALUE 1 - (2 - 3)",
        "SELECT VALUE (c.a = 1) = (c.b = 2) FROM c",
        "SELECT VALUE (c.a ? 1 : 2) ? 3 : 4 FROM c",
        "SELECT VALUE c[\"value\"] FROM c",
        "SELECT VALUE 'it''s' FROM c",
        "SELECT * FROM (SELECT DISTINCT VALUE c.k FROM c) AS k",
        "SELECT VALUE COUNT(1) FROM (SELECT DISTINCT VALUE c.k FROM c) k",
        "SELECT VALUE undefined",
        "SELECT (1).x, (1.5).y, [1][0]",
        "SELECT VALUE 1.5e300",
        "SELECT VALUE \"tab\\there\\u00e9\\n\"",
        "SELECT * FROM c -- trailing comment",
        "SELECT s FROM c JOIN (SELECT VALUE t FROM t IN c.tags WHERE t > 'm') s",
    ] {
        if sql.contains("'it''s'") {
            // Not valid in this dialect: quotes are escaped with a backslash.
            assert!(parse(sql).is_err());
            continue;
        }
        rt(sql);
    }
}

#[test]
fn display_is_canonical() {
    assert_eq!(
        printed("select   *   from c where c.x=1"),
        "SELECT * FROM c WHERE c.x = 1"
    );
    assert_eq!(
        printed("SELECT VALUE ((1 + 2)) * 3"),
        "SELECT VALUE (1 + 2) * 3"
    );
    assert_eq!(printed("SELECT VALUE 1 + 2 * 3"), "SELECT VALUE 1 + 2 * 3");
    assert_eq!(printed("SELECT VALUE - -1"), "SELECT VALUE 1");
    assert_eq!(
        printed("SELECT VALUE -(-c.a) FROM c"),
        "SELECT VALUE -(-c.a) FROM c"
    );
    assert_eq!(printed("SELECT * FROM root r"), "SELECT * FROM root AS r");
    assert_eq!(
        printed("SELECT c.x AS y FROM c ORDER BY c.x ASC"),
        "SELECT c.x AS y FROM c ORDER BY c.x"
    );
    assert_eq!(
        printed("SELECT VALUE {a: 'x'}"),
        "SELECT VALUE {\"a\": \"x\"}"
    );
}

#[test]
fn precedence_follows_the_grammar() {
    let q = parse("SELECT VALUE 1 + 2 * 3 = 7 AND true OR false").unwrap();
    let SelectList::Value(e) = &q.select.list else {
        panic!()
    };
    // OR at the top, AND under it, then '=', then '+', then '*'.
    let ExprKind::Binary(BinaryOp::Or, l, _) = &e.kind else {
        panic!("{e}")
    };
    let ExprKind::Binary(BinaryOp::And, l, _) = &l.kind else {
        panic!()
    };
    let ExprKind::Binary(BinaryOp::Eq, l, _) = &l.kind else {
        panic!()
    };
    let ExprKind::Binary(BinaryOp::Add, _, r) = &l.kind else {
        panic!()
    };
    assert!(matches!(r.kind, ExprKind::Binary(BinaryOp::Mul, ..)));

    // NOT is a prefix operator of the tightest kind.
    let q = parse("SELECT VALUE NOT c.a = 1 FROM c").unwrap();
    let SelectList::Value(e) = &q.select.list else {
        panic!()
    };
    assert!(
        matches!(&e.kind, ExprKind::Binary(BinaryOp::Eq, l, _) if matches!(l.kind, ExprKind::Unary(UnaryOp::Not, _)))
    );

    // '??' binds looser than OR, '?:' loosest.
    let q = parse("SELECT VALUE c.a OR c.b ?? c.c ? 1 : 2 FROM c").unwrap();
    let SelectList::Value(e) = &q.select.list else {
        panic!()
    };
    let ExprKind::Conditional { cond, .. } = &e.kind else {
        panic!()
    };
    assert!(matches!(
        cond.kind,
        ExprKind::Binary(BinaryOp::Coalesce, ..)
    ));

    // BETWEEN ... AND ... AND: the second AND is logical.
    let q = parse("SELECT * FROM c WHERE c.a BETWEEN 1 AND 2 AND c.b = 3").unwrap();
    let w = q.where_clause.unwrap();
    let ExprKind::Binary(BinaryOp::And, l, _) = &w.kind else {
        panic!("{w}")
    };
    assert!(matches!(l.kind, ExprKind::Between { .. }));
}

#[test]
fn from_aliases_default_like_the_service() {
    let q = parse("SELECT * FROM Families.children[0]").unwrap();
    assert_eq!(q.from.unwrap().source.alias(), Some("children"));
    let q = parse("SELECT * FROM root").unwrap();
    assert_eq!(q.from.unwrap().source.alias(), Some("root"));
}

#[test]
fn errors_carry_positions_and_messages() {
    let e = err("SELECT * FROM c WHERE");
    assert_eq!(e.span.start, 21);
    assert!(e.message.contains("expected an expression"), "{e}");
    assert!(e.to_string().contains("line 1, column 22"), "{e}");

    let e = err("SELECT * FROM c WHERE x.id = 1");
    assert_eq!(e.span.start, 22);
    assert!(
        e.message.contains("Identifier 'x' could not be resolved"),
        "{e}"
    );

    let e = err("SELECT c.id FROM c\nWHERE c.id = 'a' extra");
    assert_eq!(e.location.line, 2);
    assert!(e.message.contains("expected end of query"), "{e}");

    assert!(err("SELECT *").message.contains("FROM clause is omitted"));
    assert!(err("SELECT * FROM c WHERE COUNT(1) > 1")
        .message
        .contains("Aggregate"));
    assert!(err("SELECT SUM(COUNT(1)) FROM c")
        .message
        .contains("aggregate"));
    assert!(err("SELECT TOP 1.5 * FROM c").message.contains("count"));
    assert!(err("SELECT * FROM c JOIN t IN x.tags")
        .message
        .contains("'x'"));
    assert!(err("SELECT {\"a\": 1, \"a\": 2}")
        .message
        .contains("duplicate"));
    assert!(err("SELECT * FROM c WHERE c.a NOT 1")
        .message
        .contains("after NOT"));
    assert!(err("SELECT VALUE TRUE").message.contains("'TRUE'"));
    assert!(err("").message.contains("SELECT"));
    assert!(err("SELECT c.value FROM c")
        .message
        .contains("reserved word"));
    assert!(err("SELECT * FROM c JOIN t IN c.tags")
        .message
        .contains("single input set"));
    assert!(err("SELECT * FROM c OFFSET 1").message.contains("LIMIT"));
    assert!(err("SELECT VALUE (SELECT VALUE y FROM y IN z.arr) FROM c")
        .message
        .contains("'z'"));
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("SELECT VALUE {}1{}", "(".repeat(10_000), ")".repeat(10_000));
    assert!(err(&deep).message.contains("nested too deeply"));
    let deep = format!("SELECT VALUE {}1", "-".repeat(10_000).replace("--", "- -"));
    assert!(parse(&deep).is_err());
    let deep = format!("SELECT VALUE {}1", "NOT ".repeat(10_000));
    assert!(err(&deep).message.contains("nested too deeply"));
    let ok = format!("SELECT VALUE {}1{}", "(".repeat(20), ")".repeat(20));
    assert!(parse(&ok).is_ok());
}

#[test]
fn keywords_are_case_insensitive() {
    let a = parse("sElEcT dIsTiNcT vAlUe c.x fRoM c wHeRe c.y BeTwEeN 1 aNd 2 oRdEr By c.x DeSc")
        .unwrap();
    let b = parse("SELECT DISTINCT VALUE c.x FROM c WHERE c.y BETWEEN 1 AND 2 ORDER BY c.x DESC")
        .unwrap();
    assert_eq!(a, b);
}
