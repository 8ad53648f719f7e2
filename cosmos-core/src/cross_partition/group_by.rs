//! Cross-partition GROUP BY and non-VALUE aggregates.
//!
//! Each range runs the plan's rewrite and answers rows `{groupByItems: [{item}…], payload}`
//! (no `groupByItems` for aggregates without GROUP BY: one group). The payload is either
//! `[{"item": partial}]` for `SELECT VALUE <aggregate>`, the grouped value itself for another
//! `SELECT VALUE`, or an object with one field per output alias, where an aliased aggregate's
//! field is `{"item": partial}`. Rows of the same group (keyed by `groupByItems`) from every
//! range combine into one result, as in the JS SDK's GROUP BY pipeline.

use std::collections::{HashMap, VecDeque};

use serde_json::{Map, Value};

use super::aggregate::{combine, partial_item};
use super::plan::Aggregate;

/// What the payloads of a GROUP BY query hold.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum GroupShape {
    /// `SELECT VALUE <aggregate> … GROUP BY`: `[{"item": partial}]` payloads.
    ValueAggregate(Aggregate),
    /// `SELECT VALUE <expression> … GROUP BY`: the group's value, the same in every row.
    Value,
    /// A select list: each alias with the aggregate it holds (`None` for a grouped value).
    Fields(Vec<(String, Option<Aggregate>)>),
}

/// The groups seen so far, in first-seen order.
pub(crate) struct Groups {
    shape: GroupShape,
    index: HashMap<String, usize>,
    groups: Vec<Group>,
}

struct Group {
    /// A grouped value (first seen) or, per alias, its value or partials.
    fields: Vec<Slot>,
}

enum Slot {
    Value(Option<Value>),
    Partials(Aggregate, Vec<Option<Value>>),
}

impl Groups {
    pub(crate) fn new(shape: GroupShape) -> Self {
        Self {
            shape,
            index: HashMap::new(),
            groups: Vec::new(),
        }
    }

    /// Adds one range row to its group.
    pub(crate) fn add(&mut self, mut row: Value) {
        let key = super::merge::canonical(row.get("groupByItems").unwrap_or(&Value::Null));
        let payload = row.get_mut("payload").map(Value::take);
        let position = match self.index.get(&key) {
            Some(&i) => i,
            None => {
                let fields = match &self.shape {
                    GroupShape::ValueAggregate(kind) => vec![Slot::Partials(*kind, Vec::new())],
                    GroupShape::Value => vec![Slot::Value(None)],
                    GroupShape::Fields(aliases) => aliases
                        .iter()
                        .map(|(_, kind)| match kind {
                            Some(kind) => Slot::Partials(*kind, Vec::new()),
                            None => Slot::Value(None),
                        })
                        .collect(),
                };
                self.groups.push(Group { fields });
                self.index.insert(key, self.groups.len() - 1);
                self.groups.len() - 1
            }
        };
        let group = &mut self.groups[position];
        match &self.shape {
            GroupShape::ValueAggregate(_) => {
                if let Some(Slot::Partials(_, partials)) = group.fields.first_mut() {
                    partials.push(payload.and_then(partial_item));
                }
            }
            GroupShape::Value => {
                if let Some(Slot::Value(slot)) = group.fields.first_mut() {
                    if slot.is_none() {
                        *slot = payload;
                    }
                }
            }
            GroupShape::Fields(aliases) => {
                let mut payload = match payload {
                    Some(Value::Object(map)) => map,
                    _ => Map::new(),
                };
                for ((alias, _), slot) in aliases.iter().zip(&mut group.fields) {
                    let value = payload.remove(alias);
                    match slot {
                        Slot::Value(v) => {
                            if v.is_none() {
                                *v = value;
                            }
                        }
                        Slot::Partials(_, partials) => partials.push(match value {
                            Some(Value::Object(mut o)) => o.remove("item"),
                            _ => None,
                        }),
                    }
                }
            }
        }
    }

    /// Every group's result; groups whose VALUE is undefined give none.
    pub(crate) fn finish(self) -> VecDeque<Value> {
        let shape = self.shape;
        self.groups
            .into_iter()
            .filter_map(|group| {
                let mut values = group.fields.into_iter().map(|slot| match slot {
                    Slot::Value(v) => v,
                    Slot::Partials(kind, partials) => combine(kind, partials),
                });
                match &shape {
                    GroupShape::ValueAggregate(_) | GroupShape::Value => values.next().flatten(),
                    GroupShape::Fields(aliases) => {
                        let object: Map<String, Value> = aliases
                            .iter()
                            .zip(values)
                            .filter_map(|((alias, _), v)| Some((alias.clone(), v?)))
                            .collect();
                        Some(Value::Object(object))
                    }
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn groups_combine_across_ranges() {
        let mut groups = Groups::new(GroupShape::Fields(vec![
            ("k".into(), None),
            ("n".into(), Some(Aggregate::Count)),
            ("avg".into(), Some(Aggregate::Average)),
            ("lo".into(), Some(Aggregate::Min)),
        ]));
        groups.add(
            json!({"groupByItems": [{"item": "a"}], "payload": {"k": "a", "n": {"item": 2},
            "avg": {"item": {"sum": 4, "count": 2}}, "lo": {"item": 1}}}),
        );
        groups.add(
            json!({"groupByItems": [{"item": "b"}], "payload": {"k": "b", "n": {"item": 1},
            "avg": {"item": {"sum": 5, "count": 1}}, "lo": {"item": 5}}}),
        );
        groups.add(
            json!({"groupByItems": [{"item": "a"}], "payload": {"k": "a", "n": {"item": 1},
            "avg": {"item": {"sum": 0, "count": 1}}, "lo": {}}}),
        );
        let out: Vec<Value> = groups.finish().into();
        assert_eq!(
            out,
            [
                json!({"k": "a", "n": 3, "avg": 4.0 / 3.0, "lo": 1}),
                json!({"k": "b", "n": 1, "avg": 5.0, "lo": 5}),
            ]
        );
    }

    #[test]
    fn value_shapes_and_groupless_aggregates() {
        let mut sums = Groups::new(GroupShape::ValueAggregate(Aggregate::Sum));
        sums.add(json!({"groupByItems": [{"item": 1}], "payload": [{"item": 2}]}));
        sums.add(json!({"groupByItems": [{"item": 1}], "payload": [{"item": 3}]}));
        sums.add(json!({"groupByItems": [{"item": 2}], "payload": [{}]}));
        assert_eq!(Vec::from(sums.finish()), [json!(5)]);

        let mut keys = Groups::new(GroupShape::Value);
        keys.add(json!({"groupByItems": [{"item": "x"}], "payload": "x"}));
        keys.add(json!({"groupByItems": [{"item": "x"}], "payload": "x"}));
        keys.add(json!({"groupByItems": [{"item": "y"}], "payload": "y"}));
        assert_eq!(Vec::from(keys.finish()), [json!("x"), json!("y")]);

        // SELECT COUNT(1) AS n FROM c: one group, one row per range.
        let mut count = Groups::new(GroupShape::Fields(vec![(
            "n".into(),
            Some(Aggregate::Count),
        )]));
        count.add(json!({"payload": {"n": {"item": 3}}}));
        count.add(json!({"payload": {"n": {"item": 0}}}));
        assert_eq!(Vec::from(count.finish()), [json!({"n": 3})]);
    }
}
