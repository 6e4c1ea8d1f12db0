//! Lower: the openapiv3 document into the checked [`model`](crate::model). References are
//! resolved here, once, names are decided here, once, and every type is chosen here.

mod cycles;
mod dedup;
mod discriminator;
mod form;
pub(crate) mod ident;
mod operation;
mod schema;
mod security;
mod servers;
mod usage;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use openapiv3::{ReferenceOr, Schema};

use crate::diagnostics::{Diagnostic, pointer_child};
use crate::load::{LoadedSpec, percent_decode};
use crate::model::{Api, Docs, SerdeUse, TypeDef, TypeId, TypeKind, TypeRef};
use ident::Scope;

/// Rust's prelude names: generated code uses them unqualified, so no type may take them.
const PRELUDE: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
    "From",
    "Into",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Eq",
    "PartialEq",
    "Ord",
    "PartialOrd",
    "Iterator",
    "IntoIterator",
    "Extend",
    "ToString",
    "ToOwned",
    "AsRef",
    "AsMut",
    "TryFrom",
    "TryInto",
    "FromIterator",
    "Unpin",
];

/// Names every generated client module defines besides its operations' types.
const MODULE_ITEMS: &[&str] = &["Client", "Server", "types", "SECURITY_SCHEMES"];

/// Methods of every generated `Client`; neither an operation nor a credential setter takes
/// their names.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "from_env",
    "with_base_url",
    "with_bearer_token",
    "with_http_client",
    "with_middleware",
    "with_retry_policy",
    "with_timeout",
    "base_url",
];

/// Lowers one loaded spec into the model. Problems go to `diagnostics`; what cannot be
/// expressed falls back to a documented type, so an `Api` always comes out.
pub fn lower(
    spec: &LoadedSpec,
    module: &str,
    source_name: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Api {
    let mut lowering = Lowering::new(spec, diagnostics);
    lowering.register_components();
    lowering.find_subtypes();
    lowering.lower_components();
    let env_prefix = module.trim_start_matches("r#").to_ascii_uppercase();
    let security_schemes = lowering.security_schemes(&env_prefix);
    let servers = lowering.servers();
    let operations = lowering.lower_operations(&security_schemes, &servers);
    lowering.break_alias_cycles();
    lowering.check_tagged_unions();
    let Lowering { mut types, .. } = lowering;
    cycles::newtype_recursive_aliases(&mut types);
    cycles::box_cycles(&mut types);
    usage::mark_serde_use(&mut types, &operations);
    dedup::share_identical_types(&mut types);
    let info = &spec.document.info;
    Api {
        module: module.to_owned(),
        source_name: source_name.to_owned(),
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        servers,
        security_schemes,
        env_prefix,
        types,
        operations,
    }
}

/// A schema as it stands in the document: a reference or the schema itself.
#[derive(Clone, Copy)]
pub(crate) enum SchemaRef<'a> {
    Reference(&'a str),
    Inline(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(schema: &'a ReferenceOr<Schema>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => Self::Reference(reference),
            ReferenceOr::Item(schema) => Self::Inline(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(schema: &'a ReferenceOr<Box<Schema>>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => Self::Reference(reference),
            ReferenceOr::Item(schema) => Self::Inline(schema),
        }
    }
}

struct Lowering<'a> {
    spec: &'a LoadedSpec,
    diagnostics: &'a mut Vec<Diagnostic>,
    /// Indexed by `TypeId`. A type is reserved, with its name, before its definition is
    /// lowered, so that types can refer to themselves.
    types: Vec<TypeDef>,
    type_names: Scope,
    /// The type of each `$ref` target, by reference string.
    by_reference: foldhash::HashMap<String, TypeId>,
    /// Top-level names: request structs and error enums.
    module_names: Scope,
    /// `Client` methods: operations and credential setters.
    method_names: Scope,
    /// The tagged unions, with the pointer of their discriminator, to be checked once every
    /// type is defined.
    tagged_unions: Vec<(TypeId, String)>,
    /// Base schemas with a discriminator, each with the subtypes it becomes a union of.
    subtypes: HashMap<TypeId, discriminator::Subtypes>,
    /// The schemas that extend such a base with `allOf`: always structs of their own, even
    /// when the base is all they list, since an alias would name the union.
    extends_base: HashSet<TypeId>,
    /// How many inline schema definitions enclose the one being lowered.
    inline_depth: usize,
    /// The `$ref`s whose properties the `allOf` merges being lowered copy.
    merging: Vec<String>,
}

impl<'a> Lowering<'a> {
    fn new(spec: &'a LoadedSpec, diagnostics: &'a mut Vec<Diagnostic>) -> Self {
        Self {
            spec,
            diagnostics,
            types: Vec::new(),
            type_names: Scope::with_reserved(PRELUDE),
            by_reference: foldhash::HashMap::default(),
            module_names: Scope::with_reserved(MODULE_ITEMS),
            method_names: Scope::with_reserved(CLIENT_METHODS),
            tagged_unions: Vec::new(),
            subtypes: HashMap::new(),
            extends_base: HashSet::new(),
            inline_depth: 0,
            merging: Vec::new(),
        }
    }

    fn warn(&mut self, pointer: &str, message: impl Into<String>, hint: &str) {
        self.diagnostics
            .push(Diagnostic::warning(pointer, message).with_hint(hint));
    }

    fn error(&mut self, pointer: &str, message: impl Into<String>, hint: &str) {
        self.diagnostics
            .push(Diagnostic::error(pointer, message).with_hint(hint));
    }

    /// Reserves a type under a unique name derived from `name`; it stays any JSON value until
    /// [`Self::define_type`] gives it its definition.
    fn reserve_type(&mut self, name: &str) -> TypeId {
        self.types.push(TypeDef {
            name: self.type_names.claim(ident::upper_camel(name)),
            docs: Docs::default(),
            deprecated: false,
            kind: TypeKind::Alias(TypeRef::Any),
            serde: SerdeUse::default(),
        });
        TypeId(self.types.len() - 1)
    }

    fn define_type(&mut self, id: TypeId, docs: Docs, deprecated: bool, kind: TypeKind) {
        if let Some(def) = self.types.get_mut(id.0) {
            def.docs = docs;
            def.deprecated = deprecated;
            def.kind = kind;
        }
    }

    fn type_name(&self, id: TypeId) -> &str {
        self.types.get(id.0).map_or("", |def| def.name.as_str())
    }

    /// Component schemas get their names first, so that inline types never take them.
    fn register_components(&mut self) {
        let Some(components) = &self.spec.document.components else {
            return;
        };
        for name in components.schemas.keys() {
            let id = self.reserve_type(name);
            let reference = pointer_child("#/components/schemas", name);
            self.by_reference.insert(reference, id);
        }
    }

    fn lower_components(&mut self) {
        let Some(components) = &self.spec.document.components else {
            return;
        };
        for (name, schema) in &components.schemas {
            let reference = pointer_child("#/components/schemas", name);
            if let Some(&id) = self.by_reference.get(&reference) {
                self.lower_named(id, schema.into(), &reference);
            }
        }
    }

    /// Follows a local reference, and the chain of references it may lead to, to the element
    /// it names. Returns that element and the reference that names it directly. Problems are
    /// reported at `pointer/$ref`.
    pub(super) fn follow_reference(
        &mut self,
        reference: &str,
        pointer: &str,
    ) -> Option<(&'a serde_json::Value, String)> {
        let tree = &self.spec.tree;
        let pointer = &pointer_child(pointer, "$ref");
        let mut reference = reference.to_owned();
        for _ in 0..32 {
            // Loading brought every other file's elements in; a reference it left is remote or
            // broken, which it reported, and a schema there is typed as any JSON value.
            let local = reference.strip_prefix('#')?;
            let Some(target) = tree.pointer(&percent_decode(local)) else {
                self.error(
                    pointer,
                    format!("reference `{reference}` points at nothing"),
                    "fix the reference so that it names an element of this document",
                );
                return None;
            };
            match target.get("$ref").and_then(|next| next.as_str()) {
                Some(next) => reference = next.to_owned(),
                None => return Some((target, reference)),
            }
        }
        self.error(
            pointer,
            format!("reference `{reference}` is part of a cycle of references"),
            "make one of the references point at a definition",
        );
        None
    }

    /// Resolves a local reference to the schema it names and the pointer of that schema.
    fn resolve(&mut self, reference: &str, pointer: &str) -> Option<(Cow<'a, Schema>, String)> {
        let (target, reference) = self.follow_reference(reference, pointer)?;
        if let Some(ReferenceOr::Item(schema)) = self.component_schema(&reference) {
            return Some((Cow::Borrowed(schema), reference));
        }
        match serde_json::from_value::<Schema>(target.clone()) {
            Ok(schema) => Some((Cow::Owned(schema), reference)),
            Err(error) => {
                self.error(
                    &pointer_child(pointer, "$ref"),
                    format!("reference `{reference}` does not point at a schema: {error}"),
                    "point the reference at a schema",
                );
                None
            }
        }
    }

    /// The component schema a `#/components/schemas/{name}` reference names, as it is written:
    /// possibly a reference itself.
    fn component_schema(&self, reference: &str) -> Option<&'a ReferenceOr<Schema>> {
        let name = reference.strip_prefix("#/components/schemas/")?;
        let components = self.spec.document.components.as_ref()?;
        components.schemas.get(&unescape_token(name))
    }
}

/// A JSON pointer token with `~1` and `~0` unescaped.
fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

impl Lowering<'_> {
    /// A type alias that names itself through other aliases cannot compile; such a chain
    /// becomes any JSON value.
    fn break_alias_cycles(&mut self) {
        for start in 0..self.types.len() {
            let mut seen = vec![start];
            let mut current = start;
            while let Some(TypeDef {
                kind: TypeKind::Alias(TypeRef::Named(next)),
                ..
            }) = self.types.get(current)
            {
                if next.0 == start {
                    let names: Vec<&str> =
                        seen.iter().map(|&id| self.type_name(TypeId(id))).collect();
                    let through: Vec<String> =
                        names[1..].iter().map(|name| format!("`{name}`")).collect();
                    let message = if through.is_empty() {
                        format!(
                            "schema `{}` is defined only as a reference to itself",
                            names[0]
                        )
                    } else {
                        format!(
                            "schema `{}` is defined only as a reference to itself, through {}",
                            names[0],
                            through.join(", ")
                        )
                    };
                    let pointer = self
                        .by_reference
                        .iter()
                        .filter(|(reference, id)| {
                            id.0 == start && reference.starts_with("#/components/schemas/")
                        })
                        .map(|(reference, _)| pointer_child(reference, "$ref"))
                        .min()
                        .unwrap_or_else(|| "#/components/schemas".to_owned());
                    self.error(
                        &pointer,
                        message,
                        "give one schema of the cycle a real definition",
                    );
                    if let Some(def) = self.types.get_mut(start) {
                        def.kind = TypeKind::Alias(TypeRef::Any);
                    }
                    break;
                }
                if seen.contains(&next.0) {
                    // A cycle further along, which its own members report.
                    break;
                }
                seen.push(next.0);
                current = next.0;
            }
        }
    }
}
