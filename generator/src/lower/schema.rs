//! Lowering of schemas into types: structs for objects, open enums for string and integer enums,
//! unions for `oneOf` and `anyOf`, and Rust types for everything else.

use std::borrow::Cow;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::ident::{self, Scope};
use super::{Lowering, SchemaRef};
use crate::diagnostics::pointer_child;
use crate::model::{
    AdditionalField, Docs, Enum, Field, IntEnum, IntVariant, Presence, Struct, TypeId, TypeKind,
    TypeRef, UnionVariant, Variant,
};

/// How deep inline schema definitions may nest before lowering stops following them: deeper
/// than any parsed document can.
const MAX_INLINE_DEPTH: usize = 128;

impl<'a> Lowering<'a> {
    /// The type of a value described by `schema`. Objects and enums written inline become named
    /// types called `hint`.
    pub(super) fn schema_type(
        &mut self,
        schema: SchemaRef<'_>,
        hint: &str,
        pointer: &str,
    ) -> TypeRef {
        match schema {
            SchemaRef::Reference(reference) => self.reference_type(reference, pointer),
            SchemaRef::Inline(schema) if is_definition(schema) => {
                // A reference into the middle of a schema may have named this place already.
                if let Some(id) = self.named(pointer) {
                    return TypeRef::Named(id);
                }
                // The parsers stop at 128 levels, so no document nests inline schemas this deep;
                // only copies of copies can, should a merge evade the guard against merging a
                // schema inside its own copy (`define_from_schema`).
                if self.inline_depth >= MAX_INLINE_DEPTH {
                    self.warn(
                        pointer,
                        format!(
                            "inline schemas nest more than {MAX_INLINE_DEPTH} deep here, as when \
                             an `allOf` includes a schema whose properties include it again; \
                             typed as any JSON value"
                        ),
                        "give the repeated part a name in `components.schemas` and refer to it",
                    );
                    return TypeRef::Any;
                }
                let id = self.reserve_type(hint);
                self.by_reference.insert(pointer.to_owned(), id);
                self.inline_depth += 1;
                self.define_from_schema(id, schema, pointer);
                self.inline_depth -= 1;
                TypeRef::Named(id)
            }
            SchemaRef::Inline(schema) => self.value_type(schema, hint, pointer),
        }
    }

    /// Defines a reserved type from a schema: objects become structs, string enums become enums
    /// and anything else an alias.
    pub(super) fn lower_named(&mut self, id: TypeId, schema: SchemaRef<'_>, pointer: &str) {
        match schema {
            SchemaRef::Reference(reference) => {
                let target = self.reference_type(reference, pointer);
                self.define_type(id, Docs::default(), false, TypeKind::Alias(target));
            }
            SchemaRef::Inline(schema)
                if is_definition(schema) || self.extends_base.contains(&id) =>
            {
                self.define_from_schema(id, schema, pointer);
            }
            SchemaRef::Inline(schema) => {
                let name = self.type_name(id).to_owned();
                let target = self.value_type(schema, &name, pointer);
                self.define_type(
                    id,
                    schema_docs(schema),
                    schema.schema_data.deprecated,
                    TypeKind::Alias(target),
                );
            }
        }
    }

    fn reference_type(&mut self, reference: &str, pointer: &str) -> TypeRef {
        if let Some(id) = self.named(reference) {
            return TypeRef::Named(id);
        }
        let Some((schema, target)) = self.resolve(reference, pointer) else {
            return TypeRef::Any;
        };
        if let Some(id) = self.named(&target) {
            self.by_reference.insert(reference.to_owned(), id);
            return TypeRef::Named(id);
        }
        // A reference into the middle of another schema: the target becomes a type of its own,
        // named after where it is.
        let id = self.reserve_type(&name_from_pointer(&target));
        self.by_reference.insert(reference.to_owned(), id);
        self.by_reference.insert(target.clone(), id);
        self.lower_named(id, SchemaRef::Inline(&schema), &target);
        TypeRef::Named(id)
    }

    /// Fills `id` with the struct or enum `schema` defines.
    fn define_from_schema(&mut self, id: TypeId, schema: &Schema, pointer: &str) {
        let all_of = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => all_of.as_slice(),
            SchemaKind::Any(any) => any.all_of.as_slice(),
            _ => &[],
        };
        let mut merges = Vec::new();
        self.merged_references(all_of, 0, &mut merges);
        // Merging copies the properties of the schemas an `allOf` names; merging one of them
        // again inside its own copy would copy it without end.
        if let Some(again) = merges.iter().find(|target| self.merging.contains(*target)) {
            self.warn(
                &pointer_child(pointer, "allOf"),
                format!(
                    "this `allOf` merges `{again}` inside a property merged from `{again}` \
                     itself, which has no end; typed as any JSON value"
                ),
                "give the merged schema a name in `components.schemas` and refer to it",
            );
            self.define_type(
                id,
                schema_docs(schema),
                false,
                TypeKind::Alias(TypeRef::Any),
            );
            return;
        }
        let depth = self.merging.len();
        self.merging.extend(merges);
        self.define_merged_or_plain(id, schema, pointer);
        self.merging.truncate(depth);
    }

    /// The component schemas an `allOf` merges: those it names and those they merge in turn,
    /// as far as merging follows them.
    fn merged_references(
        &self,
        members: &[ReferenceOr<Schema>],
        depth: usize,
        found: &mut Vec<String>,
    ) {
        if depth > 16 {
            return;
        }
        for member in members {
            let schema = match member {
                ReferenceOr::Reference { reference } => {
                    found.push(reference.clone());
                    let Some(schema) = self
                        .component_schema(reference)
                        .and_then(ReferenceOr::as_item)
                    else {
                        continue;
                    };
                    schema
                }
                ReferenceOr::Item(schema) => schema,
            };
            match &schema.schema_kind {
                SchemaKind::AllOf { all_of } => self.merged_references(all_of, depth + 1, found),
                SchemaKind::Any(any) => self.merged_references(&any.all_of, depth + 1, found),
                _ => {}
            }
        }
    }

    fn define_merged_or_plain(&mut self, id: TypeId, schema: &Schema, pointer: &str) {
        let name = self.type_name(id).to_owned();
        let mut kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => TypeKind::Enum(enum_def(&string.enumeration)),
            SchemaKind::Type(Type::Integer(integer)) => {
                TypeKind::IntEnum(self.int_enum_def(&integer.enumeration, schema, pointer))
            }
            SchemaKind::Type(Type::Object(object)) => TypeKind::Struct(self.struct_def(
                &name,
                &MergedObject::of(
                    &object.properties,
                    &object.required,
                    object.additional_properties.as_ref(),
                ),
                pointer,
            )),
            SchemaKind::Any(any) => {
                let own = MergedObject::of(
                    &any.properties,
                    &any.required,
                    any.additional_properties.as_ref(),
                );
                // `allOf` beside `type: object` or `properties`: the members and the schema's
                // own properties together; the schema's own `additionalProperties` wins.
                let merged = if any.all_of.is_empty() {
                    Some(own)
                } else {
                    self.merge_all_of(&any.all_of, pointer, 0)
                        .map(|mut merged| {
                            let additional = own.additional_properties.clone();
                            merged.merge(own);
                            if additional.is_some() {
                                merged.additional_properties = additional;
                            }
                            merged
                        })
                };
                self.merged_struct(&name, merged, pointer)
            }
            SchemaKind::AllOf { all_of } => {
                let merged = self.merge_all_of(all_of, pointer, 0);
                self.merged_struct(&name, merged, pointer)
            }
            SchemaKind::OneOf { one_of } => {
                self.union_kind(id, &name, schema, one_of, "oneOf", pointer)
            }
            SchemaKind::AnyOf { any_of } => {
                self.union_kind(id, &name, schema, any_of, "anyOf", pointer)
            }
            _ => TypeKind::Alias(TypeRef::Any),
        };
        let docs = schema_docs(schema);
        let deprecated = schema.schema_data.deprecated;
        if let Some(discriminator) = &schema.schema_data.discriminator
            && matches!(kind, TypeKind::Struct(_))
            && self.subtypes.contains_key(&id)
        {
            // A base that subtypes extend: a union of them. When its discriminator cannot
            // tell them apart (warned about), it stays the struct of its own properties.
            if let Some(union) =
                self.base_union(id, discriminator, &kind, &docs, deprecated, pointer)
            {
                kind = union;
            }
        } else if schema.schema_data.discriminator.is_some()
            && !matches!(kind, TypeKind::Union(_) | TypeKind::TaggedUnion(_))
        {
            self.warn(
                &pointer_child(pointer, "discriminator"),
                "a `discriminator` takes effect on a `oneOf` or `anyOf`, or on an object \
                 schema that other schemas extend with `allOf`; here it is ignored",
                "list the alternatives in a `oneOf` with the discriminator beside it, or \
                 extend this schema with `allOf` in each of its subtypes",
            );
        }
        self.define_type(id, docs, deprecated, kind);
    }

    /// A `oneOf` or `anyOf` (`keyword`): a tagged union when the schema has a discriminator
    /// that can tell its alternatives apart, else an untagged one.
    fn union_kind(
        &mut self,
        id: TypeId,
        name: &str,
        schema: &Schema,
        alternatives: &[ReferenceOr<Schema>],
        keyword: &str,
        pointer: &str,
    ) -> TypeKind {
        let mut names = Scope::default();
        let variants = self.union_variants(
            name,
            alternatives,
            &mut names,
            &pointer_child(pointer, keyword),
        );
        let Some(discriminator) = &schema.schema_data.discriminator else {
            return TypeKind::Union(variants);
        };
        match self.tagged_union(
            discriminator,
            alternatives,
            &variants,
            &mut names,
            keyword,
            pointer,
        ) {
            Some(tagged) => {
                self.tagged_unions
                    .push((id, pointer_child(pointer, "discriminator")));
                TypeKind::TaggedUnion(tagged)
            }
            None => TypeKind::Union(variants),
        }
    }

    /// One variant per alternative, named after the alternative's type.
    fn union_variants(
        &mut self,
        name: &str,
        alternatives: &[ReferenceOr<Schema>],
        names: &mut Scope,
        pointer: &str,
    ) -> Vec<UnionVariant> {
        alternatives
            .iter()
            .enumerate()
            .map(|(index, alternative)| {
                let hint = format!("{name}Variant{index}");
                let ty = self.schema_type(
                    alternative.into(),
                    &hint,
                    &pointer_child(pointer, &index.to_string()),
                );
                let label = match &ty {
                    TypeRef::Named(id) => self.type_name(*id).to_owned(),
                    other => scalar_label(other).to_owned(),
                };
                UnionVariant {
                    rust_name: names.claim(label),
                    ty,
                    boxed: false,
                }
            })
            .collect()
    }

    /// The struct an `allOf` merged into, or any JSON value with a warning when it could not
    /// be merged.
    fn merged_struct(
        &mut self,
        name: &str,
        merged: Option<MergedObject<'_>>,
        pointer: &str,
    ) -> TypeKind {
        match merged {
            Some(object) => TypeKind::Struct(self.struct_def(name, &object, pointer)),
            None => {
                self.warn(
                    &pointer_child(pointer, "allOf"),
                    "`allOf` mixes objects with other schemas; typed as any JSON value",
                    "make every `allOf` member an object schema",
                );
                TypeKind::Alias(TypeRef::Any)
            }
        }
    }

    /// The type of a schema that does not define a struct or enum of its own.
    fn value_type(&mut self, schema: &Schema, hint: &str, pointer: &str) -> TypeRef {
        let write_only = schema.schema_data.write_only;
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => string_type(&string.format, write_only),
            SchemaKind::Type(Type::Integer(integer)) => match integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::Number(number)) => {
                if number.enumeration.iter().any(Option::is_some) {
                    self.warn(
                        &pointer_child(pointer, "enum"),
                        "an enum of `number` values is typed as a plain number; the listed \
                         values are not checked",
                        "use `type: integer` when every value is whole, which makes an enum",
                    );
                }
                match number.format {
                    VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                    _ => TypeRef::F64,
                }
            }
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(array)) => {
                let items = match &array.items {
                    Some(items) => self.schema_type(
                        items.into(),
                        &format!("{hint}Item"),
                        &pointer_child(pointer, "items"),
                    ),
                    None => TypeRef::Any,
                };
                TypeRef::Array(Box::new(items))
            }
            SchemaKind::Type(Type::Object(object)) => {
                self.map_type(&object.additional_properties, hint, pointer)
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => self.schema_type(
                (&all_of[0]).into(),
                hint,
                &pointer_child(pointer, "allOf/0"),
            ),
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                let keyword = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                // Only an empty list gets here: any alternative makes a union.
                self.warn(
                    &pointer_child(pointer, keyword),
                    format!("`{keyword}` lists no alternatives; typed as any JSON value"),
                    "list at least one schema, or remove the keyword",
                );
                TypeRef::Any
            }
            SchemaKind::Any(any) if any.all_of.len() == 1 => self.schema_type(
                (&any.all_of[0]).into(),
                hint,
                &pointer_child(pointer, "allOf/0"),
            ),
            SchemaKind::Any(any) => match any.typ.as_deref() {
                Some("array") => {
                    let items = match &any.items {
                        Some(items) => self.schema_type(
                            items.into(),
                            &format!("{hint}Item"),
                            &pointer_child(pointer, "items"),
                        ),
                        None => TypeRef::Any,
                    };
                    TypeRef::Array(Box::new(items))
                }
                Some("object") => self.map_type(&any.additional_properties, hint, pointer),
                Some(other) if !KNOWN_TYPES.contains(&other) => {
                    self.warn(
                        &pointer_child(pointer, "type"),
                        format!("unknown type `{other}`; typed as any JSON value"),
                        "use one of string, number, integer, boolean, array, object",
                    );
                    TypeRef::Any
                }
                _ => TypeRef::Any,
            },
            SchemaKind::AllOf { .. } | SchemaKind::Not { .. } => TypeRef::Any,
        }
    }

    fn map_type(
        &mut self,
        additional: &Option<AdditionalProperties>,
        hint: &str,
        pointer: &str,
    ) -> TypeRef {
        match additional {
            Some(AdditionalProperties::Schema(values)) => {
                let values = self.schema_type(
                    values.as_ref().into(),
                    &format!("{hint}Value"),
                    &pointer_child(pointer, "additionalProperties"),
                );
                TypeRef::Map(Box::new(values))
            }
            Some(AdditionalProperties::Any(_)) | None => TypeRef::Object,
        }
    }

    fn struct_def(&mut self, name: &str, object: &MergedObject<'_>, pointer: &str) -> Struct {
        let mut names = Scope::default();
        let properties = pointer_child(pointer, "properties");
        let mut fields = Vec::with_capacity(object.properties.len());
        for (wire_name, property) in &object.properties {
            let property_pointer = pointer_child(&properties, wire_name);
            let schema = SchemaRef::from(&**property);
            let hint = if may_name_a_type(schema) {
                format!("{name}{}", ident::upper_camel(wire_name))
            } else {
                String::new()
            };
            let ty = self.schema_type(schema, &hint, &property_pointer);
            let (docs, deprecated, read_only, write_only) = match schema {
                SchemaRef::Inline(schema) => (
                    schema_docs(schema),
                    schema.schema_data.deprecated,
                    schema.schema_data.read_only,
                    schema.schema_data.write_only,
                ),
                SchemaRef::Reference(_) => (Docs::default(), false, false, false),
            };
            let required = object.required.iter().any(|required| required == wire_name);
            // A required property is always there, so its default never applies.
            let default = if required {
                None
            } else {
                self.schema_default(schema)
            };
            fields.push(Field {
                wire_name: wire_name.to_string(),
                rust_name: names.claim(ident::snake(wire_name)),
                docs,
                ty,
                presence: Presence::of(required, self.is_nullable(schema)),
                boxed: false,
                deprecated,
                read_only,
                write_only,
                default,
            });
        }
        let additional = match object.additional_properties.as_deref() {
            Some(AdditionalProperties::Schema(values)) => Some(self.schema_type(
                values.as_ref().into(),
                &format!("{name}Value"),
                &pointer_child(pointer, "additionalProperties"),
            )),
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Any),
            Some(AdditionalProperties::Any(false)) | None => None,
        }
        .map(|value| AdditionalField {
            rust_name: names.claim("additional_properties".to_owned()),
            value,
        });
        Struct { fields, additional }
    }

    /// The object that an `allOf` of objects describes, or `None` when a member is not an
    /// object.
    fn merge_all_of<'s>(
        &mut self,
        members: &'s [ReferenceOr<Schema>],
        pointer: &str,
        depth: usize,
    ) -> Option<MergedObject<'s>>
    where
        'a: 's,
    {
        if depth > 16 {
            return None;
        }
        let mut merged = MergedObject::default();
        for (index, member) in members.iter().enumerate() {
            let member_pointer =
                pointer_child(&pointer_child(pointer, "allOf"), &index.to_string());
            let object = match member {
                ReferenceOr::Reference { reference } => {
                    match self.resolve(reference, &member_pointer)?.0 {
                        Cow::Borrowed(schema) => self.object_of(schema, &member_pointer, depth)?,
                        Cow::Owned(schema) => self
                            .object_of(&schema, &member_pointer, depth)?
                            .into_owned(),
                    }
                }
                ReferenceOr::Item(schema) => self.object_of(schema, &member_pointer, depth)?,
            };
            merged.merge(object);
        }
        Some(merged)
    }

    /// The object an `allOf` member describes, its own `allOf` merged in; `None` when it is
    /// not an object.
    fn object_of<'s>(
        &mut self,
        schema: &'s Schema,
        pointer: &str,
        depth: usize,
    ) -> Option<MergedObject<'s>>
    where
        'a: 's,
    {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => Some(MergedObject::of(
                &object.properties,
                &object.required,
                object.additional_properties.as_ref(),
            )),
            SchemaKind::Any(any) if !any.properties.is_empty() || !any.all_of.is_empty() => {
                let mut object = if any.all_of.is_empty() {
                    MergedObject::default()
                } else {
                    self.merge_all_of(&any.all_of, pointer, depth + 1)?
                };
                object.merge(MergedObject::of(
                    &any.properties,
                    &any.required,
                    any.additional_properties.as_ref(),
                ));
                Some(object)
            }
            SchemaKind::AllOf { all_of } => self.merge_all_of(all_of, pointer, depth + 1),
            _ => None,
        }
    }

    /// The `default` of a schema, directly or through references to component schemas.
    pub(super) fn schema_default(&self, schema: SchemaRef<'_>) -> Option<serde_json::Value> {
        let mut schema = schema;
        for _ in 0..32 {
            match schema {
                SchemaRef::Inline(schema) => return schema.schema_data.default.clone(),
                SchemaRef::Reference(reference) => {
                    schema = self.component_schema(reference)?.into();
                }
            }
        }
        None
    }

    /// Whether a value may be `null`: the schema says `nullable`, or lists `null` among its
    /// enum values, directly or through references.
    fn is_nullable(&self, schema: SchemaRef<'_>) -> bool {
        let mut schema = schema;
        for _ in 0..32 {
            match schema {
                SchemaRef::Inline(schema) => {
                    let enum_null = match &schema.schema_kind {
                        SchemaKind::Type(Type::String(string)) => {
                            string.enumeration.contains(&None)
                        }
                        SchemaKind::Type(Type::Integer(integer)) => {
                            integer.enumeration.contains(&None)
                        }
                        _ => false,
                    };
                    return schema.schema_data.nullable || enum_null;
                }
                SchemaRef::Reference(reference) => {
                    let Some(next) = self.component_schema(reference) else {
                        return false;
                    };
                    schema = next.into();
                }
            }
        }
        false
    }
}

/// An object schema's properties with those of its `allOf` members merged in. It borrows
/// from the document: merging copies nothing but a member resolved from outside
/// `components.schemas`.
#[derive(Default)]
struct MergedObject<'s> {
    properties: IndexMap<Cow<'s, str>, Cow<'s, ReferenceOr<Box<Schema>>>>,
    required: Vec<Cow<'s, str>>,
    additional_properties: Option<Cow<'s, AdditionalProperties>>,
}

impl<'s> MergedObject<'s> {
    /// The parts of one object schema, borrowed.
    fn of(
        properties: &'s IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &'s [String],
        additional_properties: Option<&'s AdditionalProperties>,
    ) -> Self {
        Self {
            properties: properties
                .iter()
                .map(|(name, property)| (Cow::Borrowed(name.as_str()), Cow::Borrowed(property)))
                .collect(),
            required: required
                .iter()
                .map(|name| Cow::Borrowed(name.as_str()))
                .collect(),
            additional_properties: additional_properties.map(Cow::Borrowed),
        }
    }

    /// Adds the properties of `other` this object lacks and its required names; its
    /// `additionalProperties` only when this object has none.
    fn merge(&mut self, other: MergedObject<'s>) {
        for (name, property) in other.properties {
            self.properties.entry(name).or_insert(property);
        }
        for required in other.required {
            if !self.required.contains(&required) {
                self.required.push(required);
            }
        }
        if self.additional_properties.is_none() {
            self.additional_properties = other.additional_properties;
        }
    }

    /// The same object, owning its parts.
    fn into_owned(self) -> MergedObject<'static> {
        MergedObject {
            properties: self
                .properties
                .into_iter()
                .map(|(name, property)| {
                    (
                        Cow::Owned(name.into_owned()),
                        Cow::Owned(property.into_owned()),
                    )
                })
                .collect(),
            required: self
                .required
                .into_iter()
                .map(|name| Cow::Owned(name.into_owned()))
                .collect(),
            additional_properties: self
                .additional_properties
                .map(|additional| Cow::Owned(additional.into_owned())),
        }
    }
}

/// A variant name for an alternative that is not a named type.
fn scalar_label(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::Bool => "Boolean",
        TypeRef::I32 | TypeRef::I64 => "Integer",
        TypeRef::F32 | TypeRef::F64 => "Number",
        TypeRef::String | TypeRef::Secret => "String",
        TypeRef::DateTime => "DateTime",
        TypeRef::Date => "Date",
        TypeRef::Uuid => "Uuid",
        TypeRef::Bytes => "Bytes",
        TypeRef::Array(_) => "Array",
        TypeRef::Map(_) | TypeRef::Object => "Object",
        TypeRef::Any | TypeRef::Named(_) => "Value",
    }
}

/// The types JSON Schema knows.
const KNOWN_TYPES: &[&str] = &[
    "string", "number", "integer", "boolean", "array", "object", "null",
];

/// Roughly what lowering a schema costs: the schemas written inside it, to some depth. The
/// component schemas split into two parts of equal weight, not of equal count, since a few
/// (webhook payloads, say) hold most of a large document.
pub(super) fn lowering_weight(schema: &ReferenceOr<Schema>) -> usize {
    fn members<'s>(
        schemas: impl IntoIterator<Item = &'s ReferenceOr<Schema>>,
        depth: usize,
    ) -> usize {
        schemas
            .into_iter()
            .map(|schema| weigh(schema.as_item(), depth))
            .sum()
    }
    fn boxed<'s>(
        schemas: impl IntoIterator<Item = &'s ReferenceOr<Box<Schema>>>,
        depth: usize,
    ) -> usize {
        schemas
            .into_iter()
            .map(|schema| weigh(schema.as_item().map(Box::as_ref), depth))
            .sum()
    }
    fn additional(additional: Option<&AdditionalProperties>, depth: usize) -> usize {
        match additional {
            Some(AdditionalProperties::Schema(schema)) => weigh(schema.as_item(), depth),
            _ => 0,
        }
    }
    fn weigh(schema: Option<&Schema>, depth: usize) -> usize {
        let Some(schema) = schema.filter(|_| depth < 32) else {
            return 1;
        };
        let depth = depth + 1;
        1 + match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                boxed(object.properties.values(), depth)
                    + additional(object.additional_properties.as_ref(), depth)
            }
            SchemaKind::Type(Type::Array(array)) => boxed(array.items.as_ref(), depth),
            SchemaKind::OneOf { one_of: all }
            | SchemaKind::AnyOf { any_of: all }
            | SchemaKind::AllOf { all_of: all } => members(all, depth),
            SchemaKind::Any(any) => {
                boxed(any.properties.values(), depth)
                    + boxed(any.items.as_ref(), depth)
                    + members(
                        any.all_of.iter().chain(&any.one_of).chain(&any.any_of),
                        depth,
                    )
                    + additional(any.additional_properties.as_ref(), depth)
            }
            SchemaKind::Not { not } => members([not.as_ref()], depth),
            SchemaKind::Type(_) => 0,
        }
    }
    weigh(schema.as_item(), 0)
}

/// Whether lowering `schema` can define a type named after where it appears: references and
/// scalars that are not enums never do, so their fields need no name made for it.
fn may_name_a_type(schema: SchemaRef<'_>) -> bool {
    match schema {
        SchemaRef::Reference(_) => false,
        SchemaRef::Inline(schema) => {
            is_definition(schema)
                || !matches!(
                    schema.schema_kind,
                    SchemaKind::Type(
                        Type::String(_) | Type::Integer(_) | Type::Number(_) | Type::Boolean(_)
                    )
                )
        }
    }
}

/// Whether a schema defines a struct or an enum rather than describing a plain value.
fn is_definition(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => string.enumeration.iter().any(Option::is_some),
        SchemaKind::Type(Type::Integer(integer)) => integer.enumeration.iter().any(Option::is_some),
        SchemaKind::Type(Type::Object(object)) => !object.properties.is_empty(),
        SchemaKind::Any(any) => !any.properties.is_empty() || any.all_of.len() > 1,
        SchemaKind::AllOf { all_of } => all_of.len() > 1,
        SchemaKind::OneOf { one_of } => !one_of.is_empty(),
        SchemaKind::AnyOf { any_of } => !any_of.is_empty(),
        _ => false,
    }
}

fn string_type(format: &VariantOrUnknownOrEmpty<StringFormat>, write_only: bool) -> TypeRef {
    let ty = match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
        VariantOrUnknownOrEmpty::Item(StringFormat::Password) => TypeRef::Secret,
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => TypeRef::Bytes,
        VariantOrUnknownOrEmpty::Unknown(format) if format == "uuid" => TypeRef::Uuid,
        _ => TypeRef::String,
    };
    if write_only && ty == TypeRef::String {
        TypeRef::Secret
    } else {
        ty
    }
}

fn enum_def(values: &[Option<String>]) -> Enum {
    let mut names = Scope::default();
    let mut variants: Vec<Variant> = Vec::new();
    for value in values.iter().flatten() {
        if variants.iter().any(|variant| &variant.wire_name == value) {
            continue;
        }
        variants.push(Variant {
            wire_name: value.clone(),
            rust_name: names.claim(ident::upper_camel(value)),
        });
    }
    let unknown = if names.is_free("Unknown") {
        "Unknown"
    } else {
        "UnknownValue"
    };
    Enum {
        variants,
        unknown_variant: names.claim(unknown.to_owned()),
    }
}

impl Lowering<'_> {
    /// An integer enum: a variant per value, named `V1`, `Minus1` after the value, or after
    /// the names an `x-enum-varnames` (or `x-enumNames`) extension lists in the same order.
    fn int_enum_def(&mut self, values: &[Option<i64>], schema: &Schema, pointer: &str) -> IntEnum {
        let values: Vec<i64> = values.iter().flatten().copied().collect();
        let extensions = &schema.schema_data.extensions;
        let mut given = None;
        for key in ["x-enum-varnames", "x-enumNames"] {
            let Some(listed) = extensions.get(key) else {
                continue;
            };
            let names: Option<Vec<&str>> = listed
                .as_array()
                .and_then(|names| names.iter().map(serde_json::Value::as_str).collect());
            match names {
                Some(names) if names.len() == values.len() => {
                    given = Some(names);
                    break;
                }
                _ => self.warn(
                    &pointer_child(pointer, key),
                    format!(
                        "`{key}` is not a list of {} names, one per enum value; variants are \
                         named after the values",
                        values.len()
                    ),
                    "list one string per value of `enum`, in the same order",
                ),
            }
        }
        let mut names = Scope::default();
        let mut variants: Vec<IntVariant> = Vec::new();
        for (index, &value) in values.iter().enumerate() {
            if variants.iter().any(|variant| variant.value == value) {
                continue;
            }
            let name = match given.as_ref().and_then(|names| names.get(index)) {
                Some(name) => ident::upper_camel(name),
                None => ident::upper_camel(&value.to_string()),
            };
            variants.push(IntVariant {
                value,
                rust_name: names.claim(name),
            });
        }
        let unknown = if names.is_free("Unknown") {
            "Unknown"
        } else {
            "UnknownValue"
        };
        IntEnum {
            variants,
            unknown_variant: names.claim(unknown.to_owned()),
        }
    }
}

pub(super) fn schema_docs(schema: &Schema) -> Docs {
    let data = &schema.schema_data;
    Docs {
        summary: None,
        description: data.description.clone().or_else(|| data.title.clone()),
    }
}

/// A type name for the target of a reference into the middle of a schema, such as
/// `#/components/schemas/apiCredential/properties/data/properties/attributes`: the schema's
/// name and the property names, `ApiCredentialDataAttributes`.
fn name_from_pointer(pointer: &str) -> String {
    pointer
        .trim_start_matches('#')
        .split('/')
        .filter(|token| {
            !matches!(
                *token,
                "" | "components"
                    | "schemas"
                    | "properties"
                    | "items"
                    | "allOf"
                    | "oneOf"
                    | "anyOf"
            ) && !token.chars().all(|c| c.is_ascii_digit())
        })
        .map(|token| ident::upper_camel(&token.replace("~1", "/").replace("~0", "~")))
        .collect()
}
