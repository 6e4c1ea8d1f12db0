//! Types that are the same shape share one definition.
//!
//! Large specs repeat one inline schema in many places: GitHub's description has 3,372 string
//! enums with only 487 distinct value sets, and as many copies of the same user object. Every
//! copy would cost each user compile time for impls identical to another's, so all but one
//! member of each group of identical types become aliases of that one. Every name still exists
//! and keeps its own documentation; only the definitions are shared.

use std::collections::hash_map::Entry;

use foldhash::HashMap;

use crate::model::{TypeDef, TypeId, TypeKind, TypeRef};

/// Turns each type whose shape equals another's into an alias of that other, the one with the
/// shortest name (then the first in name order), so the shared definition carries the most
/// general name. Shapes compare after earlier merges, so that two structs whose fields differ
/// only in which of two identical enums they name are merged too; this repeats until nothing
/// changes. The shared definition implements every serde direction any member needed.
pub(super) fn share_identical_types(types: &mut [TypeDef]) {
    let mut representative: Vec<usize> = (0..types.len()).collect();
    let mut order: Vec<usize> = (0..types.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&types[a].name, &types[b].name);
        a.len().cmp(&b.len()).then_with(|| a.cmp(b))
    });
    loop {
        let mut merged = false;
        // Shapes are large (field docs included): a fast hash matters.
        let mut shapes: HashMap<TypeKind, usize> =
            HashMap::with_capacity_and_hasher(types.len(), Default::default());
        for &index in &order {
            if representative[index] != index {
                continue;
            }
            let Some(shape) = shape(&types[index].kind, &representative) else {
                continue;
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
            break;
        }
    }
    for index in 0..types.len() {
        let shared = find(&representative, index);
        if shared == index {
            continue;
        }
        let serde = types[index].serde;
        let target = &mut types[shared].serde;
        target.serialize |= serde.serialize;
        target.deserialize |= serde.deserialize;
        types[index].kind = TypeKind::Alias(TypeRef::Named(TypeId(shared)));
    }
}

/// The type a merged type now shares its definition with, following merges of merges.
fn find(representative: &[usize], mut index: usize) -> usize {
    while representative[index] != index {
        index = representative[index];
    }
    index
}

/// What makes two definitions interchangeable: the kind, every named type in it replaced by the
/// definition it shares. Field documentation is part of it, so that a shared struct documents
/// each place it stands for truly; leaving it out would share 6% more of GitHub's structs.
/// Aliases and newtypes are names for other types already and take no part.
fn shape(kind: &TypeKind, representative: &[usize]) -> Option<TypeKind> {
    let mut shape = kind.clone();
    match &mut shape {
        TypeKind::Alias(_) | TypeKind::Newtype(_) => return None,
        TypeKind::Struct(object) => {
            for field in &mut object.fields {
                share_ref(&mut field.ty, representative);
            }
            if let Some(extra) = &mut object.additional {
                share_ref(&mut extra.value, representative);
            }
        }
        TypeKind::Union(variants) => {
            for variant in variants {
                share_ref(&mut variant.ty, representative);
            }
        }
        TypeKind::TaggedUnion(union) => {
            for variant in &mut union.variants {
                share_ref(&mut variant.ty, representative);
            }
        }
        TypeKind::Enum(_) | TypeKind::IntEnum(_) => {}
    }
    Some(shape)
}

fn share_ref(ty: &mut TypeRef, representative: &[usize]) {
    match ty {
        TypeRef::Array(inner) | TypeRef::Map(inner) => share_ref(inner, representative),
        TypeRef::Named(id) => {
            if let Some(index) = representative.get(id.0) {
                *id = TypeId(find(representative, *index));
            }
        }
        _ => {}
    }
}
