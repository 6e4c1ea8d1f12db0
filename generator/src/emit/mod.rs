//! Emit: the checked model into Rust syntax trees. The items every operation and type repeats
//! (structs, enums, their impls, the client's methods) are built as trees directly (see
//! `emit/syntax.rs`); the one-off and rare ones are written as tokens with `quote` and parsed.
//! Emitting never invents a name: every name was decided while lowering. It fails only if
//! tokens it wrote do not parse as Rust, which is a bug in the generator.

mod client;
mod docs;
mod example;
mod security;
mod servers;
mod syntax;
mod types;

use std::ops::Range;

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream};
use quote::quote;
use syn::{Attribute, Type};

use crate::model::{Api, TypeRef};
use syntax::{
    absolute_path, generic_type, idents_path, list_attr, named_type, path, path_type, plain_ident,
    string_map, string_type, wrapped_type,
};

/// What a generated file is: a module of the `generated` crate, or the `lib.rs` of a
/// standalone crate, which adds crate attributes and the `runtime` module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Root {
    /// A module of the `generated` crate.
    Module,
    /// The root of a standalone crate.
    Crate,
}

/// Where a section's items stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    /// At the top of the file.
    TopLevel,
    /// Inside `impl Client { .. }`.
    ClientImpl,
    /// Inside `pub mod types { .. }`.
    TypesModule,
}

/// A run of a file's items, emitted (and formatted) in pieces of whole units: an operation,
/// a type. Large APIs are emitted and formatted a piece per thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Section {
    /// Where its items stand.
    pub block: Block,
    /// How many units it has.
    pub units: usize,
}

/// The sections of one API's file, in order: the head (`Server`, the security schemes,
/// `Client`), `impl Client` (its settings, then a method per operation), the request, success
/// and error types of each operation, and the `types` module.
pub fn sections(api: &Api) -> [Section; 4] {
    let operations = api.operations.len();
    [
        Section {
            block: Block::TopLevel,
            units: 1,
        },
        Section {
            block: Block::ClientImpl,
            units: 1 + operations,
        },
        Section {
            block: Block::TopLevel,
            units: operations,
        },
        Section {
            block: Block::TypesModule,
            units: api.types.len(),
        },
    ]
}

/// The items of units `units` of section `section` (an index into [`sections`]), inside the
/// block they stand in.
pub fn section_file(
    api: &Api,
    root: Root,
    section: usize,
    units: Range<usize>,
) -> syn::Result<syn::File> {
    match section {
        0 => {
            let attributes = (root == Root::Crate).then(|| crate_attributes(api));
            let head = client::head(api);
            syn::parse2(quote!(#attributes #head))
        }
        1 => {
            // The settings are written once, in the block's first piece.
            let settings = (units.start == 0).then(|| client::settings(api));
            let body = Group::new(Delimiter::Brace, quote!(#settings));
            let mut block: syn::ItemImpl = syn::parse2(quote!(impl Client #body))?;
            let operations = &api.operations[units.start.saturating_sub(1)..units.end - 1];
            block.items.extend(client::methods(api, operations)?);
            Ok(file_of(vec![syn::Item::Impl(block)]))
        }
        2 => {
            let operations = &api.operations[units];
            Ok(file_of(client::operation_types(api, operations)))
        }
        _ => Ok(file_of(vec![types::module(api, &api.types[units])?])),
    }
}

/// A file of `items`, without file-level attributes.
fn file_of(items: Vec<syn::Item>) -> syn::File {
    syn::File {
        shebang: None,
        frontmatter: None,
        attrs: Vec::new(),
        items,
    }
}

/// The whole file.
pub fn file(api: &Api, root: Root) -> syn::Result<syn::File> {
    let mut whole = file_of(Vec::new());
    for (index, section) in sections(api).into_iter().enumerate() {
        let part = section_file(api, root, index, 0..section.units)?;
        whole.attrs.extend(part.attrs);
        whole.items.extend(part.items);
    }
    Ok(whole)
}

/// The items of one API's module: its `Server` enum and `Client`, a request struct and an error
/// enum per operation, and the `types` module.
pub fn module(api: &Api) -> syn::Result<syn::File> {
    file(api, Root::Module)
}

/// The `lib.rs` of a standalone crate for one API: the module's items at the crate root, beside
/// the `runtime` module.
pub fn crate_root(api: &Api) -> syn::Result<syn::File> {
    file(api, Root::Crate)
}

/// The crate-level documentation and attributes of a standalone crate, and its `runtime`
/// module.
fn crate_attributes(api: &Api) -> TokenStream {
    let doc = module_doc(api, &api.module);
    let docs = doc.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#![doc = #line])
    });
    quote! {
        #(#docs)*
        #![deny(missing_docs)]
        // Enum variants are named after the API's own values, whatever pattern those follow,
        // and error bodies are as large as the API makes them.
        #![allow(
            clippy::enum_variant_names,
            clippy::large_enum_variant,
            clippy::result_large_err
        )]

        pub mod runtime;
    }
}

/// The crate-level file that declares one module per API, each including its generated file
/// from `OUT_DIR`.
pub fn out_dir_modules(apis: &[Api], crate_name: &str) -> syn::Result<syn::File> {
    let modules = apis.iter().map(|api| {
        let docs = docs::doc_text(&module_doc(api, &format!("{crate_name}::{}", api.module)));
        let name = ident(&api.module);
        let file = format!("/{}", crate::module_file(&api.module));
        quote! {
            #docs
            pub mod #name {
                include!(concat!(env!("OUT_DIR"), #file));
            }
        }
    });
    syn::parse2(quote!(#(#modules)*))
}

/// The module documentation of one API: what it is and how to call it. `path` is the module's
/// path as a user writes it, such as `generated::cribl`.
pub fn module_doc(api: &Api, path: &str) -> String {
    let mut text = format!(
        "Client for {}, version {}, generated from `{}`.",
        api_name(api),
        docs::inline(&api.version),
        api.source_name
    );
    if let Some(description) = api
        .description
        .as_deref()
        .filter(|text| !text.trim().is_empty())
    {
        text.push_str("\n\n");
        text.push_str(&docs::sanitize(description).join("\n"));
    }
    text.push_str("\n\n# Usage\n\n");
    text.push_str(if api.servers.is_empty() {
        "Build a `Client` with `Client::with_base_url`, "
    } else {
        "Build a `Client` for one of the API's servers with `Client::new(Server::...)`, or for \
         any other base URL with `Client::with_base_url`, "
    });
    text.push_str(
        "authenticate with `with_bearer_token`, and call an operation with its request struct. \
         Every method returns the decoded success body, or an `Error` whose `Api` variant holds \
         the operation's documented error responses.",
    );
    if let Some(example) = example::usage_example(api, path) {
        text.push_str("\n\n```no_run\n");
        text.push_str(&example.join("\n"));
        text.push_str("\n```");
    }
    text
}

/// "the Foo API", without doubling a title that already ends in "API".
fn api_name(api: &Api) -> String {
    let title = docs::inline(api.title.trim());
    if title.to_ascii_lowercase().ends_with("api") {
        format!("the {title}")
    } else {
        format!("the {title} API")
    }
}

/// An identifier from a name lowering decided; `r#type` becomes a raw identifier.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The Rust type for a model type. Prelude names are used as they are (lowering keeps types
/// from taking them); other paths are absolute.
pub(crate) fn rust_type(api: &Api, ty: &TypeRef, in_types_module: bool) -> Type {
    let relative = |segments: &[&str]| path_type(path(segments));
    let absolute = |segments: &[&str]| path_type(absolute_path(segments));
    match ty {
        TypeRef::Bool => relative(&["bool"]),
        TypeRef::I32 => relative(&["i32"]),
        TypeRef::I64 => relative(&["i64"]),
        TypeRef::F32 => relative(&["f32"]),
        TypeRef::F64 => relative(&["f64"]),
        TypeRef::String => string_type(),
        TypeRef::Secret => relative(&["crate", "runtime", "Secret"]),
        TypeRef::DateTime => generic_type(
            absolute_path(&["chrono", "DateTime"]),
            [absolute(&["chrono", "Utc"])],
        ),
        TypeRef::Date => absolute(&["chrono", "NaiveDate"]),
        TypeRef::Uuid => absolute(&["uuid", "Uuid"]),
        TypeRef::Bytes => relative(&["crate", "runtime", "Bytes"]),
        TypeRef::Any => absolute(&["serde_json", "Value"]),
        TypeRef::Object => generic_type(
            absolute_path(&["serde_json", "Map"]),
            [string_type(), absolute(&["serde_json", "Value"])],
        ),
        TypeRef::Array(items) => wrapped_type("Vec", rust_type(api, items, in_types_module)),
        TypeRef::Map(values) => string_map(rust_type(api, values, in_types_module)),
        TypeRef::Named(id) => {
            let name = ident(&api.type_def(*id).name);
            if in_types_module {
                named_type(name)
            } else {
                path_type(idents_path([plain_ident("types"), name]))
            }
        }
    }
}

/// `#[deprecated]` for an item the API description marks `deprecated`. OpenAPI's keyword is a
/// bare boolean, so the note says where the mark comes from; the spec's own words stay in the
/// item's documentation.
pub(crate) fn deprecated_attr() -> Attribute {
    list_attr(
        "deprecated",
        quote!(note = "marked deprecated in the API description"),
    )
}

/// `#[allow(deprecated)]` when generated code must name a deprecated item: a use warns even
/// inside another deprecated item, and the generated crate compiles without warnings. Placed on
/// the narrowest item that names it, so that callers of deprecated items are still warned.
pub(crate) fn allow_deprecated(needed: bool) -> Option<Attribute> {
    needed.then(|| list_attr("allow", quote!(deprecated)))
}

/// Whether writing `ty` names a type marked deprecated, directly or as the item type of a list
/// or map.
pub(crate) fn names_deprecated(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(id) => api.type_def(*id).deprecated,
        TypeRef::Array(inner) | TypeRef::Map(inner) => names_deprecated(api, inner),
        _ => false,
    }
}
