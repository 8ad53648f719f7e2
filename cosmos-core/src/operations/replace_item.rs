//! `replace_item`.

use std::future::IntoFuture;
use std::marker::PhantomData;

use bytes::Bytes;
use cosmos_protocol::PartitionKey;
use futures::future::BoxFuture;
use http::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::{
    common_setters, if_match_setter, minimal_response_setter, trigger_setters, RequestOptions,
};
use crate::container::ContainerClient;
use crate::error::{Error, Result};
use crate::response::ItemResponse;

/// Replaces an existing item. Await it to send the request.
#[must_use = "operations do nothing until awaited"]
pub struct ReplaceItem<'a, T> {
    container: &'a ContainerClient,
    id: String,
    partition_key: PartitionKey,
    body: Result<Bytes>,
    options: RequestOptions,
    _marker: PhantomData<fn() -> T>,
}

impl<'a, T: Serialize> ReplaceItem<'a, T> {
    pub(crate) fn new(
        container: &'a ContainerClient,
        id: String,
        partition_key: PartitionKey,
        item: &T,
    ) -> Self {
        let body = serde_json::to_vec(item)
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
}

impl<T> ReplaceItem<'_, T> {
    common_setters!();
    minimal_response_setter!();
    trigger_setters!();
    if_match_setter!();
}

impl<'a, T: DeserializeOwned + 'a> IntoFuture for ReplaceItem<'a, T> {
    type Output = Result<ItemResponse<T>>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let mut request = self.container.item_request(
                "replace_item",
                Method::PUT,
                &self.id,
                &self.partition_key,
            )?;
            request.body = Some(self.body?);
            self.options.apply(&mut request)?;
            let raw = self.container.pipeline().send(&request).await?;
            let value = raw.json()?;
            Ok(raw.into_response(value))
        })
    }
}
