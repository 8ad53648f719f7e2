//! Scalar expressions by precedence climbing (Pratt parsing). Binding
//! strengths live in [`BinaryOp::precedence`].

use super::Parser;
use crate::ast::*;
use crate::error::ParseError;
use crate::parser::token::{Keyword, Tok};
use serde_json::Number;

/// Binary operator for a token, if it is one.
fn binary_op(tok: &Tok) -> Option<BinaryOp> {
    Some(match tok {
        Tok::Star => BinaryOp::Mul,
        Tok::Slash => BinaryOp::Div,
        Tok::Percent => BinaryOp::Mod,
        Tok::Plus => BinaryOp::Add,
        Tok::Minus => BinaryOp::Sub,
        Tok::Shl => BinaryOp::Shl,
        Tok::Shr => BinaryOp::Shr,
        Tok::UShr => BinaryOp::UShr,
        Tok::Lt => BinaryOp::Lt,
        Tok::Le => BinaryOp::Le,
        Tok::Gt => BinaryOp::Gt,
        Tok::Ge => BinaryOp::Ge,
        Tok::Eq => BinaryOp::Eq,
        Tok::NotEq => BinaryOp::NotEq,
        Tok::Amp => BinaryOp::BitAnd,
        Tok::Caret => BinaryOp::BitXor,
        Tok::Pipe => BinaryOp::BitOr,
        Tok::Concat => BinaryOp::Concat,
        Tok::Keyword(Keyword::And) => BinaryOp::And,
        Tok::Keyword(Keyword::Or) => BinaryOp::Or,
        Tok::Coalesce => BinaryOp::Coalesce,
        _ => return None,
    })
}

impl Parser<'_> {
    /// A full scalar expression.
    pub(crate) fn expr(&mut self) -> Result<Expr, ParseError> {
        self.expr_bp(0)
    }

    pub(crate) fn expr_list(&mut self) -> Result<Vec<Expr>, ParseError> {
        let mut list = vec![self.expr()?];
        while self.eat(&Tok::Comma) {
            list.push(self.expr()?);
        }
        Ok(list)
    }

    /// An expression whose operators all bind at least as tightly as `min`.
    fn expr_bp(&mut self, min: u8) -> Result<Expr, ParseError> {
        self.enter()?;
        let r = self.expr_bp_inner(min);
        self.leave();
        r
    }

    fn expr_bp_inner(&mut self, min: u8) -> Result<Expr, ParseError> {
        let mut lhs = self.unary()?;
        loop {
            let tok = self.peek().clone();
            if let Some(op) = binary_op(&tok) {
                let p = op.precedence();
                if p < min {
                    break;
                }
                self.advance();
                let rhs = self.expr_bp(p + 1)?;
                let span = lhs.span.to(rhs.span);
                lhs = Expr::new(ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)), span);
                continue;
            }
            match tok {
                Tok::Question if min <= 1 => {
                    self.advance();
                    let then = self.expr_bp(0)?;
                    self.expect(&Tok::Colon, "':' in conditional expression")?;
                    // Right-associative: a ? b : c ? d : e.
                    let otherwise = self.expr_bp(1)?;
                    let span = lhs.span.to(otherwise.span);
                    lhs = Expr::new(
                        ExprKind::Conditional {
                            cond: Box::new(lhs),
                            then: Box::new(then),
                            otherwise: Box::new(otherwise),
                        },
                        span,
                    );
                }
                Tok::Keyword(Keyword::Not | Keyword::Between | Keyword::In | Keyword::Like)
                    if min <= PREC_PREDICATE =>
                {
                    lhs = self.predicate(lhs)?;
                }
                _ => break,
            }
        }
        Ok(lhs)
    }

    /// `[NOT] BETWEEN ... AND ...`, `[NOT] IN (...)`, `[NOT] LIKE ... [ESCAPE ...]`.
    fn predicate(&mut self, lhs: Expr) -> Result<Expr, ParseError> {
        let negated = self.eat_kw(Keyword::Not);
        let operand = PREC_PREDICATE + 1;
        let expr = Box::new(lhs);
        let kind = if self.eat_kw(Keyword::Between) {
            let low = Box::new(self.expr_bp(operand)?);
            self.expect_kw(Keyword::And)?;
            let high = Box::new(self.expr_bp(operand)?);
            ExprKind::Between {
                expr,
                low,
                high,
                negated,
            }
        } else if self.eat_kw(Keyword::In) {
            self.expect(&Tok::LParen, "'(' after IN")?;
            let list = self.expr_list()?;
            self.expect(&Tok::RParen, "')' to close the IN list")?;
            ExprKind::In {
                expr,
                list,
                negated,
            }
        } else if self.eat_kw(Keyword::Like) {
            let pattern = Box::new(self.expr_bp(operand)?);
            let escape = if self.eat_kw(Keyword::Escape) {
                match self.peek().clone() {
                    Tok::String(s) => {
                        self.advance();
                        Some(s)
                    }
                    _ => return self.unexpected("a string literal after ESCAPE"),
                }
            } else {
                None
            };
            ExprKind::Like {
                expr,
                pattern,
                escape,
                negated,
            }
        } else {
            return self.unexpected("BETWEEN, IN or LIKE after NOT");
        };
        let span = expr_span(&kind).to(self.prev_span());
        Ok(Expr::new(kind, span))
    }

    /// Prefix operators, then a postfix chain.
    fn unary(&mut self) -> Result<Expr, ParseError> {
        let op = match self.peek() {
            Tok::Minus => UnaryOp::Neg,
            Tok::Plus => UnaryOp::Plus,
            Tok::Tilde => UnaryOp::BitNot,
            // The service grammar treats NOT as a prefix operator on a unary
            // expression, so `NOT a = b` is `(NOT a) = b`.
            Tok::Keyword(Keyword::Not) => UnaryOp::Not,
            _ => return self.postfix(),
        };
        let start = self.advance().span;
        self.enter()?;
        let inner = self.unary();
        self.leave();
        let inner = inner?;
        let span = start.to(inner.span);
        // Fold `-<number>` into a literal so constants such as `[-1]` stay constant.
        if op == UnaryOp::Neg {
            if let ExprKind::Literal(Literal::Number(n)) = &inner.kind {
                if let Some(neg) = negate(n) {
                    return Ok(Expr::new(ExprKind::Literal(Literal::Number(neg)), span));
                }
            }
        }
        Ok(Expr::new(ExprKind::Unary(op, Box::new(inner)), span))
    }

    fn postfix(&mut self) -> Result<Expr, ParseError> {
        let mut e = self.primary()?;
        loop {
            if self.eat(&Tok::Dot) {
                let name = self.property_name()?;
                let span = e.span.to(self.prev_span());
                e = Expr::new(ExprKind::Property(Box::new(e), name), span);
            } else if self.eat(&Tok::LBracket) {
                let idx = self.expr()?;
                let end = self.expect(&Tok::RBracket, "']'")?;
                let span = e.span.to(end);
                e = Expr::new(ExprKind::Index(Box::new(e), Box::new(idx)), span);
            } else {
                return Ok(e);
            }
        }
    }

    fn primary(&mut self) -> Result<Expr, ParseError> {
        let start = self.peek_span();
        let lit = |l: Literal| ExprKind::Literal(l);
        let kind = match self.peek().clone() {
            Tok::Number(n) => {
                self.advance();
                lit(Literal::Number(n))
            }
            Tok::String(s) => {
                self.advance();
                lit(Literal::String(s))
            }
            Tok::Keyword(Keyword::True) => {
                self.advance();
                lit(Literal::Bool(true))
            }
            Tok::Keyword(Keyword::False) => {
                self.advance();
                lit(Literal::Bool(false))
            }
            Tok::Keyword(Keyword::Null) => {
                self.advance();
                lit(Literal::Null)
            }
            Tok::Keyword(Keyword::Undefined) => {
                self.advance();
                lit(Literal::Undefined)
            }
            Tok::Param(p) => {
                self.advance();
                ExprKind::Param(p)
            }
            Tok::Keyword(kw @ (Keyword::Exists | Keyword::Array))
                if *self.peek_at(1) == Tok::LParen =>
            {
                self.advance();
                self.advance();
                let q = Box::new(self.query()?);
                self.expect(&Tok::RParen, "')' after subquery")?;
                if kw == Keyword::Exists {
                    ExprKind::Exists(q)
                } else {
                    ExprKind::ArraySubquery(q)
                }
            }
            Tok::Keyword(Keyword::Udf) => {
                self.advance();
                self.expect(&Tok::Dot, "'.' after udf")?;
                let name = self.ident("a user-defined function name")?.name;
                let args = self.call_args()?;
                ExprKind::Call {
                    name,
                    udf: true,
                    args,
                }
            }
            Tok::Ident(name) => {
                self.advance();
                if *self.peek() == Tok::LParen {
                    let args = self.call_args()?;
                    ExprKind::Call {
                        name,
                        udf: false,
                        args,
                    }
                } else if name == "NaN" {
                    lit(Literal::NaN)
                } else if name == "Infinity" {
                    lit(Literal::Infinity)
                } else {
                    ExprKind::Ident(name)
                }
            }
            Tok::LParen => {
                self.advance();
                if *self.peek() == Tok::Keyword(Keyword::Select) {
                    let q = self.query()?;
                    self.expect(&Tok::RParen, "')' after subquery")?;
                    ExprKind::Subquery(Box::new(q))
                } else {
                    let inner = self.expr()?;
                    self.expect(&Tok::RParen, "')'")?;
                    // Parentheses only group; keep the inner node (and widen its span).
                    return Ok(Expr::new(inner.kind, start.to(self.prev_span())));
                }
            }
            Tok::LBracket => {
                self.advance();
                let items = if *self.peek() == Tok::RBracket {
                    vec![]
                } else {
                    self.expr_list()?
                };
                self.expect(&Tok::RBracket, "']' to close the array")?;
                ExprKind::Array(items)
            }
            Tok::LBrace => {
                self.advance();
                ExprKind::Object(self.object_props()?)
            }
            _ => return self.unexpected("an expression"),
        };
        Ok(Expr::new(kind, start.to(self.prev_span())))
    }

    fn call_args(&mut self) -> Result<Vec<Expr>, ParseError> {
        self.expect(&Tok::LParen, "'('")?;
        let args = if *self.peek() == Tok::RParen {
            vec![]
        } else {
            self.expr_list()?
        };
        self.expect(&Tok::RParen, "')' to close the argument list")?;
        Ok(args)
    }

    fn object_props(&mut self) -> Result<Vec<(String, Expr)>, ParseError> {
        let mut props: Vec<(String, Expr)> = Vec::new();
        if self.eat(&Tok::RBrace) {
            return Ok(props);
        }
        loop {
            let key_span = self.peek_span();
            let key = match self.peek().clone() {
                Tok::String(s) | Tok::Ident(s) => {
                    self.advance();
                    s
                }
                _ => return self.unexpected("a property name in the object literal"),
            };
            if props.iter().any(|(k, _)| *k == key) {
                return self.err(
                    format!("duplicate property '{key}' in object literal"),
                    key_span,
                );
            }
            self.expect(&Tok::Colon, "':' after the property name")?;
            props.push((key, self.expr()?));
            if self.eat(&Tok::RBrace) {
                return Ok(props);
            }
            self.expect(&Tok::Comma, "',' or '}' in the object literal")?;
        }
    }
}

fn negate(n: &Number) -> Option<Number> {
    if let Some(i) = n.as_i64() {
        if let Some(neg) = i.checked_neg() {
            return Some(Number::from(neg));
        }
    }
    n.as_f64().and_then(|f| Number::from_f64(-f))
}

fn expr_span(kind: &ExprKind) -> crate::span::Span {
    match kind {
        ExprKind::Between { expr, .. }
        | ExprKind::In { expr, .. }
        | ExprKind::Like { expr, .. } => expr.span,
        _ => crate::span::Span::default(),
    }
}
