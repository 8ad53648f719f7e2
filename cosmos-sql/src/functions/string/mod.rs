//! String functions. Positions and lengths count Unicode characters.

use super::{Args, Entry};
use crate::error::EvalError;
use crate::eval::Executor;
use crate::value::{as_bool, as_str, num};
use serde_json::Value;

type R = Result<Option<Value>, EvalError>;

fn s(v: String) -> R {
    Ok(Some(Value::String(v)))
}

fn b(v: bool) -> R {
    Ok(Some(Value::Bool(v)))
}

/// The optional trailing ignore-case flag: absent means false; present but
/// not a boolean makes the whole call undefined.
fn flag(a: &Args<'_>, i: usize) -> Option<bool> {
    match a.get(i) {
        None => Some(false),
        Some(v) => as_bool(*v),
    }
}

/// An integral count argument (fractions truncate toward zero).
fn count(v: Option<&Value>) -> Option<i64> {
    num(v).filter(|f| f.is_finite()).map(|f| f.trunc() as i64)
}

/// A position or length that must be an integer (a fraction gives undefined).
fn integer(v: Option<&Value>) -> Option<i64> {
    num(v)
        .filter(|f| f.is_finite() && f.fract() == 0.0)
        .map(|f| f as i64)
}

/// The shared SUBSTRING/LEFT/RIGHT rule: a negative start or a
/// non-positive length gives the empty string.
fn substr(x: &str, start: i64, len: i64) -> String {
    if start < 0 || len <= 0 {
        return String::new();
    }
    x.chars().skip(start as usize).take(len as usize).collect()
}

fn two_strings<'a>(a: &Args<'a>) -> Option<(&'a str, &'a str)> {
    Some((as_str(a[0])?, as_str(a[1])?))
}

fn concat(_: &Executor<'_>, a: &Args<'_>) -> R {
    let mut out = String::new();
    for v in a {
        match as_str(*v) {
            Some(x) => out.push_str(x),
            None => return Ok(None),
        }
    }
    s(out)
}

fn compare(a: &Args<'_>, f: fn(&str, &str) -> bool) -> R {
    let (Some((x, y)), Some(ic)) = (two_strings(a), flag(a, 2)) else {
        return Ok(None);
    };
    if ic {
        b(f(&x.to_lowercase(), &y.to_lowercase()))
    } else {
        b(f(x, y))
    }
}

fn contains(_: &Executor<'_>, a: &Args<'_>) -> R {
    compare(a, |x, y| x.contains(y))
}

fn ends_with(_: &Executor<'_>, a: &Args<'_>) -> R {
    compare(a, |x, y| x.ends_with(y))
}

fn starts_with(_: &Executor<'_>, a: &Args<'_>) -> R {
    compare(a, |x, y| x.starts_with(y))
}

fn string_equals(_: &Executor<'_>, a: &Args<'_>) -> R {
    compare(a, |x, y| x == y)
}

/// INDEX_OF(s, sub [, start]): character position of the first match at or
/// after `start`, or -1.
fn index_of(_: &Executor<'_>, a: &Args<'_>) -> R {
    let Some((x, y)) = two_strings(a) else {
        return Ok(None);
    };
    let start = match a.get(2) {
        None => 0,
        Some(v) => match count(*v) {
            Some(n) => n,
            None => return Ok(None),
        },
    };
    let chars: Vec<char> = x.chars().collect();
    if start < 0 || start as usize > chars.len() {
        return Ok(Some(Value::from(-1)));
    }
    let tail: String = chars[start as usize..].iter().collect();
    Ok(Some(Value::from(match tail.find(y) {
        Some(byte) => start + tail[..byte].chars().count() as i64,
        None => -1,
    })))
}

fn left(_: &Executor<'_>, a: &Args<'_>) -> R {
    let (Some(x), Some(n)) = (as_str(a[0]), integer(a[1])) else {
        return Ok(None);
    };
    s(substr(x, 0, n))
}

fn right(_: &Executor<'_>, a: &Args<'_>) -> R {
    let (Some(x), Some(n)) = (as_str(a[0]), integer(a[1])) else {
        return Ok(None);
    };
    let len = x.chars().count() as i64;
    s(substr(x, len.saturating_sub(n).max(0), n))
}

fn length(_: &Executor<'_>, a: &Args<'_>) -> R {
    Ok(as_str(a[0]).map(|x| Value::from(x.chars().count())))
}

fn map1(a: &Args<'_>, f: fn(&str) -> String) -> R {
    Ok(as_str(a[0]).map(|x| Value::String(f(x))))
}

fn lower(_: &Executor<'_>, a: &Args<'_>) -> R {
    map1(a, str::to_lowercase)
}

fn upper(_: &Executor<'_>, a: &Args<'_>) -> R {
    map1(a, str::to_uppercase)
}

/// LTRIM(s [, chars]): removes leading whitespace, or leading
/// characters that appear in `chars` when given.
fn ltrim(_: &Executor<'_>, a: &Args<'_>) -> R {
    let Some(x) = as_str(a[0]) else {
        return Ok(None);
    };
    match a.get(1) {
        None => s(x.trim_start().to_string()),
        Some(v) => match as_str(*v) {
            Some(set) => s(x.trim_start_matches(|c| set.contains(c)).to_string()),
            None => Ok(None),
        },
    }
}

/// RTRIM(s [, chars]): removes trailing whitespace, or trailing
/// characters that appear in `chars` when given.
fn rtrim(_: &Executor<'_>, a: &Args<'_>) -> R {
    let Some(x) = as_str(a[0]) else {
        return Ok(None);
    };
    match a.get(1) {
        None => s(x.trim_end().to_string()),
        Some(v) => match as_str(*v) {
            Some(set) => s(x.trim_end_matches(|c| set.contains(c)).to_string()),
            None => Ok(None),
        },
    }
}

/// TRIM(s [, chars]): removes leading and trailing whitespace, or leading and trailing
/// characters that appear in `chars` when given.
fn trim(_: &Executor<'_>, a: &Args<'_>) -> R {
    let Some(x) = as_str(a[0]) else {
        return Ok(None);
    };
    match a.get(1) {
        None => s(x.trim().to_string()),
        Some(v) => match as_str(*v) {
            Some(set) => s(x.trim_matches(|c| set.contains(c)).to_string()),
            None => Ok(None),
        },
    }
}

fn reverse(_: &Executor<'_>, a: &Args<'_>) -> R {
    map1(a, |x| x.chars().rev().collect())
}

fn replace(_: &Executor<'_>, a: &Args<'_>) -> R {
    let (Some(x), Some(from), Some(to)) = (as_str(a[0]), as_str(a[1]), as_str(a[2])) else {
        return Ok(None);
    };
    // An empty search string has no occurrences to replace: undefined.
    if from.is_empty() {
        return Ok(None);
    }
    s(x.replace(from, to))
}

/// REPLICATE(s, n): undefined for negative `n` or results over 10,000
/// characters (documented limit).
fn replicate(_: &Executor<'_>, a: &Args<'_>) -> R {
    let (Some(x), Some(n)) = (as_str(a[0]), count(a[1])) else {
        return Ok(None);
    };
    if n < 0 || (x.chars().count() as i64).saturating_mul(n) > 10_000 {
        return Ok(None);
    }
    s(x.repeat(n as usize))
}

/// SUBSTRING(s, start, length): zero-based start; integer arguments only.
fn substring(_: &Executor<'_>, a: &Args<'_>) -> R {
    let (Some(x), Some(start), Some(len)) = (as_str(a[0]), integer(a[1]), integer(a[2])) else {
        return Ok(None);
    };
    s(substr(x, start, len))
}

/// REGEXMATCH(s, pattern [, modifiers]): modifiers are `m`, `s`, `i`, `x`.
/// An invalid pattern or modifier gives undefined.
fn regex_match(_: &Executor<'_>, a: &Args<'_>) -> R {
    let Some((x, pat)) = two_strings(a) else {
        return Ok(None);
    };
    let mut builder = regex::RegexBuilder::new(pat);
    if let Some(m) = a.get(2) {
        let Some(mods) = as_str(*m) else {
            return Ok(None);
        };
        for c in mods.chars() {
            match c {
                'm' => builder.multi_line(true),
                's' => builder.dot_matches_new_line(true),
                'i' => builder.case_insensitive(true),
                'x' => builder.ignore_whitespace(true),
                _ => return Ok(None),
            };
        }
    }
    // Bound compiled size so hostile patterns cannot exhaust memory.
    builder.size_limit(1 << 20);
    match builder.build() {
        Ok(re) => b(re.is_match(x)),
        Err(_) => Ok(None),
    }
}

fn parse_json(a: &Args<'_>) -> Option<Value> {
    serde_json::from_str(as_str(a[0])?.trim()).ok()
}

fn string_to_array(_: &Executor<'_>, a: &Args<'_>) -> R {
    Ok(parse_json(a).filter(Value::is_array))
}

fn string_to_boolean(_: &Executor<'_>, a: &Args<'_>) -> R {
    Ok(parse_json(a).filter(Value::is_boolean))
}

fn string_to_null(_: &Executor<'_>, a: &Args<'_>) -> R {
    Ok(parse_json(a).filter(Value::is_null))
}

fn string_to_number(_: &Executor<'_>, a: &Args<'_>) -> R {
    Ok(parse_json(a).filter(Value::is_number))
}

fn string_to_object(_: &Executor<'_>, a: &Args<'_>) -> R {
    Ok(parse_json(a).filter(Value::is_object))
}

/// ToString: strings as they are, everything else as JSON text with
/// numbers written as doubles are (`ToString(1.0000)` is `"1"`).
fn to_string(_: &Executor<'_>, a: &Args<'_>) -> R {
    Ok(match a[0] {
        None => None,
        Some(Value::String(x)) => Some(Value::String(x.clone())),
        Some(v) => Some(Value::String(
            crate::value::normalize_numbers(v).to_string(),
        )),
    })
}

/// StringJoin(array_of_strings, separator).
fn string_join(_: &Executor<'_>, a: &Args<'_>) -> R {
    let (Some(Value::Array(items)), Some(sep)) = (a[0], as_str(a[1])) else {
        return Ok(None);
    };
    let mut parts = Vec::with_capacity(items.len());
    for it in items {
        match it {
            Value::String(x) => parts.push(x.as_str()),
            _ => return Ok(None),
        }
    }
    s(parts.join(sep))
}

/// StringSplit(s, separator) into an array of strings. An empty separator
/// leaves the string whole (documented: `STRINGSPLIT("Helmet", "")` is
/// `["Helmet"]`).
fn string_split(_: &Executor<'_>, a: &Args<'_>) -> R {
    let Some((x, sep)) = two_strings(a) else {
        return Ok(None);
    };
    let parts: Vec<Value> = if sep.is_empty() {
        vec![Value::String(x.to_string())]
    } else {
        x.split(sep).map(|p| Value::String(p.to_string())).collect()
    };
    Ok(Some(Value::Array(parts)))
}

pub(super) const ENTRIES: &[Entry] = &[
    ("CONCAT", 2, usize::MAX, concat),
    ("CONTAINS", 2, 3, contains),
    ("ENDSWITH", 2, 3, ends_with),
    ("STARTSWITH", 2, 3, starts_with),
    ("STRINGEQUALS", 2, 3, string_equals),
    ("INDEX_OF", 2, 3, index_of),
    ("LEFT", 2, 2, left),
    ("RIGHT", 2, 2, right),
    ("LENGTH", 1, 1, length),
    ("LOWER", 1, 1, lower),
    ("UPPER", 1, 1, upper),
    ("LTRIM", 1, 2, ltrim),
    ("RTRIM", 1, 2, rtrim),
    ("TRIM", 1, 2, trim),
    ("REPLACE", 3, 3, replace),
    ("REPLICATE", 2, 2, replicate),
    ("REVERSE", 1, 1, reverse),
    ("SUBSTRING", 3, 3, substring),
    ("REGEXMATCH", 2, 3, regex_match),
    ("STRINGTOARRAY", 1, 1, string_to_array),
    ("STRINGTOBOOLEAN", 1, 1, string_to_boolean),
    ("STRINGTONULL", 1, 1, string_to_null),
    ("STRINGTONUMBER", 1, 1, string_to_number),
    ("STRINGTOOBJECT", 1, 1, string_to_object),
    ("TOSTRING", 1, 1, to_string),
    ("STRINGJOIN", 2, 2, string_join),
    ("STRINGSPLIT", 2, 2, string_split),
];

#[cfg(test)]
mod tests;
