//! The `CosmosDocument` impl.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use crate::internals::ast::Container;
use crate::internals::case::container_name;
use crate::internals::check::{KeyLevel, Layout};

/// The Rust type of a key level. For a level inside an embedded struct the
/// type is looked up through that struct's `FieldAt` table at compile time,
/// since a derive cannot see other structs' definitions.
fn level_type(level: &KeyLevel) -> TokenStream {
    let mut ty = {
        let ty = level.field.ty;
        quote!(#ty)
    };
    for segment in &level.sub_path {
        let name = segment.to_string().trim_start_matches("r#").to_owned();
        ty = quote_spanned! {level.span=>
            <#ty as _cosmos::__private::FieldAt<{
                _cosmos::__private::field_index(
                    <#ty as _cosmos::__private::FieldTable>::RUST_FIELDS,
                    #name,
                )
            }>>::Type
        };
    }
    ty
}

fn level_value(level: &KeyLevel) -> TokenStream {
    let member = level.field.ident;
    let sub = &level.sub_path;
    // serde leaves a skipped `None` out of the document, which the service reads as undefined.
    let method = if sub.is_empty() && level.field.attrs.skip_serializing_if {
        quote!(key_value_skipping_none)
    } else {
        quote!(key_value)
    };
    quote_spanned! {level.span=>
        _cosmos::__private::KeyPart::#method(&self.#member #(.#sub)*)
    }
}

fn level_path(level: &KeyLevel) -> TokenStream {
    let member = level.field.ident;
    let sub = &level.sub_path;
    quote_spanned! {level.span=>
        ::core::clone::Clone::clone(_cosmos::TypedField::path(&__fields.#member #(.#sub)*))
    }
}

pub fn expand(cont: &Container, layout: &Layout) -> TokenStream {
    let ident = cont.ident;
    let container = cont
        .attrs
        .container
        .as_ref()
        .map_or_else(|| container_name(&ident.to_string()), syn::LitStr::value);

    let id = layout.id.ident;
    let id_ty = layout.id.ty;
    let id_expr = quote_spanned!(id_ty.span()=> _cosmos::__private::IdType::as_id(&self.#id));

    let level_types: Vec<_> = layout.key.iter().map(level_type).collect();
    let key_type = match level_types.as_slice() {
        [single] => quote!(#single),
        many => quote!((#(#many),*)),
    };
    let level_values = layout.key.iter().map(level_value);
    let level_paths = layout.key.iter().map(level_path);

    let etag = layout.etag.map(|field| {
        let member = field.ident;
        let ty = field.ty;
        quote_spanned! {ty.span()=>
            fn etag(&self) -> ::core::option::Option<&str> {
                _cosmos::__private::EtagType::get(&self.#member)
            }
            fn set_etag(&mut self, etag: ::core::option::Option<::std::string::String>) {
                _cosmos::__private::EtagType::set(&mut self.#member, etag)
            }
        }
    });
    let has_ttl = layout.ttl.is_some();
    let ttl = layout.ttl.map(|field| {
        let member = field.ident;
        let ty = field.ty;
        quote_spanned! {ty.span()=>
            fn ttl(&self) -> ::core::option::Option<i64> {
                _cosmos::__private::TtlType::seconds(&self.#member)
            }
        }
    });

    quote! {
        impl _cosmos::CosmosDocument for #ident {
            type Key = #key_type;

            const CONTAINER: &'static str = #container;

            const HAS_TTL: bool = #has_ttl;

            fn id(&self) -> &str {
                #id_expr
            }

            fn partition_key(&self) -> _cosmos::PartitionKey {
                _cosmos::__private::partition_key(::std::vec![#(#level_values),*])
            }

            fn partition_key_paths() -> ::std::vec::Vec<_cosmos::FieldPath> {
                let __fields = <Self as _cosmos::HasFields>::fields();
                ::std::vec![#(#level_paths),*]
            }

            #etag
            #ttl
        }
    }
}
