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
            let mut sub = None;
            g.walk(&mut |n| {
                if matches!(
                    n.kind,
                    ExprKind::Subquery(_) | ExprKind::Exists(_) | ExprKind::ArraySubquery(_)
                ) {
                    sub.get_or_insert(n.span);
                }
            });
            if let Some(span) = sub {
                return Err(self.err("Subqueries are not allowed in the GROUP BY clause.", span));
            }
        }
        if !q.group_by.is_empty() && !q.order_by.is_empty() {
            return Err(self.err(
                "ORDER BY cannot be used together with GROUP BY.",
                q.order_by[0].expr.span,
            ));
        }
        self.grouping(q)?;
        for o in &q.order_by {
            self.expr(&o.expr, &scope, false)?;
        }
        Ok(())
    }

    /// In a grouped or aggregate query every projected value must come
    /// from a GROUP BY expression, an aggregate, or a constant.
    fn grouping(&self, q: &Query) -> Result<(), ParseError> {
        let exprs: Vec<&Expr> = match &q.select.list {
            SelectList::Star => {
                if !q.group_by.is_empty() {
                    return Err(self.err("'SELECT *' is not valid with GROUP BY.", q.span));
                }
                return Ok(());
            }
            SelectList::Value(e) => vec![e],
            SelectList::Items(items) => items.iter().map(|i| &i.expr).collect(),
        };
        let aggregated = !q.group_by.is_empty() || exprs.iter().any(|e| e.contains_aggregate());
        if !aggregated {
            return Ok(());
        }
        for e in exprs {
            if let Some(bad) = ungrouped(e, &q.group_by) {
                return Err(self.err(
                    format!(
                        "Property reference '{bad}' is invalid in the select list because it is not contained in either an aggregate function or the GROUP BY clause."
                    ),
                    bad.span,
                ));
            }
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

/// The first alias reference in `e` that is neither inside an aggregate
/// nor part of a GROUP BY expression.
fn ungrouped<'e>(e: &'e Expr, keys: &[Expr]) -> Option<&'e Expr> {
    if keys.iter().any(|k| k == e) {
        return None;
    }
    match &e.kind {
        ExprKind::Call {
            name, udf: false, ..
        } if is_aggregate_name(name) => None,
        ExprKind::Ident(_) => Some(e),
        // Subqueries aggregate over their own rows.
        ExprKind::Subquery(_) | ExprKind::Exists(_) | ExprKind::ArraySubquery(_) => None,
        ExprKind::Literal(_) | ExprKind::Param(_) => None,
        ExprKind::Property(b, _) | ExprKind::Unary(_, b) => ungrouped(b, keys).map(|_| e),
        ExprKind::Index(a, b) | ExprKind::Binary(_, a, b) => {
            ungrouped(a, keys).or_else(|| ungrouped(b, keys))
        }
        ExprKind::Between {
            expr, low, high, ..
        } => ungrouped(expr, keys)
            .or_else(|| ungrouped(low, keys))
            .or_else(|| ungrouped(high, keys)),
        ExprKind::In { expr, list, .. } => {
            ungrouped(expr, keys).or_else(|| list.iter().find_map(|x| ungrouped(x, keys)))
        }
        ExprKind::Like { expr, pattern, .. } => {
            ungrouped(expr, keys).or_else(|| ungrouped(pattern, keys))
        }
        ExprKind::Conditional {
            cond,
            then,
            otherwise,
        } => ungrouped(cond, keys)
            .or_else(|| ungrouped(then, keys))
            .or_else(|| ungrouped(otherwise, keys)),
        ExprKind::Call { args, .. } | ExprKind::Array(args) => {
            args.iter().find_map(|x| ungrouped(x, keys))
        }
        ExprKind::Object(props) => props.iter().find_map(|(_, x)| ungrouped(x, keys)),
    }
}
