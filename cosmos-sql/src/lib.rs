//! A parser and evaluator for the Azure Cosmos DB for NoSQL query language.
//!
//! ```
//! let q = cosmos_sql::parse("SELECT c.id FROM c WHERE c.n > 1 ORDER BY c.id").unwrap();
//! assert_eq!(q.to_string(), "SELECT c.id FROM c WHERE c.n > 1 ORDER BY c.id");
//! ```

pub mod ast;
mod error;
mod parser;
mod span;

pub use ast::Query;
pub use error::{EvalError, ParseError};
pub use parser::{parse, MAX_DEPTH};
pub use span::{Location, Span};
