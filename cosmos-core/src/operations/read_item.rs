//! `read_item`.

use std::future::IntoFuture;
use std::marker::PhantomData;

use cosmos_protocol::PartitionKey;
use futures::future::BoxFuture;
use http::Method;
use serde::de::DeserializeOwned;

use super::{common_setters, RequestOptions};
use crate::container::ContainerClient;
use crate::error::Result;
use crate::response::Response;

/// Reads one item by id and partition key. Await it to send the request.
#[must_use = "operations do nothing until awaited"]
pub struct ReadItem<'a, T> {
    container: &'a ContainerClient,
    id: String,
    partition_key: PartitionKey,
    options: RequestOptions,
    _marker: PhantomData<fn() -> T>,
}

impl<'a, T> ReadItem<'a, T> {
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
            _marker: PhantomData,
        }
    }

    common_setters!();

    /// Reads only if the item changed since `etag`; an unchanged item fails the read with
    /// 304 ([`Error::is_not_modified`](crate::Error::is_not_modified)).
    pub fn if_none_match(mut self, etag: impl Into<String>) -> Self {
        self.options.if_none_match = Some(etag.into());
        self
    }
}

impl<'a, T: DeserializeOwned + 'a> IntoFuture for ReadItem<'a, T> {
    type Output = Result<Response<T>>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let mut request = self.container.item_request(
                "read_item",
                Method::GET,
                &self.id,
                &self.partition_key,
            )?;
            self.options.apply(&mut request)?;
            let raw = self.container.pipeline().send(&request).await?;
            let value = raw.json_required()?;
            Ok(raw.into_response(value))
        })
    }
}
