//! The container-level client: items, feeds and queries.

use std::sync::Arc;

use cosmos_protocol::headers as h;
use cosmos_protocol::PartitionKey;
use http::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::change_feed::{ChangeFeed, ChangeFeedItem, FeedMode};
use crate::client::{database_segments, query_request};
use crate::database::DatabaseClient;
use crate::error::Result;
use crate::feed_range::FeedRange;
use crate::operations::{
    CreateItem, DeleteItem, DeleteResource, ExecuteBatch, PatchItem, ReadItem, ReadResource,
    ReadThroughput, ReplaceItem, ReplaceThroughput, SessionScope, WriteMode,
};
use crate::pager::Pager;
use crate::pipeline::Pipeline;
use crate::query::Query;
use crate::request::{check_path_id, Request};
use crate::resources::{ContainerProperties, PartitionKeyRange, ThroughputProperties};

/// A handle on one container. Creating it makes no request; cheap to clone.
///
/// Item operations take the partition key explicitly (`"a"`, `5`, `true`,
/// `PartitionKeyValue::Null`, `PartitionKey::undefined()`, `PartitionKey::NONE`,
/// `PartitionKey::hierarchical([...])`), because the gateway routes by it.
#[derive(Clone, Debug)]
pub struct ContainerClient {
    database: DatabaseClient,
    id: Arc<str>,
}

impl ContainerClient {
    pub(crate) fn new(database: DatabaseClient, id: String) -> Self {
        Self {
            database,
            id: id.into(),
        }
    }

    pub(crate) fn pipeline(&self) -> &Arc<Pipeline> {
        self.database.pipeline()
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn database(&self) -> &DatabaseClient {
        &self.database
    }

    /// The name-based link, `dbs/<db>/colls/<id>`.
    pub fn link(&self) -> String {
        format!("dbs/{}/colls/{}", self.database.id(), self.id)
    }

    /// Path segments of the container followed by `rest`, with both ids checked.
    pub(crate) fn segments(&self, rest: &[&str]) -> Result<Vec<String>> {
        check_path_id("container", &self.id)?;
        let mut segments = database_segments(self.database.id(), &["colls"])?;
        segments.push(self.id.to_string());
        segments.extend(rest.iter().map(|s| (*s).to_owned()));
        Ok(segments)
    }

    /// A request on one item, with its partition key header.
    pub(crate) fn item_request(
        &self,
        operation: &'static str,
        method: Method,
        item_id: &str,
        partition_key: &PartitionKey,
    ) -> Result<Request> {
        check_path_id("item", item_id)?;
        let segments = self.segments(&["docs", item_id])?;
        let mut request = Request::new(operation, method, segments).in_container(&self.link());
        request.header(h::PARTITION_KEY, partition_key.to_header())?;
        Ok(request)
    }

    /// Reads the container's properties.
    pub fn read(&self) -> ReadResource<'_, ContainerProperties> {
        let request = self
            .segments(&[])
            .map(|s| Request::new("read_container", Method::GET, s));
        ReadResource::new(self.pipeline(), request)
    }

    /// The throughput provisioned on the container itself (404 if it shares its database's).
    pub fn read_throughput(&self) -> ReadThroughput<'_> {
        let request = self
            .segments(&[])
            .map(|s| Request::new("read_container", Method::GET, s));
        ReadThroughput::new(self.pipeline(), request)
    }

    /// Changes the container's throughput.
    pub fn replace_throughput(
        &self,
        throughput: impl Into<ThroughputProperties>,
    ) -> ReplaceThroughput<'_> {
        let request = self
            .segments(&[])
            .map(|s| Request::new("read_container", Method::GET, s));
        ReplaceThroughput::new(self.pipeline(), request, throughput.into())
    }

    /// Creates an item; fails with 409 if an item with its id exists in the partition.
    pub fn create_item<T: Serialize>(
        &self,
        partition_key: impl Into<PartitionKey>,
        item: &T,
    ) -> CreateItem<'_, T> {
        CreateItem::new(self, WriteMode::Create, partition_key.into(), item)
    }

    /// Creates the item, or replaces the one with its id (status 201 or 200).
    pub fn upsert_item<T: Serialize>(
        &self,
        partition_key: impl Into<PartitionKey>,
        item: &T,
    ) -> CreateItem<'_, T> {
        CreateItem::new(self, WriteMode::Upsert, partition_key.into(), item)
    }

    /// Replaces the item `id` (404 if it does not exist).
    pub fn replace_item<T: Serialize>(
        &self,
        id: impl Into<String>,
        partition_key: impl Into<PartitionKey>,
        item: &T,
    ) -> ReplaceItem<'_, T> {
        ReplaceItem::new(self, id.into(), partition_key.into(), item)
    }

    /// Reads the item `id` as `T` (`serde_json::Value` for raw JSON).
    pub fn read_item<T: DeserializeOwned>(
        &self,
        id: impl Into<String>,
        partition_key: impl Into<PartitionKey>,
    ) -> ReadItem<'_, T> {
        ReadItem::new(self, id.into(), partition_key.into())
    }

    /// Deletes the item `id`.
    pub fn delete_item(
        &self,
        id: impl Into<String>,
        partition_key: impl Into<PartitionKey>,
    ) -> DeleteItem<'_> {
        DeleteItem::new(self, id.into(), partition_key.into())
    }

    /// Applies patch operations ([`PatchDocument`](crate::PatchDocument) or any body of the
    /// same shape) to the item `id`, returning the patched item.
    pub fn patch_item<T: DeserializeOwned>(
        &self,
        id: impl Into<String>,
        partition_key: impl Into<PartitionKey>,
        patch: &impl Serialize,
    ) -> PatchItem<'_, T> {
        PatchItem::new(self, id.into(), partition_key.into(), patch)
    }

    /// Runs a transactional batch ([`TransactionalBatch`](crate::TransactionalBatch) or any
    /// serializable array of operations) within one logical partition.
    pub fn execute_batch(
        &self,
        partition_key: impl Into<PartitionKey>,
        operations: &impl Serialize,
    ) -> ExecuteBatch<'_> {
        ExecuteBatch::new(self, partition_key.into(), operations)
    }

    /// The container's partition key ranges (its physical partitions).
    pub fn read_partition_key_ranges(&self) -> Pager<PartitionKeyRange> {
        let request = self
            .segments(&["pkranges"])
            .map(|s| Request::new("read_partition_key_ranges", Method::GET, s));
        Pager::new(self.pipeline().clone(), request)
    }

    /// Asks the gateway how to run a query across partitions: the raw query plan
    /// (`queryInfo` with ORDER BY, aggregates, TOP…, the rewritten query and the EPK ranges
    /// to target).
    pub fn query_plan(&self, query: impl Into<Query>) -> ReadResource<'_, serde_json::Value> {
        let query = query.into();
        let request = self
            .segments(&["docs"])
            .and_then(|s| crate::cross_partition::plan_request(s, &query));
        ReadResource::new(self.pipeline(), request)
    }

    /// Deletes every item of one logical partition. The service accepts the request (200)
    /// and removes the items in the background.
    pub fn delete_all_items_by_partition_key(
        &self,
        partition_key: impl Into<PartitionKey>,
    ) -> DeleteResource<'_> {
        let key = partition_key.into();
        let request = self
            .segments(&["operations", "partitionkeydelete"])
            .and_then(|s| {
                let mut request =
                    Request::new("delete_all_items_by_partition_key", Method::POST, s)
                        .in_container(&self.link());
                request.header(h::PARTITION_KEY, key.to_header())?;
                Ok(request)
            });
        DeleteResource::new(self.pipeline(), request, SessionScope::None)
    }

    /// The container's change feed: items in modification order, resumable by token.
    pub fn change_feed<T: DeserializeOwned + Send + 'static>(&self) -> ChangeFeed<T> {
        ChangeFeed::new(
            self.pipeline().clone(),
            self.segments(&["docs"]),
            self.link(),
            FeedMode::LatestVersion,
        )
    }

    /// The all-versions-and-deletes change feed: every create, replace and delete, with
    /// the previous image when the service kept one. It starts from now (the default) or
    /// from a continuation token; any other start is refused with
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument).
    pub fn change_feed_all_versions<T: DeserializeOwned + Send + 'static>(
        &self,
    ) -> ChangeFeed<ChangeFeedItem<T>> {
        ChangeFeed::new(
            self.pipeline().clone(),
            self.segments(&["docs"]),
            self.link(),
            FeedMode::AllVersionsAndDeletes,
        )
    }

    /// The container's feed ranges, one per partition key range: hand one to each worker of
    /// a change feed processor ([`ChangeFeed::feed_range`]) or of a parallel query
    /// ([`Pager::feed_range`]).
    pub async fn read_feed_ranges(&self) -> Result<Vec<FeedRange>> {
        let ranges =
            crate::routing::fresh_ranges(self.pipeline(), &self.segments(&["docs"])?).await?;
        Ok(ranges.iter().map(FeedRange::from_range).collect())
    }

    /// The feed range of one logical partition (or, for a prefix of a hierarchical key, of
    /// every partition under it). Reads the container's partition key definition.
    pub async fn feed_range_for_partition_key(
        &self,
        key: impl Into<PartitionKey>,
    ) -> Result<FeedRange> {
        let key = key.into();
        let properties = self.read().await?.into_value();
        FeedRange::for_partition_key(&properties.partition_key, key)
    }

    /// Every item of the container (or of one partition, with
    /// [`Pager::partition_key`]).
    pub fn read_all_items<T: DeserializeOwned + Send + 'static>(&self) -> Pager<T> {
        let request = self
            .segments(&["docs"])
            .map(|s| Request::new("read_all_items", Method::GET, s).in_container(&self.link()));
        Pager::new(self.pipeline().clone(), request)
    }

    /// Items matching a SQL query. Without [`Pager::partition_key`] the query runs across
    /// partitions: the gateway serves filters and projections itself; for ORDER BY, VALUE
    /// aggregates, TOP, OFFSET/LIMIT and DISTINCT it asks for a query plan, and the client
    /// runs the query on every partition key range and merges the results (those pages
    /// carry a continuation token of the client's own, except for unordered DISTINCT). GROUP
    /// BY and aggregates in a select list are planned too and combined per group (one page).
    pub fn query_items<T: DeserializeOwned + Send + 'static>(
        &self,
        query: impl Into<Query>,
    ) -> Pager<T> {
        let query = query.into();
        let request = self
            .segments(&["docs"])
            .and_then(|s| query_request("query_items", s, &query))
            .and_then(|mut r| {
                r.header(h::ENABLE_CROSS_PARTITION, "true")?;
                Ok(r.in_container(&self.link()))
            });
        Pager::query(self.pipeline().clone(), request, query)
    }
}
