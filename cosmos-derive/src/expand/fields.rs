//! The field-handle struct and the `HasFields`/`FieldType` impls shared by
//! both derives.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use crate::internals::ast::{Container, Field};

/// The handle type of one field, spanned on the field type so that a type
/// without handles is reported there.
fn handle_type(field: &Field) -> TokenStream {
    let ty = field.ty;
    if field.attrs.flatten.is_some() {
        quote_spanned!(ty.span()=> <#ty as _cosmos::HasFields>::Fields<__R>)
    } else if field.attrs.opaque.is_some() {
        quote_spanned!(ty.span()=> _cosmos::ValueField<__R, #ty>)
    } else {
        quote_spanned!(ty.span()=> <#ty as _cosmos::FieldType>::Handle<__R>)
    }
}

fn handle_init(field: &Field) -> TokenStream {
    let ty = field.ty;
    let name = &field.attrs.name;
    if field.attrs.flatten.is_some() {
        // Flattened fields share the parent's path: serde merges their properties into it.
        quote_spanned!(ty.span()=> <#ty as _cosmos::HasFields>::fields_at::<__R>(__base))
    } else if field.attrs.opaque.is_some() {
        quote!(_cosmos::ValueField::new(__base.child(#name)))
    } else {
        quote_spanned!(ty.span()=> <#ty as _cosmos::FieldType>::handle::<__R>(__base.child(#name)))
    }
}

pub fn expand(cont: &Container) -> TokenStream {
    let ident = cont.ident;
    let fields_ident = format_ident!("__{}CosmosFields", ident);
    let handled: Vec<&Field> = cont.fields.iter().filter(|f| !f.is_skipped()).collect();

    let members: Vec<_> = handled.iter().map(|f| f.ident).collect();
    let types: Vec<_> = handled.iter().map(|f| handle_type(f)).collect();
    let inits: Vec<_> = handled.iter().map(|f| handle_init(f)).collect();
    let docs: Vec<_> = handled
        .iter()
        .map(|f| format!("`{}`: the JSON property `{}`.", f.ident, f.attrs.name))
        .collect();
    let rust_names: Vec<String> = handled.iter().map(|f| f.rust_name()).collect();
    let field_at = handled.iter().enumerate().map(|(i, f)| {
        let ty = f.ty;
        quote!(impl _cosmos::__private::FieldAt<#i> for #ident { type Type = #ty; })
    });

    quote! {
        /// Typed handles of the fields of the struct this was derived for.
        pub struct #fields_ident<__R> {
            #( #[doc = #docs] pub #members: #types, )*
            __root: ::core::marker::PhantomData<fn() -> __R>,
        }

        impl<__R> ::core::clone::Clone for #fields_ident<__R> {
            fn clone(&self) -> Self {
                Self {
                    #( #members: ::core::clone::Clone::clone(&self.#members), )*
                    __root: ::core::marker::PhantomData,
                }
            }
        }

        impl _cosmos::HasFields for #ident {
            type Fields<__R> = #fields_ident<__R>;

            fn fields_at<__R>(__base: &_cosmos::FieldPath) -> #fields_ident<__R> {
                #fields_ident {
                    #( #members: #inits, )*
                    __root: ::core::marker::PhantomData,
                }
            }
        }

        impl _cosmos::FieldType for #ident {
            type Handle<__R> = _cosmos::NestedField<__R, #ident>;

            fn handle<__R>(path: _cosmos::FieldPath) -> _cosmos::NestedField<__R, #ident> {
                _cosmos::NestedField::new(path)
            }
        }

        impl _cosmos::__private::FieldTable for #ident {
            const RUST_FIELDS: &'static [&'static str] = &[#(#rust_names),*];
        }

        #(#field_at)*
    }
}
