//! The syntax tree produced by [`crate::parse`].
//!
//! Every node carries a [`Span`]; spans compare equal, so trees compare by
//! structure. `Display` prints a query that parses back to an equal tree.

mod display;

use crate::span::Span;
use serde_json::Number;

/// A whole `SELECT` query (top level or nested).
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// `SELECT [DISTINCT] [TOP n] ...`
    pub select: Select,
    /// `FROM ... [JOIN ...]`; absent for queries such as `SELECT 1`.
    pub from: Option<From>,
    /// `WHERE <expr>`.
    pub where_clause: Option<Expr>,
    /// `GROUP BY <expr>, ...` (empty when absent).
    pub group_by: Vec<Expr>,
    /// `ORDER BY <expr> [ASC|DESC], ...` (empty when absent).
    pub order_by: Vec<OrderByItem>,
    /// `OFFSET n LIMIT m`.
    pub offset_limit: Option<OffsetLimit>,
    /// The text the query was parsed from.
    pub span: Span,
}

/// The `SELECT` clause.
#[derive(Debug, Clone, PartialEq)]
pub struct Select {
    /// `SELECT DISTINCT`.
    pub distinct: bool,
    /// `TOP n`.
    pub top: Option<Count>,
    /// What is projected.
    pub list: SelectList,
}

/// The projection of a `SELECT` clause.
#[derive(Debug, Clone, PartialEq)]
pub enum SelectList {
    /// `SELECT *`.
    Star,
    /// `SELECT VALUE <expr>`.
    Value(Expr),
    /// `SELECT a, b AS x, ...`.
    Items(Vec<SelectItem>),
}

/// One projected expression with its optional alias.
#[derive(Debug, Clone, PartialEq)]
pub struct SelectItem {
    /// The projected expression.
    pub expr: Expr,
    /// `AS alias` (the `AS` itself is optional in the text).
    pub alias: Option<Ident>,
}

/// A name written in the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    /// The name as written (case preserved: aliases are case-sensitive).
    pub name: String,
    /// Where it was written.
    pub span: Span,
}

/// A count in `TOP`, `OFFSET` or `LIMIT`: a literal or a parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Count {
    /// A non-negative integer literal.
    Literal(u64),
    /// An `@parameter`, resolved at execution time.
    Param(String),
}

/// `OFFSET n LIMIT m`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetLimit {
    /// Rows skipped.
    pub offset: Count,
    /// Rows kept after skipping.
    pub limit: Count,
}

/// One `ORDER BY` key.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderByItem {
    /// The sort expression.
    pub expr: Expr,
    /// `DESC` was written (`ASC` is the default).
    pub descending: bool,
}

/// The `FROM` clause: a first source and any number of `JOIN`s.
#[derive(Debug, Clone, PartialEq)]
pub struct From {
    /// The first source; a path root here names the container.
    pub source: FromSource,
    /// `JOIN` sources, each evaluated per row of everything before it.
    pub joins: Vec<FromSource>,
}

/// One source in a `FROM` clause.
#[derive(Debug, Clone, PartialEq)]
pub enum FromSource {
    /// `<collection> [[AS] alias]`: binds the collection value itself.
    Aliased {
        /// What is bound.
        collection: Collection,
        /// The alias; see [`FromSource::alias`] for the default.
        alias: Option<Ident>,
    },
    /// `alias IN <collection>`: binds each element of an array in turn.
    Iterator {
        /// The per-element alias.
        alias: Ident,
        /// The array iterated over.
        collection: Collection,
    },
}

impl FromSource {
    /// The name this source binds: the explicit alias, else the last
    /// property of the path, else the root name. An unaliased subquery
    /// (`JOIN (SELECT ...)`, used to filter rows) binds nothing.
    pub fn alias(&self) -> Option<&str> {
        match self {
            FromSource::Iterator { alias, .. } => Some(&alias.name),
            FromSource::Aliased { alias: Some(a), .. } => Some(&a.name),
            FromSource::Aliased {
                collection: Collection::Path { root, path },
                alias: None,
            } => {
                match path.iter().rev().find_map(|p| match p {
                    PathSegment::Property(name) => Some(name.as_str()),
                    PathSegment::Index(_) => None,
                }) {
                    Some(last) => Some(last),
                    None => Some(&root.name),
                }
            }
            FromSource::Aliased {
                collection: Collection::Subquery(_),
                alias: None,
            } => None,
        }
    }

    /// The collection this source reads.
    pub fn collection(&self) -> &Collection {
        match self {
            FromSource::Aliased { collection, .. } | FromSource::Iterator { collection, .. } => {
                collection
            }
        }
    }
}

/// What a `FROM`/`JOIN` source reads.
#[derive(Debug, Clone, PartialEq)]
pub enum Collection {
    /// A name followed by a constant path: `c`, `root.children[0]`, `f["a b"]`.
    Path {
        /// The container name (first source) or an alias in scope.
        root: Ident,
        /// Constant steps below the root.
        path: Vec<PathSegment>,
    },
    /// `( SELECT ... )`.
    Subquery(Box<Query>),
}

/// One constant step of a collection path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// `.name` or `["name"]`.
    Property(String),
    /// `[n]`.
    Index(i64),
}

/// A scalar expression with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What the expression is.
    pub kind: ExprKind,
    /// Where it was written.
    pub span: Span,
}

impl Expr {
    pub(crate) fn new(kind: ExprKind, span: Span) -> Self {
        Expr { kind, span }
    }
}

/// A literal constant.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// `undefined`.
    Undefined,
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number (integers stay integers).
    Number(Number),
    /// A string.
    String(String),
    /// `NaN`, which the service accepts as a number literal. It has no JSON
    /// form, so it evaluates like `undefined` here.
    NaN,
    /// `Infinity` (see [`Literal::NaN`]).
    Infinity,
}

/// Prefix operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    /// `-x`
    Neg,
    /// `+x`
    Plus,
    /// `~x` (32-bit bitwise not)
    BitNot,
    /// `NOT x`
    Not,
}

/// Infix operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `<<`
    Shl,
    /// `>>`
    Shr,
    /// `>>>`
    UShr,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `=`
    Eq,
    /// `!=` or `<>`
    NotEq,
    /// `&`
    BitAnd,
    /// `^`
    BitXor,
    /// `|`
    BitOr,
    /// `||` (string concatenation)
    Concat,
    /// `AND`
    And,
    /// `OR`
    Or,
    /// `??`
    Coalesce,
}

impl BinaryOp {
    /// Binding strength; higher binds tighter. Follows the service grammar:
    /// multiplicative > additive > shift > relational > equality > `&` > `^`
    /// > `|` > `||` > BETWEEN/IN/LIKE > AND > OR > `??` > `?:`.
    pub fn precedence(self) -> u8 {
        match self {
            BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod => 14,
            BinaryOp::Add | BinaryOp::Sub => 13,
            BinaryOp::Shl | BinaryOp::Shr | BinaryOp::UShr => 12,
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => 11,
            BinaryOp::Eq | BinaryOp::NotEq => 10,
            BinaryOp::BitAnd => 9,
            BinaryOp::BitXor => 8,
            BinaryOp::BitOr => 7,
            BinaryOp::Concat => 6,
            BinaryOp::And => 4,
            BinaryOp::Or => 3,
            BinaryOp::Coalesce => 2,
        }
    }

    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Mod => "%",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Shl => "<<",
            BinaryOp::Shr => ">>",
            BinaryOp::UShr => ">>>",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::Eq => "=",
            BinaryOp::NotEq => "!=",
            BinaryOp::BitAnd => "&",
            BinaryOp::BitXor => "^",
            BinaryOp::BitOr => "|",
            BinaryOp::Concat => "||",
            BinaryOp::And => "AND",
            BinaryOp::Or => "OR",
            BinaryOp::Coalesce => "??",
        }
    }
}

/// Precedence of `BETWEEN`, `IN` and `LIKE`.
pub(crate) const PREC_PREDICATE: u8 = 5;
/// Precedence of prefix operators.
pub(crate) const PREC_UNARY: u8 = 15;
/// Precedence of primary expressions and postfix access.
pub(crate) const PREC_PRIMARY: u8 = 16;

/// The kinds of scalar expression.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A constant.
    Literal(Literal),
    /// `@name`.
    Param(String),
    /// A reference to an alias in scope.
    Ident(String),
    /// `base.name`.
    Property(Box<Expr>, String),
    /// `base[index]`.
    Index(Box<Expr>, Box<Expr>),
    /// A prefix operator.
    Unary(UnaryOp, Box<Expr>),
    /// An infix operator.
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `expr [NOT] BETWEEN low AND high`.
    Between {
        /// Tested value.
        expr: Box<Expr>,
        /// Inclusive lower bound.
        low: Box<Expr>,
        /// Inclusive upper bound.
        high: Box<Expr>,
        /// `NOT BETWEEN`.
        negated: bool,
    },
    /// `expr [NOT] IN (a, b, ...)`.
    In {
        /// Tested value.
        expr: Box<Expr>,
        /// Candidates.
        list: Vec<Expr>,
        /// `NOT IN`.
        negated: bool,
    },
    /// `expr [NOT] LIKE pattern [ESCAPE 'c']`.
    Like {
        /// Tested value.
        expr: Box<Expr>,
        /// The pattern (`%`, `_`, `[a-z]`, `[^a-z]`).
        pattern: Box<Expr>,
        /// The escape character string.
        escape: Option<String>,
        /// `NOT LIKE`.
        negated: bool,
    },
    /// `cond ? then : otherwise`.
    Conditional {
        /// Condition; only `true` selects `then`.
        cond: Box<Expr>,
        /// Value when `cond` is `true`.
        then: Box<Expr>,
        /// Value otherwise.
        otherwise: Box<Expr>,
    },
    /// A built-in call `NAME(args)` or a UDF call `udf.name(args)`.
    Call {
        /// Function name as written.
        name: String,
        /// `udf.` prefix present.
        udf: bool,
        /// Arguments.
        args: Vec<Expr>,
    },
    /// `[a, b, ...]`.
    Array(Vec<Expr>),
    /// `{"k": v, ...}` (keys may also be bare identifiers).
    Object(Vec<(String, Expr)>),
    /// `(SELECT ...)` used as a value.
    Subquery(Box<Query>),
    /// `EXISTS(SELECT ...)`.
    Exists(Box<Query>),
    /// `ARRAY(SELECT ...)`.
    ArraySubquery(Box<Query>),
}

impl ExprKind {
    /// Binding strength of this node when printed (see [`BinaryOp::precedence`]).
    pub(crate) fn precedence(&self) -> u8 {
        match self {
            ExprKind::Conditional { .. } => 1,
            ExprKind::Binary(op, ..) => op.precedence(),
            ExprKind::Between { .. } | ExprKind::In { .. } | ExprKind::Like { .. } => {
                PREC_PREDICATE
            }
            ExprKind::Unary(..) => PREC_UNARY,
            ExprKind::Literal(Literal::Number(n)) if n.as_f64().is_some_and(|f| f < 0.0) => {
                PREC_UNARY
            }
            _ => PREC_PRIMARY,
        }
    }
}

/// The aggregate functions.
pub(crate) const AGGREGATES: [&str; 5] = ["COUNT", "SUM", "AVG", "MIN", "MAX"];

/// Whether `name` (any case) is an aggregate function.
pub(crate) fn is_aggregate_name(name: &str) -> bool {
    AGGREGATES.iter().any(|a| a.eq_ignore_ascii_case(name))
}

impl Expr {
    /// Whether this expression contains an aggregate call outside of
    /// nested subqueries (which aggregate over their own rows).
    pub fn contains_aggregate(&self) -> bool {
        let mut found = false;
        self.walk(&mut |e| {
            if let ExprKind::Call {
                name, udf: false, ..
            } = &e.kind
            {
                if is_aggregate_name(name) {
                    found = true;
                }
            }
        });
        found
    }

    /// Visits this node and its children, not descending into subqueries.
    pub(crate) fn walk(&self, f: &mut dyn FnMut(&Expr)) {
        f(self);
        match &self.kind {
            ExprKind::Literal(_)
            | ExprKind::Param(_)
            | ExprKind::Ident(_)
            | ExprKind::Subquery(_)
            | ExprKind::Exists(_)
            | ExprKind::ArraySubquery(_) => {}
            ExprKind::Property(b, _) | ExprKind::Unary(_, b) => b.walk(f),
            ExprKind::Index(a, b) | ExprKind::Binary(_, a, b) => {
                a.walk(f);
                b.walk(f);
            }
            ExprKind::Between {
                expr, low, high, ..
            } => {
                expr.walk(f);
                low.walk(f);
                high.walk(f);
            }
            ExprKind::In { expr, list, .. } => {
                expr.walk(f);
                list.iter().for_each(|e| e.walk(f));
            }
            ExprKind::Like { expr, pattern, .. } => {
                expr.walk(f);
                pattern.walk(f);
            }
            ExprKind::Conditional {
                cond,
                then,
                otherwise,
            } => {
                cond.walk(f);
                then.walk(f);
                otherwise.walk(f);
            }
            ExprKind::Call { args, .. } | ExprKind::Array(args) => {
                args.iter().for_each(|e| e.walk(f))
            }
            ExprKind::Object(props) => props.iter().for_each(|(_, e)| e.walk(f)),
        }
    }
}
