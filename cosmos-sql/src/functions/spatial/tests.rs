use crate::functions::test_util::eval;
use serde_json::json;

const HQ: &str = r#"{"type": "Point", "coordinates": [-122.12826822304672, 47.63980239335718]}"#;
const RD: &str = r#"{"type": "Point", "coordinates": [-96.84368664765994, 46.81297794314663]}"#;
const CAMPUS_POINT: &str =
    r#"{"type": "Point", "coordinates": [-122.11758113953535, 47.66901087006131]}"#;
const SQUARE: &str =
    r#"{"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]]}"#;

fn close(expr: &str, want: f64, tolerance: f64) {
    let got = eval(expr).and_then(|v| v.as_f64()).unwrap_or(f64::NAN);
    assert!((got - want).abs() <= tolerance, "{expr}: {got} vs {want}");
}

#[test]
fn st_distance_is_geodesic_metres() {
    // Documentation sample results (kilometres), matched to within 10 cm.
    close(
        &format!("ST_DISTANCE({HQ}, {CAMPUS_POINT}) / 1000"),
        3.345269817267368,
        1e-4,
    );
    close(
        &format!("ST_DISTANCE({RD}, {CAMPUS_POINT}) / 1000"),
        1907.438421299902,
        1e-4,
    );
    close(&format!("ST_DISTANCE({HQ}, {HQ})"), 0.0, 0.0);
    // One degree of longitude on the equator is 111.319 km on WGS-84.
    close(
        r#"ST_DISTANCE({"type": "Point", "coordinates": [0, 0]}, {"type": "Point", "coordinates": [1, 0]})"#,
        111_319.49,
        0.01,
    );
    assert_eq!(eval(&format!("ST_DISTANCE({HQ}, 1)")), None);
    assert_eq!(eval(&format!("ST_DISTANCE({HQ}, {SQUARE})")), None);
}

#[test]
fn st_within_and_intersects() {
    let inside = r#"{"type": "Point", "coordinates": [5, 5]}"#;
    let outside = r#"{"type": "Point", "coordinates": [15, 5]}"#;
    let edge = r#"{"type": "Point", "coordinates": [10, 5]}"#;
    let holed = r#"{"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]]}"#;
    let overlapping =
        r#"{"type": "Polygon", "coordinates": [[[5, 5], [15, 5], [15, 15], [5, 15], [5, 5]]]}"#;
    let far = r#"{"type": "Polygon", "coordinates": [[[20, 20], [30, 20], [30, 30], [20, 30], [20, 20]]]}"#;
    let small = r#"{"type": "Polygon", "coordinates": [[[1, 1], [2, 1], [2, 2], [1, 2], [1, 1]]]}"#;
    let line = r#"{"type": "LineString", "coordinates": [[-5, 5], [15, 5]]}"#;
    assert_eq!(
        eval(&format!("ST_WITHIN({inside}, {SQUARE})")),
        Some(json!(true))
    );
    assert_eq!(
        eval(&format!("ST_WITHIN({outside}, {SQUARE})")),
        Some(json!(false))
    );
    assert_eq!(
        eval(&format!("ST_WITHIN({edge}, {SQUARE})")),
        Some(json!(true))
    );
    assert_eq!(
        eval(&format!("ST_WITHIN({inside}, {holed})")),
        Some(json!(false))
    );
    assert_eq!(
        eval(&format!("ST_WITHIN({small}, {SQUARE})")),
        Some(json!(true))
    );
    assert_eq!(
        eval(&format!("ST_WITHIN({overlapping}, {SQUARE})")),
        Some(json!(false))
    );
    assert_eq!(
        eval(&format!("ST_INTERSECTS({overlapping}, {SQUARE})")),
        Some(json!(true))
    );
    assert_eq!(
        eval(&format!("ST_INTERSECTS({far}, {SQUARE})")),
        Some(json!(false))
    );
    assert_eq!(
        eval(&format!("ST_INTERSECTS({small}, {SQUARE})")),
        Some(json!(true))
    );
    assert_eq!(
        eval(&format!("ST_INTERSECTS({line}, {SQUARE})")),
        Some(json!(true))
    );
    assert_eq!(
        eval(&format!("ST_INTERSECTS({line}, {far})")),
        Some(json!(false))
    );
    assert_eq!(
        eval(&format!("ST_INTERSECTS({inside}, {inside})")),
        Some(json!(true))
    );
    assert_eq!(eval(&format!("ST_WITHIN({inside}, 'x')")), None);
    assert_eq!(eval(&format!("ST_INTERSECTS(undefined, {SQUARE})")), None);
}

#[test]
fn st_isvalid_and_detailed() {
    // Documentation samples.
    let valid = r#"{"type": "Point", "coordinates": [-84.38876194345323, 33.75682784306348]}"#;
    let invalid = r#"{"type": "Point", "coordinates": [133.75682784306348, -184.38876194345323]}"#;
    assert_eq!(eval(&format!("ST_ISVALID({valid})")), Some(json!(true)));
    assert_eq!(eval(&format!("ST_ISVALID({invalid})")), Some(json!(false)));
    assert_eq!(
        eval(&format!("ST_ISVALIDDETAILED({valid})")),
        Some(json!({"valid": true}))
    );
    assert_eq!(
        eval(&format!("ST_ISVALIDDETAILED({invalid})")),
        Some(
            json!({"valid": false, "reason": "Latitude values must be between -90 and 90 degrees."})
        )
    );
    let open_ring = r#"{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}"#;
    assert_eq!(
        eval(&format!("ST_ISVALID({open_ring})")),
        Some(json!(false))
    );
    assert_eq!(eval(&format!("ST_ISVALID({SQUARE})")), Some(json!(true)));
    assert_eq!(
        eval("ST_ISVALID({\"type\": \"Circle\", \"coordinates\": [0, 0]})"),
        Some(json!(false))
    );
    assert_eq!(eval("ST_ISVALID('x')"), Some(json!(false)));
    assert_eq!(
        eval("ST_ISVALID({\"type\": \"Point\", \"coordinates\": [200, 0]})"),
        Some(json!(false))
    );
}
