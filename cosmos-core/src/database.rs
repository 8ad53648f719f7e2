//! The database-level client.

use std::sync::Arc;

use http::Method;

use crate::client::{database_segments, query_request};
use crate::container::ContainerClient;
use crate::operations::{
    CreateContainer, DeleteResource, ReadResource, ReadThroughput, ReplaceContainer,
    ReplaceThroughput, SessionScope,
};
use crate::pager::Pager;
use crate::pipeline::Pipeline;
use crate::query::Query;
use crate::request::Request;
use crate::resources::{ContainerProperties, DatabaseProperties, ThroughputProperties};

/// A handle on one database. Creating it makes no request; cheap to clone.
#[derive(Clone, Debug)]
pub struct DatabaseClient {
    pipeline: Arc<Pipeline>,
    id: Arc<str>,
}

impl DatabaseClient {
    pub(crate) fn new(pipeline: Arc<Pipeline>, id: String) -> Self {
        Self {
            pipeline,
            id: id.into(),
        }
    }

    pub(crate) fn pipeline(&self) -> &Arc<Pipeline> {
        &self.pipeline
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// The name-based link, `dbs/<id>`.
    pub fn link(&self) -> String {
        format!("dbs/{}", self.id)
    }

    /// A handle on a container of this database (no request is made).
    pub fn container(&self, id: impl Into<String>) -> ContainerClient {
        ContainerClient::new(self.clone(), id.into())
    }

    /// Same as [`container`](Self::container), named as in the Python SDK.
    pub fn get_container_client(&self, id: impl Into<String>) -> ContainerClient {
        self.container(id)
    }

    /// Reads the database's properties (404 if it does not exist).
    pub fn read(&self) -> ReadResource<'_, DatabaseProperties> {
        let request =
            database_segments(&self.id, &[]).map(|s| Request::new("read_database", Method::GET, s));
        ReadResource::new(&self.pipeline, request)
    }

    /// Deletes the database and everything in it.
    pub fn delete(&self) -> DeleteResource<'_> {
        self.delete_owned(&self.pipeline)
    }

    pub(crate) fn delete_owned<'a>(&self, pipeline: &'a Pipeline) -> DeleteResource<'a> {
        let request = database_segments(&self.id, &[])
            .map(|s| Request::new("delete_database", Method::DELETE, s));
        DeleteResource::new(pipeline, request, SessionScope::Database(self.link()))
    }

    /// Creates a container; fails with 409 if it exists.
    pub fn create_container(&self, properties: ContainerProperties) -> CreateContainer<'_> {
        CreateContainer::new(self, properties, false)
    }

    /// Reads the container, creating it if it does not exist (status 200 or 201). An
    /// existing container is returned as it is, even if its definition differs.
    pub fn create_container_if_not_exists(
        &self,
        properties: ContainerProperties,
    ) -> CreateContainer<'_> {
        CreateContainer::new(self, properties, true)
    }

    /// Replaces a container's mutable settings (indexing policy, TTL…). The partition key
    /// definition must stay the same.
    pub fn replace_container(&self, properties: ContainerProperties) -> ReplaceContainer<'_> {
        ReplaceContainer::new(self, properties)
    }

    /// Deletes a container and its items.
    pub fn delete_container(&self, id: impl Into<String>) -> DeleteResource<'_> {
        let container = self.container(id);
        let request = container
            .segments(&[])
            .map(|s| Request::new("delete_container", Method::DELETE, s));
        DeleteResource::new(
            &self.pipeline,
            request,
            SessionScope::Container(container.link()),
        )
    }

    /// The throughput shared by the database's containers (404 if it has none).
    pub fn read_throughput(&self) -> ReadThroughput<'_> {
        let request =
            database_segments(&self.id, &[]).map(|s| Request::new("read_database", Method::GET, s));
        ReadThroughput::new(&self.pipeline, request)
    }

    /// Changes the database's shared throughput.
    pub fn replace_throughput(
        &self,
        throughput: impl Into<ThroughputProperties>,
    ) -> ReplaceThroughput<'_> {
        let request =
            database_segments(&self.id, &[]).map(|s| Request::new("read_database", Method::GET, s));
        ReplaceThroughput::new(&self.pipeline, request, throughput.into())
    }

    /// All containers of the database.
    pub fn list_containers(&self) -> Pager<ContainerProperties> {
        let request = database_segments(&self.id, &["colls"])
            .map(|s| Request::new("list_containers", Method::GET, s));
        Pager::new(self.pipeline.clone(), request)
    }

    /// Containers matching a query such as `SELECT * FROM root r WHERE r.id = @id`.
    pub fn query_containers(&self, query: impl Into<Query>) -> Pager<ContainerProperties> {
        let query = query.into();
        let request = database_segments(&self.id, &["colls"])
            .and_then(|s| query_request("query_containers", s, &query));
        Pager::new(self.pipeline.clone(), request)
    }
}
