//! `patch_item`.

use std::future::IntoFuture;
use std::marker::PhantomData;

use bytes::Bytes;
use cosmos_protocol::PartitionKey;
use futures::future::BoxFuture;
use http::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::{common_setters, if_match_setter, minimal_response_setter, RequestOptions};
use crate::container::ContainerClient;
use crate::error::{Error, Result};
use crate::response::ItemResponse;

/// Applies patch operations to one item. Await it to send the request.
#[must_use = "operations do nothing until awaited"]
pub struct PatchItem<'a, T> {
    container: &'a ContainerClient,
    id: String,
    partition_key: PartitionKey,
    body: Result<Bytes>,
    options: RequestOptions,
    _marker: PhantomData<fn() -> T>,
}

impl<'a, T> PatchItem<'a, T> {
    pub(crate) fn new<B: Serialize>(
        container: &'a ContainerClient,
        id: String,
        partition_key: PartitionKey,
        patch: &B,
    ) -> Self {
        let body = serde_json::to_vec(patch)
            .map(Bytes::from)
            .map_err(Error::serialization);
        Self {
            container,
            id,
            partition_key,
            body,
            options: RequestOptions::default(),
            _marker: PhantomData,
        }
    }

    common_setters!();
    minimal_response_setter!();
    if_match_setter!();
}

impl<'a, T: DeserializeOwned + 'a> IntoFuture for PatchItem<'a, T> {
    type Output = Result<ItemResponse<T>>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let mut request = self.container.item_request(
                "patch_item",
                Method::PATCH,
                &self.id,
                &self.partition_key,
            )?;
            request.header("content-type", "application/json-patch+json")?;
            request.body = Some(self.body?);
            self.options.apply(&mut request)?;
            let raw = self.container.pipeline().send(&request).await?;
            let value = raw.json()?;
            Ok(raw.into_response(value))
        })
    }
}
