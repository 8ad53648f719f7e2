//! Checks done after syntax, mirroring the service's compile-time errors:
//! names must resolve to aliases in scope, `SELECT *` needs a `FROM`, and
//! aggregates may appear only in the select list (and not nested).

use crate::ast::*;
use crate::error::ParseError;

/// Validates a top-level query.
pub(super) fn query(text: &str, q: &Query) -> Result<(), ParseError> {
    Checker { text }.query(q, &[], true)
}

struct Checker<'t> {
    text: &'t str,
}

impl Checker<'_> {
    fn err(&self, message: impl Into<String>, span: crate::span::Span) -> ParseError {
        ParseError::new(self.text, message, span)
    }

    /// `outer` holds aliases of enclosing queries; `container_level` says
    /// whether a FROM root that is not an alias names the container (true
    /// for the top-level query and subqueries in its first FROM source).
    fn query(&self, q: &Query, outer: &[String], container_level: bool) -> Result<(), ParseError> {
        let mut scope: Vec<String> = outer.to_vec();
        if let Some(from) = &q.from {
            self.source(&from.source, &mut scope, container_level, true)?;
            for j in &from.joins {
                self.source(j, &mut scope, false, false)?;
            }
        }
        match &q.select.list {
            SelectList::Star if q.from.is_none() => {
                return Err(self.err("'SELECT *' is not valid if FROM clause is omitted.", q.span))
            }
            SelectList::Star if q.from.as_ref().is_some_and(|f| !f.joins.is_empty()) => {
                return Err(self.err("'SELECT *' is only valid with a single input set.", q.span))
            }
            SelectList::Star => {}
            SelectList::Value(e) => self.expr(e, &scope, true)?,
            SelectList::Items(items) => {
                for it in items {
                    self.expr(&it.expr, &scope, true)?;
                }
            }
        }
        if let Some(w) = &q.where_clause {
            self.expr(w, &scope, false)?;
        }
        for g in &q.group_by {
            self.expr(g, &scope, false)?;
        }
        for o in &q.order_by {
            self.expr(&o.expr, &scope, false)?;
        }
        Ok(())
    }

    fn source(
        &self,
        src: &FromSource,
        scope: &mut Vec<String>,
        container_level: bool,
        first: bool,
    ) -> Result<(), ParseError> {
        match src.collection() {
            Collection::Subquery(sub) => {
                // A subquery as the first source of a container-level query
                // reads the container; anywhere else it is correlated.
                self.query(sub, scope, container_level && first)?;
            }
            Collection::Path { root, .. } => {
                let is_alias = scope.contains(&root.name);
                if !(is_alias || (first && container_level)) {
                    return Err(self.err(
                        format!("Identifier '{}' could not be resolved.", root.name),
                        root.span,
                    ));
                }
            }
        }
        if let Some(alias) = src.alias() {
            scope.push(alias.to_string());
        }
        Ok(())
    }

    fn expr(&self, e: &Expr, scope: &[String], aggregates_ok: bool) -> Result<(), ParseError> {
        let mut result = Ok(());
        e.walk(&mut |node| {
            if result.is_err() {
                return;
            }
            result = self.node(node, scope, aggregates_ok);
        });
        result
    }

    fn node(&self, node: &Expr, scope: &[String], aggregates_ok: bool) -> Result<(), ParseError> {
        match &node.kind {
            ExprKind::Ident(name) if !scope.iter().any(|a| a == name) => Err(self.err(
                format!("Identifier '{name}' could not be resolved."),
                node.span,
            )),
            ExprKind::Call {
                name,
                udf: false,
                args,
            } if is_aggregate_name(name) => {
                if !aggregates_ok {
                    return Err(self.err(
                        format!("Aggregate function '{}' is not allowed here; aggregates may only appear in the SELECT clause.", name.to_ascii_uppercase()),
                        node.span,
                    ));
                }
                if args.len() != 1 {
                    return Err(self.err(
                        format!(
                            "The {} function requires 1 argument(s).",
                            name.to_ascii_uppercase()
                        ),
                        node.span,
                    ));
                }
                if args[0].contains_aggregate() {
                    return Err(self.err(
                        "Cannot perform an aggregate function on an expression containing an aggregate or a subquery.",
                        node.span,
                    ));
                }
                Ok(())
            }
            ExprKind::Call {
                name,
                udf: false,
                args,
            } => match crate::functions::arity(name) {
                None => Err(self.err(
                    format!("'{name}' is not a recognized built-in function name."),
                    node.span,
                )),
                Some((min, max)) if args.len() < min || args.len() > max => {
                    let expected = match (min, max) {
                        (a, b) if a == b => a.to_string(),
                        (a, usize::MAX) => format!("at least {a}"),
                        (a, b) => format!("{a} to {b}"),
                    };
                    Err(self.err(
                        format!(
                            "The {} function requires {expected} argument(s), but {} were given.",
                            name.to_ascii_uppercase(),
                            args.len()
                        ),
                        node.span,
                    ))
                }
                Some(_) => Ok(()),
            },
            ExprKind::Subquery(q) | ExprKind::Exists(q) | ExprKind::ArraySubquery(q) => {
                self.query(q, scope, false)
            }
            _ => Ok(()),
        }
    }
}
