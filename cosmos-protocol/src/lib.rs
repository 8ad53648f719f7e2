//! cosmos-protocol (being written)
pub mod headers;
