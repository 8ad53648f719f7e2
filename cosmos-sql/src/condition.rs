//! Patch conditions: `FROM c WHERE <expr>` evaluated against one document.

use crate::ast::Expr;
use crate::error::EvalError;
use crate::eval::{Executor, Parameters, UdfResolver};
use serde_json::Value;
use std::borrow::Cow;

/// A parsed patch condition (see [`crate::parse_condition`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    alias: String,
    predicate: Expr,
}

impl Condition {
    pub(crate) fn new(alias: String, predicate: Expr) -> Self {
        Condition { alias, predicate }
    }

    /// The alias the condition binds the document to (`c` in `FROM c`).
    pub fn alias(&self) -> &str {
        &self.alias
    }

    /// The predicate after `WHERE`.
    pub fn predicate(&self) -> &Expr {
        &self.predicate
    }

    /// Whether `doc` satisfies the condition. As with `WHERE`, only an
    /// exact `true` counts; `false`, `undefined` or a non-boolean do not.
    pub fn matches(
        &self,
        doc: &Value,
        params: &Parameters,
        udf: Option<&dyn UdfResolver>,
    ) -> Result<bool, EvalError> {
        let exec = Executor::for_expr(&self.predicate, params, udf);
        let row = [(self.alias.as_str(), Cow::Borrowed(doc))];
        let v = exec.eval(&self.predicate, &row, None)?;
        Ok(matches!(v.as_deref(), Some(Value::Bool(true))))
    }
}

#[cfg(test)]
mod tests {
    use crate::{parse_condition, Parameters};
    use serde_json::json;

    #[test]
    fn conditions_evaluate_on_one_document() {
        let doc = json!({"id": "1", "n": 5, "tags": ["a"]});
        let p = Parameters::new();
        let yes = parse_condition("FROM c WHERE c.n > 3 AND ARRAY_CONTAINS(c.tags, 'a')").unwrap();
        assert!(yes.matches(&doc, &p, None).unwrap());
        let no = parse_condition("from x where x.n = '5'").unwrap();
        assert!(!no.matches(&doc, &p, None).unwrap());
        assert_eq!(no.alias(), "x");
        let undefined = parse_condition("FROM c WHERE c.missing").unwrap();
        assert!(!undefined.matches(&doc, &p, None).unwrap());
        let param = parse_condition("FROM c WHERE c.n = @n").unwrap();
        assert!(param
            .matches(&doc, &Parameters::new().with("@n", json!(5)), None)
            .unwrap());
        assert!(param
            .matches(&doc, &Parameters::new().with("n", json!(5)), None)
            .unwrap());
        assert!(param.matches(&doc, &p, None).is_err());
    }

    #[test]
    fn malformed_conditions_are_parse_errors() {
        assert!(parse_condition("WHERE c.n > 1").is_err());
        assert!(parse_condition("FROM c WHERE d.n > 1")
            .unwrap_err()
            .message
            .contains("'d'"));
        assert!(parse_condition("FROM c WHERE").is_err());
        assert!(parse_condition("FROM c WHERE c.a = 1 ORDER BY c.a").is_err());
    }
}
