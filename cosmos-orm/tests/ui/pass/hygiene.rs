//! Generated code only names things through absolute paths, so local items
//! with common names do not break it.

#![allow(dead_code, non_camel_case_types)]

mod cosmos_orm {}
type Result<T> = core::result::Result<T, ()>;
type Vec = ();
struct PhantomData;
struct _cosmos;
trait Clone {}

#[derive(serde::Serialize, serde::Deserialize, ::cosmos_orm::CosmosDocument)]
struct Order {
    id: String,
    #[cosmos(partition_key)]
    customer: String,
    #[cosmos(etag)]
    #[serde(rename = "_etag")]
    etag: Option<String>,
}

fn main() -> Result<()> {
    use ::cosmos_orm::{CosmosDocument, HasFields};
    let fields = Order::fields();
    assert_eq!(fields.customer.path().to_pointer(), "/customer");
    assert_eq!(Order::CONTAINER, "orders");
    Ok(())
}
