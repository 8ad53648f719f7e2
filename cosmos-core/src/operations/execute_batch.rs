//! `execute_batch`: a transactional batch on one logical partition.

use std::future::IntoFuture;

use bytes::Bytes;
use cosmos_protocol::headers as h;
use cosmos_protocol::PartitionKey;
use futures::future::BoxFuture;
use http::Method;
use serde::Serialize;
use serde_json::Value;

use super::{common_setters, RequestOptions};
use crate::batch::{BatchOperationResult, BatchResponse};
use crate::container::ContainerClient;
use crate::error::{Error, Result};
use crate::request::Request;
use crate::response::Response;

/// Runs a transactional batch. Await it to send the request.
///
/// A batch whose operation failed is still `Ok`: inspect
/// [`BatchResponse::is_success`] (HTTP 207 then, and nothing was committed).
#[must_use = "operations do nothing until awaited"]
pub struct ExecuteBatch<'a> {
    container: &'a ContainerClient,
    partition_key: PartitionKey,
    body: Result<Bytes>,
    options: RequestOptions,
}

impl<'a> ExecuteBatch<'a> {
    pub(crate) fn new<B: Serialize>(
        container: &'a ContainerClient,
        partition_key: PartitionKey,
        operations: &B,
    ) -> Self {
        let body = serde_json::to_value(operations)
            .map(|ops| with_partition_keys(ops, &partition_key))
            .and_then(|ops| serde_json::to_vec(&ops))
            .map(Bytes::from)
            .map_err(Error::serialization);
        Self {
            container,
            partition_key,
            body,
            options: RequestOptions::default(),
        }
    }

    common_setters!();
}

/// Gives every operation the batch's key as JSON text (`"partitionKey": "[\"a\"]"`), as the
/// JS SDK does: the header routes the batch, but some servers read the key per operation.
/// Operations that name their own key keep it.
fn with_partition_keys(mut operations: Value, key: &PartitionKey) -> Value {
    if let Value::Array(ops) = &mut operations {
        for op in ops.iter_mut().filter_map(Value::as_object_mut) {
            op.entry("partitionKey")
                .or_insert_with(|| Value::String(key.to_header()));
        }
    }
    operations
}

impl<'a> IntoFuture for ExecuteBatch<'a> {
    type Output = Result<Response<BatchResponse>>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let segments = self.container.segments(&["docs"])?;
            let mut request = Request::new("execute_batch", Method::POST, segments)
                .in_container(&self.container.link());
            request.header(h::PARTITION_KEY, self.partition_key.to_header())?;
            request.header(h::IS_BATCH_REQUEST, "true")?;
            request.header(h::BATCH_ATOMIC, "true")?;
            request.header(h::BATCH_CONTINUE_ON_ERROR, "false")?;
            request.body = Some(self.body?);
            self.options.apply(&mut request)?;
            let raw = self.container.pipeline().send(&request).await?;
            let results: Vec<BatchOperationResult> = raw.json_required()?;
            Ok(raw.into_response(BatchResponse::new(results)))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn operations_get_the_batch_key() {
        let ops = json!([{"operationType": "Read", "id": "a"},
                         {"operationType": "Read", "id": "b", "partitionKey": "[\"z\"]"}]);
        let out = with_partition_keys(ops, &PartitionKey::from("k"));
        assert_eq!(out[0]["partitionKey"], "[\"k\"]");
        assert_eq!(out[1]["partitionKey"], "[\"z\"]");
        assert_eq!(
            with_partition_keys(json!({"x": 1}), &PartitionKey::NONE),
            json!({"x": 1})
        );
    }
}
