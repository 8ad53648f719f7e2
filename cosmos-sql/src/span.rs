//! Source positions attached to tokens, AST nodes and errors.

use std::fmt;

/// A half-open byte range `start..end` into the query text.
///
/// Spans always compare equal (like sqlparser-rs' `AttachedToken`), so two
/// ASTs parsed from differently formatted text compare equal when their
/// structure is the same. Compare `start`/`end` directly when the position
/// itself matters.
#[derive(Debug, Clone, Copy, Default)]
pub struct Span {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset one past the last character.
    pub end: usize,
}

impl Span {
    /// A span covering `start..end`.
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// The smallest span covering both `self` and `other`.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl PartialEq for Span {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Span {}

/// A 1-based line and column (in characters), computed from a byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

impl Location {
    /// The line and column of byte `offset` inside `text`.
    pub fn of(text: &str, offset: usize) -> Location {
        let offset = offset.min(text.len());
        let mut line = 1;
        let mut column = 1;
        for (i, ch) in text.char_indices() {
            if i >= offset {
                break;
            }
            if ch == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        Location { line, column }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_counts_lines_and_chars() {
        let text = "SELECT\n  é.x";
        assert_eq!(Location::of(text, 0), Location { line: 1, column: 1 });
        assert_eq!(Location::of(text, 9), Location { line: 2, column: 3 });
        // 'é' is two bytes but one column.
        assert_eq!(Location::of(text, 11), Location { line: 2, column: 4 });
    }

    #[test]
    fn spans_compare_equal_but_merge_by_position() {
        assert_eq!(Span::new(1, 2), Span::new(5, 9));
        let s = Span::new(4, 6).to(Span::new(1, 3));
        assert_eq!((s.start, s.end), (1, 6));
    }
}
