//! Request authorization.
//!
//! Every request carries `authorization: type=<kind>&ver=1.0&sig=<sig>`. Master-key
//! signatures and resource tokens (minted for permissions) are checked here; AAD tokens parse
//! but are refused until the emulator trusts an issuer. Each kind is its own branch of
//! [`Authorizer::authorize`], returning the [`Principal`] that `access` then checks.

use crate::errors::ApiError;
use crate::tokens::{self, Claims};
use cosmos_protocol::auth::{parse_date, AuthKind, AuthorizationHeader, MasterKey, ResourceLink};
use cosmos_protocol::headers;
use http::{HeaderMap, Method};
use std::time::{Duration, SystemTime};

/// How far `x-ms-date` may be from the server clock.
pub const ALLOWED_SKEW: Duration = Duration::from_secs(15 * 60);

/// Who a request acts as.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Principal {
    /// The account key: full access.
    Master,
    /// A resource token: what its permission grants (checked by `access`).
    Resource(Claims),
}

#[derive(Debug, Clone)]
pub struct Authorizer {
    master: MasterKey,
}

impl Authorizer {
    pub fn new(master: MasterKey) -> Self {
        Self { master }
    }

    /// Checks a request's credentials against its method, path and headers at time `now`.
    pub fn authorize(
        &self,
        method: &Method,
        path: &str,
        request_headers: &HeaderMap,
        now: SystemTime,
    ) -> Result<Principal, ApiError> {
        let header = request_headers
            .get(headers::AUTHORIZATION)
            .ok_or_else(|| {
                ApiError::unauthorized(
                    "Required Header authorization is missing. Ensure a valid Authorization \
                     token is passed.",
                )
            })?
            .to_str()
            .map_err(|_| ApiError::unauthorized("The authorization header is not valid text."))?;
        let parsed = AuthorizationHeader::parse(header).map_err(|e| {
            ApiError::unauthorized(format!("The authorization token is not valid: {e}."))
        })?;
        match parsed.kind {
            AuthKind::Master => {
                let date = check_date(request_headers, now)?;
                self.verify_master(method, path, date, &parsed.signature)?;
                Ok(Principal::Master)
            }
            AuthKind::Resource => {
                let secs = now
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs());
                tokens::verify(&self.master, &parsed.signature, secs).map(Principal::Resource)
            }
            AuthKind::Aad => Err(ApiError::unauthorized(
                "AAD tokens are not supported by this emulator; sign requests with the account \
                 key.",
            )),
        }
    }

    /// A resource token for a permission (its `_token`).
    pub fn mint(&self, claims: &Claims) -> String {
        tokens::mint(&self.master, claims)
    }

    /// Verifies a master-key signature over the name-based link and, when the link ends in
    /// something RID-shaped, over the RID form the SDKs sign for RID paths.
    fn verify_master(
        &self,
        method: &Method,
        path: &str,
        date: &str,
        signature: &str,
    ) -> Result<(), ApiError> {
        let link = ResourceLink::from_path(path);
        let verb = method.as_str();
        if self.master.verify(verb, &link, date, signature) {
            return Ok(());
        }
        // Any segment may be a RID (offers' are only 4 characters), and a name-based path
        // never verifies against its RID form by accident, so the second check is safe.
        if self.master.verify(verb, &link.rid_form(), date, signature) {
            return Ok(());
        }
        let payload = cosmos_protocol::auth::string_to_sign(verb, &link, date);
        Err(ApiError::unauthorized(format!(
            "The input authorization token can't serve the request. The wrong key is being used \
             or the expected payload is not built as per the protocol. Server used the following \
             payload to sign: '{}'",
            payload.escape_default()
        )))
    }
}

/// The `x-ms-date` header, checked to be a valid RFC 1123 date within the allowed skew.
fn check_date(request_headers: &HeaderMap, now: SystemTime) -> Result<&str, ApiError> {
    let date = request_headers
        .get(headers::X_MS_DATE)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| {
            ApiError::unauthorized(
                "The request is missing the x-ms-date header it was signed with.",
            )
        })?;
    let sent = parse_date(date).ok_or_else(|| {
        ApiError::unauthorized(format!(
            "The input date header '{date}' is invalid. Please pass in RFC 1123 style date format."
        ))
    })?;
    let skew = now
        .duration_since(sent)
        .or_else(|_| sent.duration_since(now))
        .unwrap_or_default();
    if skew > ALLOWED_SKEW {
        return Err(ApiError::unauthorized(format!(
            "The authorization token is not valid at the current time: x-ms-date '{date}' is \
             more than {} minutes from the server time '{}'.",
            ALLOWED_SKEW.as_secs() / 60,
            httpdate::fmt_http_date(now)
        )));
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmos_protocol::auth::format_date;
    use cosmos_protocol::EMULATOR_KEY;

    fn signed(method: &str, link: &ResourceLink, at: SystemTime) -> HeaderMap {
        let key = MasterKey::from_base64(EMULATOR_KEY).unwrap();
        let date = format_date(at);
        let mut h = HeaderMap::new();
        h.insert(headers::X_MS_DATE, date.parse().unwrap());
        h.insert(
            headers::AUTHORIZATION,
            key.authorization(method, link, &date).parse().unwrap(),
        );
        h
    }

    fn authorizer() -> Authorizer {
        Authorizer::new(MasterKey::from_base64(EMULATOR_KEY).unwrap())
    }

    #[test]
    fn accepts_name_and_rid_signatures() {
        let now = SystemTime::now();
        let path = "/dbs/d/colls/c/docs/x/";
        let h = signed("GET", &ResourceLink::from_path(path), now);
        assert_eq!(
            authorizer().authorize(&Method::GET, path, &h, now).unwrap(),
            Principal::Master
        );
        let rid_path = "/dbs/AQAAAA==/colls/AQAAAIAAAAE=/docs/AQAAAIAAAAEAAAAAAAABAA==/";
        let h = signed("GET", &ResourceLink::from_path(rid_path).rid_form(), now);
        assert!(authorizer()
            .authorize(&Method::GET, rid_path, &h, now)
            .is_ok());
    }

    #[test]
    fn rejects_wrong_key_method_skew_and_missing_headers() {
        let now = SystemTime::now();
        let path = "/dbs";
        let h = signed("GET", &ResourceLink::from_path(path), now);
        let err = authorizer()
            .authorize(&Method::POST, path, &h, now)
            .unwrap_err();
        assert_eq!(err.status, http::StatusCode::UNAUTHORIZED);
        assert!(err.message.contains("post\\ndbs"), "{}", err.message);
        let later = now + Duration::from_secs(16 * 60);
        assert!(authorizer()
            .authorize(&Method::GET, path, &h, later)
            .is_err());
        let other = Authorizer::new(MasterKey::from_base64("AAAA").unwrap());
        assert!(other.authorize(&Method::GET, path, &h, now).is_err());
        assert!(authorizer()
            .authorize(&Method::GET, path, &HeaderMap::new(), now)
            .is_err());
        let mut no_date = h.clone();
        no_date.remove(headers::X_MS_DATE);
        assert!(authorizer()
            .authorize(&Method::GET, path, &no_date, now)
            .is_err());
        let mut resource = h;
        resource.insert(
            headers::AUTHORIZATION,
            "type%3Dresource%26ver%3D1.0%26sig%3Dabc.def"
                .parse()
                .unwrap(),
        );
        assert!(authorizer()
            .authorize(&Method::GET, path, &resource, now)
            .is_err());
    }
}
