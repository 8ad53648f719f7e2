//! Parsing and validation: attributes → IR (`ast`) → checks, all errors
//! collected in one `Ctxt` so every mistake is reported at once.

pub mod ast;
pub mod attr;
pub mod case;
pub mod check;
pub mod ctxt;
pub mod symbol;
