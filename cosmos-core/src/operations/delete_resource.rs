//! Deletes of a database or a container.

use std::future::IntoFuture;

use futures::future::BoxFuture;

use super::{common_setters, if_match_setter, RequestOptions};
use crate::error::Result;
use crate::pipeline::Pipeline;
use crate::request::Request;
use crate::response::Response;

/// Whose session tokens a delete makes stale.
#[derive(Debug, Clone)]
pub(crate) enum SessionScope {
    Database(String),
    Container(String),
    None,
}

/// Deletes a database or container. Await it to send the request.
#[must_use = "operations do nothing until awaited"]
pub struct DeleteResource<'a> {
    pipeline: &'a Pipeline,
    request: Result<Request>,
    scope: SessionScope,
    options: RequestOptions,
}

impl<'a> DeleteResource<'a> {
    pub(crate) fn new(
        pipeline: &'a Pipeline,
        request: Result<Request>,
        scope: SessionScope,
    ) -> Self {
        Self {
            pipeline,
            request,
            scope,
            options: RequestOptions::default(),
        }
    }

    common_setters!();
    if_match_setter!();
}

impl<'a> IntoFuture for DeleteResource<'a> {
    type Output = Result<Response<()>>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let mut request = self.request?;
            self.options.apply(&mut request)?;
            let raw = self.pipeline.send(&request).await?;
            // A container created again under the same name starts its LSNs over; old
            // tokens would make reads wait for LSNs that never come.
            match &self.scope {
                SessionScope::Database(link) => {
                    self.pipeline.sessions.forget_database(link);
                    self.pipeline.routing.forget_database(link);
                }
                SessionScope::Container(link) => {
                    self.pipeline.sessions.forget(link);
                    self.pipeline.routing.forget(link);
                }
                SessionScope::None => {}
            }
            Ok(raw.into_response(()))
        })
    }
}
