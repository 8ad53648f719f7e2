//! The derive input as an IR: a named-field struct and its fields with
//! their parsed attributes.

use syn::{Data, DeriveInput, Fields, Generics, Ident, Type};

use super::attr;
use super::ctxt::Ctxt;

/// Which derive is running; some attributes only make sense on documents.
#[derive(Copy, Clone, PartialEq, Eq)]
pub enum Derive {
    Document,
    Fields,
}

impl Derive {
    pub fn name(self) -> &'static str {
        match self {
            Derive::Document => "CosmosDocument",
            Derive::Fields => "CosmosFields",
        }
    }
}

pub struct Container<'a> {
    pub ident: &'a Ident,
    pub generics: &'a Generics,
    pub attrs: attr::Container,
    pub fields: Vec<Field<'a>>,
}

pub struct Field<'a> {
    pub ident: &'a Ident,
    pub ty: &'a Type,
    pub attrs: attr::Field,
}

impl Field<'_> {
    /// Whether the field has no typed handle: never stored, or opted out.
    pub fn is_skipped(&self) -> bool {
        self.attrs.serde_skip || self.attrs.cosmos_skip.is_some()
    }

    /// The Rust field name without a raw-identifier prefix.
    pub fn rust_name(&self) -> String {
        self.ident.to_string().trim_start_matches("r#").to_owned()
    }
}

impl<'a> Container<'a> {
    /// `None` when the input is not a struct with named fields (error recorded).
    pub fn from_ast(cx: &Ctxt, item: &'a DeriveInput, derive: Derive) -> Option<Container<'a>> {
        let attrs = attr::Container::from_ast(cx, item, derive);
        let named = match &item.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => named,
                Fields::Unnamed(fields) => {
                    cx.error_spanned_by(
                        fields,
                        format!(
                            "#[derive({})] needs named fields: tuple structs have no JSON property names",
                            derive.name()
                        ),
                    );
                    return None;
                }
                Fields::Unit => {
                    cx.error_spanned_by(
                        &item.ident,
                        format!(
                            "#[derive({})] needs a struct with named fields",
                            derive.name()
                        ),
                    );
                    return None;
                }
            },
            Data::Enum(data) => {
                cx.error_spanned_by(
                    data.enum_token,
                    format!(
                        "#[derive({})] supports structs with named fields, not enums",
                        derive.name()
                    ),
                );
                return None;
            }
            Data::Union(data) => {
                cx.error_spanned_by(
                    data.union_token,
                    format!(
                        "#[derive({})] supports structs with named fields, not unions",
                        derive.name()
                    ),
                );
                return None;
            }
        };
        let fields = named
            .named
            .iter()
            .filter_map(|field| {
                Some(Field {
                    ident: field.ident.as_ref()?,
                    ty: &field.ty,
                    attrs: attr::Field::from_ast(cx, field, attrs.rename_all, derive),
                })
            })
            .collect();
        Some(Container {
            ident: &item.ident,
            generics: &item.generics,
            attrs,
            fields,
        })
    }
}
