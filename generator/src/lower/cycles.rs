//! Analyses of recursive types: which struct fields must be boxed so that every type has a
//! size, and which aliases must become newtypes because Rust aliases cannot recurse.
//!
//! A field needs a `Box` when its type leads back to the struct that holds it without passing
//! through a `Vec` or a map, which already put their items on the heap. An alias such as
//! `Tree = Vec<Tree>` names itself; a newtype `struct Tree(Vec<Tree>)` may.

use crate::model::{TypeDef, TypeKind, TypeRef};

/// Sets [`Field::boxed`](crate::model::Field::boxed) on every field whose type holds its owner
/// inline: exactly the fields whose target is in the owner's strongly connected component of
/// the "holds inline" graph.
pub fn box_cycles(types: &mut [TypeDef]) {
    let component = components(types.len(), |index| inline_targets(&types[index].kind));
    for (owner, def) in types.iter_mut().enumerate() {
        let same_component = |ty: &TypeRef| matches!(ty, TypeRef::Named(target) if component.get(target.0) == Some(&component[owner]));
        match &mut def.kind {
            TypeKind::Struct(object) => {
                for field in &mut object.fields {
                    field.boxed = same_component(&field.ty);
                }
            }
            TypeKind::Union(variants) => {
                for variant in variants {
                    variant.boxed = same_component(&variant.ty);
                }
            }
            TypeKind::TaggedUnion(union) => {
                for variant in &mut union.variants {
                    variant.boxed = same_component(&variant.ty);
                }
            }
            TypeKind::Enum(_)
            | TypeKind::IntEnum(_)
            | TypeKind::Alias(_)
            | TypeKind::Newtype(_) => {}
        }
    }
}

/// Turns every alias that leads back to itself through other aliases (and arrays or maps) into
/// a newtype. Run after pure alias chains (`A = B`, `B = A`) have been broken.
pub fn newtype_recursive_aliases(types: &mut [TypeDef]) {
    let alias_targets = |index: usize| -> Vec<usize> {
        let mut targets = Vec::new();
        if let TypeKind::Alias(target) = &types[index].kind {
            named_anywhere(target, &mut targets);
            targets.retain(|&target| {
                matches!(types.get(target).map(|d| &d.kind), Some(TypeKind::Alias(_)))
            });
        }
        targets
    };
    let component = components(types.len(), alias_targets);
    let mut size = vec![0usize; types.len()];
    for &c in &component {
        size[c] += 1;
    }
    let recursive: Vec<usize> = (0..types.len())
        .filter(|&index| size[component[index]] > 1 || alias_targets(index).contains(&index))
        .collect();
    for index in recursive {
        if let TypeKind::Alias(target) = &types[index].kind {
            types[index].kind = TypeKind::Newtype(target.clone());
        }
    }
}

/// The named types a value of this kind holds inline, not behind a `Vec` or map.
fn inline_targets(kind: &TypeKind) -> Vec<usize> {
    let direct = |ty: &TypeRef| match ty {
        TypeRef::Named(id) => Some(id.0),
        _ => None,
    };
    match kind {
        TypeKind::Struct(object) => object.fields.iter().filter_map(|f| direct(&f.ty)).collect(),
        TypeKind::Alias(target) | TypeKind::Newtype(target) => direct(target).into_iter().collect(),
        TypeKind::Union(variants) => variants.iter().filter_map(|v| direct(&v.ty)).collect(),
        TypeKind::TaggedUnion(union) => union
            .variants
            .iter()
            .filter_map(|v| direct(&v.ty))
            .collect(),
        TypeKind::Enum(_) | TypeKind::IntEnum(_) => Vec::new(),
    }
}

/// Every named type anywhere in `ty`, behind arrays and maps too.
fn named_anywhere(ty: &TypeRef, out: &mut Vec<usize>) {
    match ty {
        TypeRef::Named(id) => out.push(id.0),
        TypeRef::Array(inner) | TypeRef::Map(inner) => named_anywhere(inner, out),
        _ => {}
    }
}

/// The strongly connected component of each node of a graph (Tarjan's algorithm, iterative so
/// that long chains of types cannot overflow the stack). Edges to nodes out of range are
/// ignored.
fn components(count: usize, successors: impl Fn(usize) -> Vec<usize>) -> Vec<usize> {
    const UNVISITED: usize = usize::MAX;
    let mut index = vec![UNVISITED; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut component = vec![UNVISITED; count];
    let mut stack = Vec::new();
    let (mut next_index, mut next_component) = (0, 0);
    for root in 0..count {
        if index[root] != UNVISITED {
            continue;
        }
        // Each frame: a node, its successors, and how many of them were visited.
        let mut frames: Vec<(usize, Vec<usize>, usize)> = Vec::new();
        let mut visit = |node: usize,
                         frames: &mut Vec<(usize, Vec<usize>, usize)>,
                         stack: &mut Vec<usize>,
                         index: &mut [usize],
                         low: &mut [usize],
                         on_stack: &mut [bool]| {
            index[node] = next_index;
            low[node] = next_index;
            next_index += 1;
            stack.push(node);
            on_stack[node] = true;
            let next: Vec<usize> = successors(node)
                .into_iter()
                .filter(|&n| n < count)
                .collect();
            frames.push((node, next, 0));
        };
        visit(
            root,
            &mut frames,
            &mut stack,
            &mut index,
            &mut low,
            &mut on_stack,
        );
        while let Some(frame) = frames.last_mut() {
            let node = frame.0;
            if let Some(&next) = frame.1.get(frame.2) {
                frame.2 += 1;
                if index[next] == UNVISITED {
                    visit(
                        next,
                        &mut frames,
                        &mut stack,
                        &mut index,
                        &mut low,
                        &mut on_stack,
                    );
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            frames.pop();
            if let Some(parent) = frames.last() {
                low[parent.0] = low[parent.0].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Docs, Field, Presence, Struct, TypeId};

    fn field(name: &str, ty: TypeRef) -> Field {
        Field {
            wire_name: name.into(),
            rust_name: name.into(),
            docs: Docs::default(),
            ty,
            presence: Presence::Optional,
            boxed: false,
            deprecated: false,
            read_only: false,
            write_only: false,
            default: None,
        }
    }

    fn object(name: &str, fields: Vec<Field>) -> TypeDef {
        TypeDef {
            serde: Default::default(),
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
    fn a_chain_of_ten_thousand_types_needs_no_deep_stack() {
        let count = 10_000;
        let mut types: Vec<TypeDef> = (0..count)
            .map(|i| {
                object(
                    &format!("T{i}"),
                    vec![field("next", TypeRef::Named(TypeId((i + 1) % count)))],
                )
            })
            .collect();
        // A test thread has a small stack; recursion this deep would overflow it.
        box_cycles(&mut types);
        assert!(types.iter().all(|def| boxed(def) == [true]));
    }

    #[test]
    fn aliases_that_recurse_through_lists_become_newtypes() {
        let alias = |name: &str, target: TypeRef| TypeDef {
            serde: Default::default(),
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
