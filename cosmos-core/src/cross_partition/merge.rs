//! Merging per-range results into the query's answer: ORDER BY k-way merge, aggregate
//! combination, range-by-range concatenation, then DISTINCT, OFFSET and TOP/LIMIT.

use std::collections::{HashSet, VecDeque};

use cosmos_protocol::headers as h;
use serde_json::Value;

use super::ordering::{compare, compare_order_by_items};
use super::plan::{Aggregate, DistinctType};
use crate::error::Result;
use crate::pipeline::Pipeline;
use crate::request::Request;

/// Charges and the last activity id of the sub-requests behind a merged page.
#[derive(Debug, Default)]
pub(crate) struct Accounting {
    pub(crate) request_charge: f64,
    pub(crate) activity_id: Option<String>,
}

/// The results of one partition key range, fetched a page at a time.
pub(crate) struct RangeReader {
    request: Request,
    continuation: Option<String>,
    buffer: VecDeque<Value>,
    exhausted: bool,
}

impl RangeReader {
    pub(crate) fn new(request: Request) -> Self {
        Self {
            request,
            continuation: None,
            buffer: VecDeque::new(),
            exhausted: false,
        }
    }

    /// Fetches pages until the buffer has a row or the range is done.
    async fn fill(&mut self, pipeline: &Pipeline, acc: &mut Accounting) -> Result<()> {
        while self.buffer.is_empty() && !self.exhausted {
            let mut request = self.request.clone();
            if let Some(token) = &self.continuation {
                request.header(h::CONTINUATION, token)?;
            }
            let raw = pipeline.send(&request).await?;
            acc.request_charge += raw.headers.request_charge();
            acc.activity_id = raw.headers.activity_id().map(str::to_owned);
            let rows = raw
                .json::<crate::pager::FeedBody<Value>>()?
                .map(|b| b.items)
                .unwrap_or_default();
            let next = raw.headers.continuation().map(str::to_owned);
            // An echoed token with no rows would never end.
            self.exhausted = next.is_none() || (rows.is_empty() && next == self.continuation);
            self.continuation = next;
            self.buffer.extend(rows);
        }
        Ok(())
    }
}

/// How rows of the ranges become one sequence.
pub(crate) enum Mode {
    /// ORDER BY rewrite rows `{_rid, orderByItems, payload}`, merged by key.
    OrderBy { descending: Vec<bool> },
    /// `[{"item": partial}]` rows, combined into one value.
    Aggregate(Aggregate),
    /// Range after range, as served.
    Concat,
}

/// Produces the query's values one by one.
pub(crate) struct Merger {
    readers: Vec<RangeReader>,
    mode: Mode,
    current: usize,
    aggregated: bool,
    distinct: DistinctType,
    seen: HashSet<String>,
    last: Option<Value>,
    skip: u64,
    remaining: Option<u64>,
}

impl Merger {
    pub(crate) fn new(
        readers: Vec<RangeReader>,
        mode: Mode,
        distinct: DistinctType,
        offset: Option<u64>,
        take: Option<u64>,
    ) -> Self {
        Self {
            readers,
            mode,
            current: 0,
            aggregated: false,
            distinct,
            seen: HashSet::new(),
            last: None,
            skip: offset.unwrap_or(0),
            remaining: take,
        }
    }

    /// The next value of the answer, after DISTINCT, OFFSET and TOP/LIMIT.
    pub(crate) async fn next(
        &mut self,
        pipeline: &Pipeline,
        acc: &mut Accounting,
    ) -> Result<Option<Value>> {
        loop {
            if self.remaining == Some(0) {
                return Ok(None);
            }
            let Some(value) = self.next_merged(pipeline, acc).await? else {
                return Ok(None);
            };
            if !self.is_new(&value) {
                continue;
            }
            if self.skip > 0 {
                self.skip -= 1;
                continue;
            }
            if let Some(n) = &mut self.remaining {
                *n -= 1;
            }
            return Ok(Some(value));
        }
    }

    fn is_new(&mut self, value: &Value) -> bool {
        match self.distinct {
            DistinctType::None => true,
            // Ordered input: duplicates are adjacent.
            DistinctType::Ordered => {
                let new = self.last.as_ref() != Some(value);
                self.last = Some(value.clone());
                new
            }
            DistinctType::Unordered => self.seen.insert(canonical(value)),
        }
    }

    async fn next_merged(
        &mut self,
        pipeline: &Pipeline,
        acc: &mut Accounting,
    ) -> Result<Option<Value>> {
        match &self.mode {
            Mode::Concat => loop {
                let Some(reader) = self.readers.get_mut(self.current) else {
                    return Ok(None);
                };
                reader.fill(pipeline, acc).await?;
                match reader.buffer.pop_front() {
                    Some(row) => return Ok(Some(row)),
                    None => self.current += 1,
                }
            },
            Mode::OrderBy { descending } => {
                let descending = descending.clone();
                loop {
                    for reader in &mut self.readers {
                        reader.fill(pipeline, acc).await?;
                    }
                    // The smallest head wins; ties go to the earlier range (ranges are in
                    // EPK order), as the SDKs do.
                    let mut best: Option<usize> = None;
                    for (i, reader) in self.readers.iter().enumerate() {
                        let Some(head) = reader.buffer.front() else {
                            continue;
                        };
                        let better = best.is_none_or(|b| {
                            let current = &self.readers[b].buffer[0];
                            compare_order_by_items(
                                &head["orderByItems"],
                                &current["orderByItems"],
                                &descending,
                            )
                            .is_lt()
                        });
                        if better {
                            best = Some(i);
                        }
                    }
                    let Some(i) = best else {
                        return Ok(None);
                    };
                    let Some(mut row) = self.readers[i].buffer.pop_front() else {
                        return Ok(None);
                    };
                    // A row whose projection is undefined has no payload: it is not a result.
                    if let Some(payload) = row.get_mut("payload").map(Value::take) {
                        return Ok(Some(payload));
                    }
                }
            }
            Mode::Aggregate(kind) => {
                if self.aggregated {
                    return Ok(None);
                }
                let kind = *kind;
                self.aggregated = true;
                let mut partials = Vec::new();
                for reader in &mut self.readers {
                    loop {
                        reader.fill(pipeline, acc).await?;
                        match reader.buffer.pop_front() {
                            Some(row) => partials.push(partial_item(row)),
                            None => break,
                        }
                    }
                }
                Ok(combine(kind, partials))
            }
        }
    }
}

/// The `item` of a `[{"item": x}]` aggregate row (`None` when undefined).
fn partial_item(row: Value) -> Option<Value> {
    match row {
        Value::Array(mut items) if !items.is_empty() => match items.swap_remove(0) {
            Value::Object(mut o) => o.remove("item"),
            _ => None,
        },
        _ => None,
    }
}

/// Combines per-range partials; `None` when the result is undefined (no rows).
pub(crate) fn combine(kind: Aggregate, partials: Vec<Option<Value>>) -> Option<Value> {
    let defined = partials.into_iter().flatten();
    match kind {
        Aggregate::Count | Aggregate::Sum => {
            let mut total: Option<f64> = None;
            let mut all_integers = true;
            for v in defined {
                let n = v.as_f64()?;
                all_integers &= v.is_i64() || v.is_u64();
                total = Some(total.unwrap_or(0.0) + n);
            }
            let total = match (kind, total) {
                (Aggregate::Count, None) => 0.0,
                (_, t) => t?,
            };
            Some(number(total, all_integers))
        }
        Aggregate::Min => defined.min_by(|a, b| compare(Some(a), Some(b))),
        Aggregate::Max => defined.max_by(|a, b| compare(Some(a), Some(b))),
        Aggregate::Average => {
            let (mut sum, mut count) = (0.0, 0.0);
            for v in defined {
                let (Some(s), Some(c)) = (v["sum"].as_f64(), v["count"].as_f64()) else {
                    continue;
                };
                sum += s;
                count += c;
            }
            (count > 0.0).then(|| number(sum / count, false))
        }
    }
}

fn number(n: f64, integer: bool) -> Value {
    if integer && n.fract() == 0.0 && n.abs() < 9.0e15 {
        Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

/// A key for DISTINCT: JSON text with object keys sorted, so `{a,b}` equals `{b,a}`.
fn canonical(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let fields: Vec<String> = keys
                .into_iter()
                .map(|k| format!("{}:{}", Value::String(k.clone()), canonical(&map[k])))
                .collect();
            format!("{{{}}}", fields.join(","))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(canonical).collect();
            format!("[{}]", items.join(","))
        }
        Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), |f| f.to_string()),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn aggregates_combine() {
        let p = |v: Vec<Value>| v.into_iter().map(Some).collect::<Vec<_>>();
        assert_eq!(
            combine(Aggregate::Count, p(vec![json!(2), json!(3)])),
            Some(json!(5))
        );
        assert_eq!(combine(Aggregate::Count, vec![]), Some(json!(0)));
        assert_eq!(
            combine(Aggregate::Sum, p(vec![json!(1.5), json!(2)])),
            Some(json!(3.5))
        );
        assert_eq!(combine(Aggregate::Sum, vec![None, None]), None);
        assert_eq!(
            combine(Aggregate::Min, vec![Some(json!(3)), None, Some(json!(-1))]),
            Some(json!(-1))
        );
        assert_eq!(
            combine(Aggregate::Max, p(vec![json!("a"), json!("b")])),
            Some(json!("b"))
        );
        assert_eq!(
            combine(
                Aggregate::Average,
                p(vec![
                    json!({"sum": 4, "count": 2}),
                    json!({"sum": 2, "count": 1})
                ])
            ),
            Some(json!(2.0))
        );
        assert_eq!(
            combine(
                Aggregate::Average,
                p(vec![json!({"sum": null, "count": 0})])
            ),
            None
        );
        assert_eq!(partial_item(json!([{"item": 7}])), Some(json!(7)));
        assert_eq!(partial_item(json!([{}])), None);
        assert_eq!(partial_item(json!("junk")), None);
    }

    #[test]
    fn canonical_ignores_key_order_and_number_form() {
        assert_eq!(
            canonical(&json!({"a": 1, "b": [2]})),
            canonical(&json!({"b": [2.0], "a": 1}))
        );
        assert_ne!(canonical(&json!({"a": 1})), canonical(&json!({"a": "1"})));
    }
}
