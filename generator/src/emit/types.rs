//! Emits the `types` module: a struct, an open enum or an alias per named type.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::{append_paragraph, doc_attrs, doc_text};
use super::{ident, rust_type};
use crate::model::{Api, Enum, Presence, Struct, TypeDef, TypeKind, TypeRef};

/// Every named type of the API.
pub fn types(api: &Api) -> TokenStream {
    let defs = api.types.iter().map(|def| type_def(api, def));
    quote!(#(#defs)*)
}

fn type_def(api: &Api, def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    let mut docs = doc_attrs(&def.docs);
    if docs.is_empty() {
        docs = doc_text(&format!("The `{}` type.", def.name));
    }
    if def.deprecated {
        append_paragraph(&mut docs, "**Deprecated** in the API description.");
    }
    match &def.kind {
        TypeKind::Struct(object) => struct_def(api, &name, docs, object),
        TypeKind::Enum(values) => enum_def(&name, docs, values),
        TypeKind::Alias(target) => {
            let target = rust_type(api, target, true);
            quote! {
                #docs
                pub type #name = #target;
            }
        }
        TypeKind::Union(variants) => {
            let variants = variants.iter().map(|variant| {
                let rust_name = ident(&variant.rust_name);
                let mut ty = rust_type(api, &variant.ty, true);
                if variant.boxed {
                    ty = quote!(Box<#ty>);
                }
                let doc = match &variant.ty {
                    TypeRef::Named(id) => {
                        format!(" The [`{}`] alternative.", api.type_def(*id).name)
                    }
                    _ => format!(" The `{}` alternative.", variant.rust_name),
                };
                quote!(#[doc = #doc] #rust_name(#ty),)
            });
            quote! {
                #docs
                ///
                /// Decoding takes the first alternative the value matches, in the order the API
                /// description lists them.
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(untagged)]
                pub enum #name {
                    #(#variants)*
                }
            }
        }
        TypeKind::Newtype(target) => {
            let target = rust_type(api, target, true);
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #target);
            }
        }
    }
}

fn struct_def(api: &Api, name: &Ident, docs: TokenStream, object: &Struct) -> TokenStream {
    let default = object.derives_default().then(|| quote!(Default,));
    let fields = object.fields.iter().map(|field| {
        let mut docs = doc_attrs(&field.docs);
        if docs.is_empty() {
            let text = match &field.ty {
                TypeRef::Named(id) => format!(
                    "The `{}` property: a [`{}`].",
                    field.wire_name.replace('`', "'"),
                    api.type_def(*id).name
                ),
                _ => format!("The `{}` property.", field.wire_name.replace('`', "'")),
            };
            docs = doc_text(&text);
        }
        if field.deprecated {
            append_paragraph(&mut docs, "**Deprecated** in the API description.");
        }
        let rust_name = ident(&field.rust_name);
        let wire = &field.wire_name;
        let rename = (field.rust_name.trim_start_matches("r#") != field.wire_name)
            .then(|| quote!(rename = #wire,));
        let mut ty = rust_type(api, &field.ty, true);
        if field.boxed {
            ty = quote!(Box<#ty>);
        }
        let (presence, ty) = match field.presence {
            Presence::Required => (None, ty),
            Presence::RequiredNullable => (None, quote!(Option<#ty>)),
            Presence::Optional => (
                Some(quote!(default, skip_serializing_if = "Option::is_none",)),
                quote!(Option<#ty>),
            ),
            Presence::OptionalNullable => (
                Some(quote!(
                    default,
                    skip_serializing_if = "crate::runtime::Nullable::is_absent",
                )),
                quote!(crate::runtime::Nullable<#ty>),
            ),
        };
        let serde =
            (rename.is_some() || presence.is_some()).then(|| quote!(#[serde(#rename #presence)]));
        quote! {
            #docs
            #serde
            pub #rust_name: #ty,
        }
    });
    let additional = object.additional.as_ref().map(|additional| {
        let rust_name = ident(&additional.rust_name);
        let value = rust_type(api, &additional.value, true);
        quote! {
            /// Properties beyond the ones listed above.
            #[serde(flatten)]
            pub #rust_name: ::std::collections::BTreeMap<String, #value>,
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields)*
            #additional
        }
    }
}

fn enum_def(name: &Ident, docs: TokenStream, values: &Enum) -> TokenStream {
    let single = values.variants.len() == 1;
    let default = single.then(|| quote!(Default,));
    let unknown = ident(&values.unknown_variant);
    let variants = values.variants.iter().map(|variant| {
        let rust_name = ident(&variant.rust_name);
        let doc = format!(" `{}`", variant.wire_name.replace('`', "'"));
        let default = single.then(|| quote!(#[default]));
        quote! {
            #[doc = #doc]
            #default
            #rust_name,
        }
    });
    let to_str = values.variants.iter().map(|variant| {
        let rust_name = ident(&variant.rust_name);
        let wire = &variant.wire_name;
        quote!(Self::#rust_name => #wire,)
    });
    let from_str = values.variants.iter().map(|variant| {
        let rust_name = ident(&variant.rust_name);
        let wire = &variant.wire_name;
        quote!(#wire => Self::#rust_name,)
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, #default)]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know, such as one added to the API after it was
            /// generated.
            #unknown(String),
        }

        impl #name {
            /// The value as it travels.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#unknown(value) => value,
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #(#from_str)*
                    _ => Self::#unknown(value),
                }
            }
        }

        crate::runtime::open_enum_impls!(#name);
    }
}
