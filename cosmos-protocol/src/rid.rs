//! Resource ids: base64 of a few bytes with `/` replaced by `-` so they fit in paths.
//! Databases take 4 bytes, collections 8 (the database's 4 plus 4), child resources 16.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;

/// Encodes raw RID bytes.
pub fn encode(bytes: &[u8]) -> String {
    B64.encode(bytes).replace('/', "-")
}

/// Decodes a RID; `None` if it is not valid RID text.
pub fn decode(rid: &str) -> Option<Vec<u8>> {
    B64.decode(rid.replace('-', "/")).ok()
}

/// A database RID from its number.
pub fn database(n: u32) -> String {
    encode(&n.to_le_bytes())
}

/// A collection RID: the database's bytes followed by the collection's number. The high bit of
/// the collection part is set as the service does, which keeps it distinct from a database RID.
pub fn collection(database_n: u32, n: u32) -> String {
    let mut bytes = database_n.to_le_bytes().to_vec();
    bytes.extend_from_slice(&(n | 0x8000_0000).to_be_bytes());
    encode(&bytes)
}

/// A child resource RID (document, user, permission, script…): the collection's or database's
/// bytes padded to 8, then the child's number, big-endian, with a type tag in the last byte.
pub fn child(parent_rid: &str, n: u64, type_tag: u8) -> String {
    let mut bytes = decode(parent_rid).unwrap_or_default();
    bytes.resize(8, 0);
    bytes.extend_from_slice(&(n << 8 | u64::from(type_tag)).to_be_bytes());
    encode(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_round_trip() {
        let db = database(7);
        assert_eq!(decode(&db).unwrap().len(), 4);
        let coll = collection(7, 1);
        assert_eq!(decode(&coll).unwrap().len(), 8);
        assert_eq!(&decode(&coll).unwrap()[..4], &decode(&db).unwrap()[..]);
        let doc = child(&coll, 42, 0);
        assert_eq!(decode(&doc).unwrap().len(), 16);
        assert!(!doc.contains('/'));
    }
}
