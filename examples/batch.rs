//! Transactional batches: several writes to one logical partition, all or nothing.
//!
//! ```sh
//! cargo run --example batch
//! ```

mod common;

use cosmos_orm::prelude::*;
use cosmos_orm::RepositoryError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, CosmosDocument)]
#[cosmos(container = "ledgers")]
#[serde(rename_all = "camelCase")]
struct Entry {
    id: String,
    #[cosmos(partition_key)]
    account: String,
    amount: i64,
}

fn entry(id: &str, amount: i64) -> Entry {
    Entry {
        id: id.into(),
        account: "acct-1".into(),
        amount,
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (client, _emulator) = common::connect().await?;
    client
        .create_database_if_not_exists("batch_example")
        .await?;
    let ledger = Repository::<Entry>::in_database(&client.database("batch_example"));
    ledger.ensure_container().await?;
    ledger.upsert(&entry("balance", 100)).await?;

    // A transfer out: record the debit and update the balance in one transaction. The batch is
    // bound to one key of the document's key type.
    let f = Entry::fields();
    let mut batch = Batch::<Entry>::new("acct-1");
    batch
        .create(&entry("debit-1", -30))
        .patch("balance", Patch::new().incr(&f.amount, -30))
        .read("balance");
    let done = ledger.execute(&batch).await?;
    let balance = done
        .value
        .last()
        .and_then(|r| r.document.as_ref())
        .map(|e| e.amount);
    println!(
        "committed {} operations ({:.2} RU); balance {balance:?}",
        done.value.len(),
        done.request_charge
    );

    // Reusing the id makes the create fail with 409, so nothing of this batch is committed:
    // the balance patch before it is rolled back too.
    let mut retry = Batch::<Entry>::new("acct-1");
    retry
        .patch("balance", Patch::new().incr(&f.amount, -30))
        .create(&entry("debit-1", -30));
    match ledger.execute(&retry).await {
        Err(RepositoryError::BatchFailed { index, status, .. }) => {
            println!("batch rolled back: operation {index} failed with {status}")
        }
        other => return Err(format!("expected a rolled back batch, got {other:?}").into()),
    }
    let balance = ledger
        .find("balance", "acct-1")
        .await?
        .value
        .map(|e| e.amount);
    println!("balance is still {balance:?}");

    client.delete_database("batch_example").await?;
    Ok(())
}
