//! Effective partition keys (EPKs): where a partition key value lives on the hash ring.
//!
//! An EPK is an uppercase hex string; ranges of them (`""` to `"FF"`) are owned by physical
//! partitions. The encodings below follow the official SDKs and are pinned by their vectors.

mod murmur;

pub use murmur::{murmur3_x64_128, murmur3_x86_32};

use crate::partition_key::{
    PartitionKey, PartitionKeyDefinition, PartitionKeyError, PartitionKeyKind, PartitionKeyValue,
};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// The smallest EPK (inclusive start of the ring).
pub const MIN_EPK: &str = "";
/// The end of the ring (exclusive).
pub const MAX_EPK: &str = "FF";

/// Strings longer than this are truncated for V1 hashing.
const V1_MAX_STRING_CHARS: usize = 100;
/// Strings up to this many UTF-8 bytes are written whole and terminated in V1 keys.
const V1_MAX_STRING_BYTES: usize = 100;

/// A hashed partition key: uppercase hex, ordered as plain strings.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct EffectivePartitionKey(pub String);

impl EffectivePartitionKey {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A half-open EPK range `[min, max)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EpkRange {
    pub min: String,
    pub max: String,
}

impl EpkRange {
    pub fn new(min: impl Into<String>, max: impl Into<String>) -> Self {
        Self {
            min: min.into(),
            max: max.into(),
        }
    }

    /// The whole ring.
    pub fn full() -> Self {
        Self::new(MIN_EPK, MAX_EPK)
    }

    /// The range holding exactly one point, normalised as the Python SDK does: `[e, e+1)`.
    pub fn point(epk: &EffectivePartitionKey) -> Self {
        Self::new(epk.0.clone(), successor(&epk.0))
    }

    pub fn contains(&self, epk: &str) -> bool {
        self.min.as_str() <= epk && epk < self.max.as_str()
    }

    pub fn overlaps(&self, other: &EpkRange) -> bool {
        self.min < other.max && other.min < self.max
    }
}

/// The smallest hex string greater than `epk` at the same length: `…B7` → `…B8`, `…FF` carries.
/// The empty string's successor is `"00"`.
pub fn successor(epk: &str) -> String {
    let mut bytes = match hex_decode(epk) {
        Some(b) if !b.is_empty() => b,
        _ => return "00".to_owned(),
    };
    for i in (0..bytes.len()).rev() {
        if bytes[i] == 0xFF {
            bytes[i] = 0;
        } else {
            bytes[i] += 1;
            return hex_upper(&bytes);
        }
    }
    // Every byte was FF: nothing of this length is larger, so extend instead.
    format!("{epk}00")
}

/// Where a full key lives, or the range a prefix of a hierarchical key covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EpkTarget {
    Point(EffectivePartitionKey),
    Range(EpkRange),
}

impl EpkTarget {
    /// The smallest EPK range that holds the target.
    pub fn range(&self) -> EpkRange {
        match self {
            EpkTarget::Point(epk) => EpkRange::point(epk),
            EpkTarget::Range(r) => r.clone(),
        }
    }
}

/// Hashes a partition key under a container's definition.
pub fn effective_partition_key(
    definition: &PartitionKeyDefinition,
    key: &PartitionKey,
) -> Result<EpkTarget, PartitionKeyError> {
    let components = key.components();
    let expected = definition.paths.len();
    if components.is_empty() {
        // The empty key of a system-keyed container hashes like undefined.
        return effective_partition_key(definition, &PartitionKey::undefined());
    }
    match definition.kind {
        PartitionKeyKind::MultiHash => {
            if components.len() > expected {
                return Err(PartitionKeyError::ComponentCount {
                    given: components.len(),
                    expected,
                });
            }
            let mut epk = String::with_capacity(32 * components.len());
            for component in components {
                epk.push_str(&v2_hash(std::slice::from_ref(component)));
            }
            if components.len() < expected {
                let max = format!("{epk}FF");
                Ok(EpkTarget::Range(EpkRange::new(epk, max)))
            } else {
                Ok(EpkTarget::Point(EffectivePartitionKey(epk)))
            }
        }
        _ => {
            if components.len() != 1 {
                return Err(PartitionKeyError::ComponentCount {
                    given: components.len(),
                    expected: 1,
                });
            }
            let epk = match definition.effective_version() {
                1 => v1_hash(&components[0]),
                _ => v2_hash(components),
            };
            Ok(EpkTarget::Point(EffectivePartitionKey(epk)))
        }
    }
}

/// V2: MurmurHash3_x64_128 over the binary encoding, bytes reversed, top two bits cleared.
pub fn v2_hash(components: &[PartitionKeyValue]) -> String {
    let mut input = Vec::new();
    for component in components {
        write_v2_component(component, &mut input);
    }
    let (h1, h2) = murmur3_x64_128(&input, 0);
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&h1.to_le_bytes());
    bytes[8..].copy_from_slice(&h2.to_le_bytes());
    bytes.reverse();
    bytes[0] &= 0x3F;
    hex_upper(&bytes)
}

fn write_v2_component(value: &PartitionKeyValue, out: &mut Vec<u8>) {
    match value {
        PartitionKeyValue::String(s) => {
            out.push(0x08);
            out.extend_from_slice(s.as_bytes());
            out.push(0xFF);
        }
        PartitionKeyValue::Number(n) => {
            out.push(0x05);
            out.extend_from_slice(&number_as_f64(n).to_le_bytes());
        }
        other => out.push(marker(other)),
    }
}

fn marker(value: &PartitionKeyValue) -> u8 {
    match value {
        PartitionKeyValue::Undefined => 0x00,
        PartitionKeyValue::Null => 0x01,
        PartitionKeyValue::Bool(false) => 0x02,
        PartitionKeyValue::Bool(true) => 0x03,
        PartitionKeyValue::Number(_) => 0x05,
        PartitionKeyValue::String(_) => 0x08,
    }
}

fn number_as_f64(n: &serde_json::Number) -> f64 {
    // Integers are hashed as doubles (the JS SDK's behaviour; see the reference's -1 vector).
    n.as_f64().unwrap_or(0.0)
}

/// V1: MurmurHash3_x86_32 of the value, then the hash and the value in the binary encoding.
pub fn v1_hash(value: &PartitionKeyValue) -> String {
    let truncated;
    let value = match value {
        PartitionKeyValue::String(s) if s.chars().count() > V1_MAX_STRING_CHARS => {
            truncated = PartitionKeyValue::String(s.chars().take(V1_MAX_STRING_CHARS).collect());
            &truncated
        }
        v => v,
    };
    let mut input = Vec::new();
    match value {
        PartitionKeyValue::String(s) => {
            input.push(0x08);
            input.extend_from_slice(s.as_bytes());
            input.push(0x00);
        }
        other => write_v2_component(other, &mut input),
    }
    let hash = f64::from(murmur3_x86_32(&input, 0));
    let mut out = Vec::new();
    write_v1_number(hash, &mut out);
    match value {
        PartitionKeyValue::Number(n) => write_v1_number(number_as_f64(n), &mut out),
        PartitionKeyValue::String(s) => {
            out.push(0x08);
            let bytes = s.as_bytes();
            // Bytes are shifted up by one (saturating) so 0x00 can terminate short strings; a
            // long one is cut after 101 bytes with no terminator.
            let short = bytes.len() <= V1_MAX_STRING_BYTES;
            let take = if short {
                bytes.len()
            } else {
                V1_MAX_STRING_BYTES + 1
            };
            out.extend(bytes[..take].iter().map(|b| b.saturating_add(1)));
            if short {
                out.push(0x00);
            }
        }
        other => out.push(marker(other)),
    }
    hex_upper(&out)
}

/// The order-preserving variable-length encoding of a double used by V1 keys.
fn write_v1_number(value: f64, out: &mut Vec<u8>) {
    out.push(0x05);
    let bits = value.to_bits();
    let mut payload = if value >= 0.0 {
        bits ^ (1 << 63)
    } else {
        bits.wrapping_neg()
    };
    out.push((payload >> 56) as u8);
    payload <<= 8;
    let mut pending = 0u8;
    let mut first = true;
    loop {
        if !first {
            out.push(pending);
        }
        first = false;
        pending = ((payload >> 56) as u8) | 0x01;
        payload <<= 7;
        if payload == 0 {
            break;
        }
    }
    out.push(pending & 0xFE);
}

fn hex_upper(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02X}");
    }
    s
}

fn hex_decode(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v1() -> PartitionKeyDefinition {
        PartitionKeyDefinition {
            version: None,
            ..PartitionKeyDefinition::new("/pk")
        }
    }

    fn point(def: &PartitionKeyDefinition, key: PartitionKey) -> String {
        match effective_partition_key(def, &key).unwrap() {
            EpkTarget::Point(e) => e.0,
            other => panic!("expected a point, got {other:?}"),
        }
    }

    // Vectors from the protocol reference (official SDK outputs).
    #[test]
    fn v2_vectors() {
        let def = PartitionKeyDefinition::new("/pk");
        let cases: Vec<(PartitionKey, &str)> = vec![
            ("hello".into(), "0A8B5792B7BA3C7C47B0D1305A3C6F8A"),
            (5.into(), "19C08621B135968252FB34B4CF66F811"),
            ((-1).into(), "19938E7A936C1C5B9E3AE842BBC16839"),
            (true.into(), "0E711127C5B5A8E4726AC6DD306A3E59"),
            (
                PartitionKey::from(PartitionKeyValue::Null),
                "378867E4430E67857ACE5C908374FE16",
            ),
            (
                PartitionKey::undefined(),
                "11622DAA78F835834610ABE56EFF5CB5",
            ),
            ("".into(), "32E9366E637A71B4E710384B2F4970A0"),
        ];
        for (key, expected) in cases {
            assert_eq!(point(&def, key.clone()), expected, "{key}");
        }
    }

    #[test]
    fn v1_vectors() {
        let def = v1();
        let cases: Vec<(PartitionKey, &str)> = vec![
            ("hello".into(), "05C1EFF74961FE0869666D6D7000"),
            (5.into(), "05C1D9C1C5517C05C014"),
            ((-1).into(), "05C1D1A5BDDF9C054010"),
            (true.into(), "05C1D7C5A903D803"),
            (
                PartitionKey::from(PartitionKeyValue::Null),
                "05C1ED45D7475601",
            ),
            (PartitionKey::undefined(), "05C1D529E345DC00"),
        ];
        for (key, expected) in cases {
            assert_eq!(point(&def, key.clone()), expected, "{key}");
        }
    }

    #[test]
    fn multihash_vector_and_prefix() {
        let def = PartitionKeyDefinition::hierarchical(["/a", "/b"]);
        let full = point(&def, PartitionKey::hierarchical(["a", "b"]));
        assert_eq!(
            full,
            "3A5381E1114EB8D3FCC90795045B49B7195644569A78B1E22D200348AF9416CE"
        );
        let prefix = effective_partition_key(&def, &PartitionKey::hierarchical(["a"])).unwrap();
        let range = prefix.range();
        assert_eq!(range.min, "3A5381E1114EB8D3FCC90795045B49B7");
        assert!(range.contains(&full));
        assert!(
            effective_partition_key(&def, &PartitionKey::hierarchical(["a", "b", "c"])).is_err()
        );
    }

    #[test]
    fn successor_and_ranges() {
        assert_eq!(successor("05B7"), "05B8");
        assert_eq!(successor("05FF"), "0600");
        assert_eq!(successor("FF"), "FF00");
        assert_eq!(successor(""), "00");
        let full = EpkRange::full();
        assert!(full.contains("") && full.contains("FE") && !full.contains("FF"));
        assert!(EpkRange::new("", "80").overlaps(&EpkRange::new("7F", "FF")));
        assert!(!EpkRange::new("", "80").overlaps(&EpkRange::new("80", "FF")));
    }

    #[test]
    fn long_v1_strings_are_truncated() {
        let long = v1_hash(&PartitionKeyValue::String("x".repeat(150)));
        let exact = v1_hash(&PartitionKeyValue::String("x".repeat(100)));
        assert_eq!(long, exact);
        // 100 two-byte characters: 101 shifted bytes and no terminator.
        let wide = v1_hash(&PartitionKeyValue::String("é".repeat(120)));
        assert!(wide.ends_with("AAC4"), "{wide}");
        assert!(!wide.ends_with("00"));
    }
}
