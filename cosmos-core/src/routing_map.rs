//! The per-container routing map: the container's partition key definition and its partition
//! key ranges, cached by container link.
//!
//! Cross-partition queries and change feeds take their ranges from here, and keyed reads use
//! it to send only the session token of the range that owns their key (as the Python SDK
//! does). Ranges are refreshed when a request answers 410 with substatus 1002 or 1007 (the
//! range split or is splitting); the definition never changes for a container, so it stays
//! until the container is deleted.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use cosmos_protocol::headers as h;
use cosmos_protocol::PartitionKeyDefinition;
use futures::future::BoxFuture;
use futures::FutureExt as _;
use http::Method;

use crate::error::{Error, Result};
use crate::pager::FeedBody;
use crate::pipeline::Pipeline;
use crate::request::Request;
use crate::resources::{ContainerProperties, PartitionKeyRange};

#[derive(Debug, Default, Clone)]
struct Entry {
    definition: Option<PartitionKeyDefinition>,
    /// Reading the container failed (e.g. a resource token that does not allow it): the
    /// optional uses of the definition are skipped instead of failing again on every request.
    definition_unavailable: bool,
    /// Range ids seen in session tokens that once sent the map to be read again; a second
    /// sight does not (they may belong to a range the service has retired since).
    refreshed_for: BTreeSet<String>,
    ranges: Option<Arc<Vec<PartitionKeyRange>>>,
}

#[derive(Debug, Default)]
pub(crate) struct RoutingMaps {
    entries: Mutex<HashMap<String, Entry>>,
}

fn key(container_link: &str) -> String {
    container_link.trim_matches('/').to_owned()
}

/// `dbs/d/colls/c` as path segments.
fn segments(container_link: &str) -> Vec<String> {
    key(container_link).split('/').map(str::to_owned).collect()
}

/// Whether an error says the addressed range is gone (split) or splitting.
pub(crate) fn is_split(err: &Error) -> bool {
    err.status() == Some(410) && matches!(err.sub_status(), Some(1002) | Some(1007))
}

impl RoutingMaps {
    fn with_map<R>(&self, f: impl FnOnce(&mut HashMap<String, Entry>) -> R) -> R {
        // Only cached copies of server state live here: a poisoned lock is simply taken over.
        let mut guard = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut guard)
    }

    /// The container's partition key ranges sorted by lower bound, read once and then cached.
    pub(crate) fn ranges<'a>(
        &'a self,
        pipeline: &'a Pipeline,
        container_link: &'a str,
    ) -> BoxFuture<'a, Result<Arc<Vec<PartitionKeyRange>>>> {
        async move {
            let cached = self.with_map(|m| m.get(&key(container_link))?.ranges.clone());
            match cached {
                Some(ranges) => Ok(ranges),
                None => self.refresh_ranges(pipeline, container_link).await,
            }
        }
        .boxed()
    }

    /// Reads the ranges again (after a split) and caches them.
    pub(crate) fn refresh_ranges<'a>(
        &'a self,
        pipeline: &'a Pipeline,
        container_link: &'a str,
    ) -> BoxFuture<'a, Result<Arc<Vec<PartitionKeyRange>>>> {
        async move {
            let mut path = segments(container_link);
            path.push("pkranges".into());
            let template = Request::new("read_partition_key_ranges", Method::GET, path);
            let mut ranges: Vec<PartitionKeyRange> = Vec::new();
            let mut continuation: Option<String> = None;
            loop {
                let mut request = template.clone();
                if let Some(token) = &continuation {
                    request.header(h::CONTINUATION, token)?;
                }
                let raw = pipeline.send(&request).boxed().await?;
                let page = raw.json::<FeedBody<PartitionKeyRange>>()?;
                let empty = page.as_ref().is_none_or(|p| p.items.is_empty());
                ranges.extend(page.map(|p| p.items).unwrap_or_default());
                let next = raw.headers.continuation().map(str::to_owned);
                // A token echoed with nothing in the page would loop forever.
                if next.is_none() || (empty && next == continuation) {
                    break;
                }
                continuation = next;
            }
            ranges.sort_by(|a, b| a.min_inclusive.cmp(&b.min_inclusive));
            let ranges = Arc::new(ranges);
            self.with_map(|m| {
                m.entry(key(container_link)).or_default().ranges = Some(ranges.clone());
            });
            Ok(ranges)
        }
        .boxed()
    }

    /// The container's partition key definition, read once and then cached.
    pub(crate) fn definition<'a>(
        &'a self,
        pipeline: &'a Pipeline,
        container_link: &'a str,
    ) -> BoxFuture<'a, Result<PartitionKeyDefinition>> {
        async move {
            let cached = self.with_map(|m| m.get(&key(container_link))?.definition.clone());
            if let Some(definition) = cached {
                return Ok(definition);
            }
            let request = Request::new("read_container", Method::GET, segments(container_link));
            let raw = pipeline.send(&request).boxed().await?;
            let properties: ContainerProperties = raw.json_required()?;
            let definition = properties.partition_key;
            self.with_map(|m| {
                m.entry(key(container_link)).or_default().definition = Some(definition.clone());
            });
            Ok(definition)
        }
        .boxed()
    }

    /// The definition when it can be had: for refinements (session tokens, prefix keys) that
    /// fall back to plain behaviour without it. A failure is remembered, not retried.
    pub(crate) async fn definition_if_available(
        &self,
        pipeline: &Pipeline,
        container_link: &str,
    ) -> Option<PartitionKeyDefinition> {
        if self.with_map(|m| {
            m.get(&key(container_link))
                .is_some_and(|e| e.definition_unavailable)
        }) {
            return None;
        }
        match self.definition(pipeline, container_link).await {
            Ok(definition) => Some(definition),
            Err(err) => {
                tracing::debug!(%err, container = container_link, "no partition key definition");
                self.with_map(|m| {
                    m.entry(key(container_link))
                        .or_default()
                        .definition_unavailable = true;
                });
                None
            }
        }
    }

    /// Whether any of `ids` (range ids the map does not know) is new, remembering them: the
    /// map is then worth reading again, once per id.
    pub(crate) fn first_sight_of(&self, container_link: &str, ids: &[String]) -> bool {
        if ids.is_empty() {
            return false;
        }
        self.with_map(|m| {
            let entry = m.entry(key(container_link)).or_default();
            let mut new = false;
            for id in ids {
                new |= entry.refreshed_for.insert(id.clone());
            }
            new
        })
    }

    /// Forgets a deleted (or recreated) container.
    pub(crate) fn forget(&self, container_link: &str) {
        self.with_map(|m| m.remove(&key(container_link)));
    }

    /// Forgets every container of a database.
    pub(crate) fn forget_database(&self, database_link: &str) {
        let prefix = format!("{}/", key(database_link));
        self.with_map(|m| m.retain(|k, _| !k.starts_with(&prefix)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_range_ids_trigger_one_refresh_each() {
        let maps = RoutingMaps::default();
        assert!(!maps.first_sight_of("dbs/d/colls/c", &[]));
        assert!(maps.first_sight_of("dbs/d/colls/c", &["2".into()]));
        assert!(!maps.first_sight_of("/dbs/d/colls/c/", &["2".into()]));
        assert!(maps.first_sight_of("dbs/d/colls/c", &["2".into(), "3".into()]));
        maps.forget("dbs/d/colls/c");
        assert!(maps.first_sight_of("dbs/d/colls/c", &["2".into()]));
    }
}
