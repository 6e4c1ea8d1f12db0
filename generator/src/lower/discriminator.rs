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

use std::collections::HashSet;

use openapiv3::{Discriminator, ReferenceOr, Schema};

use super::ident::Scope;
use super::{Lowering, percent_decode, unescape_token};
use crate::diagnostics::pointer_child;
use crate::model::{TaggedUnion, TaggedVariant, TypeKind, TypeRef, UnionVariant};

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
            let reference = if target.contains('/') || target.starts_with('#') {
                target.clone()
            } else {
                pointer_child("#/components/schemas", target)
            };
            let named = self
                .by_reference
                .get(&reference)
                .map(|&id| TypeRef::Named(id));
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
            let Some(TypeKind::TaggedUnion(union)) = self.types.get(id.0).map(|def| &def.kind)
            else {
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
            if let Some(def) = self.types.get_mut(id.0) {
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
            match self.types.get(id.0).map(|def| &def.kind) {
                Some(TypeKind::Struct(_)) => return true,
                Some(TypeKind::Alias(next)) => ty = next,
                _ => return false,
            }
        }
        false
    }
}
