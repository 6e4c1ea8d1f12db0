//! A usage example for a module's documentation: a client built, authenticated, and one
//! operation called with the simplest request its types allow. Compiled as a doctest.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::model::{Api, Operation, Presence, TypeKind, TypeRef};

/// How deep a request's nested required structs may go before the example gives up on that
/// operation.
const MAX_DEPTH: usize = 4;

/// The example as Rust source lines, the hidden scaffolding marked with `# `; `None` when no
/// operation's request can be written out.
pub fn usage_example(api: &Api, crate_path: &str) -> Option<Vec<String>> {
    // An operation that is not deprecated teaches better, when there is one.
    let (operation, request) = api
        .operations
        .iter()
        .filter(|operation| !operation.deprecated)
        .chain(
            api.operations
                .iter()
                .filter(|operation| operation.deprecated),
        )
        .find_map(|operation| request_value(api, operation).map(|value| (operation, value)))?;
    let path: syn::Path = syn::parse_str(crate_path).ok()?;
    let method = ident(&operation.method_name);
    let request_name = ident(&operation.request_name);
    let construct = if api.servers.is_empty() {
        quote!(Client::with_base_url("https://api.example.com")?)
    } else {
        quote!(Client::new(Server::default()))
    };
    let imports = if api.servers.is_empty() {
        quote!(use #path::{Client, #request_name, types};)
    } else {
        quote!(use #path::{Client, Server, #request_name, types};)
    };
    let function = quote! {
        async fn example() -> Result<(), Box<dyn std::error::Error>> {
            #imports
            let client = #construct.with_bearer_token("your-token");
            let response = client.#method(&#request_name #request).await?;
            println!("{response:?}");
            Ok(())
        }
    };
    let file: syn::File = syn::parse2(function).ok()?;
    let code = prettyplease::unparse(&file);
    let lines: Vec<&str> = code.lines().collect();
    let (first, rest) = lines.split_first()?;
    let (last, body) = rest.split_last()?;
    let mut out = Vec::new();
    // The request may name deprecated parameters, fields or types; the doctest compiles
    // without warnings all the same.
    if has_deprecations(api) {
        out.push("# #[allow(deprecated)]".to_owned());
    }
    out.push(format!("# {first}"));
    out.extend(body.iter().map(|line| {
        // The body's own indentation goes: the reader sees the calls, not the wrapper.
        line.strip_prefix("    ").unwrap_or(line).to_owned()
    }));
    out.push(format!("# {last}"));
    out.push("# let _ = example;".to_owned());
    Some(out)
}

/// Whether anything of the API is marked deprecated.
fn has_deprecations(api: &Api) -> bool {
    api.operations.iter().any(|operation| {
        operation.deprecated || operation.params.iter().any(|param| param.deprecated)
    }) || api.types.iter().any(|def| {
        def.deprecated
            || matches!(&def.kind, TypeKind::Struct(object)
                if object.fields.iter().any(|field| field.deprecated))
    })
}

/// The request struct's fields: required ones filled in, the others left out.
fn request_value(api: &Api, operation: &Operation) -> Option<TokenStream> {
    let mut fields = Vec::new();
    for param in &operation.params {
        let name = ident(&param.rust_name);
        let value = if param.required {
            value(api, &param.ty, 0, param.rust_name.trim_start_matches("r#"))?
        } else {
            quote!(None)
        };
        fields.push(quote!(#name: #value));
    }
    if let Some(body) = &operation.body {
        let value = if body.required {
            value(api, &body.ty, 0, "body")?
        } else {
            quote!(None)
        };
        fields.push(quote!(body: #value));
    }
    Some(quote!({ #(#fields),* }))
}

fn value(api: &Api, ty: &TypeRef, depth: usize, label: &str) -> Option<TokenStream> {
    if depth > MAX_DEPTH {
        return None;
    }
    Some(match ty {
        TypeRef::String | TypeRef::Secret => {
            let text = format!("your-{}", label.replace(['_', ' '], "-").to_lowercase());
            quote!(#text.into())
        }
        TypeRef::Named(id) => {
            let def = api.type_def(*id);
            let name = ident(&def.name);
            match &def.kind {
                TypeKind::Enum(values) => enum_value(
                    &name,
                    values
                        .variants
                        .first()
                        .map(|variant| variant.rust_name.as_str()),
                    &values.unknown_variant,
                    quote!("value".into()),
                ),
                TypeKind::IntEnum(values) => enum_value(
                    &name,
                    values
                        .variants
                        .first()
                        .map(|variant| variant.rust_name.as_str()),
                    &values.unknown_variant,
                    quote!(0),
                ),
                TypeKind::Struct(object) if object.derives_default() => {
                    // Such structs derive `Default`.
                    quote!(Default::default())
                }
                TypeKind::Struct(object) => {
                    let mut fields = Vec::new();
                    for field in &object.fields {
                        let field_name = ident(&field.rust_name);
                        let field_value = match field.presence {
                            Presence::Required => {
                                let label = field.rust_name.trim_start_matches("r#");
                                let inner = value(api, &field.ty, depth + 1, label)?;
                                if field.boxed {
                                    quote!(Box::new(#inner))
                                } else {
                                    inner
                                }
                            }
                            Presence::RequiredNullable => quote!(None),
                            Presence::Optional | Presence::OptionalNullable => {
                                quote!(Default::default())
                            }
                        };
                        fields.push(quote!(#field_name: #field_value));
                    }
                    if let Some(additional) = &object.additional {
                        let field_name = ident(&additional.rust_name);
                        fields.push(quote!(#field_name: Default::default()));
                    }
                    quote!(types::#name { #(#fields),* })
                }
                TypeKind::Alias(target) => value(api, target, depth + 1, label)?,
                TypeKind::Newtype(_) => quote!(Default::default()),
                TypeKind::Union(variants) => {
                    let variant = variants.first()?;
                    let variant_name = ident(&variant.rust_name);
                    let inner = value(api, &variant.ty, depth + 1, label)?;
                    let inner = if variant.boxed {
                        quote!(Box::new(#inner))
                    } else {
                        inner
                    };
                    quote!(types::#name::#variant_name(#inner))
                }
                TypeKind::TaggedUnion(union) => {
                    let variant = union.variants.first()?;
                    let variant_name = ident(&variant.rust_name);
                    let inner = value(api, &variant.ty, depth + 1, label)?;
                    let inner = if variant.boxed {
                        quote!(Box::new(#inner))
                    } else {
                        inner
                    };
                    quote!(types::#name::#variant_name(#inner))
                }
            }
        }
        // Every other type has a `Default`: numbers, booleans, dates, lists, maps, bytes.
        _ => quote!(Default::default()),
    })
}

/// An enum's first variant, or its unknown variant holding `unknown_value` when it has none.
fn enum_value(
    name: &proc_macro2::Ident,
    first: Option<&str>,
    unknown_variant: &str,
    unknown_value: TokenStream,
) -> TokenStream {
    match first {
        Some(variant) => {
            let variant = ident(variant);
            quote!(types::#name::#variant)
        }
        None => {
            let unknown = ident(unknown_variant);
            quote!(types::#name::#unknown(#unknown_value))
        }
    }
}
