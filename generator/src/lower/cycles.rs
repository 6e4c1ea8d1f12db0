//! Analyses of recursive types: which struct fields must be boxed so that every type has a
//! size, and which aliases must become newtypes because Rust aliases cannot recurse.
//!
//! A field needs a `Box` when its type leads back to the struct that holds it without passing
//! through a `Vec` or a map, which already put their items on the heap. An alias such as
//! `Tree = Vec<Tree>` names itself; a newtype `struct Tree(Vec<Tree>)` may.

use crate::model::{TypeDef, TypeId, TypeKind, TypeRef};

/// Sets [`Field::boxed`](crate::model::Field::boxed) on every field that closes a cycle.
pub fn box_cycles(types: &mut [TypeDef]) {
    let mut to_box = Vec::new();
    for (owner, def) in types.iter().enumerate() {
        if let TypeKind::Struct(object) = &def.kind {
            for (index, field) in object.fields.iter().enumerate() {
                if inline_reaches(types, &field.ty, TypeId(owner), &mut Vec::new()) {
                    to_box.push((owner, index));
                }
            }
        }
    }
    for (owner, index) in to_box {
        if let TypeKind::Struct(object) = &mut types[owner].kind {
            object.fields[index].boxed = true;
        }
    }
}

/// Turns every alias that leads back to itself through other aliases (and arrays or maps) into
/// a newtype. Run after pure alias chains (`A = B`, `B = A`) have been broken.
pub fn newtype_recursive_aliases(types: &mut [TypeDef]) {
    let recursive: Vec<usize> = (0..types.len())
        .filter(|&index| match &types[index].kind {
            TypeKind::Alias(target) => alias_reaches(types, target, TypeId(index), &mut Vec::new()),
            _ => false,
        })
        .collect();
    for index in recursive {
        if let TypeKind::Alias(target) = &types[index].kind {
            types[index].kind = TypeKind::Newtype(target.clone());
        }
    }
}

/// Whether `ty` names `target` through aliases only; structs, enums and newtypes are nominal
/// and end the search.
fn alias_reaches(types: &[TypeDef], ty: &TypeRef, target: TypeId, seen: &mut Vec<TypeId>) -> bool {
    match ty {
        TypeRef::Array(items) | TypeRef::Map(items) => alias_reaches(types, items, target, seen),
        TypeRef::Named(id) if *id == target => true,
        TypeRef::Named(id) if !seen.contains(id) => {
            seen.push(*id);
            match types.get(id.0).map(|def| &def.kind) {
                Some(TypeKind::Alias(aliased)) => alias_reaches(types, aliased, target, seen),
                _ => false,
            }
        }
        _ => false,
    }
}

/// Whether a value of type `ty` contains a `target` inline, not behind a heap pointer.
fn inline_reaches(types: &[TypeDef], ty: &TypeRef, target: TypeId, seen: &mut Vec<TypeId>) -> bool {
    let TypeRef::Named(id) = ty else {
        return false;
    };
    if *id == target {
        return true;
    }
    if seen.contains(id) {
        return false;
    }
    seen.push(*id);
    match types.get(id.0).map(|def| &def.kind) {
        Some(TypeKind::Struct(object)) => object
            .fields
            .iter()
            // A field already boxed elsewhere still counts: boxing is decided per field, and
            // boxing one more field than needed only costs an allocation.
            .any(|field| inline_reaches(types, &field.ty, target, seen)),
        Some(TypeKind::Alias(aliased) | TypeKind::Newtype(aliased)) => {
            inline_reaches(types, aliased, target, seen)
        }
        Some(TypeKind::Enum(_)) | None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Docs, Field, Presence, Struct};

    fn field(name: &str, ty: TypeRef) -> Field {
        Field {
            wire_name: name.into(),
            rust_name: name.into(),
            docs: Docs::default(),
            ty,
            presence: Presence::Optional,
            boxed: false,
            deprecated: false,
        }
    }

    fn object(name: &str, fields: Vec<Field>) -> TypeDef {
        TypeDef {
            name: name.into(),
            docs: Docs::default(),
            deprecated: false,
            kind: TypeKind::Struct(Struct {
                fields,
                additional: None,
            }),
        }
    }

    fn boxed(def: &TypeDef) -> Vec<bool> {
        match &def.kind {
            TypeKind::Struct(object) => object.fields.iter().map(|f| f.boxed).collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn aliases_that_recurse_through_lists_become_newtypes() {
        let alias = |name: &str, target: TypeRef| TypeDef {
            name: name.into(),
            docs: Docs::default(),
            deprecated: false,
            kind: TypeKind::Alias(target),
        };
        let mut types = vec![
            // Tree = Vec<Tree>
            alias("Tree", TypeRef::Array(Box::new(TypeRef::Named(TypeId(0))))),
            // Forest = Map<Grove>, Grove = Vec<Forest>
            alias("Forest", TypeRef::Map(Box::new(TypeRef::Named(TypeId(2))))),
            alias("Grove", TypeRef::Array(Box::new(TypeRef::Named(TypeId(1))))),
            // Names = Vec<String> does not recurse.
            alias("Names", TypeRef::Array(Box::new(TypeRef::String))),
        ];
        newtype_recursive_aliases(&mut types);
        let newtype = |def: &TypeDef| matches!(def.kind, TypeKind::Newtype(_));
        assert_eq!(
            types.iter().map(newtype).collect::<Vec<_>>(),
            [true, true, true, false]
        );
    }

    #[test]
    fn direct_and_mutual_recursion_is_boxed_but_lists_are_not() {
        let mut types = vec![
            // Node { parent: Node, children: Vec<Node>, peer: Peer }
            object(
                "Node",
                vec![
                    field("parent", TypeRef::Named(TypeId(0))),
                    field(
                        "children",
                        TypeRef::Array(Box::new(TypeRef::Named(TypeId(0)))),
                    ),
                    field("peer", TypeRef::Named(TypeId(1))),
                ],
            ),
            // Peer { node: Node, name: String }
            object(
                "Peer",
                vec![
                    field("node", TypeRef::Named(TypeId(0))),
                    field("name", TypeRef::String),
                ],
            ),
            // Leaf { peer: Peer } is outside the cycle.
            object("Leaf", vec![field("peer", TypeRef::Named(TypeId(1)))]),
        ];
        box_cycles(&mut types);
        assert_eq!(boxed(&types[0]), [true, false, true]);
        assert_eq!(boxed(&types[1]), [true, false]);
        assert_eq!(boxed(&types[2]), [false]);
    }
}
