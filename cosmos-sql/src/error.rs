//! Error types: [`ParseError`] for text that is not a valid query and
//! [`EvalError`] for failures while running one.

use crate::span::{Location, Span};
use std::fmt;

/// Why a query text was rejected. The emulator maps it to HTTP 400.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What went wrong, without the position.
    pub message: String,
    /// Where it went wrong (byte range in the query text).
    pub span: Span,
    /// Line and column of `span.start`.
    pub location: Location,
}

impl ParseError {
    pub(crate) fn new(text: &str, message: impl Into<String>, span: Span) -> Self {
        ParseError {
            message: message.into(),
            span,
            location: Location::of(text, span.start),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Syntax error at {} (offset {}): {}",
            self.location, self.span.start, self.message
        )
    }
}

impl std::error::Error for ParseError {}

/// Why running a parsed query failed. Every variant is a client error
/// (HTTP 400 in the emulator) except [`EvalError::Udf`], whose meaning
/// depends on the resolver.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum EvalError {
    /// A `@name` used by the query was not supplied.
    #[error("The query parameter '{0}' is not defined.")]
    MissingParameter(String),
    /// A built-in function name that does not exist.
    #[error("'{0}' is not a recognized built-in function name.")]
    UnknownFunction(String),
    /// A built-in called with the wrong number of arguments.
    #[error("The {name} function requires {expected} argument(s), but {got} were given.")]
    ArgumentCount {
        /// Function name as written in the query.
        name: String,
        /// Human readable expectation, e.g. `2` or `2 or 3`.
        expected: String,
        /// Arguments actually given.
        got: usize,
    },
    /// A `udf.name(...)` call with no resolver, or one the resolver does not know.
    #[error("Unknown user-defined function 'udf.{0}'.")]
    UnknownUdf(String),
    /// The resolver ran the UDF and it failed.
    #[error("User-defined function 'udf.{name}' failed: {message}")]
    Udf {
        /// UDF name without the `udf.` prefix.
        name: String,
        /// The resolver's message.
        message: String,
    },
    /// A scalar subquery `(SELECT ...)` produced more than one value.
    #[error("The cardinality of a scalar subquery result set cannot be greater than one.")]
    SubqueryCardinality,
    /// The query would need more memory or work than the engine allows
    /// (e.g. an exploding cross product of JOINs).
    #[error("Query exceeded an execution limit: {0}.")]
    ResourceLimit(String),
    /// A value the query needs has the wrong shape, e.g. `TOP @n` with a
    /// string, or a negative `OFFSET`.
    #[error("{0}")]
    InvalidArgument(String),
}
