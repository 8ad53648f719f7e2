//! What a cross-partition query plan needs to know about a query.

use crate::ast::*;
use crate::eval::Parameters;
use serde_json::{json, Value};

/// How DISTINCT results can be de-duplicated across partitions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistinctType {
    /// No DISTINCT.
    None,
    /// DISTINCT with ORDER BY: duplicates arrive adjacent after the merge.
    Ordered,
    /// DISTINCT without ORDER BY: a hash set is needed.
    Unordered,
}

/// An aggregate function used by the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AggregateKind {
    /// COUNT
    Count,
    /// SUM
    Sum,
    /// AVG
    Average,
    /// MIN
    Min,
    /// MAX
    Max,
}

impl AggregateKind {
    /// The name used in query plans (`"Count"`, `"Average"`, ...).
    pub fn plan_name(self) -> &'static str {
        match self {
            AggregateKind::Count => "Count",
            AggregateKind::Sum => "Sum",
            AggregateKind::Average => "Average",
            AggregateKind::Min => "Min",
            AggregateKind::Max => "Max",
        }
    }
}

/// One ORDER BY key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderByInfo {
    /// The key expression as canonical query text, e.g. `c.name`.
    pub expression: String,
    /// DESC.
    pub descending: bool,
}

/// The facts about a query that cross-partition execution depends on.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryInfo {
    /// DISTINCT and how it can be applied.
    pub distinct: DistinctType,
    /// TOP n.
    pub top: Option<Count>,
    /// OFFSET n.
    pub offset: Option<Count>,
    /// LIMIT n.
    pub limit: Option<Count>,
    /// ORDER BY keys in order.
    pub order_by: Vec<OrderByInfo>,
    /// Aggregates in the select list, in order of appearance.
    pub aggregates: Vec<AggregateKind>,
    /// GROUP BY expressions as canonical text.
    pub group_by: Vec<String>,
    /// `SELECT VALUE`.
    pub has_select_value: bool,
    /// For GROUP BY queries with a select list: each output property name
    /// (`$1`, `$2`, ... for unnamed items) with the aggregate it holds, if
    /// the item is a bare aggregate call.
    pub group_by_aliases: Vec<(String, Option<AggregateKind>)>,
}

fn aggregate_kind(name: &str) -> Option<AggregateKind> {
    Some(match name.to_ascii_uppercase().as_str() {
        "COUNT" => AggregateKind::Count,
        "SUM" => AggregateKind::Sum,
        "AVG" => AggregateKind::Average,
        "MIN" => AggregateKind::Min,
        "MAX" => AggregateKind::Max,
        _ => return None,
    })
}

impl Query {
    /// Summarises this query for query-plan generation.
    pub fn info(&self) -> QueryInfo {
        let mut aggregates = Vec::new();
        let mut visit = |e: &Expr| {
            e.walk(&mut |n| {
                if let ExprKind::Call {
                    name, udf: false, ..
                } = &n.kind
                {
                    if let Some(kind) = aggregate_kind(name) {
                        aggregates.push(kind);
                    }
                }
            })
        };
        match &self.select.list {
            SelectList::Star => {}
            SelectList::Value(e) => visit(e),
            SelectList::Items(items) => items.iter().for_each(|i| visit(&i.expr)),
        }
        let distinct = match (self.select.distinct, self.order_by.is_empty()) {
            (false, _) => DistinctType::None,
            (true, false) => DistinctType::Ordered,
            (true, true) => DistinctType::Unordered,
        };
        QueryInfo {
            distinct,
            top: self.select.top.clone(),
            offset: self.offset_limit.as_ref().map(|o| o.offset.clone()),
            limit: self.offset_limit.as_ref().map(|o| o.limit.clone()),
            order_by: self
                .order_by
                .iter()
                .map(|o| OrderByInfo {
                    expression: o.expr.to_string(),
                    descending: o.descending,
                })
                .collect(),
            aggregates,
            group_by: self.group_by.iter().map(|g| g.to_string()).collect(),
            has_select_value: matches!(self.select.list, SelectList::Value(_)),
            group_by_aliases: self.group_by_aliases(),
        }
    }

    fn group_by_aliases(&self) -> Vec<(String, Option<AggregateKind>)> {
        let SelectList::Items(items) = &self.select.list else {
            return Vec::new();
        };
        // Non-VALUE aggregates without GROUP BY merge as one group, so they need the
        // aliases too (the SDKs' GROUP BY pipeline serves them).
        let has_aggregate = items.iter().any(|it| {
            matches!(&it.expr.kind, ExprKind::Call { name, udf: false, .. } if aggregate_kind(name).is_some())
        });
        if self.group_by.is_empty() && !has_aggregate {
            return Vec::new();
        }
        let mut unnamed = 0;
        items
            .iter()
            .map(|it| {
                let name = match crate::eval::item_name(it) {
                    Some(n) => n.to_string(),
                    None => {
                        unnamed += 1;
                        format!("${unnamed}")
                    }
                };
                let kind = match &it.expr.kind {
                    ExprKind::Call {
                        name, udf: false, ..
                    } => aggregate_kind(name),
                    _ => None,
                };
                (name, kind)
            })
            .collect()
    }
}

impl QueryInfo {
    /// Whether a gateway must hand this query back to the SDK with a plan
    /// rather than fan it out itself (TOP, ORDER BY, OFFSET/LIMIT, DISTINCT,
    /// aggregates or GROUP BY).
    pub fn needs_plan(&self) -> bool {
        self.top.is_some()
            || !self.order_by.is_empty()
            || self.offset.is_some()
            || self.distinct != DistinctType::None
            || !self.aggregates.is_empty()
            || !self.group_by.is_empty()
    }

    /// The `queryInfo` object of a query plan response. Parameter counts
    /// are resolved from `params` (unresolvable ones become `null`).
    pub fn to_plan_json(&self, params: &Parameters) -> Value {
        let count = |c: &Option<Count>| match c {
            None => Value::Null,
            Some(Count::Literal(n)) => json!(n),
            Some(Count::Param(p)) => params.get(p).flatten().cloned().unwrap_or(Value::Null),
        };
        json!({
            "distinctType": match self.distinct {
                DistinctType::None => "None",
                DistinctType::Ordered => "Ordered",
                DistinctType::Unordered => "Unordered",
            },
            "top": count(&self.top),
            "offset": count(&self.offset),
            "limit": count(&self.limit),
            "orderBy": self.order_by.iter()
                .map(|o| if o.descending { "Descending" } else { "Ascending" })
                .collect::<Vec<_>>(),
            "orderByExpressions": self.order_by.iter().map(|o| o.expression.clone()).collect::<Vec<_>>(),
            "groupByExpressions": self.group_by,
            "groupByAliases": self.group_by_aliases.iter().map(|(a, _)| a.clone()).collect::<Vec<_>>(),
            // Only VALUE aggregates are listed: the SDKs merge the others through the GROUP BY
            // pipeline (groupByAliasToAggregateType), and the JS SDK refuses a plan that
            // lists aggregates without VALUE.
            "aggregates": if self.has_select_value {
                self.aggregates.iter().map(|a| a.plan_name()).collect::<Vec<_>>()
            } else {
                Vec::new()
            },
            "groupByAliasToAggregateType": self.group_by_aliases.iter()
                .map(|(a, k)| (a.clone(), k.map_or(Value::Null, |k| Value::from(k.plan_name()))))
                .collect::<serde_json::Map<_, _>>(),
            "rewrittenQuery": "",
            "hasSelectValue": self.has_select_value,
            "dCountInfo": null,
            "hasNonStreamingOrderBy": false,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::ast::Count;
    use crate::{parse, AggregateKind, DistinctType, Parameters};
    use serde_json::json;

    #[test]
    fn info_reports_plan_features() {
        let q = parse("SELECT DISTINCT TOP 10 c.a FROM c ORDER BY c.a DESC, c.b").unwrap();
        let i = q.info();
        assert_eq!(i.distinct, DistinctType::Ordered);
        assert_eq!(i.top, Some(Count::Literal(10)));
        assert_eq!(i.order_by.len(), 2);
        assert_eq!(i.order_by[0].expression, "c.a");
        assert!(i.order_by[0].descending && !i.order_by[1].descending);
        assert!(i.needs_plan());

        let q = parse("SELECT VALUE COUNT(1) FROM c").unwrap();
        let i = q.info();
        assert_eq!(i.aggregates, vec![AggregateKind::Count]);
        assert!(i.has_select_value);
        assert_eq!(i.distinct, DistinctType::None);

        let q =
            parse("SELECT c.k, SUM(c.n), AVG(c.n) FROM c GROUP BY c.k OFFSET @o LIMIT 5").unwrap();
        let i = q.info();
        assert_eq!(
            i.aggregates,
            vec![AggregateKind::Sum, AggregateKind::Average]
        );
        assert_eq!(i.group_by, vec!["c.k"]);
        let plan = i.to_plan_json(&Parameters::new().with("@o", json!(3)));
        assert_eq!(plan["offset"], json!(3));
        assert_eq!(plan["limit"], json!(5));
        assert_eq!(plan["aggregates"], json!([]));
        assert_eq!(plan["groupByExpressions"], json!(["c.k"]));
        assert_eq!(plan["hasSelectValue"], json!(false));
        assert_eq!(plan["groupByAliases"], json!(["k", "$1", "$2"]));
        assert_eq!(
            plan["groupByAliasToAggregateType"],
            json!({"k": null, "$1": "Sum", "$2": "Average"})
        );

        let q = parse("SELECT COUNT(1) AS n, MAX(c.k) FROM c").unwrap();
        let plan = q.info().to_plan_json(&Parameters::new());
        assert_eq!(plan["aggregates"], json!([]));
        assert_eq!(
            plan["groupByAliasToAggregateType"],
            json!({"n": "Count", "$1": "Max"})
        );

        let q = parse("SELECT * FROM c WHERE c.x = 1").unwrap();
        assert!(!q.info().needs_plan());
        let q = parse("SELECT DISTINCT VALUE c.x FROM c").unwrap();
        assert_eq!(q.info().distinct, DistinctType::Unordered);
        assert_eq!(
            q.info().to_plan_json(&Parameters::new())["distinctType"],
            json!("Unordered")
        );
    }
}
