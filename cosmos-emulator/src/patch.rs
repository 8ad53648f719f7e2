//! Partial document update (the `PATCH` verb and batch `Patch` operations): parsing the operation
//! list and applying it to a document atomically, with the service's per-operation rules.
//!
//! The caller applies operations to a copy and stores the copy only when every operation
//! succeeded, so a failing operation leaves the item unchanged.

use serde_json::{Map, Value};

/// The service's limit on operations per patch request.
pub const MAX_OPERATIONS: usize = 10;

#[derive(Debug, Clone, PartialEq)]
pub enum PatchOp {
    Add {
        path: Pointer,
        value: Value,
    },
    Set {
        path: Pointer,
        value: Value,
    },
    Replace {
        path: Pointer,
        value: Value,
    },
    Remove {
        path: Pointer,
    },
    Incr {
        path: Pointer,
        value: serde_json::Number,
    },
    Move {
        from: Pointer,
        path: Pointer,
    },
}

/// A parsed patch request body.
#[derive(Debug, Clone, PartialEq)]
pub struct PatchRequest {
    pub condition: Option<String>,
    pub operations: Vec<PatchOp>,
}

/// Why a patch was refused; every case is a 400 for the caller.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatchError {
    #[error("{0}")]
    Invalid(String),
    #[error("operation {index} ({op} {path}): {reason}")]
    Operation {
        index: usize,
        op: &'static str,
        path: String,
        reason: String,
    },
}

/// A JSON Pointer (RFC 6901) split into unescaped tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pointer {
    text: String,
    tokens: Vec<String>,
}

impl Pointer {
    pub fn parse(text: &str) -> Result<Self, PatchError> {
        if !text.starts_with('/') || text.len() < 2 {
            return Err(PatchError::Invalid(format!(
                "path '{text}' is not a JSON pointer to a property (it must start with '/')"
            )));
        }
        let tokens = text[1..]
            .split('/')
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect();
        Ok(Self {
            text: text.to_owned(),
            tokens,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// True when `self` is `other` or lies below it.
    fn starts_with(&self, other: &Pointer) -> bool {
        self.tokens.len() >= other.tokens.len() && self.tokens[..other.tokens.len()] == other.tokens
    }
}

impl PatchRequest {
    /// Parses `{"condition"?, "operations":[…]}`; a bare array of operations is accepted too.
    pub fn from_json(body: &Value) -> Result<Self, PatchError> {
        let (condition, ops) = match body {
            Value::Array(ops) => (None, ops),
            Value::Object(obj) => {
                let condition = match obj.get("condition") {
                    None | Some(Value::Null) => None,
                    Some(Value::String(s)) => Some(s.clone()),
                    Some(_) => {
                        return Err(PatchError::Invalid("'condition' must be a string".into()))
                    }
                };
                match obj.get("operations") {
                    Some(Value::Array(ops)) => (condition, ops),
                    _ => {
                        return Err(PatchError::Invalid(
                            "the patch body needs an 'operations' array".into(),
                        ))
                    }
                }
            }
            _ => {
                return Err(PatchError::Invalid(
                    "the patch body must be a JSON object".into(),
                ))
            }
        };
        if ops.is_empty() {
            return Err(PatchError::Invalid(
                "a patch needs at least one operation".into(),
            ));
        }
        if ops.len() > MAX_OPERATIONS {
            return Err(PatchError::Invalid(format!(
                "a patch may have at most {MAX_OPERATIONS} operations, got {}",
                ops.len()
            )));
        }
        let operations = ops.iter().map(parse_op).collect::<Result<_, _>>()?;
        Ok(Self {
            condition,
            operations,
        })
    }
}

fn parse_op(op: &Value) -> Result<PatchOp, PatchError> {
    let obj = op
        .as_object()
        .ok_or_else(|| PatchError::Invalid(format!("patch operation {op} is not an object")))?;
    let kind = obj
        .get("op")
        .and_then(Value::as_str)
        .ok_or_else(|| PatchError::Invalid(format!("patch operation {op} has no 'op'")))?;
    let path = || {
        obj.get("path")
            .and_then(Value::as_str)
            .ok_or_else(|| PatchError::Invalid(format!("'{kind}' operation needs a 'path'")))
            .and_then(Pointer::parse)
    };
    let value = || {
        obj.get("value")
            .cloned()
            .ok_or_else(|| PatchError::Invalid(format!("'{kind}' operation needs a 'value'")))
    };
    Ok(match kind.to_ascii_lowercase().as_str() {
        "add" => PatchOp::Add {
            path: path()?,
            value: value()?,
        },
        "set" => PatchOp::Set {
            path: path()?,
            value: value()?,
        },
        "replace" => PatchOp::Replace {
            path: path()?,
            value: value()?,
        },
        "remove" => PatchOp::Remove { path: path()? },
        "incr" | "increment" => match value()? {
            Value::Number(n) => PatchOp::Incr {
                path: path()?,
                value: n,
            },
            other => {
                return Err(PatchError::Invalid(format!(
                    "'incr' needs a numeric value, got {other}"
                )))
            }
        },
        "move" => {
            let from = obj
                .get("from")
                .and_then(Value::as_str)
                .ok_or_else(|| PatchError::Invalid("'move' operation needs a 'from'".into()))
                .and_then(Pointer::parse)?;
            PatchOp::Move {
                from,
                path: path()?,
            }
        }
        other => {
            return Err(PatchError::Invalid(format!(
                "unknown patch operation '{other}' (add, set, replace, remove, incr, move)"
            )))
        }
    })
}

impl PatchOp {
    fn name(&self) -> &'static str {
        match self {
            PatchOp::Add { .. } => "add",
            PatchOp::Set { .. } => "set",
            PatchOp::Replace { .. } => "replace",
            PatchOp::Remove { .. } => "remove",
            PatchOp::Incr { .. } => "incr",
            PatchOp::Move { .. } => "move",
        }
    }

    fn path(&self) -> &Pointer {
        match self {
            PatchOp::Add { path, .. }
            | PatchOp::Set { path, .. }
            | PatchOp::Replace { path, .. }
            | PatchOp::Remove { path }
            | PatchOp::Incr { path, .. }
            | PatchOp::Move { path, .. } => path,
        }
    }

    /// Every path the operation writes (the target, and the source of a move).
    pub fn written_paths(&self) -> Vec<&Pointer> {
        match self {
            PatchOp::Move { from, path } => vec![from, path],
            other => vec![other.path()],
        }
    }
}

/// Applies operations in order to `doc`. On error `doc` may be partly modified: apply to a copy.
pub fn apply(doc: &mut Value, operations: &[PatchOp]) -> Result<(), PatchError> {
    for (index, op) in operations.iter().enumerate() {
        apply_one(doc, op).map_err(|reason| PatchError::Operation {
            index,
            op: op.name(),
            path: op.path().as_str().to_owned(),
            reason,
        })?;
    }
    Ok(())
}

/// Where an operation lands: an object member or an array slot.
enum Slot<'a> {
    Member(&'a mut Map<String, Value>, String),
    Index(&'a mut Vec<Value>, String),
}

fn apply_one(doc: &mut Value, op: &PatchOp) -> Result<(), String> {
    match op {
        PatchOp::Add { path, value } => match slot(doc, path)? {
            Slot::Member(map, key) => {
                map.insert(key, value.clone());
                Ok(())
            }
            Slot::Index(arr, token) => {
                let at = insert_index(arr, &token)?;
                arr.insert(at, value.clone());
                Ok(())
            }
        },
        PatchOp::Set { path, value } => set(doc, path, value.clone()),
        PatchOp::Replace { path, value } => {
            let target = get_mut(doc, path).ok_or("the target path does not exist")?;
            *target = value.clone();
            Ok(())
        }
        PatchOp::Remove { path } => remove(doc, path).map(drop),
        PatchOp::Incr { path, value } => match get_mut(doc, path) {
            Some(Value::Number(current)) => {
                *current = add_numbers(current, value)?;
                Ok(())
            }
            Some(other) => Err(format!("cannot increment a non-numeric value {other}")),
            None => set(doc, path, Value::Number(value.clone())),
        },
        PatchOp::Move { from, path } => {
            if path.starts_with(from) && path != from {
                return Err("cannot move a value into one of its own children".into());
            }
            let value = remove(doc, from).map_err(|_| "the 'from' path does not exist")?;
            set(doc, path, value)
        }
    }
}

fn set(doc: &mut Value, path: &Pointer, value: Value) -> Result<(), String> {
    match slot(doc, path)? {
        Slot::Member(map, key) => {
            map.insert(key, value);
            Ok(())
        }
        Slot::Index(arr, token) => {
            let at = insert_index(arr, &token)?;
            if at == arr.len() {
                arr.push(value);
            } else {
                arr[at] = value;
            }
            Ok(())
        }
    }
}

fn remove(doc: &mut Value, path: &Pointer) -> Result<Value, String> {
    match slot(doc, path)? {
        Slot::Member(map, key) => map
            .shift_remove(&key)
            .ok_or_else(|| "the target path does not exist".to_owned()),
        Slot::Index(arr, token) => {
            let at = existing_index(arr, &token)?;
            Ok(arr.remove(at))
        }
    }
}

/// The container holding the last token of `path`; every parent must already exist.
fn slot<'a>(doc: &'a mut Value, path: &Pointer) -> Result<Slot<'a>, String> {
    let (last, parents) = path.tokens.split_last().ok_or("empty path")?;
    let mut node = doc;
    for token in parents {
        node =
            child_mut(node, token).ok_or_else(|| format!("the parent '{token}' does not exist"))?;
    }
    match node {
        Value::Object(map) => Ok(Slot::Member(map, last.clone())),
        Value::Array(arr) => Ok(Slot::Index(arr, last.clone())),
        _ => Err("the parent of the target is not an object or array".into()),
    }
}

fn child_mut<'a>(node: &'a mut Value, token: &str) -> Option<&'a mut Value> {
    match node {
        Value::Object(map) => map.get_mut(token),
        Value::Array(arr) => {
            let index = parse_index(token)?;
            arr.get_mut(index)
        }
        _ => None,
    }
}

fn get_mut<'a>(doc: &'a mut Value, path: &Pointer) -> Option<&'a mut Value> {
    path.tokens
        .iter()
        .try_fold(doc, |node, token| child_mut(node, token))
}

/// Array indexes are decimal without leading zeros (RFC 6901).
fn parse_index(token: &str) -> Option<usize> {
    if token.is_empty() || (token.len() > 1 && token.starts_with('0')) {
        return None;
    }
    token
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| token.parse().ok())?
}

/// An insertion point: `-` or 0..=len.
fn insert_index(arr: &[Value], token: &str) -> Result<usize, String> {
    if token == "-" {
        return Ok(arr.len());
    }
    match parse_index(token) {
        Some(i) if i <= arr.len() => Ok(i),
        Some(i) => Err(format!(
            "index {i} is out of bounds for an array of {}",
            arr.len()
        )),
        None => Err(format!("'{token}' is not an array index")),
    }
}

fn existing_index(arr: &[Value], token: &str) -> Result<usize, String> {
    match parse_index(token) {
        Some(i) if i < arr.len() => Ok(i),
        Some(i) => Err(format!(
            "index {i} is out of bounds for an array of {}",
            arr.len()
        )),
        None => Err(format!("'{token}' is not an array index")),
    }
}

/// Integer + integer stays an integer (when it fits); anything else is a double.
fn add_numbers(
    a: &serde_json::Number,
    b: &serde_json::Number,
) -> Result<serde_json::Number, String> {
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
        if let Some(sum) = x.checked_add(y) {
            return Ok(sum.into());
        }
    }
    let sum = a.as_f64().unwrap_or(0.0) + b.as_f64().unwrap_or(0.0);
    serde_json::Number::from_f64(sum).ok_or_else(|| "the increment overflows".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn patch(doc: Value, ops: Value) -> Result<Value, PatchError> {
        let request = PatchRequest::from_json(&json!({ "operations": ops }))?;
        let mut doc = doc;
        apply(&mut doc, &request.operations)?;
        Ok(doc)
    }

    #[test]
    fn documentation_example() {
        let doc = json!({"id":"e","name":"R-410","price":455.95,"inventory":{"quantity":15},
            "used":false,"categoryId":"road-bikes","tags":["r-series"]});
        let out = patch(
            doc,
            json!([
                {"op":"add","path":"/color","value":"silver"},
                {"op":"remove","path":"/used"},
                {"op":"set","path":"/price","value":355.45},
                {"op":"incr","path":"/inventory/quantity","value":10},
                {"op":"add","path":"/tags/-","value":"featured-bikes"},
                {"op":"move","from":"/color","path":"/inventory/color"}
            ]),
        )
        .unwrap();
        assert_eq!(
            out,
            json!({"id":"e","name":"R-410","price":355.45,"inventory":{"quantity":25,"color":"silver"},
                "categoryId":"road-bikes","tags":["r-series","featured-bikes"]})
        );
    }

    #[test]
    fn array_semantics() {
        let doc = json!({"a":[1,2,3]});
        assert_eq!(
            patch(doc.clone(), json!([{"op":"add","path":"/a/1","value":9}])).unwrap(),
            json!({"a":[1,9,2,3]})
        );
        assert_eq!(
            patch(doc.clone(), json!([{"op":"set","path":"/a/1","value":9}])).unwrap(),
            json!({"a":[1,9,3]})
        );
        assert_eq!(
            patch(
                doc.clone(),
                json!([{"op":"replace","path":"/a/0","value":0}])
            )
            .unwrap(),
            json!({"a":[0,2,3]})
        );
        assert_eq!(
            patch(doc.clone(), json!([{"op":"remove","path":"/a/2"}])).unwrap(),
            json!({"a":[1,2]})
        );
        assert_eq!(
            patch(doc.clone(), json!([{"op":"add","path":"/a/3","value":4}])).unwrap(),
            json!({"a":[1,2,3,4]})
        );
        assert!(patch(doc.clone(), json!([{"op":"add","path":"/a/5","value":4}])).is_err());
        assert!(patch(doc.clone(), json!([{"op":"remove","path":"/a/3"}])).is_err());
        assert!(patch(doc, json!([{"op":"remove","path":"/a/01"}])).is_err());
    }

    #[test]
    fn missing_targets_and_types() {
        let doc = json!({"n":1,"s":"x","o":{}});
        assert!(patch(
            doc.clone(),
            json!([{"op":"replace","path":"/missing","value":1}])
        )
        .is_err());
        assert!(patch(doc.clone(), json!([{"op":"remove","path":"/missing"}])).is_err());
        assert!(patch(
            doc.clone(),
            json!([{"op":"set","path":"/no/such","value":1}])
        )
        .is_err());
        assert!(patch(doc.clone(), json!([{"op":"incr","path":"/s","value":1}])).is_err());
        assert!(patch(doc.clone(), json!([{"op":"incr","path":"/n","value":"1"}])).is_err());
        assert_eq!(
            patch(
                doc.clone(),
                json!([{"op":"incr","path":"/o/new","value":2}])
            )
            .unwrap()["o"]["new"],
            json!(2)
        );
        assert_eq!(
            patch(doc.clone(), json!([{"op":"incr","path":"/n","value":0.5}])).unwrap()["n"],
            json!(1.5)
        );
        assert_eq!(
            patch(doc.clone(), json!([{"op":"incr","path":"/n","value":-3}])).unwrap()["n"],
            json!(-2)
        );
        assert!(patch(
            doc.clone(),
            json!([{"op":"move","from":"/o","path":"/o/inner"}])
        )
        .is_err());
        assert!(patch(doc, json!([{"op":"move","from":"/none","path":"/x"}])).is_err());
    }

    #[test]
    fn escaped_pointers() {
        let doc = json!({"a/b":{"c~d":1}});
        assert_eq!(
            patch(doc, json!([{"op":"set","path":"/a~1b/c~0d","value":2}])).unwrap(),
            json!({"a/b":{"c~d":2}})
        );
    }

    #[test]
    fn request_validation() {
        let too_many: Vec<Value> = (0..11)
            .map(|i| json!({"op":"set","path":format!("/f{i}"),"value":i}))
            .collect();
        assert!(PatchRequest::from_json(&json!({"operations": too_many})).is_err());
        assert!(PatchRequest::from_json(&json!({"operations": []})).is_err());
        assert!(
            PatchRequest::from_json(&json!({"operations": [{"op":"bogus","path":"/a"}]})).is_err()
        );
        assert!(PatchRequest::from_json(
            &json!({"operations": [{"op":"set","path":"a","value":1}]})
        )
        .is_err());
        assert!(
            PatchRequest::from_json(&json!({"operations": [{"op":"set","path":"/a"}]})).is_err()
        );
        assert!(PatchRequest::from_json(&json!("x")).is_err());
        let ok = PatchRequest::from_json(
            &json!({"condition":"FROM c WHERE c.n > 0","operations":[{"op":"remove","path":"/a"}]}),
        )
        .unwrap();
        assert_eq!(ok.condition.as_deref(), Some("FROM c WHERE c.n > 0"));
    }
}
