//! Produces the `authorization` header of each request attempt from the client's credential.

use std::time::{Duration, SystemTime};

use cosmos_protocol::auth::{encode_header, AuthKind, ResourceLink};
use tokio::sync::Mutex;

use crate::credential::{AccessToken, Credential, ResourceTokens};
use crate::error::{Error, Result};

/// A cached AAD token is refreshed this long before it expires, so a request never leaves with
/// a token that dies in flight (the official SDKs use a few minutes too).
const TOKEN_REFRESH_MARGIN: Duration = Duration::from_secs(300);

pub(crate) struct Authorizer {
    credential: Credential,
    /// `https://<account host>/.default`.
    scope: String,
    cached_token: Mutex<Option<AccessToken>>,
}

impl std::fmt::Debug for Authorizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authorizer")
            .field("credential", &self.credential)
            .finish_non_exhaustive()
    }
}

impl Authorizer {
    pub(crate) fn new(credential: Credential, scope: String) -> Self {
        Self {
            credential,
            scope,
            cached_token: Mutex::new(None),
        }
    }

    /// The header value for one attempt; `x_ms_date` must be the date sent with it.
    pub(crate) async fn authorization(
        &self,
        verb: &str,
        link: &ResourceLink,
        x_ms_date: &str,
    ) -> Result<String> {
        match &self.credential {
            Credential::MasterKey(key) => Ok(key.authorization(verb, link, x_ms_date)),
            Credential::ResourceTokens(tokens) => select_resource_token(tokens, link)
                .map(encode_resource_token)
                .ok_or_else(|| {
                    Error::invalid_argument(format!(
                        "no resource token covers '{}' ({})",
                        link.link, link.resource_type
                    ))
                }),
            Credential::Token(_) => {
                let token = self.bearer_token().await?;
                Ok(encode_header(AuthKind::Aad, &token))
            }
        }
    }

    async fn bearer_token(&self) -> Result<String> {
        let Credential::Token(source) = &self.credential else {
            return Err(Error::invalid_argument("not a token credential"));
        };
        // Holding the lock while fetching makes concurrent requests wait for one refresh
        // instead of stampeding the identity provider.
        let mut cached = self.cached_token.lock().await;
        if let Some(token) = cached.as_ref() {
            if is_fresh(token, SystemTime::now()) {
                return Ok(token.token.clone());
            }
        }
        let scopes = [self.scope.as_str()];
        let token = source.get_token(&scopes).await.map_err(Error::credential)?;
        let value = token.token.clone();
        *cached = Some(token);
        Ok(value)
    }
}

/// Characters the official SDKs leave unencoded in the header (as `encode_header` does).
const TOKEN_ENCODE_SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Tokens are minted as `type=resource&ver=1.0&sig=…`; the wire wants them URL-encoded like
/// every other scheme. A token that already contains `%` was encoded by its owner and is sent
/// as given rather than encoded twice.
fn encode_resource_token(token: &str) -> String {
    if token.contains('%') {
        token.to_owned()
    } else {
        percent_encoding::utf8_percent_encode(token, TOKEN_ENCODE_SET).to_string()
    }
}

fn is_fresh(token: &AccessToken, now: SystemTime) -> bool {
    token
        .expires_on
        .duration_since(now)
        .is_ok_and(|left| left > TOKEN_REFRESH_MARGIN)
}

/// Picks the token for a request: the exact resource link first, then (for an item) its
/// container, then each ancestor link, then — for tokens registered under a bare id, as older
/// SDKs allowed — each ancestor's id. Account-level requests (empty link) accept any token.
pub(crate) fn select_resource_token<'a>(
    tokens: &'a ResourceTokens,
    link: &ResourceLink,
) -> Option<&'a str> {
    let map = &tokens.0;
    let link_text = link.link.trim_matches('/');
    if link_text.is_empty() {
        return map.values().next().map(String::as_str);
    }
    if let Some(t) = map.get(link_text) {
        return Some(t);
    }
    let segments: Vec<&str> = link_text.split('/').collect();
    // Ancestors are the even-length prefixes: dbs/d/colls/c, then dbs/d.
    let mut len = segments.len() & !1;
    while len >= 2 {
        if let Some(t) = map.get(&segments[..len].join("/")) {
            return Some(t);
        }
        len -= 2;
    }
    segments
        .iter()
        .enumerate()
        .rev()
        .filter(|(i, _)| i % 2 == 1)
        .find_map(|(_, id)| map.get(*id).map(String::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credential::{CredentialError, TokenCredential};
    use futures::future::BoxFuture;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    fn link(path: &str) -> ResourceLink {
        ResourceLink::from_path(path)
    }

    #[test]
    fn resource_token_selection_order() {
        let tokens = ResourceTokens::new()
            .with("dbs/d/colls/c", "coll")
            .with("/dbs/d/colls/c/docs/special/", "item")
            .with("dbs/d", "db");
        let pick = |p: &str| select_resource_token(&tokens, &link(p));
        assert_eq!(pick("/dbs/d/colls/c/docs/special"), Some("item"));
        assert_eq!(pick("/dbs/d/colls/c/docs/other"), Some("coll"));
        // A feed (create or list items) is signed over its container.
        assert_eq!(pick("/dbs/d/colls/c/docs"), Some("coll"));
        assert_eq!(pick("/dbs/d/colls/c"), Some("coll"));
        assert_eq!(pick("/dbs/d/colls/other/docs/x"), Some("db"));
        assert_eq!(pick("/dbs/e/colls/c"), None);
        // The account read takes any token.
        assert!(pick("/").is_some());
    }

    #[test]
    fn resource_token_by_bare_id() {
        let tokens = ResourceTokens::new().with("c", "by-id");
        assert_eq!(
            select_resource_token(&tokens, &link("/dbs/d/colls/c/docs/x")),
            Some("by-id")
        );
        assert_eq!(select_resource_token(&tokens, &link("/dbs/d")), None);
    }

    #[derive(Debug, Default)]
    struct CountingCredential {
        calls: AtomicUsize,
        lifetime: Duration,
    }

    impl TokenCredential for CountingCredential {
        fn get_token<'a>(
            &'a self,
            scopes: &'a [&'a str],
        ) -> BoxFuture<'a, Result<AccessToken, CredentialError>> {
            Box::pin(async move {
                assert_eq!(scopes, ["https://acct.documents.azure.com/.default"]);
                let n = self.calls.fetch_add(1, Ordering::SeqCst);
                Ok(AccessToken::new(
                    format!("jwt{n}"),
                    SystemTime::now() + self.lifetime,
                ))
            })
        }
    }

    #[tokio::test]
    async fn aad_tokens_are_cached_until_near_expiry() {
        let long = Arc::new(CountingCredential {
            lifetime: Duration::from_secs(3600),
            ..Default::default()
        });
        let auth = Authorizer::new(
            Credential::Token(long.clone()),
            "https://acct.documents.azure.com/.default".into(),
        );
        let l = link("/dbs");
        let first = auth.authorization("GET", &l, "d").await.unwrap();
        let second = auth.authorization("GET", &l, "d").await.unwrap();
        assert_eq!(first, "type%3Daad%26ver%3D1.0%26sig%3Djwt0");
        assert_eq!(first, second);
        assert_eq!(long.calls.load(Ordering::SeqCst), 1);

        // A token inside the refresh margin is replaced on every use.
        let short = Arc::new(CountingCredential {
            lifetime: Duration::from_secs(60),
            ..Default::default()
        });
        let auth = Authorizer::new(
            Credential::Token(short.clone()),
            "https://acct.documents.azure.com/.default".into(),
        );
        auth.authorization("GET", &l, "d").await.unwrap();
        let again = auth.authorization("GET", &l, "d").await.unwrap();
        assert!(again.ends_with("jwt1"));
        assert_eq!(short.calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn master_key_signs_reference_vector() {
        let auth = Authorizer::new(
            Credential::master_key(cosmos_protocol::EMULATOR_KEY).unwrap(),
            String::new(),
        );
        let header = auth
            .authorization(
                "GET",
                &link("/dbs/ToDoList/colls/Items/docs/item1"),
                "Tue, 01 Nov 1994 08:12:31 GMT",
            )
            .await
            .unwrap();
        assert_eq!(
            header,
            "type%3Dmaster%26ver%3D1.0%26sig%3D%2Fhf6JZZNiR2Q0i%2F0%2F80I5z1o9zoZpq4fAy0ZvkIY2YY%3D"
        );
    }

    #[tokio::test]
    async fn missing_resource_token_is_an_argument_error() {
        let auth = Authorizer::new(
            Credential::ResourceTokens(
                ResourceTokens::new().with("dbs/a", "type=resource&ver=1.0&sig=x"),
            ),
            String::new(),
        );
        let ok = auth
            .authorization("GET", &link("/dbs/a/colls/b"), "d")
            .await
            .unwrap();
        assert_eq!(ok, "type%3Dresource%26ver%3D1.0%26sig%3Dx");
        assert_eq!(encode_resource_token("type%3Dresource"), "type%3Dresource");
        let err = auth
            .authorization("GET", &link("/dbs/b"), "d")
            .await
            .unwrap_err();
        assert!(matches!(
            *err.kind,
            crate::ErrorKind::InvalidArgument { .. }
        ));
    }
}
