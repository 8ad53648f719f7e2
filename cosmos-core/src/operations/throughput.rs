//! `read_throughput` and `replace_throughput` of a database or container, through its offer.

use std::future::IntoFuture;
use std::sync::Arc;

use futures::future::BoxFuture;
use futures::TryStreamExt as _;
use http::Method;

use super::{common_setters, RequestOptions};
use crate::client::query_request;
use crate::error::{Error, ErrorKind, Result};
use crate::pager::Pager;
use crate::pipeline::Pipeline;
use crate::query::Query;
use crate::request::{check_path_id, Request};
use crate::resources::{OfferProperties, SystemProperties, ThroughputProperties};
use crate::response::Response;

/// Finds the offer of the resource read by `resource_request`: read the resource for its
/// `_self`, then query the offers feed for the offer whose `resource` is that link.
async fn find_offer(
    pipeline: &Arc<Pipeline>,
    resource_request: &Request,
    options: &RequestOptions,
) -> Result<Response<OfferProperties>> {
    let mut read = resource_request.clone();
    options.apply(&mut read)?;
    let resource: SystemProperties = pipeline.send(&read).await?.json_required()?;
    let self_link = resource.self_link.ok_or_else(|| {
        Error::from(ErrorKind::Serialization {
            message: "the resource has no _self link to look its offer up by".into(),
        })
    })?;
    let query = Query::new("SELECT * FROM root r WHERE r.resource = @link")
        .with_parameter("link", self_link.clone());
    let request = query_request("query_offers", vec!["offers".into()], &query)?;
    let mut pages = Pager::<OfferProperties>::new(pipeline.clone(), Ok(request)).into_pages();
    while let Some(page) = pages.try_next().await? {
        let headers = page.headers().clone();
        let diagnostics = page.diagnostics().clone();
        if let Some(offer) = page.into_items().into_iter().next() {
            return Ok(Response::new(offer, 200, headers, diagnostics));
        }
    }
    Err(ErrorKind::Service {
        status: 404,
        sub_status: None,
        code: "NotFound".into(),
        message: format!("no throughput is provisioned on '{self_link}'"),
    }
    .into())
}

/// Reads the throughput provisioned on a database or container. Await it to send the
/// requests; a resource without its own throughput fails with 404.
#[must_use = "operations do nothing until awaited"]
pub struct ReadThroughput<'a> {
    pipeline: &'a Arc<Pipeline>,
    resource_request: Result<Request>,
    options: RequestOptions,
}

impl<'a> ReadThroughput<'a> {
    pub(crate) fn new(pipeline: &'a Arc<Pipeline>, resource_request: Result<Request>) -> Self {
        Self {
            pipeline,
            resource_request,
            options: RequestOptions::default(),
        }
    }

    common_setters!();
}

impl<'a> IntoFuture for ReadThroughput<'a> {
    type Output = Result<Response<OfferProperties>>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(
            async move { find_offer(self.pipeline, &self.resource_request?, &self.options).await },
        )
    }
}

/// Changes the throughput of a database or container (manual RU/s or autoscale maximum).
/// Await it to send the requests.
#[must_use = "operations do nothing until awaited"]
pub struct ReplaceThroughput<'a> {
    pipeline: &'a Arc<Pipeline>,
    resource_request: Result<Request>,
    throughput: ThroughputProperties,
    options: RequestOptions,
}

impl<'a> ReplaceThroughput<'a> {
    pub(crate) fn new(
        pipeline: &'a Arc<Pipeline>,
        resource_request: Result<Request>,
        throughput: ThroughputProperties,
    ) -> Self {
        Self {
            pipeline,
            resource_request,
            throughput,
            options: RequestOptions::default(),
        }
    }

    common_setters!();
}

impl<'a> IntoFuture for ReplaceThroughput<'a> {
    type Output = Result<Response<OfferProperties>>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let found = find_offer(self.pipeline, &self.resource_request?, &self.options).await?;
            let mut offer = found.into_value();
            offer.set_throughput(self.throughput);
            let rid = offer.system.rid.clone().unwrap_or_else(|| offer.id.clone());
            check_path_id("offer", &rid)?;
            let mut request = Request::new(
                "replace_throughput",
                Method::PUT,
                vec!["offers".into(), rid],
            );
            request.rid_based = true;
            request.json_body(&offer)?;
            let raw = self.pipeline.send(&request).await?;
            let value = raw.json_required()?;
            Ok(raw.into_response(value))
        })
    }
}
