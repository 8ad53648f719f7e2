//! Mathematical functions, including the 64-bit `Int*` family.

use super::{Args, Entry};
use crate::error::EvalError;
use crate::eval::Executor;
use crate::value::{as_int, from_f64, num};
use serde_json::Value;

type R = Result<Option<Value>, EvalError>;

fn unary(a: &Args<'_>, f: fn(f64) -> f64) -> R {
    Ok(num(a[0]).and_then(|x| from_f64(f(x))))
}

macro_rules! unary_fns {
    ($($fname:ident => $body:expr;)*) => {
        $(fn $fname(_: &Executor<'_>, a: &Args<'_>) -> R { unary(a, $body) })*
    };
}

unary_fns! {
    abs => f64::abs;
    acos => f64::acos;
    asin => f64::asin;
    atan => f64::atan;
    ceiling => f64::ceil;
    cos => f64::cos;
    cot => |x: f64| 1.0 / x.tan();
    degrees => f64::to_degrees;
    exp => f64::exp;
    floor => f64::floor;
    log10 => f64::log10;
    radians => f64::to_radians;
    // Rounds half away from zero: ROUND(-6.5) = -7, ROUND(0.5) = 1.
    round => f64::round;
    sign => |x: f64| if x > 0.0 { 1.0 } else if x < 0.0 { -1.0 } else { 0.0 };
    sin => f64::sin;
    sqrt => f64::sqrt;
    square => |x: f64| x * x;
    tan => f64::tan;
    trunc => f64::trunc;
}

/// ATN2(y, x): the angle of the point (x, y), i.e. atan2(y, x). The
/// documentation sample ATN2(35.175643, 129.44) gives 0.265344532064832.
fn atn2(_: &Executor<'_>, a: &Args<'_>) -> R {
    Ok(match (num(a[0]), num(a[1])) {
        (Some(y), Some(x)) => from_f64(y.atan2(x)),
        _ => None,
    })
}

/// LOG(x) is the natural logarithm; LOG(x, base) uses `base`.
fn log(_: &Executor<'_>, a: &Args<'_>) -> R {
    let Some(x) = num(a[0]) else { return Ok(None) };
    Ok(match a.get(1) {
        None => from_f64(x.ln()),
        Some(b) => num(*b).and_then(|b| from_f64(x.ln() / b.ln())),
    })
}

fn pi(_: &Executor<'_>, _: &Args<'_>) -> R {
    Ok(from_f64(std::f64::consts::PI))
}

fn power(_: &Executor<'_>, a: &Args<'_>) -> R {
    Ok(match (num(a[0]), num(a[1])) {
        (Some(x), Some(y)) => from_f64(x.powf(y)),
        _ => None,
    })
}

fn rand(e: &Executor<'_>, _: &Args<'_>) -> R {
    Ok(from_f64(e.clock.next_random()))
}

/// NumberBin(x, size = 1): x rounded down to a multiple of `size`.
fn number_bin(_: &Executor<'_>, a: &Args<'_>) -> R {
    let Some(x) = num(a[0]) else { return Ok(None) };
    let size = match a.get(1) {
        None => 1.0,
        Some(s) => match num(*s) {
            Some(s) if s != 0.0 => s,
            _ => return Ok(None),
        },
    };
    Ok(from_f64((x / size).floor() * size))
}

fn int2(a: &Args<'_>, f: fn(i64, i64) -> Option<i64>) -> R {
    Ok(match (as_int(a[0]), as_int(a[1])) {
        (Some(x), Some(y)) => f(x, y).map(Value::from),
        _ => None,
    })
}

macro_rules! int_fns {
    ($($fname:ident => $body:expr;)*) => {
        $(fn $fname(_: &Executor<'_>, a: &Args<'_>) -> R { int2(a, $body) })*
    };
}

int_fns! {
    int_add => |x, y| Some(x.wrapping_add(y));
    int_sub => |x, y| Some(x.wrapping_sub(y));
    int_mul => |x, y| Some(x.wrapping_mul(y));
    int_div => |x, y| x.checked_div(y);
    int_mod => |x, y| x.checked_rem(y);
    int_bit_and => |x, y| Some(x & y);
    int_bit_or => |x, y| Some(x | y);
    int_bit_xor => |x, y| Some(x ^ y);
    int_bit_left_shift => |x, y| u32::try_from(y).ok().map(|s| x.checked_shl(s).unwrap_or(0));
    int_bit_right_shift => |x, y| u32::try_from(y).ok().map(|s| x.checked_shr(s).unwrap_or(if x < 0 { -1 } else { 0 }));
}

fn int_bit_not(_: &Executor<'_>, a: &Args<'_>) -> R {
    Ok(as_int(a[0]).map(|x| Value::from(!x)))
}

pub(super) const ENTRIES: &[Entry] = &[
    ("ABS", 1, 1, abs),
    ("ACOS", 1, 1, acos),
    ("ASIN", 1, 1, asin),
    ("ATAN", 1, 1, atan),
    ("ATN2", 2, 2, atn2),
    ("CEILING", 1, 1, ceiling),
    ("COS", 1, 1, cos),
    ("COT", 1, 1, cot),
    ("DEGREES", 1, 1, degrees),
    ("EXP", 1, 1, exp),
    ("FLOOR", 1, 1, floor),
    ("LOG", 1, 2, log),
    ("LOG10", 1, 1, log10),
    ("PI", 0, 0, pi),
    ("POWER", 2, 2, power),
    ("RADIANS", 1, 1, radians),
    ("RAND", 0, 0, rand),
    ("ROUND", 1, 1, round),
    ("SIGN", 1, 1, sign),
    ("SIN", 1, 1, sin),
    ("SQRT", 1, 1, sqrt),
    ("SQUARE", 1, 1, square),
    ("TAN", 1, 1, tan),
    ("TRUNC", 1, 1, trunc),
    ("NUMBERBIN", 1, 2, number_bin),
    ("INTADD", 2, 2, int_add),
    ("INTSUB", 2, 2, int_sub),
    ("INTMUL", 2, 2, int_mul),
    ("INTDIV", 2, 2, int_div),
    ("INTMOD", 2, 2, int_mod),
    ("INTBITAND", 2, 2, int_bit_and),
    ("INTBITOR", 2, 2, int_bit_or),
    ("INTBITXOR", 2, 2, int_bit_xor),
    ("INTBITNOT", 1, 1, int_bit_not),
    ("INTBITLEFTSHIFT", 2, 2, int_bit_left_shift),
    ("INTBITRIGHTSHIFT", 2, 2, int_bit_right_shift),
];

#[cfg(test)]
mod tests {
    use crate::functions::test_util::{eval, parse_err};
    use serde_json::json;

    fn close(expr: &str, want: f64) {
        let got = eval(expr).and_then(|v| v.as_f64()).unwrap_or(f64::NAN);
        assert!((got - want).abs() < 1e-12, "{expr}: {got} != {want}");
    }

    #[test]
    fn basic_math() {
        assert_eq!(eval("ABS(-1)"), Some(json!(1)));
        assert_eq!(eval("ABS(2.5)"), Some(json!(2.5)));
        assert_eq!(eval("CEILING(1.1)"), Some(json!(2)));
        assert_eq!(eval("CEILING(-1.1)"), Some(json!(-1)));
        assert_eq!(eval("FLOOR(-1.1)"), Some(json!(-2)));
        assert_eq!(eval("ROUND(2.5)"), Some(json!(3)));
        assert_eq!(eval("ROUND(-6.5)"), Some(json!(-7)));
        assert_eq!(eval("ROUND(2.4)"), Some(json!(2)));
        assert_eq!(eval("TRUNC(-2.7)"), Some(json!(-2)));
        assert_eq!(eval("SIGN(-2)"), Some(json!(-1)));
        assert_eq!(eval("SIGN(0)"), Some(json!(0)));
        assert_eq!(eval("SIGN(3.3)"), Some(json!(1)));
        assert_eq!(eval("SQRT(16)"), Some(json!(4)));
        assert_eq!(eval("SQRT(-1)"), None);
        assert_eq!(eval("SQUARE(3)"), Some(json!(9)));
        assert_eq!(eval("POWER(2, 10)"), Some(json!(1024)));
        assert_eq!(eval("POWER(2, -1)"), Some(json!(0.5)));
        assert_eq!(eval("EXP(0)"), Some(json!(1)));
        assert_eq!(eval("LOG10(100)"), Some(json!(2)));
        assert_eq!(eval("LOG(8, 2)"), Some(json!(3)));
        assert_eq!(eval("DEGREES(PI())"), Some(json!(180)));
        close("LOG(10)", std::f64::consts::LN_10);
        close("PI()", std::f64::consts::PI);
        close("RADIANS(180)", std::f64::consts::PI);
        close("SIN(PI() / 2)", 1.0);
        close("COS(0)", 1.0);
        close("TAN(PI() / 4)", 1.0);
        close("COT(PI() / 4)", 1.0);
        close("ACOS(1)", 0.0);
        close("ASIN(1)", std::f64::consts::FRAC_PI_2);
        close("ATAN(1)", std::f64::consts::FRAC_PI_4);
        // Documentation sample (validated against the emulator).
        close("ATN2(35.175643, 129.44)", 0.265344532064832);
    }

    #[test]
    fn math_is_undefined_for_non_numbers() {
        for f in [
            "ABS",
            "ACOS",
            "ASIN",
            "ATAN",
            "CEILING",
            "COS",
            "COT",
            "DEGREES",
            "EXP",
            "FLOOR",
            "LOG",
            "LOG10",
            "RADIANS",
            "ROUND",
            "SIGN",
            "SIN",
            "SQRT",
            "SQUARE",
            "TAN",
            "TRUNC",
            "NumberBin",
        ] {
            assert_eq!(eval(&format!("{f}('1')")), None, "{f}");
            assert_eq!(eval(&format!("{f}(undefined)")), None, "{f}");
            assert_eq!(eval(&format!("{f}(null)")), None, "{f}");
        }
        assert_eq!(eval("POWER(2, 'a')"), None);
        assert_eq!(eval("ATN2(1, true)"), None);
        assert_eq!(eval("ACOS(2)"), None);
    }

    #[test]
    fn rand_is_in_unit_interval() {
        for _ in 0..20 {
            let r = eval("RAND()").unwrap().as_f64().unwrap();
            assert!((0.0..1.0).contains(&r));
        }
    }

    #[test]
    fn number_bin() {
        assert_eq!(eval("NumberBin(37.752, 0.1)"), Some(json!(37.7)));
        assert_eq!(eval("NumberBin(37.752)"), Some(json!(37)));
        assert_eq!(eval("NumberBin(-37.752, 10)"), Some(json!(-40)));
        assert_eq!(eval("NumberBin(5, 0)"), None);
        assert_eq!(eval("NumberBin(5, 'a')"), None);
    }

    #[test]
    fn int_functions() {
        assert_eq!(eval("IntAdd(1, 2)"), Some(json!(3)));
        assert_eq!(eval("IntAdd(1.5, 2)"), None);
        assert_eq!(eval("IntSub(1, 2)"), Some(json!(-1)));
        assert_eq!(eval("IntMul(-3, 4)"), Some(json!(-12)));
        assert_eq!(eval("IntDiv(7, 2)"), Some(json!(3)));
        assert_eq!(eval("IntDiv(-7, 2)"), Some(json!(-3)));
        assert_eq!(eval("IntDiv(1, 0)"), None);
        assert_eq!(eval("IntMod(7, 3)"), Some(json!(1)));
        assert_eq!(eval("IntMod(7, 0)"), None);
        assert_eq!(eval("IntBitAnd(12, 10)"), Some(json!(8)));
        assert_eq!(eval("IntBitOr(12, 10)"), Some(json!(14)));
        assert_eq!(eval("IntBitXor(12, 10)"), Some(json!(6)));
        assert_eq!(eval("IntBitNot(0)"), Some(json!(-1)));
        assert_eq!(
            eval("IntBitLeftShift(1, 40)"),
            Some(json!(1099511627776u64))
        );
        // Documented: INTBITRIGHTSHIFT(16, 4) = 1, and a decimal argument gives undefined.
        assert_eq!(eval("IntBitRightShift(16, 4)"), Some(json!(1)));
        assert_eq!(eval("IntBitRightShift(16, 0.4)"), None);
        assert_eq!(eval("IntBitRightShift(-16, 2)"), Some(json!(-4)));
        assert_eq!(eval("IntAdd('1', 2)"), None);
        assert_eq!(
            eval("IntAdd(9223372036854775807, 1)"),
            Some(json!(i64::MIN))
        );
    }

    #[test]
    fn arity_is_checked() {
        assert!(parse_err("ABS()").message.contains("requires 1 argument"));
        assert!(parse_err("PI(1)").message.contains("requires 0 argument"));
        assert!(parse_err("abs(1, 2)").message.contains("ABS"));
        assert!(parse_err("LOG(1, 2, 3)").message.contains("1 to 2"));
        assert!(parse_err("CONCAT('a')").message.contains("at least 2"));
        assert!(parse_err("NOPE(1)")
            .message
            .contains("not a recognized built-in function"));
    }
}
