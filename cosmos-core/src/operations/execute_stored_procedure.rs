//! `execute_stored_procedure`.

use std::future::IntoFuture;
use std::marker::PhantomData;

use bytes::Bytes;
use cosmos_protocol::headers as h;
use cosmos_protocol::PartitionKey;
use futures::future::BoxFuture;
use serde::de::DeserializeOwned;

use super::{common_setters, RequestOptions};
use crate::error::Result;
use crate::pipeline::Pipeline;
use crate::request::Request;
use crate::response::Response;

/// Runs a stored procedure in one logical partition. Await it to send the request.
///
/// The value is whatever the script set as the response body (`None` if it set none).
#[must_use = "operations do nothing until awaited"]
pub struct ExecuteStoredProcedure<'a, T> {
    pipeline: &'a Pipeline,
    request: Result<Request>,
    partition_key: PartitionKey,
    body: Result<Bytes>,
    options: RequestOptions,
    _marker: PhantomData<fn() -> T>,
}

impl<'a, T> ExecuteStoredProcedure<'a, T> {
    pub(crate) fn new(
        pipeline: &'a Pipeline,
        request: Result<Request>,
        partition_key: PartitionKey,
        body: Result<Bytes>,
    ) -> Self {
        Self {
            pipeline,
            request,
            partition_key,
            body,
            options: RequestOptions::default(),
            _marker: PhantomData,
        }
    }

    common_setters!();

    /// Returns the script's `console.log` output in the response header
    /// `x-ms-documentdb-script-log-results` (percent-encoded).
    pub fn enable_script_logging(mut self) -> Self {
        if let Ok(request) = &mut self.request {
            if let Err(err) = request.header(h::SCRIPT_ENABLE_LOGGING, "true") {
                self.request = Err(err);
            }
        }
        self
    }
}

impl<'a, T: DeserializeOwned + 'a> IntoFuture for ExecuteStoredProcedure<'a, T> {
    type Output = Result<Response<Option<T>>>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let mut request = self.request?;
            request.header(h::PARTITION_KEY, self.partition_key.to_header())?;
            request.body = Some(self.body?);
            self.options.apply(&mut request)?;
            let raw = self.pipeline.send(&request).await?;
            let value = raw.json()?;
            Ok(raw.into_response(value))
        })
    }
}
