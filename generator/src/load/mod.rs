//! Load: a spec's text into the openapiv3 model, elements of other files it references
//! brought in, OpenAPI 3.1 normalised to the 3.0 shapes that model knows, every error located.

mod bundle;
mod locate;
mod normalize;

use std::path::{Path, PathBuf};

pub(crate) use bundle::percent_decode;
pub use locate::Locator;

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Location, pointer_child};

/// The text formats a spec can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.json`
    Json,
    /// `.yaml` and `.yml`
    Yaml,
}

/// A spec that loaded: its document in the openapiv3 model, and the same document as JSON for
/// following references that point anywhere in it.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// The typed document.
    pub document: OpenAPI,
    /// The normalised document as a JSON tree.
    pub tree: Value,
    /// The other files the document references, whose elements it now holds.
    pub files: Vec<PathBuf>,
}

/// Parses, normalises and types one spec. Problems go to `diagnostics`; `None` means the spec
/// cannot be used at all.
pub fn load(source: &str, format: Format, diagnostics: &mut Vec<Diagnostic>) -> Option<LoadedSpec> {
    load_from(source, format, None, diagnostics)
}

/// [`load`] for a spec read from `origin`: references to other files resolve relative to it.
pub fn load_from(
    source: &str,
    format: Format,
    origin: Option<&Path>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<LoadedSpec> {
    if format == Format::Json && source.len() >= TYPED_ALONGSIDE_BYTES {
        return std::thread::scope(|scope| {
            // Deserializing the typed model from the tree costs twice parsing the text, so a
            // large JSON document is also typed straight from its text, on a second thread,
            // while the tree is built; that model serves when preparing the tree changed
            // nothing, as for most 3.0 documents.
            let typed = std::thread::Builder::new()
                .stack_size(crate::STACK)
                .spawn_scoped(scope, || serde_json::from_str::<OpenAPI>(source).ok())
                .ok();
            let typed = move || typed.and_then(|thread| thread.join().ok().flatten());
            prepare_and_type(source, format, origin, diagnostics, Some(Box::new(typed)))
        });
    }
    prepare_and_type(source, format, origin, diagnostics, None)
}

/// The model typed straight from the text on another thread, waited for when called.
type TypedFromText<'a> = Box<dyn FnOnce() -> Option<OpenAPI> + 'a>;

/// JSON documents from this size on are typed from their text beside the tree.
const TYPED_ALONGSIDE_BYTES: usize = 1 << 20;

/// Parses `source` into the tree, brings in other files' elements, normalises, and types the
/// result; `typed_from_text`, when there is one, is used if the tree came out as it was parsed.
fn prepare_and_type(
    source: &str,
    format: Format,
    origin: Option<&Path>,
    diagnostics: &mut Vec<Diagnostic>,
    typed_from_text: Option<TypedFromText<'_>>,
) -> Option<LoadedSpec> {
    let mut tree = parse(source, format, diagnostics)?;
    check_version(&tree, diagnostics)?;
    let bundle::Bundled { files, changed } = bundle::bundle(&mut tree, origin, diagnostics);
    // Both steps run, for their diagnostics, whatever the first did.
    let normalized = normalize::normalize(&mut tree, diagnostics);
    let unchanged = !changed && !normalized;
    if let Some(document) = typed_from_text
        .filter(|_| unchanged)
        .and_then(|typed| typed())
    {
        return Some(LoadedSpec {
            document,
            tree,
            files,
        });
    }
    match serde_path_to_error::deserialize::<_, OpenAPI>(&tree) {
        Ok(document) => Some(LoadedSpec {
            document,
            tree,
            files,
        }),
        Err(error) => {
            let pointer = error_pointer(error.path());
            diagnostics.push(
                Diagnostic::error(pointer, error.inner().to_string())
                    .with_hint("make this element match the OpenAPI specification"),
            );
            None
        }
    }
}

fn parse(source: &str, format: Format, diagnostics: &mut Vec<Diagnostic>) -> Option<Value> {
    match format {
        Format::Json => match serde_json::from_str::<Value>(source) {
            Ok(tree) => Some(tree),
            Err(error) => {
                let location = location_at_line_column(source, error.line(), error.column());
                diagnostics.push(Diagnostic::error_at(
                    location,
                    format!("invalid JSON: {error}"),
                ));
                None
            }
        },
        Format::Yaml => match serde_yaml::from_str::<serde_yaml::Value>(source) {
            Ok(mut yaml) => {
                if let Err(error) = yaml.apply_merge() {
                    diagnostics.push(Diagnostic::error(
                        "#",
                        format!("invalid YAML merge key: {error}"),
                    ));
                    return None;
                }
                Some(yaml_to_json(yaml))
            }
            Err(error) => {
                let message = format!("invalid YAML: {error}");
                diagnostics.push(match error.location() {
                    Some(at) => Diagnostic::error_at(
                        location_at_line_column(source, at.line(), at.column()),
                        message,
                    ),
                    None => Diagnostic::error("#", message),
                });
                None
            }
        },
    }
}

/// YAML allows keys JSON does not (`200:` is an integer); they become the strings they read as.
fn yaml_to_json(yaml: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Yaml;
    match yaml {
        Yaml::Null => Value::Null,
        Yaml::Bool(value) => Value::Bool(value),
        Yaml::Number(number) => {
            if let Some(value) = number.as_u64() {
                Value::from(value)
            } else if let Some(value) = number.as_i64() {
                Value::from(value)
            } else {
                number
                    .as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            }
        }
        Yaml::String(value) => Value::String(value),
        Yaml::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Yaml::Mapping(entries) => Value::Object(
            entries
                .into_iter()
                .map(|(key, value)| (yaml_key(key), yaml_to_json(value)))
                .collect(),
        ),
        Yaml::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

fn yaml_key(key: serde_yaml::Value) -> String {
    match key {
        serde_yaml::Value::String(key) => key,
        serde_yaml::Value::Null => "null".to_owned(),
        serde_yaml::Value::Bool(key) => key.to_string(),
        serde_yaml::Value::Number(key) => key.to_string(),
        other => serde_yaml::to_string(&other)
            .map(|text| text.trim().to_owned())
            .unwrap_or_default(),
    }
}

fn check_version(tree: &Value, diagnostics: &mut Vec<Diagnostic>) -> Option<()> {
    let Some(root) = tree.as_object() else {
        diagnostics.push(
            Diagnostic::error("#", "the document is not a map")
                .with_hint("an OpenAPI document starts with `openapi: 3.1.0`, `info` and `paths`"),
        );
        return None;
    };
    if root.contains_key("swagger") {
        diagnostics.push(
            Diagnostic::error("#/swagger", "Swagger 2.0 documents are not supported")
                .with_hint("convert the document to OpenAPI 3.0 or 3.1 first"),
        );
        return None;
    }
    match root.get("openapi") {
        Some(Value::String(version))
            if version.starts_with("3.0") || version.starts_with("3.1") =>
        {
            Some(())
        }
        Some(other) => {
            diagnostics.push(
                Diagnostic::error("#/openapi", format!("unsupported OpenAPI version {other}"))
                    .with_hint("this generator reads OpenAPI 3.0.x and 3.1.x"),
            );
            None
        }
        None => {
            diagnostics.push(
                Diagnostic::error("#", "the document has no `openapi` version field")
                    .with_hint("add `openapi: 3.1.0` (or the 3.0.x version the document follows)"),
            );
            None
        }
    }
}

fn error_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::from("#");
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer = pointer_child(&pointer, &index.to_string()),
            Segment::Map { key } => pointer = pointer_child(&pointer, key),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer
}

/// The location of a 1-based line and column, underlining to the end of that line.
pub(crate) fn location_at_line_column(source: &str, line: usize, column: usize) -> Location {
    let line_start: usize = source
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line_text = source[line_start..].lines().next().unwrap_or("");
    let start = line_start
        + line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(offset, _)| offset);
    let end = (line_start + line_text.len()).max(start);
    Location {
        line: line.max(1),
        column: column.max(1),
        span: start..end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A JSON document of `schemas` object schemas whose `id` has type `id_type`.
    fn document(version: &str, schemas: usize, id_type: &str) -> String {
        let schemas: Vec<String> = (0..schemas)
            .map(|index| {
                format!(
                    r##""S{index}": {{"type": "object", "description": "Schema {index}.",
                    "properties": {{"id": {{"type": {id_type}}},
                    "next": {{"$ref": "#/components/schemas/S{next}"}}}}}}"##,
                    next = (index + 1) % schemas
                )
            })
            .collect();
        format!(
            r#"{{"openapi": "{version}", "info": {{"title": "T", "version": "1"}}, "paths": {{}},
            "components": {{"schemas": {{{}}}}}}}"#,
            schemas.join(",")
        )
    }

    fn schema_count(spec: &LoadedSpec) -> Option<usize> {
        spec.document.components.as_ref().map(|c| c.schemas.len())
    }

    #[test]
    fn a_large_json_document_typed_from_its_text_is_the_model_typed_from_its_tree() {
        let source = document("3.0.3", 6_000, r#""string""#);
        assert!(source.len() >= TYPED_ALONGSIDE_BYTES, "{}", source.len());
        let from_tree =
            prepare_and_type(&source, Format::Json, None, &mut Vec::new(), None).expect("loads");
        let from_text = serde_json::from_str::<OpenAPI>(&source).expect("types");
        assert!(from_tree.document == from_text);
        let loaded = load_from(&source, Format::Json, None, &mut Vec::new()).expect("loads");
        assert!(loaded.document == from_text && loaded.tree == from_tree.tree);
    }

    #[test]
    fn the_model_typed_from_the_text_serves_only_when_preparing_changed_nothing() {
        let other = || serde_json::from_str::<OpenAPI>(&document("3.0.3", 1, r#""string""#)).ok();
        let load = |source: &str| {
            prepare_and_type(
                source,
                Format::Json,
                None,
                &mut Vec::new(),
                Some(Box::new(other)),
            )
            .expect("loads")
        };
        // Nothing to prepare: the model from the text is taken as it is.
        assert_eq!(
            schema_count(&load(&document("3.0.3", 3, r#""string""#))),
            Some(1)
        );
        // 3.1's `type: [string, "null"]` becomes `nullable`: the text's model is stale.
        let normalised = load(&document("3.1.0", 3, r#"["string", "null"]"#));
        assert_eq!(schema_count(&normalised), Some(3));
    }

    /// Preparing reports a change exactly when the tree changed, on every spec and fixture
    /// (3.0 and 3.1, with references to other files) and on 3.1 constructs one by one.
    #[test]
    fn preparing_reports_exactly_the_changes_it_makes() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut documents = Vec::new();
        for dir in ["specs", "tests/fixtures"] {
            for entry in std::fs::read_dir(root.join(dir)).expect("folder") {
                let path = entry.expect("entry").path();
                if path
                    .extension()
                    .is_some_and(|extension| extension == "yaml")
                {
                    let text = std::fs::read_to_string(&path).expect("spec");
                    let tree = parse(&text, Format::Yaml, &mut Vec::new()).expect("parses");
                    documents.push((Some(path), tree));
                }
            }
        }
        let schema = |schema: Value| {
            serde_json::json!({"openapi": "3.1.0", "paths": {},
                "components": {"schemas": {"S": schema}}})
        };
        for schema_31 in [
            serde_json::json!(true),
            serde_json::json!({"type": ["string", "null"]}),
            serde_json::json!({"const": 1}),
            serde_json::json!({"examples": [1]}),
            serde_json::json!({"examples": []}),
            serde_json::json!({"exclusiveMinimum": 1}),
            serde_json::json!({"minLength": "3"}),
            serde_json::json!({"oneOf": [{"type": "null"}, {"type": "string"}]}),
            serde_json::json!({"contentEncoding": "base64"}),
            serde_json::json!({"type": "string", "format": "byte"}),
            serde_json::json!({"type": "object", "properties": {"a": {"type": "string"}}}),
        ] {
            documents.push((None, schema(schema_31)));
        }
        documents.push((None, serde_json::json!({"openapi": "3.1.0"})));
        documents.push((
            None,
            serde_json::json!({"openapi": "3.0.3", "paths": {"/a": {"get": {"responses":
                {"200": {"content": {}}}}}}}),
        ));
        assert!(documents.len() > 25, "{}", documents.len());
        for (origin, tree) in documents {
            let mut prepared = tree.clone();
            let bundled = bundle::bundle(&mut prepared, origin.as_deref(), &mut Vec::new());
            let normalized = normalize::normalize(&mut prepared, &mut Vec::new());
            assert_eq!(
                bundled.changed || normalized,
                prepared != tree,
                "{origin:?}: {tree}"
            );
        }
    }
}
