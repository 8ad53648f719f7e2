//! Creates, upserts and replaces of users and permissions.

use std::future::IntoFuture;
use std::marker::PhantomData;
use std::time::Duration;

use cosmos_protocol::headers as h;
use futures::future::BoxFuture;
use serde::de::DeserializeOwned;

use super::{common_setters, if_match_setter, RequestOptions};
use crate::error::Result;
use crate::pipeline::Pipeline;
use crate::request::Request;
use crate::resources::PermissionProperties;
use crate::response::Response;

/// Writes one resource and returns it. Await it to send the request.
#[must_use = "operations do nothing until awaited"]
pub struct WriteResource<'a, T> {
    pipeline: &'a Pipeline,
    request: Result<Request>,
    options: RequestOptions,
    _marker: PhantomData<fn() -> T>,
}

impl<'a, T> WriteResource<'a, T> {
    pub(crate) fn new(pipeline: &'a Pipeline, request: Result<Request>) -> Self {
        Self {
            pipeline,
            request,
            options: RequestOptions::default(),
            _marker: PhantomData,
        }
    }

    common_setters!();
    if_match_setter!();

    /// Marks the POST as an upsert.
    pub(crate) fn upsert(mut self) -> Self {
        if let Ok(request) = &mut self.request {
            if let Err(err) = request.header(h::IS_UPSERT, "true") {
                self.request = Err(err);
            }
        }
        self
    }
}

impl WriteResource<'_, PermissionProperties> {
    /// How long the returned resource token stays valid (`x-ms-documentdb-expiry-seconds`;
    /// the service default is one hour).
    pub fn token_expiry(mut self, expiry: Duration) -> Self {
        if let Ok(request) = &mut self.request {
            if let Err(err) = request.header(h::EXPIRY_SECONDS, expiry.as_secs().to_string()) {
                self.request = Err(err);
            }
        }
        self
    }
}

impl<'a, T: DeserializeOwned + 'a> IntoFuture for WriteResource<'a, T> {
    type Output = Result<Response<T>>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let mut request = self.request?;
            self.options.apply(&mut request)?;
            let raw = self.pipeline.send(&request).await?;
            let value = raw.json_required()?;
            Ok(raw.into_response(value))
        })
    }
}
