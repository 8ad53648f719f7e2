//! `#[cosmos(crate = "...")]` for a re-exported or renamed cosmos-orm.

pub extern crate cosmos_orm as orm;

mod reexport {
    pub use orm as inner;
}

#[derive(serde::Serialize, serde::Deserialize, orm::CosmosDocument)]
#[cosmos(crate = "reexport::inner")]
struct Doc {
    id: String,
    #[cosmos(partition_key)]
    pk: bool,
}

fn main() {
    use orm::CosmosDocument;
    let d = Doc { id: "a".into(), pk: true };
    assert_eq!(d.id(), "a");
    assert_eq!(Doc::CONTAINER, "docs");
}
