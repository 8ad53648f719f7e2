//! `delete_item`.

use std::future::IntoFuture;

use cosmos_protocol::PartitionKey;
use futures::future::BoxFuture;
use http::Method;

use super::{common_setters, if_match_setter, trigger_setters, RequestOptions};
use crate::container::ContainerClient;
use crate::error::Result;
use crate::response::Response;

/// Deletes one item. Await it to send the request.
#[must_use = "operations do nothing until awaited"]
pub struct DeleteItem<'a> {
    container: &'a ContainerClient,
    id: String,
    partition_key: PartitionKey,
    options: RequestOptions,
}

impl<'a> DeleteItem<'a> {
    pub(crate) fn new(
        container: &'a ContainerClient,
        id: String,
        partition_key: PartitionKey,
    ) -> Self {
        Self {
            container,
            id,
            partition_key,
            options: RequestOptions::default(),
        }
    }

    common_setters!();
    if_match_setter!();
    trigger_setters!();
}

impl<'a> IntoFuture for DeleteItem<'a> {
    type Output = Result<Response<()>>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let mut request = self.container.item_request(
                "delete_item",
                Method::DELETE,
                &self.id,
                &self.partition_key,
            )?;
            self.options.apply(&mut request)?;
            let raw = self.container.pipeline().send(&request).await?;
            Ok(raw.into_response(()))
        })
    }
}
