//! cosmos-core
