//! Attribute key names.

use std::fmt::{self, Display};

use syn::{Ident, Path};

#[derive(Copy, Clone)]
pub struct Symbol(&'static str);

pub const COSMOS: Symbol = Symbol("cosmos");
pub const SERDE: Symbol = Symbol("serde");

// cosmos keys
pub const CONTAINER: Symbol = Symbol("container");
pub const CRATE: Symbol = Symbol("crate");
pub const ID: Symbol = Symbol("id");
pub const PARTITION_KEY: Symbol = Symbol("partition_key");
pub const LEVEL: Symbol = Symbol("level");
pub const PATH: Symbol = Symbol("path");
pub const ETAG: Symbol = Symbol("etag");
pub const TTL: Symbol = Symbol("ttl");
pub const OPAQUE: Symbol = Symbol("opaque");
pub const SKIP: Symbol = Symbol("skip");

// serde keys that change JSON paths
pub const RENAME: Symbol = Symbol("rename");
pub const RENAME_ALL: Symbol = Symbol("rename_all");
pub const SERIALIZE: Symbol = Symbol("serialize");
pub const DESERIALIZE: Symbol = Symbol("deserialize");
pub const SKIP_SERIALIZING: Symbol = Symbol("skip_serializing");
pub const SKIP_SERIALIZING_IF: Symbol = Symbol("skip_serializing_if");
pub const FLATTEN: Symbol = Symbol("flatten");
pub const WITH: Symbol = Symbol("with");
pub const SERIALIZE_WITH: Symbol = Symbol("serialize_with");
pub const TRANSPARENT: Symbol = Symbol("transparent");
pub const INTO: Symbol = Symbol("into");
pub const DENY_UNKNOWN_FIELDS: Symbol = Symbol("deny_unknown_fields");

impl PartialEq<Symbol> for Ident {
    fn eq(&self, word: &Symbol) -> bool {
        self == word.0
    }
}

impl PartialEq<Symbol> for &Ident {
    fn eq(&self, word: &Symbol) -> bool {
        *self == word.0
    }
}

impl PartialEq<Symbol> for Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl PartialEq<Symbol> for &Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl Display for Symbol {
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str(self.0)
    }
}
