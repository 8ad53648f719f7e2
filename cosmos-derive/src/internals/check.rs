//! Rules the IR must satisfy, and the resolved document layout (which field
//! is the id, which fields form the key).

use std::collections::BTreeMap;

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::Ident;

use super::ast::{Container, Field};
use super::ctxt::Ctxt;

/// One level of the partition key: a field, optionally with a path of Rust
/// field names into it.
pub struct KeyLevel<'a> {
    pub field: &'a Field<'a>,
    pub sub_path: Vec<Ident>,
    /// Where to point errors about this level.
    pub span: Span,
}

/// What a document's generated impl needs.
pub struct Layout<'a> {
    pub id: &'a Field<'a>,
    pub key: Vec<KeyLevel<'a>>,
    pub etag: Option<&'a Field<'a>>,
    pub ttl: Option<&'a Field<'a>>,
}

fn name_span(field: &Field) -> Span {
    field.attrs.name_span.unwrap_or_else(|| field.ident.span())
}

/// Checks shared by both derives.
pub fn check_fields(cx: &Ctxt, cont: &Container) {
    if !cont.generics.params.is_empty() {
        cx.error_spanned_by(
            cont.generics,
            "generic structs are not supported: field handles and partition keys need concrete types",
        );
    }

    let mut seen: BTreeMap<&str, &Ident> = BTreeMap::new();
    for field in &cont.fields {
        if field.attrs.serde_skip || field.attrs.flatten.is_some() {
            continue;
        }
        if let Some(first) = seen.insert(&field.attrs.name, field.ident) {
            cx.error_at(
                name_span(field),
                format!(
                    "fields `{first}` and `{}` both serialize as `{}`",
                    field.ident, field.attrs.name
                ),
            );
        }
    }

    for field in &cont.fields {
        if let (Some(with), false) = (&field.attrs.with, field.is_skipped()) {
            cx.error_spanned_by(
                with,
                "a field serialized with a custom function has no typed path: its stored shape is not its Rust type's; add #[cosmos(skip)]",
            );
        }
        if let (Some(flatten), Some(_)) = (&field.attrs.flatten, &field.attrs.opaque) {
            cx.error_spanned_by(flatten, "a flattened field cannot be #[cosmos(opaque)]");
        }
    }
}

/// Resolves and checks id, partition key, etag and ttl of a document.
pub fn check_document<'a>(cx: &Ctxt, cont: &'a Container<'a>) -> Option<Layout<'a>> {
    let id = resolve_id(cx, cont);
    let key = resolve_key(cx, cont);
    let etag = resolve_special(cx, cont, |f| f.attrs.etag.as_ref(), "etag", "_etag");
    let ttl = resolve_special(cx, cont, |f| f.attrs.ttl.as_ref(), "ttl", "ttl");
    Some(Layout {
        id: id?,
        key: key?,
        etag,
        ttl,
    })
}

fn resolve_id<'a>(cx: &Ctxt, cont: &'a Container<'a>) -> Option<&'a Field<'a>> {
    let marked: Vec<&Field> = cont
        .fields
        .iter()
        .filter(|f| f.attrs.id.is_some())
        .collect();
    for extra in marked.iter().skip(1) {
        if let Some(path) = &extra.attrs.id {
            cx.error_spanned_by(
                path,
                format!(
                    "duplicate id: `{}` is already the id field",
                    marked[0].ident
                ),
            );
        }
    }
    let id = marked
        .first()
        .copied()
        .or_else(|| cont.fields.iter().find(|f| f.rust_name() == "id"));
    let Some(id) = id else {
        cx.error_spanned_by(
            cont.ident,
            "missing id: add a `id: String` field or mark the id field with #[cosmos(id)]",
        );
        return None;
    };
    if id.is_skipped() || id.attrs.flatten.is_some() {
        cx.error_spanned_by(
            id.ident,
            "the id field must be stored: it cannot be skipped or flattened",
        );
    } else if id.attrs.name != "id" {
        cx.error_at(
            name_span(id),
            format!(
                "the id must serialize as `id`, but this field serializes as `{}`",
                id.attrs.name
            ),
        );
    }
    Some(id)
}

fn resolve_key<'a>(cx: &Ctxt, cont: &'a Container<'a>) -> Option<Vec<KeyLevel<'a>>> {
    let marked: Vec<&Field> = cont
        .fields
        .iter()
        .filter(|f| f.attrs.partition_key.is_some())
        .collect();
    if marked.is_empty() {
        cx.error_spanned_by(
            cont.ident,
            "missing partition key: mark a field with #[cosmos(partition_key)] (or `partition_key = 1`, `= 2`, ... for a hierarchical key)",
        );
        return None;
    }

    let mut ok = true;
    let mut by_level: BTreeMap<u8, KeyLevel> = BTreeMap::new();
    let hierarchical = marked.len() > 1;
    let any_level = marked.iter().any(|f| {
        f.attrs
            .partition_key
            .as_ref()
            .is_some_and(|a| a.level.is_some())
    });
    for (index, field) in marked.iter().enumerate() {
        let Some(attr) = &field.attrs.partition_key else {
            continue;
        };
        let level = match attr.level {
            Some((level, _)) => level,
            // The first unleveled key is the key; later ones (or any next to leveled ones) are duplicates.
            None if hierarchical && (any_level || index > 0) => {
                ok = false;
                cx.error_spanned_by(
                    &attr.key,
                    "duplicate partition key: give every key field a level (`partition_key = 1`, `= 2`, ...) to declare a hierarchical key",
                );
                continue;
            }
            None => 1,
        };
        if field.is_skipped() {
            ok = false;
            cx.error_spanned_by(
                field.ident,
                "a partition key field must be stored: it cannot be skipped",
            );
        }
        let sub_path = match &attr.path {
            Some(lit) => match parse_sub_path(lit) {
                Some(path) => path,
                None => {
                    ok = false;
                    cx.error_spanned_by(
                        lit,
                        "expected Rust field names separated by dots, e.g. \"address.city\"",
                    );
                    continue;
                }
            },
            None => Vec::new(),
        };
        if field.attrs.flatten.is_some() && sub_path.is_empty() {
            ok = false;
            cx.error_spanned_by(
                &attr.key,
                "a flattened field is not a value: name the key inside it, e.g. `partition_key = \"tenant\"`",
            );
        }
        let span = attr
            .path
            .as_ref()
            .map_or_else(|| field.ty.span(), syn::LitStr::span);
        let level_span = attr.level.map_or_else(|| attr.key.span(), |(_, s)| s);
        let entry = KeyLevel {
            field,
            sub_path,
            span,
        };
        if by_level.insert(level, entry).is_some() {
            ok = false;
            cx.error_at(level_span, format!("duplicate partition key level {level}"));
        }
    }
    for (expected, level) in (1u8..).zip(by_level.keys().copied().collect::<Vec<_>>()) {
        if level != expected {
            ok = false;
            cx.error_spanned_by(
                cont.ident,
                format!("partition key level {expected} is missing: levels must be 1, 2, 3 without gaps"),
            );
            break;
        }
    }
    ok.then(|| by_level.into_values().collect())
}

fn parse_sub_path(lit: &syn::LitStr) -> Option<Vec<Ident>> {
    let text = lit.value();
    text.split('.')
        .map(|segment| {
            let mut ident = syn::parse_str::<Ident>(segment.trim()).ok()?;
            ident.set_span(lit.span());
            Some(ident)
        })
        .collect()
}

fn resolve_special<'a>(
    cx: &Ctxt,
    cont: &'a Container<'a>,
    marker: impl for<'f> Fn(&'f Field<'a>) -> Option<&'f syn::Path>,
    what: &str,
    json_name: &str,
) -> Option<&'a Field<'a>> {
    let marked: Vec<&Field> = cont.fields.iter().filter(|f| marker(f).is_some()).collect();
    for extra in marked.iter().skip(1) {
        if let Some(path) = marker(extra) {
            cx.error_spanned_by(
                path,
                format!(
                    "duplicate {what}: `{}` is already the {what} field",
                    marked[0].ident
                ),
            );
        }
    }
    let field = marked.first().copied()?;
    if field.attrs.flatten.is_some() {
        cx.error_spanned_by(field.ident, format!("the {what} field cannot be flattened"));
    } else if field.attrs.name != json_name {
        cx.error_at(
            name_span(field),
            format!(
                "the {what} field must serialize as `{json_name}`, but serializes as `{}`; add #[serde(rename = \"{json_name}\")]",
                field.attrs.name
            ),
        );
    }
    Some(field)
}
