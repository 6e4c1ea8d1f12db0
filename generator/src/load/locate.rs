//! Finds where a JSON pointer's element is written in a spec's text, for diagnostics.
//!
//! The pointer index is built from a second, event-level parse that keeps positions. It is only
//! built when a spec has something to report, so a clean spec never pays for it.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use super::location_at_line_column;
use crate::diagnostics::{Location, pointer_child};

/// A 1-based line and 1-based column, in characters.
type Position = (usize, usize);

/// Maps JSON pointers to the line and column where their element starts.
#[derive(Debug, Default)]
pub struct Locator {
    starts: HashMap<String, Position>,
}

impl Locator {
    /// Indexes every element of `source`, which may be YAML or JSON. Text that does not parse
    /// gives an empty index.
    pub fn new(source: &str) -> Self {
        let mut builder = Builder::default();
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
            if let Some(&(line, column)) = self.starts.get(pointer) {
                return Some(location_at_line_column(source, line, column));
            }
            pointer = &pointer[..pointer.rfind('/')?];
        }
    }
}

/// The parser counts lines from 1 and columns from 0, in characters (not bytes).
fn position(mark: Marker) -> Position {
    (mark.line(), mark.col() + 1)
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
}

impl Builder {
    /// Handles a node's start and returns the pointer of the node, or `None` when the node is a
    /// mapping key.
    fn node(&mut self, scalar: Option<&str>, mark: Marker) -> Option<String> {
        match self.stack.last_mut() {
            None => {
                // The document itself is shown from its first line.
                self.starts.insert("#".to_owned(), (1, 1));
                Some("#".to_owned())
            }
            Some(Frame::Map {
                pointer,
                key,
                seen_key,
            }) => match key.take() {
                Some(key) => Some(pointer_child(pointer, &key)),
                None => {
                    // A key: its position is where the entry is shown.
                    let token = scalar.unwrap_or("?").to_owned();
                    self.starts
                        .insert(pointer_child(pointer, &token), position(mark));
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
                let child = pointer_child(pointer, &next.to_string());
                *next += 1;
                self.starts.insert(child.clone(), position(mark));
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
    fn locates_in_json() {
        let source = "{\n  \"openapi\": \"3.1.0\",\n  \"paths\": {\"/a\": {}}\n}";
        let locator = Locator::new(source);
        let location = locator
            .locate(source, "#/paths/~1a")
            .map(|l| (l.line, l.column));
        assert_eq!(location, Some((3, 13)));
    }
}
