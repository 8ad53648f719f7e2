//! Code generation. Output is wrapped in `const _: () = { ... }` and names
//! cosmos-orm only through the `_cosmos` alias, so it neither leaks names
//! nor depends on what the user has imported.

mod document;
mod fields;

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

use crate::internals::ast::{Container, Derive};
use crate::internals::check;
use crate::internals::ctxt::Ctxt;

pub fn derive(input: &DeriveInput, derive: Derive) -> syn::Result<TokenStream> {
    let cx = Ctxt::new();
    let Some(cont) = Container::from_ast(&cx, input, derive) else {
        cx.check()?;
        return Ok(TokenStream::new());
    };
    check::check_fields(&cx, &cont);
    let layout = match derive {
        Derive::Document => check::check_document(&cx, &cont),
        Derive::Fields => None,
    };
    cx.check()?;

    let cosmos = match &cont.attrs.crate_path {
        Some(path) => quote!(#path),
        None => quote!(::cosmos_orm),
    };
    let fields = fields::expand(&cont);
    let document = match &layout {
        Some(layout) => document::expand(&cont, layout),
        None => TokenStream::new(),
    };
    Ok(quote! {
        #[doc(hidden)]
        #[allow(non_upper_case_globals, unused_attributes, unused_qualifications, non_camel_case_types, dead_code)]
        const _: () = {
            #[allow(unused_extern_crates, clippy::useless_attribute)]
            use #cosmos as _cosmos;
            #fields
            #document
        };
    })
}
