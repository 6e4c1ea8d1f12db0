//! Bundling: the elements a document references in other files (`other.yaml#/components/
//! schemas/Pet`, `./schemas/pet.yaml`) are copied into the document's own `components`, and the
//! references rewritten to point there, so that lowering only ever follows local references.
//!
//! Paths are relative to the file that holds the reference. Each file is read and parsed once;
//! each referenced element is brought in once, under the name it has in its file (its component
//! name, the last token of its pointer, or the file's stem), with a numeric suffix when the
//! document already uses that name. An element is registered before its own references are
//! followed, so files that reference each other in a cycle terminate. Remote (`http`)
//! references are left alone with a warning: they are never fetched.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use serde_json::{Map, Value};

use super::{Format, Locator, parse};
use crate::diagnostics::{Diagnostic, pointer_child, push_pointer_token};

/// Brings every element that `tree` references in other files into its `components`, and
/// returns the files read, so that a build script can watch them. `origin` is the document's
/// path, against which references resolve; without one (a document given as text) a reference
/// into another file is an error.
///
/// Most documents reference no other file, and are only searched for such references: with
/// `beside`, the paths here and the rest on a second thread.
pub(super) fn bundle(
    tree: &mut Value,
    origin: Option<&Path>,
    diagnostics: &mut Vec<Diagnostic>,
    beside: bool,
) -> Vec<PathBuf> {
    if !references_another_file(tree, beside) {
        return Vec::new();
    }
    let mut bundler = Bundler {
        diagnostics,
        root_dir: origin
            .and_then(Path::parent)
            .map(|dir| dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf())),
        files: HashMap::new(),
        read: Vec::new(),
        imported: HashMap::new(),
        added: Vec::new(),
        taken: HashMap::new(),
    };
    if let Some(components) = tree.get("components").and_then(Value::as_object) {
        for (kind, elements) in components {
            if let Some(elements) = elements.as_object() {
                bundler
                    .taken
                    .insert(kind.clone(), elements.keys().cloned().collect());
            }
        }
    }
    let root = Context {
        dir: bundler.root_dir.clone(),
        file: None,
        via: String::new(),
    };
    bundler.rewrite(tree, &mut "#".to_owned(), &root);
    let Bundler { added, read, .. } = bundler;
    if !added.is_empty()
        && let Some(root) = tree.as_object_mut()
    {
        let components = root
            .entry("components")
            .or_insert_with(|| Value::Object(Map::new()));
        if !components.is_object() {
            *components = Value::Object(Map::new());
        }
        if let Some(components) = components.as_object_mut() {
            for (kind, name, element) in added {
                let elements = components
                    .entry(kind)
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Some(elements) = elements.as_object_mut() {
                    elements.insert(name, element);
                }
            }
        }
    }
    read
}

/// Whether `tree` has a reference that bundling acts on: one outside the data, into another
/// file, read or (when remote) warned about.
fn references_another_file(tree: &Value, beside: bool) -> bool {
    let Some(root) = tree.as_object().filter(|_| beside) else {
        return has_outside_reference(tree);
    };
    let in_paths = || root.get("paths").is_some_and(has_outside_reference);
    let elsewhere = || {
        root.iter()
            .any(|(key, value)| key != "paths" && member_has_outside_reference(key, value))
    };
    let (in_paths, elsewhere) = crate::here_and_beside(in_paths, elsewhere);
    in_paths || elsewhere
}

/// Whether `value` has a reference to another file where [`Bundler::rewrite`] looks for one:
/// the two walks must keep the same rules.
fn has_outside_reference(value: &Value) -> bool {
    match value {
        Value::Object(map) => map
            .iter()
            .any(|(key, child)| member_has_outside_reference(key, child)),
        Value::Array(items) => items.iter().any(has_outside_reference),
        _ => false,
    }
}

/// [`has_outside_reference`] for the member `key` of an object.
fn member_has_outside_reference(key: &str, child: &Value) -> bool {
    match child {
        Value::String(reference) if key == "$ref" => {
            !reference.is_empty() && !reference.starts_with('#')
        }
        Value::Object(_) | Value::Array(_) => !is_data(key) && has_outside_reference(child),
        _ => false,
    }
}

/// A file read for its elements.
struct File {
    /// Its canonical path.
    path: PathBuf,
    /// How messages name it: relative to the document's folder where it lies below it.
    display: String,
    text: String,
    tree: Value,
}

/// The file whose elements are being rewritten: its folder resolves relative references, and
/// its local references (`#/...`) point into it.
struct Context {
    dir: Option<PathBuf>,
    /// `None` for the document itself, whose local references stay as they are.
    file: Option<Rc<File>>,
    /// The pointer of the reference in the document through which this file was first
    /// reached, where its problems are shown.
    via: String,
}

struct Bundler<'d> {
    diagnostics: &'d mut Vec<Diagnostic>,
    root_dir: Option<PathBuf>,
    /// Every file looked at, by canonical path; `None` when it could not be read or parsed,
    /// which is reported once.
    files: HashMap<PathBuf, Option<Rc<File>>>,
    /// The files read, in the order first read.
    read: Vec<PathBuf>,
    /// The local reference each element brought in has, by file and pointer.
    imported: HashMap<(PathBuf, String), String>,
    /// The elements brought in: component kind, name and element, in the order found.
    added: Vec<(String, String, Value)>,
    /// The names in use, per component kind.
    taken: HashMap<String, HashSet<String>>,
}

/// Keys whose values are data rather than OpenAPI elements: a `$ref` in there is not one.
fn is_data(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum" | "const") || key.starts_with("x-")
}

impl Bundler<'_> {
    /// Rewrites every reference in `value`, which is at `pointer` of the context's file.
    /// `pointer` grows and shrinks back as the walk goes down and up. [`has_outside_reference`]
    /// walks by the same rules, to tell whether this walk is needed at all.
    fn rewrite(&mut self, value: &mut Value, pointer: &mut String, context: &Context) {
        match value {
            Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    if key == "$ref"
                        && let Value::String(reference) = child
                    {
                        if let Some(local) = self.follow(reference, pointer, context) {
                            *reference = local;
                        }
                    } else if !is_data(key) && (child.is_object() || child.is_array()) {
                        let parent = pointer.len();
                        push_pointer_token(pointer, key);
                        self.rewrite(child, pointer, context);
                        pointer.truncate(parent);
                    }
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    if item.is_object() || item.is_array() {
                        let parent = pointer.len();
                        push_pointer_token(pointer, &index.to_string());
                        self.rewrite(item, pointer, context);
                        pointer.truncate(parent);
                    }
                }
            }
            _ => {}
        }
    }

    /// The local reference that replaces `reference`, found at `pointer` of the context's
    /// file; `None` to leave it as it is.
    fn follow(&mut self, reference: &str, pointer: &str, context: &Context) -> Option<String> {
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if path.is_empty() {
            // Local to the context's file: the document's own stay; another file's are brought
            // in like any reference into that file.
            let file = context.file.clone()?;
            // A reference that cannot be followed, which is reported, is qualified with its
            // file so that it is not read as one into the document.
            return self
                .import(&file, fragment, pointer, context)
                .or_else(|| Some(format!("{}{reference}", file.display)));
        }
        if path.contains("://") {
            self.report(
                context,
                pointer,
                Diagnostic::warning(
                    pointer_child(pointer, "$ref"),
                    format!("reference `{reference}` is remote and is not fetched; a schema is typed as any JSON value"),
                )
                .with_hint("download the document next to the spec and reference it by a relative path"),
            );
            return None;
        }
        let Some(dir) = &context.dir else {
            self.report(
                context,
                pointer,
                Diagnostic::error(
                    pointer_child(pointer, "$ref"),
                    format!("reference `{reference}` points into another file, but the document was given as text"),
                )
                .with_hint("load the document from its file, so that relative references resolve"),
            );
            return None;
        };
        let file = self.file(&dir.join(percent_decode(path)), reference, pointer, context)?;
        self.import(&file, fragment, pointer, context)
    }

    /// Brings the element at `fragment` of `file` into the document, once, and returns its
    /// local reference.
    fn import(
        &mut self,
        file: &Rc<File>,
        fragment: &str,
        pointer: &str,
        context: &Context,
    ) -> Option<String> {
        let fragment = percent_decode(fragment);
        let key = (file.path.clone(), fragment.clone());
        if let Some(local) = self.imported.get(&key) {
            return Some(local.clone());
        }
        let Some(element) = file.tree.pointer(&fragment) else {
            self.report(
                context,
                pointer,
                Diagnostic::error(
                    pointer_child(pointer, "$ref"),
                    format!("reference `{}#{fragment}` points at nothing", file.display),
                )
                .with_hint("fix the reference so that it names an element of that file"),
            );
            return None;
        };
        let tokens: Vec<String> = fragment
            .split('/')
            .skip(1)
            .map(|token| token.replace("~1", "/").replace("~0", "~"))
            .collect();
        let (kind, name) = match tokens.as_slice() {
            [components, kind, name] if components == "components" => (kind.clone(), name.clone()),
            [.., last] if !last.is_empty() => (site_kind(pointer).to_owned(), last.clone()),
            _ => {
                let stem = file
                    .path
                    .file_stem()
                    .map(|stem| stem.to_string_lossy().into_owned())
                    .unwrap_or_default();
                (site_kind(pointer).to_owned(), stem)
            }
        };
        let name = self.claim(&kind, &name);
        let local = pointer_child(&pointer_child("#/components", &kind), &name);
        // Registered before the element's own references are followed, so that a cycle of
        // files ends here.
        self.imported.insert(key, local.clone());
        let mut element = element.clone();
        let inner = Context {
            dir: file.path.parent().map(Path::to_path_buf),
            file: Some(file.clone()),
            via: match context.file {
                None => pointer_child(pointer, "$ref"),
                Some(_) => context.via.clone(),
            },
        };
        self.rewrite(&mut element, &mut format!("#{fragment}"), &inner);
        self.added.push((kind, name, element));
        Some(local)
    }

    /// `name`, or `name` with the first numeric suffix no element of `kind` has.
    fn claim(&mut self, kind: &str, name: &str) -> String {
        let taken = self.taken.entry(kind.to_owned()).or_default();
        let name = if name.is_empty() { "Imported" } else { name };
        let mut candidate = name.to_owned();
        let mut suffix = 2;
        while taken.contains(&candidate) {
            candidate = format!("{name}{suffix}");
            suffix += 1;
        }
        taken.insert(candidate.clone());
        candidate
    }

    /// The file at `path`, read and parsed on first use.
    fn file(
        &mut self,
        path: &Path,
        reference: &str,
        pointer: &str,
        context: &Context,
    ) -> Option<Rc<File>> {
        let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        if let Some(file) = self.files.get(&canonical) {
            return file.clone();
        }
        let display = self
            .root_dir
            .as_ref()
            .and_then(|root| canonical.strip_prefix(root).ok())
            .unwrap_or(&canonical)
            .display()
            .to_string();
        let loaded = match std::fs::read_to_string(&canonical) {
            Ok(text) => {
                self.read.push(canonical.clone());
                let format = match canonical.extension().and_then(|ext| ext.to_str()) {
                    Some(ext) if ext.eq_ignore_ascii_case("json") => Format::Json,
                    // YAML reads JSON too.
                    _ => Format::Yaml,
                };
                let mut problems = Vec::new();
                match parse(&text, format, &mut problems) {
                    Some(tree) => Some(Rc::new(File {
                        path: canonical.clone(),
                        display,
                        text,
                        tree,
                    })),
                    None => {
                        for problem in problems {
                            let at = problem
                                .location
                                .map(|at| format!(":{}:{}", at.line, at.column))
                                .unwrap_or_default();
                            self.report(
                                context,
                                pointer,
                                Diagnostic::error(
                                    pointer_child(pointer, "$ref"),
                                    format!(
                                        "`{display}{at}`, which reference `{reference}` names: {}",
                                        problem.message
                                    ),
                                )
                                .with_hint("fix the referenced file"),
                            );
                        }
                        None
                    }
                }
            }
            Err(error) => {
                self.report(
                    context,
                    pointer,
                    Diagnostic::error(
                        pointer_child(pointer, "$ref"),
                        format!("reference `{reference}` names `{display}`, which cannot be read: {error}"),
                    )
                    .with_hint("references to other files are relative to the file that holds them"),
                );
                None
            }
        };
        self.files.insert(canonical, loaded.clone());
        loaded
    }

    /// Records a problem found at `pointer` of the context's file. A problem in another file
    /// names that file, line and pointer, and is shown at the document's reference that led
    /// there.
    fn report(&mut self, context: &Context, pointer: &str, mut diagnostic: Diagnostic) {
        if let Some(file) = &context.file {
            let pointer = pointer_child(pointer, "$ref");
            let at = Locator::for_pointers(&file.text, [pointer.as_str()])
                .locate(&file.text, &pointer)
                .map(|at| format!(":{}:{}", at.line, at.column))
                .unwrap_or_default();
            diagnostic.message = format!(
                "{} (in `{}{at}`, at {pointer}, reached through this reference)",
                diagnostic.message, file.display
            );
            diagnostic.pointer = Some(context.via.clone());
        }
        self.diagnostics.push(diagnostic);
    }
}

/// The kind of component that a reference at `pointer` stands for, from where it stands:
/// `parameters/0` is a parameter, `requestBody` a request body, and so on; anything else is a
/// schema.
fn site_kind(pointer: &str) -> &'static str {
    let tokens: Vec<&str> = pointer.split('/').collect();
    match tokens.as_slice() {
        [.., "components", kind, _] => match *kind {
            "parameters" => "parameters",
            "requestBodies" => "requestBodies",
            "responses" => "responses",
            "headers" => "headers",
            "examples" => "examples",
            "securitySchemes" => "securitySchemes",
            "links" => "links",
            "callbacks" => "callbacks",
            _ => "schemas",
        },
        [.., "properties", _] => "schemas",
        [.., "parameters", index] if index.bytes().all(|b| b.is_ascii_digit()) => "parameters",
        [.., "requestBody"] => "requestBodies",
        [.., "responses", _] => "responses",
        [.., "headers", _] => "headers",
        _ => "schemas",
    }
}

/// Decodes the `%XX` escapes a URI may use in a reference.
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%'
            && let Some(hex) = text.get(index + 1..index + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            index += 3;
            continue;
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_references_into_other_files_outside_the_data_are_bundled() {
        let local = serde_json::json!({
            "paths": {"/a": {"$ref": "#/components/pathItems/a"}},
            "components": {
                "schemas": {
                    "Empty": {"$ref": ""},
                    "Example": {"example": {"$ref": "other.yaml#/A"}, "x-note": [{"$ref": "b.json"}]},
                    "Odd": {"$ref": {"$ref": "#/components/schemas/Empty"}},
                },
            },
        });
        let outside = [
            serde_json::json!({"paths": {"/a": {"get": {"responses": {"200": {"$ref": "r.yaml"}}}}}}),
            serde_json::json!({"components": {"schemas": {"A": {"items": [{"$ref": "s.json#/A"}]}}}}),
            serde_json::json!({"$ref": "root.yaml"}),
            serde_json::json!({"components": {"schemas": {"Odd": {"$ref": {"$ref": "o.yaml"}}}}}),
        ];
        for beside in [false, true] {
            assert!(!references_another_file(&local, beside));
            for tree in &outside {
                assert!(references_another_file(tree, beside), "{tree} {beside}");
            }
        }
    }

    #[test]
    fn the_site_of_a_reference_names_its_kind() {
        assert_eq!(site_kind("#/paths/~1a/get/parameters/0"), "parameters");
        assert_eq!(site_kind("#/paths/~1a/post/requestBody"), "requestBodies");
        assert_eq!(site_kind("#/paths/~1a/get/responses/200"), "responses");
        assert_eq!(site_kind("#/components/parameters/limit"), "parameters");
        assert_eq!(
            site_kind("#/components/schemas/Pet/properties/parameters"),
            "schemas"
        );
        assert_eq!(
            site_kind("#/paths/~1a/get/responses/200/content/application~1json/schema"),
            "schemas"
        );
    }

    #[test]
    fn a_reference_into_another_file_without_a_path_is_an_error() {
        let mut tree = serde_json::json!({"components": {"schemas": {"A": {"$ref": "b.yaml#/B"}}}});
        let mut diagnostics = Vec::new();
        let before = tree.clone();
        let files = bundle(&mut tree, None, &mut diagnostics, false);
        assert!(files.is_empty() && tree == before);
        assert_eq!(diagnostics.len(), 1);
        assert!(diagnostics[0].message.contains("given as text"));
    }
}
