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
    let info = query.info();
    if !query.group_by.is_empty() || !info.group_by_aliases.is_empty() {
        return Some(rewrite_group_by(query, &info));
    }
    if let SelectList::Value(expr) = &query.select.list {
        if let Some(item) = aggregate_item(expr) {
            return Some(format!("SELECT VALUE [{item}]{}", tail(query, false)));
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

/// The partial an SDK merges for a bare aggregate call: `{"item": …}`; AVG as `{sum, count}`,
/// and MIN/MAX also as `"item2": {"min"|"max", "count"}`, which the JS SDK reads.
fn aggregate_item(expr: &cosmos_sql::ast::Expr) -> Option<String> {
    let kind = single_aggregate(expr)?;
    let ExprKind::Call { args, .. } = &expr.kind else {
        return None;
    };
    let arg = args.first()?;
    Some(match kind {
        AggregateKind::Average => {
            format!("{{\"item\": {{\"sum\": SUM({arg}), \"count\": COUNT({arg})}}}}")
        }
        AggregateKind::Min | AggregateKind::Max => {
            let key = if kind == AggregateKind::Min {
                "min"
            } else {
                "max"
            };
            format!(
                "{{\"item\": {expr}, \"item2\": {{\"{key}\": {expr}, \"count\": COUNT({arg})}}}}"
            )
        }
        _ => format!("{{\"item\": {expr}}}"),
    })
}

/// GROUP BY and non-VALUE aggregates: `SELECT [{"item": k1}, …] AS groupByItems,
/// {"alias": value-or-partial, …} AS payload FROM … GROUP BY …`, the rows the SDKs' GROUP BY
/// pipeline merges per group (`[partial]` as the payload of `SELECT VALUE <aggregate>`).
fn rewrite_group_by(query: &Query, info: &cosmos_sql::QueryInfo) -> String {
    let payload = match &query.select.list {
        SelectList::Value(expr) => aggregate_item(expr)
            .map(|item| format!("[{item}]"))
            .unwrap_or_else(|| expr.to_string()),
        SelectList::Items(list) => {
            let fields: Vec<String> = list
                .iter()
                .zip(&info.group_by_aliases)
                .map(|(item, (name, _))| {
                    let value = aggregate_item(&item.expr).unwrap_or_else(|| item.expr.to_string());
                    format!("{}: {value}", Value::String(name.clone()))
                })
                .collect();
            format!("{{{}}}", fields.join(", "))
        }
        SelectList::Star => "*".to_owned(),
    };
    let keys: Vec<String> = query
        .group_by
        .iter()
        .map(|g| format!("{{\"item\": {g}}}"))
        .collect();
    let groups: Vec<String> = query.group_by.iter().map(ToString::to_string).collect();
    if groups.is_empty() {
        format!("SELECT {payload} AS payload{}", tail(query, false))
    } else {
        format!(
            "SELECT [{}] AS groupByItems, {payload} AS payload{} GROUP BY {}",
            keys.join(", "),
            tail(query, false),
            groups.join(", ")
        )
    }
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
    fn group_by_rewrites_give_group_items_and_partials() {
        let text = rewritten(
            "SELECT c.k, COUNT(1) AS n, MIN(c.v) AS lo FROM c WHERE c.v > 0 GROUP BY c.k",
        )
        .unwrap();
        let docs = [
            json!({"k": "a", "v": 2}),
            json!({"k": "a", "v": 1}),
            json!({"k": "b", "v": 5}),
        ];
        let rows = parse(&text)
            .unwrap()
            .execute(&docs, &Parameters::new(), None)
            .unwrap();
        assert_eq!(
            rows[0],
            json!({"groupByItems": [{"item": "a"}], "payload": {"k": "a", "n": {"item": 2},
                "lo": {"item": 1, "item2": {"min": 1, "count": 2}}}})
        );
        let text = rewritten("SELECT VALUE SUM(c.v) FROM c GROUP BY c.k").unwrap();
        let rows = parse(&text)
            .unwrap()
            .execute(&docs, &Parameters::new(), None)
            .unwrap();
        assert_eq!(
            rows[1],
            json!({"groupByItems": [{"item": "b"}], "payload": [{"item": 5}]})
        );
        let text = rewritten("SELECT COUNT(1) AS n FROM c").unwrap();
        let rows = parse(&text)
            .unwrap()
            .execute(&docs, &Parameters::new(), None)
            .unwrap();
        assert_eq!(rows, vec![json!({"payload": {"n": {"item": 3}}})]);
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
