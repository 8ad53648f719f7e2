//! cosmos-sql
