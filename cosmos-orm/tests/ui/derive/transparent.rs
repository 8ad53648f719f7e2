use cosmos_orm::CosmosDocument;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, CosmosDocument)]
#[serde(into = "Other")]
struct User {
    id: String,
    #[cosmos(partition_key)]
    tenant: String,
}

#[derive(Serialize)]
struct Other;

impl From<User> for Other {
    fn from(_: User) -> Self {
        Other
    }
}

impl Clone for User {
    fn clone(&self) -> Self {
        User { id: self.id.clone(), tenant: self.tenant.clone() }
    }
}

fn main() {}
