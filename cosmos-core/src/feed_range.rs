//! Feed ranges: slices of a container's effective-partition-key (EPK) space that change feeds
//! and queries can be scoped to, so that several workers can share one container.
//!
//! A feed range is an EPK range `[min, max)`. Its string form is the Python SDK's: base64 of
//! `{"Range":{"min":…,"max":…,"isMinInclusive":true,"isMaxInclusive":false}}`, so tokens
//! saved by either SDK can be handed to the other.

use std::fmt;
use std::str::FromStr;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use cosmos_protocol::epk::{self, EpkRange};
use cosmos_protocol::{PartitionKey, PartitionKeyDefinition};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::resources::PartitionKeyRange;

/// A half-open range `[min, max)` of effective partition keys; see the module docs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FeedRange {
    range: EpkRange,
}

impl FeedRange {
    /// The range `[min, max)` of uppercase-hex EPKs (`""` to `"FF"` is the whole container).
    pub fn new(min: impl Into<String>, max: impl Into<String>) -> Result<Self> {
        let range = EpkRange::new(
            min.into().to_ascii_uppercase(),
            max.into().to_ascii_uppercase(),
        );
        let hex = |s: &str| s.len().is_multiple_of(2) && s.bytes().all(|b| b.is_ascii_hexdigit());
        if !hex(&range.min) || !hex(&range.max) || range.min >= range.max {
            return Err(Error::invalid_argument(format!(
                "a feed range needs hex bounds with min < max, not [{:?}, {:?})",
                range.min, range.max
            )));
        }
        Ok(Self { range })
    }

    /// The whole container.
    pub fn full() -> Self {
        Self {
            range: EpkRange::full(),
        }
    }

    /// The range holding one logical partition (`[e, e+1)` around its EPK), or, for a prefix
    /// of a hierarchical key, every partition under that prefix.
    pub fn for_partition_key(
        definition: &PartitionKeyDefinition,
        key: impl Into<PartitionKey>,
    ) -> Result<Self> {
        let target = epk::effective_partition_key(definition, &key.into())
            .map_err(|e| Error::invalid_argument(format!("invalid partition key: {e}")))?;
        Ok(Self {
            range: target.range(),
        })
    }

    pub(crate) fn from_range(range: &PartitionKeyRange) -> Self {
        Self {
            range: range.epk_range(),
        }
    }

    pub fn min(&self) -> &str {
        &self.range.min
    }

    pub fn max(&self) -> &str {
        &self.range.max
    }

    pub fn epk_range(&self) -> &EpkRange {
        &self.range
    }

    /// Whether this range shares at least one EPK with `other`.
    pub fn overlaps(&self, other: &FeedRange) -> bool {
        self.range.overlaps(&other.range)
    }

    /// Whether every EPK of `other` is in this range.
    pub fn contains(&self, other: &FeedRange) -> bool {
        self.range.min <= other.range.min && other.range.max <= self.range.max
    }

    /// The EPKs of both ranges, if any.
    pub fn intersection(&self, other: &FeedRange) -> Option<FeedRange> {
        let min = (&self.range.min).max(&other.range.min).clone();
        let max = (&self.range.max).min(&other.range.max).clone();
        (min < max).then(|| FeedRange {
            range: EpkRange::new(min, max),
        })
    }
}

/// The JSON form shared with the Python SDK.
#[derive(Serialize, Deserialize)]
struct Wire {
    #[serde(rename = "Range")]
    range: WireRange,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireRange {
    min: String,
    max: String,
    #[serde(default = "yes")]
    is_min_inclusive: bool,
    #[serde(default)]
    is_max_inclusive: bool,
}

fn yes() -> bool {
    true
}

impl fmt::Display for FeedRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let wire = Wire {
            range: WireRange {
                min: self.range.min.clone(),
                max: self.range.max.clone(),
                is_min_inclusive: true,
                is_max_inclusive: false,
            },
        };
        // Strings and booleans always serialize.
        let json = serde_json::to_string(&wire).unwrap_or_default();
        f.write_str(&STANDARD.encode(json))
    }
}

impl FromStr for FeedRange {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        let bad = |why: String| Error::invalid_argument(format!("not a feed range: {why}"));
        let bytes = STANDARD
            .decode(text.trim())
            .map_err(|e| bad(e.to_string()))?;
        let wire: Wire = serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
        let WireRange {
            min,
            max,
            is_min_inclusive,
            is_max_inclusive,
        } = wire.range;
        // Normalise to half-open bounds the way the Python SDK does: a closed end moves to
        // its successor, an open start too.
        let min = if is_min_inclusive {
            min
        } else {
            epk::successor(&min)
        };
        let max = if is_max_inclusive {
            epk::successor(&max)
        } else {
            max
        };
        FeedRange::new(min, max)
    }
}

impl Serialize for FeedRange {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FeedRange {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_form_matches_the_python_sdk() {
        let range = FeedRange::new("", "FF").unwrap();
        let text = range.to_string();
        let json = String::from_utf8(STANDARD.decode(&text).unwrap()).unwrap();
        assert_eq!(
            json,
            r#"{"Range":{"min":"","max":"FF","isMinInclusive":true,"isMaxInclusive":false}}"#
        );
        assert_eq!(text.parse::<FeedRange>().unwrap(), range);
        assert_eq!(range, FeedRange::full());
    }

    #[test]
    fn closed_points_are_normalised() {
        let json = r#"{"Range":{"min":"05C1B7","max":"05C1B7","isMinInclusive":true,"isMaxInclusive":true}}"#;
        let range: FeedRange = STANDARD.encode(json).parse().unwrap();
        assert_eq!((range.min(), range.max()), ("05C1B7", "05C1B8"));
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "",
            "!!!",
            &STANDARD.encode("{}"),
            &STANDARD.encode(r#"{"Range":{"min":"FF","max":"AA"}}"#),
        ] {
            assert!(bad.parse::<FeedRange>().is_err(), "{bad}");
        }
        assert!(FeedRange::new("", "XY").is_err());
        assert!(FeedRange::new("AA", "AA").is_err());
    }

    #[test]
    fn partition_key_ranges_and_set_operations() {
        let def = PartitionKeyDefinition::new("/pk");
        let one = FeedRange::for_partition_key(&def, "hello").unwrap();
        assert_eq!(one.min(), "0A8B5792B7BA3C7C47B0D1305A3C6F8A");
        assert_eq!(one.max(), "0A8B5792B7BA3C7C47B0D1305A3C6F8B");
        let full = FeedRange::full();
        assert!(full.contains(&one) && !one.contains(&full));
        let low = FeedRange::new("", "80").unwrap();
        let high = FeedRange::new("80", "FF").unwrap();
        assert!(!low.overlaps(&high));
        assert_eq!(low.intersection(&one), Some(one.clone()));
        assert_eq!(high.intersection(&one), None);
        let prefix = FeedRange::for_partition_key(
            &PartitionKeyDefinition::hierarchical(["/a", "/b"]),
            PartitionKey::hierarchical(["a"]),
        )
        .unwrap();
        assert_eq!(prefix.max(), format!("{}FF", prefix.min()));
    }
}
