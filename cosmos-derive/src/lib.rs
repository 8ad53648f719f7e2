//! cosmos-derive
