//! Session-token tracking and sharing one client across tasks.

use super::*;

#[tokio::test]
async fn session_tokens_are_tracked_per_container_and_sent_on_reads() {
    let stub = Stub::start().await;
    let client = stub.client(fast_retries());
    let a = client.database("d").container("a");
    let b = client.database("d").container("b");
    // Once the session spans two ranges, a keyed read loads the routing map (definition and
    // ranges, once) and sends only the token of the range owning its key.
    let container = r#"{"id":"a","partitionKey":{"paths":["/pk"],"kind":"Hash","version":2}}"#;
    let ranges = r#"{"PartitionKeyRanges":[
        {"id":"0","minInclusive":"","maxExclusive":"80"},
        {"id":"1","minInclusive":"80","maxExclusive":"FF"}]}"#;
    let definition: cosmos_core::PartitionKeyDefinition = serde_json::from_str::<Value>(container)
        .map(|v| serde_json::from_value(v["partitionKey"].clone()).unwrap())
        .unwrap();
    let epk = cosmos_core::FeedRange::for_partition_key(&definition, "p").unwrap();
    let own = if epk.min() < "80" { "0:-1#5" } else { "1:-1#2" };
    stub.push(Scripted::new(201, DOC).header("x-ms-session-token", "0:-1#5"))
        .push(Scripted::new(201, DOC).header("x-ms-session-token", "1:-1#2"))
        .push(Scripted::new(200, container))
        .push(Scripted::new(200, ranges))
        .push(Scripted::new(200, DOC))
        .push(Scripted::new(200, DOC))
        .push(Scripted::new(201, DOC).header("x-ms-session-token", "0:-1#4"))
        .push(Scripted::new(200, DOC))
        .push(Scripted::new(200, r#"{"Documents":[]}"#))
        .push(Scripted::new(200, DOC));
    a.create_item("p", &json!({"id": "1"})).await.unwrap();
    a.upsert_item("p", &json!({"id": "2"})).await.unwrap();
    a.read_item::<Value>("1", "p").await.unwrap();
    b.read_item::<Value>("1", "p").await.unwrap();
    // An older token for range 0 does not move the session backwards.
    a.create_item("p", &json!({"id": "3"})).await.unwrap();
    a.read_item::<Value>("1", "p").await.unwrap();
    let _: Vec<Value> = a
        .query_items("SELECT * FROM c")
        .try_collect()
        .await
        .unwrap();
    a.read_item::<Value>("1", "p")
        .session_token("0:-1#99")
        .await
        .unwrap();
    let got: Vec<Option<String>> = stub
        .received()
        .iter()
        .map(|r| r.header("x-ms-session-token").map(str::to_owned))
        .collect();
    let paths: Vec<String> = stub.received().iter().map(|r| r.path.clone()).collect();
    assert_eq!(paths[2], "/dbs/d/colls/a");
    assert_eq!(paths[3], "/dbs/d/colls/a/pkranges");
    assert_eq!(
        got,
        [
            None,
            None,
            None,
            None,
            Some(own.to_owned()),
            None,
            None,
            // The older token for range 0 did not move it back; the routing map is cached.
            Some(own.to_owned()),
            // A query reaches every range: the whole token.
            Some("0:-1#5,1:-1#2".into()),
            Some("0:-1#99".into()),
        ]
    );

    // Under an explicit non-Session level the token is not sent.
    stub.push(Scripted::new(200, DOC));
    a.read_item::<Value>("1", "p")
        .consistency_level(ConsistencyLevel::Eventual)
        .await
        .unwrap();
    assert_eq!(
        stub.received().pop().unwrap().header("x-ms-session-token"),
        None
    );

    // Deleting the container forgets its session.
    stub.push(Scripted::new(204, ""))
        .push(Scripted::new(200, DOC));
    client.database("d").delete_container("a").await.unwrap();
    a.read_item::<Value>("1", "p").await.unwrap();
    assert_eq!(
        stub.received().pop().unwrap().header("x-ms-session-token"),
        None
    );
}

#[tokio::test]
async fn client_is_shared_across_tasks() {
    let stub = Stub::start().await;
    for _ in 0..16 {
        stub.push(Scripted::new(200, DOC));
    }
    let client = stub.client(fast_retries());
    let tasks: Vec<_> = (0..16)
        .map(|i| {
            let container = client.database("d").container("c");
            tokio::spawn(async move {
                container
                    .read_item::<Value>(format!("x{i}"), "a")
                    .await
                    .map(|r| r.status())
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap(), 200);
    }
}
