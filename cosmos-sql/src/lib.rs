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
//!
//! # Errors
//!
//! Both error types are client errors (HTTP 400 in the emulator):
//! [`ParseError`] covers syntax and everything the service rejects before
//! running a query (unknown names, unknown functions, wrong argument
//! counts, misplaced aggregates, `SELECT *` with joins, GROUP BY rules);
//! [`EvalError`] covers what only shows while running (missing
//! parameters, bad `TOP`/`OFFSET`/`LIMIT` values, UDF failures, a scalar
//! subquery with several results).
//!
//! # Semantics
//!
//! Checked against the Cosmos DB documentation, its published query
//! samples and the service's reference evaluator:
//!
//! * A missing property is `undefined`: it drops out of projected objects,
//!   array literals and `SELECT VALUE` results. WHERE keeps a row only when
//!   the predicate is exactly `true`.
//! * Arithmetic, comparison and string operators give `undefined` for
//!   operands of the wrong type. `=`/`!=` give `undefined` only when an
//!   operand is undefined; values of different types are unequal. `<`,
//!   `>`, ... compare only two numbers, two strings (by code point), two
//!   booleans or two nulls.
//! * Numbers are IEEE-754 doubles; integral results print as integers.
//!   Bitwise operators work on 32-bit integers like JavaScript; the `Int*`
//!   functions on 64-bit integers.
//! * ORDER BY, MIN/MAX and DISTINCT use the cross-type order undefined <
//!   null < false < true < numbers < strings < arrays < objects. Documents
//!   whose sort key is undefined are kept (as with the default indexing
//!   policy) and sort first.
//! * `NOT` is a prefix operator binding tighter than comparisons (`NOT a
//!   = b` is `(NOT a) = b`), and `||` binds looser than `=`, both as in the
//!   service grammar.
//! * GROUP BY groups come out in ascending key order; the service gives no
//!   order guarantee, so this choice only makes results deterministic.

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
pub use eval::{Parameters, UdfError, UdfResolver, MAX_JOIN_ROWS};
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
