//! Date and time functions over ISO 8601 UTC strings
//! (`YYYY-MM-DDThh:mm:ss.fffffffZ`), Unix-epoch ticks (100 ns) and
//! Unix-epoch milliseconds. Invalid input gives undefined.

use super::{Args, Entry};
use crate::error::EvalError;
use crate::eval::Executor;
use crate::value::{as_int, as_str, num};
use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveDateTime, Timelike};
use serde_json::Value;
use std::cell::Cell;
use std::time::{SystemTime, UNIX_EPOCH};

type R = Result<Option<Value>, EvalError>;

const TICKS_PER_SECOND: i64 = 10_000_000;
const TICKS_PER_MS: i64 = 10_000;

/// The time and random source for one execution: the current time is read
/// once, so every `GetCurrent*` call in a query agrees.
pub(crate) struct Clock {
    now_ticks: i64,
    rng: Cell<u64>,
}

impl Clock {
    pub(crate) fn now() -> Self {
        let d = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let ticks = i64::try_from(d.as_nanos() / 100).unwrap_or(i64::MAX);
        // Seed from the clock mixed with std's per-process random hasher keys.
        use std::hash::{BuildHasher, Hasher};
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_i64(ticks);
        Clock {
            now_ticks: ticks,
            rng: Cell::new(h.finish() | 1),
        }
    }

    /// A uniform double in [0, 1) (xorshift64*; RAND need not be cryptographic).
    pub(crate) fn next_random(&self) -> f64 {
        let mut x = self.rng.get();
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng.set(x);
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Parses `YYYY-MM-DDThh:mm:ss[.f{1,7}][Z]` (always UTC) into ticks since
/// the Unix epoch. The service's own samples omit the `Z`.
pub(crate) fn parse_ticks(s: &str) -> Option<i64> {
    let body = s.strip_suffix('Z').unwrap_or(s);
    let (main, frac) = match body.split_once('.') {
        Some((m, f)) => (m, f),
        None => (body, ""),
    };
    if main.len() != 19 || frac.len() > 7 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if body.contains('.') && frac.is_empty() {
        return None;
    }
    let dt = NaiveDateTime::parse_from_str(main, "%Y-%m-%dT%H:%M:%S").ok()?;
    let frac_ticks: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<7}").parse().ok()?
    };
    Some(dt.and_utc().timestamp() * TICKS_PER_SECOND + frac_ticks)
}

fn to_datetime(ticks: i64) -> Option<NaiveDateTime> {
    let secs = ticks.div_euclid(TICKS_PER_SECOND);
    let nanos = (ticks.rem_euclid(TICKS_PER_SECOND) * 100) as u32;
    let dt = DateTime::from_timestamp(secs, nanos)?.naive_utc();
    (1..=9999).contains(&dt.year()).then_some(dt)
}

/// Formats ticks as `YYYY-MM-DDThh:mm:ss.fffffffZ`.
pub(crate) fn format_ticks(ticks: i64) -> Option<String> {
    let dt = to_datetime(ticks)?;
    Some(format!(
        "{}.{:07}Z",
        dt.format("%Y-%m-%dT%H:%M:%S"),
        ticks.rem_euclid(TICKS_PER_SECOND)
    ))
}

fn from_naive(dt: NaiveDateTime) -> i64 {
    dt.and_utc().timestamp() * TICKS_PER_SECOND + i64::from(dt.nanosecond() / 100)
}

#[derive(Clone, Copy, PartialEq)]
enum Part {
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
    Millisecond,
    Microsecond,
    Nanosecond,
}

fn part(v: Option<&Value>) -> Option<Part> {
    Some(match as_str(v)?.to_ascii_lowercase().as_str() {
        "year" | "yyyy" | "yy" => Part::Year,
        "month" | "mm" | "m" => Part::Month,
        "day" | "dd" | "d" => Part::Day,
        "hour" | "hh" => Part::Hour,
        "minute" | "mi" | "n" => Part::Minute,
        "second" | "ss" | "s" => Part::Second,
        "millisecond" | "ms" => Part::Millisecond,
        "microsecond" | "mcs" => Part::Microsecond,
        "nanosecond" | "ns" => Part::Nanosecond,
        _ => return None,
    })
}

/// Ticks in one unit of a fixed-length part (not year or month).
fn unit_ticks(p: Part) -> Option<i64> {
    Some(match p {
        Part::Day => 24 * 3600 * TICKS_PER_SECOND,
        Part::Hour => 3600 * TICKS_PER_SECOND,
        Part::Minute => 60 * TICKS_PER_SECOND,
        Part::Second => TICKS_PER_SECOND,
        Part::Millisecond => TICKS_PER_MS,
        Part::Microsecond => 10,
        Part::Year | Part::Month | Part::Nanosecond => return None,
    })
}

fn string(ticks: Option<i64>) -> R {
    Ok(ticks.and_then(format_ticks).map(Value::String))
}

fn get_current_date_time(e: &Executor<'_>, _: &Args<'_>) -> R {
    string(Some(e.clock.now_ticks))
}

fn get_current_timestamp(e: &Executor<'_>, _: &Args<'_>) -> R {
    Ok(Some(Value::from(
        e.clock.now_ticks.div_euclid(TICKS_PER_MS),
    )))
}

fn get_current_ticks(e: &Executor<'_>, _: &Args<'_>) -> R {
    Ok(Some(Value::from(e.clock.now_ticks)))
}

/// DateTimeAdd(part, n, datetime). Months and years clamp the day to the
/// end of the month; fractional `n` is truncated.
fn date_time_add(_: &Executor<'_>, a: &Args<'_>) -> R {
    let (Some(p), Some(n), Some(t)) = (part(a[0]), num(a[1]), as_str(a[2]).and_then(parse_ticks))
    else {
        return Ok(None);
    };
    if !n.is_finite() || n.abs() > 1e15 {
        return Ok(None);
    }
    let n = n.trunc() as i64;
    let result = match p {
        Part::Year | Part::Month => {
            let months = if p == Part::Year {
                n.checked_mul(12)
            } else {
                Some(n)
            };
            let Some(dt) = to_datetime(t) else {
                return Ok(None);
            };
            let shifted = match months.and_then(|m| u32::try_from(m.unsigned_abs()).ok()) {
                Some(m) if n >= 0 => dt.checked_add_months(Months::new(m)),
                Some(m) => dt.checked_sub_months(Months::new(m)),
                None => None,
            };
            shifted.map(from_naive)
        }
        Part::Nanosecond => t.checked_add(n / 100),
        other => unit_ticks(other)
            .and_then(|u| n.checked_mul(u))
            .and_then(|d| t.checked_add(d)),
    };
    string(result)
}

/// DateTimeDiff(part, start, end): the number of `part` boundaries crossed
/// from start to end (negative when end is earlier).
fn date_time_diff(_: &Executor<'_>, a: &Args<'_>) -> R {
    let (Some(p), Some(s), Some(e)) = (
        part(a[0]),
        as_str(a[1]).and_then(parse_ticks),
        as_str(a[2]).and_then(parse_ticks),
    ) else {
        return Ok(None);
    };
    let (Some(ds), Some(de)) = (to_datetime(s), to_datetime(e)) else {
        return Ok(None);
    };
    let diff = match p {
        Part::Year => i64::from(de.year() - ds.year()),
        Part::Month => {
            i64::from(de.year() - ds.year()) * 12 + i64::from(de.month()) - i64::from(ds.month())
        }
        Part::Nanosecond => match (e - s).checked_mul(100) {
            Some(ns) => ns,
            None => return Ok(None),
        },
        other => match unit_ticks(other) {
            Some(u) => e.div_euclid(u) - s.div_euclid(u),
            None => return Ok(None),
        },
    };
    Ok(Some(Value::from(diff)))
}

/// DateTimePart(part, datetime).
fn date_time_part(_: &Executor<'_>, a: &Args<'_>) -> R {
    let (Some(p), Some(t)) = (part(a[0]), as_str(a[1]).and_then(parse_ticks)) else {
        return Ok(None);
    };
    let Some(dt) = to_datetime(t) else {
        return Ok(None);
    };
    let sub = t.rem_euclid(TICKS_PER_SECOND);
    let v: i64 = match p {
        Part::Year => i64::from(dt.year()),
        Part::Month => i64::from(dt.month()),
        Part::Day => i64::from(dt.day()),
        Part::Hour => i64::from(dt.hour()),
        Part::Minute => i64::from(dt.minute()),
        Part::Second => i64::from(dt.second()),
        Part::Millisecond => sub / TICKS_PER_MS,
        Part::Microsecond => sub / 10,
        Part::Nanosecond => sub * 100,
    };
    Ok(Some(Value::from(v)))
}

/// DateTimeBin(datetime, part [, size = 1 [, origin = Unix epoch]]): the
/// start of the `size`-`part` bin (counted from `origin`) holding datetime.
fn date_time_bin(_: &Executor<'_>, a: &Args<'_>) -> R {
    let (Some(t), Some(p)) = (as_str(a[0]).and_then(parse_ticks), part(a[1])) else {
        return Ok(None);
    };
    let size = match a.get(2) {
        None => 1,
        Some(v) => match as_int(*v) {
            Some(n) if n > 0 => n,
            _ => return Ok(None),
        },
    };
    let origin = match a.get(3) {
        None => 0,
        Some(v) => match as_str(*v).and_then(parse_ticks) {
            Some(o) => o,
            None => return Ok(None),
        },
    };
    let unit = match p {
        Part::Nanosecond => 1,
        other => match unit_ticks(other) {
            Some(u) => u,
            None => return Ok(None),
        },
    };
    let Some(bin) = unit.checked_mul(size) else {
        return Ok(None);
    };
    let offset = (t - origin).div_euclid(bin) * bin;
    string(origin.checked_add(offset))
}

/// DateTimeFromParts(year, month, day [, hour, minute, second, ticks]).
fn date_time_from_parts(_: &Executor<'_>, a: &Args<'_>) -> R {
    let mut n = [0i64; 7];
    for (i, v) in a.iter().enumerate() {
        match as_int(*v) {
            Some(x) => n[i] = x,
            None => return Ok(None),
        }
    }
    let small = |x: i64| u32::try_from(x).ok();
    let date = match (i32::try_from(n[0]).ok(), small(n[1]), small(n[2])) {
        (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y, m, d),
        _ => None,
    };
    let time = date.and_then(|d| d.and_hms_opt(small(n[3])?, small(n[4])?, small(n[5])?));
    if !(0..TICKS_PER_SECOND).contains(&n[6]) {
        return Ok(None);
    }
    string(time.map(|dt| from_naive(dt) + n[6]))
}

fn date_time_to_ticks(_: &Executor<'_>, a: &Args<'_>) -> R {
    Ok(as_str(a[0]).and_then(parse_ticks).map(Value::from))
}

fn date_time_to_timestamp(_: &Executor<'_>, a: &Args<'_>) -> R {
    Ok(as_str(a[0])
        .and_then(parse_ticks)
        .map(|t| Value::from(t.div_euclid(TICKS_PER_MS))))
}

fn ticks_to_date_time(_: &Executor<'_>, a: &Args<'_>) -> R {
    string(
        num(a[0])
            .filter(|f| f.is_finite() && f.abs() < 9e18)
            .map(|f| f.trunc() as i64),
    )
}

fn timestamp_to_date_time(_: &Executor<'_>, a: &Args<'_>) -> R {
    string(
        num(a[0])
            .filter(|f| f.is_finite() && f.abs() < 9e14)
            .map(|f| f.trunc() as i64 * TICKS_PER_MS),
    )
}

pub(super) const ENTRIES: &[Entry] = &[
    ("GETCURRENTDATETIME", 0, 0, get_current_date_time),
    ("GETCURRENTTIMESTAMP", 0, 0, get_current_timestamp),
    ("GETCURRENTTICKS", 0, 0, get_current_ticks),
    // The *Static forms return one value for the whole query; the clock is
    // read once per execution, so they share the plain forms' behaviour.
    ("GETCURRENTDATETIMESTATIC", 0, 0, get_current_date_time),
    ("GETCURRENTTIMESTAMPSTATIC", 0, 0, get_current_timestamp),
    ("GETCURRENTTICKSSTATIC", 0, 0, get_current_ticks),
    ("DATETIMEADD", 3, 3, date_time_add),
    ("DATETIMEDIFF", 3, 3, date_time_diff),
    ("DATETIMEPART", 2, 2, date_time_part),
    ("DATETIMEBIN", 2, 4, date_time_bin),
    ("DATETIMEFROMPARTS", 3, 7, date_time_from_parts),
    ("DATETIMETOTICKS", 1, 1, date_time_to_ticks),
    ("DATETIMETOTIMESTAMP", 1, 1, date_time_to_timestamp),
    ("TICKSTODATETIME", 1, 1, ticks_to_date_time),
    ("TIMESTAMPTODATETIME", 1, 1, timestamp_to_date_time),
];

#[cfg(test)]
mod tests;
