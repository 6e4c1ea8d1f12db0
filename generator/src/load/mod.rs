//! Load: a spec's text into the openapiv3 model, elements of other files it references
//! brought in, OpenAPI 3.1 normalised to the 3.0 shapes that model knows, every error located.

mod bundle;
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

/// Documents from this size on are parsed and typed in two parts, on two threads.
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
    let files = bundle::bundle(&mut tree, origin, diagnostics);
    normalize::normalize(&mut tree, diagnostics);
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

/// The JSON tree of `source`. A large document is parsed in two parts, on two threads, cut
/// between two of its top-level members near its middle.
fn parse_json(source: &str) -> serde_json::Result<Value> {
    if source.len() >= BESIDE_BYTES
        && let Some(tree) = parse_json_in_two(source)
    {
        return Ok(tree);
    }
    serde_json::from_str(source)
}

/// `None` when no cut is found, or when either part does not parse as an object: the whole
/// parse then decides, and locates any error. Each part is an object of whole members, so a
/// cut anywhere but between two top-level members cannot parse, and every value is parsed at
/// the depth it has in the document.
fn parse_json_in_two(source: &str) -> Option<Value> {
    let cut = top_level_cut(source)?;
    let (head, tail) = source.split_at(cut);
    // Only JSON's whitespace may stand between the head's last member, its comma and the
    // cut, and there must be a member: `{ ,` is no object.
    let members = head.trim_end_matches(JSON_WHITESPACE).strip_suffix(',')?;
    if members.trim_end_matches(JSON_WHITESPACE).ends_with('{') {
        return None;
    }
    let head = format!("{members}}}");
    let tail = format!("{{{tail}");
    let parse = |text: &str| match serde_json::from_str(text) {
        Ok(Value::Object(members)) => Some(members),
        _ => None,
    };
    let (head, tail) = crate::here_and_beside(|| parse(&head), || parse(&tail));
    let mut tree = head?;
    // As in a whole parse, a member written twice keeps its first place and its last value.
    tree.extend(tail?);
    Some(Value::Object(tree))
}

/// The characters JSON allows between tokens; Rust's `trim` takes more.
const JSON_WHITESPACE: [char; 4] = [' ', '\t', '\n', '\r'];

/// Where the top-level member that starts nearest the middle of `source` begins, found by its
/// indentation: the first member's, on a line of its own. A document on one line has none.
fn top_level_cut(source: &str) -> Option<usize> {
    let body = source.trim_start().strip_prefix('{')?;
    let first_key = body.trim_start();
    let first_line = &body[..body.len() - first_key.len()];
    let indent = first_line.rsplit_once('\n')?.1;
    let needle = format!("\n{indent}\"");
    let middle = source.len() / 2;
    memchr::memmem::find_iter(source.as_bytes(), needle.as_bytes())
        .map(|newline| newline + 1)
        .min_by_key(|start| start.abs_diff(middle))
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

    /// A pretty-printed document with `members` top-level members after `openapi`, each an
    /// object of `size` properties, so that a cut falls between two of them.
    fn pretty_document(members: &[&str], size: usize) -> String {
        let member = |index: usize| {
            let properties: serde_json::Map<String, Value> = (0..size)
                .map(|property| (format!("p{property}"), Value::from(format!("v{index}"))))
                .collect();
            Value::Object(properties)
        };
        let mut document = serde_json::Map::new();
        document.insert("openapi".to_owned(), Value::from("3.0.3"));
        let mut text = serde_json::to_string_pretty(&Value::Object(document)).expect("prints");
        text.truncate(text.trim_end().len() - 1);
        text.truncate(text.trim_end().len());
        for (index, name) in members.iter().enumerate() {
            let value = serde_json::to_string_pretty(&member(index)).expect("prints");
            text.push_str(&format!(",\n  \"{name}\": {}", value.replace('\n', "\n  ")));
        }
        text.push_str("\n}\n");
        text
    }

    #[test]
    fn a_document_parsed_in_two_parts_is_the_document_parsed_whole() {
        // Members written twice, one on each side of the cut and one on the same side, keep
        // their first place and their last value.
        for members in [
            &["info", "paths", "components"][..],
            &["paths", "components", "paths", "x-a"],
            &["components", "paths", "paths", "components"],
        ] {
            let source = pretty_document(members, 20_000);
            assert!(source.len() >= BESIDE_BYTES, "{}", source.len());
            let whole = serde_json::from_str::<Value>(&source).expect("parses");
            let in_two = parse_json_in_two(&source).expect("cut between two members");
            assert!(in_two == whole, "{members:?}");
            let order = |tree: &Value| {
                tree.as_object()
                    .map(|o| o.keys().cloned().collect::<Vec<_>>())
            };
            assert_eq!(order(&in_two), order(&whole));
        }
    }

    #[test]
    fn a_document_that_cannot_be_cut_is_parsed_whole() {
        let pretty = pretty_document(&["paths", "components"], 20_000);
        // On one line there is no indentation to find members by.
        let minified =
            serde_json::to_string(&serde_json::from_str::<Value>(&pretty).expect("parses"))
                .expect("prints");
        assert!(top_level_cut(&minified).is_none());
        // A nested member indented like a top-level one, nearer the middle than any: the cut
        // falls inside an object, and neither part parses.
        let single = pretty_document(&["paths"], 40_000);
        let misleading = single.replacen("\n    \"p20000\"", "\n  \"p20000\"", 1);
        assert_ne!(misleading, single);
        assert!(parse_json_in_two(&misleading).is_none());
        assert!(
            parse_json(&misleading).expect("parses")
                == serde_json::from_str::<Value>(&misleading).expect("parses")
        );
        // What JSON forbids at the cut, which a careless cut would drop: a comma with no
        // member before it, and whitespace that is not JSON's.
        for forbidden in [
            pretty_document(&["paths"], 40_000).replacen("\"openapi\": \"3.0.3\",", ",", 1),
            pretty.replacen(",\n  \"components\"", ",\u{a0}\n  \"components\"", 1),
        ] {
            assert_ne!(forbidden, pretty);
            assert!(parse_json_in_two(&forbidden).is_none());
            assert!(parse_json(&forbidden).is_err());
        }
        // An error in either part is the whole parse's, with its line and column.
        for broken in [
            pretty.replacen("\"v0\"", "v0", 1),
            pretty.replacen("\"v1\"", "v1", 1),
        ] {
            let error = parse_json(&broken).expect_err("does not parse");
            let whole = serde_json::from_str::<Value>(&broken).expect_err("does not parse");
            assert_eq!(
                (error.line(), error.column()),
                (whole.line(), whole.column())
            );
        }
    }
}
