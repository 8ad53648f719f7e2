//! Running queries: parameters, the UDF hook, and the executor.
//!
//! Execution is deterministic for a given input order: rows are produced
//! in document order (then JOIN order), ORDER BY is a stable sort, groups
//! appear in order of first occurrence, and DISTINCT keeps first
//! occurrences. The emulator can therefore page by position.

mod aggregate;
mod constants;
mod expr;
mod like;
mod ops;
mod query;

use crate::error::EvalError;
use crate::functions::Clock;
use serde_json::Value;
use std::collections::HashMap;

/// Runs `udf.name(args)` calls. The emulator implements this over its
/// JavaScript engine; the query engine never executes JavaScript itself.
pub trait UdfResolver {
    /// Calls the UDF `name` (without the `udf.` prefix). Arguments that are
    /// `undefined` in the query are passed as `null`.
    fn call(&self, name: &str, args: &[Value]) -> Result<Value, UdfError>;
}

/// Why a UDF call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UdfError {
    /// No UDF with that name is registered.
    #[error("unknown user-defined function")]
    Unknown,
    /// The UDF ran and failed (e.g. threw).
    #[error("{0}")]
    Failed(String),
}

/// Values for `@parameters`, as sent by clients in the query body
/// (`"parameters": [{"name": "@x", "value": 1}]`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parameters {
    // `None` records a parameter supplied without a value (undefined).
    values: HashMap<String, Option<Value>>,
}

impl Parameters {
    /// No parameters.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces `name` (with or without the leading `@`).
    pub fn with(mut self, name: &str, value: Value) -> Self {
        self.insert(name, value);
        self
    }

    /// Adds or replaces `name` (with or without the leading `@`).
    pub fn insert(&mut self, name: &str, value: Value) {
        self.values.insert(normalize(name), Some(value));
    }

    /// Reads the wire form: a JSON array of `{"name": "@x", "value": ...}`.
    /// A missing `value` makes the parameter `undefined`.
    pub fn from_json(list: &Value) -> Result<Self, EvalError> {
        let bad = |m: &str| EvalError::InvalidArgument(format!("invalid query parameters: {m}"));
        let mut out = Parameters::new();
        let Value::Array(items) = list else {
            return Err(bad("expected an array"));
        };
        for item in items {
            let name = item
                .get("name")
                .and_then(Value::as_str)
                .ok_or_else(|| bad("each parameter needs a string \"name\""))?;
            out.values
                .insert(normalize(name), item.get("value").cloned());
        }
        Ok(out)
    }

    /// The value of `name` (with or without `@`): `None` if not supplied,
    /// `Some(None)` if supplied as undefined.
    pub fn get(&self, name: &str) -> Option<Option<&Value>> {
        // Avoid allocating on the hot path: names in queries carry the '@'.
        let found = if name.starts_with('@') {
            self.values.get(name)
        } else {
            self.values.get(&normalize(name))
        };
        found.map(Option::as_ref)
    }
}

fn normalize(name: &str) -> String {
    if name.starts_with('@') {
        name.to_string()
    } else {
        format!("@{name}")
    }
}

/// Shared state for one execution.
pub(crate) struct Executor<'e> {
    pub(crate) params: &'e Parameters,
    pub(crate) udf: Option<&'e dyn UdfResolver>,
    pub(crate) clock: Clock,
    /// Prebuilt string constants (see [`constants`]).
    pub(crate) constants: constants::Constants,
}

impl<'e> Executor<'e> {
    pub(crate) fn for_query(
        q: &crate::ast::Query,
        params: &'e Parameters,
        udf: Option<&'e dyn UdfResolver>,
    ) -> Self {
        Executor {
            constants: constants::Constants::of_query(q),
            ..Self::new(params, udf)
        }
    }

    pub(crate) fn for_expr(
        e: &crate::ast::Expr,
        params: &'e Parameters,
        udf: Option<&'e dyn UdfResolver>,
    ) -> Self {
        Executor {
            constants: constants::Constants::of_expr(e),
            ..Self::new(params, udf)
        }
    }

    pub(crate) fn new(params: &'e Parameters, udf: Option<&'e dyn UdfResolver>) -> Self {
        Executor {
            params,
            udf,
            clock: Clock::now(),
            constants: constants::Constants::default(),
        }
    }
}

pub(crate) use query::item_name;
pub use query::{execute_query, MAX_JOIN_ROWS};
