//! Request paths: which resource (or feed) a request addresses.
//!
//! The Python SDK puts a trailing `/` on most paths and the JS SDK never does, so both forms
//! parse the same. Segments are percent-decoded one by one: an id can hold `%2F`-free escapes
//! such as spaces, but never a raw `/` (ids may not contain one).

use crate::errors::ApiError;
use percent_encoding::percent_decode_str;

/// The address of a request. Database, collection and document segments are names or RIDs,
/// resolved later by the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResourcePath {
    Account,
    Databases,
    Database {
        db: String,
    },
    Collections {
        db: String,
    },
    Collection {
        db: String,
        coll: String,
    },
    Documents {
        db: String,
        coll: String,
    },
    Document {
        db: String,
        coll: String,
        doc: String,
    },
    PartitionKeyRanges {
        db: String,
        coll: String,
    },
    /// `…/colls/c/conflicts`: always empty (one region, one writer).
    Conflicts {
        db: String,
        coll: String,
    },
    /// `…/colls/c/operations/partitionkeydelete`: delete one logical partition.
    PartitionKeyDelete {
        db: String,
        coll: String,
    },
    Users {
        db: String,
    },
    User {
        db: String,
        user: String,
    },
    Permissions {
        db: String,
        user: String,
    },
    Permission {
        db: String,
        user: String,
        permission: String,
    },
    Offers,
    Offer {
        id: String,
    },
    /// A resource type the emulator does not serve (users, sprocs, offers…).
    Unsupported {
        resource_type: String,
    },
}

impl ResourcePath {
    /// Parses a URI path.
    pub fn parse(path: &str) -> Result<Self, ApiError> {
        let segments = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| {
                percent_decode_str(s)
                    .decode_utf8()
                    .map(|c| c.into_owned())
                    .map_err(|_| ApiError::bad_request("The request path is not valid UTF-8."))
            })
            .collect::<Result<Vec<String>, ApiError>>()?;
        let s: Vec<&str> = segments.iter().map(String::as_str).collect();
        let owned = |i: usize| s[i].to_owned();
        Ok(match s.as_slice() {
            [] => Self::Account,
            ["dbs"] => Self::Databases,
            ["offers"] => Self::Offers,
            ["offers", _] => Self::Offer { id: owned(1) },
            ["dbs", _] => Self::Database { db: owned(1) },
            ["dbs", _, "colls"] => Self::Collections { db: owned(1) },
            ["dbs", _, "users"] => Self::Users { db: owned(1) },
            ["dbs", _, "users", _] => Self::User {
                db: owned(1),
                user: owned(3),
            },
            ["dbs", _, "users", _, "permissions"] => Self::Permissions {
                db: owned(1),
                user: owned(3),
            },
            ["dbs", _, "users", _, "permissions", _] => Self::Permission {
                db: owned(1),
                user: owned(3),
                permission: owned(5),
            },
            ["dbs", _, "colls", _] => Self::Collection {
                db: owned(1),
                coll: owned(3),
            },
            ["dbs", _, "colls", _, "docs"] => Self::Documents {
                db: owned(1),
                coll: owned(3),
            },
            ["dbs", _, "colls", _, "docs", _] => Self::Document {
                db: owned(1),
                coll: owned(3),
                doc: owned(5),
            },
            ["dbs", _, "colls", _, "pkranges"] => Self::PartitionKeyRanges {
                db: owned(1),
                coll: owned(3),
            },
            ["dbs", _, "colls", _, "conflicts"] => Self::Conflicts {
                db: owned(1),
                coll: owned(3),
            },
            ["dbs", _, "colls", _, "operations", "partitionkeydelete"] => {
                Self::PartitionKeyDelete {
                    db: owned(1),
                    coll: owned(3),
                }
            }
            _ => {
                // Name the resource type the way the gateway would: the last even-position
                // segment (feeds) or the second-to-last (resources).
                let resource_type = if s.len() % 2 == 1 {
                    s[s.len() - 1]
                } else {
                    s[s.len() - 2]
                };
                Self::Unsupported {
                    resource_type: resource_type.to_owned(),
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_slashes_and_decoding() {
        assert_eq!(ResourcePath::parse("/").unwrap(), ResourcePath::Account);
        assert_eq!(ResourcePath::parse("").unwrap(), ResourcePath::Account);
        assert_eq!(
            ResourcePath::parse("/dbs").unwrap(),
            ResourcePath::Databases
        );
        assert_eq!(
            ResourcePath::parse("/dbs/").unwrap(),
            ResourcePath::Databases
        );
        let doc = ResourcePath::Document {
            db: "d b".into(),
            coll: "c".into(),
            doc: "x y".into(),
        };
        assert_eq!(
            ResourcePath::parse("/dbs/d%20b/colls/c/docs/x%20y/").unwrap(),
            doc
        );
        assert_eq!(
            ResourcePath::parse("/dbs/d%20b/colls/c/docs/x%20y").unwrap(),
            doc
        );
        assert_eq!(
            ResourcePath::parse("/dbs/d/colls/c/pkranges/").unwrap(),
            ResourcePath::PartitionKeyRanges {
                db: "d".into(),
                coll: "c".into()
            }
        );
    }

    #[test]
    fn unsupported_and_bad() {
        assert_eq!(
            ResourcePath::parse("/dbs/d/colls/c/sprocs/s").unwrap(),
            ResourcePath::Unsupported {
                resource_type: "sprocs".into()
            }
        );
        assert_eq!(
            ResourcePath::parse("/offers/").unwrap(),
            ResourcePath::Offers
        );
        assert!(ResourcePath::parse("/dbs/%FF").is_err());
    }
}
