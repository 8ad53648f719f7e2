//! Spatial functions over GeoJSON (`Point`, `LineString`, `Polygon`,
//! `MultiPolygon`) with `[longitude, latitude]` positions.
//!
//! ST_DISTANCE is the geodesic distance in metres on the WGS-84 ellipsoid
//! (Vincenty's inverse formula, within centimetres of the service) between
//! two points. ST_WITHIN and ST_INTERSECTS treat coordinates as planar,
//! which agrees with the service for shapes that are small compared with
//! the Earth. ST_AREA is not provided.

use super::{Args, Entry};
use crate::error::EvalError;
use crate::eval::Executor;
use serde_json::{Map, Value};

type R = Result<Option<Value>, EvalError>;
type Pos = (f64, f64);

/// A parsed geometry: its rings (polygons, exterior first), lines and points.
#[derive(Debug, Default)]
struct Shape {
    points: Vec<Pos>,
    lines: Vec<Vec<Pos>>,
    polygons: Vec<Vec<Vec<Pos>>>,
}

fn position(v: &Value) -> Result<Pos, &'static str> {
    const SHAPE: &str = "Positions must be arrays of [longitude, latitude].";
    let pair = v.as_array().filter(|a| a.len() >= 2).ok_or(SHAPE)?;
    let (Some(lon), Some(lat)) = (pair[0].as_f64(), pair[1].as_f64()) else {
        return Err(SHAPE);
    };
    if !(-90.0..=90.0).contains(&lat) {
        return Err("Latitude values must be between -90 and 90 degrees.");
    }
    if !(-180.0..=180.0).contains(&lon) {
        return Err("Longitude values must be between -180 and 180 degrees.");
    }
    Ok((lon, lat))
}

fn positions(v: &Value) -> Result<Vec<Pos>, &'static str> {
    v.as_array()
        .ok_or("Coordinates must be an array of positions.")?
        .iter()
        .map(position)
        .collect()
}

fn polygon(v: &Value) -> Result<Vec<Vec<Pos>>, &'static str> {
    let rings = v
        .as_array()
        .ok_or("Polygon coordinates must be an array of rings.")?;
    if rings.is_empty() {
        return Err("A polygon must have at least one ring.");
    }
    rings
        .iter()
        .map(|r| {
            let ring = positions(r)?;
            if ring.len() < 4 {
                return Err("A polygon ring must have at least four positions.");
            }
            if ring.first() != ring.last() {
                return Err(
                    "A polygon ring must be closed: its first and last positions must be equal.",
                );
            }
            Ok(ring)
        })
        .collect()
}

fn parse(v: Option<&Value>) -> Result<Shape, &'static str> {
    let obj: &Map<String, Value> = v
        .and_then(Value::as_object)
        .ok_or("The input is not a GeoJSON object.")?;
    let coords = obj
        .get("coordinates")
        .ok_or("A GeoJSON geometry needs \"coordinates\".")?;
    let mut s = Shape::default();
    match obj.get("type").and_then(Value::as_str) {
        Some("Point") => s.points.push(position(coords)?),
        Some("LineString") => {
            let line = positions(coords)?;
            if line.len() < 2 {
                return Err("A LineString must have at least two positions.");
            }
            s.lines.push(line);
        }
        Some("Polygon") => s.polygons.push(polygon(coords)?),
        Some("MultiPolygon") => {
            let polys = coords
                .as_array()
                .ok_or("MultiPolygon coordinates must be an array of polygons.")?;
            for p in polys {
                s.polygons.push(polygon(p)?);
            }
        }
        _ => {
            return Err(
                "Unsupported GeoJSON type: expected Point, LineString, Polygon or MultiPolygon.",
            )
        }
    }
    Ok(s)
}

/// Even-odd ray casting over every ring (holes therefore excluded).
fn in_polygon(p: Pos, rings: &[Vec<Pos>]) -> bool {
    let mut inside = false;
    for ring in rings {
        for w in ring.windows(2) {
            let ((x1, y1), (x2, y2)) = (w[0], w[1]);
            if (y1 > p.1) != (y2 > p.1) && p.0 < (x2 - x1) * (p.1 - y1) / (y2 - y1) + x1 {
                inside = !inside;
            }
        }
    }
    inside
}

fn cross(o: Pos, a: Pos, b: Pos) -> f64 {
    (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0)
}

fn on_segment(p: Pos, a: Pos, b: Pos) -> bool {
    cross(a, b, p) == 0.0
        && p.0 >= a.0.min(b.0)
        && p.0 <= a.0.max(b.0)
        && p.1 >= a.1.min(b.1)
        && p.1 <= a.1.max(b.1)
}

fn segments_cross(a: Pos, b: Pos, c: Pos, d: Pos) -> bool {
    let (d1, d2, d3, d4) = (
        cross(c, d, a),
        cross(c, d, b),
        cross(a, b, c),
        cross(a, b, d),
    );
    ((d1 > 0.0) != (d2 > 0.0)
        && (d3 > 0.0) != (d4 > 0.0)
        && d1 != 0.0
        && d2 != 0.0
        && d3 != 0.0
        && d4 != 0.0)
        || on_segment(a, c, d)
        || on_segment(b, c, d)
        || on_segment(c, a, b)
        || on_segment(d, a, b)
}

impl Shape {
    fn vertices(&self) -> impl Iterator<Item = Pos> + '_ {
        self.points
            .iter()
            .copied()
            .chain(self.lines.iter().flatten().copied())
            .chain(self.polygons.iter().flatten().flatten().copied())
    }

    fn segments(&self) -> Vec<(Pos, Pos)> {
        self.lines
            .iter()
            .chain(self.polygons.iter().flatten())
            .flat_map(|l| l.windows(2).map(|w| (w[0], w[1])))
            .collect()
    }

    /// Whether `p` lies inside or on this shape.
    fn covers(&self, p: Pos) -> bool {
        self.points.contains(&p)
            || self.segments().iter().any(|&(a, b)| on_segment(p, a, b))
            || self.polygons.iter().any(|rings| in_polygon(p, rings))
    }

    fn intersects(&self, other: &Shape) -> bool {
        let (mine, theirs) = (self.segments(), other.segments());
        mine.iter()
            .any(|&(a, b)| theirs.iter().any(|&(c, d)| segments_cross(a, b, c, d)))
            || self.vertices().any(|p| other.covers(p))
            || other.vertices().any(|p| self.covers(p))
    }
}

/// Geodesic distance in metres on WGS-84 (Vincenty's inverse formula).
fn vincenty(p: Pos, q: Pos) -> Option<f64> {
    let a = 6_378_137.0_f64;
    let f = 1.0 / 298.257_223_563;
    let b = (1.0 - f) * a;
    let l = (q.0 - p.0).to_radians();
    let u1 = ((1.0 - f) * p.1.to_radians().tan()).atan();
    let u2 = ((1.0 - f) * q.1.to_radians().tan()).atan();
    let (su1, cu1, su2, cu2) = (u1.sin(), u1.cos(), u2.sin(), u2.cos());
    let mut lambda = l;
    for _ in 0..200 {
        let (sl, cl) = lambda.sin_cos();
        let ss = ((cu2 * sl).powi(2) + (cu1 * su2 - su1 * cu2 * cl).powi(2)).sqrt();
        if ss == 0.0 {
            return Some(0.0);
        }
        let cs = su1 * su2 + cu1 * cu2 * cl;
        let sigma = ss.atan2(cs);
        let sa = cu1 * cu2 * sl / ss;
        let c2a = 1.0 - sa * sa;
        let c2sm = if c2a != 0.0 {
            cs - 2.0 * su1 * su2 / c2a
        } else {
            0.0
        };
        let c = f / 16.0 * c2a * (4.0 + f * (4.0 - 3.0 * c2a));
        let prev = lambda;
        lambda = l
            + (1.0 - c) * f * sa * (sigma + c * ss * (c2sm + c * cs * (-1.0 + 2.0 * c2sm * c2sm)));
        if (lambda - prev).abs() < 1e-12 {
            let u_sq = c2a * (a * a - b * b) / (b * b);
            let big_a =
                1.0 + u_sq / 16384.0 * (4096.0 + u_sq * (-768.0 + u_sq * (320.0 - 175.0 * u_sq)));
            let big_b = u_sq / 1024.0 * (256.0 + u_sq * (-128.0 + u_sq * (74.0 - 47.0 * u_sq)));
            let ds = big_b
                * ss
                * (c2sm
                    + big_b / 4.0
                        * (cs * (-1.0 + 2.0 * c2sm * c2sm)
                            - big_b / 6.0
                                * c2sm
                                * (-3.0 + 4.0 * ss * ss)
                                * (-3.0 + 4.0 * c2sm * c2sm)));
            return Some(b * big_a * (sigma - ds));
        }
    }
    // Nearly antipodal points: the iteration does not converge.
    None
}

fn st_distance(_: &Executor<'_>, a: &Args<'_>) -> R {
    let (Ok(x), Ok(y)) = (parse(a[0]), parse(a[1])) else {
        return Ok(None);
    };
    Ok(
        match (
            x.points.as_slice(),
            y.points.as_slice(),
            x.lines.len() + x.polygons.len() + y.lines.len() + y.polygons.len(),
        ) {
            ([p], [q], 0) => vincenty(*p, *q).and_then(crate::value::from_f64),
            _ => None,
        },
    )
}

/// ST_WITHIN(a, b): every vertex of `a` lies in `b`.
fn st_within(_: &Executor<'_>, a: &Args<'_>) -> R {
    let (Ok(x), Ok(y)) = (parse(a[0]), parse(a[1])) else {
        return Ok(None);
    };
    let mut any = false;
    let all = x.vertices().all(|p| {
        any = true;
        y.covers(p)
    });
    Ok(Some(Value::Bool(any && all)))
}

fn st_intersects(_: &Executor<'_>, a: &Args<'_>) -> R {
    let (Ok(x), Ok(y)) = (parse(a[0]), parse(a[1])) else {
        return Ok(None);
    };
    Ok(Some(Value::Bool(x.intersects(&y))))
}

fn st_isvalid(_: &Executor<'_>, a: &Args<'_>) -> R {
    Ok(Some(Value::Bool(parse(a[0]).is_ok())))
}

fn st_isvaliddetailed(_: &Executor<'_>, a: &Args<'_>) -> R {
    let mut m = Map::new();
    match parse(a[0]) {
        Ok(_) => {
            m.insert("valid".into(), Value::Bool(true));
        }
        Err(reason) => {
            m.insert("valid".into(), Value::Bool(false));
            m.insert("reason".into(), Value::String(reason.into()));
        }
    }
    Ok(Some(Value::Object(m)))
}

pub(super) const ENTRIES: &[Entry] = &[
    ("ST_DISTANCE", 2, 2, st_distance),
    ("ST_WITHIN", 2, 2, st_within),
    ("ST_INTERSECTS", 2, 2, st_intersects),
    ("ST_ISVALID", 1, 1, st_isvalid),
    ("ST_ISVALIDDETAILED", 1, 1, st_isvaliddetailed),
];

#[cfg(test)]
mod tests;
