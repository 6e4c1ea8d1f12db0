//! Types that are the same shape share one definition.
//!
//! Large specs repeat one inline schema in many places: GitHub's description has 3,372 string
//! enums with only 487 distinct value sets, and as many copies of the same user object. Every
//! copy would cost each user compile time for impls identical to another's, so all but one
//! member of each group of identical types become aliases of that one. Every name still exists
//! and keeps its own documentation; only the definitions are shared.

use std::collections::hash_map::Entry;
use std::hash::{BuildHasher, Hash, Hasher};

use foldhash::HashMap;

use crate::model::{TypeDef, TypeId, TypeKind, TypeRef};

/// Turns each type whose shape equals another's into an alias of that other, the one with the
/// shortest name (then the first in name order), so the shared definition carries the most
/// general name. Shapes compare after earlier merges, so that two structs whose fields differ
/// only in which of two identical enums they name are merged too; this repeats until nothing
/// changes. The shared definition implements every serde direction any member needed.
pub(super) fn share_identical_types(types: &mut [TypeDef]) {
    // A shape is its kind with every named type replaced by the definition that type shares.
    // Rather than building that for every type in every round, the names are taken out of the
    // kinds for the duration: what is left is hashed once, and each round compares only the
    // names, through the merges made so far. Two shapes are equal exactly when what is left is
    // and the names are.
    let names: Vec<Vec<TypeId>> = types
        .iter_mut()
        .map(|def| {
            let mut names = Vec::new();
            visit_names(&mut def.kind, &mut |id| {
                names.push(std::mem::replace(id, TypeId(0)))
            });
            names
        })
        .collect();
    let merged_into = merge_identical(types, &names);
    for (def, names) in types.iter_mut().zip(names) {
        let mut names = names.into_iter();
        visit_names(&mut def.kind, &mut |id| {
            if let Some(name) = names.next() {
                *id = name;
            }
        });
    }
    let mut replaced = Vec::new();
    for index in 0..types.len() {
        let shared = find(&merged_into, index);
        if shared == index {
            continue;
        }
        let serde = types[index].serde;
        let target = &mut types[shared].serde;
        target.serialize |= serde.serialize;
        target.deserialize |= serde.deserialize;
        let alias = TypeKind::Alias(TypeRef::Named(TypeId(shared)));
        replaced.push(std::mem::replace(&mut types[index].kind, alias));
    }
    if !replaced.is_empty() {
        crate::free_aside(replaced);
    }
}

/// From this many types on, half of the kinds are hashed on a second thread.
const HASHED_BESIDE: usize = 2048;

/// For each type, the type it was merged into, itself if none; `names` holds the named types
/// taken out of each kind, in the order [`visit_names`] visits them.
fn merge_identical(types: &[TypeDef], names: &[Vec<TypeId>]) -> Vec<usize> {
    let hasher = foldhash::fast::FixedState::default();
    // Shapes are large (field docs included): each kind is hashed once, in a fast hash, and
    // for many types half of them on a second thread.
    let hash_kinds = |types: &[TypeDef]| -> Vec<u64> {
        types.iter().map(|def| hasher.hash_one(&def.kind)).collect()
    };
    let kind_hashes = if types.len() >= HASHED_BESIDE {
        let (front, back) = types.split_at(types.len() / 2);
        let (mut front, back) = crate::here_and_beside(|| hash_kinds(front), || hash_kinds(back));
        front.extend(back);
        front
    } else {
        hash_kinds(types)
    };
    let mut representative: Vec<usize> = (0..types.len()).collect();
    let mut order: Vec<usize> = (0..types.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&types[a].name, &types[b].name);
        a.len().cmp(&b.len()).then_with(|| a.cmp(b))
    });
    loop {
        let mut merged = false;
        let mut shapes: HashMap<Shape<'_>, usize> =
            HashMap::with_capacity_and_hasher(types.len(), Default::default());
        for &index in &order {
            if representative[index] != index || !has_shape(&types[index].kind) {
                continue;
            }
            // Merges made earlier in this very round count, as they did when shapes were
            // built whole.
            let shared: Vec<usize> = names[index]
                .iter()
                .map(|id| {
                    representative
                        .get(id.0)
                        .map_or(id.0, |&next| find(&representative, next))
                })
                .collect();
            let mut hash = hasher.build_hasher();
            kind_hashes[index].hash(&mut hash);
            shared.hash(&mut hash);
            let shape = Shape {
                hash: hash.finish(),
                kind: &types[index].kind,
                shared,
            };
            match shapes.entry(shape) {
                Entry::Occupied(first) => {
                    representative[index] = *first.get();
                    merged = true;
                }
                Entry::Vacant(slot) => {
                    slot.insert(index);
                }
            }
        }
        if !merged {
            return representative;
        }
        // A kind that names no type has the same shape in every round: it met every equal one
        // in the first, and no kind that names a type can equal it.
        order.retain(|&index| representative[index] == index && !names[index].is_empty());
    }
}

/// What makes two definitions interchangeable: the kind with its named types taken out, and
/// those named types, each replaced by the definition it shares. Field documentation is part
/// of it, so that a shared struct documents each place it stands for truly; leaving it out
/// would share 6% more of GitHub's structs.
struct Shape<'a> {
    /// The hash of the other two: the kind's part of it computed once, the names' each round.
    hash: u64,
    kind: &'a TypeKind,
    shared: Vec<usize>,
}

impl PartialEq for Shape<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && self.shared == other.shared && self.kind == other.kind
    }
}

impl Eq for Shape<'_> {}

impl Hash for Shape<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// Aliases and newtypes are names for other types already and take no part.
fn has_shape(kind: &TypeKind) -> bool {
    !matches!(kind, TypeKind::Alias(_) | TypeKind::Newtype(_))
}

/// The type a merged type now shares its definition with, following merges of merges.
fn find(representative: &[usize], mut index: usize) -> usize {
    while representative[index] != index {
        index = representative[index];
    }
    index
}

/// Calls `visit` on every named type a kind with a shape uses, in a fixed order.
fn visit_names(kind: &mut TypeKind, visit: &mut impl FnMut(&mut TypeId)) {
    if has_shape(kind) {
        kind.for_each_named_mut(visit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Docs, Enum, SerdeUse, Variant};

    fn string_enum(name: &str, values: &[&str]) -> TypeDef {
        let variants = values
            .iter()
            .map(|value| Variant {
                wire_name: (*value).to_owned(),
                rust_name: value.to_uppercase(),
            })
            .collect();
        TypeDef {
            name: name.to_owned(),
            docs: Docs::default(),
            deprecated: false,
            kind: TypeKind::Enum(Enum {
                variants,
                unknown_variant: "Unknown".to_owned(),
            }),
            serde: SerdeUse::default(),
        }
    }

    fn alias_of(def: &TypeDef) -> Option<usize> {
        match def.kind {
            TypeKind::Alias(TypeRef::Named(TypeId(target))) => Some(target),
            _ => None,
        }
    }

    #[test]
    fn identical_enums_share_the_definition_with_the_shortest_name() {
        let mut types = vec![
            string_enum("PetStatus", &["a", "b"]),
            string_enum("Status", &["a", "b"]),
            string_enum("Other", &["c"]),
        ];
        share_identical_types(&mut types);
        assert_eq!(alias_of(&types[0]), Some(1));
        assert_eq!(alias_of(&types[1]), None);
        assert_eq!(alias_of(&types[2]), None);
    }

    /// Enough types that half of the kinds are hashed on a second thread: copies on either
    /// side of the halves still find each other.
    #[test]
    fn copies_across_the_halves_hashed_beside_are_shared() {
        let distinct = HASHED_BESIDE;
        let value = |index: usize| format!("v{index}");
        // The copies one place along, and with longer names, so that the first of each pair
        // is kept: a copy never sits exactly one half after its original.
        let along = |index: usize| (index + 1) % distinct;
        let originals =
            (0..distinct).map(|index| string_enum(&format!("E{index}"), &[&value(index)]));
        let copies = (0..distinct)
            .map(|index| string_enum(&format!("Copy{index}"), &[&value(along(index))]));
        let mut types: Vec<TypeDef> = originals.chain(copies).collect();
        share_identical_types(&mut types);
        for index in 0..distinct {
            assert_eq!(alias_of(&types[index]), None, "{index}");
            assert_eq!(
                alias_of(&types[distinct + index]),
                Some(along(index)),
                "{index}"
            );
        }
    }

    /// A struct with one field `value` of type `ty`.
    fn holder(name: &str, ty: TypeRef) -> TypeDef {
        TypeDef {
            name: name.to_owned(),
            docs: Docs::default(),
            deprecated: false,
            kind: TypeKind::Struct(crate::model::Struct {
                fields: vec![crate::model::Field {
                    wire_name: "value".to_owned(),
                    rust_name: "value".to_owned(),
                    docs: Docs::default(),
                    ty,
                    presence: crate::model::Presence::Required,
                    boxed: false,
                    deprecated: false,
                    read_only: false,
                    write_only: false,
                    default: None,
                }],
                additional: None,
            }),
            serde: SerdeUse::default(),
        }
    }

    /// Structs that differ only in which of two identical enums they hold are shared once the
    /// enums are, a round later; and those that hold them are shared a round after that.
    #[test]
    fn types_naming_shared_types_are_shared_in_later_rounds() {
        let mut types = vec![
            string_enum("Colour", &["red"]),
            string_enum("Tint", &["red"]),
            holder("A", TypeRef::Named(TypeId(0))),
            holder("B", TypeRef::Named(TypeId(1))),
            holder("Outer", TypeRef::Array(Box::new(TypeRef::Named(TypeId(2))))),
            holder(
                "Wrapper",
                TypeRef::Array(Box::new(TypeRef::Named(TypeId(3)))),
            ),
            holder("Unlike", TypeRef::Named(TypeId(4))),
        ];
        share_identical_types(&mut types);
        let aliases: Vec<Option<usize>> = types.iter().map(alias_of).collect();
        assert_eq!(
            aliases,
            [Some(1), None, None, Some(2), None, Some(4), None],
            "Tint, A and Outer are kept for their shorter names"
        );
    }
}
