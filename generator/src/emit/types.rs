//! Emits the `types` module: a struct, an open enum or an alias per named type.

use proc_macro2::{Delimiter, Group, Ident, Literal, TokenStream};
use quote::quote;

use super::docs::{append_paragraph, default_paragraph, doc_attrs, doc_text};
use super::{allow_deprecated, deprecated_attr, ident, names_deprecated, rust_type};
use crate::model::{
    Api, Enum, IntEnum, Presence, SerdeUse, Struct, TaggedUnion, TypeDef, TypeKind, TypeRef,
};

/// Every named type of the API.
pub fn types(api: &Api, defs: &[TypeDef]) -> TokenStream {
    let defs = defs.iter().map(|def| type_def(api, def));
    defs.collect()
}

/// The serde derives the type's use calls for.
fn serde_derives(serde: SerdeUse) -> TokenStream {
    let serialize = serde.serialize.then(|| quote!(::serde::Serialize,));
    let deserialize = serde.deserialize.then(|| quote!(::serde::Deserialize,));
    quote!(#serialize #deserialize)
}

fn type_def(api: &Api, def: &TypeDef) -> TokenStream {
    let serde = serde_derives(def.serde);
    let name = ident(&def.name);
    let mut docs = doc_attrs(&def.docs);
    let shared = match &def.kind {
        TypeKind::Alias(TypeRef::Named(id)) => Some(format!("[`{}`]", api.type_def(*id).name)),
        _ => None,
    };
    match (docs.is_empty(), shared) {
        // One line where the spec says nothing: the name it stands for is the news.
        (true, Some(shared)) => docs = doc_text(&format!("Another name for {shared}.")),
        (true, None) => docs = doc_text(&format!("The `{}` type.", def.name)),
        (false, Some(shared)) => {
            append_paragraph(&mut docs, &format!("Another name for {shared}."))
        }
        (false, None) => {}
    }
    if def.deprecated {
        append_paragraph(&mut docs, "**Deprecated** in the API description.");
    }
    let deprecated = def.deprecated.then(deprecated_attr);
    // Unions add doc lines of their own, which the attribute follows.
    if !matches!(def.kind, TypeKind::Union(_) | TypeKind::TaggedUnion(_)) {
        docs.extend(deprecated.clone());
    }
    // The type's own impls name it, which warns like any other use.
    let impl_allow = allow_deprecated(def.deprecated);
    match &def.kind {
        TypeKind::Struct(object) => struct_def(api, &name, docs, object, def.serde, impl_allow),
        TypeKind::Enum(values) => enum_def(&name, docs, values, impl_allow),
        TypeKind::IntEnum(values) => int_enum_def(&name, docs, values, def.serde, impl_allow),
        TypeKind::TaggedUnion(union) => {
            tagged_union_def(api, &name, docs, deprecated, union, def.serde, impl_allow)
        }
        TypeKind::Alias(target) => {
            let allow = allow_deprecated(names_deprecated(api, target));
            let target = rust_type(api, target, true);
            quote! {
                #docs
                #allow
                pub type #name = #target;
            }
        }
        TypeKind::Union(variants) => {
            let variants = variants.iter().map(|variant| {
                let rust_name = ident(&variant.rust_name);
                let allow = allow_deprecated(names_deprecated(api, &variant.ty));
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
                quote!(#[doc = #doc] #allow #rust_name(#ty),)
            });
            quote! {
                #docs
                ///
                /// Decoding takes the first alternative the value matches, in the order the API
                /// description lists them.
                #deprecated
                #[derive(Debug, Clone, PartialEq, #serde)]
                #[serde(untagged)]
                pub enum #name {
                    #(#variants)*
                }
            }
        }
        TypeKind::Newtype(target) => {
            let allow = allow_deprecated(names_deprecated(api, target));
            let target = rust_type(api, target, true);
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, Default, #serde)]
                #[serde(transparent)]
                pub struct #name(#allow pub #target);
            }
        }
    }
}

fn struct_def(
    api: &Api,
    name: &Ident,
    docs: TokenStream,
    object: &Struct,
    serde_use: SerdeUse,
    impl_allow: Option<TokenStream>,
) -> TokenStream {
    let serializes = serde_use.serialize;
    // Serialize is derived; Deserialize is written out below, one line per field.
    let serialize = serializes.then(|| quote!(::serde::Serialize,));
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
        if field.read_only {
            append_paragraph(&mut docs, "Read-only: set by the server, never sent.");
        }
        if field.write_only {
            append_paragraph(&mut docs, "Write-only: sent, but left out of responses.");
        }
        if let Some(default) = &field.default {
            append_paragraph(&mut docs, &default_paragraph(default));
        }
        let rust_name = ident(&field.rust_name);
        let wire = &field.wire_name;
        let rename = (field.rust_name.trim_start_matches("r#") != field.wire_name)
            .then(|| quote!(rename = #wire,));
        let allow = allow_deprecated(names_deprecated(api, &field.ty));
        let mut ty = rust_type(api, &field.ty, true);
        if field.boxed {
            ty = quote!(Box<#ty>);
        }
        let (skip, ty) = match field.presence {
            Presence::Required => (None, ty),
            Presence::RequiredNullable => (None, quote!(Option<#ty>)),
            Presence::Optional => (
                Some(quote!(skip_serializing_if = "Option::is_none",)),
                quote!(Option<#ty>),
            ),
            Presence::OptionalNullable => (
                Some(quote!(
                    skip_serializing_if = "crate::runtime::Nullable::is_absent",
                )),
                quote!(crate::runtime::Nullable<#ty>),
            ),
        };
        // Never sent, whatever its value: the server owns it.
        let skip = if field.read_only {
            Some(quote!(skip_serializing,))
        } else {
            skip
        };
        let serde = (serializes && (rename.is_some() || skip.is_some()))
            .then(|| quote!(#[serde(#rename #skip)]));
        let deprecated = field.deprecated.then(deprecated_attr);
        quote! {
            #docs
            #deprecated
            #serde
            #allow
            pub #rust_name: #ty,
        }
    });
    let additional = object.additional.as_ref().map(|additional| {
        let rust_name = ident(&additional.rust_name);
        let allow = allow_deprecated(names_deprecated(api, &additional.value));
        let value = rust_type(api, &additional.value, true);
        let flatten = serializes.then(|| quote!(#[serde(flatten)]));
        quote! {
            /// Properties beyond the ones listed above.
            #flatten
            #allow
            pub #rust_name: ::std::collections::BTreeMap<String, #value>,
        }
    });
    // Building the value names each field, deprecated ones too.
    let impl_allow =
        impl_allow.or_else(|| allow_deprecated(object.fields.iter().any(|field| field.deprecated)));
    let deserialize = serde_use
        .deserialize
        .then(|| deserialize_struct(name, object, impl_allow));
    // The fields move into the struct's braces; interpolating them would copy every token.
    let mut body: TokenStream = fields.collect();
    body.extend(additional);
    let body = Group::new(Delimiter::Brace, body);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default #serialize)]
        pub struct #name #body

        #deserialize
    }
}

/// `Deserialize` through the runtime's `Fields`: one call per field.
fn deserialize_struct(name: &Ident, object: &Struct, allow: Option<TokenStream>) -> TokenStream {
    let type_name = name.to_string();
    let fields = object.fields.iter().map(|field| {
        let rust_name = ident(&field.rust_name);
        let wire = &field.wire_name;
        let take = match field.presence {
            Presence::Required => quote!(required),
            Presence::RequiredNullable => quote!(required_nullable),
            Presence::Optional => quote!(optional),
            Presence::OptionalNullable => quote!(nullable),
        };
        quote!(#rust_name: fields.#take(#wire)?,)
    });
    let additional = object.additional.as_ref().map(|additional| {
        let rust_name = ident(&additional.rust_name);
        let wire = &additional.rust_name;
        quote!(#rust_name: fields.rest(#wire)?,)
    });
    // An object without properties still has to be an object.
    let build = if object.fields.is_empty() && object.additional.is_none() {
        quote!(|_| Ok(Self {}))
    } else {
        quote!(|fields| Ok(Self { #(#fields)* #additional }))
    };
    quote! {
        #allow
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::runtime::Fields::decode(deserializer, #type_name, #build)
            }
        }
    }
}

fn enum_def(
    name: &Ident,
    docs: TokenStream,
    values: &Enum,
    allow: Option<TokenStream>,
) -> TokenStream {
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
    // A lint attribute on a macro call is ignored, so the impls the macro writes for a
    // deprecated type go into an anonymous const that allows the use.
    let impls = match &allow {
        Some(allow) => quote! {
            #allow
            const _: () = {
                crate::runtime::open_enum_impls!(#name);
            };
        },
        None => quote!(crate::runtime::open_enum_impls!(#name);),
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, #default)]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know, such as one added to the API after it was
            /// generated.
            #unknown(String),
        }

        #allow
        impl #name {
            /// The value as it travels.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#unknown(value) => value,
                }
            }
        }

        #allow
        impl From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #(#from_str)*
                    _ => Self::#unknown(value),
                }
            }
        }

        #impls
    }
}

/// An integer enum: the known values as variants, any other value kept in the unknown variant,
/// encoded as the integer itself.
fn int_enum_def(
    name: &Ident,
    docs: TokenStream,
    values: &IntEnum,
    serde: SerdeUse,
    allow: Option<TokenStream>,
) -> TokenStream {
    let single = values.variants.len() == 1;
    let default = single.then(|| quote!(Default,));
    let unknown = ident(&values.unknown_variant);
    let variants = values.variants.iter().map(|variant| {
        let rust_name = ident(&variant.rust_name);
        let doc = format!(" `{}`", variant.value);
        let default = single.then(|| quote!(#[default]));
        quote! {
            #[doc = #doc]
            #default
            #rust_name,
        }
    });
    let to_value = values.variants.iter().map(|variant| {
        let rust_name = ident(&variant.rust_name);
        let value = int_literal(variant.value);
        quote!(Self::#rust_name => #value,)
    });
    let from_value = values.variants.iter().map(|variant| {
        let rust_name = ident(&variant.rust_name);
        let value = int_literal(variant.value);
        quote!(#value => Self::#rust_name,)
    });
    let serialize = serde.serialize.then(|| {
        quote! {
            #allow
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_i64(self.value())
                }
            }
        }
    });
    let deserialize = serde.deserialize.then(|| {
        quote! {
            #allow
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    <i64 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
                }
            }
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, #default)]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know, such as one added to the API after it was
            /// generated.
            #unknown(i64),
        }

        #allow
        impl #name {
            /// The value as it travels.
            pub fn value(self) -> i64 {
                match self {
                    #(#to_value)*
                    Self::#unknown(value) => value,
                }
            }
        }

        #allow
        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#from_value)*
                    _ => Self::#unknown(value),
                }
            }
        }

        #allow
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        #serialize
        #deserialize

        #allow
        impl crate::runtime::ParamValue for #name {
            fn to_param(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Owned(self.value().to_string())
            }
        }
    }
}

/// An integer literal without a suffix; negative values as a negated literal, which is what
/// both patterns and expressions accept.
fn int_literal(value: i64) -> TokenStream {
    let magnitude = Literal::u64_unsuffixed(value.unsigned_abs());
    if value < 0 {
        quote!(-#magnitude)
    } else {
        quote!(#magnitude)
    }
}

/// A union told apart by its discriminator property. Serialize and Deserialize are written out
/// rather than derived with `#[serde(tag)]`, which would take the tag away from the
/// alternative's struct (see `lower/discriminator.rs`) and could not keep unknown values.
fn tagged_union_def(
    api: &Api,
    name: &Ident,
    docs: TokenStream,
    deprecated: Option<TokenStream>,
    union: &TaggedUnion,
    serde: SerdeUse,
    allow: Option<TokenStream>,
) -> TokenStream {
    let tag = &union.tag;
    let tag_doc = tag.replace('`', "'");
    let unknown = ident(&union.unknown_variant);
    let variants = union.variants.iter().map(|variant| {
        let rust_name = ident(&variant.rust_name);
        let mut ty = rust_type(api, &variant.ty, true);
        if variant.boxed {
            ty = quote!(Box<#ty>);
        }
        let values: Vec<String> = variant
            .tags
            .iter()
            .map(|value| format!("`{}`", value.replace('`', "'")))
            .collect();
        let alternative = match &variant.ty {
            TypeRef::Named(id) => format!("[`{}`]", api.type_def(*id).name),
            _ => format!("`{}`", variant.rust_name),
        };
        let doc = format!(
            " The {alternative} alternative: `{tag_doc}` is {}.",
            values.join(" or ")
        );
        let allow = allow_deprecated(names_deprecated(api, &variant.ty));
        quote!(#[doc = #doc] #allow #rust_name(#ty),)
    });
    let encode = union.variants.iter().map(|variant| {
        let rust_name = ident(&variant.rust_name);
        let tags = &variant.tags;
        quote!(Self::#rust_name(payload) => (::serde_json::to_value(payload), &[#(#tags),*]),)
    });
    let decode = union.variants.iter().map(|variant| {
        let rust_name = ident(&variant.rust_name);
        let tags = &variant.tags;
        quote!(Some(#(#tags)|*) => ::serde_json::from_value(value).map(Self::#rust_name),)
    });
    let tag_line = format!(" The `{tag_doc}` property of the value names the alternative.");
    let unknown_doc = format!(
        " A value whose `{tag_doc}` this client does not know, or that has none, such as an"
    );

    let serialize = serde.serialize.then(|| {
        quote! {
        #allow
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let (payload, tags): (::serde_json::Result<::serde_json::Value>, &[&str]) =
                    match self {
                        #(#encode)*
                        Self::#unknown(value) => return ::serde::Serialize::serialize(value, serializer),
                    };
                let mut payload = payload.map_err(::serde::ser::Error::custom)?;
                if let (::serde_json::Value::Object(fields), Some(first)) =
                    (&mut payload, tags.first())
                {
                    let written = fields.get(#tag).and_then(::serde_json::Value::as_str);
                    if !written.is_some_and(|value| tags.contains(&value)) {
                        fields.insert(#tag.to_owned(), ::serde_json::Value::from(*first));
                    }
                }
                ::serde::Serialize::serialize(&payload, serializer)
            }
        }
        }
    });
    let deserialize = serde.deserialize.then(|| {
        quote! {
        #allow
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let decoded = match value.get(#tag).and_then(::serde_json::Value::as_str) {
                    #(#decode)*
                    _ => Ok(Self::#unknown(value)),
                };
                decoded.map_err(::serde::de::Error::custom)
            }
        }
        }
    });

    quote! {
        #docs
        ///
        #[doc = #tag_line]
        /// Encoding writes the variant's value into it, unless the payload already holds
        /// another of that variant's values.
        #deprecated
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
            #[doc = #unknown_doc]
            /// alternative added to the API after it was generated; kept as it arrived.
            #unknown(::serde_json::Value),
        }

        #serialize
        #deserialize
    }
}
