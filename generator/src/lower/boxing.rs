//! Analysis: which struct fields must be boxed so that recursive types have a size.
//!
//! A field needs a `Box` when its type leads back to the struct that holds it without passing
//! through a `Vec` or a map, which already put their items on the heap.

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
        Some(TypeKind::Alias(aliased)) => inline_reaches(types, aliased, target, seen),
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
