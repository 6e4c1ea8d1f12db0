//! Diagnostics as data: severity, JSON pointer, message and hint, located in the spec's text
//! and rendered the way rustc renders its own.

use std::fmt;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Rendered, Label};
use codespan_reporting::files::{self, Files};
use codespan_reporting::term;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation went on with a documented fallback.
    Warning,
    /// The spec cannot be used.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Warning => "warning",
            Self::Error => "error",
        })
    }
}

/// Where in the spec's text a diagnostic points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The byte range to underline.
    pub span: Range<usize>,
}

/// One problem found in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// What is wrong: lowercase, no final period.
    pub message: String,
    /// The JSON pointer of the offending element, such as `#/paths/~1v1~1clients/patch`.
    pub pointer: Option<String>,
    /// What to do about it.
    pub hint: Option<String>,
    /// Where it is in the text, once located.
    pub location: Option<Location>,
}

impl Diagnostic {
    /// An error at `pointer`.
    pub fn error(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, Some(pointer.into()), message.into())
    }

    /// A warning at `pointer`.
    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, Some(pointer.into()), message.into())
    }

    /// An error already located in the text, such as a syntax error.
    pub fn error_at(location: Location, message: impl Into<String>) -> Self {
        Self {
            location: Some(location),
            ..Self::new(Severity::Error, None, message.into())
        }
    }

    fn new(severity: Severity, pointer: Option<String>, message: String) -> Self {
        Self {
            severity,
            message,
            pointer,
            hint: None,
            location: None,
        }
    }

    /// Adds what to do about it.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// Every diagnostic of one spec file, with the text they point into.
#[derive(Debug, Clone)]
pub struct Report {
    /// The spec file, as it is shown to the user.
    pub file: String,
    /// The spec's text.
    pub source: String,
    /// The problems found, in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|diagnostic| diagnostic.severity == Severity::Error)
    }

    /// Each diagnostic on one line: `file:line:column: severity: message (at pointer)`.
    pub fn one_line(&self, diagnostic: &Diagnostic) -> String {
        let mut line = self.file.clone();
        if let Some(location) = &diagnostic.location {
            line.push_str(&format!(":{}:{}", location.line, location.column));
        }
        line.push_str(&format!(
            ": {}: {}",
            diagnostic.severity, diagnostic.message
        ));
        if let Some(pointer) = &diagnostic.pointer {
            line.push_str(&format!(" (at {pointer})"));
        }
        if let Some(hint) = &diagnostic.hint {
            line.push_str(&format!("; hint: {hint}"));
        }
        line
    }

    /// Up to 60 bytes either side of a location on a line longer than 200 bytes. Looks only
    /// near the location, so that it costs the same on a minified document.
    fn long_line_excerpt(&self, location: &Location) -> Option<String> {
        const LONG: usize = 200;
        const SIDE: usize = 60;
        let source = self.source.as_str();
        let start = floor_boundary(source, location.span.start.min(source.len()));
        let before = &source[floor_boundary(source, start.saturating_sub(LONG))..start];
        let after = &source[start..floor_boundary(source, (start + LONG).min(source.len()))];
        let line_before = before.rsplit('\n').next().unwrap_or("");
        let line_after = after.split('\n').next().unwrap_or("");
        if line_before.len() + line_after.len() < LONG {
            return None;
        }
        let head =
            &line_before[ceil_boundary(line_before, line_before.len().saturating_sub(SIDE))..];
        let tail = &line_after[..floor_boundary(line_after, SIDE.min(line_after.len()))];
        Some(format!("…{head}{tail}…"))
    }

    /// Every diagnostic rendered with the offending lines and a marker under them.
    pub fn render(&self) -> String {
        let covering = self
            .diagnostics
            .iter()
            .filter_map(|d| d.location.as_ref())
            .map(|location| location.span.end)
            .max()
            .unwrap_or(0);
        let file = SourceFile::new(&self.file, &self.source, covering);
        let config = term::Config::default();
        let mut out = String::new();
        for diagnostic in &self.diagnostics {
            let mut rendered = match diagnostic.severity {
                Severity::Error => Rendered::error(),
                Severity::Warning => Rendered::warning(),
            }
            .with_message(&diagnostic.message);
            let mut notes = Vec::new();
            if let Some(location) = &diagnostic.location {
                match self.long_line_excerpt(location) {
                    // A very long line (a minified document) is shown as an excerpt around the
                    // position rather than whole.
                    Some(excerpt) => notes.push(format!(
                        "{}:{}:{}: {excerpt}",
                        self.file, location.line, location.column
                    )),
                    None => {
                        rendered =
                            rendered.with_labels(vec![Label::primary((), location.span.clone())]);
                    }
                }
            }
            if let Some(pointer) = &diagnostic.pointer {
                notes.push(format!("at {pointer}"));
            }
            if let Some(hint) = &diagnostic.hint {
                notes.push(format!("hint: {hint}"));
            }
            rendered = rendered.with_notes(notes);
            match term::emit_into_string(&config, &file, &rendered) {
                Ok(text) => out.push_str(&text),
                // The span lies outside the text: fall back to the one-line form.
                Err(_) => {
                    out.push_str(&self.one_line(diagnostic));
                    out.push('\n');
                }
            }
        }
        out
    }
}

/// A report's text as codespan-reporting reads it. Its own `SimpleFile` finds every line start
/// one character at a time, which on a 13 MB document took longer than everything else
/// rendering does. This one finds them with memchr, and only as far as the diagnostics reach;
/// lines after that are counted if asked for.
struct SourceFile<'a> {
    name: &'a str,
    source: &'a str,
    /// Where each line starts, up to the first line starting after the byte `covering`.
    line_starts: Vec<usize>,
}

impl<'a> SourceFile<'a> {
    fn new(name: &'a str, source: &'a str, covering: usize) -> Self {
        let mut line_starts = vec![0];
        for newline in memchr::memchr_iter(b'\n', source.as_bytes()) {
            line_starts.push(newline + 1);
            if newline >= covering {
                break;
            }
        }
        Self {
            name,
            source,
            line_starts,
        }
    }

    /// The last line start recorded, and its line's index.
    fn last_recorded(&self) -> (usize, usize) {
        let index = self.line_starts.len() - 1;
        (index, self.line_starts[index])
    }

    fn line_start(&self, line_index: usize) -> Result<usize, files::Error> {
        if let Some(&start) = self.line_starts.get(line_index) {
            return Ok(start);
        }
        let (last, from) = self.last_recorded();
        let rest = &self.source.as_bytes()[from..];
        if let Some(newline) = memchr::memchr_iter(b'\n', rest).nth(line_index - last - 1) {
            return Ok(from + newline + 1);
        }
        let lines = last + 1 + memchr::memchr_iter(b'\n', rest).count();
        if line_index == lines {
            Ok(self.source.len())
        } else {
            Err(files::Error::LineTooLarge {
                given: line_index,
                max: lines - 1,
            })
        }
    }
}

impl<'a> Files<'a> for SourceFile<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(self.source)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, files::Error> {
        let (last, from) = self.last_recorded();
        if byte_index < from {
            return Ok(self
                .line_starts
                .binary_search(&byte_index)
                .unwrap_or_else(|next_line| next_line - 1));
        }
        let passed = &self.source.as_bytes()[from..byte_index.min(self.source.len())];
        Ok(last + memchr::memchr_iter(b'\n', passed).count())
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, files::Error> {
        Ok(self.line_start(line_index)?..self.line_start(line_index + 1)?)
    }
}

/// The largest character boundary at or before `at`.
fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The smallest character boundary at or after `at`.
fn ceil_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/`.
pub fn pointer_child(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    push_pointer_token(&mut out, token);
    out
}

/// Appends `/token`, escaped, to `pointer`: [`pointer_child`] in place, for walks that keep
/// one pointer and truncate it on the way back up.
pub fn push_pointer_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    // Copied in runs between the characters to escape, not a character at a time.
    let mut rest = token;
    while let Some(at) = memchr::memchr2(b'~', b'/', rest.as_bytes()) {
        pointer.push_str(&rest[..at]);
        pointer.push_str(if rest.as_bytes()[at] == b'~' {
            "~0"
        } else {
            "~1"
        });
        rest = &rest[at + 1..];
    }
    pointer.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(
            pointer_child("#/paths", "/v1/clients/{id}"),
            "#/paths/~1v1~1clients~1{id}"
        );
        assert_eq!(pointer_child("#", "a~b"), "#/a~0b");
        assert_eq!(pointer_child("#", "~/é~"), "#/~0~1é~0");
        assert_eq!(pointer_child("#", ""), "#/");
    }

    #[test]
    fn render_shows_the_line_the_pointer_and_the_hint() {
        let report = Report {
            file: "specs/x.yaml".into(),
            source: "openapi: 3.0.3\npaths: 12\n".into(),
            diagnostics: vec![Diagnostic {
                location: Some(Location {
                    line: 2,
                    column: 8,
                    span: 22..24,
                }),
                ..Diagnostic::error("#/paths", "paths must be a map").with_hint("write `paths: {}`")
            }],
        };
        let text = report.render();
        assert!(text.contains("error: paths must be a map"), "{text}");
        assert!(text.contains("specs/x.yaml:2:8"), "{text}");
        assert!(text.contains("paths: 12"), "{text}");
        assert!(text.contains("at #/paths"), "{text}");
        assert!(text.contains("hint: write `paths: {}`"), "{text}");
        assert_eq!(
            report.one_line(&report.diagnostics[0]),
            "specs/x.yaml:2:8: error: paths must be a map (at #/paths); hint: write `paths: {}`"
        );
    }

    #[test]
    fn source_files_render_as_codespans_own_files_do() {
        use codespan_reporting::files::SimpleFile;
        let sources = [
            "openapi: 3.0.3\npaths: 12\n",
            "openapi: 3.0.3\npaths: 12",
            "a: 1\r\nb: 2\r\n\r\nc: 3",
            "\n\n\n",
            "é: ü\nx",
            "",
        ];
        let config = term::Config::default();
        for source in sources {
            let theirs = SimpleFile::new("x.yaml", source);
            for covering in 0..=source.len() {
                let ours = SourceFile::new("x.yaml", source, covering);
                for byte in 0..source.len() + 3 {
                    assert_eq!(
                        ours.line_index((), byte).ok(),
                        theirs.line_index((), byte).ok(),
                        "{source:?}: line of byte {byte}, lines recorded to {covering}"
                    );
                }
                for line in 0..source.len() + 3 {
                    assert_eq!(
                        ours.line_range((), line).map_err(|e| e.to_string()),
                        theirs.line_range((), line).map_err(|e| e.to_string()),
                        "{source:?}: line {line}, lines recorded to {covering}"
                    );
                }
            }
        }
        for source in sources {
            for start in 0..=source.len() {
                if !source.is_char_boundary(start) {
                    continue;
                }
                let end = (start + 3..=source.len())
                    .find(|&end| source.is_char_boundary(end))
                    .unwrap_or(start);
                let rendered = Rendered::warning()
                    .with_message("m")
                    .with_labels(vec![Label::primary((), start..end)]);
                let theirs =
                    term::emit_into_string(&config, &SimpleFile::new("x.yaml", source), &rendered)
                        .map_err(|e| e.to_string());
                // Lines recorded up to nowhere, up to the label, and all of them.
                for covering in [0, end, source.len()] {
                    let ours = term::emit_into_string(
                        &config,
                        &SourceFile::new("x.yaml", source, covering),
                        &rendered,
                    );
                    assert_eq!(
                        ours.map_err(|e| e.to_string()),
                        theirs,
                        "{source:?} at {start}..{end}, lines recorded to {covering}"
                    );
                }
            }
        }
    }
}
