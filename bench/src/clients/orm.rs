//! Our typed layer, cosmos-orm's `Repository<T>`, on top of cosmos-core.

use cosmos_core::ContainerClient;
use cosmos_orm::Repository;
use futures::future::BoxFuture;

use crate::clients::core::check_read;
use crate::item::{item_id, partition_of, BenchItem};
use crate::runner::{Operation, PointOps};

pub struct OrmOps {
    repository: Repository<BenchItem>,
    prefix: String,
}

impl OrmOps {
    pub fn new(container: ContainerClient, prefix: impl Into<String>) -> Self {
        Self {
            repository: Repository::new(container),
            prefix: prefix.into(),
        }
    }
}

impl PointOps for OrmOps {
    fn run(&self, op: Operation, seq: u64) -> BoxFuture<'_, Result<(), String>> {
        Box::pin(async move {
            match op {
                Operation::Create => {
                    let item = BenchItem::new(&self.prefix, seq);
                    self.repository
                        .create(&item)
                        .await
                        .map_err(|e| e.to_string())?;
                }
                Operation::Read => {
                    let found = self
                        .repository
                        .find(&item_id(&self.prefix, seq), partition_of(seq))
                        .await
                        .map_err(|e| e.to_string())?
                        .value
                        .ok_or_else(|| format!("item {seq} not found"))?;
                    check_read(&found, seq)?;
                }
                Operation::Upsert => {
                    let mut item = BenchItem::new(&self.prefix, seq);
                    item.version += 1;
                    self.repository
                        .upsert(&item)
                        .await
                        .map_err(|e| e.to_string())?;
                }
            }
            Ok(())
        })
    }
}
