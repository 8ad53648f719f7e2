//! `LIKE` pattern matching: `%` (any run), `_` (one character), `[abc]`,
//! `[a-f]`, `[^a-f]` (character sets), and an optional ESCAPE character
//! that makes the next pattern character literal.

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    AnyRun,
    AnyOne,
    Lit(char),
    Set {
        negated: bool,
        items: Vec<(char, char)>,
    },
}

fn compile(pattern: &str, escape: Option<char>) -> Vec<Piece> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if Some(c) == escape && i + 1 < chars.len() {
            out.push(Piece::Lit(chars[i + 1]));
            i += 2;
            continue;
        }
        match c {
            '%' => {
                if out.last() != Some(&Piece::AnyRun) {
                    out.push(Piece::AnyRun);
                }
            }
            '_' => out.push(Piece::AnyOne),
            '[' => {
                if let Some(close) = chars[i + 1..].iter().position(|&x| x == ']') {
                    let body = &chars[i + 1..i + 1 + close];
                    let (negated, body) = match body.first() {
                        Some('^') => (true, &body[1..]),
                        _ => (false, body),
                    };
                    let mut items = Vec::new();
                    let mut j = 0;
                    while j < body.len() {
                        if j + 2 < body.len() && body[j + 1] == '-' {
                            items.push((body[j], body[j + 2]));
                            j += 3;
                        } else {
                            items.push((body[j], body[j]));
                            j += 1;
                        }
                    }
                    out.push(Piece::Set { negated, items });
                    i += close + 2;
                    continue;
                }
                // An unclosed '[' is literal.
                out.push(Piece::Lit('['));
            }
            _ => out.push(Piece::Lit(c)),
        }
        i += 1;
    }
    out
}

fn one(p: &Piece, c: char) -> bool {
    match p {
        Piece::AnyOne => true,
        Piece::Lit(l) => *l == c,
        Piece::Set { negated, items } => {
            items.iter().any(|(lo, hi)| (*lo..=*hi).contains(&c)) != *negated
        }
        Piece::AnyRun => false,
    }
}

/// Whether `text` matches `pattern` (case-sensitive, like the service).
pub fn like(text: &str, pattern: &str, escape: Option<char>) -> bool {
    let pieces = compile(pattern, escape);
    let text: Vec<char> = text.chars().collect();
    // Iterative matcher with single-star backtracking: linear-ish, no recursion.
    let (mut t, mut p) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pieces.len() && pieces[p] == Piece::AnyRun {
            star = Some((p, t));
            p += 1;
        } else if p < pieces.len() && one(&pieces[p], text[t]) {
            p += 1;
            t += 1;
        } else if let Some((sp, st)) = star {
            p = sp + 1;
            t = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    pieces[p..].iter().all(|x| *x == Piece::AnyRun)
}

#[cfg(test)]
mod tests {
    use super::like;

    #[test]
    fn wildcards() {
        assert!(like("Contoso", "Con%", None));
        assert!(like("Contoso", "%oso", None));
        assert!(like("Contoso", "%nto%", None));
        assert!(like("Contoso", "C_ntoso", None));
        assert!(!like("Contoso", "c%", None));
        assert!(like("", "%", None));
        assert!(!like("", "_", None));
        assert!(like("abcabc", "%b%c", None));
    }

    #[test]
    fn sets_and_escapes() {
        assert!(like("b1", "[a-c]1", None));
        assert!(!like("d1", "[a-c]1", None));
        assert!(like("d1", "[^a-c]1", None));
        assert!(like("x", "[xyz]", None));
        assert!(like("50%", "50!%", Some('!')));
        assert!(!like("500", "50!%", Some('!')));
        assert!(like("a_b", "a!_b", Some('!')));
        assert!(!like("axb", "a!_b", Some('!')));
        assert!(like("[", "[", None));
    }
}
