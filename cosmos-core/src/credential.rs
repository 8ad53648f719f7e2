//! The ways a client proves who it is: the account key, resource tokens minted from
//! permissions, or Microsoft Entra ID (AAD) bearer tokens from a [`TokenCredential`].

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use cosmos_protocol::auth::MasterKey;
use futures::future::BoxFuture;

use crate::error::{Error, Result};

/// A bearer token and when it stops being valid.
#[derive(Clone)]
pub struct AccessToken {
    /// The JWT.
    pub token: String,
    pub expires_on: SystemTime,
}

impl AccessToken {
    pub fn new(token: impl Into<String>, expires_on: SystemTime) -> Self {
        Self {
            token: token.into(),
            expires_on,
        }
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("token", &"<redacted>")
            .field("expires_on", &self.expires_on)
            .finish()
    }
}

/// Error type a [`TokenCredential`] may return.
pub type CredentialError = Box<dyn std::error::Error + Send + Sync>;

/// A source of Microsoft Entra ID tokens (implemented by identity libraries).
///
/// The client asks for the scope `https://<account host>/.default` and caches the token until
/// shortly before it expires, so implementations need no cache of their own.
pub trait TokenCredential: Send + Sync + fmt::Debug {
    fn get_token<'a>(
        &'a self,
        scopes: &'a [&'a str],
    ) -> BoxFuture<'a, Result<AccessToken, CredentialError>>;
}

/// Resource tokens by the resource link they were minted for (`dbs/d/colls/c`, or an item's
/// link), as read from permissions' `_token`.
#[derive(Clone, Default)]
pub struct ResourceTokens(pub(crate) BTreeMap<String, String>);

impl ResourceTokens {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the token of the permission whose `resource` is `link`.
    pub fn insert(&mut self, link: impl AsRef<str>, token: impl Into<String>) {
        self.0
            .insert(link.as_ref().trim_matches('/').to_owned(), token.into());
    }

    pub fn with(mut self, link: impl AsRef<str>, token: impl Into<String>) -> Self {
        self.insert(link, token);
        self
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K: AsRef<str>, V: Into<String>> FromIterator<(K, V)> for ResourceTokens {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut out = Self::new();
        for (k, v) in iter {
            out.insert(k, v);
        }
        out
    }
}

impl fmt::Debug for ResourceTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

/// How requests are authorized.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Credential {
    /// The account's primary or secondary key: every request is HMAC-signed.
    MasterKey(MasterKey),
    /// Tokens scoped to resources; see [`ResourceTokens`].
    ResourceTokens(ResourceTokens),
    /// Microsoft Entra ID bearer tokens.
    Token(Arc<dyn TokenCredential>),
}

impl Credential {
    /// A master key from its base64 text.
    pub fn master_key(key: &str) -> Result<Self> {
        MasterKey::from_base64(key)
            .map(Self::MasterKey)
            .map_err(|e| Error::invalid_argument(e.to_string()))
    }

    pub fn resource_tokens(tokens: ResourceTokens) -> Self {
        Self::ResourceTokens(tokens)
    }

    pub fn token(credential: Arc<dyn TokenCredential>) -> Self {
        Self::Token(credential)
    }
}

impl From<MasterKey> for Credential {
    fn from(key: MasterKey) -> Self {
        Self::MasterKey(key)
    }
}

impl From<ResourceTokens> for Credential {
    fn from(tokens: ResourceTokens) -> Self {
        Self::ResourceTokens(tokens)
    }
}

impl From<Arc<dyn TokenCredential>> for Credential {
    fn from(credential: Arc<dyn TokenCredential>) -> Self {
        Self::Token(credential)
    }
}
