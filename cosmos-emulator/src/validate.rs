//! Resource id rules shared by databases, containers and documents.

use crate::errors::ApiError;

/// Characters the service refuses in ids.
const FORBIDDEN: [char; 4] = ['/', '\\', '?', '#'];

/// Longest document id, in UTF-8 bytes.
pub const MAX_DOCUMENT_ID_BYTES: usize = 1023;
/// Longest database or container id, in characters.
pub const MAX_NAME_CHARS: usize = 255;

/// Checks a database or container id.
pub fn name(id: &str) -> Result<(), ApiError> {
    if id.is_empty() || id.chars().count() > MAX_NAME_CHARS || id.contains(FORBIDDEN) {
        return Err(ApiError::bad_request(format!(
            "The input name '{id}' is invalid. Ensure to provide a unique non-empty string less \
             than '{MAX_NAME_CHARS}' characters and without the characters '/', '\\', '?' or '#'."
        )));
    }
    Ok(())
}

/// Checks a document id.
pub fn document_id(id: &str) -> Result<(), ApiError> {
    if id.is_empty() {
        return Err(ApiError::bad_request(
            "The input content is invalid because the required property 'id' is empty.",
        ));
    }
    if id.len() > MAX_DOCUMENT_ID_BYTES {
        return Err(ApiError::bad_request(format!(
            "The document id is too long: {} bytes, at most {MAX_DOCUMENT_ID_BYTES} are allowed.",
            id.len()
        )));
    }
    if id.contains(FORBIDDEN) {
        return Err(ApiError::bad_request(format!(
            "The input name '{id}' is invalid. Ids may not contain '/', '\\', '?' or '#'."
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        assert!(name("db-1").is_ok());
        assert!(name("").is_err());
        assert!(name("a/b").is_err());
        assert!(name(&"x".repeat(256)).is_err());
        assert!(document_id("x y").is_ok());
        assert!(document_id(&"x".repeat(1023)).is_ok());
        assert!(document_id(&"x".repeat(1024)).is_err());
        for bad in ["", "a/b", "a\\b", "a?b", "a#b"] {
            assert!(document_id(bad).is_err(), "{bad}");
        }
    }
}
