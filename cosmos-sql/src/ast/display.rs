//! `Display` for the AST: prints canonical text that parses back to an
//! equal tree (keywords upper case, strings double quoted, minimal parens).

use super::*;
use std::fmt::{self, Display, Formatter, Write};

/// Whether `s` can be written as a bare identifier.
pub(crate) fn is_plain_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn write_str_lit(f: &mut Formatter<'_>, s: &str) -> fmt::Result {
    // JSON escaping is a subset of the query language's string escapes.
    let json = serde_json::to_string(s).map_err(|_| fmt::Error)?;
    f.write_str(&json)
}

impl Display for Query {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.select)?;
        if let Some(from) = &self.from {
            write!(f, " FROM {}", from.source)?;
            for j in &from.joins {
                write!(f, " JOIN {j}")?;
            }
        }
        if let Some(w) = &self.where_clause {
            write!(f, " WHERE {w}")?;
        }
        if !self.group_by.is_empty() {
            f.write_str(" GROUP BY ")?;
            comma_list(f, &self.group_by)?;
        }
        if !self.order_by.is_empty() {
            f.write_str(" ORDER BY ")?;
            for (i, item) in self.order_by.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{}", item.expr)?;
                if item.descending {
                    f.write_str(" DESC")?;
                }
            }
        }
        if let Some(ol) = &self.offset_limit {
            write!(f, " OFFSET {} LIMIT {}", ol.offset, ol.limit)?;
        }
        Ok(())
    }
}

impl Display for Select {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str("SELECT ")?;
        if self.distinct {
            f.write_str("DISTINCT ")?;
        }
        if let Some(top) = &self.top {
            write!(f, "TOP {top} ")?;
        }
        match &self.list {
            SelectList::Star => f.write_char('*'),
            SelectList::Value(e) => write!(f, "VALUE {e}"),
            SelectList::Items(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{}", item.expr)?;
                    if let Some(a) = &item.alias {
                        write!(f, " AS {}", a.name)?;
                    }
                }
                Ok(())
            }
        }
    }
}

impl Display for Count {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Count::Literal(n) => write!(f, "{n}"),
            Count::Param(p) => f.write_str(p),
        }
    }
}

impl Display for FromSource {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            FromSource::Aliased { collection, alias } => {
                write!(f, "{collection}")?;
                if let Some(a) = alias {
                    write!(f, " AS {}", a.name)?;
                }
                Ok(())
            }
            FromSource::Iterator { alias, collection } => {
                write!(f, "{} IN {collection}", alias.name)
            }
        }
    }
}

impl Display for Collection {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Collection::Path { root, path } => {
                f.write_str(&root.name)?;
                for seg in path {
                    match seg {
                        PathSegment::Property(p) if is_plain_ident(p) => write!(f, ".{p}")?,
                        PathSegment::Property(p) => {
                            f.write_char('[')?;
                            write_str_lit(f, p)?;
                            f.write_char(']')?;
                        }
                        PathSegment::Index(i) => write!(f, "[{i}]")?,
                    }
                }
                Ok(())
            }
            Collection::Subquery(q) => write!(f, "({q})"),
        }
    }
}

fn comma_list(f: &mut Formatter<'_>, items: &[Expr]) -> fmt::Result {
    for (i, e) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{e}")?;
    }
    Ok(())
}

/// Writes `e`, parenthesized when it binds looser than `min`.
fn operand(f: &mut Formatter<'_>, e: &Expr, min: u8) -> fmt::Result {
    if e.kind.precedence() < min {
        write!(f, "({e})")
    } else {
        write!(f, "{e}")
    }
}

impl Display for Literal {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Undefined => f.write_str("undefined"),
            Literal::Null => f.write_str("null"),
            Literal::Bool(b) => write!(f, "{b}"),
            Literal::Number(n) => write!(f, "{n}"),
            Literal::String(s) => write_str_lit(f, s),
            Literal::NaN => f.write_str("NaN"),
            Literal::Infinity => f.write_str("Infinity"),
        }
    }
}

impl Display for Expr {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Literal(l) => write!(f, "{l}"),
            ExprKind::Param(p) => f.write_str(p),
            ExprKind::Ident(i) => f.write_str(i),
            ExprKind::Property(base, name) => {
                // `1.x` would lex as a malformed number: parenthesize numbers.
                if matches!(base.kind, ExprKind::Literal(Literal::Number(_))) {
                    write!(f, "({base})")?;
                } else {
                    operand(f, base, PREC_PRIMARY)?;
                }
                write!(f, ".{name}")
            }
            ExprKind::Index(base, idx) => {
                operand(f, base, PREC_PRIMARY)?;
                write!(f, "[{idx}]")
            }
            ExprKind::Unary(op, inner) => {
                let sym = match op {
                    UnaryOp::Neg => "-",
                    UnaryOp::Plus => "+",
                    UnaryOp::BitNot => "~",
                    UnaryOp::Not => "NOT ",
                };
                f.write_str(sym)?;
                // Always parenthesize a nested prefix operator: "--x" would
                // read as a comment.
                operand(f, inner, PREC_PRIMARY)
            }
            ExprKind::Binary(op, l, r) => {
                let p = op.precedence();
                operand(f, l, p)?;
                write!(f, " {} ", op.symbol())?;
                operand(f, r, p + 1)
            }
            ExprKind::Between {
                expr,
                low,
                high,
                negated,
            } => {
                operand(f, expr, PREC_PREDICATE)?;
                f.write_str(if *negated {
                    " NOT BETWEEN "
                } else {
                    " BETWEEN "
                })?;
                operand(f, low, PREC_PREDICATE + 1)?;
                f.write_str(" AND ")?;
                operand(f, high, PREC_PREDICATE + 1)
            }
            ExprKind::In {
                expr,
                list,
                negated,
            } => {
                operand(f, expr, PREC_PREDICATE)?;
                f.write_str(if *negated { " NOT IN (" } else { " IN (" })?;
                comma_list(f, list)?;
                f.write_char(')')
            }
            ExprKind::Like {
                expr,
                pattern,
                escape,
                negated,
            } => {
                operand(f, expr, PREC_PREDICATE)?;
                f.write_str(if *negated { " NOT LIKE " } else { " LIKE " })?;
                operand(f, pattern, PREC_PREDICATE + 1)?;
                if let Some(esc) = escape {
                    f.write_str(" ESCAPE ")?;
                    write_str_lit(f, esc)?;
                }
                Ok(())
            }
            ExprKind::Conditional {
                cond,
                then,
                otherwise,
            } => {
                operand(f, cond, 2)?;
                f.write_str(" ? ")?;
                write!(f, "{then}")?;
                f.write_str(" : ")?;
                operand(f, otherwise, 1)
            }
            ExprKind::Call { name, udf, args } => {
                if *udf {
                    f.write_str("udf.")?;
                }
                write!(f, "{name}(")?;
                comma_list(f, args)?;
                f.write_char(')')
            }
            ExprKind::Array(items) => {
                f.write_char('[')?;
                comma_list(f, items)?;
                f.write_char(']')
            }
            ExprKind::Object(props) => {
                f.write_char('{')?;
                for (i, (k, v)) in props.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write_str_lit(f, k)?;
                    write!(f, ": {v}")?;
                }
                f.write_char('}')
            }
            ExprKind::Subquery(q) => write!(f, "({q})"),
            ExprKind::Exists(q) => write!(f, "EXISTS({q})"),
            ExprKind::ArraySubquery(q) => write!(f, "ARRAY({q})"),
        }
    }
}
