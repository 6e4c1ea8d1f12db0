//! Finds where a JSON pointer's element is written in a spec's text, for diagnostics.
//!
//! The pointer index is built from a second, event-level parse that keeps positions. It is only
//! built when a spec has something to report, so a clean spec never pays for it.

use std::collections::{HashMap, HashSet};

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use super::location_at_line_column;
use crate::diagnostics::{Location, pointer_child};

/// A 1-based line and 1-based column, in characters, and the byte offset when known.
type Position = (usize, usize, Option<usize>);

/// Maps JSON pointers to the line and column where their element starts.
#[derive(Debug, Default)]
pub struct Locator {
    starts: HashMap<String, Position>,
}

impl Locator {
    /// Indexes every element of `source`, which may be YAML or JSON. Text that does not parse
    /// gives an empty index.
    pub fn new(source: &str) -> Self {
        Self::indexing(source, None)
    }

    /// Indexes only what locating `pointers` needs: them and their ancestors. Recording every
    /// element of a large document costs more than generating code from it; a report has a
    /// few dozen pointers.
    pub fn for_pointers<'a>(source: &str, pointers: impl IntoIterator<Item = &'a str>) -> Self {
        let mut interest = HashSet::new();
        for pointer in pointers {
            let mut pointer = pointer;
            while interest.insert(pointer.to_owned()) {
                match pointer.rfind('/') {
                    Some(slash) => pointer = &pointer[..slash],
                    None => break,
                }
            }
        }
        Self::indexing(source, Some(interest))
    }

    fn indexing(source: &str, interest: Option<HashSet<String>>) -> Self {
        if source.trim_start().starts_with(['{', '[']) {
            return Self {
                starts: json_starts(source, interest.as_ref()),
            };
        }
        let mut builder = Builder {
            interest,
            ..Builder::default()
        };
        let mut parser = Parser::new_from_str(source);
        if parser.load(&mut builder, false).is_err() {
            return Self::default();
        }
        Self {
            starts: builder.starts,
        }
    }

    /// Where the element at `pointer` is written: at its key in a map, at its first character
    /// in a sequence. An element that is not in the text (a default filled in while loading)
    /// is located at its nearest written ancestor.
    pub fn locate(&self, source: &str, pointer: &str) -> Option<Location> {
        let mut pointer = pointer;
        loop {
            if let Some(&(line, column, byte)) = self.starts.get(pointer) {
                return Some(match byte {
                    Some(byte) => location_at_byte(source, line, column, byte),
                    None => location_at_line_column(source, line, column),
                });
            }
            pointer = &pointer[..pointer.rfind('/')?];
        }
    }
}

/// The parser counts lines from 1 and columns from 0, in characters (not bytes).
fn position(mark: Marker) -> Position {
    (mark.line(), mark.col() + 1, None)
}

/// A location from a known byte offset: constant work however long the line, so that many
/// diagnostics on a minified document stay cheap. The span runs to the end of the line, or a
/// few hundred bytes on.
fn location_at_byte(source: &str, line: usize, column: usize, byte: usize) -> Location {
    const MAX_SPAN: usize = 512;
    let start = byte.min(source.len());
    let mut limit = (start + MAX_SPAN).min(source.len());
    while !source.is_char_boundary(limit) {
        limit -= 1;
    }
    let end = source[start..limit]
        .find('\n')
        .map_or(limit, |at| start + at);
    Location {
        line,
        column,
        span: start..end,
    }
}

enum Frame {
    /// A mapping; `key` holds the key whose value comes next.
    Map {
        pointer: String,
        key: Option<String>,
        /// Whether a key has been seen yet.
        seen_key: bool,
    },
    /// A sequence; `next` is the index of the next item.
    Seq { pointer: String, next: usize },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    starts: HashMap<String, Position>,
    /// The pointers worth recording, when not all are.
    interest: Option<HashSet<String>>,
}

/// The pointer of an element inside one nobody asked about: neither it nor anything inside
/// it is recorded, and no pointer text is built for it.
const UNTRACKED: &str = "";

/// The pointer of `key` inside `parent`, or [`UNTRACKED`] when nobody asked about it.
fn child_pointer(parent: &str, key: &str, interest: Option<&HashSet<String>>) -> String {
    if parent == UNTRACKED {
        return String::new();
    }
    let child = pointer_child(parent, key);
    match interest {
        Some(interest) if !interest.contains(&child) => String::new(),
        _ => child,
    }
}

/// Records `pointer`'s start (a position, or a byte offset while scanning JSON) unless nobody
/// asked about it.
fn record<At>(starts: &mut HashMap<String, At>, pointer: &str, at: At) {
    if pointer != UNTRACKED {
        starts.insert(pointer.to_owned(), at);
    }
}

impl Builder {
    /// Handles a node's start and returns the pointer of the node, or `None` when the node is a
    /// mapping key.
    fn node(&mut self, scalar: Option<&str>, mark: Marker) -> Option<String> {
        match self.stack.last_mut() {
            None => {
                // The document itself is shown from its first line.
                self.starts.insert("#".to_owned(), (1, 1, Some(0)));
                Some("#".to_owned())
            }
            Some(Frame::Map {
                pointer,
                key,
                seen_key,
            }) => match key.take() {
                Some(key) => Some(child_pointer(pointer, &key, self.interest.as_ref())),
                None => {
                    // A key: its position is where the entry is shown.
                    let token = scalar.unwrap_or("?").to_owned();
                    let child = child_pointer(pointer, &token, self.interest.as_ref());
                    record(&mut self.starts, &child, position(mark));
                    // The parser reports a block mapping's start late; its first key is
                    // where it really starts.
                    if !*seen_key {
                        *seen_key = true;
                        if let Some(start) = self.starts.get_mut(pointer.as_str()) {
                            *start = (*start).min(position(mark));
                        }
                    }
                    *key = Some(token);
                    None
                }
            },
            Some(Frame::Seq { pointer, next }) => {
                let child = child_pointer(pointer, &next.to_string(), self.interest.as_ref());
                *next += 1;
                record(&mut self.starts, &child, position(mark));
                Some(child)
            }
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, ..) => {
                self.node(Some(&value), mark);
            }
            Event::Alias(_) => {
                self.node(None, mark);
            }
            Event::MappingStart(..) => {
                // A mapping used as a key gets a placeholder pointer nothing refers to.
                let pointer = self.node(None, mark).unwrap_or_else(|| "#?".to_owned());
                self.stack.push(Frame::Map {
                    pointer,
                    key: None,
                    seen_key: false,
                });
            }
            Event::SequenceStart(..) => {
                let pointer = self.node(None, mark).unwrap_or_else(|| "#?".to_owned());
                self.stack.push(Frame::Seq { pointer, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd => {}
        }
    }
}

/// The start of every element of a JSON document, in one linear pass over its bytes without
/// recursion: at its key inside an object, at its first character inside an array. Text that
/// is not JSON gives whatever was found before the scan lost its way. Keys are decoded only
/// inside the elements asked about, and lines and columns are counted only for what was found.
fn json_starts(source: &str, interest: Option<&HashSet<String>>) -> HashMap<String, Position> {
    let bytes = source.as_bytes();
    let mut offsets = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let here = at;
        match byte {
            b'"' => {
                at = string_end(bytes, at + 1);
                json_node(
                    &mut stack,
                    &mut offsets,
                    interest,
                    Some(&source[here..at]),
                    here,
                );
            }
            b'{' | b'[' => {
                at += 1;
                let pointer = json_node(&mut stack, &mut offsets, interest, None, here)
                    .unwrap_or_else(|| "#?".to_owned());
                if pointer == UNTRACKED {
                    // Nothing inside an element nobody asked about is recorded: most of a large
                    // document is passed over this way, several bytes at a time.
                    at = container_end(bytes, here);
                    continue;
                }
                stack.push(if byte == b'{' {
                    Frame::Map {
                        pointer,
                        key: None,
                        seen_key: false,
                    }
                } else {
                    Frame::Seq { pointer, next: 0 }
                });
            }
            b'}' | b']' => {
                at += 1;
                stack.pop();
            }
            b',' | b':' | b' ' | b'\t' | b'\n' | b'\r' => at += 1,
            _ => {
                // A number, `true`, `false` or `null`: one node, whatever its length.
                while bytes.get(at).is_some_and(|byte| {
                    !matches!(byte, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                }) {
                    at += 1;
                }
                json_node(&mut stack, &mut offsets, interest, Some("\"\""), here);
            }
        }
    }
    positions(source, offsets)
}

/// The offset just past the string whose text starts at `from`: past its closing quote, or
/// the end of `bytes` when it has none.
fn string_end(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    while let Some(found) = memchr::memchr2(b'"', b'\\', &bytes[at.min(bytes.len())..]) {
        at += found;
        if bytes[at] == b'"' {
            return at + 1;
        }
        // An escape: the character after the backslash is part of the string.
        at += 2;
    }
    bytes.len()
}

/// The offset just past the object or array that opens at `open`, its strings passed over
/// whole; the end of `bytes` when it is not closed. Only its own kind of bracket needs
/// counting: the other kind is balanced within it.
fn container_end(bytes: &[u8], open: usize) -> usize {
    let (opening, closing) = if bytes.get(open) == Some(&b'{') {
        (b'{', b'}')
    } else {
        (b'[', b']')
    };
    let mut depth = 0_usize;
    let mut at = open;
    while let Some(found) = memchr::memchr3(b'"', opening, closing, &bytes[at.min(bytes.len())..]) {
        at += found;
        if bytes[at] == b'"' {
            at = string_end(bytes, at + 1);
            continue;
        }
        if bytes[at] == opening {
            depth += 1;
        } else {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return at + 1;
            }
        }
        at += 1;
    }
    bytes.len()
}

/// A JSON string, quotes included, as the text it stands for. Text that strict JSON rejects
/// (a YAML flow mapping may hold a tab or `\'`) has its escapes read one by one.
fn json_text(quoted: &str) -> String {
    serde_json::from_str(quoted).unwrap_or_else(|_| lenient_text(quoted))
}

fn lenient_text(quoted: &str) -> String {
    let inner = quoted.strip_prefix('"').unwrap_or(quoted);
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    let mut text = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            text.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => text.push('\n'),
            Some('t') => text.push('\t'),
            Some('r') => text.push('\r'),
            Some('b') => text.push('\u{8}'),
            Some('f') => text.push('\u{c}'),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                if let Some(c) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    text.push(c);
                }
            }
            Some(other) => text.push(other),
            None => {}
        }
    }
    text
}

/// Lines and columns for byte offsets, counted in one pass over the text up to the last one.
fn positions(source: &str, offsets: HashMap<String, usize>) -> HashMap<String, Position> {
    let mut offsets: Vec<(usize, String)> = offsets
        .into_iter()
        .map(|(pointer, offset)| (offset, pointer))
        .collect();
    offsets.sort_unstable();
    let (mut line, mut column, mut cursor) = (1, 1, 0);
    let mut starts = HashMap::with_capacity(offsets.len());
    for (offset, pointer) in offsets {
        // Offsets are at ASCII bytes (quotes, brackets) or where a scalar starts.
        let Some(passed) = source.get(cursor..offset) else {
            continue;
        };
        match memchr::memrchr(b'\n', passed.as_bytes()) {
            Some(last) => {
                line += memchr::memchr_iter(b'\n', passed.as_bytes()).count();
                column = passed[last + 1..].chars().count() + 1;
            }
            None => column += passed.chars().count(),
        }
        cursor = offset;
        starts.insert(pointer, (line, column, Some(offset)));
    }
    starts
}

/// Records a JSON node like [`Builder::node`] records a YAML one, at its byte offset. `scalar`
/// is a string with its quotes, or `""` for another scalar.
fn json_node(
    stack: &mut [Frame],
    offsets: &mut HashMap<String, usize>,
    interest: Option<&HashSet<String>>,
    scalar: Option<&str>,
    here: usize,
) -> Option<String> {
    match stack.last_mut() {
        None => {
            // The document itself is shown from its first line.
            offsets.insert("#".to_owned(), 0);
            Some("#".to_owned())
        }
        Some(Frame::Map { pointer, key, .. }) => match key.take() {
            Some(key) => Some(child_pointer(pointer, &key, interest)),
            None => {
                // Nothing inside an element nobody asked about needs its keys' text.
                let token = if pointer == UNTRACKED {
                    String::new()
                } else {
                    json_text(scalar.unwrap_or("\"?\""))
                };
                record(offsets, &child_pointer(pointer, &token, interest), here);
                *key = Some(token);
                None
            }
        },
        Some(Frame::Seq { pointer, next }) => {
            let child = if pointer == UNTRACKED {
                String::new()
            } else {
                child_pointer(pointer, &next.to_string(), interest)
            };
            *next += 1;
            record(offsets, &child, here);
            Some(child)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "openapi: 3.0.3\npaths:\n  /v1/clients:\n    patch:\n      operationId: x\n      parameters:\n        - name: a\n        - name: b\n";

    #[test]
    fn locates_keys_and_sequence_items() {
        let locator = Locator::new(SPEC);
        let at = |pointer| locator.locate(SPEC, pointer).map(|l| (l.line, l.column));
        assert_eq!(at("#/openapi"), Some((1, 1)));
        assert_eq!(at("#/paths/~1v1~1clients/patch/operationId"), Some((5, 7)));
        assert_eq!(
            at("#/paths/~1v1~1clients/patch/parameters/1"),
            Some((8, 11))
        );
        assert_eq!(
            at("#/paths/~1v1~1clients/patch/parameters/1/schema"),
            Some((8, 11))
        );
    }

    #[test]
    fn indexing_only_the_pointers_asked_for_locates_them_and_their_ancestors_alike() {
        let json = r#"{"openapi": "3.0.3", "paths": {"/v1/clients": {"patch": {"operationId": "x",
            "parameters": [{"name": "a"}, {"name": "b"}]}}}}"#;
        for source in [SPEC, json] {
            let everything = Locator::new(source);
            let asked = "#/paths/~1v1~1clients/patch/parameters/1/name";
            let few = Locator::for_pointers(source, [asked]);
            for pointer in [
                asked,
                "#/paths/~1v1~1clients/patch/parameters/1",
                "#/paths/~1v1~1clients/patch",
                "#/paths/~1v1~1clients/patch/parameters/1/schema",
            ] {
                let at = |locator: &Locator| locator.locate(source, pointer).map(|l| l.span);
                assert_eq!(at(&few), at(&everything), "{pointer} in {source}");
            }
            for unasked in ["#/openapi", "#/paths/~1v1~1clients/patch/parameters/0/name"] {
                assert!(everything.starts.contains_key(unasked), "{unasked}");
                assert!(!few.starts.contains_key(unasked), "{unasked}");
            }
        }
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let source = "# é…é é\ninfo:\n  title: é\npaths:\n  /é:\n    get: {}\n";
        let locator = Locator::new(source);
        let at = |pointer| {
            locator
                .locate(source, pointer)
                .map(|l| (l.line, l.column, l.span))
        };
        assert_eq!(at("#/paths/~1é/get"), Some((6, 5, 49..56)));
        assert_eq!(&source[49..56], "get: {}");
    }

    #[test]
    fn json_scanner_handles_escapes_nesting_and_scalars() {
        let source = "{\"a\\\"b\": [1, true, {\"c\\u00e9\": null}],\n \"d/e\": {\"f\": \"x\"}}";
        let locator = Locator::new(source);
        let at = |pointer| locator.locate(source, pointer).map(|l| (l.line, l.column));
        assert_eq!(at("#/a\"b/1"), Some((1, 14)));
        assert_eq!(at("#/a\"b/2/cé"), Some((1, 21)));
        assert_eq!(at("#/d~1e/f"), Some((2, 10)));
    }

    #[test]
    fn keys_strict_json_rejects_are_read_escape_by_escape() {
        let source = "{\"paths\": {\"a\tb\\\"c\": {\"get\": 1}}}";
        let locator = Locator::new(source);
        let at = |pointer| locator.locate(source, pointer).map(|l| l.column);
        // At `"get"`, not at `paths`, where a misread key would leave it.
        assert_eq!(at("#/paths/a\tb\"c/get"), Some(23));
        assert_eq!(lenient_text("\"x\\u00e9\\'y\\\""), "xé'y");
    }

    #[test]
    fn passing_over_what_nobody_asked_about_changes_no_location() {
        let mut checked = 0;
        for entry in std::fs::read_dir("../tests/fixtures").expect("the fixtures") {
            let path = entry.expect("a fixture").path();
            if path.extension().is_none_or(|ext| ext != "yaml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("the fixture");
            let yaml: serde_yaml::Value = serde_yaml::from_str(&text).expect("YAML");
            for json in [
                serde_json::to_string_pretty(&yaml).expect("JSON"),
                serde_json::to_string(&yaml).expect("JSON"),
            ] {
                let everything = Locator::new(&json);
                for pointer in everything.starts.keys() {
                    let few = Locator::for_pointers(&json, [pointer.as_str()]);
                    assert_eq!(
                        few.locate(&json, pointer),
                        everything.locate(&json, pointer),
                        "{pointer} in {}",
                        path.display()
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    #[test]
    fn locates_in_json() {
        let source = "{\n  \"openapi\": \"3.1.0\",\n  \"paths\": {\"/a\": {}}\n}";
        let locator = Locator::new(source);
        let location = locator
            .locate(source, "#/paths/~1a")
            .map(|l| (l.line, l.column));
        assert_eq!(location, Some((3, 13)));
    }
}
