//! The case table (`cases.json`, over `data.json`) and how an SDK runner's results are judged
//! against it.

use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The SDK runners' page size for the paged runs.
pub const PAGE_SIZE: usize = 2;

/// Properties the service adds to every stored item; `SELECT *` returns them.
pub const SYSTEM_PROPERTIES: [&str; 5] = ["_rid", "_self", "_etag", "_attachments", "_ts"];

#[derive(Debug, Deserialize)]
pub struct Table {
    pub cases: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub name: String,
    pub container: String,
    pub query: String,
    #[serde(default)]
    pub parameters: Option<Value>,
    #[serde(default)]
    pub expected: Option<Vec<Value>>,
    #[serde(default)]
    pub error: Option<ExpectedError>,
    #[serde(default)]
    pub ordered: bool,
    #[serde(default)]
    pub paged: bool,
    #[serde(default = "yes")]
    pub single: bool,
    #[serde(default = "yes")]
    pub cross: bool,
    #[serde(default)]
    pub pk: Option<String>,
    #[serde(default, rename = "crossError")]
    pub cross_error: BTreeMap<String, ExpectedError>,
    #[serde(default, rename = "crossExpected")]
    pub cross_expected: BTreeMap<String, Vec<Value>>,
}

pub fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedError {
    pub status: u16,
    /// Offset in the query text the message must name.
    #[serde(default)]
    pub position: Option<usize>,
    #[serde(default)]
    pub contains: Option<String>,
}

impl ExpectedError {
    /// Why `(status, message)` is not this error, if it is not.
    pub fn mismatch(&self, status: Option<u16>, message: &str) -> Option<String> {
        if status != Some(self.status) {
            return Some(format!("status {status:?}, want {}", self.status));
        }
        if let Some(text) = &self.contains {
            if !message.contains(text.as_str()) {
                return Some(format!("message lacks {text:?}"));
            }
        }
        if let Some(at) = self.position {
            // The service reports `"location":{"start":N,…}`; cosmos-sql `(offset N)`.
            let named = message.contains(&format!("offset {at})"))
                || message.contains(&format!("\"start\":{at},"));
            if !named {
                return Some(format!("message does not name position {at}"));
            }
        }
        None
    }
}

pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/query_conformance")
}

pub fn read_json(name: &str) -> Value {
    let path = dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

pub fn table() -> Table {
    serde_json::from_value(read_json("cases.json")).expect("cases.json has the case shape")
}

pub fn data() -> BTreeMap<String, Vec<Value>> {
    serde_json::from_value(read_json("data.json")).expect("data.json maps containers to items")
}

/// Numbers compare as doubles (SDKs print `1.0` where the table says `1`), within rounding.
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (
                x.as_f64().unwrap_or(f64::NAN),
                y.as_f64().unwrap_or(f64::NAN),
            );
            (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0)
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// Whether `got` holds the `want` results: in order, or as a multiset.
pub fn matches(want: &[Value], got: &[Value], ordered: bool) -> bool {
    if want.len() != got.len() {
        return false;
    }
    if ordered {
        return want.iter().zip(got).all(|(w, g)| same(w, g));
    }
    let mut left: Vec<&Value> = got.iter().collect();
    want.iter()
        .all(|w| match left.iter().position(|g| same(w, g)) {
            Some(i) => {
                left.swap_remove(i);
                true
            }
            None => false,
        })
}

pub fn strip_system_properties(value: Value) -> Value {
    match value {
        Value::Object(mut map) if map.contains_key("_rid") && map.contains_key("_etag") => {
            for key in SYSTEM_PROPERTIES {
                map.remove(key);
            }
            Value::Object(map)
        }
        other => other,
    }
}

/// One line of a runner's output.
#[derive(Debug, Deserialize)]
pub struct Record {
    pub case: String,
    pub mode: String,
    pub paged: bool,
    #[serde(default)]
    pub pages: Option<Vec<Vec<Value>>>,
    #[serde(default)]
    pub error: Option<GotError>,
}

#[derive(Debug, Deserialize)]
pub struct GotError {
    pub status: Option<u16>,
    pub substatus: Option<Value>,
    pub message: String,
}

/// Pass/fail tallies per mode.
#[derive(Default)]
pub struct Tally {
    pub passed: BTreeMap<String, usize>,
    pub total: BTreeMap<String, usize>,
    pub failures: Vec<String>,
}

impl Tally {
    pub fn record(&mut self, mode: &str, problem: Option<String>) {
        *self.total.entry(mode.to_owned()).or_default() += 1;
        match problem {
            None => *self.passed.entry(mode.to_owned()).or_default() += 1,
            Some(p) => self.failures.push(p),
        }
    }

    pub fn summary(&self) -> String {
        self.total
            .iter()
            .map(|(mode, total)| {
                let passed = self.passed.get(mode).copied().unwrap_or(0);
                format!("{mode} {passed}/{total}")
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Why `record` is not what `case` expects from `sdk`, if it is not.
pub fn judge(case: &Case, sdk: &str, record: &Record) -> Option<String> {
    let want_error = if record.mode.starts_with("cross") {
        case.cross_error.get(sdk).or(case.error.as_ref())
    } else {
        case.error.as_ref()
    };
    match (&record.pages, &record.error, want_error) {
        // 1004 is the SDKs' cue to fetch a plan; it must never reach the application.
        (_, Some(got), Some(_)) if got.substatus == Some(json!(1004)) => {
            Some(format!("the SDK surfaced the 400/1004 plan cue: {got:?}"))
        }
        (_, Some(got), Some(want)) => want
            .mismatch(got.status, &got.message)
            .map(|why| format!("wrong error ({why}): {got:?}")),
        (_, Some(got), None) => Some(format!("failed: {got:?}")),
        (Some(pages), None, None) => {
            let sdk_specific = record
                .mode
                .starts_with("cross")
                .then(|| case.cross_expected.get(sdk))
                .flatten();
            let want = sdk_specific
                .or(case.expected.as_ref())
                .map(Vec::as_slice)
                .unwrap_or_default();
            if record.paged {
                if let Some(big) = pages.iter().find(|p| p.len() > PAGE_SIZE) {
                    return Some(format!("a page of {} items exceeds {PAGE_SIZE}", big.len()));
                }
                // Fewer pages would mean the page size was ignored and paging went untested.
                let filled = pages.iter().filter(|p| !p.is_empty()).count();
                if filled < want.len().div_ceil(PAGE_SIZE) {
                    return Some(format!(
                        "{} results came in only {filled} page(s)",
                        want.len()
                    ));
                }
            }
            let got: Vec<Value> = pages
                .iter()
                .flatten()
                .cloned()
                .map(strip_system_properties)
                .collect();
            (!matches(want, &got, case.ordered)).then(|| format!("got {}", Value::from(got)))
        }
        (Some(pages), None, Some(want)) => Some(format!("expected {want:?}, got {pages:?}")),
        (None, None, _) => Some("the runner reported neither pages nor an error".to_owned()),
    }
}
