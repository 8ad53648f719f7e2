//! Typed patch and transactional batch execution.

use cosmos_core::BatchOperationResult;

use super::{stored, Outcome, Repository};
use crate::batch::{Batch, BatchOperationKind};
use crate::document::CosmosDocument;
use crate::error::RepositoryError;
use crate::key_arg::KeyArg;
use crate::patch::Patch;

/// The result of one operation of a committed batch.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct BatchItem<T> {
    /// What the operation did.
    pub kind: BatchOperationKind,
    /// Its status code (200, 201 or 204).
    pub status: u16,
    /// Its share of the charge.
    pub request_charge: f64,
    /// The document's etag after the operation.
    pub etag: Option<String>,
    /// The document, for operations that return one (read, create, upsert, replace, patch).
    pub document: Option<T>,
}

impl<T: CosmosDocument> Repository<T> {
    /// Applies `patch` to the document `id` in partition `key` and returns the
    /// patched document. A patch condition that does not hold fails with 412.
    pub async fn patch(
        &self,
        id: &str,
        key: impl KeyArg<T::Key>,
        patch: &Patch<T>,
    ) -> Result<Outcome<T>, RepositoryError> {
        let body = patch.build()?;
        let response = self
            .container
            .patch_item::<T>(id, key.into_partition_key(), &body)
            .await?;
        stored("patch", response)
    }

    /// Applies `patch` to the stored version of `doc`, conditional on its etag
    /// when it carries one (else 412).
    pub async fn patch_document(
        &self,
        doc: &T,
        patch: &Patch<T>,
    ) -> Result<Outcome<T>, RepositoryError> {
        let body = patch.build()?;
        let mut op = self
            .container
            .patch_item::<T>(doc.id(), doc.partition_key(), &body);
        if let Some(etag) = doc.etag() {
            op = op.if_match(etag);
        }
        stored("patch", op.await?)
    }

    /// Runs `batch` atomically. If any operation fails nothing is committed
    /// and the failing operation is reported as [`RepositoryError::BatchFailed`].
    pub async fn execute(
        &self,
        batch: &Batch<T>,
    ) -> Result<Outcome<Vec<BatchItem<T>>>, RepositoryError> {
        let request = batch.build()?;
        let response = self
            .container
            .execute_batch(request.partition_key.clone(), &request.operations)
            .await?;
        let charge = response.request_charge();
        let activity = response.activity_id().map(str::to_owned);
        let results = response.into_value();
        if let Some((index, failed)) = results.first_failure() {
            return Err(RepositoryError::BatchFailed {
                index,
                status: failed.status_code,
                sub_status: failed.substatus_code,
            });
        }
        let items = results
            .into_results()
            .into_iter()
            .zip(request.kinds)
            .map(|(result, kind)| batch_item(kind, result))
            .collect::<Result<Vec<_>, RepositoryError>>()?;
        Ok(Outcome::new(items, charge, None, activity.as_deref()))
    }
}

fn batch_item<T: CosmosDocument>(
    kind: BatchOperationKind,
    result: BatchOperationResult,
) -> Result<BatchItem<T>, RepositoryError> {
    let mut document = match &result.resource_body {
        Some(body) if !body.is_null() => Some(serde_json::from_value::<T>(body.clone())?),
        _ => None,
    };
    if let (Some(doc), Some(etag)) = (document.as_mut(), &result.etag) {
        doc.set_etag(Some(etag.clone()));
    }
    Ok(BatchItem {
        kind,
        status: result.status_code,
        request_charge: result.request_charge,
        etag: result.etag,
        document,
    })
}
