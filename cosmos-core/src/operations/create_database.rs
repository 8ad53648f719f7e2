//! `create_database` and `create_database_if_not_exists`.

use std::future::IntoFuture;

use futures::future::BoxFuture;
use http::Method;

use super::{common_setters, RequestOptions};
use crate::client::{database_segments, CosmosClient};
use crate::error::Result;
use crate::request::{check_path_id, Request};
use crate::resources::{DatabaseProperties, ThroughputProperties};
use crate::response::Response;

/// Creates a database. Await it to send the request.
#[must_use = "operations do nothing until awaited"]
pub struct CreateDatabase<'a> {
    client: &'a CosmosClient,
    id: String,
    if_not_exists: bool,
    throughput: Option<ThroughputProperties>,
    options: RequestOptions,
}

impl<'a> CreateDatabase<'a> {
    pub(crate) fn new(client: &'a CosmosClient, id: String, if_not_exists: bool) -> Self {
        Self {
            client,
            id,
            if_not_exists,
            throughput: None,
            options: RequestOptions::default(),
        }
    }

    /// Provisions shared throughput for the database's containers (manual RU/s or autoscale
    /// maximum). Ignored when the database already exists.
    pub fn throughput(mut self, throughput: impl Into<ThroughputProperties>) -> Self {
        self.throughput = Some(throughput.into());
        self
    }

    common_setters!();

    async fn create(&self) -> Result<Response<DatabaseProperties>> {
        check_path_id("database", &self.id)?;
        let mut request = Request::new("create_database", Method::POST, vec!["dbs".into()]);
        request.json_body(&DatabaseProperties::new(self.id.clone()))?;
        if let Some(throughput) = self.throughput {
            throughput.apply(&mut request)?;
        }
        self.options.apply(&mut request)?;
        let raw = self.client.pipeline().send(&request).await?;
        let value = raw.json_required()?;
        Ok(raw.into_response(value))
    }

    async fn read(&self) -> Result<Response<DatabaseProperties>> {
        let mut request = Request::new(
            "read_database",
            Method::GET,
            database_segments(&self.id, &[])?,
        );
        self.options.apply(&mut request)?;
        let raw = self.client.pipeline().send(&request).await?;
        let value = raw.json_required()?;
        Ok(raw.into_response(value))
    }
}

impl<'a> IntoFuture for CreateDatabase<'a> {
    type Output = Result<Response<DatabaseProperties>>;
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
