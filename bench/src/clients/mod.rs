//! The clients under test, each behind [`PointOps`](crate::runner::PointOps).

pub mod core;
pub mod official;
pub mod orm;
pub mod python;
