//! Query plans for the SDKs' client-side cross-partition pipeline (ORDER BY, aggregates, TOP,
//! OFFSET/LIMIT, DISTINCT), and the per-partition rewrite of the query they run.
//!
//! The gateway refuses such queries across partitions (400/1004, with the plan attached);
//! the SDK then sends `rewrittenQuery` to every range and merges. The rewrites produce the
//! shapes the SDKs merge on: `{_rid, orderByItems: [{item}], payload}` rows for ORDER BY and
//! `[{"item": partial}]` rows for VALUE aggregates (AVG as `{sum, count}`).

use cosmos_sql::ast::{ExprKind, Query, SelectList};
use cosmos_sql::{AggregateKind, Parameters};
use serde_json::{json, Value};

/// Placeholder the SDKs replace with `true` (or a resume filter) in ORDER BY rewrites.
pub const ORDER_BY_FILTER: &str = "{documentdb-formattableorderbyquery-filter}";

/// Why the gateway will not run a query across partitions itself.
#[derive(Debug, Clone, PartialEq)]
pub enum CrossPartition {
    /// Filters and projections: the gateway serves them.
    Servable,
    /// The SDK must run it with this plan (400/1004).
    NeedsPlan(Value),
    /// Non-VALUE aggregates or GROUP BY: refused outright.
    Unsupported,
}

/// Classifies a query for a cross-partition request.
pub fn classify(query: &Query, params: &Parameters) -> CrossPartition {
    let info = query.info();
    if !info.needs_plan() {
        return CrossPartition::Servable;
    }
    if !info.group_by.is_empty() || (!info.aggregates.is_empty() && !info.has_select_value) {
        return CrossPartition::Unsupported;
    }
    CrossPartition::NeedsPlan(plan(query, params))
}

/// The query plan response body.
pub fn plan(query: &Query, params: &Parameters) -> Value {
    let mut query_info = query.info().to_plan_json(params);
    query_info["rewrittenQuery"] = Value::String(rewrite(query).unwrap_or_default());
    json!({
        "partitionedQueryExecutionInfoVersion": 2,
        "queryInfo": query_info,
        "queryRanges": [{"min": "", "max": "FF", "isMinInclusive": true, "isMaxInclusive": false}],
        "hybridSearchQueryInfo": null,
    })
}

/// The per-partition form of a query, or `None` when the original runs unchanged.
pub fn rewrite(query: &Query) -> Option<String> {
    if !query.order_by.is_empty() {
        return Some(rewrite_order_by(query));
    }
    if let SelectList::Value(expr) = &query.select.list {
        if let Some(kind) = single_aggregate(expr) {
            let item = match kind {
                AggregateKind::Average => {
                    let ExprKind::Call { args, .. } = &expr.kind else {
                        return None;
                    };
                    let arg = args.first()?;
                    format!("{{\"sum\": SUM({arg}), \"count\": COUNT({arg})}}")
                }
                _ => expr.to_string(),
            };
            return Some(format!(
                "SELECT VALUE [{{\"item\": {item}}}]{}",
                tail(query, false)
            ));
        }
    }
    if query.offset_limit.is_some() {
        // OFFSET/LIMIT apply after the merge: every partition returns everything up to it.
        let mut unlimited = query.clone();
        unlimited.offset_limit = None;
        return Some(unlimited.to_string());
    }
    None
}

/// `SELECT alias._rid, [{"item": k1}, …] AS orderByItems, <payload> AS payload FROM …
/// WHERE ({filter}) AND (<where>) ORDER BY …`.
fn rewrite_order_by(query: &Query) -> String {
    let alias = query
        .from
        .as_ref()
        .and_then(|f| f.source.alias())
        .unwrap_or("root")
        .to_owned();
    let items: Vec<String> = query
        .order_by
        .iter()
        .map(|o| format!("{{\"item\": {}}}", o.expr))
        .collect();
    let payload = match &query.select.list {
        SelectList::Star => alias.clone(),
        SelectList::Value(expr) => expr.to_string(),
        SelectList::Items(list) => {
            let mut unnamed = 0;
            let fields: Vec<String> = list
                .iter()
                .map(|item| {
                    let name = match (&item.alias, &item.expr.kind) {
                        (Some(a), _) => a.name.clone(),
                        (None, ExprKind::Property(_, name)) => name.clone(),
                        (None, _) => {
                            unnamed += 1;
                            format!("${unnamed}")
                        }
                    };
                    format!("{}: {}", Value::String(name), item.expr)
                })
                .collect();
            format!("{{{}}}", fields.join(", "))
        }
    };
    let top = query
        .select
        .top
        .as_ref()
        .map(|t| format!("TOP {t} "))
        .unwrap_or_default();
    let distinct = if query.select.distinct {
        "DISTINCT "
    } else {
        ""
    };
    let order: Vec<String> = query
        .order_by
        .iter()
        .map(|o| format!("{}{}", o.expr, if o.descending { " DESC" } else { "" }))
        .collect();
    format!(
        "SELECT {distinct}{top}{alias}._rid, [{}] AS orderByItems, {payload} AS payload{} ORDER BY {}",
        items.join(", "),
        tail(query, true),
        order.join(", ")
    )
}

/// ` FROM … WHERE …` of the original query; with the ORDER BY filter placeholder when asked.
fn tail(query: &Query, order_by_filter: bool) -> String {
    let mut out = String::new();
    if let Some(from) = &query.from {
        out.push_str(&format!(" FROM {}", from.source));
        for join in &from.joins {
            out.push_str(&format!(" JOIN {join}"));
        }
    }
    match (&query.where_clause, order_by_filter) {
        (Some(w), true) => out.push_str(&format!(" WHERE ({ORDER_BY_FILTER}) AND ({w})")),
        (None, true) => out.push_str(&format!(" WHERE ({ORDER_BY_FILTER})")),
        (Some(w), false) => out.push_str(&format!(" WHERE {w}")),
        (None, false) => {}
    }
    out
}

/// `COUNT(x)`, `SUM(x)`, … as the whole expression.
fn single_aggregate(expr: &cosmos_sql::ast::Expr) -> Option<AggregateKind> {
    let ExprKind::Call {
        name, udf: false, ..
    } = &expr.kind
    else {
        return None;
    };
    Some(match name.to_ascii_uppercase().as_str() {
        "COUNT" => AggregateKind::Count,
        "SUM" => AggregateKind::Sum,
        "AVG" => AggregateKind::Average,
        "MIN" => AggregateKind::Min,
        "MAX" => AggregateKind::Max,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmos_sql::parse;

    fn rewritten(text: &str) -> Option<String> {
        rewrite(&parse(text).unwrap())
    }

    #[test]
    fn order_by_rewrite_parses_and_keeps_filters() {
        let text =
            rewritten("SELECT c.id, c.n AS num FROM c WHERE c.n > 1 ORDER BY c.n DESC").unwrap();
        assert!(text.contains("AS orderByItems"), "{text}");
        assert!(text.contains(ORDER_BY_FILTER), "{text}");
        let runnable = text.replace(ORDER_BY_FILTER, "true");
        let q = parse(&runnable).unwrap();
        let docs = [
            json!({"id": "a", "n": 2, "_rid": "r1"}),
            json!({"id": "b", "n": 5, "_rid": "r2"}),
            json!({"id": "c", "n": 0, "_rid": "r3"}),
        ];
        let rows = q.execute(&docs, &Parameters::new(), None).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0]["orderByItems"], json!([{"item": 5}]));
        assert_eq!(rows[0]["payload"], json!({"id": "b", "num": 5}));
        assert_eq!(rows[0]["_rid"], "r2");
    }

    #[test]
    fn aggregate_rewrites() {
        let count = rewritten("SELECT VALUE COUNT(1) FROM c WHERE c.x = 1").unwrap();
        let rows = parse(&count)
            .unwrap()
            .execute(
                &[json!({"x": 1}), json!({"x": 1})],
                &Parameters::new(),
                None,
            )
            .unwrap();
        assert_eq!(rows, vec![json!([{"item": 2}])]);
        let avg = rewritten("SELECT VALUE AVG(c.n) FROM c").unwrap();
        let rows = parse(&avg)
            .unwrap()
            .execute(
                &[json!({"n": 1}), json!({"n": 3})],
                &Parameters::new(),
                None,
            )
            .unwrap();
        assert_eq!(rows, vec![json!([{"item": {"sum": 4, "count": 2}}])]);
        assert_eq!(rewritten("SELECT * FROM c WHERE c.x = 1"), None);
        assert_eq!(
            rewritten("SELECT * FROM c OFFSET 1 LIMIT 2").unwrap(),
            "SELECT * FROM c"
        );
    }

    #[test]
    fn classification() {
        let p = Parameters::new();
        assert_eq!(
            classify(&parse("SELECT * FROM c WHERE c.a = 1").unwrap(), &p),
            CrossPartition::Servable
        );
        assert_eq!(
            classify(&parse("SELECT COUNT(1) FROM c").unwrap(), &p),
            CrossPartition::Unsupported
        );
        assert_eq!(
            classify(&parse("SELECT c.k FROM c GROUP BY c.k").unwrap(), &p),
            CrossPartition::Unsupported
        );
        let CrossPartition::NeedsPlan(plan) =
            classify(&parse("SELECT TOP 2 * FROM c ORDER BY c.n").unwrap(), &p)
        else {
            panic!("ORDER BY needs a plan")
        };
        assert_eq!(plan["queryInfo"]["top"], 2);
        assert_eq!(plan["queryInfo"]["orderBy"], json!(["Ascending"]));
        assert!(plan["queryInfo"]["rewrittenQuery"]
            .as_str()
            .unwrap()
            .contains("orderByItems"));
        assert_eq!(plan["queryRanges"][0]["max"], "FF");
    }
}
