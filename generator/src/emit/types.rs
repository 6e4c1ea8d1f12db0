//! Emits the `types` module: a struct, an open enum or an alias per named type.
//!
//! Structs (with their `Deserialize` impls), open enums and aliases are most of a large API's
//! code, so they are built as syntax trees directly; the rarer kinds (integer enums, unions,
//! newtypes) are written with `quote!` and parsed.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;
use syn::punctuated::Punctuated;
use syn::{Attribute, Expr, FieldValue, ImplItem, Item, Pat, token};

use super::docs::{DocLines, append_paragraph, default_paragraph, doc_lines, doc_text};
use super::syntax::{
    arm, binding, call, closure, doc_attr, generic_type, list_attr, method_call, name_expr,
    named_type, path, path_expr, path_pat, plain_ident, public, public_enum, public_field,
    public_struct, str_expr, str_literal, string_map, string_type, try_expr, tuple_fields,
    tuple_struct_pat, wild, word_attr, wrapped_type,
};
use super::{allow_deprecated, deprecated_attr, ident, names_deprecated, rust_type};
use crate::model::{
    Api, Enum, IntEnum, Presence, SerdeUse, Struct, TaggedUnion, TypeDef, TypeKind, TypeRef,
    UnionVariant,
};

thread_local! {
    /// Parsed once per thread, since syntax trees cannot move between threads; a module is
    /// emitted in many pieces.
    static TEMPLATES: syn::Result<Templates> = Templates::new();
}

/// `pub mod types { .. }` holding the named types `defs`.
pub fn module(api: &Api, defs: &[TypeDef]) -> syn::Result<Item> {
    let mut items = Vec::new();
    TEMPLATES.with(|templates| {
        let templates = templates.as_ref().map_err(Clone::clone)?;
        defs.iter()
            .try_for_each(|def| type_def(api, def, templates, &mut items))
    })?;
    let docs =
        doc_text("The schemas of this API, and the types named after where they appear inline.");
    Ok(Item::Mod(syn::ItemMod {
        attrs: docs.attributes(),
        vis: public(),
        unsafety: None,
        mod_token: token::Mod::default(),
        ident: plain_ident("types"),
        content: Some((token::Brace::default(), items)),
        semi: None,
    }))
}

/// The serde derives the type's use calls for.
fn serde_derives(serde: SerdeUse) -> TokenStream {
    let serialize = serde.serialize.then(|| quote!(::serde::Serialize,));
    let deserialize = serde.deserialize.then(|| quote!(::serde::Deserialize,));
    quote!(#serialize #deserialize)
}

/// Appends the items of `def` to `items`.
fn type_def(
    api: &Api,
    def: &TypeDef,
    templates: &Templates,
    items: &mut Vec<Item>,
) -> syn::Result<()> {
    let name = ident(&def.name);
    let mut docs = doc_lines(&def.docs);
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
    // The type's own impls name it, which warns like any other use.
    let impl_allow = allow_deprecated(def.deprecated);
    let head = |docs: DocLines, deprecated: Option<Attribute>| {
        let mut attrs = docs.attributes();
        attrs.extend(deprecated);
        attrs
    };
    let defined = match &def.kind {
        TypeKind::Struct(object) => struct_def(
            api,
            &name,
            head(docs, deprecated),
            object,
            def.serde,
            impl_allow,
            templates,
        )?,
        TypeKind::Enum(values) => {
            templates.enum_def(&name, head(docs, deprecated), values, impl_allow)?
        }
        TypeKind::Alias(target) => {
            let mut attrs = head(docs, deprecated);
            attrs.extend(allow_deprecated(names_deprecated(api, target)));
            vec![Item::Type(syn::ItemType {
                attrs,
                vis: public(),
                modifiers: syn::TypeModifiers::default(),
                type_token: token::Type::default(),
                ident: name,
                generics: syn::Generics::default(),
                eq_token: token::Eq::default(),
                ty: Box::new(rust_type(api, target, true)),
                semi_token: token::Semi::default(),
                where_clause_placement: syn::WhereClausePlacement::Early,
            })]
        }
        TypeKind::IntEnum(values) => parsed(int_enum_def(
            &name,
            quote!(#docs #deprecated),
            values,
            def.serde,
            impl_allow,
        ))?,
        TypeKind::TaggedUnion(union) => parsed(tagged_union_def(
            api, &name, docs, deprecated, union, def.serde, impl_allow,
        ))?,
        TypeKind::Union(variants) => {
            parsed(union_def(api, &name, docs, deprecated, variants, def.serde))?
        }
        TypeKind::Newtype(target) => {
            let allow = allow_deprecated(names_deprecated(api, target));
            let target = rust_type(api, target, true);
            let serde = serde_derives(def.serde);
            parsed(quote! {
                #docs
                #deprecated
                #[derive(Debug, Clone, PartialEq, Default, #serde)]
                #[serde(transparent)]
                pub struct #name(#allow pub #target);
            })?
        }
    };
    items.extend(defined);
    Ok(())
}

/// The items of `tokens`, written with `quote!`.
fn parsed(tokens: TokenStream) -> syn::Result<Vec<Item>> {
    Ok(syn::parse2::<syn::File>(tokens)?.items)
}

/// An untagged union of its alternatives.
fn union_def(
    api: &Api,
    name: &Ident,
    docs: DocLines,
    deprecated: Option<Attribute>,
    variants: &[UnionVariant],
    serde: SerdeUse,
) -> TokenStream {
    let serde = serde_derives(serde);
    let variants = variants.iter().map(|variant| {
        let rust_name = ident(&variant.rust_name);
        let allow = allow_deprecated(names_deprecated(api, &variant.ty));
        let mut ty = rust_type(api, &variant.ty, true);
        if variant.boxed {
            ty = wrapped_type("Box", ty);
        }
        let doc = match &variant.ty {
            TypeRef::Named(id) => {
                format!(" The [`{}`] alternative.", api.type_def(*id).name)
            }
            _ => format!(" The `{}` alternative.", variant.rust_name),
        };
        quote!(#[doc = #doc] #allow #rust_name(#ty),)
    });
    // Unions add doc lines of their own, which the attribute follows.
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

/// A struct and, when it is decoded, its `Deserialize` impl.
fn struct_def(
    api: &Api,
    name: &Ident,
    mut attrs: Vec<Attribute>,
    object: &Struct,
    serde_use: SerdeUse,
    impl_allow: Option<Attribute>,
    templates: &Templates,
) -> syn::Result<Vec<Item>> {
    let serializes = serde_use.serialize;
    // Serialize is derived; Deserialize is written out below, one line per field.
    let serialize = serializes.then(|| quote!(::serde::Serialize,));
    let default = object.derives_default().then(|| quote!(Default,));
    attrs.push(list_attr(
        "derive",
        quote!(Debug, Clone, PartialEq, #default #serialize),
    ));
    let fields = object.fields.iter().map(|field| {
        let mut docs = doc_lines(&field.docs);
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
        let mut attrs = docs.attributes();
        attrs.extend(field.deprecated.then(deprecated_attr));
        let wire = &field.wire_name;
        let rename = (field.rust_name.trim_start_matches("r#") != field.wire_name)
            .then(|| quote!(rename = #wire,));
        let mut ty = rust_type(api, &field.ty, true);
        if field.boxed {
            ty = wrapped_type("Box", ty);
        }
        let (skip, ty) = match field.presence {
            Presence::Required => (None, ty),
            Presence::RequiredNullable => (None, wrapped_type("Option", ty)),
            Presence::Optional => (
                Some(quote!(skip_serializing_if = "Option::is_none",)),
                wrapped_type("Option", ty),
            ),
            Presence::OptionalNullable => {
                let nullable = path(&["crate", "runtime", "Nullable"]);
                (
                    Some(quote!(
                        skip_serializing_if = "crate::runtime::Nullable::is_absent",
                    )),
                    generic_type(nullable, [ty]),
                )
            }
        };
        // Never sent, whatever its value: the server owns it.
        let skip = if field.read_only {
            Some(quote!(skip_serializing,))
        } else {
            skip
        };
        if serializes && (rename.is_some() || skip.is_some()) {
            attrs.push(list_attr("serde", quote!(#rename #skip)));
        }
        attrs.extend(allow_deprecated(names_deprecated(api, &field.ty)));
        public_field(attrs, ident(&field.rust_name), ty)
    });
    let additional = object.additional.as_ref().map(|additional| {
        let mut attrs = doc_text("Properties beyond the ones listed above.").attributes();
        if serializes {
            attrs.push(list_attr("serde", quote!(flatten)));
        }
        attrs.extend(allow_deprecated(names_deprecated(api, &additional.value)));
        let value = rust_type(api, &additional.value, true);
        public_field(attrs, ident(&additional.rust_name), string_map(value))
    });
    let structure = public_struct(attrs, name.clone(), fields.chain(additional));
    // Building the value names each field, deprecated ones too.
    let impl_allow =
        impl_allow.or_else(|| allow_deprecated(object.fields.iter().any(|field| field.deprecated)));
    let mut items = vec![structure];
    if serde_use.deserialize {
        items.push(templates.deserialize_struct(name, object, impl_allow)?);
    }
    Ok(items)
}

/// The parts of the impls that structs and enums repeat, parsed once per thread with empty
/// bodies; the parts that vary are built into a copy.
struct Templates {
    /// A struct's `Deserialize`.
    deserialize: syn::ItemImpl,
    /// An open enum's `as_str`, its body a `match` without arms.
    as_str: syn::ItemImpl,
    /// An open enum's `From<String>`, its body a `match` without arms.
    from_string: syn::ItemImpl,
    /// The doc of an open enum's variant for unknown values.
    unknown_doc: Vec<Attribute>,
}

impl Templates {
    fn new() -> syn::Result<Self> {
        Ok(Self {
            deserialize: syn::parse2(quote! {
                impl<'de> ::serde::Deserialize<'de> for Template {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {}
                }
            })?,
            as_str: syn::parse2(quote! {
                impl Template {
                    /// The value as it travels.
                    pub fn as_str(&self) -> &str {
                        match self {}
                    }
                }
            })?,
            from_string: syn::parse2(quote! {
                impl From<String> for Template {
                    fn from(value: String) -> Self {
                        match value.as_str() {}
                    }
                }
            })?,
            unknown_doc: doc_text(
                "A value this client does not know, such as one added to the API after it was\n\
                 generated.",
            )
            .attributes(),
        })
    }

    /// An open enum: a variant per known value and one that keeps any other, with the impls
    /// that convert it from and to its wire value.
    fn enum_def(
        &self,
        name: &Ident,
        mut attrs: Vec<Attribute>,
        values: &Enum,
        allow: Option<Attribute>,
    ) -> syn::Result<Vec<Item>> {
        let single = values.variants.len() == 1;
        let default = single.then(|| quote!(Default,));
        attrs.push(list_attr(
            "derive",
            quote!(Debug, Clone, PartialEq, Eq, Hash, #default),
        ));
        let known = values.variants.iter().map(|variant| {
            let doc = Literal::string(&format!(" `{}`", variant.wire_name.replace('`', "'")));
            let mut attrs = vec![doc_attr(doc)];
            if single {
                attrs.push(word_attr("default"));
            }
            syn::Variant {
                attrs,
                ident: ident(&variant.rust_name),
                fields: syn::Fields::Unit,
                discriminant: None,
            }
        });
        let unknown_variant = syn::Variant {
            attrs: self.unknown_doc.clone(),
            ident: ident(&values.unknown_variant),
            fields: tuple_fields(string_type()),
            discriminant: None,
        };
        let definition = public_enum(attrs, name.clone(), known.chain([unknown_variant]));

        let value = || name_expr("value");
        let mut as_str = self.impl_for(&self.as_str, name, allow.clone());
        let arms = match_arms(&mut as_str)?;
        arms.extend(values.variants.iter().map(|variant| {
            arm(
                path_pat(self_variant(&variant.rust_name)),
                str_expr(&variant.wire_name),
            )
        }));
        arms.push(arm(unknown_pattern(&values.unknown_variant), value()));
        let mut from_string = self.impl_for(&self.from_string, name, allow.clone());
        let arms = match_arms(&mut from_string)?;
        arms.extend(values.variants.iter().map(|variant| {
            arm(
                Pat::Lit(str_literal(&variant.wire_name)),
                path_expr(self_variant(&variant.rust_name)),
            )
        }));
        arms.push(arm(
            wild(),
            call(path_expr(self_variant(&values.unknown_variant)), [value()]),
        ));
        // A lint attribute on a macro call is ignored, so the impls the macro writes for a
        // deprecated type go into an anonymous const that allows the use.
        let impls = match &allow {
            Some(allow) => syn::parse2(quote! {
                #allow
                const _: () = {
                    crate::runtime::open_enum_impls!(#name);
                };
            })?,
            None => Item::Macro(syn::ItemMacro {
                attrs: Vec::new(),
                ident: None,
                mac: syn::Macro {
                    path: path(&["crate", "runtime", "open_enum_impls"]),
                    bang_token: token::Not::default(),
                    delimiter: syn::MacroDelimiter::Paren(token::Paren::default()),
                    tokens: quote!(#name),
                },
                semi_token: Some(token::Semi::default()),
            }),
        };
        Ok(vec![
            definition,
            Item::Impl(as_str),
            Item::Impl(from_string),
            impls,
        ])
    }

    /// A copy of `template` for the type `name`, with `allow` on it.
    fn impl_for(
        &self,
        template: &syn::ItemImpl,
        name: &Ident,
        allow: Option<Attribute>,
    ) -> syn::ItemImpl {
        let mut item = template.clone();
        item.attrs.extend(allow);
        item.self_ty = Box::new(named_type(name.clone()));
        item
    }

    /// `Deserialize` through the runtime's `Fields`: one call per field.
    fn deserialize_struct(
        &self,
        name: &Ident,
        object: &Struct,
        allow: Option<Attribute>,
    ) -> syn::Result<Item> {
        let fields = object.fields.iter().map(|field| {
            let take = match field.presence {
                Presence::Required => "required",
                Presence::RequiredNullable => "required_nullable",
                Presence::Optional => "optional",
                Presence::OptionalNullable => "nullable",
            };
            field_value(ident(&field.rust_name), take, &field.wire_name)
        });
        let additional = object.additional.as_ref().map(|additional| {
            field_value(ident(&additional.rust_name), "rest", &additional.rust_name)
        });
        let fields: Punctuated<FieldValue, token::Comma> = fields.chain(additional).collect();
        // An object without properties still has to be an object.
        let input = if fields.is_empty() {
            wild()
        } else {
            binding("fields")
        };
        let value = Expr::Struct(syn::ExprStruct {
            attrs: Vec::new(),
            qself: None,
            path: path(&["Self"]),
            brace_token: token::Brace::default(),
            fields,
            dot2_token: None,
            rest: None,
        });
        let build = closure(input, call(name_expr("Ok"), [value]));
        let decode = call(
            path_expr(path(&["crate", "runtime", "Fields", "decode"])),
            [
                name_expr("deserializer"),
                str_expr(&name.to_string()),
                build,
            ],
        );
        let mut item = self.impl_for(&self.deserialize, name, allow);
        only_method(&mut item)?
            .block
            .stmts
            .push(syn::Stmt::Expr(decode, None));
        Ok(Item::Impl(item))
    }
}

/// `name: fields.take(wire)?`.
fn field_value(name: Ident, take: &str, wire: &str) -> FieldValue {
    let value = method_call(name_expr("fields"), plain_ident(take), [str_expr(wire)]);
    FieldValue {
        attrs: Vec::new(),
        member: syn::Member::Named(name),
        colon_token: Some(token::Colon::default()),
        expr: try_expr(value),
    }
}

/// The one method of a template's copy.
fn only_method(item: &mut syn::ItemImpl) -> syn::Result<&mut syn::ImplItemFn> {
    match item.items.first_mut() {
        Some(ImplItem::Fn(method)) => Ok(method),
        _ => Err(template_error()),
    }
}

/// The arms of the `match` that is the body of a template's one method.
fn match_arms(item: &mut syn::ItemImpl) -> syn::Result<&mut Vec<syn::Arm>> {
    match only_method(item)?.block.stmts.first_mut() {
        Some(syn::Stmt::Expr(Expr::Match(matching), None)) => Ok(&mut matching.arms),
        _ => Err(template_error()),
    }
}

/// A template without the shape the code filling it expects: a bug in the generator.
fn template_error() -> syn::Error {
    syn::Error::new(
        Span::call_site(),
        "an impl template lost its expected shape",
    )
}

/// `Self::variant`.
fn self_variant(variant: &str) -> syn::Path {
    let mut path = path(&["Self"]);
    path.segments.push(ident(variant).into());
    path
}

/// `Self::unknown(value)`.
fn unknown_pattern(unknown: &str) -> Pat {
    tuple_struct_pat(self_variant(unknown), [binding("value")])
}

/// An integer enum: the known values as variants, any other value kept in the unknown variant,
/// encoded as the integer itself.
fn int_enum_def(
    name: &Ident,
    docs: TokenStream,
    values: &IntEnum,
    serde: SerdeUse,
    allow: Option<Attribute>,
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
        let value = int_tokens(variant.value);
        quote!(Self::#rust_name => #value,)
    });
    let from_value = values.variants.iter().map(|variant| {
        let rust_name = ident(&variant.rust_name);
        let value = int_tokens(variant.value);
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
fn int_tokens(value: i64) -> TokenStream {
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
    docs: DocLines,
    deprecated: Option<Attribute>,
    union: &TaggedUnion,
    serde: SerdeUse,
    allow: Option<Attribute>,
) -> TokenStream {
    let tag = &union.tag;
    let tag_doc = tag.replace('`', "'");
    let unknown = ident(&union.unknown_variant);
    let variants = union.variants.iter().map(|variant| {
        let rust_name = ident(&variant.rust_name);
        let mut ty = rust_type(api, &variant.ty, true);
        if variant.boxed {
            ty = wrapped_type("Box", ty);
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
