//! Opt-in throughput enforcement (`EmulatorBuilder::enforce_throughput`): 429/3200 when a
//! physical partition has spent its request units for the moment.
//!
//! The service gives every physical partition an equal share of its container's RU/s (or,
//! for a database with shared throughput, of the database's RU/s over all the physical
//! partitions of its containers) and refills it continuously. Each (container, range) here
//! has a token bucket holding at most one second of its share.
//!
//! A request's charge is only known once it ran, but a throttled request must change nothing,
//! so admission uses an estimate made from the request alone (operation and body size): the
//! request is admitted when the bucket holds that estimate, capped at one second's budget so
//! a request bigger than a partition's RU/s can still run (the service lets it overdraw). The
//! actual charge is settled afterwards, so an underestimated request leaves the partition in
//! debt and the requests after it wait longer, as on the service.
//!
//! Refused requests are served in turn rather than by luck: a refusal reserves the request's
//! charge (the partition goes into debt) and its retry hint is when that debt is repaid, so a
//! crowd of throttled clients is told to come back one after another. The retry is recognised
//! by its fingerprint (method, path, routing headers, body: what an SDK resends unchanged) and
//! admitted without paying twice. Without this, new requests keep taking the budget that
//! accrues while the throttled ones wait, and SDKs that give up after 9 retries fail.

use crate::app::AppState;
use crate::charge;
use crate::path::ResourcePath;
use crate::request::RequestContext;
use crate::routes::queries;
use crate::store::offers::DEFAULT_THROUGHPUT;
use crate::store::{lock, Collection};
use cosmos_protocol::epk::{effective_partition_key, EpkTarget};
use cosmos_protocol::headers;
use http::Method;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A retry may arrive this much before its hint (clients round it) and still be admitted.
const EARLY_RETRY: Duration = Duration::from_millis(5);
/// Reservations are forgotten this long after they fell due (the client gave up).
const RESERVATION_HORIZON: Duration = Duration::from_secs(60);
/// Refusals beyond this much debt are not reserved (SDKs stop waiting after about 30 s).
const MAX_RESERVED_WAIT: f64 = 30.0;

/// The RU buckets of every (container RID, partition key range id) that was charged, and the
/// reservations of refused requests.
#[derive(Debug, Default)]
pub struct Throttle {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    buckets: HashMap<(String, String), Bucket>,
    /// By request fingerprint: when the reserved retry may run.
    reservations: HashMap<u64, Instant>,
}

#[derive(Debug)]
struct Bucket {
    /// RUs left; negative while in debt.
    available: f64,
    at: Instant,
}

impl Bucket {
    /// Adds what accrued since the last use, up to one second's worth.
    fn refill(&mut self, rate: f64, now: Instant) {
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        self.available = (self.available + elapsed * rate).min(rate);
        self.at = now;
    }
}

/// One partition's part of a request: its bucket, its RU/s and the RUs charged to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Share {
    key: (String, String),
    rate: f64,
    ru: f64,
}

/// A request as the throttle sees it: its shares and its fingerprint.
#[derive(Debug, Clone, PartialEq)]
pub struct Admission {
    shares: Vec<Share>,
    fingerprint: u64,
}

impl Throttle {
    /// Admits a request, debiting every partition it reaches, or refuses it with the time
    /// after which its retry will be admitted.
    pub fn admit(&self, request: &Admission, now: Instant) -> Result<(), Duration> {
        let mut state = lock(&self.state);
        let State {
            buckets,
            reservations,
        } = &mut *state;
        reservations.retain(|_, due| *due + RESERVATION_HORIZON > now);
        if let Some(&due) = reservations.get(&request.fingerprint) {
            if now + EARLY_RETRY >= due {
                // Paid for when it was refused.
                reservations.remove(&request.fingerprint);
                return Ok(());
            }
            return Err(due - now);
        }
        let mut short = false;
        for share in &request.shares {
            let bucket = buckets.entry(share.key.clone()).or_insert(Bucket {
                available: share.rate,
                at: now,
            });
            bucket.refill(share.rate, now);
            // Capped at a second's budget: a request bigger than that runs once the bucket is
            // full, and overdraws it.
            short |= bucket.available < share.ru.min(share.rate);
        }
        let mut wait = 0.0f64;
        for share in &request.shares {
            if let Some(bucket) = buckets.get_mut(&share.key) {
                bucket.available -= share.ru;
                wait = wait.max(-bucket.available / share.rate);
            }
        }
        if !short {
            return Ok(());
        }
        if wait > MAX_RESERVED_WAIT {
            for share in &request.shares {
                if let Some(bucket) = buckets.get_mut(&share.key) {
                    bucket.available += share.ru;
                }
            }
        } else {
            reservations.insert(
                request.fingerprint,
                now + Duration::from_secs_f64(wait.max(0.0)),
            );
        }
        Err(Duration::from_secs_f64(wait.max(0.001)))
    }

    /// Debits (or refunds) the difference between the actual charge and the estimate the
    /// request was admitted with, in proportion to each share.
    pub fn settle(&self, request: &Admission, actual: f64) {
        let estimate: f64 = request.shares.iter().map(|s| s.ru).sum();
        if estimate <= 0.0 {
            return;
        }
        let mut state = lock(&self.state);
        for share in &request.shares {
            if let Some(bucket) = state.buckets.get_mut(&share.key) {
                bucket.available -= (actual - estimate) * share.ru / estimate;
            }
        }
    }
}

/// What identifies a retry of the same request: everything an SDK resends unchanged (the
/// signature and date change on every attempt).
fn fingerprint(ctx: &RequestContext, path: &ResourcePath) -> u64 {
    let mut hasher = DefaultHasher::new();
    ctx.method.as_str().hash(&mut hasher);
    format!("{path:?}").hash(&mut hasher);
    for name in [
        headers::PARTITION_KEY,
        headers::PARTITION_KEY_RANGE_ID,
        headers::CONTINUATION,
        headers::IF_NONE_MATCH,
        headers::IF_MATCH,
    ] {
        ctx.header(name).ok().flatten().hash(&mut hasher);
    }
    ctx.body.hash(&mut hasher);
    hasher.finish()
}

/// The partitions a data-plane request is charged to and its estimated charge on each, or
/// `None` for requests that are not throttled (metadata, query plans) or that will fail
/// before reaching a partition (unknown container, malformed headers: the route reports it).
pub fn admission(state: &AppState, ctx: &RequestContext, path: &ResourcePath) -> Option<Admission> {
    let (db, coll, estimate) = match path {
        ResourcePath::Documents { db, coll } => (db, coll, collection_estimate(ctx)?),
        ResourcePath::Document { db, coll, .. } => (db, coll, document_estimate(ctx)),
        ResourcePath::PartitionKeyDelete { db, coll } => (db, coll, charge::delete(0)),
        _ => return None,
    };
    let database = state.store.database(db)?;
    let coll = database.collection(coll)?;
    let rate = partition_rate(state, &database, &coll);
    let ranges = target_ranges(ctx, &coll)?;
    let ru = estimate / ranges.len().max(1) as f64;
    let shares = ranges
        .into_iter()
        .map(|range| Share {
            key: (coll.rid.clone(), range),
            rate,
            ru,
        })
        .collect();
    Some(Admission {
        shares,
        fingerprint: fingerprint(ctx, path),
    })
}

/// The estimate of a feed, change feed, query, batch or write on `…/docs`.
fn collection_estimate(ctx: &RequestContext) -> Option<f64> {
    if ctx.method == Method::GET {
        return Some(charge::feed(0, 0));
    }
    // Query plans are answered by the gateway itself and use no partition's throughput.
    if queries::is_plan_request(ctx).ok()? {
        return None;
    }
    if queries::is_query(ctx).ok()? {
        return Some(charge::query(0, 0));
    }
    Some(charge::create(ctx.body.len()))
}

fn document_estimate(ctx: &RequestContext) -> f64 {
    match ctx.method {
        Method::PUT | Method::PATCH => charge::replace(ctx.body.len()),
        Method::DELETE => charge::delete(0),
        _ => charge::point_read(0),
    }
}

/// RU/s of each physical partition of `coll`: its own offer spread over its partitions, or
/// its database's shared offer spread over every partition of the database's containers.
fn partition_rate(state: &AppState, database: &crate::store::Database, coll: &Collection) -> f64 {
    let offers = &state.store.offers;
    let (total, partitions) = match offers.throughput_of(&coll.rid) {
        Some(ru) => (ru, coll.partition_count()),
        None => match offers.throughput_of(&database.rid) {
            Some(ru) => (
                ru,
                database
                    .collections()
                    .iter()
                    .map(|c| c.partition_count())
                    .sum(),
            ),
            None => (DEFAULT_THROUGHPUT, coll.partition_count()),
        },
    };
    total as f64 / partitions.max(1) as f64
}

/// The range ids a request reaches: the owner of its partition key, the range it names, or
/// (a fan-out over the container) all of them.
fn target_ranges(ctx: &RequestContext, coll: &Collection) -> Option<Vec<String>> {
    if let Some(key) = ctx.partition_key().ok()? {
        return Some(
            match effective_partition_key(&coll.definition, &key).ok()? {
                EpkTarget::Point(epk) => vec![coll.range_id_of(&epk.0)],
                EpkTarget::Range(range) => coll.range_ids_overlapping(&range),
            },
        );
    }
    if let Some(id) = ctx.header(headers::PARTITION_KEY_RANGE_ID).ok()? {
        let id = id.split(',').next().unwrap_or("").trim();
        return coll
            .range_ids()
            .into_iter()
            .find(|r| r == id)
            .map(|r| vec![r]);
    }
    Some(coll.range_ids())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(n: u64, shares: &[(&str, f64)]) -> Admission {
        Admission {
            shares: shares
                .iter()
                .map(|&(range, ru)| Share {
                    key: ("c".into(), range.into()),
                    rate: 100.0,
                    ru,
                })
                .collect(),
            fingerprint: n,
        }
    }

    #[test]
    fn budget_is_spent_then_refused_requests_come_back_in_turn() {
        let throttle = Throttle::default();
        let start = Instant::now();
        assert!(throttle.admit(&request(1, &[("0", 40.0)]), start).is_ok());
        assert!(throttle.admit(&request(2, &[("0", 40.0)]), start).is_ok());
        // 20 RU left, 40 needed at 100 RU/s: 200 ms; the next refusal queues behind it.
        let first = throttle
            .admit(&request(3, &[("0", 40.0)]), start)
            .unwrap_err();
        assert_eq!(first.as_millis(), 200);
        let second = throttle
            .admit(&request(4, &[("0", 40.0)]), start)
            .unwrap_err();
        assert_eq!(second.as_millis(), 600);
        // Coming back early is refused again with the rest of the wait.
        let early = throttle.admit(&request(4, &[("0", 40.0)]), start + first);
        assert_eq!(early.unwrap_err(), second - first);
        // A newcomer cannot take the budget reserved for the retries.
        assert!(throttle
            .admit(&request(5, &[("0", 1.0)]), start + first)
            .is_err());
        assert!(throttle
            .admit(&request(3, &[("0", 40.0)]), start + first)
            .is_ok());
        assert!(throttle
            .admit(&request(4, &[("0", 40.0)]), start + second)
            .is_ok());
        // Another partition has its own budget.
        assert!(throttle.admit(&request(6, &[("1", 40.0)]), start).is_ok());
    }

    #[test]
    fn oversized_requests_run_when_the_bucket_is_full() {
        let throttle = Throttle::default();
        let now = Instant::now();
        assert!(throttle.admit(&request(1, &[("2", 500.0)]), now).is_ok());
        let wait = throttle.admit(&request(2, &[("2", 1.0)]), now).unwrap_err();
        assert_eq!(wait.as_millis(), 4010);
        assert!(throttle
            .admit(&request(2, &[("2", 1.0)]), now + wait)
            .is_ok());
    }

    #[test]
    fn a_request_over_several_partitions_needs_all_of_them() {
        let throttle = Throttle::default();
        let now = Instant::now();
        assert!(throttle.admit(&request(1, &[("1", 90.0)]), now).is_ok());
        let both = request(2, &[("0", 60.0), ("1", 60.0)]);
        let wait = throttle.admit(&both, now).unwrap_err();
        assert_eq!(wait.as_millis(), 500);
        assert!(throttle.admit(&both, now + wait).is_ok());
    }

    #[test]
    fn settling_charges_the_difference() {
        let throttle = Throttle::default();
        let now = Instant::now();
        let read = request(1, &[("0", 10.0)]);
        throttle.admit(&read, now).unwrap();
        // The request really cost 95: 5 of 100 remain, too few for 6 (which then reserves
        // its 6, leaving too few for anything).
        throttle.settle(&read, 95.0);
        assert!(throttle.admit(&request(2, &[("0", 6.0)]), now).is_err());
        assert!(throttle.admit(&request(3, &[("0", 5.0)]), now).is_err());
    }
}
