//! Reads of a database, a container or the account.

use std::future::IntoFuture;
use std::marker::PhantomData;

use futures::future::BoxFuture;
use serde::de::DeserializeOwned;

use super::{common_setters, RequestOptions};
use crate::error::Result;
use crate::pipeline::Pipeline;
use crate::request::Request;
use crate::response::Response;

/// Reads one resource's properties. Await it to send the request.
#[must_use = "operations do nothing until awaited"]
pub struct ReadResource<'a, T> {
    pipeline: &'a Pipeline,
    request: Result<Request>,
    options: RequestOptions,
    _marker: PhantomData<fn() -> T>,
}

impl<'a, T> ReadResource<'a, T> {
    pub(crate) fn new(pipeline: &'a Pipeline, request: Result<Request>) -> Self {
        Self {
            pipeline,
            request,
            options: RequestOptions::default(),
            _marker: PhantomData,
        }
    }

    common_setters!();
}

impl ReadResource<'_, crate::resources::PermissionProperties> {
    /// How long the returned resource token stays valid (`x-ms-documentdb-expiry-seconds`;
    /// the service default is one hour).
    pub fn token_expiry(mut self, expiry: std::time::Duration) -> Self {
        if let Ok(request) = &mut self.request {
            let seconds = expiry.as_secs().to_string();
            if let Err(err) = request.header(cosmos_protocol::headers::EXPIRY_SECONDS, seconds) {
                self.request = Err(err);
            }
        }
        self
    }
}

impl<'a, T: DeserializeOwned + 'a> IntoFuture for ReadResource<'a, T> {
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
