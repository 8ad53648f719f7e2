//! `create_item` and `upsert_item`.

use std::future::IntoFuture;
use std::marker::PhantomData;

use bytes::Bytes;
use cosmos_protocol::headers as h;
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
use crate::request::Request;
use crate::response::ItemResponse;

/// Whether a POST of an item may replace an existing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WriteMode {
    Create,
    Upsert,
}

/// Creates (or upserts) an item. Await it to send the request.
#[must_use = "operations do nothing until awaited"]
pub struct CreateItem<'a, T> {
    container: &'a ContainerClient,
    mode: WriteMode,
    partition_key: PartitionKey,
    body: Result<Bytes>,
    options: RequestOptions,
    _marker: PhantomData<fn() -> T>,
}

impl<'a, T: Serialize> CreateItem<'a, T> {
    pub(crate) fn new(
        container: &'a ContainerClient,
        mode: WriteMode,
        partition_key: PartitionKey,
        item: &T,
    ) -> Self {
        // Serialized now so the builder does not borrow the item across the await.
        let body = serde_json::to_vec(item)
            .map(Bytes::from)
            .map_err(Error::serialization);
        Self {
            container,
            mode,
            partition_key,
            body,
            options: RequestOptions::default(),
            _marker: PhantomData,
        }
    }
}

impl<T> CreateItem<'_, T> {
    common_setters!();
    minimal_response_setter!();
    trigger_setters!();
    if_match_setter!();
}

impl<'a, T: DeserializeOwned + 'a> IntoFuture for CreateItem<'a, T> {
    type Output = Result<ItemResponse<T>>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let operation = match self.mode {
                WriteMode::Create => "create_item",
                WriteMode::Upsert => "upsert_item",
            };
            let segments = self.container.segments(&["docs"])?;
            let mut request = Request::new(operation, Method::POST, segments)
                .in_container(&self.container.link());
            request.header(h::PARTITION_KEY, self.partition_key.to_header())?;
            if self.mode == WriteMode::Upsert {
                request.header(h::IS_UPSERT, "true")?;
            }
            request.body = Some(self.body?);
            self.options.apply(&mut request)?;
            let raw = self.container.pipeline().send(&request).await?;
            let value = raw.json()?;
            Ok(raw.into_response(value))
        })
    }
}
