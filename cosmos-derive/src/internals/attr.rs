//! `#[cosmos(...)]` and the path-relevant part of `#[serde(...)]`.
//!
//! Parsing never returns early: each problem is recorded in the `Ctxt`,
//! spanned on the key that caused it, and parsing moves on.

use proc_macro2::{Span, TokenStream};
use syn::meta::ParseNestedMeta;
use syn::{Lit, LitStr, Token};

use super::ast::Derive;
use super::case::RenameRule;
use super::ctxt::Ctxt;
use super::symbol::*;

/// A value that may be set once; a second setting is an error on its key.
struct Once<'c, T> {
    cx: &'c Ctxt,
    name: Symbol,
    value: Option<T>,
}

impl<'c, T> Once<'c, T> {
    fn none(cx: &'c Ctxt, name: Symbol) -> Self {
        Once {
            cx,
            name,
            value: None,
        }
    }

    fn set(&mut self, key: &syn::Path, value: T) {
        if self.value.is_some() {
            self.cx
                .error_spanned_by(key, format!("duplicate cosmos attribute `{}`", self.name));
        } else {
            self.value = Some(value);
        }
    }

    fn get(self) -> Option<T> {
        self.value
    }
}

/// Consumes the value of a serde key this derive does not care about.
fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.value()?.parse::<syn::Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in meta.input);
        content.parse::<TokenStream>()?;
    }
    Ok(())
}

/// `key = "x"` or `key(serialize = "x", deserialize = "y")`. Returns the
/// serialized name, reporting names that differ between the two directions
/// (the stored JSON would not be read back at the same path).
fn ser_de_name(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<LitStr>> {
    if meta.input.peek(Token![=]) {
        return Ok(Some(meta.value()?.parse()?));
    }
    let (mut ser, mut de) = (None::<LitStr>, None::<LitStr>);
    meta.parse_nested_meta(|inner| {
        if inner.path == SERIALIZE {
            ser = Some(inner.value()?.parse()?);
        } else if inner.path == DESERIALIZE {
            de = Some(inner.value()?.parse()?);
        } else {
            skip_value(&inner)?;
        }
        Ok(())
    })?;
    if ser.as_ref().map(LitStr::value) != de.as_ref().map(LitStr::value) {
        cx.error_spanned_by(
            &meta.path,
            format!(
                "`{}` differs between serialize and deserialize, so the JSON path of the data is ambiguous; use one name for both",
                meta.path.get_ident().map(ToString::to_string).unwrap_or_default()
            ),
        );
    }
    Ok(ser)
}

/// Struct-level attributes.
pub struct Container {
    pub container: Option<LitStr>,
    pub crate_path: Option<syn::Path>,
    pub rename_all: RenameRule,
}

impl Container {
    pub fn from_ast(cx: &Ctxt, item: &syn::DeriveInput, derive: Derive) -> Self {
        let mut container = Once::none(cx, CONTAINER);
        let mut crate_path = Once::none(cx, CRATE);
        let mut rename_all = RenameRule::None;

        for attr in &item.attrs {
            if attr.path() == COSMOS {
                let parsed = attr.parse_nested_meta(|meta| {
                    if meta.path == CONTAINER {
                        let lit: LitStr = meta.value()?.parse()?;
                        if derive == Derive::Fields {
                            cx.error_spanned_by(
                                &meta.path,
                                "`container` is only valid with #[derive(CosmosDocument)]",
                            );
                        } else if lit.value().is_empty() {
                            cx.error_spanned_by(&lit, "the container name cannot be empty");
                        }
                        container.set(&meta.path, lit);
                    } else if meta.path == CRATE {
                        let lit: LitStr = meta.value()?.parse()?;
                        match lit.parse::<syn::Path>() {
                            Ok(path) => crate_path.set(&meta.path, path),
                            Err(_) => {
                                cx.error_spanned_by(&lit, "expected a path such as `cosmos::orm`")
                            }
                        }
                    } else {
                        let path = meta
                            .path
                            .get_ident()
                            .map(ToString::to_string)
                            .unwrap_or_default();
                        return Err(
                            meta.error(format_args!("unknown cosmos container attribute `{path}`"))
                        );
                    }
                    Ok(())
                });
                if let Err(err) = parsed {
                    cx.syn_error(err);
                }
            } else if attr.path() == SERDE {
                // Malformed serde attributes are serde's to report; only our checks are kept.
                let _ = attr.parse_nested_meta(|meta| {
                    if meta.path == RENAME_ALL {
                        if let Some(lit) = ser_de_name(cx, &meta)? {
                            if let Some(rule) = RenameRule::from_str(&lit.value()) {
                                rename_all = rule;
                            }
                        }
                    } else if meta.path == DENY_UNKNOWN_FIELDS && derive == Derive::Document {
                        cx.error_spanned_by(
                            &meta.path,
                            "documents read back from Cosmos DB carry system properties (_rid, _self, _ts, _etag, _attachments), which `deny_unknown_fields` would reject",
                        );
                    } else if meta.path == TRANSPARENT || meta.path == INTO {
                        cx.error_spanned_by(
                            &meta.path,
                            "this serde attribute serializes the struct as something else, so its field paths would not match the stored JSON",
                        );
                        skip_value(&meta)?;
                    } else {
                        skip_value(&meta)?;
                    }
                    Ok(())
                });
            }
        }

        Container {
            container: container.get(),
            crate_path: crate_path.get(),
            rename_all,
        }
    }
}

/// `#[cosmos(partition_key ...)]` on a field.
pub struct PartitionKeyAttr {
    /// The `partition_key` key itself.
    pub key: syn::Path,
    /// Level of a hierarchical key (1-based) and where it was written.
    pub level: Option<(u8, Span)>,
    /// Dotted path of Rust field names inside an embedded field.
    pub path: Option<LitStr>,
}

/// Field-level attributes.
pub struct Field {
    /// The JSON property name serde writes.
    pub name: String,
    /// Where that name comes from (the rename literal, else the field).
    pub name_span: Option<Span>,
    pub id: Option<syn::Path>,
    pub partition_key: Option<PartitionKeyAttr>,
    pub etag: Option<syn::Path>,
    pub ttl: Option<syn::Path>,
    pub opaque: Option<syn::Path>,
    pub cosmos_skip: Option<syn::Path>,
    /// `skip` or `skip_serializing`: the property is never stored.
    pub serde_skip: bool,
    pub flatten: Option<syn::Path>,
    /// `with` / `serialize_with`: the stored shape is not the Rust type's.
    pub with: Option<syn::Path>,
    pub skip_serializing_if: bool,
}

fn parse_level(cx: &Ctxt, lit: &syn::LitInt) -> Option<(u8, Span)> {
    match lit.base10_parse::<u8>() {
        Ok(level @ 1..=3) => Some((level, lit.span())),
        _ => {
            cx.error_spanned_by(
                lit,
                "partition key levels are 1, 2 or 3 (hierarchical keys have at most 3 levels)",
            );
            None
        }
    }
}

fn parse_partition_key(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<PartitionKeyAttr> {
    let mut attr = PartitionKeyAttr {
        key: meta.path.clone(),
        level: None,
        path: None,
    };
    if meta.input.peek(Token![=]) {
        match meta.value()?.parse::<Lit>()? {
            Lit::Int(lit) => attr.level = parse_level(cx, &lit),
            Lit::Str(lit) => attr.path = Some(lit),
            other => cx.error_spanned_by(
                other,
                "expected a level (`partition_key = 2`) or an embedded field path (`partition_key = \"address.city\"`)",
            ),
        }
    } else if meta.input.peek(syn::token::Paren) {
        meta.parse_nested_meta(|inner| {
            if inner.path == LEVEL {
                let lit: syn::LitInt = inner.value()?.parse()?;
                attr.level = parse_level(cx, &lit);
            } else if inner.path == PATH {
                attr.path = Some(inner.value()?.parse()?);
            } else {
                let name = inner
                    .path
                    .get_ident()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                return Err(inner.error(format_args!(
                    "unknown partition_key option `{name}`, expected `level` or `path`"
                )));
            }
            Ok(())
        })?;
    }
    Ok(attr)
}

impl Field {
    pub fn from_ast(cx: &Ctxt, field: &syn::Field, rename_all: RenameRule, derive: Derive) -> Self {
        let ident_name = field
            .ident
            .as_ref()
            .map(|i| i.to_string().trim_start_matches("r#").to_owned())
            .unwrap_or_default();
        let mut rename: Option<LitStr> = None;
        let mut id = Once::none(cx, ID);
        let mut partition_key = Once::none(cx, PARTITION_KEY);
        let mut etag = Once::none(cx, ETAG);
        let mut ttl = Once::none(cx, TTL);
        let mut opaque = Once::none(cx, OPAQUE);
        let mut cosmos_skip = Once::none(cx, SKIP);
        let mut serde_skip = false;
        let mut flatten = None;
        let mut with = None;
        let mut skip_serializing_if = false;

        for attr in &field.attrs {
            if attr.path() == COSMOS {
                let parsed = attr.parse_nested_meta(|meta| {
                    let document_only = [ID, PARTITION_KEY, ETAG, TTL];
                    if derive == Derive::Fields && document_only.iter().any(|s| meta.path == *s) {
                        cx.error_spanned_by(
                            &meta.path,
                            "this attribute is only valid with #[derive(CosmosDocument)]; embedded structs have no id or key of their own",
                        );
                    }
                    if meta.path == ID {
                        id.set(&meta.path, meta.path.clone());
                    } else if meta.path == PARTITION_KEY {
                        let pk = parse_partition_key(cx, &meta)?;
                        partition_key.set(&meta.path, pk);
                    } else if meta.path == ETAG {
                        etag.set(&meta.path, meta.path.clone());
                    } else if meta.path == TTL {
                        ttl.set(&meta.path, meta.path.clone());
                    } else if meta.path == OPAQUE {
                        opaque.set(&meta.path, meta.path.clone());
                    } else if meta.path == SKIP {
                        cosmos_skip.set(&meta.path, meta.path.clone());
                    } else {
                        let path = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
                        return Err(meta.error(format_args!("unknown cosmos field attribute `{path}`")));
                    }
                    Ok(())
                });
                if let Err(err) = parsed {
                    cx.syn_error(err);
                }
            } else if attr.path() == SERDE {
                let _ = attr.parse_nested_meta(|meta| {
                    if meta.path == RENAME {
                        if let Some(lit) = ser_de_name(cx, &meta)? {
                            rename = Some(lit);
                        }
                    } else if meta.path == SKIP || meta.path == SKIP_SERIALIZING {
                        serde_skip = true;
                    } else if meta.path == FLATTEN {
                        flatten = Some(meta.path.clone());
                    } else if meta.path == WITH || meta.path == SERIALIZE_WITH {
                        with = Some(meta.path.clone());
                        skip_value(&meta)?;
                    } else if meta.path == SKIP_SERIALIZING_IF {
                        skip_serializing_if = true;
                        skip_value(&meta)?;
                    } else {
                        skip_value(&meta)?;
                    }
                    Ok(())
                });
            }
        }

        let name_span = rename.as_ref().map(LitStr::span);
        let name = match &rename {
            Some(lit) => lit.value(),
            None => rename_all.apply_to_field(&ident_name),
        };
        Field {
            name,
            name_span,
            id: id.get(),
            partition_key: partition_key.get(),
            etag: etag.get(),
            ttl: ttl.get(),
            opaque: opaque.get(),
            cosmos_skip: cosmos_skip.get(),
            serde_skip,
            flatten,
            with,
            skip_serializing_if,
        }
    }
}
