//! An embeddable Cosmos DB (NoSQL API) compatible server for tests and local development.
//!
//! It speaks the gateway protocol the official SDKs use (master-key auth, partition key
//! headers, session tokens, continuation paging, partition key ranges) over HTTP or
//! self-signed HTTPS, and keeps everything in memory.
//!
//! ```no_run
//! # async fn demo() -> Result<(), cosmos_emulator::EmulatorError> {
//! let emulator = cosmos_emulator::Emulator::start().await?;
//! println!("{}", emulator.connection_string());
//! emulator.shutdown().await;
//! # Ok(()) }
//! ```

mod access;
mod app;
mod auth;
pub mod batch;
mod charge;
mod consistency;
mod continuation;
mod emulator;
mod errors;
pub mod patch;
mod path;
mod query_plan;
mod reply;
mod request;
mod routes;
mod server;
mod session;
mod store;
mod throttle;
mod tls;
mod tokens;
mod validate;

pub use emulator::{Emulator, EmulatorBuilder};
pub use errors::EmulatorError;
