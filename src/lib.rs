//! cosmos-rs: the Azure Cosmos DB toolkit for Rust.
//!
//! This facade re-exports the workspace crates so applications depend on one package.
#[doc(inline)]
pub use cosmos_core as core;
#[doc(inline)]
pub use cosmos_emulator as emulator;
#[doc(inline)]
pub use cosmos_orm as orm;
#[doc(inline)]
pub use cosmos_protocol as protocol;
