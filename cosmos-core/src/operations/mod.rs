//! Operation builders, one file per operation.
//!
//! Every operation is a `#[must_use]` builder returned by a client method. Optional settings
//! are chained on it, and awaiting it (through `IntoFuture`) sends the request:
//!
//! ```text
//! let created = container.create_item(pk, &order).if_none_match("*").await?;
//! let item: Order = container.read_item("id", pk).await?.into_value();
//! ```

mod create_container;
mod create_database;
mod create_item;
mod delete_item;
mod delete_resource;
mod execute_batch;
mod execute_stored_procedure;
mod patch_item;
mod read_item;
mod read_resource;
mod replace_container;
mod replace_item;
mod throughput;
mod write_resource;

pub use create_container::CreateContainer;
pub use create_database::CreateDatabase;
pub use create_item::CreateItem;
pub(crate) use create_item::WriteMode;
pub use delete_item::DeleteItem;
pub use delete_resource::DeleteResource;
pub(crate) use delete_resource::SessionScope;
pub use execute_batch::ExecuteBatch;
pub use execute_stored_procedure::ExecuteStoredProcedure;
pub use patch_item::PatchItem;
pub use read_item::ReadItem;
pub use read_resource::ReadResource;
pub use replace_container::ReplaceContainer;
pub use replace_item::ReplaceItem;
pub use throughput::{ReadThroughput, ReplaceThroughput};
pub use write_resource::WriteResource;

use cosmos_protocol::headers as h;

use crate::error::Result;
use crate::options::ConsistencyLevel;
use crate::request::Request;

/// Settings shared by the operation builders; each builder exposes the ones that apply.
#[derive(Debug, Clone, Default)]
pub(crate) struct RequestOptions {
    pub(crate) consistency_level: Option<ConsistencyLevel>,
    pub(crate) session_token: Option<String>,
    pub(crate) if_match: Option<String>,
    pub(crate) if_none_match: Option<String>,
    /// `Prefer: return=minimal`: the service answers writes without the resource.
    pub(crate) minimal_response: bool,
    /// Triggers to run before and after an item write.
    pub(crate) pre_triggers: Vec<String>,
    pub(crate) post_triggers: Vec<String>,
}

impl RequestOptions {
    pub(crate) fn apply(&self, request: &mut Request) -> Result<()> {
        if let Some(level) = self.consistency_level {
            request.consistency_level = Some(level);
        }
        if let Some(token) = &self.session_token {
            request.session_token = Some(token.clone());
        }
        if let Some(etag) = &self.if_match {
            request.header(h::IF_MATCH, etag)?;
        }
        if let Some(etag) = &self.if_none_match {
            request.header(h::IF_NONE_MATCH, etag)?;
        }
        if self.minimal_response {
            request.header(h::PREFER, "return=minimal")?;
        }
        crate::scripts::apply_triggers(request, &self.pre_triggers, &self.post_triggers)
    }
}

/// Setters for the options every builder has.
/// The `*_if_not_exists` flow shared by databases and containers: read first (cheap and the
/// usual case), create on 404, and on a 409 (another client won the race) read the winner's.
pub(crate) async fn read_or_create<T, R, C>(
    read: impl Fn() -> R,
    create: impl FnOnce() -> C,
) -> crate::error::Result<T>
where
    R: std::future::Future<Output = crate::error::Result<T>>,
    C: std::future::Future<Output = crate::error::Result<T>>,
{
    match read().await {
        Err(e) if e.is_not_found() => match create().await {
            Err(e) if e.is_conflict() => read().await,
            other => other,
        },
        other => other,
    }
}

macro_rules! common_setters {
    () => {
        /// Overrides the client's consistency level for this request.
        pub fn consistency_level(mut self, level: $crate::options::ConsistencyLevel) -> Self {
            self.options.consistency_level = Some(level);
            self
        }

        /// Sends this session token instead of the one the client tracked.
        pub fn session_token(mut self, token: impl Into<String>) -> Self {
            self.options.session_token = Some(token.into());
            self
        }
    };
}

/// `if_match` for builders that replace or delete.
macro_rules! if_match_setter {
    () => {
        /// Applies the write only if the resource's etag is still `etag`; otherwise the
        /// operation fails with 412 ([`Error::is_precondition_failed`](crate::Error::is_precondition_failed)).
        pub fn if_match(mut self, etag: impl Into<String>) -> Self {
            self.options.if_match = Some(etag.into());
            self
        }
    };
}

/// `minimal_response` for builders that write items.
macro_rules! minimal_response_setter {
    () => {
        /// Sends `Prefer: return=minimal`: the response carries headers but no item, which
        /// saves bandwidth. The response's value is then `None`.
        pub fn minimal_response(mut self) -> Self {
            self.options.minimal_response = true;
            self
        }
    };
}

/// `pre_trigger` / `post_trigger` for builders that write items.
macro_rules! trigger_setters {
    () => {
        /// Runs the pre-trigger `id` before the write, in the same transaction.
        pub fn pre_trigger(mut self, id: impl Into<String>) -> Self {
            self.options.pre_triggers.push(id.into());
            self
        }

        /// Runs the post-trigger `id` after the write, in the same transaction.
        pub fn post_trigger(mut self, id: impl Into<String>) -> Self {
            self.options.post_triggers.push(id.into());
            self
        }
    };
}

pub(crate) use {common_setters, if_match_setter, minimal_response_setter, trigger_setters};
