//! Queries (`POST …/docs` with `application/query+json`) and query plans.
//!
//! With a partition key, or a range id (how the SDKs fan a planned query out), the query runs
//! in that scope as written. Across partitions the gateway runs only filters and
//! projections; anything needing a merge (ORDER BY, aggregates, TOP, DISTINCT, OFFSET) is
//! answered 400/1004 with the plan the SDK needs, as the service does.

use super::documents::feed_scope;
use crate::charge;
use crate::continuation;
use crate::errors::ApiError;
use crate::query_plan::{self, CrossPartition};
use crate::reply::Reply;
use crate::request::RequestContext;
use crate::store::Collection;
use axum::response::{IntoResponse, Response};
use cosmos_protocol::headers;
use cosmos_sql::{Parameters, Query};
use http::StatusCode;
use serde_json::Value;

/// Substatus of a cross-partition query the gateway hands back with a plan.
const NEEDS_PLAN: u32 = 1004;

/// Whether a `POST …/docs` is a query (as opposed to a document write).
pub fn is_query(ctx: &RequestContext) -> Result<bool, ApiError> {
    Ok(ctx.flag(headers::IS_QUERY)?
        || ctx
            .header(http::header::CONTENT_TYPE.as_str())?
            .is_some_and(|t| t.contains("query+json")))
}

pub fn is_plan_request(ctx: &RequestContext) -> Result<bool, ApiError> {
    ctx.flag(headers::IS_QUERY_PLAN_REQUEST)
}

/// Answers a query plan request.
pub fn plan(ctx: &RequestContext) -> Result<Response, ApiError> {
    if ctx.header(headers::SUPPORTED_QUERY_FEATURES)?.is_none() {
        return Err(ApiError::bad_request(
            "A query plan request must list the client's supported query features in \
             x-ms-cosmos-supported-query-features.",
        ));
    }
    let (query, params) = parse(ctx)?;
    Ok(
        Reply::json(StatusCode::OK, &query_plan::plan(&query, &params))
            .charge(charge::metadata_read())
            .into_response(),
    )
}

/// Runs one page of a query.
pub fn run(ctx: &RequestContext, coll: &Collection) -> Result<Response, ApiError> {
    let (query, params) = parse(ctx)?;
    let targeted = ctx.header(headers::PARTITION_KEY)?.is_some()
        || ctx.header(headers::PARTITION_KEY_RANGE_ID)?.is_some();
    if !targeted {
        match query_plan::classify(&query, &params) {
            CrossPartition::Servable => {}
            CrossPartition::Unsupported => {
                return Err(ApiError::bad_request(
                    "Cross partition query only supports 'VALUE <AggregateFunc>' for aggregates.",
                ))
            }
            CrossPartition::NeedsPlan(plan) => {
                return Err(plan_needed(&plan));
            }
        }
    }
    let (scope, range) = super::query_resume::resume(ctx, coll, feed_scope(ctx, coll)?)?;
    let started = std::time::Instant::now();
    let (docs, touched) = coll.snapshot(&scope);
    crate::session::check(ctx, coll, &touched)?;
    let results = query
        .execute(docs.iter().map(|d| &d.body), &params, None)
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    let metrics = ctx
        .flag(headers::POPULATE_QUERY_METRICS)?
        .then(|| query_metrics(&docs, results.len(), started.elapsed()));
    let mut reply = page(ctx, &results, (&coll.rid, "Documents"), docs.len(), &range)?;
    if let Some(metrics) = metrics {
        reply = reply.header(headers::QUERY_METRICS, metrics);
    }
    Ok(reply
        .sessions(&touched)
        .owner(&coll.alt_link(), &coll.rid)
        .into_response())
}

/// Runs a query over an in-memory list of resources (offers), one page at a time; `feed` is
/// the owner RID and the feed's key (`Offers`).
pub fn run_over(
    ctx: &RequestContext,
    feed: (&str, &str),
    resources: &[Value],
) -> Result<Response, ApiError> {
    let (query, params) = parse(ctx)?;
    let results = query
        .execute(resources, &params, None)
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    Ok(page(
        ctx,
        &results,
        feed,
        resources.len(),
        &cosmos_protocol::EpkRange::full(),
    )?
    .into_response())
}

/// The page of `results` the continuation and page size ask for; `range` is what the
/// results cover, recorded in the continuation.
fn page(
    ctx: &RequestContext,
    results: &[Value],
    (rid, key): (&str, &str),
    scanned: usize,
    range: &cosmos_protocol::EpkRange,
) -> Result<Reply, ApiError> {
    let offset = ctx
        .continuation()?
        .map(continuation::decode_offset)
        .transpose()?
        .unwrap_or(0);
    let max = ctx.max_item_count()?;
    let page: Vec<&Value> = results.iter().skip(offset).take(max).collect();
    let next = offset + page.len();
    let bytes: usize = page
        .iter()
        .map(|v| serde_json::to_vec(v).map_or(0, |b| b.len()))
        .sum();
    let mut body = serde_json::Map::new();
    body.insert("_rid".into(), rid.into());
    body.insert(key.into(), page.iter().map(|v| (*v).clone()).collect());
    body.insert("_count".into(), page.len().into());
    let mut reply = Reply::json(StatusCode::OK, &body)
        .header(headers::ITEM_COUNT, page.len().to_string())
        .charge(charge::query(scanned, bytes));
    if next < results.len() {
        reply = reply.header(
            headers::CONTINUATION,
            continuation::encode_offset_in(next, range),
        );
    }
    Ok(reply)
}

/// `x-ms-documentdb-query-metrics`: `key=value;` pairs as the service reports them. Times are
/// measured; the index figures reflect that the emulator scans instead of using an index.
fn query_metrics(
    scanned: &[std::sync::Arc<crate::store::document::StoredDoc>],
    output: usize,
    elapsed: std::time::Duration,
) -> String {
    let ms = elapsed.as_secs_f64() * 1000.0;
    let bytes: usize = scanned.iter().map(|d| d.size).sum();
    format!(
        "totalExecutionTimeInMs={ms:.2};queryCompileTimeInMs=0.00;queryLogicalPlanBuildTimeInMs=0.00;\
         queryPhysicalPlanBuildTimeInMs=0.00;queryOptimizationTimeInMs=0.00;\
         VMExecutionTimeInMs={ms:.2};indexLookupTimeInMs=0.00;documentLoadTimeInMs=0.00;\
         systemFunctionExecuteTimeInMs=0.00;userFunctionExecuteTimeInMs=0.00;\
         retrievedDocumentCount={};retrievedDocumentSize={bytes};outputDocumentCount={output};\
         outputDocumentSize=0;writeOutputTimeInMs=0.00;indexUtilizationRatio=0.00",
        scanned.len()
    )
}

/// The 400/1004 answer: the plan travels as JSON text in `additionalErrorInfo`.
fn plan_needed(plan: &Value) -> ApiError {
    let mut error = ApiError::bad_request(
        "The provided cross partition query can not be directly served by the gateway. This is \
         a first chance (internal) exception that all newer clients will know how to handle \
         gracefully.",
    )
    .with_substatus(NEEDS_PLAN);
    error.additional_info = Some(plan.to_string());
    error
}

/// The `{"query", "parameters"}` body, parsed.
fn parse(ctx: &RequestContext) -> Result<(Query, Parameters), ApiError> {
    let body = ctx.json_object()?;
    let text = body
        .get("query")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::bad_request("The query body must have a 'query' string."))?;
    let query = cosmos_sql::parse(text).map_err(|e| syntax_error(&e))?;
    let params = match body.get("parameters") {
        None | Some(Value::Null) => Parameters::new(),
        Some(list) => {
            Parameters::from_json(list).map_err(|e| ApiError::bad_request(e.to_string()))?
        }
    };
    Ok((query, params))
}

/// A query the parser refused, in the service's shape: the message is the JSON text of an
/// `errors` list with the offending byte range, which the SDKs surface verbatim and tools
/// parse for the position. Our own wording (with line and column) is the inner message.
pub(crate) fn syntax_error(error: &cosmos_sql::ParseError) -> ApiError {
    let errors = serde_json::json!({
        "errors": [{
            "severity": "Error",
            "location": {"start": error.span.start, "end": error.span.end},
            "code": "SC1001",
            "message": error.to_string(),
        }]
    });
    ApiError::bad_request(format!("Message: {errors}"))
}

#[cfg(test)]
mod syntax_error_tests {
    use super::*;

    #[test]
    fn carries_the_position_as_the_service_does() {
        let parse_error = cosmos_sql::parse("SELECT * FROM c WHERE").unwrap_err();
        let message = syntax_error(&parse_error).message;
        let json: serde_json::Value =
            serde_json::from_str(message.split_once("Message: ").unwrap().1).unwrap();
        let error = &json["errors"][0];
        assert_eq!(error["location"]["start"], parse_error.span.start);
        assert_eq!(error["code"], "SC1001");
        assert!(error["message"].as_str().unwrap().contains("line 1"));
    }
}
