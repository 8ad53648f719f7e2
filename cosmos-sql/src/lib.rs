//! A parser and evaluator for the Azure Cosmos DB for NoSQL query language,
//! as a pure library over `serde_json::Value` documents.
//!
//! ```
//! use cosmos_sql::{parse, Parameters};
//! use serde_json::json;
//!
//! let docs = [json!({"id": "a", "n": 2}), json!({"id": "b", "n": 1}), json!({"id": "c"})];
//! let q = parse("SELECT VALUE c.id FROM c WHERE c.n >= @min ORDER BY c.n").unwrap();
//! let params = Parameters::new().with("@min", json!(1));
//! let out = q.execute(&docs, &params, None).unwrap();
//! assert_eq!(out, vec![json!("b"), json!("a")]);
//! ```
//!
//! * [`parse`] turns text into a [`Query`] (or a [`ParseError`] with a
//!   position); `Query` prints back as canonical text.
//! * [`Query::execute`] runs it over documents in the order given and is
//!   deterministic for that order, so callers can page by position.
//! * [`parse_condition`] reads patch conditions (`FROM c WHERE ...`).
//! * [`Query::info`] summarises what a cross-partition plan needs.
//! * `undefined` is kept distinct from `null` throughout; see
//!   [`value::Val`].

mod analysis;
pub mod ast;
mod condition;
mod error;
mod eval;
mod functions;
mod parser;
mod span;
pub mod value;

pub use analysis::{AggregateKind, DistinctType, OrderByInfo, QueryInfo};
pub use ast::Query;
pub use condition::Condition;
pub use error::{EvalError, ParseError};
pub use eval::{Parameters, UdfError, UdfResolver};
pub use parser::{parse, parse_condition, MAX_DEPTH};
pub use span::{Location, Span};

use serde_json::Value;

/// Runs `query` over `docs` and returns the results in order.
///
/// Each document is one row of the first `FROM` source. Errors are client
/// errors: a missing `@parameter`, a bad `TOP`/`OFFSET`/`LIMIT` value, an
/// unknown UDF, or a UDF failure.
pub fn execute<'d, I>(
    query: &Query,
    docs: I,
    params: &Parameters,
    udf: Option<&dyn UdfResolver>,
) -> Result<Vec<Value>, EvalError>
where
    I: IntoIterator<Item = &'d Value>,
{
    eval::execute_query(query, docs, params, udf)
}

impl Query {
    /// Runs this query; see [`execute`].
    pub fn execute<'d, I>(
        &self,
        docs: I,
        params: &Parameters,
        udf: Option<&dyn UdfResolver>,
    ) -> Result<Vec<Value>, EvalError>
    where
        I: IntoIterator<Item = &'d Value>,
    {
        execute(self, docs, params, udf)
    }
}
