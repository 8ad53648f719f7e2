use super::*;

fn toks(s: &str) -> Vec<Tok> {
    tokenize(s).unwrap().into_iter().map(|t| t.tok).collect()
}

#[test]
fn keywords_are_case_insensitive_but_literals_are_not() {
    assert_eq!(
        toks("select SeLeCt true TRUE"),
        vec![
            Tok::Keyword(Keyword::Select),
            Tok::Keyword(Keyword::Select),
            Tok::Keyword(Keyword::True),
            Tok::Ident("TRUE".into()),
            Tok::Eof
        ]
    );
}

#[test]
fn numbers_strings_params_and_operators() {
    assert_eq!(
        toks("1 2.5 .5 1e3 'a\\'b' \"\\u00e9\" @p >>> >> ?? <> || -- c\n/* x */~"),
        vec![
            Tok::Number(1.into()),
            Tok::Number(Number::from_f64(2.5).unwrap()),
            Tok::Number(Number::from_f64(0.5).unwrap()),
            Tok::Number(Number::from_f64(1000.0).unwrap()),
            Tok::String("a'b".into()),
            Tok::String("é".into()),
            Tok::Param("@p".into()),
            Tok::UShr,
            Tok::Shr,
            Tok::Coalesce,
            Tok::NotEq,
            Tok::Concat,
            Tok::Tilde,
            Tok::Eof
        ]
    );
}

#[test]
fn surrogate_pairs_decode() {
    assert_eq!(toks("'\\ud83d\\ude00'")[0], Tok::String("😀".into()));
}

#[test]
fn spans_point_at_the_text() {
    let t = tokenize("SELECT  c.id").unwrap();
    assert_eq!((t[1].span.start, t[1].span.end), (8, 9));
    assert_eq!((t[3].span.start, t[3].span.end), (10, 12));
}

#[test]
fn lexical_errors_have_positions() {
    let e = tokenize("SELECT 'abc").unwrap_err();
    assert_eq!(e.span.start, 7);
    assert!(e.message.contains("unterminated"));
    let e = tokenize("SELECT #").unwrap_err();
    assert_eq!(e.span.start, 7);
    assert!(tokenize("1e").is_err());
    assert!(tokenize("'\\q'").is_err());
    assert!(tokenize("@").is_err());
    assert!(tokenize("/* open").is_err());
    assert!(tokenize("12abc").is_err());
}
