//! Everything the typed layer accepts, in one document family.

use std::collections::BTreeMap;

use cosmos_orm::prelude::*;
use cosmos_orm::{FieldPath, FieldType, ValueField};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
enum Status {
    Active,
    Closed,
}

impl FieldType for Status {
    type Handle<R> = ValueField<R, Status>;
    fn handle<R>(path: FieldPath) -> Self::Handle<R> {
        ValueField::new(path)
    }
}

#[derive(Serialize, Deserialize, CosmosFields)]
#[serde(rename_all = "kebab-case")]
struct Meta {
    created_by: String,
    revision: u64,
}

#[derive(Serialize, Deserialize, CosmosFields)]
struct Line {
    sku: String,
    qty: i32,
}

#[derive(Serialize, Deserialize, CosmosDocument)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[cosmos(container = "orders")]
struct Order {
    #[serde(rename = "id")]
    id: String,
    #[cosmos(partition_key = 1)]
    #[serde(rename = "customerId")]
    customer_id: String,
    #[cosmos(partition_key = 2)]
    #[serde(rename = "year")]
    year: u16,
    status: Status,
    lines: Vec<Line>,
    labels: BTreeMap<String, String>,
    #[cosmos(opaque)]
    raw: Option<serde_json::Value>,
    #[serde(flatten)]
    meta: Meta,
    #[serde(skip)]
    scratch: Vec<u8>,
    #[serde(rename = "r#type")]
    r#type: String,
    #[cosmos(etag)]
    #[serde(rename = "_etag", default, skip_serializing_if = "Option::is_none")]
    etag: Option<String>,
}

fn main() {
    let f = Order::fields();
    let query = Query::<Order>::in_partition(("c1", 2024))
        .filter(f.status.eq(Status::Active) | f.status.eq(Status::Closed))
        .filter(f.lines.at(0).qty.gt(1) & f.labels.get("env").eq("prod"))
        .filter(f.meta.revision.between(1, 9) & f.raw.is_defined() & f.r#type.ne("x"))
        .order_by(f.meta.created_by.asc())
        .select((f.id.clone(), f.year.clone(), Optional(f.meta.created_by.clone())))
        .build()
        .unwrap();
    let _: Option<(String, u16, Option<String>)> = None.or(query.decode(serde_json::json!({})).ok());
    assert_eq!(
        Order::partition_key_definition().paths,
        ["/customerId", "/year"]
    );
    let patch = Patch::<Order>::new()
        .incr(&f.meta.revision, 1)
        .push(&f.lines, Line { sku: "a".into(), qty: 1 })
        .set(f.labels.get("env"), "dev")
        .remove(&f.raw)
        .condition(f.etag.is_defined());
    let mut batch = Batch::<Order>::new(("c1", 2024u16));
    batch.read("o1").patch("o2", patch).delete("o3");
    batch.build().unwrap();
    let _ = RawQuery::<Order, u64>::cross_partition("SELECT VALUE COUNT(1) FROM c").build();
}
