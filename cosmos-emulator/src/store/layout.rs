//! How a new container's hash ring is split across its physical partitions.
//!
//! The ring runs from `""` to `"FF"`, but hashes do not use all of it: V2 (and MultiHash)
//! keys clear the top two bits, so they fall in `[00…, 40…)`, and V1 keys all start with the
//! order-preserving encoding of a 32-bit hash (`05C1…`). Splitting `""..FF` evenly would put
//! every item in the first partition, so the split is made in each version's hash space, as
//! the service does when it creates a container with several partitions.

use cosmos_protocol::epk::{MAX_EPK, MIN_EPK};
use cosmos_protocol::{EpkRange, PartitionKeyDefinition, PartitionKeyKind};
use std::fmt::Write as _;

/// `count` contiguous ranges covering the whole ring, split evenly in the definition's hash
/// space. `count` must be at least 1.
pub fn split_ring(definition: &PartitionKeyDefinition, count: usize) -> Vec<EpkRange> {
    let count = count.max(1);
    let v1 = definition.kind != PartitionKeyKind::MultiHash && definition.effective_version() == 1;
    let boundary = |i: usize| -> String {
        if v1 {
            // i/count of the 32-bit hash space, encoded as the V1 key prefix of that hash.
            let hash = ((i as u64) << 32) / count as u64;
            v1_number_prefix(hash as f64)
        } else {
            // i/count of the 126 bits a V2 hash keeps.
            let point = (1u128 << 126) / count as u128 * i as u128;
            format!("{point:032X}")
        }
    };
    (0..count)
        .map(|i| {
            let min = if i == 0 {
                MIN_EPK.to_owned()
            } else {
                boundary(i)
            };
            let max = if i + 1 == count {
                MAX_EPK.to_owned()
            } else {
                boundary(i + 1)
            };
            EpkRange::new(min, max)
        })
        .collect()
}

/// The hex of the V1 number encoding (marker `05`, then the sign-flipped IEEE bits written
/// 8 bits and then 7 bits per byte with a continuation bit). V1 keys start with this encoding
/// of their hash, and the encoding is order-preserving and prefix-free, so it is a valid range
/// boundary. `cosmos_protocol` keeps its encoder private; this mirrors it for boundaries only.
fn v1_number_prefix(value: f64) -> String {
    let mut out = vec![0x05u8];
    let bits = value.to_bits();
    let mut payload = if value >= 0.0 {
        bits ^ (1 << 63)
    } else {
        bits.wrapping_neg()
    };
    out.push((payload >> 56) as u8);
    payload <<= 8;
    let mut pending = ((payload >> 56) as u8) | 0x01;
    payload <<= 7;
    while payload != 0 {
        out.push(pending);
        pending = ((payload >> 56) as u8) | 0x01;
        payload <<= 7;
    }
    out.push(pending & 0xFE);
    out.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02X}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmos_protocol::epk::{effective_partition_key, EpkTarget};
    use cosmos_protocol::PartitionKey;

    fn spread(definition: &PartitionKeyDefinition, count: usize) -> Vec<usize> {
        let ranges = split_ring(definition, count);
        let mut hits = vec![0; count];
        for i in 0..2000 {
            let key = if i % 2 == 0 {
                PartitionKey::from(format!("key-{i}"))
            } else {
                PartitionKey::from(i)
            };
            let key = if definition.kind == PartitionKeyKind::MultiHash {
                PartitionKey::hierarchical([format!("t{i}"), format!("u{i}")])
            } else {
                key
            };
            let EpkTarget::Point(epk) = effective_partition_key(definition, &key).unwrap() else {
                panic!("full keys hash to points");
            };
            let owners: Vec<usize> = (0..count)
                .filter(|&p| ranges[p].contains(epk.as_str()))
                .collect();
            assert_eq!(owners.len(), 1, "{epk:?} must have exactly one owner");
            hits[owners[0]] += 1;
        }
        hits
    }

    #[test]
    fn single_partition_is_the_whole_ring() {
        let ranges = split_ring(&PartitionKeyDefinition::new("/pk"), 1);
        assert_eq!(ranges, vec![EpkRange::full()]);
    }

    #[test]
    fn ranges_are_contiguous_and_sorted() {
        for definition in [
            PartitionKeyDefinition::new("/pk"),
            PartitionKeyDefinition {
                version: None,
                ..PartitionKeyDefinition::new("/pk")
            },
        ] {
            let ranges = split_ring(&definition, 5);
            assert_eq!(ranges.first().unwrap().min, "");
            assert_eq!(ranges.last().unwrap().max, "FF");
            for pair in ranges.windows(2) {
                assert_eq!(pair[0].max, pair[1].min);
                assert!(pair[0].min < pair[0].max);
            }
        }
    }

    #[test]
    fn items_spread_over_every_partition() {
        let v1 = PartitionKeyDefinition {
            version: None,
            ..PartitionKeyDefinition::new("/pk")
        };
        let multi = PartitionKeyDefinition::hierarchical(["/a", "/b"]);
        for definition in [PartitionKeyDefinition::new("/pk"), v1, multi] {
            let hits = spread(&definition, 4);
            // An even split of a uniform hash gives ~500 each; allow generous noise.
            assert!(hits.iter().all(|&h| h > 350), "{definition:?}: {hits:?}");
        }
    }

    #[test]
    fn v1_prefix_matches_protocol_encoding() {
        // The V1 key of `true` is enc(hash) followed by the `03` marker: the prefix of our
        // encoding of the same hash must match it exactly.
        let def = PartitionKeyDefinition {
            version: None,
            ..PartitionKeyDefinition::new("/pk")
        };
        let EpkTarget::Point(epk) = effective_partition_key(&def, &true.into()).unwrap() else {
            panic!()
        };
        let hash = cosmos_protocol::epk::murmur3_x86_32(&[0x03], 0);
        assert_eq!(format!("{}03", v1_number_prefix(f64::from(hash))), epk.0);
    }
}
