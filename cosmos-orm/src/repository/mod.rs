//! `Repository<T>`: typed CRUD and queries over a `cosmos_core::ContainerClient`.

mod feed;
mod outcome;
mod query;
mod write;

use std::marker::PhantomData;

use cosmos_core::{ContainerClient, ContainerProperties, DatabaseClient, ItemResponse};

pub use feed::QueryPage;
pub use outcome::Outcome;
pub use write::BatchItem;

use crate::document::CosmosDocument;
use crate::error::RepositoryError;
use crate::key_arg::KeyArg;

/// Typed access to the container of document type `T`.
///
/// Cheap to clone (the client is an `Arc` inside). Every write sends the
/// document's own partition key, and writes of documents carrying an etag
/// (`#[cosmos(etag)]`) are conditional on it, so a concurrent change makes
/// them fail with 412 instead of being overwritten.
pub struct Repository<T> {
    container: ContainerClient,
    _doc: PhantomData<fn() -> T>,
}

impl<T> Clone for Repository<T> {
    fn clone(&self) -> Self {
        Self {
            container: self.container.clone(),
            _doc: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for Repository<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repository")
            .field("container", &self.container.link())
            .finish()
    }
}

impl<T: CosmosDocument> Repository<T> {
    /// A repository over an explicit container.
    pub fn new(container: ContainerClient) -> Self {
        Self {
            container,
            _doc: PhantomData,
        }
    }

    /// A repository over `T::CONTAINER` in `database`. Makes no request.
    pub fn in_database(database: &DatabaseClient) -> Self {
        Self::new(database.container(T::CONTAINER))
    }

    /// The underlying container client, for operations the repository does not wrap.
    pub fn container(&self) -> &ContainerClient {
        &self.container
    }

    /// Creates `T`'s container with its partition key definition if it does
    /// not exist. An existing container must be partitioned by the same
    /// paths, or this fails with [`RepositoryError::ContainerMismatch`]: typed
    /// keys would otherwise address the wrong partitions.
    ///
    /// When `T` has a `#[cosmos(ttl)]` field, a new container gets
    /// `defaultTtl = -1` (TTL on, no default), without which per-item TTLs are ignored.
    pub async fn ensure_container(&self) -> Result<Outcome<ContainerProperties>, RepositoryError> {
        let definition = T::partition_key_definition();
        let mut properties = ContainerProperties::new(self.container.id(), definition.clone());
        if T::HAS_TTL {
            properties = properties.with_default_ttl(-1);
        }
        let response = self
            .container
            .database()
            .create_container_if_not_exists(properties)
            .await?;
        let existing = &response.value().partition_key;
        if existing.paths != definition.paths {
            return Err(RepositoryError::ContainerMismatch {
                container: self.container.id().to_owned(),
                expected: definition.paths,
                actual: existing.paths.clone(),
            });
        }
        Ok(outcome_of(response.clone(), response.into_value()))
    }

    /// Inserts `doc`; fails with 409 ([`RepositoryError::is_conflict`]) if its id exists in its partition.
    pub async fn create(&self, doc: &T) -> Result<Outcome<T>, RepositoryError> {
        let response = self.container.create_item(doc.partition_key(), doc).await?;
        stored("create", response)
    }

    /// Inserts `doc` or replaces the document with its id, unconditionally.
    pub async fn upsert(&self, doc: &T) -> Result<Outcome<T>, RepositoryError> {
        let response = self.container.upsert_item(doc.partition_key(), doc).await?;
        stored("upsert", response)
    }

    /// Replaces the stored document with `doc`. When `doc` carries an etag the
    /// write only succeeds if the stored document still has it (else 412).
    pub async fn replace(&self, doc: &T) -> Result<Outcome<T>, RepositoryError> {
        let mut op = self
            .container
            .replace_item(doc.id(), doc.partition_key(), doc);
        if let Some(etag) = doc.etag() {
            op = op.if_match(etag);
        }
        stored("replace", op.await?)
    }

    /// Reads the document `id` in partition `key`; `None` when it does not exist.
    pub async fn find(
        &self,
        id: &str,
        key: impl KeyArg<T::Key>,
    ) -> Result<Outcome<Option<T>>, RepositoryError> {
        match self
            .container
            .read_item::<T>(id, key.into_partition_key())
            .await
        {
            Ok(response) => {
                let charge = response.request_charge();
                let etag = response.etag().map(str::to_owned);
                let activity = response.activity_id().map(str::to_owned);
                let mut doc = response.into_value();
                if let Some(etag) = &etag {
                    doc.set_etag(Some(etag.clone()));
                }
                Ok(Outcome::new(
                    Some(doc),
                    charge,
                    etag.as_deref(),
                    activity.as_deref(),
                ))
            }
            Err(err) if err.is_not_found() => Ok(Outcome::new(
                None,
                err.request_charge().unwrap_or(0.0),
                None,
                err.activity_id(),
            )),
            Err(err) => Err(err.into()),
        }
    }

    /// Deletes `doc`, conditional on its etag when it carries one (else 412).
    pub async fn delete(&self, doc: &T) -> Result<Outcome<()>, RepositoryError> {
        let mut op = self.container.delete_item(doc.id(), doc.partition_key());
        if let Some(etag) = doc.etag() {
            op = op.if_match(etag);
        }
        let response = op.await?;
        Ok(outcome_of(response, ()))
    }

    /// Deletes the document `id` in partition `key`, unconditionally.
    pub async fn delete_by_id(
        &self,
        id: &str,
        key: impl KeyArg<T::Key>,
    ) -> Result<Outcome<()>, RepositoryError> {
        let response = self
            .container
            .delete_item(id, key.into_partition_key())
            .await?;
        Ok(outcome_of(response, ()))
    }
}

fn outcome_of<V, U>(response: cosmos_core::Response<V>, value: U) -> Outcome<U> {
    Outcome::new(
        value,
        response.request_charge(),
        response.etag(),
        response.activity_id(),
    )
}

/// The document a write returned, with its new etag stored in it.
fn stored<T: CosmosDocument>(
    operation: &'static str,
    response: ItemResponse<T>,
) -> Result<Outcome<T>, RepositoryError> {
    let charge = response.request_charge();
    let etag = response.etag().map(str::to_owned);
    let activity = response.activity_id().map(str::to_owned);
    let mut doc = response
        .into_value()
        .ok_or(RepositoryError::MissingBody { operation })?;
    if let Some(etag) = &etag {
        doc.set_etag(Some(etag.clone()));
    }
    Ok(Outcome::new(
        doc,
        charge,
        etag.as_deref(),
        activity.as_deref(),
    ))
}
