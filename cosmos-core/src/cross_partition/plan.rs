//! The query plan the gateway returns for queries it will not run across partitions itself.

use serde::Deserialize;
use serde_json::Value;

use super::group_by::GroupShape;
use crate::error::{Error, Result};

/// Placeholder in ORDER BY rewrites for a resume filter; `true` when starting from the top.
const ORDER_BY_FILTER: &str = "{documentdb-formattableorderbyquery-filter}";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub(crate) enum DistinctType {
    #[default]
    None,
    Ordered,
    Unordered,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct QueryPlan {
    pub(crate) query_info: QueryInfo,
    #[serde(default)]
    pub(crate) query_ranges: Vec<QueryRange>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct QueryInfo {
    #[serde(default)]
    pub(crate) distinct_type: DistinctType,
    #[serde(default)]
    pub(crate) top: Option<u64>,
    #[serde(default)]
    pub(crate) offset: Option<u64>,
    #[serde(default)]
    pub(crate) limit: Option<u64>,
    /// `Ascending` / `Descending` per ORDER BY key.
    #[serde(default)]
    pub(crate) order_by: Vec<String>,
    /// `Count`, `Sum`, `Min`, `Max`, `Average`.
    #[serde(default)]
    pub(crate) aggregates: Vec<String>,
    #[serde(default)]
    pub(crate) group_by_expressions: Vec<Value>,
    /// Output property names of a GROUP BY (or non-VALUE aggregate) select list.
    #[serde(default)]
    pub(crate) group_by_aliases: Vec<String>,
    /// Each alias's aggregate (`Count`, `Sum`…), `null` for a grouped value.
    #[serde(default)]
    pub(crate) group_by_alias_to_aggregate_type: serde_json::Map<String, Value>,
    #[serde(default)]
    pub(crate) rewritten_query: String,
    #[serde(default)]
    pub(crate) has_select_value: bool,
}

/// An EPK range the query must visit.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct QueryRange {
    pub(crate) min: String,
    pub(crate) max: String,
}

/// How an aggregate's per-range partials combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Aggregate {
    Count,
    Sum,
    Min,
    Max,
    Average,
}

impl QueryPlan {
    pub(crate) fn parse(value: Value) -> Result<Self> {
        serde_json::from_value(value).map_err(Error::serialization)
    }

    /// Whether rows come back grouped (`{groupByItems, payload}`): GROUP BY, or aggregates
    /// in a select list.
    pub(crate) fn is_grouped(&self) -> bool {
        let info = &self.query_info;
        !info.group_by_expressions.is_empty() || !info.group_by_aliases.is_empty()
    }

    /// How the payloads of a grouped query combine.
    pub(crate) fn group_shape(&self) -> Result<GroupShape> {
        let info = &self.query_info;
        if info.has_select_value {
            return Ok(match self.aggregate()? {
                Some(kind) => GroupShape::ValueAggregate(kind),
                None => GroupShape::Value,
            });
        }
        let fields = info
            .group_by_aliases
            .iter()
            .map(|alias| {
                let kind = match info.group_by_alias_to_aggregate_type.get(alias) {
                    Some(Value::String(name)) => Some(aggregate_named(name)?),
                    _ => None,
                };
                Ok((alias.clone(), kind))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(GroupShape::Fields(fields))
    }

    /// The single VALUE aggregate of the query, if any; errors on shapes this client cannot
    /// merge (several aggregates in one VALUE, or an ungrouped non-VALUE aggregate).
    pub(crate) fn aggregate(&self) -> Result<Option<Aggregate>> {
        let info = &self.query_info;
        match info.aggregates.as_slice() {
            [] => Ok(None),
            [one] if info.has_select_value => Ok(Some(aggregate_named(one)?)),
            [_] if self.is_grouped() => Ok(None),
            [_] => Err(unsupported("aggregates outside SELECT VALUE")),
            _ => Err(unsupported("several aggregates")),
        }
    }

    /// ORDER BY directions, `true` for descending.
    pub(crate) fn descending(&self) -> Vec<bool> {
        self.query_info
            .order_by
            .iter()
            .map(|o| o.eq_ignore_ascii_case("descending"))
            .collect()
    }

    /// The text each range runs: the rewrite (with the resume filter set to `true`), or the
    /// original query when there is none.
    pub(crate) fn range_query_text(&self, original: &str) -> String {
        let rewritten = self.query_info.rewritten_query.trim();
        if rewritten.is_empty() {
            original.to_owned()
        } else {
            rewritten.replace(ORDER_BY_FILTER, "true")
        }
    }

    /// Whether a partition key range `[min, max)` overlaps the ranges the query visits.
    pub(crate) fn visits(&self, min: &str, max: &str) -> bool {
        self.query_ranges.is_empty()
            || self.query_ranges.iter().any(|r| {
                let max_ok = max.is_empty() || r.min.as_str() < max;
                let min_ok = r.max.is_empty() || min < r.max.as_str();
                max_ok && min_ok
            })
    }
}

fn aggregate_named(name: &str) -> Result<Aggregate> {
    Ok(match name {
        "Count" => Aggregate::Count,
        "Sum" => Aggregate::Sum,
        "Min" => Aggregate::Min,
        "Max" => Aggregate::Max,
        "Average" => Aggregate::Average,
        other => return Err(unsupported(&format!("the aggregate {other}"))),
    })
}

fn unsupported(what: &str) -> Error {
    Error::invalid_argument(format!(
        "cross-partition queries with {what} are not supported by this client yet; \
         give a partition key to run the query in one partition"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn plan(info: Value) -> QueryPlan {
        QueryPlan::parse(json!({
            "partitionedQueryExecutionInfoVersion": 2,
            "queryInfo": info,
            "queryRanges": [{"min": "", "max": "80", "isMinInclusive": true, "isMaxInclusive": false}]
        }))
        .unwrap()
    }

    #[test]
    fn reads_the_plan() {
        let p = plan(json!({
            "distinctType": "Ordered", "top": 5, "offset": null, "limit": null,
            "orderBy": ["Descending", "Ascending"], "aggregates": [], "groupByExpressions": [],
            "rewrittenQuery": "SELECT c._rid FROM c WHERE ({documentdb-formattableorderbyquery-filter}) ORDER BY c.a",
            "hasSelectValue": false
        }));
        assert_eq!(p.query_info.distinct_type, DistinctType::Ordered);
        assert_eq!(p.query_info.top, Some(5));
        assert_eq!(p.descending(), [true, false]);
        assert_eq!(p.aggregate().unwrap(), None);
        assert_eq!(
            p.range_query_text("orig"),
            "SELECT c._rid FROM c WHERE (true) ORDER BY c.a"
        );
        assert!(p.visits("", "40"));
        assert!(p.visits("7F", "FF"));
        assert!(!p.visits("80", "FF"));
    }

    #[test]
    fn aggregates_and_unsupported_shapes() {
        let count = plan(json!({"aggregates": ["Count"], "hasSelectValue": true}));
        assert_eq!(count.aggregate().unwrap(), Some(Aggregate::Count));
        assert_eq!(count.range_query_text("orig"), "orig");
        assert!(
            plan(json!({"aggregates": ["Count"], "hasSelectValue": false}))
                .aggregate()
                .is_err()
        );
        assert!(
            plan(json!({"aggregates": ["Sum", "Count"], "hasSelectValue": true}))
                .aggregate()
                .is_err()
        );
        // Grouped plans: the shape of their payloads.
        let grouped = plan(
            json!({"groupByExpressions": ["c.a"], "groupByAliases": ["a", "n"],
            "groupByAliasToAggregateType": {"a": null, "n": "Count"}}),
        );
        assert!(grouped.is_grouped());
        assert_eq!(
            grouped.group_shape().unwrap(),
            GroupShape::Fields(vec![
                ("a".into(), None),
                ("n".into(), Some(Aggregate::Count))
            ])
        );
        let value = plan(json!({"groupByExpressions": ["c.a"], "aggregates": ["Sum"],
            "hasSelectValue": true}));
        assert_eq!(
            value.group_shape().unwrap(),
            GroupShape::ValueAggregate(Aggregate::Sum)
        );
        let odd = plan(json!({"groupByAliases": ["x"],
            "groupByAliasToAggregateType": {"x": "Median"}}));
        assert!(odd.group_shape().is_err());
        assert!(!plan(json!({})).is_grouped());
        assert!(QueryPlan::parse(json!({"queryInfo": {"top": "x"}})).is_err());
    }
}
