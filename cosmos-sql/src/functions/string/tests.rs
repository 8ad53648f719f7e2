use crate::functions::test_util::eval;
use serde_json::json;

#[test]
fn concat_and_case() {
    assert_eq!(eval("CONCAT('a', 'b', 'c')"), Some(json!("abc")));
    assert_eq!(eval("CONCAT('a', 1)"), None);
    assert_eq!(eval("CONCAT('a', undefined)"), None);
    assert_eq!(eval("LOWER('AbC')"), Some(json!("abc")));
    assert_eq!(eval("UPPER('AbC')"), Some(json!("ABC")));
    assert_eq!(eval("UPPER(1)"), None);
    assert_eq!(eval("LOWER(null)"), None);
}

#[test]
fn contains_starts_ends_equals_with_ignore_case() {
    assert_eq!(eval("CONTAINS('abc', 'b')"), Some(json!(true)));
    assert_eq!(eval("CONTAINS('abc', 'B')"), Some(json!(false)));
    assert_eq!(eval("CONTAINS('abc', 'B', true)"), Some(json!(true)));
    assert_eq!(eval("CONTAINS('abc', 'B', 'yes')"), None);
    assert_eq!(eval("CONTAINS(1, 'B')"), None);
    assert_eq!(eval("STARTSWITH('abc', 'ab')"), Some(json!(true)));
    assert_eq!(eval("STARTSWITH('abc', 'AB', true)"), Some(json!(true)));
    assert_eq!(eval("STARTSWITH('abc', 'AB', false)"), Some(json!(false)));
    assert_eq!(eval("ENDSWITH('abc', 'bc')"), Some(json!(true)));
    assert_eq!(eval("ENDSWITH('abc', 'BC', true)"), Some(json!(true)));
    assert_eq!(eval("ENDSWITH(undefined, 'c')"), None);
    assert_eq!(eval("StringEquals('abc', 'ABC')"), Some(json!(false)));
    assert_eq!(eval("StringEquals('abc', 'ABC', true)"), Some(json!(true)));
    assert_eq!(eval("StringEquals('abc', 1)"), None);
}

#[test]
fn positions_and_slices() {
    assert_eq!(eval("INDEX_OF('abcabc', 'c')"), Some(json!(2)));
    assert_eq!(eval("INDEX_OF('abcabc', 'c', 3)"), Some(json!(5)));
    assert_eq!(eval("INDEX_OF('abc', 'z')"), Some(json!(-1)));
    assert_eq!(eval("INDEX_OF('éa', 'a')"), Some(json!(1)));
    assert_eq!(eval("INDEX_OF('abc', 1)"), None);
    assert_eq!(eval("LEFT('abc', 2)"), Some(json!("ab")));
    assert_eq!(eval("LEFT('abc', 5)"), Some(json!("abc")));
    assert_eq!(eval("LEFT('abc', 'x')"), None);
    assert_eq!(eval("LEFT('abc', 1.5)"), None);
    assert_eq!(eval("LEFT('abc', -1)"), Some(json!("")));
    assert_eq!(eval("RIGHT('abc', -1)"), Some(json!("")));
    assert_eq!(eval("RIGHT('abc', 1.5)"), None);
    assert_eq!(eval("SUBSTRING('abc', -1, 2)"), Some(json!("")));
    assert_eq!(eval("SUBSTRING('abc', 1, 0)"), Some(json!("")));
    assert_eq!(eval("SUBSTRING('abc', 0.5, 1)"), None);
    assert_eq!(eval("RIGHT('abc', 2)"), Some(json!("bc")));
    assert_eq!(eval("RIGHT('abc', 9)"), Some(json!("abc")));
    assert_eq!(eval("RIGHT(1, 2)"), None);
    assert_eq!(eval("SUBSTRING('abcdef', 1, 3)"), Some(json!("bcd")));
    assert_eq!(eval("SUBSTRING('abc', 5, 3)"), Some(json!("")));
    assert_eq!(eval("SUBSTRING('abc', '1', 3)"), None);
    assert_eq!(eval("LENGTH('héllo')"), Some(json!(5)));
    assert_eq!(eval("LENGTH(5)"), None);
}

#[test]
fn trims_replace_replicate_reverse() {
    assert_eq!(eval("LTRIM('  a ')"), Some(json!("a ")));
    assert_eq!(eval("RTRIM('  a ')"), Some(json!("  a")));
    assert_eq!(eval("TRIM('  a ')"), Some(json!("a")));
    assert_eq!(eval("TRIM(1)"), None);
    // Documentation samples: the second argument is a set of characters.
    assert_eq!(
        eval("LTRIM('AdventureWorks', 'Adventure')"),
        Some(json!("Works"))
    );
    assert_eq!(
        eval("LTRIM('AdventureWorks', 'Works')"),
        Some(json!("AdventureWorks"))
    );
    assert_eq!(
        eval("RTRIM('AdventureWorks', 'Works')"),
        Some(json!("Adventure"))
    );
    assert_eq!(
        eval("RTRIM('AdventureWorks', '')"),
        Some(json!("AdventureWorks"))
    );
    assert_eq!(
        eval("TRIM('-_-AdventureWorks-_-', '-_')"),
        Some(json!("AdventureWorks"))
    );
    assert_eq!(
        eval("TRIM('-- AdventureWorks --', '-')"),
        Some(json!(" AdventureWorks "))
    );
    assert_eq!(eval("TRIM('x', 1)"), None);
    assert_eq!(eval("REPLACE('aXbX', 'X', '-')"), Some(json!("a-b-")));
    assert_eq!(eval("REPLACE('a', 1, '-')"), None);
    assert_eq!(eval("REPLACE('a', '', '-')"), None);
    assert_eq!(eval("REPLICATE('ab', 3)"), Some(json!("ababab")));
    assert_eq!(eval("REPLICATE('ab', -1)"), None);
    assert_eq!(eval("REPLICATE('a', 10001)"), None);
    assert_eq!(eval("REVERSE('abc')"), Some(json!("cba")));
    assert_eq!(eval("REVERSE(true)"), None);
}

#[test]
fn regex_match() {
    assert_eq!(eval("RegexMatch('abcd', 'ab.')"), Some(json!(true)));
    assert_eq!(eval("RegexMatch('abcd', '^b')"), Some(json!(false)));
    assert_eq!(eval("RegexMatch('ABC', 'abc', 'i')"), Some(json!(true)));
    assert_eq!(eval("RegexMatch('a\\nb', '^b', 'm')"), Some(json!(true)));
    assert_eq!(eval("RegexMatch('abc', 'a b c', 'x')"), Some(json!(true)));
    assert_eq!(eval("RegexMatch('abc', '(', '')"), None);
    assert_eq!(eval("RegexMatch('abc', 'a', 'q')"), None);
    assert_eq!(eval("RegexMatch(1, 'a')"), None);
}

#[test]
fn string_to_conversions() {
    assert_eq!(
        eval("StringToArray('[1, \"a\", null]')"),
        Some(json!([1, "a", null]))
    );
    assert_eq!(eval("StringToArray('[1,')"), None);
    assert_eq!(eval("StringToArray('{}')"), None);
    assert_eq!(eval("StringToBoolean(' true ')"), Some(json!(true)));
    assert_eq!(eval("StringToBoolean('TRUE')"), None);
    assert_eq!(eval("StringToNull('null')"), Some(json!(null)));
    assert_eq!(eval("StringToNull('0')"), None);
    assert_eq!(eval("StringToNumber('1.5')"), Some(json!(1.5)));
    assert_eq!(eval("StringToNumber('-3')"), Some(json!(-3)));
    assert_eq!(eval("StringToNumber('0x10')"), None);
    assert_eq!(
        eval("StringToObject('{\"a\": [1]}')"),
        Some(json!({"a": [1]}))
    );
    assert_eq!(eval("StringToObject(\"{'a': 1}\")"), None);
    assert_eq!(eval("StringToObject(1)"), None);
}

#[test]
fn to_string_join_split() {
    assert_eq!(eval("ToString(1)"), Some(json!("1")));
    assert_eq!(eval("ToString(1.5)"), Some(json!("1.5")));
    assert_eq!(eval("ToString(1.0000)"), Some(json!("1")));
    assert_eq!(
        eval("ToString([1.0, {\"a\": 2.50}])"),
        Some(json!("[1,{\"a\":2.5}]"))
    );
    assert_eq!(eval("ToString(false)"), Some(json!("false")));
    assert_eq!(eval("ToString('a')"), Some(json!("a")));
    assert_eq!(eval("ToString(null)"), Some(json!("null")));
    assert_eq!(
        eval("ToString({\"a\": [true]})"),
        Some(json!("{\"a\":[true]}"))
    );
    assert_eq!(eval("ToString(undefined)"), None);
    assert_eq!(eval("StringJoin(['a', 'b'], '-')"), Some(json!("a-b")));
    assert_eq!(eval("StringJoin(['a', 1], '-')"), None);
    assert_eq!(
        eval("StringSplit('a,b,,c', ',')"),
        Some(json!(["a", "b", "", "c"]))
    );
    // Documentation samples.
    assert_eq!(eval("StringSplit('Helmet', '')"), Some(json!(["Helmet"])));
    assert_eq!(eval("StringSplit('', '')"), Some(json!([""])));
    assert_eq!(
        eval("StringSplit('xenmoun mountain bike', 'moun')"),
        Some(json!(["xen", " ", "tain bike"]))
    );
    assert_eq!(eval("StringSplit('Handlebar', undefined)"), None);
    assert_eq!(
        eval("StringJoin(['Adventure', 'LT'], 'Works')"),
        Some(json!("AdventureWorksLT"))
    );
    assert_eq!(eval("StringJoin(['a'], undefined)"), None);
    assert_eq!(eval("StringSplit(1, ',')"), None);
}
