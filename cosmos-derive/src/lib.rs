//! Derive macros for cosmos-orm: `CosmosDocument` for stored documents and
//! `CosmosFields` for structs embedded in them.
//!
//! Use them through `cosmos_orm`, which documents the attributes. This crate
//! only holds the entry points; parsing lives in `internals` and code
//! generation in `expand`.

mod expand;
mod internals;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

use internals::ast::Derive;

/// Implements `cosmos_orm::CosmosDocument`, `HasFields` and `FieldType`.
#[proc_macro_derive(CosmosDocument, attributes(cosmos))]
pub fn derive_cosmos_document(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input, Derive::Document)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Implements `cosmos_orm::HasFields` and `FieldType` for an embedded struct.
#[proc_macro_derive(CosmosFields, attributes(cosmos))]
pub fn derive_cosmos_fields(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input, Derive::Fields)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
