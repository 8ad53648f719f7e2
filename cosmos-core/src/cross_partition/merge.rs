//! Merging per-range results into the query's answer: ORDER BY k-way merge, aggregate
//! combination, GROUP BY, range-by-range concatenation, then DISTINCT, OFFSET and TOP/LIMIT.

use std::collections::{HashSet, VecDeque};

use cosmos_protocol::EpkRange;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::aggregate::{combine, partial_item};
use super::group_by::{GroupShape, Groups};
use super::ordering::compare_order_by_items;
use super::plan::{Aggregate, DistinctType};
use super::range_reader::RangePosition;
pub(crate) use super::range_reader::RangeReader;
use crate::error::{Error, Result};
use crate::pipeline::Pipeline;
use crate::routing;
use crate::routing_map::is_split;

/// How many splits one range may go through within one fill (the Python SDK retries 3 times).
const MAX_SPLIT_RETRIES: usize = 3;

/// Charges and the last activity id of the sub-requests behind a merged page.
#[derive(Debug, Default)]
pub(crate) struct Accounting {
    pub(crate) request_charge: f64,
    pub(crate) activity_id: Option<String>,
}

/// The resumable state of a merge at a page boundary: the continuation token of merged
/// pages (JSON, marked by `"xp"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct MergeState {
    xp: u8,
    ranges: Vec<RangePosition>,
    #[serde(default)]
    current: usize,
    #[serde(default)]
    skip: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    remaining: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last: Option<Value>,
}

impl MergeState {
    /// Parses a token, `None` if it is not a merge token (e.g. a gateway continuation).
    pub(crate) fn parse(token: &str) -> Option<Self> {
        serde_json::from_str::<MergeState>(token)
            .ok()
            .filter(|s| s.xp == 1)
    }

    pub(crate) fn token(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
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
    /// `{groupByItems, payload}` rows, combined per group.
    GroupBy(GroupShape),
}

/// Produces the query's values one by one.
pub(crate) struct Merger {
    readers: Vec<RangeReader>,
    mode: Mode,
    current: usize,
    aggregated: bool,
    /// The combined groups of a GROUP BY, once every range was read.
    grouped: Option<VecDeque<Value>>,
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
            grouped: None,
            distinct,
            seen: HashSet::new(),
            last: None,
            skip: offset.unwrap_or(0),
            remaining: take,
        }
    }

    /// The state to resume from, or `None` when the merge cannot be resumed (unordered
    /// DISTINCT would need every value seen; an aggregate is a single page anyway).
    pub(crate) fn snapshot(&self) -> Option<MergeState> {
        if self.distinct == DistinctType::Unordered
            || matches!(self.mode, Mode::Aggregate(_) | Mode::GroupBy(_))
        {
            return None;
        }
        Some(MergeState {
            xp: 1,
            ranges: self.readers.iter().map(RangeReader::position).collect(),
            current: self.current,
            skip: self.skip,
            remaining: self.remaining,
            last: self.last.clone(),
        })
    }

    /// Continues from a snapshot taken over the same partition key ranges.
    pub(crate) fn restore(&mut self, state: MergeState) -> Result<()> {
        let same_ranges = state.ranges.len() == self.readers.len()
            && state
                .ranges
                .iter()
                .zip(&self.readers)
                .all(|(p, r)| p.id == r.id);
        if !same_ranges {
            self.readers = self.readers_for(&state.ranges)?;
        }
        for (reader, position) in self.readers.iter_mut().zip(state.ranges) {
            reader.resume(position);
        }
        self.current = state.current;
        self.skip = state.skip;
        self.remaining = state.remaining;
        self.last = state.last;
        Ok(())
    }

    /// Readers for the ranges of a token made over other ranges (before a split): each one
    /// reads the EPKs it covered then; a range that is gone answers 410 and is replaced by
    /// its children on the first read.
    fn readers_for(&self, positions: &[RangePosition]) -> Result<Vec<RangeReader>> {
        let mismatch = || {
            Error::invalid_argument(
                "the continuation token was made over other partition key ranges and does \
                 not say which keys they held (or it belongs to another query)",
            )
        };
        let template = self.readers.first().ok_or_else(mismatch)?;
        positions
            .iter()
            .map(|p| {
                let (Some(min), Some(max)) = (&p.min, &p.max) else {
                    return Err(mismatch());
                };
                let scope = EpkRange::new(min.clone(), max.clone());
                // A range still there over the same keys keeps its request as planned.
                match self
                    .readers
                    .iter()
                    .find(|r| r.id == p.id && r.scope == scope)
                {
                    Some(same) => Ok(same.retarget_like()),
                    None => template.retarget(p.id.clone(), scope),
                }
            })
            .collect()
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

    /// Fills reader `i`; when its range split (410/1002 or 1007), refreshes the routing map
    /// and puts the children in its place, so the merge goes on without gaps or repeats.
    async fn fill_at(&mut self, i: usize, pipeline: &Pipeline, acc: &mut Accounting) -> Result<()> {
        let mut splits = 0;
        loop {
            match self.readers[i].fill(pipeline, acc).await {
                Err(err) if is_split(&err) && splits < MAX_SPLIT_RETRIES => {
                    splits += 1;
                    let link = routing::container_link(&self.readers[i].request.segments);
                    let ranges = pipeline.routing.refresh_ranges(pipeline, &link).await?;
                    let children = self.readers[i].split(&ranges)?;
                    tracing::debug!(
                        gone = %self.readers[i].id,
                        children = children.len(),
                        "partition key range split; continuing on its children"
                    );
                    self.readers.splice(i..=i, children);
                }
                other => return other,
            }
        }
    }

    /// Fills every reader (ORDER BY needs every head; aggregates drain every range).
    async fn fill_all(&mut self, pipeline: &Pipeline, acc: &mut Accounting) -> Result<()> {
        let mut i = 0;
        while i < self.readers.len() {
            self.fill_at(i, pipeline, acc).await?;
            i += 1;
        }
        Ok(())
    }

    /// Every remaining row of every range.
    async fn drain_all(&mut self, pipeline: &Pipeline, acc: &mut Accounting) -> Result<Vec<Value>> {
        let mut rows = Vec::new();
        let mut i = 0;
        while i < self.readers.len() {
            loop {
                self.fill_at(i, pipeline, acc).await?;
                match self.readers[i].pop() {
                    Some(row) => rows.push(row),
                    None => break,
                }
            }
            i += 1;
        }
        Ok(rows)
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
                if self.current >= self.readers.len() {
                    return Ok(None);
                }
                self.fill_at(self.current, pipeline, acc).await?;
                match self.readers[self.current].pop() {
                    Some(row) => return Ok(Some(row)),
                    None => self.current += 1,
                }
            },
            Mode::OrderBy { descending } => {
                let descending = descending.clone();
                loop {
                    self.fill_all(pipeline, acc).await?;
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
                    let Some(mut row) = self.readers[i].pop() else {
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
                let rows = self.drain_all(pipeline, acc).await?;
                Ok(combine(kind, rows.into_iter().map(partial_item).collect()))
            }
            Mode::GroupBy(shape) => {
                if self.grouped.is_none() {
                    let mut groups = Groups::new(shape.clone());
                    for row in self.drain_all(pipeline, acc).await? {
                        groups.add(row);
                    }
                    self.grouped = Some(groups.finish());
                }
                Ok(self.grouped.as_mut().and_then(VecDeque::pop_front))
            }
        }
    }
}

/// A key for DISTINCT: JSON text with object keys sorted, so `{a,b}` equals `{b,a}`.
pub(crate) fn canonical(value: &Value) -> String {
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
    fn merge_tokens_are_told_apart_from_gateway_tokens() {
        let state = MergeState {
            xp: 1,
            ranges: vec![RangePosition {
                id: "0".into(),
                page: Some("{\"token\":\"x\"}".into()),
                consumed: 3,
                started: true,
                done: false,
                min: Some("".into()),
                max: Some("80".into()),
            }],
            current: 0,
            skip: 2,
            remaining: Some(5),
            last: Some(json!(4)),
        };
        assert_eq!(MergeState::parse(&state.token()), Some(state));
        for gateway in ["{\"token\":\"-RID:~abc\",\"range\":{}}", "42", "opaque", ""] {
            assert_eq!(MergeState::parse(gateway), None, "{gateway}");
        }
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
