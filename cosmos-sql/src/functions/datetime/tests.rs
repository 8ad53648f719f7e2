use super::*;
use crate::functions::test_util::eval;
use serde_json::json;

#[test]
fn parse_and_format() {
    assert_eq!(parse_ticks("1970-01-01T00:00:00Z"), Some(0));
    assert_eq!(parse_ticks("1970-01-01T00:00:01.5Z"), Some(15_000_000));
    assert_eq!(parse_ticks("1970-01-01T00:00:00.0000001Z"), Some(1));
    assert_eq!(parse_ticks("1970-01-01T00:00:00.00000001Z"), None);
    assert_eq!(parse_ticks("1970-01-01T00:00:00"), Some(0));
    assert_eq!(parse_ticks("1970-01-01"), None);
    assert_eq!(parse_ticks("1970-01-01T00:00:00+01:00"), None);
    assert_eq!(parse_ticks("1970-13-01T00:00:00Z"), None);
    assert_eq!(parse_ticks("1970-01-01T00:00:00.Z"), None);
    assert_eq!(
        format_ticks(15_000_000).unwrap(),
        "1970-01-01T00:00:01.5000000Z"
    );
    assert_eq!(format_ticks(-1).unwrap(), "1969-12-31T23:59:59.9999999Z");
}

#[test]
fn current_time_functions_agree() {
    let dt = eval("GetCurrentDateTime()").unwrap();
    let s = dt.as_str().unwrap();
    assert_eq!(s.len(), 28, "{s}");
    assert!(s.ends_with('Z'));
    let ts = eval("GetCurrentTimestamp()").unwrap().as_i64().unwrap();
    let ticks = eval("GetCurrentTicks()").unwrap().as_i64().unwrap();
    assert!(ts > 1_600_000_000_000);
    assert!((ticks / TICKS_PER_MS - ts).abs() < 60_000);
    assert_eq!(
        eval("[GetCurrentTicks(), GetCurrentDateTime()]")
            .map(|v| {
                let a = v.as_array().unwrap().clone();
                (a[0].clone(), a[1].clone())
            })
            .map(|(t, d)| format_ticks(t.as_i64().unwrap()).unwrap() == d.as_str().unwrap()),
        Some(true)
    );
}

#[test]
fn date_time_add() {
    // Documented examples: adding months and negative hours.
    assert_eq!(
        eval("DateTimeAdd('mm', 1, '2020-07-09T23:20:13.4575530Z')"),
        Some(json!("2020-08-09T23:20:13.4575530Z"))
    );
    assert_eq!(
        eval("DateTimeAdd('hh', -2, '2020-07-09T23:20:13.4575530Z')"),
        Some(json!("2020-07-09T21:20:13.4575530Z"))
    );
    assert_eq!(
        eval("DateTimeAdd('yyyy', 1, '2020-02-29T00:00:00.0000000Z')"),
        Some(json!("2021-02-28T00:00:00.0000000Z"))
    );
    assert_eq!(
        eval("DateTimeAdd('month', 1, '2021-01-31T00:00:00Z')"),
        Some(json!("2021-02-28T00:00:00.0000000Z"))
    );
    assert_eq!(
        eval("DateTimeAdd('dd', 1, '2020-12-31T00:00:00Z')"),
        Some(json!("2021-01-01T00:00:00.0000000Z"))
    );
    assert_eq!(
        eval("DateTimeAdd('mi', 90, '2020-01-01T00:00:00Z')"),
        Some(json!("2020-01-01T01:30:00.0000000Z"))
    );
    assert_eq!(
        eval("DateTimeAdd('ss', 1, '2020-01-01T00:00:00Z')"),
        Some(json!("2020-01-01T00:00:01.0000000Z"))
    );
    assert_eq!(
        eval("DateTimeAdd('ms', 1, '2020-01-01T00:00:00Z')"),
        Some(json!("2020-01-01T00:00:00.0010000Z"))
    );
    assert_eq!(
        eval("DateTimeAdd('mcs', 1, '2020-01-01T00:00:00Z')"),
        Some(json!("2020-01-01T00:00:00.0000010Z"))
    );
    assert_eq!(
        eval("DateTimeAdd('ns', 100, '2020-01-01T00:00:00Z')"),
        Some(json!("2020-01-01T00:00:00.0000001Z"))
    );
    assert_eq!(eval("DateTimeAdd('week', 1, '2020-01-01T00:00:00Z')"), None);
    assert_eq!(eval("DateTimeAdd('dd', 'x', '2020-01-01T00:00:00Z')"), None);
    assert_eq!(eval("DateTimeAdd('dd', 1, '2020-01-01')"), None);
    // Documentation sample: input without 'Z', output with it.
    assert_eq!(
        eval("DateTimeAdd('ss', 5 * -5, '2020-07-03T00:00:00.0000000')"),
        Some(json!("2020-07-02T23:59:35.0000000Z"))
    );
    assert_eq!(
        eval("DateTimeAdd('yyyy', 10000, '2020-01-01T00:00:00Z')"),
        None
    );
}

#[test]
fn date_time_diff_counts_boundaries() {
    assert_eq!(
        eval("DateTimeDiff('yyyy', '2019-12-31T23:59:59Z', '2020-01-01T00:00:00Z')"),
        Some(json!(1))
    );
    assert_eq!(
        eval("DateTimeDiff('mm', '2020-01-31T00:00:00Z', '2020-03-01T00:00:00Z')"),
        Some(json!(2))
    );
    assert_eq!(
        eval("DateTimeDiff('dd', '2020-01-01T23:00:00Z', '2020-01-02T01:00:00Z')"),
        Some(json!(1))
    );
    assert_eq!(
        eval("DateTimeDiff('hh', '2020-01-02T01:00:00Z', '2020-01-01T23:00:00Z')"),
        Some(json!(-2))
    );
    assert_eq!(
        eval("DateTimeDiff('mi', '2020-01-01T00:00:00Z', '2020-01-01T01:00:00Z')"),
        Some(json!(60))
    );
    assert_eq!(
        eval("DateTimeDiff('ss', '2020-01-01T00:00:00Z', '2020-01-01T00:01:00Z')"),
        Some(json!(60))
    );
    assert_eq!(
        eval("DateTimeDiff('ms', '2020-01-01T00:00:00Z', '2020-01-01T00:00:01Z')"),
        Some(json!(1000))
    );
    assert_eq!(
        eval("DateTimeDiff('mcs', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00.001Z')"),
        Some(json!(1000))
    );
    assert_eq!(
        eval("DateTimeDiff('ns', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00.000001Z')"),
        Some(json!(1000))
    );
    // Documentation samples.
    assert_eq!(
        eval("DateTimeDiff('mm', '2019-02-04T16:00:00.0000000', '2018-03-05T05:00:00.0000000')"),
        Some(json!(-11))
    );
    assert_eq!(
        eval("DateTimeDiff('dd', '2018-03-05T05:00:00.0000000', '2019-02-04T16:00:00.0000000')"),
        Some(json!(336))
    );
    assert_eq!(
        eval("DateTimeDiff('hh', '2018-03-05T05:00:00.0000000', '2019-02-04T16:00:00.0000000')"),
        Some(json!(8075))
    );
    assert_eq!(
        eval("DateTimeDiff('ss', '2019-02-04T16:00:00.0000000', '2018-03-05T05:00:00.0000000')"),
        Some(json!(-29070000))
    );
    assert_eq!(
        eval("DateTimeDiff('xx', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')"),
        None
    );
    assert_eq!(eval("DateTimeDiff('dd', 1, '2020-01-01T00:00:00Z')"), None);
}

#[test]
fn date_time_part() {
    let dt = "'2016-05-29T08:30:00.1301617Z'";
    for (p, want) in [
        ("yyyy", 2016),
        ("mm", 5),
        ("dd", 29),
        ("hh", 8),
        ("mi", 30),
        ("ss", 0),
        ("ms", 130),
        ("mcs", 130161),
        ("ns", 130161700),
    ] {
        assert_eq!(
            eval(&format!("DateTimePart('{p}', {dt})")),
            Some(json!(want)),
            "{p}"
        );
    }
    assert_eq!(eval("DateTimePart('year', 'nope')"), None);
    assert_eq!(eval("DateTimePart(1, '2016-05-29T08:30:00Z')"), None);
}

#[test]
fn date_time_bin() {
    let dt = "'2021-06-28T17:24:29.2991234Z'";
    assert_eq!(
        eval(&format!("DateTimeBin({dt}, 'hh')")),
        Some(json!("2021-06-28T17:00:00.0000000Z"))
    );
    assert_eq!(
        eval(&format!("DateTimeBin({dt}, 'hh', 3)")),
        Some(json!("2021-06-28T15:00:00.0000000Z"))
    );
    assert_eq!(
        eval(&format!("DateTimeBin({dt}, 'dd')")),
        Some(json!("2021-06-28T00:00:00.0000000Z"))
    );
    assert_eq!(
        eval(&format!(
            "DateTimeBin({dt}, 'dd', 1, '2021-01-01T12:00:00Z')"
        )),
        Some(json!("2021-06-28T12:00:00.0000000Z"))
    );
    assert_eq!(
        eval(&format!("DateTimeBin({dt}, 'ms')")),
        Some(json!("2021-06-28T17:24:29.2990000Z"))
    );
    assert_eq!(eval(&format!("DateTimeBin({dt}, 'hh', 0)")), None);
    // Documentation samples.
    assert_eq!(
        eval("DateTimeBin('2021-01-08T18:35:00.0000000', 'dd', 7)"),
        Some(json!("2021-01-07T00:00:00.0000000Z"))
    );
    assert_eq!(
        eval("DateTimeBin('2021-01-08T18:35:00.0000000', 'dd', 7, '1601-01-01T00:00:00.0000000')"),
        Some(json!("2021-01-04T00:00:00.0000000Z"))
    );
    assert_eq!(eval(&format!("DateTimeBin({dt}, 'yyyy')")), None);
    assert_eq!(eval("DateTimeBin('bad', 'hh')"), None);
}

#[test]
fn from_parts_and_conversions() {
    // Documented: DateTimeFromParts(2017, 4, 20, 13, 15, 20, 3456789).
    assert_eq!(
        eval("DateTimeFromParts(2017, 4, 20, 13, 15, 20, 3456789)"),
        Some(json!("2017-04-20T13:15:20.3456789Z"))
    );
    assert_eq!(
        eval("DateTimeFromParts(2017, 4, 20)"),
        Some(json!("2017-04-20T00:00:00.0000000Z"))
    );
    assert_eq!(eval("DateTimeFromParts(2017, 2, 30)"), None);
    assert_eq!(eval("DateTimeFromParts(2017, 2, 'x')"), None);
    assert_eq!(eval("DateTimeFromParts(2017, 2, 1, 25)"), None);
    assert_eq!(
        eval("DateTimeToTicks('1970-01-01T00:00:01Z')"),
        Some(json!(10_000_000))
    );
    assert_eq!(eval("DateTimeToTicks('x')"), None);
    assert_eq!(
        eval("DateTimeToTimestamp('1970-01-01T00:00:01.5Z')"),
        Some(json!(1500))
    );
    assert_eq!(eval("DateTimeToTimestamp(1)"), None);
    assert_eq!(
        eval("TicksToDateTime(15000000)"),
        Some(json!("1970-01-01T00:00:01.5000000Z"))
    );
    assert_eq!(eval("TicksToDateTime('1')"), None);
    assert_eq!(
        eval("TimestampToDateTime(1594227912345)"),
        Some(json!("2020-07-08T17:05:12.3450000Z"))
    );
    assert_eq!(eval("TimestampToDateTime(null)"), None);
}

#[test]
fn static_variants_match_the_plain_ones() {
    let v = eval("[GetCurrentTicks() = GetCurrentTicksStatic(), GetCurrentTimestamp() = GetCurrentTimestampStatic(), GetCurrentDateTime() = GetCurrentDateTimeStatic()]");
    assert_eq!(v, Some(json!([true, true, true])));
}

#[test]
fn extreme_inputs_give_undefined_not_overflow() {
    assert_eq!(
        eval("DateTimeDiff('ns', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z')"),
        None
    );
    assert_eq!(
        eval("DateTimeDiff('yyyy', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z')"),
        Some(json!(9998))
    );
    assert_eq!(
        eval("DateTimeAdd('ms', 1e15, '2020-01-01T00:00:00Z')"),
        None
    );
    assert_eq!(
        eval("DateTimeBin('2020-01-01T00:00:00Z', 'dd', 9223372036854775807)"),
        None
    );
    assert_eq!(eval("TicksToDateTime(1e30)"), None);
    assert_eq!(eval("TimestampToDateTime(-1e20)"), None);
}
