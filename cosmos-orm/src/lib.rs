//! cosmos-orm
