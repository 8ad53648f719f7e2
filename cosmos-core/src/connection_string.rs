//! `AccountEndpoint=https://…;AccountKey=…;` as shown in the portal and by emulators.

use crate::error::{Error, Result};

/// The parts of a connection string the client uses.
#[derive(Clone, PartialEq, Eq)]
pub struct ConnectionString {
    pub account_endpoint: String,
    pub account_key: String,
}

impl std::fmt::Debug for ConnectionString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectionString")
            .field("account_endpoint", &self.account_endpoint)
            .field("account_key", &"<redacted>")
            .finish()
    }
}

impl ConnectionString {
    /// Parses `Key=Value;` pairs. Keys are case-insensitive; values are taken verbatim after
    /// the first `=`, because base64 keys end in `=`. Unknown keys are ignored.
    pub fn parse(text: &str) -> Result<Self> {
        let mut endpoint = None;
        let mut key = None;
        let parts = text.split(';').map(str::trim).filter(|p| !p.is_empty());
        for (index, pair) in parts.enumerate() {
            // The part is not echoed: it may be a mangled key.
            let (name, value) = pair.split_once('=').ok_or_else(|| {
                Error::invalid_argument(format!(
                    "connection string part {} is not Key=Value",
                    index + 1
                ))
            })?;
            match name.trim().to_ascii_lowercase().as_str() {
                "accountendpoint" => endpoint = Some(value.trim().to_owned()),
                "accountkey" => key = Some(value.trim().to_owned()),
                _ => {}
            }
        }
        let account_endpoint = endpoint
            .filter(|e| !e.is_empty())
            .ok_or_else(|| Error::invalid_argument("connection string lacks AccountEndpoint"))?;
        let account_key = key
            .filter(|k| !k.is_empty())
            .ok_or_else(|| Error::invalid_argument("connection string lacks AccountKey"))?;
        Ok(Self {
            account_endpoint,
            account_key,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_portal_form() {
        let cs = ConnectionString::parse(
            "AccountEndpoint=https://localhost:8081/;AccountKey=C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==;",
        )
        .unwrap();
        assert_eq!(cs.account_endpoint, "https://localhost:8081/");
        assert!(cs.account_key.ends_with("Jw=="));
        assert!(!format!("{cs:?}").contains("Jw=="));
    }

    #[test]
    fn keys_are_case_insensitive_and_extra_parts_ignored() {
        let cs = ConnectionString::parse(
            " accountkey = abc= ; ACCOUNTENDPOINT=http://127.0.0.1:1 ;DisableServerCertificateValidation=True",
        )
        .unwrap();
        assert_eq!(cs.account_endpoint, "http://127.0.0.1:1");
        assert_eq!(cs.account_key, "abc=");
    }

    #[test]
    fn rejects_incomplete_strings() {
        for bad in [
            "",
            "AccountEndpoint=https://x/",
            "AccountKey=abc",
            "AccountEndpoint=;AccountKey=abc",
            "garbage",
        ] {
            assert!(ConnectionString::parse(bad).is_err(), "{bad}");
        }
        let err = ConnectionString::parse("AccountKeyabc;").unwrap_err();
        assert!(!err.to_string().contains("abc"));
    }
}
