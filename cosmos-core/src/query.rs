//! Parameterized SQL query text, as sent in a query request's body.

use serde::Serialize;
use serde_json::Value;

/// A query and its `@name` parameters: `{"query": "...", "parameters": [{"name", "value"}]}`.
///
/// Parameters keep values out of the query text, so user input is never spliced into SQL.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Query {
    query: String,
    parameters: Vec<QueryParameter>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
struct QueryParameter {
    name: String,
    value: Value,
}

impl Query {
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            query: text.into(),
            parameters: Vec::new(),
        }
    }

    /// Binds `@name` (the `@` is added when missing).
    pub fn with_parameter(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        let mut name = name.into();
        if !name.starts_with('@') {
            name.insert(0, '@');
        }
        let value = value.into();
        match self.parameters.iter_mut().find(|p| p.name == name) {
            Some(existing) => existing.value = value,
            None => self.parameters.push(QueryParameter { name, value }),
        }
        self
    }

    /// The same parameters under another text (a partition's rewrite of the query).
    pub(crate) fn with_text(&self, text: String) -> Self {
        Self {
            query: text,
            parameters: self.parameters.clone(),
        }
    }

    pub fn text(&self) -> &str {
        &self.query
    }

    /// `(name, value)` pairs in binding order.
    pub fn parameters(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.parameters.iter().map(|p| (p.name.as_str(), &p.value))
    }
}

impl From<&str> for Query {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

impl From<String> for Query {
    fn from(text: String) -> Self {
        Self::new(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn serializes_with_parameters() {
        let q = Query::new("SELECT * FROM c WHERE c.a = @a AND c.b = @b")
            .with_parameter("a", 1)
            .with_parameter("@b", "x")
            .with_parameter("a", json!([1, 2]));
        assert_eq!(
            serde_json::to_value(&q).unwrap(),
            json!({"query": "SELECT * FROM c WHERE c.a = @a AND c.b = @b",
                   "parameters": [{"name": "@a", "value": [1, 2]}, {"name": "@b", "value": "x"}]})
        );
        assert_eq!(q.parameters().count(), 2);
        assert_eq!(Query::from("SELECT 1").text(), "SELECT 1");
    }
}
