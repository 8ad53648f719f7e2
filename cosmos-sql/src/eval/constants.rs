//! String constants of a query converted to JSON once per execution, so
//! that evaluating `c.name = 'x'` over many documents does not allocate a
//! fresh `"x"` for every row.

use super::expr::node_key;
use crate::ast::*;
use serde_json::Value;

/// Literal values keyed by the address of their AST node, sorted by key.
#[derive(Debug, Default)]
pub(crate) struct Constants(Vec<(usize, Value)>);

impl Constants {
    /// Collects every string literal in `q`, including nested subqueries.
    pub(crate) fn of_query(q: &Query) -> Self {
        let mut out = Vec::new();
        query(q, &mut out);
        out.sort_by_key(|(k, _)| *k);
        Constants(out)
    }

    /// Collects the string literals of one expression tree.
    pub(crate) fn of_expr(e: &Expr) -> Self {
        let mut out = Vec::new();
        expr(e, &mut out);
        out.sort_by_key(|(k, _)| *k);
        Constants(out)
    }

    pub(crate) fn get(&self, e: &Expr) -> Option<&Value> {
        let key = node_key(e);
        self.0
            .binary_search_by_key(&key, |(k, _)| *k)
            .ok()
            .map(|i| &self.0[i].1)
    }
}

fn query(q: &Query, out: &mut Vec<(usize, Value)>) {
    match &q.select.list {
        SelectList::Star => {}
        SelectList::Value(e) => expr(e, out),
        SelectList::Items(items) => items.iter().for_each(|i| expr(&i.expr, out)),
    }
    if let Some(from) = &q.from {
        for src in std::iter::once(&from.source).chain(&from.joins) {
            if let Collection::Subquery(sub) = src.collection() {
                query(sub, out);
            }
        }
    }
    q.where_clause
        .iter()
        .chain(&q.group_by)
        .for_each(|e| expr(e, out));
    q.order_by.iter().for_each(|o| expr(&o.expr, out));
}

fn expr(e: &Expr, out: &mut Vec<(usize, Value)>) {
    e.walk(&mut |n| match &n.kind {
        ExprKind::Literal(Literal::String(s)) => out.push((node_key(n), Value::String(s.clone()))),
        ExprKind::Subquery(q) | ExprKind::Exists(q) | ExprKind::ArraySubquery(q) => query(q, out),
        _ => {}
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_string_literals_everywhere() {
        let q = crate::parse(
            "SELECT 'a' AS x, EXISTS(SELECT VALUE 'b' FROM t IN c.tags WHERE t = 'c') \
             FROM (SELECT VALUE 'd') c WHERE 'e' = c ORDER BY CONCAT('f', c)",
        )
        .unwrap();
        let found = Constants::of_query(&q);
        let mut strings: Vec<&str> = found.0.iter().filter_map(|(_, v)| v.as_str()).collect();
        strings.sort();
        assert_eq!(strings, ["a", "b", "c", "d", "e", "f"]);
        let SelectList::Items(items) = &q.select.list else {
            panic!()
        };
        assert_eq!(found.get(&items[0].expr), Some(&Value::String("a".into())));
        assert_eq!(found.get(&items[1].expr), None);
    }
}
