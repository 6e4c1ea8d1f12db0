//! Lowering of a `oneOf` or `anyOf` with a `discriminator` into a tagged union, and the check,
//! once every type is defined, that each alternative is an object that can carry the tag.
//!
//! Why the alternatives' structs are left alone: serde's internal tagging
//! (`#[serde(tag = "...")]`) takes the tag out of the value before the alternative sees it, so
//! a struct that declares the tag property as required (as most do) would fail to decode, and
//! one that declares it at all would write it twice. Dropping the property from the struct is
//! no cure either, because the same struct is often used on its own, where the property must
//! stay. So the emitted union reads the tag without consuming it: it decodes the value as JSON,
//! looks at the tag and decodes the whole value, tag included, into the alternative it names.
//! Encoding writes the alternative's tag into the encoded struct. A tag no alternative claims
//! (or no tag) decodes into an `Unknown` variant that keeps the JSON, so an alternative added
//! to the API later does not fail a whole response.
//!
//! A discriminator on a base object schema that subtypes extend with `allOf`
//! (`Cat: allOf: [{$ref: Pet}, {...}]`) makes the base a tagged union over its subtypes and
//! its mapping's targets wherever the base is used. The subtypes merge the base's
//! *properties*, read from its schema, never the union, so no cycle arises; the base's own
//! struct survives as `{Base}Base` only when the mapping names the base itself.

use std::collections::{HashMap, HashSet};

use openapiv3::{Discriminator, ReferenceOr, Schema, SchemaKind};

use super::ident::Scope;
use super::{Lowering, percent_decode, unescape_token};
use crate::diagnostics::pointer_child;
use crate::model::{Docs, TaggedUnion, TaggedVariant, TypeId, TypeKind, TypeRef, UnionVariant};

/// The subtypes of a base schema with a discriminator: each as its type and the reference
/// that names it, in the order of `components/schemas`, then the mapping's other targets.
pub(super) type Subtypes = Vec<(TypeId, String)>;

impl Lowering<'_> {
    /// The tagged union a discriminator describes, given the union's untagged `variants` (one
    /// per alternative, named in `names`). `None`, with a warning, when an alternative cannot
    /// be told apart by its tag: the union then stays untagged. `pointer` is the union
    /// schema's; `keyword` is `oneOf` or `anyOf`.
    pub(super) fn tagged_union(
        &mut self,
        discriminator: &Discriminator,
        alternatives: &[ReferenceOr<Schema>],
        variants: &[UnionVariant],
        names: &mut Scope,
        keyword: &str,
        pointer: &str,
    ) -> Option<TaggedUnion> {
        let list = pointer_child(pointer, keyword);
        // The alternatives, each once, with the reference that names them.
        let mut referenced: Vec<(&str, &UnionVariant)> = Vec::new();
        for (index, (alternative, variant)) in alternatives.iter().zip(variants).enumerate() {
            let ReferenceOr::Reference { reference } = alternative else {
                self.warn(
                    &pointer_child(&list, &index.to_string()),
                    format!(
                        "a `{keyword}` with a `discriminator` lists an alternative that is not a \
                         `$ref`; the union is untagged"
                    ),
                    "move the alternative into `components/schemas` and reference it: the \
                     discriminator names alternatives by their schema name",
                );
                return None;
            };
            if !matches!(variant.ty, TypeRef::Named(_)) {
                // The reference could not be followed, which is reported already.
                return None;
            }
            if referenced.iter().all(|(_, seen)| seen.ty != variant.ty) {
                referenced.push((reference.as_str(), variant));
            }
        }

        // Explicit tag values, from the mapping (value → reference or schema name).
        let mapping = pointer_child(&pointer_child(pointer, "discriminator"), "mapping");
        let mut tags: Vec<Vec<String>> = vec![Vec::new(); referenced.len()];
        for (value, target) in &discriminator.mapping {
            let reference = mapping_reference(target);
            let named = self.named(&reference).map(TypeRef::Named);
            match referenced
                .iter()
                .position(|(_, variant)| Some(&variant.ty) == named.as_ref())
            {
                Some(index) => tags[index].push(value.clone()),
                None => self.warn(
                    &pointer_child(&mapping, value),
                    format!(
                        "discriminator value `{value}` maps to `{target}`, which is not an \
                         alternative of the `{keyword}`; the value decodes as unknown"
                    ),
                    &format!("list `{target}` in the `{keyword}`, or remove the mapping entry"),
                ),
            }
        }

        // Implicit tag values: the referenced schema's name, for alternatives the mapping does
        // not name. A value claimed by an earlier alternative stays with it.
        let mut claimed = HashSet::new();
        let mut tagged = Vec::with_capacity(referenced.len());
        for ((reference, variant), mut own) in referenced.into_iter().zip(tags) {
            if own.is_empty() {
                let last = reference.rsplit('/').next().unwrap_or(reference);
                own.push(unescape_token(&percent_decode(last)));
            }
            own.retain(|tag| claimed.insert(tag.clone()));
            if own.is_empty() {
                self.warn(
                    &pointer_child(pointer, "discriminator"),
                    format!(
                        "alternative `{reference}` has no discriminator value of its own, its \
                         name being mapped to another alternative; the union is untagged"
                    ),
                    "give the alternative its own value in `mapping`",
                );
                return None;
            }
            tagged.push(TaggedVariant {
                rust_name: variant.rust_name.clone(),
                tags: own,
                ty: variant.ty.clone(),
                boxed: false,
            });
        }

        let unknown = if names.is_free("Unknown") {
            "Unknown"
        } else {
            "UnknownValue"
        };
        Some(TaggedUnion {
            tag: discriminator.property_name.clone(),
            variants: tagged,
            unknown_variant: names.claim(unknown.to_owned()),
        })
    }

    /// Turns every tagged union with an alternative that is not an object back into an
    /// untagged union, with a warning at its discriminator: only an object can carry the tag.
    /// Runs once every type is defined.
    pub(super) fn check_tagged_unions(&mut self) {
        for (id, pointer) in std::mem::take(&mut self.tagged_unions) {
            let Some(TypeKind::TaggedUnion(union)) = self.type_kind(id) else {
                continue;
            };
            let Some(not_object) = union
                .variants
                .iter()
                .find(|variant| !self.is_struct(&variant.ty))
            else {
                continue;
            };
            let alternative = match &not_object.ty {
                TypeRef::Named(target) => self.type_name(*target).to_owned(),
                _ => not_object.rust_name.clone(),
            };
            let variants = union
                .variants
                .iter()
                .map(|variant| UnionVariant {
                    rust_name: variant.rust_name.clone(),
                    ty: variant.ty.clone(),
                    boxed: false,
                })
                .collect();
            self.warn(
                &pointer,
                format!(
                    "alternative `{alternative}` of a union with a `discriminator` is not an \
                     object, so it cannot carry the tag; the union is untagged"
                ),
                "point every alternative and every mapping entry at an object schema",
            );
            if let Some(def) = self.types.get_mut(id) {
                def.kind = TypeKind::Union(variants);
            }
        }
    }

    /// Whether `ty` is a struct, directly or through aliases.
    fn is_struct(&self, ty: &TypeRef) -> bool {
        let mut ty = ty;
        for _ in 0..32 {
            let TypeRef::Named(id) = ty else {
                return false;
            };
            match self.type_kind(*id) {
                Some(TypeKind::Struct(_)) => return true,
                Some(TypeKind::Alias(next)) => ty = next,
                _ => return false,
            }
        }
        false
    }
}

impl Lowering<'_> {
    /// Finds the component schemas that are bases of a hierarchy: a discriminator beside
    /// properties (not on a `oneOf` or `anyOf`), and subtypes that list the base in their
    /// `allOf` or that the mapping names. Runs after every component is registered and before
    /// any is lowered, so that each base becomes a union however it is first reached.
    pub(super) fn find_subtypes(&mut self) {
        let Some(components) = &self.spec.document.components else {
            return;
        };
        let component_id = |lowering: &Self, name: &str| {
            lowering.named(&pointer_child("#/components/schemas", name))
        };
        let mut bases: Vec<(TypeId, &Discriminator)> = Vec::new();
        for (name, schema) in &components.schemas {
            if let ReferenceOr::Item(schema) = schema
                && let Some(discriminator) = &schema.schema_data.discriminator
                && !matches!(
                    schema.schema_kind,
                    SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. }
                )
                && let Some(id) = component_id(self, name)
            {
                bases.push((id, discriminator));
            }
        }
        if bases.is_empty() {
            return;
        }
        let mut found: HashMap<TypeId, Subtypes> = HashMap::new();
        for (name, schema) in &components.schemas {
            let ReferenceOr::Item(schema) = schema else {
                continue;
            };
            let members = match &schema.schema_kind {
                SchemaKind::AllOf { all_of } => all_of,
                SchemaKind::Any(any) => &any.all_of,
                _ => continue,
            };
            let Some(id) = component_id(self, name) else {
                continue;
            };
            for member in members {
                let ReferenceOr::Reference { reference } = member else {
                    continue;
                };
                let Some(base) = self.named(reference) else {
                    continue;
                };
                if base != id && bases.iter().any(|(candidate, _)| *candidate == base) {
                    let subtypes = found.entry(base).or_default();
                    if subtypes.iter().all(|(seen, _)| *seen != id) {
                        subtypes.push((id, pointer_child("#/components/schemas", name)));
                    }
                    self.extends_base.insert(id);
                }
            }
        }
        for (base, discriminator) in bases {
            for target in discriminator.mapping.values() {
                let reference = mapping_reference(target);
                // A schema that is only a `$ref` is an alias, possibly of the base itself,
                // which as a variant would hold the union inside itself; it is left out, and
                // so is its mapping entry, with a warning.
                let alias = self
                    .component_schema(&reference)
                    .is_some_and(|schema| matches!(schema, ReferenceOr::Reference { .. }));
                if let Some(id) = self.named(&reference)
                    && id != base
                    && !alias
                {
                    let subtypes = found.entry(base).or_default();
                    if subtypes.iter().all(|(seen, _)| *seen != id) {
                        subtypes.push((id, reference));
                    }
                }
            }
        }
        // A base without subtypes stays a struct, its discriminator ignored with a warning.
        found.retain(|_, subtypes| !subtypes.is_empty());
        self.subtypes = found;
    }

    /// The tagged union a base schema `id` with subtypes becomes, or `None` (with warnings)
    /// when its discriminator cannot tell them apart. `base_kind` is the struct of the base's
    /// own properties: a variant of its own when the mapping names the base.
    pub(super) fn base_union(
        &mut self,
        id: TypeId,
        discriminator: &Discriminator,
        base_kind: &TypeKind,
        docs: &Docs,
        deprecated: bool,
        pointer: &str,
    ) -> Option<TypeKind> {
        let subtypes = self.subtypes.get(&id)?.clone();
        let base_reference = self.first_reference_to(id).unwrap_or_default();
        let mapping_pointer = pointer_child(&pointer_child(pointer, "discriminator"), "mapping");
        // Mapping entries whose target names no schema are left out here, so that the tagged
        // union sees only entries for its alternatives.
        let mut filtered = discriminator.clone();
        let mut names_base = false;
        for (value, target) in &discriminator.mapping {
            match self.named(&mapping_reference(target)) {
                Some(target_id) if target_id == id => names_base = true,
                Some(target_id) if subtypes.iter().any(|(subtype, _)| *subtype == target_id) => {}
                Some(_) => {
                    self.warn(
                        &pointer_child(&mapping_pointer, value),
                        format!(
                            "discriminator value `{value}` maps to `{target}`, which is only a \
                             reference to another schema; the value decodes as unknown"
                        ),
                        "map the value to the schema the reference names",
                    );
                    filtered.mapping.shift_remove(value);
                }
                None => {
                    self.warn(
                        &pointer_child(&mapping_pointer, value),
                        format!(
                            "discriminator value `{value}` maps to `{target}`, which names no \
                             schema; the value decodes as unknown"
                        ),
                        "map the value to a schema of `components/schemas`",
                    );
                    filtered.mapping.shift_remove(value);
                }
            }
        }

        let mut names = Scope::default();
        let mut alternatives = Vec::new();
        let mut variants = Vec::new();
        // The base itself, by its own reference, so that the mapping's entries for it find
        // it; the variant carries the base's struct once the union is made.
        let own_name = format!("{}Base", self.type_name(id));
        if names_base {
            alternatives.push(ReferenceOr::Reference {
                reference: base_reference,
            });
            variants.push(UnionVariant {
                rust_name: names.claim(own_name.clone()),
                ty: TypeRef::Named(id),
                boxed: false,
            });
        }
        for (subtype, reference) in subtypes {
            alternatives.push(ReferenceOr::Reference { reference });
            variants.push(UnionVariant {
                rust_name: names.claim(self.type_name(subtype).to_owned()),
                ty: TypeRef::Named(subtype),
                boxed: false,
            });
        }
        let mut union = self.tagged_union(
            &filtered,
            &alternatives,
            &variants,
            &mut names,
            "allOf",
            pointer,
        )?;
        if names_base {
            let own = self.reserve_type(&own_name);
            let base_name = self.type_name(id).to_owned();
            let own_docs = Docs {
                summary: Some(format!(
                    "The properties of `{base_name}` itself, for a value whose `{}` the \
                     mapping gives to the base schema.",
                    discriminator.property_name.replace('`', "'")
                )),
                description: docs.description.clone(),
            };
            self.define_type(own, own_docs, deprecated, base_kind.clone());
            for variant in &mut union.variants {
                if variant.ty == TypeRef::Named(id) {
                    variant.ty = TypeRef::Named(own);
                }
            }
        }
        self.tagged_unions
            .push((id, pointer_child(pointer, "discriminator")));
        Some(TypeKind::TaggedUnion(union))
    }
}

/// A mapping target as a reference: a reference as written, or a schema name.
fn mapping_reference(target: &str) -> String {
    if target.contains('/') || target.starts_with('#') {
        target.to_owned()
    } else {
        pointer_child("#/components/schemas", target)
    }
}
