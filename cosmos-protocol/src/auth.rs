//! Request authorization: the resource link a request is signed over, master-key HMAC signatures
//! and the `authorization` header's `type=…&ver=…&sig=…` form.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::Sha256;

/// Characters left alone when URL-encoding the header, as the official SDKs do.
const HEADER_ENCODE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// What a request is signed over: the resource type and the link of the addressed resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceLink {
    /// `dbs`, `colls`, `docs`, `pkranges`, `users`, `permissions`, `sprocs`, `offers`, … or `""`.
    pub resource_type: String,
    /// The name-based link (`dbs/x/colls/y`), or `""` for account-level feeds.
    pub link: String,
}

impl ResourceLink {
    /// Derives the signed resource type and link from a request path.
    ///
    /// Even segment counts address a resource (type = second-to-last segment, link = whole
    /// path); odd counts address a feed (type = last segment, link = the parent).
    pub fn from_path(path: &str) -> Self {
        let decoded = percent_decode_str(path).decode_utf8_lossy();
        let trimmed = decoded.trim_matches('/');
        if trimmed.is_empty() {
            return Self::new("", "");
        }
        let segments: Vec<&str> = trimmed.split('/').collect();
        let n = segments.len();
        // `…/colls/y/operations/partitionkeydelete` is signed as the container itself.
        if n >= 2 && segments[n - 2].eq_ignore_ascii_case("operations") {
            let parent = &segments[..n - 2];
            return Self::new(
                parent
                    .get(parent.len().wrapping_sub(2))
                    .copied()
                    .unwrap_or(""),
                parent.join("/"),
            );
        }
        if n.is_multiple_of(2) {
            Self::new(segments[n - 2], trimmed)
        } else {
            Self::new(segments[n - 1], segments[..n - 1].join("/"))
        }
    }

    /// The RID-based form the SDKs sign when they address resources by RID: only the last RID
    /// of the link, lowercased.
    pub fn rid_form(&self) -> Self {
        let last = self.link.rsplit('/').next().unwrap_or("");
        Self::new(self.resource_type.clone(), last.to_lowercase())
    }

    fn new(resource_type: impl Into<String>, link: impl Into<String>) -> Self {
        Self {
            resource_type: resource_type.into(),
            link: link.into(),
        }
    }
}

/// A decoded account key.
#[derive(Clone)]
pub struct MasterKey(Vec<u8>);

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(<redacted>)")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error("the account key is not valid base64")]
    InvalidKey,
    #[error("the authorization header is malformed: {0}")]
    MalformedHeader(String),
}

impl MasterKey {
    /// Decodes a base64 account key.
    pub fn from_base64(key: &str) -> Result<Self, AuthError> {
        B64.decode(key.trim())
            .map(Self)
            .map_err(|_| AuthError::InvalidKey)
    }

    /// The base64 HMAC-SHA256 signature of a request.
    pub fn sign(&self, verb: &str, link: &ResourceLink, x_ms_date: &str) -> String {
        let payload = string_to_sign(verb, link, x_ms_date);
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(payload.as_bytes());
        B64.encode(mac.finalize().into_bytes())
    }

    /// The full `authorization` header value for a master-key request.
    pub fn authorization(&self, verb: &str, link: &ResourceLink, x_ms_date: &str) -> String {
        encode_header(AuthKind::Master, &self.sign(verb, link, x_ms_date))
    }

    /// Checks a presented signature in constant time.
    pub fn verify(&self, verb: &str, link: &ResourceLink, x_ms_date: &str, sig: &str) -> bool {
        let Ok(presented) = B64.decode(sig) else {
            return false;
        };
        let payload = string_to_sign(verb, link, x_ms_date);
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(payload.as_bytes());
        mac.verify_slice(&presented).is_ok()
    }
}

/// `lower(verb)\nlower(type)\nlink\nlower(date)\n\n` (the SDKs leave the `Date` line empty).
pub fn string_to_sign(verb: &str, link: &ResourceLink, x_ms_date: &str) -> String {
    format!(
        "{}\n{}\n{}\n{}\n\n",
        verb.to_lowercase(),
        link.resource_type.to_lowercase(),
        link.link,
        x_ms_date.to_lowercase()
    )
}

/// The three kinds of `authorization` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthKind {
    Master,
    Resource,
    Aad,
}

impl AuthKind {
    fn as_str(self) -> &'static str {
        match self {
            AuthKind::Master => "master",
            AuthKind::Resource => "resource",
            AuthKind::Aad => "aad",
        }
    }
}

/// Builds `urlencode("type=<kind>&ver=1.0&sig=<sig>")`.
pub fn encode_header(kind: AuthKind, sig: &str) -> String {
    let raw = format!("type={}&ver=1.0&sig={sig}", kind.as_str());
    utf8_percent_encode(&raw, HEADER_ENCODE_SET).to_string()
}

/// A parsed `authorization` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizationHeader {
    pub kind: AuthKind,
    pub version: String,
    pub signature: String,
}

impl AuthorizationHeader {
    /// Parses a header value. It may be URL-encoded or not (the Python SDK sends AAD tokens
    /// raw), so it is decoded only when it contains `%`.
    pub fn parse(value: &str) -> Result<Self, AuthError> {
        let decoded = if value.contains('%') {
            percent_decode_str(value)
                .decode_utf8()
                .map_err(|_| AuthError::MalformedHeader("not UTF-8 after decoding".into()))?
                .into_owned()
        } else {
            value.to_owned()
        };
        let (mut kind, mut version, mut signature) = (None, None, None);
        // The signature comes last and may itself contain `&` or `=` (base64, JWT), so take
        // everything after `sig=` verbatim.
        let mut rest = decoded.as_str();
        while !rest.is_empty() {
            if let Some(sig) = rest.strip_prefix("sig=") {
                signature = Some(sig.to_owned());
                break;
            }
            let (pair, tail) = rest.split_once('&').unwrap_or((rest, ""));
            let (k, v) = pair
                .split_once('=')
                .ok_or_else(|| AuthError::MalformedHeader(format!("'{pair}' is not key=value")))?;
            match k {
                "type" => kind = Some(v.to_owned()),
                "ver" => version = Some(v.to_owned()),
                _ => {}
            }
            rest = tail;
        }
        let kind = match kind.as_deref() {
            Some("master") => AuthKind::Master,
            Some("resource") => AuthKind::Resource,
            Some("aad") => AuthKind::Aad,
            Some(other) => {
                return Err(AuthError::MalformedHeader(format!(
                    "unknown token type '{other}'"
                )))
            }
            None => return Err(AuthError::MalformedHeader("missing 'type'".into())),
        };
        let signature = signature
            .filter(|s| !s.is_empty())
            .ok_or_else(|| AuthError::MalformedHeader("missing 'sig'".into()))?;
        Ok(Self {
            kind,
            version: version.unwrap_or_default(),
            signature,
        })
    }
}

/// Formats a time as the RFC 1123 `x-ms-date` value.
pub fn format_date(time: std::time::SystemTime) -> String {
    httpdate::fmt_http_date(time)
}

/// Parses an `x-ms-date` value (RFC 1123, case-insensitive as the SDKs may lowercase it).
pub fn parse_date(value: &str) -> Option<std::time::SystemTime> {
    httpdate::parse_http_date(value).ok().or_else(|| {
        // httpdate wants canonical casing ("Tue", "Nov", "GMT").
        let canonical: Vec<String> = value.split(' ').map(canonical_case).collect();
        let canonical = canonical.join(" ");
        httpdate::parse_http_date(&canonical).ok()
    })
}

/// `tue` → `Tue`, `gmt` → `GMT`.
fn canonical_case(word: &str) -> String {
    if word.eq_ignore_ascii_case("gmt") {
        return "GMT".to_owned();
    }
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = crate::EMULATOR_KEY;
    const DATE: &str = "Tue, 01 Nov 1994 08:12:31 GMT";

    fn key() -> MasterKey {
        MasterKey::from_base64(KEY).unwrap()
    }

    #[test]
    fn reference_vector_read_document() {
        let link = ResourceLink::from_path("/dbs/ToDoList/colls/Items/docs/item1");
        assert_eq!(link.resource_type, "docs");
        assert_eq!(link.link, "dbs/ToDoList/colls/Items/docs/item1");
        assert_eq!(
            string_to_sign("GET", &link, DATE),
            "get\ndocs\ndbs/ToDoList/colls/Items/docs/item1\ntue, 01 nov 1994 08:12:31 gmt\n\n"
        );
        assert_eq!(
            key().sign("GET", &link, DATE),
            "/hf6JZZNiR2Q0i/0/80I5z1o9zoZpq4fAy0ZvkIY2YY="
        );
        assert_eq!(
            key().authorization("GET", &link, DATE),
            "type%3Dmaster%26ver%3D1.0%26sig%3D%2Fhf6JZZNiR2Q0i%2F0%2F80I5z1o9zoZpq4fAy0ZvkIY2YY%3D"
        );
    }

    #[test]
    fn reference_vectors_feeds_and_rids() {
        let create = ResourceLink::from_path("/dbs/ToDoList/colls/Items/docs/");
        assert_eq!(
            (create.resource_type.as_str(), create.link.as_str()),
            ("docs", "dbs/ToDoList/colls/Items")
        );
        assert_eq!(
            key().sign("POST", &create, DATE),
            "+IUbj5wbwIy/Z3RV/5G44cLrOQztUiKy6jJvZnERs/I="
        );

        let dbs = ResourceLink::from_path("/dbs");
        assert_eq!((dbs.resource_type.as_str(), dbs.link.as_str()), ("dbs", ""));
        assert_eq!(
            key().sign("GET", &dbs, DATE),
            "t1rXf5KbqCYq6EqaXtq320dJ4hnLHs3bj+i8xna2++Y="
        );

        let by_rid = ResourceLink::from_path(
            "/dbs/Xp9aAA==/colls/Xp9aAKnj3n0=/docs/Xp9aAKnj3n0BAAAAAAAAAA==",
        )
        .rid_form();
        assert_eq!(by_rid.link, "xp9aaknj3n0baaaaaaaaaa==");
        assert_eq!(
            key().sign("GET", &by_rid, DATE),
            "ESl71w09Ab7shzthgPeL5tR7WFi8+rG7o2QYbAQeQuA="
        );
    }

    #[test]
    fn special_links() {
        assert_eq!(ResourceLink::from_path("/"), ResourceLink::new("", ""));
        assert_eq!(ResourceLink::from_path(""), ResourceLink::new("", ""));
        assert_eq!(
            ResourceLink::from_path("/dbs/x/colls/y/operations/partitionkeydelete"),
            ResourceLink::new("colls", "dbs/x/colls/y")
        );
        // Names are signed decoded and verbatim.
        assert_eq!(
            ResourceLink::from_path("/dbs/My%20Db/colls/C"),
            ResourceLink::new("colls", "dbs/My Db/colls/C")
        );
        assert_eq!(
            ResourceLink::from_path("/offers"),
            ResourceLink::new("offers", "")
        );
    }

    #[test]
    fn verify_is_exact() {
        let link = ResourceLink::from_path("/dbs/ToDoList/colls/Items/docs/item1");
        let sig = key().sign("GET", &link, DATE);
        assert!(key().verify("GET", &link, DATE, &sig));
        assert!(key().verify("get", &link, &DATE.to_lowercase(), &sig));
        assert!(!key().verify("PUT", &link, DATE, &sig));
        assert!(!key().verify("GET", &link, DATE, "not base64!"));
    }

    #[test]
    fn header_parse_round_trip() {
        let header = encode_header(AuthKind::Master, "ab+/c=");
        let parsed = AuthorizationHeader::parse(&header).unwrap();
        assert_eq!(parsed.kind, AuthKind::Master);
        assert_eq!(parsed.version, "1.0");
        assert_eq!(parsed.signature, "ab+/c=");
        // An unencoded AAD token whose JWT has no '%'.
        let aad = AuthorizationHeader::parse("type=aad&ver=1.0&sig=eyJ.a-b_c.d").unwrap();
        assert_eq!(
            (aad.kind, aad.signature.as_str()),
            (AuthKind::Aad, "eyJ.a-b_c.d")
        );
        assert!(AuthorizationHeader::parse("type=bogus&ver=1.0&sig=x").is_err());
        assert!(AuthorizationHeader::parse("type=master&ver=1.0").is_err());
        assert!(AuthorizationHeader::parse("garbage").is_err());
    }

    #[test]
    fn dates() {
        let t = parse_date(DATE).unwrap();
        assert_eq!(format_date(t), DATE);
        assert_eq!(parse_date(&DATE.to_lowercase()), Some(t));
        assert!(parse_date("yesterday").is_none());
    }
}
