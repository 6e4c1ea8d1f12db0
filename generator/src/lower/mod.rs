//! Lower: the openapiv3 document into the checked [`model`](crate::model). References are
//! resolved here, once, names are decided here, once, and every type is chosen here.
//!
//! A large document's component schemas, and then its operations, are lowered in two parts on
//! two threads (`lower/parts.rs`), with exactly the result of lowering them in one.

mod cycles;
mod dedup;
mod discriminator;
mod form;
pub(crate) mod ident;
mod operation;
mod parts;
mod schema;
mod security;
mod servers;
mod usage;

use std::borrow::Cow;
use std::cell::RefCell;
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
    lower_in_parts_of(
        spec,
        module,
        source_name,
        diagnostics,
        parts::LEAST_TO_SPLIT,
    )
    .0
}

/// [`lower`], lowering the component schemas and the operations each in two parts on two
/// threads when a stage has at least twice `least_to_split` items (schemas, or paths). Also
/// returns how many parts were joined and how many lowered again after the first.
fn lower_in_parts_of(
    spec: &LoadedSpec,
    module: &str,
    source_name: &str,
    diagnostics: &mut Vec<Diagnostic>,
    least_to_split: usize,
) -> (Api, usize, usize) {
    let mut lowering = Lowering::new(spec, least_to_split);
    lowering.register_components();
    lowering.find_subtypes();
    lowering.lower_components();
    let env_prefix = module.trim_start_matches("r#").to_ascii_uppercase();
    let security_schemes = lowering.security_schemes(&env_prefix);
    let servers = lowering.servers();
    let operations = lowering.lower_operations(&security_schemes, &servers);
    lowering.break_alias_cycles();
    lowering.check_tagged_unions();
    diagnostics.append(&mut lowering.diagnostics);
    let (joined, redone) = (lowering.parts_joined, lowering.parts_redone);
    let mut types = lowering.types.into_vec();
    cycles::newtype_recursive_aliases(&mut types);
    cycles::box_cycles(&mut types);
    usage::mark_serde_use(&mut types, &operations);
    dedup::share_identical_types(&mut types);
    let info = &spec.document.info;
    let api = Api {
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
    };
    (api, joined, redone)
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
    diagnostics: Vec<Diagnostic>,
    /// Indexed by `TypeId`. A type is reserved, with its name, before its definition is
    /// lowered, so that types can refer to themselves.
    types: parts::Types,
    type_names: Scope,
    /// The type of each `$ref` target, by reference string. Read through [`Self::named`].
    by_reference: parts::References,
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
    /// In a part lowered beside another, what it read of the state both began with.
    journal: Option<RefCell<parts::Journal>>,
    /// The fewest schemas or operations per part worth a second thread.
    least_to_split: usize,
    /// Parts lowered beside this one and joined, and those lowered again here instead.
    parts_joined: usize,
    parts_redone: usize,
}

impl<'a> Lowering<'a> {
    fn new(spec: &'a LoadedSpec, least_to_split: usize) -> Self {
        Self {
            spec,
            diagnostics: Vec::new(),
            types: parts::Types::default(),
            type_names: Scope::with_reserved(PRELUDE),
            by_reference: parts::References::default(),
            module_names: Scope::with_reserved(MODULE_ITEMS),
            method_names: Scope::with_reserved(CLIENT_METHODS),
            tagged_unions: Vec::new(),
            subtypes: HashMap::new(),
            extends_base: HashSet::new(),
            inline_depth: 0,
            merging: Vec::new(),
            journal: None,
            least_to_split,
            parts_joined: 0,
            parts_redone: 0,
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
        })
    }

    fn define_type(&mut self, id: TypeId, docs: Docs, deprecated: bool, kind: TypeKind) {
        if let Some(def) = self.types.get_mut(id) {
            def.docs = docs;
            def.deprecated = deprecated;
            def.kind = kind;
        }
    }

    fn type_name(&self, id: TypeId) -> &str {
        self.types.get(id).map_or("", |def| def.name.as_str())
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

    /// Lowers the component schemas, in two parts when there are many.
    fn lower_components(&mut self) {
        let Some(components) = &self.spec.document.components else {
            return;
        };
        let count = components.schemas.len();
        match self.split_point(components.schemas.values().map(schema::lowering_weight)) {
            Some(split) => {
                self.in_two_parts(
                    |lowering| lowering.lower_component_range(0..split),
                    |lowering| lowering.lower_component_range(split..count),
                );
            }
            None => self.lower_component_range(0..count),
        }
    }

    fn lower_component_range(&mut self, range: std::ops::Range<usize>) {
        let Some(components) = &self.spec.document.components else {
            return;
        };
        for (name, schema) in components.schemas.get_range(range).into_iter().flatten() {
            let reference = pointer_child("#/components/schemas", name);
            if let Some(id) = self.named(&reference) {
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
            }) = self.types.get(TypeId(current))
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
                    if let Some(def) = self.types.get_mut(TypeId(start)) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Format, load_from};

    fn lowered(spec: &LoadedSpec, least_to_split: usize) -> (Api, Vec<Diagnostic>, usize, usize) {
        let mut diagnostics = Vec::new();
        let (api, joined, redone) =
            lower_in_parts_of(spec, "api", "api.yaml", &mut diagnostics, least_to_split);
        (api, diagnostics, joined, redone)
    }

    /// A document without paths whose component schemas are `schemas`, YAML indented by four.
    pub(super) fn with_schemas(schemas: &str) -> LoadedSpec {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: \"1\"}}\npaths: {{}}\n\
             components:\n  schemas:\n{schemas}"
        );
        load_from(&text, Format::Yaml, None, &mut Vec::new()).expect("it loads")
    }

    /// Every spec, fixture and vendor document beside the repository, lowered in parts of as
    /// few as one schema or operation, joined or lowered again: exactly what lowering it in
    /// one part gives, diagnostics included.
    #[test]
    fn lowering_in_parts_gives_what_lowering_in_one_gives() {
        let (mut lowered_count, mut joined) = (0, 0);
        for (path, format) in crate::test_documents() {
            let text = std::fs::read_to_string(&path).expect("a readable spec");
            let Some(spec) = load_from(&text, format, Some(&path), &mut Vec::new()) else {
                continue;
            };
            let (whole, whole_diagnostics, ..) = lowered(&spec, usize::MAX);
            for least_to_split in [1, 7] {
                let (api, diagnostics, parts_joined, _) = lowered(&spec, least_to_split);
                assert!(
                    api == whole,
                    "{} in parts of {least_to_split}",
                    path.display()
                );
                assert_eq!(diagnostics, whole_diagnostics, "{}", path.display());
                joined += parts_joined;
            }
            lowered_count += 1;
        }
        assert!(lowered_count >= 20, "{lowered_count} specs lowered");
        assert!(joined >= 20, "{joined} parts joined");
    }

    /// Two parts that name inline types alike cannot both keep their names: the second is
    /// lowered again after the first, and its type takes the suffix it takes in one part.
    #[test]
    fn parts_that_claim_one_name_are_lowered_again_in_order() {
        let spec = with_schemas(
            r#"
    Foo:
      type: object
      properties:
        barBaz: {type: object, properties: {a: {type: string}}}
    FooBar:
      type: object
      properties:
        baz: {type: object, properties: {b: {type: integer}}}
"#,
        );
        let (whole, ..) = lowered(&spec, usize::MAX);
        let (api, _, joined, redone) = lowered(&spec, 1);
        assert!(api == whole);
        assert_eq!((joined, redone), (0, 1));
        let names: Vec<&str> = api.types.iter().map(|def| def.name.as_str()).collect();
        assert_eq!(names, ["Foo", "FooBar", "FooBarBaz", "FooBarBaz2"]);
    }

    /// Parts that stand apart are joined, and the second part's types are numbered after the
    /// first part's, references to them included.
    #[test]
    fn parts_that_stand_apart_are_joined_with_their_types_renumbered() {
        let spec = with_schemas(
            r#"
    First:
      type: object
      properties:
        inner: {type: object, properties: {a: {type: string}}}
    Second:
      type: object
      properties:
        inner: {type: object, properties: {b: {type: integer}}}
        items: {type: array, items: {type: object, properties: {c: {type: boolean}}}}
"#,
        );
        let (whole, ..) = lowered(&spec, usize::MAX);
        let (api, _, joined, redone) = lowered(&spec, 1);
        assert_eq!((joined, redone), (1, 0));
        assert!(api == whole);
        let names: Vec<&str> = api.types.iter().map(|def| def.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "First",
                "Second",
                "FirstInner",
                "SecondInner",
                "SecondItemsItem"
            ]
        );
        let TypeKind::Struct(second) = &api.types[1].kind else {
            panic!("Second is a struct");
        };
        assert_eq!(second.fields[0].ty, TypeRef::Named(TypeId(3)));
        assert_eq!(
            second.fields[1].ty,
            TypeRef::Array(Box::new(TypeRef::Named(TypeId(4))))
        );
    }
}
