//! Cross-partition queries that meet a split (410/1002) part-way: the routing map is read
//! again and the gone range's children continue from its continuation, without gaps or
//! repeats.

use super::*;

const PLAN: &str = r#"{"partitionedQueryExecutionInfoVersion":2,"queryInfo":{
    "distinctType":"None","orderBy":["Ascending"],"orderByExpressions":["c.n"],
    "groupByExpressions":[],"groupByAliases":[],"aggregates":[],"groupByAliasToAggregateType":{},
    "rewrittenQuery":"SELECT c._rid, [{\"item\": c.n}] AS orderByItems, c.n AS payload FROM c WHERE ({documentdb-formattableorderbyquery-filter}) ORDER BY c.n",
    "hasSelectValue":true},
    "queryRanges":[{"min":"","max":"FF","isMinInclusive":true,"isMaxInclusive":false}]}"#;

const BEFORE: &str = r#"{"PartitionKeyRanges":[
    {"id":"0","minInclusive":"","maxExclusive":"80"},
    {"id":"1","minInclusive":"80","maxExclusive":"FF"}]}"#;

const AFTER: &str = r#"{"PartitionKeyRanges":[
    {"id":"1","minInclusive":"80","maxExclusive":"FF"},
    {"id":"2","minInclusive":"","maxExclusive":"40","parents":["0"]},
    {"id":"3","minInclusive":"40","maxExclusive":"80","parents":["0"]}]}"#;

fn rows(ns: &[i64]) -> String {
    let docs: Vec<Value> = ns
        .iter()
        .map(|n| json!({"_rid": format!("r{n}"), "orderByItems": [{"item": n}], "payload": n}))
        .collect();
    json!({"Documents": docs}).to_string()
}

fn gone() -> Scripted {
    Scripted::new(
        410,
        r#"{"code":"Gone","message":"partition key range is gone"}"#,
    )
    .header("x-ms-substatus", "1002")
}

#[tokio::test]
async fn order_by_query_continues_on_the_children_of_a_split_range() {
    let stub = Stub::start().await;
    let client = stub.client(fast_retries());
    let c = client.database("d").container("c");
    stub.push(
        Scripted::new(400, r#"{"code":"BadRequest","message":"needs a plan"}"#)
            .header("x-ms-substatus", "1004"),
    )
    .push(Scripted::new(200, PLAN))
    .push(Scripted::new(200, BEFORE))
    .push(Scripted::new(200, rows(&[1, 3])).header("x-ms-continuation", "c0"))
    .push(Scripted::new(200, rows(&[2, 6])))
    .push(gone())
    .push(Scripted::new(200, AFTER))
    .push(Scripted::new(200, rows(&[4])))
    .push(Scripted::new(200, rows(&[5])));

    let got: Vec<i64> = c
        .query_items::<i64>("SELECT VALUE c.n FROM c ORDER BY c.n")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(got, [1, 2, 3, 4, 5, 6]);

    let received = stub.received();
    let range = |i: usize| received[i].header("x-ms-documentdb-partitionkeyrangeid");
    let token = |i: usize| received[i].header("x-ms-continuation");
    assert_eq!((range(3), token(3)), (Some("0"), None));
    assert_eq!((range(5), token(5)), (Some("0"), Some("c0")));
    assert_eq!(received[6].path, "/dbs/d/colls/c/pkranges");
    // Both children resume from the parent's continuation; they cover the parent's range
    // exactly, so no EPK bounds are needed.
    assert_eq!((range(7), token(7)), (Some("2"), Some("c0")));
    assert_eq!((range(8), token(8)), (Some("3"), Some("c0")));
    assert_eq!(received[7].header("x-ms-start-epk"), None);
    assert_eq!(received.len(), 9);
}

#[tokio::test]
async fn feed_range_query_cuts_the_children_to_its_bounds() {
    let stub = Stub::start().await;
    let client = stub.client(fast_retries());
    let c = client.database("d").container("c");
    let count_plan = r#"{"queryInfo":{"aggregates":["Count"],"hasSelectValue":true,
        "rewrittenQuery":"SELECT VALUE [{\"item\": COUNT(1)}] FROM c"},"queryRanges":[]}"#;
    stub.push(Scripted::new(200, count_plan))
        .push(Scripted::new(200, BEFORE))
        .push(gone())
        .push(Scripted::new(200, AFTER))
        .push(Scripted::new(200, r#"{"Documents":[[{"item":2}]]}"#))
        .push(Scripted::new(200, r#"{"Documents":[[{"item":5}]]}"#))
        .push(Scripted::new(200, r#"{"Documents":[[{"item":7}]]}"#));

    // [20, A0) covers half of range 0 and part of range 1.
    let scope = cosmos_core::FeedRange::new("20", "A0").unwrap();
    let got: Vec<i64> = c
        .query_items::<i64>("SELECT VALUE COUNT(1) FROM c")
        .feed_range(scope)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(got, [14]);

    let received = stub.received();
    let epk = |i: usize| {
        (
            received[i].header("x-ms-documentdb-partitionkeyrangeid"),
            received[i].header("x-ms-start-epk"),
            received[i].header("x-ms-end-epk"),
            received[i].header("x-ms-read-key-type"),
        )
    };
    let kind = Some("EffectivePartitionKeyRange");
    assert_eq!(epk(2), (Some("0"), Some("20"), Some("80"), kind));
    assert_eq!(epk(4), (Some("2"), Some("20"), Some("40"), kind));
    assert_eq!(epk(5), (Some("3"), None, None, None));
    assert_eq!(epk(6), (Some("1"), Some("80"), Some("A0"), kind));
}

#[tokio::test]
async fn merge_tokens_made_before_a_split_resume_on_the_children() {
    let stub = Stub::start().await;
    let top_plan = r#"{"queryInfo":{"top":100,"rewrittenQuery":""},"queryRanges":[]}"#;
    let docs = |v: &[&str]| json!({ "Documents": v }).to_string();
    let query = "SELECT TOP 100 VALUE c.s FROM c";

    // Before the split: one page of range 0, then the caller stops and keeps the token.
    stub.push(
        Scripted::new(400, r#"{"code":"BadRequest","message":"needs a plan"}"#)
            .header("x-ms-substatus", "1004"),
    )
    .push(Scripted::new(200, top_plan))
    .push(Scripted::new(200, BEFORE))
    .push(Scripted::new(200, docs(&["a", "b"])).header("x-ms-continuation", "c0"))
    .push(Scripted::new(200, docs(&["c"])));
    let first = stub
        .client(fast_retries())
        .database("d")
        .container("c")
        .query_items::<String>(query)
        .max_item_count(2)
        .into_pages()
        .next()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.items(), ["a", "b"]);
    let token = first.continuation().unwrap().to_owned();
    let before = stub.received().len();

    // Another client (its routing map already shows the split) resumes from the token.
    stub.push(Scripted::new(200, top_plan))
        .push(Scripted::new(200, AFTER))
        .push(gone())
        .push(Scripted::new(200, AFTER))
        .push(Scripted::new(200, docs(&["c"])))
        .push(Scripted::new(200, docs(&["d"])))
        .push(Scripted::new(200, docs(&["e"])));
    let rest: Vec<String> = stub
        .client(fast_retries())
        .database("d")
        .container("c")
        .query_items::<String>(query)
        .max_item_count(2)
        .continuation(token)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rest, ["c", "d", "e"]);

    let received = &stub.received()[before..];
    let header = |i: usize, name: &str| received[i].header(name).map(str::to_owned);
    // The gone range is asked for its old keys from where the token stopped...
    assert_eq!(
        header(2, "x-ms-documentdb-partitionkeyrangeid").as_deref(),
        Some("0")
    );
    assert_eq!(header(2, "x-ms-continuation").as_deref(), Some("c0"));
    assert_eq!(header(2, "x-ms-end-epk").as_deref(), Some("80"));
    // ...and its children continue from there; range 1 starts from its beginning.
    assert_eq!(
        header(4, "x-ms-documentdb-partitionkeyrangeid").as_deref(),
        Some("2")
    );
    assert_eq!(header(4, "x-ms-continuation").as_deref(), Some("c0"));
    assert_eq!(
        header(5, "x-ms-documentdb-partitionkeyrangeid").as_deref(),
        Some("3")
    );
    assert_eq!(
        header(6, "x-ms-documentdb-partitionkeyrangeid").as_deref(),
        Some("1")
    );
    assert_eq!(header(6, "x-ms-continuation"), None);
}
