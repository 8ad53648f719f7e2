//! The query pipeline: FROM/JOIN rows, WHERE, GROUP BY and aggregates,
//! projection, ORDER BY, DISTINCT, OFFSET/LIMIT and TOP.

use super::aggregate::{aggregate_nodes, compute};
use super::expr::{element, node_key, property, AggValues, Binding};
use super::{Executor, Parameters, UdfResolver};
use crate::ast::*;
use crate::error::EvalError;
use crate::value::{canonical_key, order_cmp};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// Runs `query` over `docs` (each document is one row of the first FROM
/// source) and returns the results in order. See the module docs for the
/// determinism guarantee.
pub fn execute_query<'d, I>(
    query: &Query,
    docs: I,
    params: &Parameters,
    udf: Option<&dyn UdfResolver>,
) -> Result<Vec<Value>, EvalError>
where
    I: IntoIterator<Item = &'d Value>,
{
    let exec = Executor::for_query(query, params, udf);
    exec.run_top(query, &mut docs.into_iter())
}

type Row<'a> = Vec<Binding<'a>>;

/// Cap on the cross product of one document's JOINs, so that a query such
/// as six self-joins over a large array fails cleanly instead of
/// exhausting memory.
pub const MAX_JOIN_ROWS: usize = 1_000_000;

/// Results gathered before sorting: sort keys and the projected value.
struct Collected {
    keys: Vec<Option<Value>>,
    value: Value,
}

impl Executor<'_> {
    /// A container-level query: its first FROM source reads the documents.
    fn run_top<'r, 'd: 'r>(
        &'r self,
        q: &'r Query,
        docs: &mut dyn Iterator<Item = &'d Value>,
    ) -> Result<Vec<Value>, EvalError> {
        let Some(from) = &q.from else {
            return self.pipeline(q, vec![Ok(Vec::new())].into_iter());
        };
        if let Collection::Subquery(sub) = from.source.collection() {
            // `FROM (SELECT ...) x` runs the inner query over the container
            // first (so `SELECT COUNT(1) FROM (SELECT DISTINCT ...)` counts
            // distinct values), then the outer query over its results.
            let inner = self.run_top(sub, docs)?;
            let rows = inner.iter().flat_map(|v| {
                let firsts = bind_first(&from.source, Cow::Borrowed(v));
                firsts
                    .into_iter()
                    .map(|row| self.joins(from, row))
                    .collect::<Vec<_>>()
            });
            return self.pipeline(q, rows.flat_map(flatten));
        }
        let alias = from.source.alias().unwrap_or("");
        if from.joins.is_empty() {
            if let FromSource::Aliased {
                collection: Collection::Path { path, .. },
                ..
            } = &from.source
            {
                // Fast path for the common `FROM c` (or `FROM c.path x`): one
                // row per document, no intermediate vectors.
                let rows = docs.filter_map(|doc: &'d Value| {
                    let doc: &'r Value = doc;
                    walk(Cow::Borrowed(doc), path).map(|v| Ok(vec![(alias, v)]))
                });
                return self.pipeline(q, rows);
            }
        }
        let rows = docs.flat_map(|doc: &'d Value| {
            let doc: &'r Value = doc;
            let firsts = match self.source_values(&from.source, &[], Some(doc)) {
                Ok(vals) => vals,
                Err(e) => return vec![Err(e)],
            };
            let alias = from.source.alias().unwrap_or("");
            firsts
                .into_iter()
                .map(|v| self.joins(from, vec![(alias, v)]))
                .flat_map(flatten)
                .collect::<Vec<_>>()
        });
        self.pipeline(q, rows)
    }

    /// A correlated subquery: FROM roots resolve against the outer row.
    pub(crate) fn run_subquery<'r>(
        &'r self,
        q: &'r Query,
        outer: &'r [Binding<'r>],
    ) -> Result<Vec<Value>, EvalError> {
        let base: Row<'r> = outer
            .iter()
            .map(|(n, v)| (*n, Cow::Borrowed(&**v)))
            .collect();
        let Some(from) = &q.from else {
            return self.pipeline(q, vec![Ok(base)].into_iter());
        };
        let firsts = self.source_values(&from.source, &base, None)?;
        let alias = from.source.alias().unwrap_or("");
        let rows: Vec<Result<Row<'r>, EvalError>> = firsts
            .into_iter()
            .map(|v| {
                let mut row = base.clone();
                row.push((alias, v));
                self.joins(from, row)
            })
            .flat_map(flatten)
            .collect();
        self.pipeline(q, rows.into_iter())
    }

    /// Expands `row` by every JOIN in turn (a cross product per row).
    fn joins<'r>(&'r self, from: &'r From, row: Row<'r>) -> Result<Vec<Row<'r>>, EvalError> {
        let mut rows = vec![row];
        for j in &from.joins {
            let alias = j.alias().unwrap_or("");
            let mut next = Vec::new();
            for row in rows {
                for v in self.source_values(j, &row, None)? {
                    if next.len() >= MAX_JOIN_ROWS {
                        return Err(EvalError::ResourceLimit(format!(
                            "the JOINs of one document produce more than {MAX_JOIN_ROWS} rows"
                        )));
                    }
                    let mut r = row.clone();
                    r.push((alias, v));
                    next.push(r);
                }
            }
            rows = next;
        }
        Ok(rows)
    }

    /// The values one FROM/JOIN source binds for the current row.
    fn source_values<'r>(
        &'r self,
        src: &'r FromSource,
        row: &[Binding<'r>],
        container: Option<&'r Value>,
    ) -> Result<Vec<Cow<'r, Value>>, EvalError> {
        let value = match src.collection() {
            Collection::Path { root, path } => {
                let start = match row.iter().rev().find(|(n, _)| *n == root.name) {
                    Some((_, v)) => reborrow(v),
                    None => match container {
                        Some(doc) => Cow::Borrowed(doc),
                        None => return Ok(Vec::new()),
                    },
                };
                match walk(start, path) {
                    Some(v) => v,
                    None => return Ok(Vec::new()),
                }
            }
            Collection::Subquery(q) => {
                // Owned results: bind each one (or iterate each one's elements).
                let owned_row: Vec<Binding<'_>> =
                    row.iter().map(|(n, v)| (*n, Cow::Borrowed(&**v))).collect();
                let results = self.run_subquery(q, &owned_row)?;
                return Ok(match src {
                    FromSource::Aliased { .. } => results.into_iter().map(Cow::Owned).collect(),
                    FromSource::Iterator { .. } => results
                        .into_iter()
                        .flat_map(|v| match v {
                            Value::Array(a) => a,
                            _ => Vec::new(),
                        })
                        .map(Cow::Owned)
                        .collect(),
                });
            }
        };
        Ok(match src {
            FromSource::Aliased { .. } => vec![value],
            FromSource::Iterator { .. } => elements(value),
        })
    }

    /// WHERE, then grouping or plain projection, then ordering and paging.
    fn pipeline<'r>(
        &'r self,
        q: &'r Query,
        rows: impl Iterator<Item = Result<Row<'r>, EvalError>>,
    ) -> Result<Vec<Value>, EvalError> {
        let top = self.count(q.select.top.as_ref())?;
        let (offset, limit) = match &q.offset_limit {
            Some(ol) => (
                self.count(Some(&ol.offset))?.unwrap_or(0),
                self.count(Some(&ol.limit))?,
            ),
            None => (0, None),
        };
        let aggregated = !q.group_by.is_empty() || select_has_aggregate(&q.select.list);
        // Without ORDER BY or grouping, stop as soon as enough rows exist.
        let wanted = match (limit, top) {
            (Some(l), Some(t)) => Some(offset.saturating_add(l.min(t))),
            (Some(l), None) => Some(offset.saturating_add(l)),
            (None, Some(t)) => Some(offset.saturating_add(t)),
            (None, None) => None,
        };
        let stream_limit = if q.order_by.is_empty() && !aggregated {
            wanted
        } else {
            None
        };

        let mut seen: HashSet<String> = HashSet::new();
        let mut collected: Vec<Collected> = Vec::new();
        // (group key values, first row, member rows)
        let mut groups: Vec<(Vec<Option<Value>>, Row<'r>, Vec<Row<'r>>)> = Vec::new();
        let mut group_index: HashMap<String, usize> = HashMap::new();
        let mut key = String::new();

        for row in rows {
            let row = row?;
            if let Some(w) = &q.where_clause {
                if !matches!(
                    self.eval(w, &row, None)?.as_deref(),
                    Some(Value::Bool(true))
                ) {
                    continue;
                }
            }
            if aggregated {
                key.clear();
                let mut values = Vec::with_capacity(q.group_by.len());
                for g in &q.group_by {
                    let v = self.eval(g, &row, None)?;
                    canonical_key(v.as_deref(), &mut key);
                    values.push(v.map(Cow::into_owned));
                }
                let idx = *group_index.entry(key.clone()).or_insert_with(|| {
                    groups.push((values, row.clone(), Vec::new()));
                    groups.len() - 1
                });
                groups[idx].2.push(row);
                continue;
            }
            if let Some(c) = self.project_row(q, &row, None)? {
                if q.select.distinct && !first_seen(&mut seen, &c.value) {
                    continue;
                }
                collected.push(c);
                if stream_limit.is_some_and(|n| collected.len() >= n) {
                    break;
                }
            }
        }

        if aggregated {
            if groups.is_empty() && q.group_by.is_empty() {
                // Aggregates without GROUP BY always yield one row, even over no input.
                groups.push((Vec::new(), Vec::new(), Vec::new()));
            }
            // Groups come out in ascending key order (undefined first), as
            // the service's documented GROUP BY samples show.
            groups.sort_by(|a, b| {
                a.0.iter()
                    .zip(&b.0)
                    .map(|(x, y)| order_cmp(x.as_ref(), y.as_ref()))
                    .find(|o| o.is_ne())
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            let mut nodes = Vec::new();
            aggregate_nodes(q, &mut nodes);
            for (_, first, members) in &groups {
                let mut values = AggValues::new();
                for node in &nodes {
                    values.insert(node_key(node), compute(self, node, members)?);
                }
                if let Some(c) = self.project_row(q, first, Some(&values))? {
                    if q.select.distinct && !first_seen(&mut seen, &c.value) {
                        continue;
                    }
                    collected.push(c);
                }
            }
        }

        if !q.order_by.is_empty() {
            // Stable: ties keep input order.
            collected.sort_by(|a, b| {
                for (i, item) in q.order_by.iter().enumerate() {
                    let o = order_cmp(a.keys[i].as_ref(), b.keys[i].as_ref());
                    let o = if item.descending { o.reverse() } else { o };
                    if o.is_ne() {
                        return o;
                    }
                }
                std::cmp::Ordering::Equal
            });
        }
        let take = match (limit, top) {
            (Some(l), Some(t)) => l.min(t),
            (Some(l), None) => l,
            (None, Some(t)) => t,
            (None, None) => usize::MAX,
        };
        Ok(collected
            .into_iter()
            .skip(offset)
            .take(take)
            .map(|c| c.value)
            .collect())
    }

    /// Sort keys and projection for one row (or one group when `agg` is set).
    /// `None` when the projection is undefined (dropped from results).
    fn project_row<'r>(
        &'r self,
        q: &'r Query,
        row: &'r [Binding<'r>],
        agg: Option<&'r AggValues>,
    ) -> Result<Option<Collected>, EvalError> {
        let value = match &q.select.list {
            SelectList::Star => Some(star(row)),
            SelectList::Value(e) => self.eval(e, row, agg)?.map(Cow::into_owned),
            SelectList::Items(items) => {
                let mut m = Map::new();
                let mut unnamed = 0;
                for it in items {
                    let name = match item_name(it) {
                        Some(n) => n.to_string(),
                        None => {
                            unnamed += 1;
                            format!("${unnamed}")
                        }
                    };
                    if let Some(v) = self.eval(&it.expr, row, agg)? {
                        m.insert(name, v.into_owned());
                    }
                }
                Some(Value::Object(m))
            }
        };
        let Some(value) = value else { return Ok(None) };
        let mut keys = Vec::with_capacity(q.order_by.len());
        for o in &q.order_by {
            keys.push(self.eval(&o.expr, row, agg)?.map(Cow::into_owned));
        }
        Ok(Some(Collected { keys, value }))
    }

    fn count(&self, c: Option<&Count>) -> Result<Option<usize>, EvalError> {
        match c {
            None => Ok(None),
            Some(Count::Literal(n)) => Ok(Some(usize::try_from(*n).unwrap_or(usize::MAX))),
            Some(Count::Param(p)) => match self.params.get(p) {
                None => Err(EvalError::MissingParameter(p.clone())),
                Some(v) => v
                    .and_then(Value::as_u64)
                    .map(|n| Some(usize::try_from(n).unwrap_or(usize::MAX)))
                    .ok_or_else(|| {
                        EvalError::InvalidArgument(format!(
                            "The value of parameter '{p}' must be a non-negative integer for TOP, OFFSET or LIMIT."
                        ))
                    }),
            },
        }
    }
}

fn flatten<'r>(r: Result<Vec<Row<'r>>, EvalError>) -> Vec<Result<Row<'r>, EvalError>> {
    match r {
        Ok(rows) => rows.into_iter().map(Ok).collect(),
        Err(e) => vec![Err(e)],
    }
}

fn bind_first<'r>(src: &'r FromSource, v: Cow<'r, Value>) -> Vec<Row<'r>> {
    let alias = src.alias().unwrap_or("");
    let vals = match src {
        FromSource::Aliased { .. } => vec![v],
        FromSource::Iterator { .. } => elements(v),
    };
    vals.into_iter().map(|v| vec![(alias, v)]).collect()
}

fn reborrow<'r>(v: &Cow<'r, Value>) -> Cow<'r, Value> {
    match v {
        Cow::Borrowed(b) => Cow::Borrowed(*b),
        Cow::Owned(o) => Cow::Owned(o.clone()),
    }
}

fn walk<'r>(mut v: Cow<'r, Value>, path: &[PathSegment]) -> Option<Cow<'r, Value>> {
    for seg in path {
        v = match seg {
            PathSegment::Property(p) => property(v, p)?,
            PathSegment::Index(i) => element(v, usize::try_from(*i).ok()?)?,
        };
    }
    Some(v)
}

/// The elements of an array (nothing for any other value).
fn elements(v: Cow<'_, Value>) -> Vec<Cow<'_, Value>> {
    match v {
        Cow::Borrowed(Value::Array(a)) => a.iter().map(Cow::Borrowed).collect(),
        Cow::Owned(Value::Array(a)) => a.into_iter().map(Cow::Owned).collect(),
        _ => Vec::new(),
    }
}

/// `SELECT *`: the value of the query's single source, which is the last
/// binding (earlier ones belong to enclosing queries).
fn star(row: &[Binding<'_>]) -> Value {
    row.last()
        .map_or(Value::Null, |(_, v)| v.clone().into_owned())
}

/// The property name of an unaliased projection: the last property name
/// of a path, or the alias name itself; `None` means `$1`, `$2`, ...
pub(crate) fn item_name(it: &SelectItem) -> Option<&str> {
    if let Some(a) = &it.alias {
        return Some(&a.name);
    }
    match &it.expr.kind {
        ExprKind::Property(_, name) => Some(name),
        ExprKind::Ident(name) => Some(name),
        ExprKind::Index(_, idx) => match &idx.kind {
            ExprKind::Literal(Literal::String(s)) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

fn select_has_aggregate(list: &SelectList) -> bool {
    match list {
        SelectList::Star => false,
        SelectList::Value(e) => e.contains_aggregate(),
        SelectList::Items(items) => items.iter().any(|i| i.expr.contains_aggregate()),
    }
}

fn first_seen(seen: &mut HashSet<String>, v: &Value) -> bool {
    let mut k = String::new();
    canonical_key(Some(v), &mut k);
    seen.insert(k)
}
