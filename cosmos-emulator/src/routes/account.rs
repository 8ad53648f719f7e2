//! `GET /`: the database account. The SDKs read the locations (and route every later request
//! to `databaseAccountEndpoint`), the consistency policy and whether multi-region writes are on.

use crate::app::AppState;
use crate::charge;
use crate::errors::ApiError;
use crate::reply::Reply;
use crate::request::RequestContext;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use serde_json::json;

/// The region name advertised for the single location.
pub const REGION: &str = "South Central US";

pub fn read(_state: &AppState, ctx: &RequestContext) -> Result<Response, ApiError> {
    let location = json!([{ "name": REGION, "databaseAccountEndpoint": ctx.endpoint }]);
    let query_engine = json!({
        "maxSqlQueryInputLength": 262144,
        "maxJoinsPerSqlQuery": 5,
        "maxLogicalAndPerSqlQuery": 500,
        "maxLogicalOrPerSqlQuery": 500,
        "maxUdfRefPerSqlQuery": 10,
        "maxInExpressionItemsCount": 16000,
        "queryMaxInMemorySortDocumentCount": 500,
        "maxQueryRequestTimeoutFraction": 0.9,
        "sqlAllowNonFiniteNumbers": false,
        "sqlAllowAggregateFunctions": true,
        "sqlAllowSubQuery": true,
        "sqlAllowScalarSubQuery": true,
        "allowNewKeywords": true,
        "sqlAllowLike": true,
        "sqlAllowGroupByClause": true,
        "maxSpatialQueryCells": 12,
        "spatialMaxGeometryPointCount": 256,
        "sqlDisableOptimizationFlags": 0,
        "sqlAllowTop": true,
        "enableSpatialIndexing": true
    });
    let body = json!({
        "_self": "",
        "id": "localhost",
        "_rid": "localhost",
        "media": "//media/",
        "addresses": "//addresses/",
        "_dbs": "//dbs/",
        "writableLocations": location,
        "readableLocations": location,
        "enableMultipleWriteLocations": false,
        "continuousBackupEnabled": false,
        "enableNRegionSynchronousCommit": false,
        "userReplicationPolicy": {
            "asyncReplication": false,
            "minReplicaSetSize": 1,
            "maxReplicasetSize": 4
        },
        "userConsistencyPolicy": { "defaultConsistencyLevel": crate::consistency::ACCOUNT_LEVEL },
        "systemReplicationPolicy": {
            "minReplicaSetSize": 1,
            "maxReplicasetSize": 4
        },
        "readPolicy": { "primaryReadCoefficient": 1, "secondaryReadCoefficient": 1 },
        "queryEngineConfiguration": query_engine.to_string()
    });
    Ok(Reply::json(StatusCode::OK, &body)
        .charge(charge::metadata_read())
        .into_response())
}
