//! `replace_container`.

use std::future::IntoFuture;

use futures::future::BoxFuture;
use http::Method;

use super::{common_setters, if_match_setter, RequestOptions};
use crate::database::DatabaseClient;
use crate::error::Result;
use crate::request::Request;
use crate::resources::ContainerProperties;
use crate::response::Response;

/// Replaces a container's definition. Await it to send the request.
#[must_use = "operations do nothing until awaited"]
pub struct ReplaceContainer<'a> {
    database: &'a DatabaseClient,
    properties: ContainerProperties,
    options: RequestOptions,
}

impl<'a> ReplaceContainer<'a> {
    pub(crate) fn new(database: &'a DatabaseClient, properties: ContainerProperties) -> Self {
        Self {
            database,
            properties,
            options: RequestOptions::default(),
        }
    }

    common_setters!();
    if_match_setter!();
}

impl<'a> IntoFuture for ReplaceContainer<'a> {
    type Output = Result<Response<ContainerProperties>>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let container = self.database.container(self.properties.id.clone());
            let mut request =
                Request::new("replace_container", Method::PUT, container.segments(&[])?);
            request.json_body(&self.properties)?;
            self.options.apply(&mut request)?;
            let raw = self.database.pipeline().send(&request).await?;
            let value = raw.json_required()?;
            Ok(raw.into_response(value))
        })
    }
}
