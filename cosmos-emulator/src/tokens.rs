//! Resource tokens: the opaque `_token` of a permission, minted on every read or write of it.
//!
//! A token names its permission and an expiry, sealed with an HMAC under the account key, so
//! it verifies without server state; the permission itself is looked up on each use so a
//! deleted or changed permission takes effect at once.

use crate::errors::ApiError;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use cosmos_protocol::auth::{MasterKey, ResourceLink};

/// Default lifetime of a token (`x-ms-documentdb-expiry-seconds` absent).
pub const DEFAULT_LIFETIME_SECS: u64 = 3600;
/// Longest lifetime a client may ask for.
pub const MAX_LIFETIME_SECS: u64 = 18_000;

/// What a token says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claims {
    pub db_rid: String,
    pub permission_rid: String,
    /// Epoch seconds.
    pub expires: u64,
}

/// The `_token` value: `type=resource&ver=1.0&sig=<claims>.<mac>`.
pub fn mint(key: &MasterKey, claims: &Claims) -> String {
    let payload = URL_SAFE_NO_PAD.encode(format!(
        "{}|{}|{}",
        claims.db_rid, claims.permission_rid, claims.expires
    ));
    format!(
        "type=resource&ver=1.0&sig={payload}.{}",
        seal(key, &payload)
    )
}

/// Checks a token's signature (the part after `sig=`) and expiry at `now`.
pub fn verify(key: &MasterKey, signature: &str, now: u64) -> Result<Claims, ApiError> {
    let invalid = || ApiError::unauthorized("The resource token is not valid.");
    let (payload, mac) = signature.split_once('.').ok_or_else(invalid)?;
    // Back to standard base64 for the constant-time comparison.
    let presented = format!("{}=", mac.replace('-', "+").replace('_', "/"));
    if !key.verify("token", &link(payload), "", &presented) {
        return Err(invalid());
    }
    let text = URL_SAFE_NO_PAD
        .decode(payload)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(invalid)?;
    let mut parts = text.split('|');
    let (Some(db_rid), Some(permission_rid), Some(expires), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid());
    };
    let expires: u64 = expires.parse().map_err(|_| invalid())?;
    if now >= expires {
        return Err(ApiError::unauthorized(
            "The resource token has expired; read the permission again for a new one.",
        ));
    }
    Ok(Claims {
        db_rid: db_rid.to_owned(),
        permission_rid: permission_rid.to_owned(),
        expires,
    })
}

/// The MAC of a payload: the account key's HMAC over a string no request can produce.
fn seal(key: &MasterKey, payload: &str) -> String {
    key.sign("token", &link(payload), "")
        .trim_end_matches('=')
        .replace('+', "-")
        .replace('/', "_")
}

fn link(payload: &str) -> ResourceLink {
    ResourceLink {
        resource_type: "resource-token".into(),
        link: payload.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmos_protocol::auth::AuthorizationHeader;

    fn key() -> MasterKey {
        MasterKey::from_base64(cosmos_protocol::EMULATOR_KEY).unwrap()
    }

    #[test]
    fn round_trip_expiry_and_tampering() {
        let claims = Claims {
            db_rid: "AQAAAA==".into(),
            permission_rid: "p-rid".into(),
            expires: 100,
        };
        let token = mint(&key(), &claims);
        let header = AuthorizationHeader::parse(&token).unwrap();
        assert_eq!(verify(&key(), &header.signature, 50).unwrap(), claims);
        assert!(verify(&key(), &header.signature, 100).is_err());
        let other = MasterKey::from_base64("c2VjcmV0").unwrap();
        assert!(verify(&other, &header.signature, 50).is_err());
        let forged = header.signature.replacen('A', "B", 1);
        assert!(verify(&key(), &forged, 50).is_err());
        assert!(verify(&key(), "garbage", 50).is_err());
    }
}
