//! Load: a spec's text into the openapiv3 model, elements of other files it references
//! brought in, OpenAPI 3.1 normalised to the 3.0 shapes that model knows, every error located.

mod bundle;
mod json_in_two;
mod locate;
mod normalize;
mod typing;

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

/// Documents from this size on are parsed, searched for references into other files,
/// normalised and typed in two parts, on two threads.
const BESIDE_BYTES: usize = 1 << 20;

/// [`load`] for a spec read from `origin`: references to other files resolve relative to it.
pub fn load_from(
    source: &str,
    format: Format,
    origin: Option<&Path>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<LoadedSpec> {
    let (tree, files) = prepare(source, format, origin, diagnostics)?;
    // The tree read field by field; serde types what that leaves, to locate the error.
    let typed = typing::document(&tree, source.len() >= BESIDE_BYTES)
        .or_else(|_| serde_path_to_error::deserialize::<_, OpenAPI>(&tree));
    match typed {
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

/// The document's tree, with other files' elements brought in and 3.1 normalised, and the
/// files read.
fn prepare(
    source: &str,
    format: Format,
    origin: Option<&Path>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Value, Vec<PathBuf>)> {
    let mut tree = parse(source, format, diagnostics)?;
    check_version(&tree, diagnostics)?;
    let beside = source.len() >= BESIDE_BYTES;
    let files = bundle::bundle(&mut tree, origin, diagnostics, beside);
    normalize::normalize(&mut tree, diagnostics, beside);
    Some((tree, files))
}

fn parse(source: &str, format: Format, diagnostics: &mut Vec<Diagnostic>) -> Option<Value> {
    match format {
        Format::Json => match parse_json(source) {
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

/// The JSON tree of `source`. A large document is parsed in two parts, on two threads.
fn parse_json(source: &str) -> serde_json::Result<Value> {
    if source.len() >= BESIDE_BYTES
        && let Some(tree) = json_in_two::parse(source)
    {
        return Ok(tree);
    }
    serde_json::from_str(source)
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

    /// Bundling and normalising on two threads, as large documents are, gives every spec,
    /// fixture and vendor document the tree, the diagnostics in their order, and the files of
    /// doing both on one.
    #[test]
    fn preparing_on_two_threads_is_preparing_on_one() {
        let mut bundled = 0;
        for (path, format) in crate::test_documents() {
            let source = std::fs::read_to_string(&path).expect("a readable document");
            let Some(tree) = parse(&source, format, &mut Vec::new()) else {
                continue;
            };
            let prepared = |beside: bool| {
                let mut tree = tree.clone();
                let mut diagnostics = Vec::new();
                let files = bundle::bundle(&mut tree, Some(&path), &mut diagnostics, beside);
                normalize::normalize(&mut tree, &mut diagnostics, beside);
                (tree, diagnostics, files)
            };
            let on_one = prepared(false);
            bundled += usize::from(!on_one.2.is_empty());
            assert!(prepared(true) == on_one, "{}", path.display());
        }
        assert!(bundled > 0, "no document references another file");
    }
}
