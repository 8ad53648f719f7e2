//! The wire shape of requests, and tolerance of malformed responses.

use super::*;

#[tokio::test]
async fn requests_are_signed_and_carry_protocol_headers() {
    let stub = Stub::start().await;
    stub.push(Scripted::new(201, DOC));
    let options = fast_retries().with_consistency_level(ConsistencyLevel::Eventual);
    let container = stub.client(options).database("My Db").container("c");
    container
        .create_item(PartitionKey::hierarchical(["t", "ü"]), &json!({"id": "x"}))
        .minimal_response()
        .await
        .unwrap();
    let req = &stub.received()[0];
    assert_eq!(req.method, "POST");
    assert_eq!(req.path, "/dbs/My%20Db/colls/c/docs");
    assert_eq!(req.header("x-ms-version"), Some("2020-07-15"));
    assert_eq!(req.header("x-ms-consistency-level"), Some("Eventual"));
    assert_eq!(req.header("prefer"), Some("return=minimal"));
    assert_eq!(
        req.header("x-ms-documentdb-partitionkey"),
        Some(r#"["t","\u00fc"]"#)
    );
    assert_eq!(req.header("content-type"), Some("application/json"));
    assert_eq!(
        serde_json::from_slice::<Value>(&req.body).unwrap(),
        json!({"id": "x"})
    );
    // The server can verify the signature with the key: (POST, docs, dbs/My Db/colls/c).
    let date = req.header("x-ms-date").unwrap();
    let auth = AuthorizationHeader::parse(req.header("authorization").unwrap()).unwrap();
    let key = MasterKey::from_base64(cosmos_protocol::EMULATOR_KEY).unwrap();
    let link = ResourceLink::from_path(&req.path);
    assert_eq!(link.link, "dbs/My Db/colls/c");
    assert!(key.verify("POST", &link, date, &auth.signature));
}

#[tokio::test]
async fn partition_key_header_forms() {
    let stub = Stub::start().await;
    let container = stub.client(fast_retries()).database("d").container("c");
    let keys: Vec<(PartitionKey, &str)> = vec![
        ("s".into(), r#"["s"]"#),
        (5.into(), "[5]"),
        (2.5.into(), "[2.5]"),
        (false.into(), "[false]"),
        (PartitionKeyValue::Null.into(), "[null]"),
        (PartitionKey::undefined(), "[{}]"),
        (PartitionKey::NONE, "[]"),
        (PartitionKey::hierarchical(["a", "b"]), r#"["a","b"]"#),
    ];
    for (key, expected) in keys {
        stub.push(Scripted::new(200, DOC));
        container.read_item::<Value>("x", key).await.unwrap();
        let last = stub.received().pop().unwrap();
        assert_eq!(last.header("x-ms-documentdb-partitionkey"), Some(expected));
    }
}

#[tokio::test]
async fn malformed_responses_are_errors_not_panics() {
    let stub = Stub::start().await;
    let container = stub.client(fast_retries()).database("d").container("c");
    stub.push(Scripted::new(200, "not json"));
    let err = container.read_item::<Value>("x", "a").await.unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Serialization { .. }),
        "{err:?}"
    );
    stub.push(Scripted::new(200, ""));
    let err = container.read_item::<Value>("x", "a").await.unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Serialization { .. }),
        "{err:?}"
    );
    // A write with an empty body (as with Prefer: return=minimal) has no value.
    stub.push(Scripted::new(201, ""));
    let created = container
        .create_item("a", &json!({"id": "x"}))
        .await
        .unwrap();
    assert!(created.value().is_none());
    assert_eq!(created.request_charge(), 0.0);
    assert_eq!(created.activity_id(), None);
    // Garbage headers and an HTML error page.
    stub.push(
        Scripted::new(409, "<html>conflict</html>")
            .header("x-ms-substatus", "abc")
            .header("x-ms-request-charge", "lots"),
    );
    let err = container
        .create_item("a", &json!({"id": "x"}))
        .await
        .unwrap_err();
    assert!(err.is_conflict());
    assert_eq!(err.sub_status(), None);
    assert_eq!(err.message(), "<html>conflict</html>");
    // A feed whose body is not a feed.
    stub.push(Scripted::new(200, r#"{"unexpected": true}"#));
    let err = container
        .read_all_items::<Value>()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Serialization { .. }));
}

#[tokio::test]
async fn query_requests_have_the_query_shape() {
    let stub = Stub::start().await;
    let container = stub.client(fast_retries()).database("d").container("c");
    stub.push(Scripted::new(200, r#"{"Documents":[1,2]}"#));
    let values: Vec<u32> = container
        .query_items::<u32>(
            cosmos_core::Query::new("SELECT VALUE c.n FROM c WHERE c.k = @k")
                .with_parameter("k", "v"),
        )
        .try_collect()
        .await
        .unwrap();
    assert_eq!(values, [1, 2]);
    // A keyed query reads the container's definition once (a prefix of a hierarchical key
    // would be sent as an EPK range).
    stub.push(Scripted::new(200, CONTAINER))
        .push(Scripted::new(200, r#"{"Documents":[]}"#));
    let _: Vec<u32> = container
        .query_items::<u32>("SELECT VALUE 1")
        .partition_key("pk")
        .try_collect()
        .await
        .unwrap();
    let received = stub.received();
    let cross = &received[0];
    assert_eq!(cross.method, "POST");
    assert_eq!(cross.path, "/dbs/d/colls/c/docs");
    assert_eq!(cross.header("x-ms-documentdb-isquery"), Some("true"));
    assert_eq!(cross.header("content-type"), Some("application/query+json"));
    assert_eq!(
        cross.header("x-ms-documentdb-query-enablecrosspartition"),
        Some("true")
    );
    assert_eq!(
        serde_json::from_slice::<Value>(&cross.body).unwrap(),
        json!({"query": "SELECT VALUE c.n FROM c WHERE c.k = @k", "parameters": [{"name": "@k", "value": "v"}]})
    );
    assert_eq!(received[1].path, "/dbs/d/colls/c");
    let single = &received[2];
    assert_eq!(
        single.header("x-ms-documentdb-partitionkey"),
        Some(r#"["pk"]"#)
    );
    assert_eq!(
        single.header("x-ms-documentdb-query-enablecrosspartition"),
        None
    );
}

#[tokio::test]
async fn stored_procedures_and_triggers_requests() {
    use cosmos_core::resources::{
        StoredProcedureProperties, TriggerOperation, TriggerProperties, TriggerType,
    };
    let stub = Stub::start().await;
    let container = stub.client(fast_retries()).database("d").container("c");
    let scripts = container.scripts();
    stub.push(Scripted::new(201, r#"{"id":"sp","body":"function(){}"}"#))
        .push(Scripted::new(200, r#"{"sum":3}"#))
        .push(Scripted::new(200, ""))
        .push(Scripted::new(
            201,
            r#"{"id":"t","body":"function(){}","triggerType":"pre","triggerOperation":"create"}"#,
        ))
        .push(Scripted::new(201, DOC));
    scripts
        .create_stored_procedure(&StoredProcedureProperties::new("sp", "function(){}"))
        .await
        .unwrap();
    let result = scripts
        .execute_stored_procedure::<Value>("sp", "pk", &(1, 2))
        .enable_script_logging()
        .await
        .unwrap();
    assert_eq!(result.value().as_ref().unwrap()["sum"], 3);
    let nothing = scripts
        .execute_stored_procedure::<Value>("sp", "pk", &())
        .await
        .unwrap();
    assert!(nothing.value().is_none());
    let trigger = scripts
        .create_trigger(&TriggerProperties::new(
            "t",
            "function(){}",
            TriggerType::Pre,
            TriggerOperation::Create,
        ))
        .await
        .unwrap();
    assert_eq!(trigger.value().trigger_type, TriggerType::Pre);
    container
        .create_item("pk", &json!({"id": "x"}))
        .pre_trigger("t")
        .pre_trigger("t2")
        .post_trigger("after")
        .await
        .unwrap();

    let r = stub.received();
    assert_eq!(r[0].path, "/dbs/d/colls/c/sprocs");
    assert_eq!(r[1].path, "/dbs/d/colls/c/sprocs/sp");
    assert_eq!(r[1].method, "POST");
    assert_eq!(
        r[1].header("x-ms-documentdb-partitionkey"),
        Some(r#"["pk"]"#)
    );
    assert_eq!(
        r[1].header("x-ms-documentdb-script-enable-logging"),
        Some("true")
    );
    assert_eq!(
        serde_json::from_slice::<Value>(&r[1].body).unwrap(),
        json!([1, 2])
    );
    assert_eq!(
        serde_json::from_slice::<Value>(&r[2].body).unwrap(),
        json!([])
    );
    assert_eq!(r[3].path, "/dbs/d/colls/c/triggers");
    assert_eq!(
        r[4].header("x-ms-documentdb-pre-trigger-include"),
        Some("t,t2")
    );
    assert_eq!(
        r[4].header("x-ms-documentdb-post-trigger-include"),
        Some("after")
    );
}

#[tokio::test]
async fn throughput_is_read_and_replaced_through_offers() {
    let stub = Stub::start().await;
    let container = stub.client(fast_retries()).database("d").container("c");
    let offer = r#"{"id":"Xq1w","_rid":"Xq1w","_self":"offers/Xq1w/","offerVersion":"V2",
        "resource":"dbs/AbC=/colls/AbCdEf=/","offerResourceId":"AbCdEf=",
        "content":{"offerThroughput":400}}"#;
    let coll = r#"{"id":"c","_rid":"AbCdEf=","_self":"dbs/AbC=/colls/AbCdEf=/","partitionKey":{"paths":["/pk"],"kind":"Hash"}}"#;
    stub.push(Scripted::new(200, coll))
        .push(Scripted::new(
            200,
            format!(r#"{{"Offers":[{offer}],"_count":1}}"#),
        ))
        .push(Scripted::new(200, coll))
        .push(Scripted::new(
            200,
            format!(r#"{{"Offers":[{offer}],"_count":1}}"#),
        ))
        .push(Scripted::new(
            200,
            offer.replace(
                r#""offerThroughput":400"#,
                r#""offerAutopilotSettings":{"maxThroughput":4000}"#,
            ),
        ))
        .push(Scripted::new(200, coll))
        .push(Scripted::new(200, r#"{"Offers":[],"_count":0}"#));

    let read = container.read_throughput().await.unwrap();
    assert_eq!(
        read.value().throughput(),
        Some(cosmos_core::ThroughputProperties::manual(400))
    );
    let replaced = container
        .replace_throughput(cosmos_core::ThroughputProperties::autoscale(4000))
        .await
        .unwrap();
    assert_eq!(
        replaced.value().throughput(),
        Some(cosmos_core::ThroughputProperties::autoscale(4000))
    );
    let none = container.read_throughput().await.unwrap_err();
    assert!(none.is_not_found(), "{none:?}");

    let r = stub.received();
    assert_eq!(r[0].path, "/dbs/d/colls/c");
    assert_eq!(r[1].path, "/offers");
    assert_eq!(
        serde_json::from_slice::<Value>(&r[1].body).unwrap(),
        json!({"query": "SELECT * FROM root r WHERE r.resource = @link",
               "parameters": [{"name": "@link", "value": "dbs/AbC=/colls/AbCdEf=/"}]})
    );
    let put = &r[4];
    assert_eq!(
        (put.method.as_str(), put.path.as_str()),
        ("PUT", "/offers/Xq1w")
    );
    let body: Value = serde_json::from_slice(&put.body).unwrap();
    assert_eq!(
        body["content"],
        json!({"offerAutopilotSettings": {"maxThroughput": 4000}})
    );
    // Offers are addressed by RID: the signature covers the lowercased RID.
    let auth = AuthorizationHeader::parse(put.header("authorization").unwrap()).unwrap();
    let key = MasterKey::from_base64(cosmos_protocol::EMULATOR_KEY).unwrap();
    let link = ResourceLink::from_path(&put.path).rid_form();
    assert_eq!(link.link, "xq1w");
    assert!(key.verify(
        "PUT",
        &link,
        put.header("x-ms-date").unwrap(),
        &auth.signature
    ));
}

#[tokio::test]
async fn delete_all_items_by_partition_key_request() {
    let stub = Stub::start().await;
    let container = stub.client(fast_retries()).database("d").container("c");
    stub.push(Scripted::new(200, ""));
    let done = container
        .delete_all_items_by_partition_key("tenant-1")
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    let req = stub.received().pop().unwrap();
    assert_eq!(req.method, "POST");
    assert_eq!(req.path, "/dbs/d/colls/c/operations/partitionkeydelete");
    assert_eq!(
        req.header("x-ms-documentdb-partitionkey"),
        Some(r#"["tenant-1"]"#)
    );
    // Signed as the container.
    let auth = AuthorizationHeader::parse(req.header("authorization").unwrap()).unwrap();
    let key = MasterKey::from_base64(cosmos_protocol::EMULATOR_KEY).unwrap();
    let link = ResourceLink::from_path(&req.path);
    assert_eq!(
        (link.resource_type.as_str(), link.link.as_str()),
        ("colls", "dbs/d/colls/c")
    );
    assert!(key.verify(
        "POST",
        &link,
        req.header("x-ms-date").unwrap(),
        &auth.signature
    ));
}

#[tokio::test]
async fn query_metrics_are_requested_and_exposed() {
    let stub = Stub::start().await;
    let container = stub.client(fast_retries()).database("d").container("c");
    stub.push(Scripted::new(200, CONTAINER));
    stub.push(Scripted::new(200, r#"{"Documents":[1]}"#).header(
        "x-ms-documentdb-query-metrics",
        "totalExecutionTimeInMs=0.10;retrievedDocumentCount=1",
    ));
    let page = container
        .query_items::<u32>("SELECT VALUE 1")
        .partition_key("a")
        .populate_query_metrics()
        .into_pages()
        .next()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        page.headers().query_metrics(),
        Some("totalExecutionTimeInMs=0.10;retrievedDocumentCount=1")
    );
    let req = stub.received().pop().unwrap();
    assert_eq!(
        req.header("x-ms-documentdb-populatequerymetrics"),
        Some("true")
    );
}
