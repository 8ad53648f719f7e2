//! The pager: continuation following, resuming, errors.

use super::*;

#[tokio::test]
async fn pager_follows_and_resumes_continuations() {
    let stub = Stub::start().await;
    let container = stub.client(fast_retries()).database("d").container("c");
    stub.push(
        Scripted::new(200, r#"{"Documents":[{"n":1},{"n":2}],"_count":2}"#)
            .header("x-ms-continuation", "t1")
            .header("x-ms-request-charge", "2"),
    )
    .push(Scripted::new(200, r#"{"Documents":[],"_count":0}"#).header("x-ms-continuation", "t2"))
    .push(Scripted::new(200, r#"{"Documents":[{"n":3}],"_count":1}"#));
    let items: Vec<Value> = container
        .read_all_items()
        .max_item_count(2)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, [json!({"n":1}), json!({"n":2}), json!({"n":3})]);
    let sent: Vec<_> = stub
        .received()
        .iter()
        .map(|r| {
            (
                r.header("x-ms-continuation").map(str::to_owned),
                r.header("x-ms-max-item-count").map(str::to_owned),
            )
        })
        .collect();
    assert_eq!(
        sent,
        [
            (None, Some("2".into())),
            (Some("t1".into()), Some("2".into())),
            (Some("t2".into()), Some("2".into())),
        ]
    );

    // Resuming sends the saved token first; a server that echoes the token with an empty
    // page does not make the pager loop.
    stub.push(Scripted::new(200, r#"{"Documents":[]}"#).header("x-ms-continuation", "t9"));
    let mut pages = container
        .read_all_items::<Value>()
        .continuation("t9")
        .into_pages();
    let page = pages.next().await.unwrap().unwrap();
    assert!(page.items().is_empty());
    assert_eq!(page.continuation(), Some("t9"));
    assert!(pages.next().await.is_none());
    assert_eq!(
        stub.received().pop().unwrap().header("x-ms-continuation"),
        Some("t9")
    );

    // An error ends the stream after being yielded once.
    stub.push(Scripted::new(
        400,
        r#"{"code":"BadRequest","message":"bad"}"#,
    ));
    let mut items = container.read_all_items::<Value>();
    assert_eq!(items.next().await.unwrap().unwrap_err().status(), Some(400));
    assert!(items.next().await.is_none());
}

#[tokio::test]
async fn change_feed_round_robins_ranges_until_caught_up() {
    let stub = Stub::start().await;
    let container = stub.client(fast_retries()).database("d").container("c");
    let ranges = r#"{"PartitionKeyRanges":[
        {"id":"0","minInclusive":"","maxExclusive":"80"},
        {"id":"1","minInclusive":"80","maxExclusive":"FF"}]}"#;
    stub.push(Scripted::new(200, ranges))
        .push(Scripted::new(200, r#"{"Documents":[{"n":1},{"n":2}]}"#).header("etag", "\"5\""))
        .push(Scripted::new(200, r#"{"Documents":[{"n":3}]}"#).header("etag", "\"7\""))
        .push(Scripted::new(304, "").header("etag", "\"5\""))
        .push(Scripted::new(304, "").header("etag", "\"7\""));
    let pages: Vec<_> = container
        .change_feed::<Value>()
        .max_item_count(10)
        .into_pages()
        .try_collect()
        .await
        .unwrap();
    let statuses: Vec<u16> = pages.iter().map(|p| p.status()).collect();
    assert_eq!(statuses, [200, 200, 304, 304]);
    let items: Vec<Value> = pages.iter().flat_map(|p| p.items().to_vec()).collect();
    assert_eq!(items, [json!({"n":1}), json!({"n":2}), json!({"n":3})]);
    let r = stub.received();
    assert_eq!(r[0].path, "/dbs/d/colls/c/pkranges");
    let feed_headers: Vec<_> = r[1..]
        .iter()
        .map(|q| {
            assert_eq!(q.path, "/dbs/d/colls/c/docs");
            assert_eq!(q.header("a-im"), Some("Incremental Feed"));
            assert_eq!(q.header("x-ms-max-item-count"), Some("10"));
            (
                q.header("x-ms-documentdb-partitionkeyrangeid")
                    .map(str::to_owned),
                q.header("if-none-match").map(str::to_owned),
            )
        })
        .collect();
    assert_eq!(
        feed_headers,
        [
            (Some("0".into()), None),
            (Some("1".into()), None),
            (Some("0".into()), Some("\"5\"".into())),
            (Some("1".into()), Some("\"7\"".into())),
        ]
    );

    // The last token resumes both ranges where they were; new changes arrive as items.
    let token = pages.last().unwrap().continuation().to_owned();
    stub.push(Scripted::new(200, r#"{"Documents":[{"n":4}]}"#).header("etag", "\"6\""))
        .push(Scripted::new(304, "").header("etag", "\"7\""))
        .push(Scripted::new(304, "").header("etag", "\"6\""));
    let more: Vec<Value> = container
        .change_feed()
        .continuation(token)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(more, [json!({"n":4})]);
    let r = stub.received();
    assert_eq!(r[5].header("if-none-match"), Some("\"5\""));
    assert_eq!(r[6].header("if-none-match"), Some("\"7\""));
    assert_eq!(r[7].header("if-none-match"), Some("\"6\""));

    // A bad token is refused before any request.
    let err = container
        .change_feed::<Value>()
        .continuation("not a token")
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidArgument { .. }));
    assert_eq!(stub.received().len(), 8);
}

#[tokio::test]
async fn change_feed_start_points_and_partition_scope() {
    let stub = Stub::start().await;
    let container = stub.client(fast_retries()).database("d").container("c");
    stub.push(Scripted::new(200, CONTAINER));
    stub.push(Scripted::new(304, "").header("etag", "\"9\""));
    let none: Vec<Value> = container
        .change_feed()
        .partition_key("a")
        .start_from(cosmos_core::ChangeFeedStart::Now)
        .try_collect()
        .await
        .unwrap();
    assert!(none.is_empty());
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(784_887_151);
    stub.push(Scripted::new(304, ""));
    let _: Vec<Value> = container
        .change_feed()
        .partition_key("a")
        .start_from(cosmos_core::ChangeFeedStart::PointInTime(at))
        .try_collect()
        .await
        .unwrap();
    let mut r = stub.received();
    // Scoped by a full key: the definition is read once (to tell a prefix of a hierarchical
    // key), then no partition key range lookup and no range header.
    assert_eq!(r.remove(0).path, "/dbs/d/colls/c");
    assert_eq!(r.len(), 2);
    assert_eq!(
        r[0].header("x-ms-documentdb-partitionkey"),
        Some(r#"["a"]"#)
    );
    assert_eq!(r[0].header("x-ms-documentdb-partitionkeyrangeid"), None);
    assert_eq!(r[0].header("if-none-match"), Some("*"));
    assert_eq!(
        r[1].header("if-modified-since"),
        Some("Tue, 15 Nov 1994 08:12:31 GMT")
    );
}

#[tokio::test]
async fn change_feed_follows_splits() {
    let stub = Stub::start().await;
    let container = stub.client(fast_retries()).database("d").container("c");
    stub.push(Scripted::new(
        200,
        r#"{"PartitionKeyRanges":[{"id":"0","minInclusive":"","maxExclusive":"FF"}]}"#,
    ))
    .push(Scripted::new(200, r#"{"Documents":[{"n":1}]}"#).header("etag", "\"5\""))
    .push(
        Scripted::new(410, r#"{"code":"Gone","message":"split"}"#).header("x-ms-substatus", "1002"),
    )
    .push(Scripted::new(
        200,
        r#"{"PartitionKeyRanges":[
            {"id":"1","minInclusive":"","maxExclusive":"80","parents":["0"]},
            {"id":"2","minInclusive":"80","maxExclusive":"FF","parents":["0"]}]}"#,
    ))
    .push(Scripted::new(304, "").header("etag", "\"5\""))
    .push(Scripted::new(200, r#"{"Documents":[{"n":2}]}"#).header("etag", "\"8\""))
    .push(Scripted::new(304, "").header("etag", "\"5\""))
    .push(Scripted::new(304, "").header("etag", "\"8\""));
    let pages: Vec<_> = container
        .change_feed::<Value>()
        .into_pages()
        .try_collect()
        .await
        .unwrap();
    let statuses: Vec<u16> = pages.iter().map(|p| p.status()).collect();
    assert_eq!(statuses, [200, 410, 304, 200, 304, 304]);
    let items: Vec<Value> = pages.iter().flat_map(|p| p.items().to_vec()).collect();
    assert_eq!(items, [json!({"n": 1}), json!({"n": 2})]);
    let sent: Vec<_> = stub
        .received()
        .iter()
        .filter(|r| r.path.ends_with("/docs"))
        .map(|r| {
            (
                r.header("x-ms-documentdb-partitionkeyrangeid")
                    .map(str::to_owned),
                r.header("if-none-match").map(str::to_owned),
            )
        })
        .collect();
    let q = |id: &str, etag: Option<&str>| (Some(id.to_owned()), etag.map(str::to_owned));
    assert_eq!(
        sent,
        [
            q("0", None),
            q("0", Some("\"5\"")),
            // The children continue from the parent's etag.
            q("1", Some("\"5\"")),
            q("2", Some("\"5\"")),
            q("1", Some("\"5\"")),
            q("2", Some("\"8\"")),
        ]
    );
}

#[tokio::test]
async fn hierarchical_prefixes_are_sent_as_epk_ranges() {
    let stub = Stub::start().await;
    let container = stub.client(fast_retries()).database("d").container("c");
    let definition =
        r#"{"id":"c","partitionKey":{"paths":["/a","/b"],"kind":"MultiHash","version":2}}"#;
    stub.push(Scripted::new(200, definition))
        .push(Scripted::new(
            200,
            r#"{"PartitionKeyRanges":[{"id":"0","minInclusive":"","maxExclusive":"FF"}]}"#,
        ))
        .push(Scripted::new(304, "").header("etag", "\"3\""));
    let _: Vec<Value> = container
        .change_feed()
        .partition_key(PartitionKey::hierarchical(["x"]))
        .try_collect()
        .await
        .unwrap();
    let r = stub.received();
    assert_eq!(r.len(), 3);
    let feed = &r[2];
    let prefix = cosmos_core::FeedRange::for_partition_key(
        &serde_json::from_value(json!({"paths": ["/a", "/b"], "kind": "MultiHash", "version": 2}))
            .unwrap(),
        PartitionKey::hierarchical(["x"]),
    )
    .unwrap();
    assert_eq!(feed.header("x-ms-documentdb-partitionkey"), None);
    assert_eq!(
        feed.header("x-ms-documentdb-partitionkeyrangeid"),
        Some("0")
    );
    assert_eq!(
        feed.header("x-ms-read-key-type"),
        Some("EffectivePartitionKeyRange")
    );
    assert_eq!(feed.header("x-ms-start-epk"), Some(prefix.min()));
    assert_eq!(feed.header("x-ms-end-epk"), Some(prefix.max()));
    assert_eq!(prefix.max(), format!("{}FF", prefix.min()));
}
