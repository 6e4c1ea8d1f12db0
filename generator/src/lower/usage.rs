//! Which types are sent and which are received, so that each implements only the serde
//! direction it needs. On large APIs most types only ever arrive in responses; their
//! `Serialize` impls would be compiled by every user for nothing.

use crate::model::{Operation, Presence, SerdeUse, TypeDef, TypeId, TypeKind, TypeRef};

/// Sets each type's [`SerdeUse`]: `serialize` when a request can contain it, `deserialize`
/// when a response can. A type no operation reaches describes data the API hands out some
/// other way, such as a webhook payload, so it and what it contains are `deserialize`.
pub(super) fn mark_serde_use(types: &mut [TypeDef], operations: &[Operation]) {
    let mut sent = Vec::new();
    let mut received = Vec::new();
    for operation in operations {
        sent.extend(operation.params.iter().map(|param| &param.ty));
        sent.extend(operation.body.iter().map(|body| &body.ty));
        received.extend(
            operation
                .responses
                .iter()
                .filter_map(|response| response.content.as_ref())
                .map(|content| &content.ty),
        );
    }
    let serialize = reachable(types, sent);
    let deserialize = reachable(types, received);
    let unused: Vec<TypeRef> = (0..types.len())
        .filter(|&index| !serialize[index] && !deserialize[index])
        .map(|index| TypeRef::Named(TypeId(index)))
        .collect();
    let received_otherwise = reachable(types, unused.iter().collect());
    for (index, def) in types.iter_mut().enumerate() {
        def.serde = SerdeUse {
            serialize: serialize[index],
            deserialize: deserialize[index] || received_otherwise[index],
        };
        relax_one_way_fields(def);
    }
}

/// A `readOnly` property is required of responses only, and a `writeOnly` one of requests only
/// (OpenAPI 3.0, "Fixed Fields" of the Schema Object); in a type that travels the other way
/// too, such a property is optional, so that a request can be built without it and a response
/// decoded without it.
fn relax_one_way_fields(def: &mut TypeDef) {
    let TypeKind::Struct(object) = &mut def.kind else {
        return;
    };
    for field in &mut object.fields {
        let other_way =
            (field.read_only && def.serde.serialize) || (field.write_only && def.serde.deserialize);
        if other_way {
            field.presence = match field.presence {
                Presence::Required | Presence::Optional => Presence::Optional,
                Presence::RequiredNullable | Presence::OptionalNullable => {
                    Presence::OptionalNullable
                }
            };
        }
    }
}

/// The types `roots` contain, directly or through other types, by index.
fn reachable<'a>(types: &'a [TypeDef], roots: Vec<&'a TypeRef>) -> Vec<bool> {
    let mut seen = vec![false; types.len()];
    let mut pending = roots;
    while let Some(ty) = pending.pop() {
        match ty {
            TypeRef::Array(inner) | TypeRef::Map(inner) => pending.push(inner),
            TypeRef::Named(TypeId(index)) => {
                let Some(def) = types.get(*index) else {
                    continue;
                };
                if std::mem::replace(&mut seen[*index], true) {
                    continue;
                }
                match &def.kind {
                    TypeKind::Struct(object) => {
                        pending.extend(object.fields.iter().map(|field| &field.ty));
                        pending.extend(object.additional.iter().map(|extra| &extra.value));
                    }
                    TypeKind::Union(variants) => {
                        pending.extend(variants.iter().map(|variant| &variant.ty));
                    }
                    TypeKind::TaggedUnion(union) => {
                        pending.extend(union.variants.iter().map(|variant| &variant.ty));
                    }
                    TypeKind::Alias(target) | TypeKind::Newtype(target) => pending.push(target),
                    TypeKind::Enum(_) | TypeKind::IntEnum(_) => {}
                }
            }
            _ => {}
        }
    }
    seen
}
