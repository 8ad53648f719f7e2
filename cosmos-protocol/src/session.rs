//! Session tokens: `<pkRangeId>:<version>#<globalLSN>[#<region>=<lsn>…]`, comma-separated when
//! compound. Merging takes the maximum of every part, so a token never moves backwards.

use std::collections::BTreeMap;
use std::fmt;

/// The vector part of one range's token (after `<pkRangeId>:`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SessionToken {
    pub version: u64,
    pub global_lsn: u64,
    pub regional_lsns: BTreeMap<u32, u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed session token '{0}'")]
pub struct SessionTokenError(pub String);

impl SessionToken {
    pub fn new(version: u64, global_lsn: u64) -> Self {
        Self {
            version,
            global_lsn,
            regional_lsns: BTreeMap::new(),
        }
    }

    /// Parses the vector part, e.g. `-1#33` or `2#33#1=20`. A version of `-1` is kept as 0 here
    /// and printed back as -1 (the single-region gateway's form).
    pub fn parse(text: &str) -> Result<Self, SessionTokenError> {
        let err = || SessionTokenError(text.to_owned());
        let mut parts = text.split('#');
        let version = match parts.next().ok_or_else(err)? {
            "-1" => 0,
            v => v.parse().map_err(|_| err())?,
        };
        let global_lsn = parts.next().ok_or_else(err)?.parse().map_err(|_| err())?;
        let mut regional_lsns = BTreeMap::new();
        for part in parts {
            let (region, lsn) = part.split_once('=').ok_or_else(err)?;
            regional_lsns.insert(
                region.parse().map_err(|_| err())?,
                lsn.parse().map_err(|_| err())?,
            );
        }
        Ok(Self {
            version,
            global_lsn,
            regional_lsns,
        })
    }

    /// Takes the maximum of both tokens, part by part.
    pub fn merge(&mut self, other: &SessionToken) {
        self.version = self.version.max(other.version);
        self.global_lsn = self.global_lsn.max(other.global_lsn);
        for (region, lsn) in &other.regional_lsns {
            let entry = self.regional_lsns.entry(*region).or_insert(0);
            *entry = (*entry).max(*lsn);
        }
    }
}

impl fmt::Display for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.version == 0 {
            write!(f, "-1#{}", self.global_lsn)?;
        } else {
            write!(f, "{}#{}", self.version, self.global_lsn)?;
        }
        for (region, lsn) in &self.regional_lsns {
            write!(f, "#{region}={lsn}")?;
        }
        Ok(())
    }
}

/// A compound token: one vector per partition key range id.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CompoundSessionToken(pub BTreeMap<String, SessionToken>);

impl CompoundSessionToken {
    /// Parses `0:-1#5,1:-1#7`.
    pub fn parse(text: &str) -> Result<Self, SessionTokenError> {
        let mut out = Self::default();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (range, vector) = part
                .split_once(':')
                .ok_or_else(|| SessionTokenError(part.to_owned()))?;
            out.merge_range(range, &SessionToken::parse(vector)?);
        }
        Ok(out)
    }

    pub fn merge_range(&mut self, range: &str, token: &SessionToken) {
        self.0
            .entry(range.to_owned())
            .and_modify(|t| t.merge(token))
            .or_insert_with(|| token.clone());
    }

    pub fn merge(&mut self, other: &CompoundSessionToken) {
        for (range, token) in &other.0 {
            self.merge_range(range, token);
        }
    }

    pub fn get(&self, range: &str) -> Option<&SessionToken> {
        self.0.get(range)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for CompoundSessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (range, token)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{range}:{token}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_print() {
        for text in ["-1#33", "2#33#1=20#2=5", "5#0"] {
            assert_eq!(SessionToken::parse(text).unwrap().to_string(), text);
        }
        for bad in ["", "5", "x#1", "1#y", "1#2#3"] {
            assert!(SessionToken::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn merge_takes_maxima() {
        let mut a = SessionToken::parse("1#10#1=4").unwrap();
        a.merge(&SessionToken::parse("2#8#1=9#2=1").unwrap());
        assert_eq!(a.to_string(), "2#10#1=9#2=1");
    }

    #[test]
    fn compound() {
        let mut c = CompoundSessionToken::parse("0:-1#5,1:-1#7").unwrap();
        c.merge(&CompoundSessionToken::parse("0:-1#9").unwrap());
        assert_eq!(c.to_string(), "0:-1#9,1:-1#7");
        assert!(CompoundSessionToken::parse("0-1#5").is_err());
    }
}
