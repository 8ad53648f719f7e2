//! Session consistency bookkeeping: the latest session token seen per container and partition
//! key range, so reads observe the client's own writes.
//!
//! Tokens are keyed by the container's name path (`dbs/d/colls/c`): the path the request
//! addressed, or else the response's `x-ms-alt-content-path`. Each container keeps a
//! [`CompoundSessionToken`] (one vector per partition key range), merged part by part so a
//! token never moves backwards even when responses arrive out of order.
//!
//! A name can outlive the container behind it (deleted and recreated by another client, or an
//! emulator restarted): its LSNs start over, and old tokens would make every read wait for a
//! session the new container never had (404/1002). So each entry also remembers the container
//! RID (`x-ms-content-path`) its tokens came from, and a response from a different RID
//! replaces the tokens instead of merging into them, as the Python SDK does by keying on RIDs.

use std::collections::HashMap;
use std::sync::Mutex;

use cosmos_protocol::session::CompoundSessionToken;

use crate::resources::PartitionKeyRange;

#[derive(Debug, Default)]
pub(crate) struct SessionContainer {
    tokens: Mutex<HashMap<String, Tracked>>,
}

/// The tokens of one container name and the RID they were issued by.
#[derive(Debug, Default)]
struct Tracked {
    rid: Option<String>,
    token: CompoundSessionToken,
}

impl std::ops::Deref for Tracked {
    type Target = CompoundSessionToken;

    fn deref(&self) -> &CompoundSessionToken {
        &self.token
    }
}

fn key(container_link: &str) -> String {
    container_link.trim_matches('/').to_owned()
}

impl SessionContainer {
    fn with_map<R>(&self, f: impl FnOnce(&mut HashMap<String, Tracked>) -> R) -> R {
        // A panic elsewhere while holding the lock cannot corrupt a map of tokens, so a
        // poisoned lock is simply taken over.
        let mut guard = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut guard)
    }

    /// Merges the `x-ms-session-token` of a response. A malformed token is ignored (and
    /// logged): it would only weaken consistency, never break a request.
    /// `rid` is the container RID of the response (`x-ms-content-path`), when it has one.
    pub(crate) fn record(&self, container_link: &str, header: &str, rid: Option<&str>) {
        match CompoundSessionToken::parse(header) {
            Ok(token) if !token.is_empty() => self.with_map(|map| {
                let tracked = map.entry(key(container_link)).or_default();
                if let Some(rid) = rid {
                    if tracked.rid.as_deref() != Some(rid) {
                        // A different container now answers to this name: start over.
                        if tracked.rid.is_some() {
                            tracked.token = CompoundSessionToken::default();
                        }
                        tracked.rid = Some(rid.to_owned());
                    }
                }
                tracked.token.merge(&token);
            }),
            Ok(_) => {}
            Err(err) => {
                tracing::debug!(%err, container = container_link, "ignoring malformed session token")
            }
        }
    }

    /// The compound token to send with a read of the container.
    pub(crate) fn token_for(&self, container_link: &str) -> Option<String> {
        self.with_map(|map| {
            map.get(&key(container_link))
                .filter(|t| !t.is_empty())
                .map(|t| t.token.to_string())
        })
    }

    /// How many partition key ranges the container's token has vectors for.
    pub(crate) fn range_count(&self, container_link: &str) -> usize {
        self.with_map(|map| map.get(&key(container_link)).map_or(0, |t| t.0.len()))
    }

    /// The range ids the container's token has vectors for.
    pub(crate) fn range_ids(&self, container_link: &str) -> Vec<String> {
        self.with_map(|map| {
            map.get(&key(container_link))
                .map(|t| t.0.keys().cloned().collect())
                .unwrap_or_default()
        })
    }

    /// The token for requests that reach only `ranges` (a keyed read): each range's own
    /// vector, or, for a range born of a split, that of its nearest parent with one. `None`
    /// when none of them has been seen yet.
    pub(crate) fn token_for_ranges(
        &self,
        container_link: &str,
        ranges: &[&PartitionKeyRange],
    ) -> Option<String> {
        self.with_map(|map| {
            let tracked = map.get(&key(container_link))?;
            let mut out = CompoundSessionToken::default();
            for range in ranges {
                // A parent's vector is sent under the child's id: the child continues the
                // parent's LSNs.
                let mut own = std::iter::once(&range.id).chain(range.parents.iter().rev());
                if let Some(token) = own.find_map(|id| tracked.get(id)) {
                    out.merge_range(&range.id, token);
                }
            }
            (!out.is_empty()).then(|| out.to_string())
        })
    }

    /// Forgets a container (deleted or recreated: its LSNs start over).
    pub(crate) fn forget(&self, container_link: &str) {
        self.with_map(|map| map.remove(&key(container_link)));
    }

    /// Forgets every container of a database.
    pub(crate) fn forget_database(&self, database_link: &str) {
        let prefix = format!("{}/", key(database_link));
        self.with_map(|map| map.retain(|k, _| !k.starts_with(&prefix)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_per_container_and_range() {
        let s = SessionContainer::default();
        s.record("dbs/d/colls/a", "0:-1#5", None);
        s.record("/dbs/d/colls/a/", "0:-1#3", None);
        s.record("dbs/d/colls/a", "1:-1#7", None);
        s.record("dbs/d/colls/b", "0:-1#1", None);
        assert_eq!(
            s.token_for("dbs/d/colls/a").as_deref(),
            Some("0:-1#5,1:-1#7")
        );
        assert_eq!(s.token_for("dbs/d/colls/b").as_deref(), Some("0:-1#1"));
        assert_eq!(s.token_for("dbs/d/colls/c"), None);
    }

    #[test]
    fn keyed_reads_get_their_range_or_its_parent() {
        let range = |id: &str, parents: &[&str]| -> PartitionKeyRange {
            serde_json::from_value(serde_json::json!({
                "id": id, "minInclusive": "", "maxExclusive": "FF", "parents": parents
            }))
            .unwrap()
        };
        let s = SessionContainer::default();
        s.record("dbs/d/colls/a", "0:-1#5,1:-1#7", None);
        assert_eq!(s.range_count("dbs/d/colls/a"), 2);
        assert_eq!(s.range_ids("dbs/d/colls/a"), ["0", "1"]);
        let one = range("1", &[]);
        assert_eq!(
            s.token_for_ranges("dbs/d/colls/a", &[&one]).as_deref(),
            Some("1:-1#7")
        );
        let child = range("3", &["0"]);
        assert_eq!(
            s.token_for_ranges("dbs/d/colls/a", &[&child, &one])
                .as_deref(),
            Some("1:-1#7,3:-1#5")
        );
        assert_eq!(
            s.token_for_ranges("dbs/d/colls/a", &[&range("9", &[])]),
            None
        );
        assert_eq!(s.token_for_ranges("dbs/d/colls/b", &[&one]), None);
    }

    #[test]
    fn ignores_malformed_tokens() {
        let s = SessionContainer::default();
        s.record("dbs/d/colls/a", "0:-1#5", None);
        s.record("dbs/d/colls/a", "garbage", None);
        s.record("dbs/d/colls/a", "0:5", None);
        s.record("dbs/d/colls/a", "", None);
        assert_eq!(s.token_for("dbs/d/colls/a").as_deref(), Some("0:-1#5"));
    }

    #[test]
    fn a_recreated_container_starts_a_new_session() {
        let s = SessionContainer::default();
        s.record("dbs/d/colls/a", "0:-1#50", Some("rid-old"));
        s.record("dbs/d/colls/a", "0:-1#40", Some("rid-old"));
        assert_eq!(s.token_for("dbs/d/colls/a").as_deref(), Some("0:-1#50"));
        // Same name, new container: its LSNs start over and the old maxima must not stick.
        s.record("dbs/d/colls/a", "0:-1#2", Some("rid-new"));
        assert_eq!(s.token_for("dbs/d/colls/a").as_deref(), Some("0:-1#2"));
        // Responses without a RID merge into whatever is tracked.
        s.record("dbs/d/colls/a", "0:-1#3", None);
        assert_eq!(s.token_for("dbs/d/colls/a").as_deref(), Some("0:-1#3"));
    }

    #[test]
    fn forgets_containers_and_databases() {
        let s = SessionContainer::default();
        s.record("dbs/d/colls/a", "0:-1#5", None);
        s.record("dbs/d/colls/b", "0:-1#5", None);
        s.record("dbs/dd/colls/a", "0:-1#5", None);
        s.forget("dbs/d/colls/a");
        assert_eq!(s.token_for("dbs/d/colls/a"), None);
        s.forget_database("dbs/d");
        assert_eq!(s.token_for("dbs/d/colls/b"), None);
        assert!(s.token_for("dbs/dd/colls/a").is_some());
    }
}
