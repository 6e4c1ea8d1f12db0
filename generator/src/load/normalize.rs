//! Rewrites OpenAPI 3.1 constructs into the 3.0 shapes the openapiv3 model reads.
//!
//! Only real schema positions are visited, so a property that happens to be called `type` or
//! `const` is never mistaken for a keyword. Harmless on 3.0 documents, which do not contain
//! these constructs (and when they do by mistake, reading them as 3.1 is the kind thing).

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, pointer_child};

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Normalises every schema in the document in place. With `beside`, the components are walked
/// on a second thread while this one walks the paths; their diagnostics follow the paths' as
/// when both are walked here.
pub fn normalize(tree: &mut Value, diagnostics: &mut Vec<Diagnostic>, beside: bool) {
    let Some(root) = tree.as_object_mut() else {
        return;
    };
    // 3.1 makes `paths` optional; the model does not.
    if !root.contains_key("paths") {
        root.insert("paths".to_owned(), Value::Object(Map::new()));
    }
    let (mut paths, mut components) = (None, None);
    for (key, value) in root.iter_mut() {
        match key.as_str() {
            "paths" => paths = value.as_object_mut(),
            "components" => components = value.as_object_mut(),
            _ => {}
        }
    }
    let walk_paths = |paths: Option<&mut Map<String, Value>>| {
        Walker::found(|walker| {
            if let Some(paths) = paths {
                walker.paths(paths);
            }
        })
    };
    let walk_components = |components: Option<&mut Map<String, Value>>| {
        Walker::found(|walker| {
            if let Some(components) = components {
                walker.components(components);
            }
        })
    };
    let (found_in_paths, found_in_components) = if beside {
        // The walk beside needs the components mutably, but its closure may only be shared:
        // it takes them from a cell.
        let components = std::sync::Mutex::new(components);
        crate::here_and_beside(
            || walk_paths(paths),
            || {
                let mut components = components
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                walk_components(components.take())
            },
        )
    } else {
        (walk_paths(paths), walk_components(components))
    };
    diagnostics.extend(found_in_paths);
    diagnostics.extend(found_in_components);
}

/// A validation keyword, a test of its value, and what the test expects.
type Keyword = (&'static str, fn(&Value) -> bool, &'static str);

/// The validation keywords whose values are checked, each with its test and what it expects.
const VALIDATION_KEYWORDS: [Keyword; 13] = [
    ("pattern", Value::is_string, "a string"),
    ("minLength", Value::is_u64, "a non-negative integer"),
    ("maxLength", Value::is_u64, "a non-negative integer"),
    ("minItems", Value::is_u64, "a non-negative integer"),
    ("maxItems", Value::is_u64, "a non-negative integer"),
    ("minProperties", Value::is_u64, "a non-negative integer"),
    ("maxProperties", Value::is_u64, "a non-negative integer"),
    ("uniqueItems", Value::is_boolean, "a boolean"),
    (
        "exclusiveMinimum",
        Value::is_boolean,
        "a boolean or a number",
    ),
    (
        "exclusiveMaximum",
        Value::is_boolean,
        "a boolean or a number",
    ),
    ("minimum", Value::is_number, "a number"),
    ("maximum", Value::is_number, "a number"),
    ("multipleOf", Value::is_number, "a number"),
];

struct Walker<'a> {
    diagnostics: &'a mut Vec<Diagnostic>,
}

/// Where the walk is in the document. Its JSON pointer is built only for a diagnostic: building
/// one for every element walked cost more than the rest of normalising.
enum Place<'a> {
    /// A pointer written out, such as `#/paths`.
    Root(&'static str),
    /// The member `key` of an object.
    Member(&'a Place<'a>, &'a str),
    /// The item `index` of an array.
    Item(&'a Place<'a>, usize),
}

impl<'a> Place<'a> {
    fn child(&'a self, key: &'a str) -> Self {
        Place::Member(self, key)
    }

    fn index(&'a self, index: usize) -> Self {
        Place::Item(self, index)
    }

    /// The JSON pointer of this place.
    fn pointer(&self) -> String {
        match self {
            Place::Root(pointer) => (*pointer).to_owned(),
            Place::Member(parent, key) => pointer_child(&parent.pointer(), key),
            Place::Item(parent, index) => pointer_child(&parent.pointer(), &index.to_string()),
        }
    }
}

impl Walker<'_> {
    /// The diagnostics of one walk.
    fn found(walk: impl FnOnce(&mut Walker)) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        walk(&mut Walker {
            diagnostics: &mut diagnostics,
        });
        diagnostics
    }

    fn paths(&mut self, paths: &mut Map<String, Value>) {
        let base = Place::Root("#/paths");
        for (path, item) in paths.iter_mut() {
            self.path_item(item, &base.child(path));
        }
    }

    fn components(&mut self, components: &mut Map<String, Value>) {
        let each = |components: &mut Map<String, Value>,
                    kind: &str,
                    walk: &mut dyn FnMut(&mut Value, &Place<'_>)| {
            if let Some(map) = components.get_mut(kind).and_then(Value::as_object_mut) {
                let base = Place::Root("#/components");
                let base = base.child(kind);
                for (name, value) in map.iter_mut() {
                    walk(value, &base.child(name));
                }
            }
        };
        each(components, "schemas", &mut |value, at| {
            self.schema(value, at)
        });
        each(components, "parameters", &mut |value, at| {
            self.parameter(value, at)
        });
        each(components, "headers", &mut |value, at| {
            self.parameter(value, at)
        });
        each(components, "requestBodies", &mut |value, at| {
            self.content_holder(value, at)
        });
        each(components, "responses", &mut |value, at| {
            self.response(value, at)
        });
    }

    fn path_item(&mut self, item: &mut Value, at: &Place<'_>) {
        let Some(item) = item.as_object_mut() else {
            return;
        };
        self.parameters(item, at);
        for method in METHODS {
            let Some(operation) = item.get_mut(*method).and_then(Value::as_object_mut) else {
                continue;
            };
            let at = at.child(method);
            // Callbacks are not generated, and the model cannot read one given as a `$ref`.
            if let Some(callbacks) = operation
                .get_mut("callbacks")
                .and_then(Value::as_object_mut)
            {
                callbacks.retain(|_, callback| callback.get("$ref").is_none());
            }
            self.parameters(operation, &at);
            if let Some(body) = operation.get_mut("requestBody") {
                self.content_holder(body, &at.child("requestBody"));
            }
            if let Some(responses) = operation
                .get_mut("responses")
                .and_then(Value::as_object_mut)
            {
                let base = at.child("responses");
                for (status, response) in responses.iter_mut() {
                    self.response(response, &base.child(status));
                }
            }
        }
    }

    fn parameters(&mut self, holder: &mut Map<String, Value>, at: &Place<'_>) {
        if let Some(parameters) = holder.get_mut("parameters").and_then(Value::as_array_mut) {
            let base = at.child("parameters");
            for (index, parameter) in parameters.iter_mut().enumerate() {
                self.parameter(parameter, &base.index(index));
            }
        }
    }

    /// A parameter or a header: a schema, or a content map.
    fn parameter(&mut self, parameter: &mut Value, at: &Place<'_>) {
        if let Some(schema) = parameter.get_mut("schema") {
            self.schema(schema, &at.child("schema"));
        }
        self.content_holder(parameter, at);
    }

    fn response(&mut self, response: &mut Value, at: &Place<'_>) {
        // `description` is required, but often missing; nothing depends on it.
        if let Some(object) = response.as_object_mut()
            && !object.contains_key("$ref")
            && !object.contains_key("description")
        {
            object.insert("description".to_owned(), Value::from(""));
        }
        self.content_holder(response, at);
        if let Some(headers) = response.get_mut("headers").and_then(Value::as_object_mut) {
            let base = at.child("headers");
            for (name, header) in headers.iter_mut() {
                self.parameter(header, &base.child(name));
            }
        }
    }

    fn content_holder(&mut self, holder: &mut Value, at: &Place<'_>) {
        let Some(content) = holder.get_mut("content").and_then(Value::as_object_mut) else {
            return;
        };
        let base = at.child("content");
        for (media_type, media) in content.iter_mut() {
            if let Some(schema) = media.get_mut("schema") {
                self.schema(schema, &base.child(media_type).child("schema"));
            }
        }
    }

    fn schema(&mut self, schema: &mut Value, at: &Place<'_>) {
        // 3.1 boolean schemas: `true` accepts anything, `false` nothing.
        if let Value::Bool(accepts) = schema {
            *schema = if *accepts {
                Value::Object(Map::new())
            } else {
                serde_json::json!({ "not": {} })
            };
            return;
        }
        let Some(object) = schema.as_object_mut() else {
            return;
        };
        // Most schemas hold none of the keywords looked at here; one pass over their keys
        // says which they hold, where asking for each in turn hashed every keyword name. The
        // rewrites below add only keywords no later step looks for, or ones already noted:
        // an exclusive bound's `minimum` or `maximum` comes with the validation keyword it
        // came from, and a null alternative's `allOf` with the `oneOf` or `anyOf` it was.
        let present = Keywords::of(object);
        if present.has(Keywords::TYPE) {
            self.type_array(object, at);
        }
        if present.has(Keywords::CONST)
            && let Some(value) = object.remove("const")
        {
            object
                .entry("enum")
                .or_insert_with(|| Value::Array(vec![value]));
        }
        // 3.1's `examples` goes whatever it holds; its first item becomes `example`.
        if present.has(Keywords::EXAMPLES)
            && let Some(Value::Array(examples)) = object.remove("examples")
            && let Some(first) = examples.into_iter().next()
        {
            object.entry("example").or_insert(first);
        }
        if present.has(Keywords::EXCLUSIVE) {
            for (exclusive, bound) in [
                ("exclusiveMinimum", "minimum"),
                ("exclusiveMaximum", "maximum"),
            ] {
                if let Some(Value::Number(limit)) = object.get(exclusive).cloned() {
                    object.insert(bound.to_owned(), Value::Number(limit));
                    object.insert(exclusive.to_owned(), Value::Bool(true));
                }
            }
        }
        if present.has(Keywords::VALIDATION) {
            self.malformed_validation(object, at);
        }
        for (combinator, keyword) in [("oneOf", Keywords::ONE_OF), ("anyOf", Keywords::ANY_OF)] {
            if present.has(keyword) {
                self.null_alternative(object, combinator);
            }
        }
        if present.has(Keywords::CONTENT_ENCODING)
            && object.get("contentEncoding").and_then(Value::as_str) == Some("base64")
            && !object.contains_key("format")
        {
            object.insert("format".to_owned(), Value::from("byte"));
        }
        self.children(object, at, present);
    }

    /// `type: [T, "null"]` becomes `type: T, nullable: true`.
    fn type_array(&mut self, object: &mut Map<String, Value>, at: &Place<'_>) {
        let types: Vec<String> = match object.get("type") {
            Some(Value::Array(types)) => types
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            Some(Value::String(single)) if single == "null" => vec!["null".to_owned()],
            _ => return,
        };
        let nullable = types.iter().any(|name| name == "null");
        let mut rest: Vec<String> = types.into_iter().filter(|name| name != "null").collect();
        // `integer` is a `number`; the narrower one is what the values are.
        if rest.len() == 2
            && rest.contains(&"integer".to_owned())
            && rest.contains(&"number".to_owned())
        {
            rest.retain(|name| name == "number");
        }
        object.remove("type");
        if nullable {
            object.insert("nullable".to_owned(), Value::Bool(true));
        }
        match rest.as_slice() {
            [] => {}
            [single] => {
                object.insert("type".to_owned(), Value::from(single.as_str()));
            }
            several => self.diagnostics.push(
                Diagnostic::warning(
                    at.child("type").pointer(),
                    format!(
                        "a schema of several types ({}) is read as any JSON value",
                        several.join(", ")
                    ),
                )
                .with_hint("use `oneOf` with one schema per type for a typed enum"),
            ),
        }
    }

    /// Drops a validation keyword whose value has the wrong JSON type (`pattern: 0`,
    /// `minLength: "3"`), with a warning. The generated types do not check these keywords, so a
    /// wrong one need not fail the whole document.
    fn malformed_validation(&mut self, object: &mut Map<String, Value>, at: &Place<'_>) {
        let integer = object.get("type").and_then(Value::as_str) == Some("integer");
        for (keyword, valid, expected) in VALIDATION_KEYWORDS {
            let Some(value) = object.get(keyword) else {
                continue;
            };
            // The model reads the bounds of an integer schema as 64-bit integers.
            let integer_bound = integer && matches!(keyword, "minimum" | "maximum" | "multipleOf");
            let (valid, expected) = if integer_bound {
                (value.is_i64(), "an integer")
            } else {
                (valid(value), expected)
            };
            if valid {
                continue;
            }
            let shown = value.to_string();
            object.remove(keyword);
            self.diagnostics.push(
                Diagnostic::warning(
                    at.child(keyword).pointer(),
                    format!("`{keyword}` is {shown}, not {expected}; it is ignored"),
                )
                .with_hint(format!("make `{keyword}` {expected}, or remove it")),
            );
        }
    }

    /// A `{type: "null"}` alternative in `oneOf`/`anyOf` makes the schema nullable; a single
    /// remaining alternative becomes the schema itself.
    fn null_alternative(&mut self, object: &mut Map<String, Value>, combinator: &str) {
        let Some(Value::Array(alternatives)) = object.get_mut(combinator) else {
            return;
        };
        let is_null = |alternative: &Value| {
            alternative.get("type").and_then(Value::as_str) == Some("null")
                || alternative
                    .get("type")
                    .and_then(Value::as_array)
                    .is_some_and(|types| types.len() == 1 && types[0] == "null")
        };
        let before = alternatives.len();
        alternatives.retain(|alternative| !is_null(alternative));
        if alternatives.len() == before {
            return;
        }
        if alternatives.len() == 1 {
            let single = alternatives.remove(0);
            object.remove(combinator);
            object.insert("allOf".to_owned(), Value::Array(vec![single]));
        }
        object.insert("nullable".to_owned(), Value::Bool(true));
    }

    fn children(&mut self, object: &mut Map<String, Value>, at: &Place<'_>, present: Keywords) {
        if !present.has(Keywords::CHILDREN) {
            return;
        }
        if let Some(properties) = object.get_mut("properties").and_then(Value::as_object_mut) {
            let base = at.child("properties");
            for (name, property) in properties.iter_mut() {
                self.schema(property, &base.child(name));
            }
        }
        for key in ["items", "not"] {
            if let Some(child) = object.get_mut(key) {
                self.schema(child, &at.child(key));
            }
        }
        if let Some(additional) = object.get_mut("additionalProperties")
            && additional.is_object()
        {
            self.schema(additional, &at.child("additionalProperties"));
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(Value::Array(members)) = object.get_mut(key) {
                let base = at.child(key);
                for (index, member) in members.iter_mut().enumerate() {
                    self.schema(member, &base.index(index));
                }
            }
        }
    }
}

/// Which of the keywords normalising looks at a schema holds, or may hold.
#[derive(Clone, Copy)]
struct Keywords(u32);

impl Keywords {
    const TYPE: Self = Self(1);
    const CONST: Self = Self(1 << 1);
    const EXAMPLES: Self = Self(1 << 2);
    const EXCLUSIVE: Self = Self(1 << 3);
    const VALIDATION: Self = Self(1 << 4);
    const ONE_OF: Self = Self(1 << 5);
    const ANY_OF: Self = Self(1 << 6);
    const CONTENT_ENCODING: Self = Self(1 << 7);
    /// Any keyword holding schemas: `properties`, `items`, `not`, `additionalProperties`,
    /// `allOf`, `oneOf` and `anyOf`.
    const CHILDREN: Self = Self(1 << 8);

    fn of(object: &Map<String, Value>) -> Self {
        let mut present = 0;
        for key in object.keys() {
            present |= match key.as_str() {
                "type" => Self::TYPE.0,
                "const" => Self::CONST.0,
                "examples" => Self::EXAMPLES.0,
                "exclusiveMinimum" | "exclusiveMaximum" => Self::EXCLUSIVE.0 | Self::VALIDATION.0,
                "pattern" | "minLength" | "maxLength" | "minItems" | "maxItems"
                | "minProperties" | "maxProperties" | "uniqueItems" | "minimum" | "maximum"
                | "multipleOf" => Self::VALIDATION.0,
                "oneOf" => Self::ONE_OF.0 | Self::CHILDREN.0,
                "anyOf" => Self::ANY_OF.0 | Self::CHILDREN.0,
                "contentEncoding" => Self::CONTENT_ENCODING.0,
                "properties" | "items" | "not" | "additionalProperties" | "allOf" => {
                    Self::CHILDREN.0
                }
                _ => 0,
            };
        }
        Self(present)
    }

    /// Whether any of `keywords` is held.
    fn has(self, keywords: Self) -> bool {
        self.0 & keywords.0 != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The pointers of `diagnostics`, in order.
    fn pointers(diagnostics: &[Diagnostic]) -> Vec<&str> {
        diagnostics
            .iter()
            .filter_map(|d| d.pointer.as_deref())
            .collect()
    }

    fn normalized_schema(schema: Value) -> Value {
        let mut tree = json!({"openapi": "3.1.0", "components": {"schemas": {"S": schema}}});
        normalize(&mut tree, &mut Vec::new(), false);
        tree["components"]["schemas"]["S"].take()
    }

    #[test]
    fn type_arrays_become_nullable() {
        assert_eq!(
            normalized_schema(json!({"type": ["string", "null"]})),
            json!({"type": "string", "nullable": true})
        );
    }

    #[test]
    fn const_and_examples_become_enum_and_example() {
        assert_eq!(
            normalized_schema(json!({"type": "string", "const": "a", "examples": ["x", "y"]})),
            json!({"type": "string", "enum": ["a"], "example": "x"})
        );
    }

    #[test]
    fn a_property_named_const_is_not_a_keyword() {
        let schema = json!({"type": "object", "properties": {"const": {"type": "string"}}});
        assert_eq!(normalized_schema(schema.clone()), schema);
    }

    #[test]
    fn null_alternatives_become_nullable() {
        assert_eq!(
            normalized_schema(
                json!({"oneOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}]})
            ),
            json!({"allOf": [{"$ref": "#/components/schemas/T"}], "nullable": true})
        );
    }

    #[test]
    fn nested_schemas_and_boolean_schemas() {
        assert_eq!(
            normalized_schema(json!({"type": "array", "items": {"type": ["integer", "null"]}})),
            json!({"type": "array", "items": {"type": "integer", "nullable": true}})
        );
        assert_eq!(
            normalized_schema(json!({"type": "object", "properties": {"a": true}})),
            json!({"type": "object", "properties": {"a": {}}})
        );
    }

    #[test]
    fn every_keyword_normalising_looks_at_is_noticed_in_one_pass() {
        for (keyword, ..) in VALIDATION_KEYWORDS {
            let present = Keywords::of(json!({ keyword: 1 }).as_object().expect("an object"));
            assert!(present.has(Keywords::VALIDATION), "{keyword}");
        }
        for keyword in [
            "properties",
            "items",
            "not",
            "additionalProperties",
            "allOf",
        ] {
            let present = Keywords::of(json!({ keyword: {} }).as_object().expect("an object"));
            assert!(present.has(Keywords::CHILDREN), "{keyword}");
        }
        let present = Keywords::of(
            json!({"description": "x", "title": "y"})
                .as_object()
                .expect("an object"),
        );
        assert!(!present.has(Keywords(u32::MAX)));
    }

    #[test]
    fn malformed_validation_keywords_are_dropped_with_a_warning() {
        let mut tree = json!({"openapi": "3.0.3", "components": {"schemas": {"S": {
            "type": "object",
            "properties": {
                "a": {"type": "string", "pattern": 0, "minLength": "3", "maxLength": 4},
                "b": {"type": "integer", "minimum": 1.5, "maximum": 10, "multipleOf": 2},
                "c": {"type": "number", "minimum": 0.5, "uniqueItems": "yes"},
            },
        }}}});
        let mut diagnostics = Vec::new();
        normalize(&mut tree, &mut diagnostics, false);
        assert_eq!(
            tree["components"]["schemas"]["S"]["properties"],
            json!({
                "a": {"type": "string", "maxLength": 4},
                "b": {"type": "integer", "maximum": 10, "multipleOf": 2},
                "c": {"type": "number", "minimum": 0.5},
            })
        );
        assert_eq!(
            pointers(&diagnostics),
            [
                "#/components/schemas/S/properties/a/pattern",
                "#/components/schemas/S/properties/a/minLength",
                "#/components/schemas/S/properties/b/minimum",
                "#/components/schemas/S/properties/c/uniqueItems",
            ]
        );
    }

    #[test]
    fn on_two_threads_the_paths_diagnostics_still_come_first() {
        // The components are written first, and walked beside the paths.
        let tree = json!({
            "openapi": "3.0.3",
            "components": {"schemas": {"S": {"type": "string", "minLength": "1"}}},
            "paths": {"/a": {"get": {"parameters": [
                {"name": "q", "in": "query", "schema": {"type": "string", "pattern": 0}},
            ]}}},
        });
        for beside in [false, true] {
            let mut tree = tree.clone();
            let mut diagnostics = Vec::new();
            normalize(&mut tree, &mut diagnostics, beside);
            assert_eq!(
                pointers(&diagnostics),
                [
                    "#/paths/~1a/get/parameters/0/schema/pattern",
                    "#/components/schemas/S/minLength",
                ],
                "{beside}"
            );
        }
    }

    #[test]
    fn callbacks_given_as_references_are_left_out() {
        let mut tree = json!({"openapi": "3.0.3", "paths": {"/a": {"post": {
            "callbacks": {
                "byRef": {"$ref": "#/components/callbacks/c"},
                "inline": {"{$request.body#/url}": {}},
            },
            "responses": {},
        }}}});
        normalize(&mut tree, &mut Vec::new(), false);
        assert_eq!(
            tree["paths"]["/a"]["post"]["callbacks"],
            json!({"inline": {"{$request.body#/url}": {}}})
        );
    }

    #[test]
    fn numeric_exclusive_bounds_become_boolean() {
        assert_eq!(
            normalized_schema(json!({"type": "integer", "exclusiveMinimum": 0})),
            json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true})
        );
    }
}
