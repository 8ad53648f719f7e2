//! `create_container` and `create_container_if_not_exists`.

use std::future::IntoFuture;

use futures::future::BoxFuture;
use http::Method;

use super::{common_setters, RequestOptions};
use crate::client::database_segments;
use crate::database::DatabaseClient;
use crate::error::{Error, Result};
use crate::request::{check_path_id, Request};
use crate::resources::{ContainerProperties, ThroughputProperties};
use crate::response::Response;

/// Creates a container. Await it to send the request.
#[must_use = "operations do nothing until awaited"]
pub struct CreateContainer<'a> {
    database: &'a DatabaseClient,
    properties: ContainerProperties,
    if_not_exists: bool,
    throughput: Option<ThroughputProperties>,
    options: RequestOptions,
}

impl<'a> CreateContainer<'a> {
    pub(crate) fn new(
        database: &'a DatabaseClient,
        properties: ContainerProperties,
        if_not_exists: bool,
    ) -> Self {
        Self {
            database,
            properties,
            if_not_exists,
            throughput: None,
            options: RequestOptions::default(),
        }
    }

    /// Provisions dedicated throughput (manual RU/s or autoscale maximum). Ignored when the
    /// container already exists.
    pub fn throughput(mut self, throughput: impl Into<ThroughputProperties>) -> Self {
        self.throughput = Some(throughput.into());
        self
    }

    common_setters!();

    async fn create(&self) -> Result<Response<ContainerProperties>> {
        check_path_id("container", &self.properties.id)?;
        self.properties
            .partition_key
            .validate()
            .map_err(|e| Error::invalid_argument(e.to_string()))?;
        let segments = database_segments(self.database.id(), &["colls"])?;
        let mut request = Request::new("create_container", Method::POST, segments);
        request.json_body(&self.properties)?;
        if let Some(throughput) = self.throughput {
            throughput.apply(&mut request)?;
        }
        self.options.apply(&mut request)?;
        let raw = self.database.pipeline().send(&request).await?;
        let value = raw.json_required()?;
        Ok(raw.into_response(value))
    }

    async fn read(&self) -> Result<Response<ContainerProperties>> {
        let container = self.database.container(self.properties.id.clone());
        let mut request = Request::new("read_container", Method::GET, container.segments(&[])?);
        self.options.apply(&mut request)?;
        let raw = self.database.pipeline().send(&request).await?;
        let value = raw.json_required()?;
        Ok(raw.into_response(value))
    }
}

impl<'a> IntoFuture for CreateContainer<'a> {
    type Output = Result<Response<ContainerProperties>>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            if !self.if_not_exists {
                return self.create().await;
            }
            super::read_or_create(|| self.read(), || self.create()).await
        })
    }
}
