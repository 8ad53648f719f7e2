use serde_json::json;

use crate::tests_cfg::{Event, User};
use crate::{HasFields, Optional, Query, QueryScope, RawQuery};

fn params<O>(q: &crate::PreparedQuery<O>) -> serde_json::Value {
    serde_json::to_value(&q.spec.parameters).unwrap()
}

#[test]
fn bare_query_reads_one_partition() {
    let q = Query::<User>::in_partition("acme").build().unwrap();
    assert_eq!(q.spec.query, "SELECT * FROM c");
    assert!(q.spec.parameters.is_empty());
    assert_eq!(
        q.scope,
        QueryScope::Partition(crate::PartitionKey::hierarchical(vec![
            crate::PartitionKeyValue::String("acme".into())
        ]))
    );
}

#[test]
fn cross_partition_is_explicit() {
    let q = Query::<User>::cross_partition().build().unwrap();
    assert_eq!(q.scope, QueryScope::CrossPartition);
}

#[test]
fn comparisons_and_boolean_logic() {
    let f = User::fields();
    let q = Query::<User>::in_partition("t")
        .filter((f.age.gt(18) & f.age.le(65)) | !f.active.is_true())
        .filter(f.score.between(1.0, 2.5))
        .build()
        .unwrap();
    assert_eq!(
        q.spec.query,
        "SELECT * FROM c WHERE ((c.age > @p0 AND c.age <= @p1) OR NOT (c.active = @p2)) AND (c.score BETWEEN @p3 AND @p4)"
    );
    assert_eq!(
        params(&q),
        json!([
            {"name": "@p0", "value": 18},
            {"name": "@p1", "value": 65},
            {"name": "@p2", "value": true},
            {"name": "@p3", "value": 1.0},
            {"name": "@p4", "value": 2.5}
        ])
    );
}

#[test]
fn string_functions_and_renamed_paths() {
    let f = User::fields();
    let q = Query::<User>::in_partition("t")
        .filter(
            f.display_name.contains("da")
                & f.display_name.contains_ignore_case("ADA")
                & f.first_name.starts_with("A")
                & f.home.zip_code.ends_with("1"),
        )
        .build()
        .unwrap();
    assert_eq!(
        q.spec.query,
        r#"SELECT * FROM c WHERE CONTAINS(c.displayName, @p0) AND CONTAINS(c.displayName, @p1, true) AND STARTSWITH(c["first-name"], @p2) AND ENDSWITH(c.home.zipCode, @p3)"#
    );
}

#[test]
fn values_never_enter_the_sql_text() {
    let f = User::fields();
    let hostile = "x' OR 1=1 --\"";
    let q = Query::<User>::in_partition("t")
        .filter(f.display_name.eq(hostile))
        .build()
        .unwrap();
    assert_eq!(q.spec.query, "SELECT * FROM c WHERE c.displayName = @p0");
    assert_eq!(q.spec.parameters[0].value, json!(hostile));
}

#[test]
fn in_arrays_presence_nested_and_flattened() {
    let f = User::fields();
    let q = Query::<User>::in_partition("t")
        .filter(f.age.is_in([1, 2]))
        .filter(f.tags.array_contains("vip"))
        .filter(f.first_name.is_defined())
        .filter(f.tags.is_empty().not())
        .filter(f.addresses.at(0).geo.lat.ge(10.0))
        .filter(f.audit.created_by.ne("bot"))
        .filter(f.home.is_null().not())
        .build()
        .unwrap();
    assert_eq!(
        q.spec.query,
        "SELECT * FROM c WHERE c.age IN (@p0, @p1) AND ARRAY_CONTAINS(c.tags, @p2) \
         AND IS_DEFINED(c[\"first-name\"]) AND NOT (ARRAY_LENGTH(c.tags) = 0) \
         AND c.addresses[0].geo.lat >= @p3 AND c.created_by != @p4 AND NOT (IS_NULL(c.home))"
    );
}

#[test]
fn empty_in_matches_nothing() {
    let f = User::fields();
    let q = Query::<User>::in_partition("t")
        .filter(f.age.is_in(Vec::<u32>::new()))
        .build()
        .unwrap();
    assert_eq!(q.spec.query, "SELECT * FROM c WHERE false");
}

#[test]
fn order_top_offset_limit() {
    let f = User::fields();
    let q = Query::<User>::in_partition("t")
        .order_by(f.age.desc())
        .order_by(f.display_name.asc())
        .offset_limit(20, 10)
        .build()
        .unwrap();
    assert_eq!(
        q.spec.query,
        "SELECT * FROM c ORDER BY c.age DESC, c.displayName ASC OFFSET 20 LIMIT 10"
    );
    let q = Query::<User>::in_partition("t")
        .offset_limit(1, 1)
        .top(3)
        .build()
        .unwrap();
    assert_eq!(q.spec.query, "SELECT TOP 3 * FROM c");
}

#[test]
fn projection_count_exists_first() {
    let f = User::fields();
    let base = Query::<User>::in_partition("t").filter(f.active.is_true());
    let q = base
        .clone()
        .select((
            f.display_name.clone(),
            f.age.clone(),
            Optional(f.first_name.clone()),
        ))
        .build()
        .unwrap();
    assert_eq!(
        q.spec.query,
        r#"SELECT c.displayName AS f0, c.age AS f1, c["first-name"] AS f2 FROM c WHERE c.active = @p0"#
    );
    let row = q.decode(json!({"f0": "Ada", "f1": 36})).unwrap();
    assert_eq!(row, ("Ada".to_string(), 36u32, None));
    assert!(
        q.decode(json!({"f1": 36})).is_err(),
        "a missing required field is an error"
    );

    let count = base.clone().order_by(f.age.asc()).top(5).count().unwrap();
    assert_eq!(
        count.spec.query,
        "SELECT VALUE COUNT(1) FROM c WHERE c.active = @p0"
    );
    assert_eq!(count.decode(json!(7)).unwrap(), 7);

    let exists = base.clone().exists().unwrap();
    assert_eq!(
        exists.spec.query,
        "SELECT TOP 1 VALUE 1 FROM c WHERE c.active = @p0"
    );

    let first = base.order_by(f.age.asc()).first().unwrap();
    assert_eq!(
        first.spec.query,
        "SELECT TOP 1 * FROM c WHERE c.active = @p0 ORDER BY c.age ASC"
    );
    assert_eq!(first.shape, crate::query::ResultShape::First);

    let tenth = Query::<User>::in_partition("t")
        .order_by(f.age.asc())
        .offset_limit(9, 50)
        .first()
        .unwrap();
    assert_eq!(
        tenth.spec.query,
        "SELECT * FROM c ORDER BY c.age ASC OFFSET 9 LIMIT 1"
    );
}

#[test]
fn hierarchical_partition_scope() {
    let q = Query::<Event>::in_partition(("acme", 51.5, 20240101))
        .build()
        .unwrap();
    let QueryScope::Partition(key) = q.scope else {
        panic!("expected a partition scope");
    };
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&key.to_header()).unwrap(),
        json!(["acme", 51.5, 20240101])
    );
}

#[test]
fn raw_queries_validate_parameters() {
    let q = RawQuery::<User>::cross_partition("SELECT * FROM c WHERE c.age > @min")
        .param("@min", 3)
        .build()
        .unwrap();
    assert_eq!(q.spec.parameters[0].value, json!(3));
    assert!(RawQuery::<User>::cross_partition("x")
        .param("min", 3)
        .build()
        .is_err());
    assert!(RawQuery::<User>::cross_partition("x")
        .param("@a", 1)
        .param("@a", 2)
        .build()
        .is_err());
}

/// A value whose serialization always fails, like a map with non-string keys.
struct Unserializable;

impl serde::Serialize for Unserializable {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom("refused"))
    }
}

#[test]
fn serialization_failures_surface_at_build() {
    let field = crate::ValueField::<User, Unserializable>::new(crate::FieldPath::root().child("x"));
    let err = Query::<User>::cross_partition()
        .filter(field.eq(Unserializable))
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("refused"), "{err}");
}
