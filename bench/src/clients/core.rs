//! Our async client, cosmos-core, with typed items.

use cosmos_core::ContainerClient;
use futures::future::BoxFuture;

use crate::item::{item_id, partition_of, BenchItem};
use crate::runner::{Operation, PointOps};

pub struct CoreOps {
    container: ContainerClient,
    prefix: String,
}

impl CoreOps {
    pub fn new(container: ContainerClient, prefix: impl Into<String>) -> Self {
        Self {
            container,
            prefix: prefix.into(),
        }
    }
}

impl PointOps for CoreOps {
    fn run(&self, op: Operation, seq: u64) -> BoxFuture<'_, Result<(), String>> {
        Box::pin(async move {
            match op {
                Operation::Create => {
                    let item = BenchItem::new(&self.prefix, seq);
                    self.container
                        .create_item(item.pk.clone(), &item)
                        .await
                        .map_err(|e| e.to_string())?;
                }
                Operation::Read => {
                    let read = self
                        .container
                        .read_item::<BenchItem>(item_id(&self.prefix, seq), partition_of(seq))
                        .await
                        .map_err(|e| e.to_string())?;
                    check_read(&read.into_value(), seq)?;
                }
                Operation::Upsert => {
                    let mut item = BenchItem::new(&self.prefix, seq);
                    item.version += 1;
                    self.container
                        .upsert_item(item.pk.clone(), &item)
                        .await
                        .map_err(|e| e.to_string())?;
                }
            }
            Ok(())
        })
    }
}

/// A read must return the item it asked for; anything else means the benchmark measured the
/// wrong thing.
pub fn check_read(item: &BenchItem, seq: u64) -> Result<(), String> {
    if item.seq == seq {
        Ok(())
    } else {
        Err(format!("read item {seq} but got {}", item.seq))
    }
}
