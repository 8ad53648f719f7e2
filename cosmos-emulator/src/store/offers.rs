//! Offers: the provisioned throughput of a database or container.
//!
//! A database gets one when created with throughput (shared by its containers); a container
//! gets one when created with throughput, or the default 400 RU/s when its database shares
//! none. Throughput is enforced only when the emulator is built with `enforce_throughput`
//! (see `crate::throttle`).

use super::clock::{new_etag, now_ts};
use super::{read, write};
use crate::errors::ApiError;
use cosmos_protocol::rid;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::RwLock;

/// RU/s a container gets when neither it nor its database names any.
pub const DEFAULT_THROUGHPUT: u64 = 400;

/// What was asked for at creation or replace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Throughput {
    Manual(u64),
    Autoscale { max: u64 },
}

impl Throughput {
    /// The offer's `content`.
    pub fn content(self) -> Value {
        match self {
            Throughput::Manual(ru) => json!({
                "offerThroughput": ru,
                "offerIsRUPerMinuteThroughputEnabled": false,
            }),
            Throughput::Autoscale { max } => json!({
                "offerThroughput": max / 10,
                "offerIsRUPerMinuteThroughputEnabled": false,
                "offerAutopilotSettings": { "maxThroughput": max },
            }),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Offer {
    pub rid: String,
    /// The `_self` of the database or container.
    pub resource: String,
    pub resource_rid: String,
    pub content: Value,
    pub etag: String,
    pub ts: u64,
}

impl Offer {
    pub fn to_json(&self) -> Value {
        json!({
            "resource": self.resource,
            "offerType": "Invalid",
            "offerResourceId": self.resource_rid,
            "offerVersion": "V2",
            "content": self.content,
            "id": self.rid,
            "_rid": self.rid,
            "_self": format!("offers/{}/", self.rid),
            "_etag": self.etag,
            "_ts": self.ts,
        })
    }
}

#[derive(Debug, Default)]
pub struct Offers {
    offers: RwLock<Vec<Offer>>,
    next: AtomicU32,
}

impl Offers {
    pub fn create(&self, resource: String, resource_rid: String, throughput: Throughput) -> Offer {
        // Offer RIDs are short (3 bytes, 4 characters) like the service's.
        let n = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let ts = now_ts();
        let offer = Offer {
            rid: rid::encode(&n.to_le_bytes()[..3]),
            resource,
            resource_rid,
            content: throughput.content(),
            etag: new_etag(ts),
            ts,
        };
        write(&self.offers).push(offer.clone());
        offer
    }

    pub fn list(&self) -> Vec<Offer> {
        read(&self.offers).clone()
    }

    pub fn get(&self, rid: &str) -> Option<Offer> {
        read(&self.offers).iter().find(|o| o.rid == rid).cloned()
    }

    /// Whether a resource has its own offer.
    pub fn has(&self, resource_rid: &str) -> bool {
        read(&self.offers)
            .iter()
            .any(|o| o.resource_rid == resource_rid)
    }

    /// The RU/s a resource's own offer provisions: the manual throughput, or an autoscale
    /// offer's maximum (autoscale scales up to it at once).
    pub fn throughput_of(&self, resource_rid: &str) -> Option<u64> {
        let offers = read(&self.offers);
        let content = &offers
            .iter()
            .find(|o| o.resource_rid == resource_rid)?
            .content;
        content["offerAutopilotSettings"]["maxThroughput"]
            .as_u64()
            .or_else(|| content["offerThroughput"].as_u64())
    }

    /// Replaces an offer's content; 404 if unknown, 412 on an etag mismatch.
    pub fn replace(
        &self,
        rid: &str,
        throughput: Throughput,
        if_match: Option<&str>,
    ) -> Result<Offer, ApiError> {
        let mut offers = write(&self.offers);
        let offer = offers
            .iter_mut()
            .find(|o| o.rid == rid)
            .ok_or_else(ApiError::resource_not_found)?;
        if !super::collection::etag_matches(if_match, &offer.etag) {
            return Err(ApiError::precondition_failed());
        }
        offer.ts = now_ts();
        offer.etag = new_etag(offer.ts);
        offer.content = throughput.content();
        Ok(offer.clone())
    }

    /// Drops the offers of the given resources.
    pub fn remove_under(&self, resource_rids: &[String]) {
        write(&self.offers).retain(|o| !resource_rids.contains(&o.resource_rid));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_replace_remove() {
        let offers = Offers::default();
        let a = offers.create("dbs/x/".into(), "x".into(), Throughput::Manual(400));
        assert_eq!(a.rid.len(), 4);
        assert!(offers.has("x"));
        assert_eq!(a.to_json()["content"]["offerThroughput"], 400);
        let b = offers
            .replace(&a.rid, Throughput::Autoscale { max: 4000 }, Some(&a.etag))
            .unwrap();
        assert_eq!(b.content["offerAutopilotSettings"]["maxThroughput"], 4000);
        assert_eq!(offers.throughput_of("x"), Some(4000));
        assert_eq!(offers.throughput_of("y"), None);
        assert!(offers
            .replace(&a.rid, Throughput::Manual(500), Some(&a.etag))
            .is_err());
        offers.remove_under(&["x".into()]);
        assert!(offers.list().is_empty());
    }
}
