//! Recursive-descent parser for queries; expressions use precedence
//! climbing (see `expr.rs`). Entry points: [`parse`] and [`parse_condition`].

mod expr;
pub(crate) mod token;
mod validate;

use crate::ast::*;
use crate::error::ParseError;
use crate::span::Span;
use token::{tokenize, Keyword, Tok, Token};

/// Deepest nesting of expressions/subqueries accepted. Hostile input such
/// as ten thousand `(` must fail with a [`ParseError`], not overflow the stack.
pub const MAX_DEPTH: usize = 64;

/// Parses a complete query such as `SELECT * FROM c WHERE c.id = @id`.
///
/// Besides syntax, this checks that every name resolves to an alias in
/// scope and that aggregates appear only where allowed, so that errors the
/// service reports before running a query are reported here too.
pub fn parse(sql: &str) -> Result<Query, ParseError> {
    let mut p = Parser::new(sql)?;
    let q = p.query()?;
    p.expect_eof()?;
    validate::query(sql, &q)?;
    Ok(q)
}

/// Parses a patch condition, `FROM <alias> WHERE <expr>`, into a
/// [`crate::Condition`] that evaluates on one document.
pub fn parse_condition(text: &str) -> Result<crate::Condition, ParseError> {
    let mut p = Parser::new(text)?;
    let start = p.peek_span();
    p.expect_kw(Keyword::From)?;
    let alias = p.ident("an alias after FROM")?;
    p.expect_kw(Keyword::Where)?;
    let predicate = p.expr()?;
    p.expect_eof()?;
    let span = start.to(predicate.span);
    // Reuse query validation by viewing the condition as `SELECT VALUE <expr> FROM <alias>`.
    let query = Query {
        select: Select {
            distinct: false,
            top: None,
            list: SelectList::Value(predicate),
        },
        from: Some(From {
            source: FromSource::Aliased {
                collection: Collection::Path {
                    root: alias.clone(),
                    path: vec![],
                },
                alias: None,
            },
            joins: vec![],
        }),
        where_clause: None,
        group_by: vec![],
        order_by: vec![],
        offset_limit: None,
        span,
    };
    validate::query(text, &query)?;
    let SelectList::Value(predicate) = query.select.list else {
        unreachable!("constructed above as a VALUE select")
    };
    Ok(crate::Condition::new(alias.name, predicate))
}

pub(crate) struct Parser<'t> {
    text: &'t str,
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
}

impl<'t> Parser<'t> {
    fn new(text: &'t str) -> Result<Self, ParseError> {
        Ok(Parser {
            text,
            tokens: tokenize(text)?,
            pos: 0,
            depth: 0,
        })
    }

    fn peek(&self) -> &Tok {
        &self.tokens[self.pos.min(self.tokens.len() - 1)].tok
    }

    fn peek_at(&self, ahead: usize) -> &Tok {
        &self.tokens[(self.pos + ahead).min(self.tokens.len() - 1)].tok
    }

    fn peek_span(&self) -> Span {
        self.tokens[self.pos.min(self.tokens.len() - 1)].span
    }

    fn prev_span(&self) -> Span {
        self.tokens[self.pos.saturating_sub(1)].span
    }

    fn advance(&mut self) -> Token {
        let t = self.tokens[self.pos.min(self.tokens.len() - 1)].clone();
        if self.pos < self.tokens.len() - 1 {
            self.pos += 1;
        }
        t
    }

    fn err<T>(&self, message: impl Into<String>, span: Span) -> Result<T, ParseError> {
        Err(ParseError::new(self.text, message, span))
    }

    fn unexpected<T>(&self, wanted: &str) -> Result<T, ParseError> {
        self.err(
            format!("expected {wanted}, found {}", self.peek().describe()),
            self.peek_span(),
        )
    }

    fn eat(&mut self, tok: &Tok) -> bool {
        if self.peek() == tok {
            self.advance();
            true
        } else {
            false
        }
    }

    fn eat_kw(&mut self, kw: Keyword) -> bool {
        self.eat(&Tok::Keyword(kw))
    }

    fn expect(&mut self, tok: &Tok, wanted: &str) -> Result<Span, ParseError> {
        if self.peek() == tok {
            Ok(self.advance().span)
        } else {
            self.unexpected(wanted)
        }
    }

    fn expect_kw(&mut self, kw: Keyword) -> Result<Span, ParseError> {
        let wanted = format!("'{}'", format!("{kw:?}").to_ascii_uppercase());
        self.expect(&Tok::Keyword(kw), &wanted)
    }

    fn expect_eof(&mut self) -> Result<(), ParseError> {
        if *self.peek() == Tok::Eof {
            Ok(())
        } else {
            self.unexpected("end of query")
        }
    }

    fn ident(&mut self, wanted: &str) -> Result<Ident, ParseError> {
        match self.peek().clone() {
            Tok::Ident(name) => {
                let span = self.advance().span;
                Ok(Ident { name, span })
            }
            _ => self.unexpected(wanted),
        }
    }

    /// Guards recursion; pair with [`Parser::leave`].
    fn enter(&mut self) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.err(
                format!("query is nested too deeply (limit {MAX_DEPTH})"),
                self.peek_span(),
            );
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    pub(crate) fn query(&mut self) -> Result<Query, ParseError> {
        self.enter()?;
        let q = self.query_inner();
        self.leave();
        q
    }

    fn query_inner(&mut self) -> Result<Query, ParseError> {
        let start = self.expect_kw(Keyword::Select)?;
        let select = self.select_clause()?;
        let from = if self.eat_kw(Keyword::From) {
            Some(self.parse_from()?)
        } else {
            None
        };
        let where_clause = if self.eat_kw(Keyword::Where) {
            Some(self.expr()?)
        } else {
            None
        };
        let mut group_by = Vec::new();
        if self.eat_kw(Keyword::Group) {
            self.expect_kw(Keyword::By)?;
            group_by = self.expr_list()?;
        }
        let mut order_by = Vec::new();
        if self.eat_kw(Keyword::Order) {
            self.expect_kw(Keyword::By)?;
            loop {
                let expr = self.expr()?;
                let descending = if self.eat_kw(Keyword::Desc) {
                    true
                } else {
                    self.eat_kw(Keyword::Asc);
                    false
                };
                order_by.push(OrderByItem { expr, descending });
                if !self.eat(&Tok::Comma) {
                    break;
                }
            }
        }
        let offset_limit = if self.eat_kw(Keyword::Offset) {
            let offset = self.count("a number or parameter after OFFSET")?;
            self.expect_kw(Keyword::Limit)?;
            let limit = self.count("a number or parameter after LIMIT")?;
            Some(OffsetLimit { offset, limit })
        } else {
            None
        };
        let span = start.to(self.prev_span());
        Ok(Query {
            select,
            from,
            where_clause,
            group_by,
            order_by,
            offset_limit,
            span,
        })
    }

    fn count(&mut self, wanted: &str) -> Result<Count, ParseError> {
        match self.peek().clone() {
            Tok::Number(n) => {
                let span = self.advance().span;
                match n.as_u64() {
                    Some(v) => Ok(Count::Literal(v)),
                    None => self.err(
                        format!("{n} is not a valid count: expected a non-negative integer"),
                        span,
                    ),
                }
            }
            Tok::Param(p) => {
                self.advance();
                Ok(Count::Param(p))
            }
            _ => self.unexpected(wanted),
        }
    }

    fn select_clause(&mut self) -> Result<Select, ParseError> {
        let distinct = self.eat_kw(Keyword::Distinct);
        let top = if self.eat_kw(Keyword::Top) {
            Some(self.count("a number or parameter after TOP")?)
        } else {
            None
        };
        let list = if self.eat(&Tok::Star) {
            SelectList::Star
        } else if self.eat_kw(Keyword::Value) {
            SelectList::Value(self.expr()?)
        } else {
            let mut items = Vec::new();
            loop {
                let expr = self.expr()?;
                let alias = if self.eat_kw(Keyword::As) {
                    Some(self.ident("an alias after AS")?)
                } else if matches!(self.peek(), Tok::Ident(_)) {
                    Some(self.ident("an alias")?)
                } else {
                    None
                };
                items.push(SelectItem { expr, alias });
                if !self.eat(&Tok::Comma) {
                    break;
                }
            }
            SelectList::Items(items)
        };
        Ok(Select {
            distinct,
            top,
            list,
        })
    }

    fn parse_from(&mut self) -> Result<From, ParseError> {
        let source = self.parse_source()?;
        let mut joins = Vec::new();
        while self.eat_kw(Keyword::Join) {
            joins.push(self.parse_source()?);
        }
        Ok(From { source, joins })
    }

    fn parse_source(&mut self) -> Result<FromSource, ParseError> {
        if matches!(self.peek(), Tok::Ident(_)) && *self.peek_at(1) == Tok::Keyword(Keyword::In) {
            let alias = self.ident("an alias")?;
            self.advance();
            let collection = self.collection()?;
            return Ok(FromSource::Iterator { alias, collection });
        }
        let collection = self.collection()?;
        let alias = if self.eat_kw(Keyword::As) {
            Some(self.ident("an alias after AS")?)
        } else if matches!(self.peek(), Tok::Ident(_)) {
            Some(self.ident("an alias")?)
        } else {
            None
        };
        Ok(FromSource::Aliased { collection, alias })
    }

    fn collection(&mut self) -> Result<Collection, ParseError> {
        if self.eat(&Tok::LParen) {
            let q = self.query()?;
            self.expect(&Tok::RParen, "')' after subquery")?;
            return Ok(Collection::Subquery(Box::new(q)));
        }
        let root = self.ident("a container name, alias or '(' subquery")?;
        let mut path = Vec::new();
        loop {
            if self.eat(&Tok::Dot) {
                path.push(PathSegment::Property(self.property_name()?));
            } else if self.eat(&Tok::LBracket) {
                let seg = match self.peek().clone() {
                    Tok::String(s) => PathSegment::Property(s),
                    Tok::Number(n) => match n.as_i64() {
                        Some(i) => PathSegment::Index(i),
                        None => {
                            return self.err("array index must be an integer", self.peek_span())
                        }
                    },
                    _ => return self.unexpected("a string or integer inside '[ ]' of a FROM path"),
                };
                self.advance();
                self.expect(&Tok::RBracket, "']'")?;
                path.push(seg);
            } else {
                break;
            }
        }
        Ok(Collection::Path { root, path })
    }

    /// A property name after `.`. Reserved words are rejected here as the
    /// service does (`c.value` is a syntax error; write `c["value"]`).
    fn property_name(&mut self) -> Result<String, ParseError> {
        match self.peek().clone() {
            Tok::Ident(name) => {
                self.advance();
                Ok(name)
            }
            Tok::Keyword(_) => {
                let span = self.peek_span();
                let word = &self.text[span.start..span.end];
                self.err(
                    format!("'{word}' is a reserved word; use [\"{word}\"] to access a property with this name"),
                    span,
                )
            }
            _ => self.unexpected("a property name after '.'"),
        }
    }
}

#[cfg(test)]
mod tests;
