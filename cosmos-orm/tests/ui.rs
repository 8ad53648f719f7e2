//! Compile-time guarantees of the derive and the typed builders, checked
//! against `.stderr` snapshots (regenerate with `TRYBUILD=overwrite`).

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/derive/*.rs");
    t.compile_fail("tests/ui/typed/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
