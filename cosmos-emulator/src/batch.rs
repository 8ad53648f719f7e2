//! Transactional batch and bulk requests: the wire form of the operation list, its limits, and
//! the per-operation result list the SDKs read back.
//!
//! Execution lives with the store; this module only turns bytes into checked operations and
//! results into the response body, so both the atomic and the bulk path share it.

use crate::patch::{PatchError, PatchRequest};
use cosmos_protocol::PartitionKey;
use serde_json::{json, Map, Value};

/// The service's limits on one batch.
pub const MAX_OPERATIONS: usize = 100;
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperationKind {
    Create,
    Upsert,
    Read,
    Replace,
    Delete,
    Patch,
}

impl OperationKind {
    fn parse(text: &str) -> Option<Self> {
        Some(match text.to_ascii_lowercase().as_str() {
            "create" => Self::Create,
            "upsert" => Self::Upsert,
            "read" => Self::Read,
            "replace" => Self::Replace,
            "delete" => Self::Delete,
            "patch" => Self::Patch,
            _ => return None,
        })
    }

    pub fn is_write(self) -> bool {
        self != Self::Read
    }
}

/// One checked operation of a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchOperation {
    pub kind: OperationKind,
    /// The addressed item id: from `id`, or from the body for create/upsert.
    pub id: String,
    /// The item for create/upsert/replace.
    pub body: Option<Value>,
    pub patch: Option<PatchRequest>,
    /// Per-operation key (bulk mode, and the JS SDK's atomic batches as JSON text).
    pub partition_key: Option<PartitionKey>,
    pub if_match: Option<String>,
    pub if_none_match: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    #[error("the batch request body must be a JSON array of operations")]
    NotAnArray,
    #[error("a batch needs at least one operation")]
    Empty,
    #[error("a batch may have at most {MAX_OPERATIONS} operations, got {0}")]
    TooManyOperations(usize),
    #[error("operation {index}: {reason}")]
    Operation { index: usize, reason: String },
}

/// Parses the request body of a batch.
pub fn parse(body: &Value) -> Result<Vec<BatchOperation>, BatchError> {
    let ops = body.as_array().ok_or(BatchError::NotAnArray)?;
    if ops.is_empty() {
        return Err(BatchError::Empty);
    }
    if ops.len() > MAX_OPERATIONS {
        return Err(BatchError::TooManyOperations(ops.len()));
    }
    ops.iter()
        .enumerate()
        .map(|(index, op)| {
            parse_operation(op).map_err(|reason| BatchError::Operation { index, reason })
        })
        .collect()
}

fn parse_operation(op: &Value) -> Result<BatchOperation, String> {
    let obj = op.as_object().ok_or("not a JSON object")?;
    let kind_text = obj
        .get("operationType")
        .and_then(Value::as_str)
        .ok_or("missing 'operationType'")?;
    let kind = OperationKind::parse(kind_text).ok_or_else(|| {
        format!(
            "unknown operationType '{kind_text}' (Create, Upsert, Read, Replace, Delete, Patch)"
        )
    })?;
    let resource = obj.get("resourceBody").filter(|v| !v.is_null());
    let (body, patch) = match kind {
        OperationKind::Create | OperationKind::Upsert | OperationKind::Replace => {
            let body = resource.ok_or("missing 'resourceBody'")?;
            if !body.is_object() {
                return Err("'resourceBody' must be a JSON object".into());
            }
            (Some(body.clone()), None)
        }
        OperationKind::Patch => {
            let body = resource.ok_or("missing 'resourceBody' with the patch operations")?;
            let patch = PatchRequest::from_json(body).map_err(|e: PatchError| e.to_string())?;
            (None, Some(patch))
        }
        OperationKind::Read | OperationKind::Delete => (None, None),
    };
    let id = match obj.get("id") {
        Some(Value::String(id)) => id.clone(),
        Some(_) => return Err("'id' must be a string".into()),
        None => match body.as_ref().and_then(|b| b.get("id")) {
            Some(Value::String(id)) => id.clone(),
            _ => return Err("missing 'id'".into()),
        },
    };
    let partition_key = match obj.get("partitionKey") {
        None | Some(Value::Null) => None,
        // The JS SDK sends the key as JSON text; others send the array itself.
        Some(Value::String(text)) => {
            Some(PartitionKey::from_header(text).map_err(|e| e.to_string())?)
        }
        Some(other) => {
            Some(PartitionKey::from_header(&other.to_string()).map_err(|e| e.to_string())?)
        }
    };
    let condition = |name: &str| -> Result<Option<String>, String> {
        match obj.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(format!("'{name}' must be a string")),
        }
    };
    Ok(BatchOperation {
        kind,
        id,
        body,
        patch,
        partition_key,
        if_match: condition("ifMatch")?,
        if_none_match: condition("ifNoneMatch")?,
    })
}

/// The outcome of one operation as the SDKs read it back.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationResult {
    pub status: u16,
    pub substatus: Option<u32>,
    pub request_charge: f64,
    pub etag: Option<String>,
    pub body: Option<Value>,
    pub retry_after_ms: Option<u64>,
}

impl OperationResult {
    pub fn new(status: u16, request_charge: f64) -> Self {
        Self {
            status,
            substatus: None,
            request_charge,
            etag: None,
            body: None,
            retry_after_ms: None,
        }
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The stand-in result of an operation that was not committed because another failed.
    pub fn failed_dependency() -> Self {
        Self::new(424, 0.0)
    }

    fn to_json(&self) -> Value {
        let mut out = Map::new();
        out.insert("statusCode".into(), json!(self.status));
        if let Some(sub) = self.substatus {
            out.insert("substatusCode".into(), json!(sub));
        }
        out.insert("requestCharge".into(), json!(self.request_charge));
        if let Some(etag) = &self.etag {
            out.insert("eTag".into(), json!(etag));
        }
        if let Some(body) = &self.body {
            out.insert("resourceBody".into(), body.clone());
        }
        if let Some(ms) = self.retry_after_ms {
            out.insert("retryAfterMilliseconds".into(), json!(ms));
        }
        Value::Object(out)
    }
}

/// Builds the response of an atomic batch: on success every result as is (HTTP 200); when an
/// operation failed, that operation's result and 424 for every other one (HTTP 207), because
/// nothing was committed.
pub fn atomic_response(results: Vec<OperationResult>, total_operations: usize) -> (u16, Value) {
    match results.iter().position(|r| !r.is_success()) {
        None => (
            200,
            Value::Array(results.iter().map(OperationResult::to_json).collect()),
        ),
        Some(failed) => {
            let body = (0..total_operations)
                .map(|i| {
                    if i == failed {
                        results[i].to_json()
                    } else {
                        OperationResult::failed_dependency().to_json()
                    }
                })
                .collect();
            (207, Value::Array(body))
        }
    }
}

/// Builds the response of a non-atomic (bulk) batch: each operation stands alone (HTTP 200, or
/// 207 when any failed).
pub fn bulk_response(results: &[OperationResult]) -> (u16, Value) {
    let status = if results.iter().all(OperationResult::is_success) {
        200
    } else {
        207
    };
    (
        status,
        Value::Array(results.iter().map(OperationResult::to_json).collect()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_operation_kind() {
        let ops = parse(&json!([
            {"operationType":"Create","resourceBody":{"id":"a","pk":"p"}},
            {"operationType":"Upsert","resourceBody":{"id":"b"},"partitionKey":"[\"p\"]"},
            {"operationType":"Read","id":"a"},
            {"operationType":"Replace","id":"a","resourceBody":{"id":"a"},"ifMatch":"\"e\""},
            {"operationType":"Delete","id":"b"},
            {"operationType":"Patch","id":"a","resourceBody":{"operations":[{"op":"set","path":"/x","value":1}]}}
        ]))
        .unwrap();
        assert_eq!(ops.len(), 6);
        assert_eq!(ops[0].id, "a");
        assert_eq!(ops[1].partition_key, Some(PartitionKey::from("p")));
        assert_eq!(ops[3].if_match.as_deref(), Some("\"e\""));
        assert!(ops[5].patch.is_some());
    }

    #[test]
    fn rejects_malformed_batches() {
        assert_eq!(parse(&json!({})), Err(BatchError::NotAnArray));
        assert_eq!(parse(&json!([])), Err(BatchError::Empty));
        let many: Vec<Value> = (0..101)
            .map(|i| json!({"operationType":"Read","id":i.to_string()}))
            .collect();
        assert_eq!(
            parse(&Value::Array(many)),
            Err(BatchError::TooManyOperations(101))
        );
        for bad in [
            json!([{"operationType":"Explode","id":"a"}]),
            json!([{"operationType":"Create"}]),
            json!([{"operationType":"Create","resourceBody":{"x":1}}]),
            json!([{"operationType":"Read"}]),
            json!([{"operationType":"Patch","id":"a","resourceBody":{"operations":[]}}]),
            json!([{"operationType":"Read","id":"a","partitionKey":"[[1]]"}]),
        ] {
            assert!(
                matches!(parse(&bad), Err(BatchError::Operation { index: 0, .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn atomic_failure_marks_others_failed_dependency() {
        let mut conflict = OperationResult::new(409, 1.0);
        conflict.substatus = Some(0);
        let results = vec![OperationResult::new(201, 5.0), conflict];
        let (status, body) = atomic_response(results, 3);
        assert_eq!(status, 207);
        let codes: Vec<u64> = body
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["statusCode"].as_u64().unwrap())
            .collect();
        assert_eq!(codes, vec![424, 409, 424]);
    }

    #[test]
    fn success_keeps_results() {
        let mut created = OperationResult::new(201, 5.0);
        created.etag = Some("\"1\"".into());
        created.body = Some(json!({"id":"a"}));
        let (status, body) = atomic_response(vec![created], 1);
        assert_eq!(status, 200);
        assert_eq!(body[0]["eTag"], "\"1\"");
        assert_eq!(body[0]["resourceBody"]["id"], "a");
        let (bulk_status, _) = bulk_response(&[
            OperationResult::new(201, 1.0),
            OperationResult::new(404, 1.0),
        ]);
        assert_eq!(bulk_status, 207);
    }
}
