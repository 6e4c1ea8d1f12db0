//! Spec prose into rustdoc attributes that neither break `cargo doc` nor run as doctests.

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, quote};

use super::syntax::doc_attr;
use crate::model::Docs;

/// Documentation as rustdoc lines, each a `#[doc]` attribute: tokens inside `quote!`, or
/// attributes of an item built as a tree (see [`attributes`](Self::attributes)).
#[derive(Debug, Clone, Default)]
pub struct DocLines(Vec<Literal>);

impl DocLines {
    /// Whether there is no documentation at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The lines as attributes of an item built as a tree.
    pub fn attributes(self) -> Vec<syn::Attribute> {
        self.0.into_iter().map(doc_attr).collect()
    }
}

impl ToTokens for DocLines {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        for line in &self.0 {
            tokens.extend(quote!(#[doc = #line]));
        }
    }
}

/// HTML tags rustdoc renders; anything else in angle brackets is text, such as `<token>`.
const HTML_TAGS: &[&str] = &[
    "a",
    "b",
    "br",
    "code",
    "em",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
    "details",
    "summary",
    "kbd",
    "hr",
    "blockquote",
];

/// The documentation of a summary and description.
pub fn doc_lines(docs: &Docs) -> DocLines {
    let mut paragraphs: Vec<&str> = Vec::new();
    if let Some(summary) = docs
        .summary
        .as_deref()
        .filter(|text| !text.trim().is_empty())
    {
        paragraphs.push(summary);
    }
    if let Some(description) = docs
        .description
        .as_deref()
        .filter(|text| !text.trim().is_empty())
        && docs.summary.as_deref().map(str::trim) != Some(description.trim())
    {
        paragraphs.push(description);
    }
    sanitized_lines(&paragraphs.join("\n\n"))
}

/// The documentation of text written here, which may use intra-doc links. Spec text that goes
/// into it passes through [`inline`] first.
pub fn doc_text(text: &str) -> DocLines {
    lines(text.lines().map(str::to_owned))
}

/// Appends a paragraph of our own text to `docs`, separated by a blank line when `docs` already
/// has some.
pub fn append_paragraph(docs: &mut DocLines, text: &str) {
    let text = if docs.is_empty() {
        text.to_owned()
    } else {
        format!("\n{text}")
    };
    docs.0.extend(doc_text(&text).0);
}

/// The longest `default` value written out in full; a longer one is cut, so that one large
/// example object does not swamp a field's documentation.
const MAX_DEFAULT_LEN: usize = 120;

/// The paragraph that documents a schema's `default`, the JSON value as a code span.
pub fn default_paragraph(value: &serde_json::Value) -> String {
    let mut json = value.to_string();
    if json.len() > MAX_DEFAULT_LEN {
        json = format!("{} …", prefix(&json, MAX_DEFAULT_LEN));
    }
    // A code span is fenced by more backticks than any run inside it.
    let mut longest_run = 0;
    let mut run = 0;
    for c in json.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest_run = longest_run.max(run);
    }
    let fence = "`".repeat(longest_run + 1);
    let padding = if longest_run > 0 { " " } else { "" };
    format!("Default when absent: {fence}{padding}{json}{padding}{fence}.")
}

/// Spec text made safe to embed in a sentence of [`doc_text`].
pub fn inline(text: &str) -> String {
    sanitize(text).join("\n")
}

fn sanitized_lines(text: &str) -> DocLines {
    lines(sanitize(text).into_iter())
}

fn lines(lines: impl Iterator<Item = String>) -> DocLines {
    let lines = lines.map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        doc_literal(&line)
    });
    DocLines(lines.collect())
}

/// A string literal for a doc line: a raw string (`r"..."`, with as many `#` as the text
/// needs), which, unlike an escaped one, costs nothing to write and to read back. Documentation
/// is most of the text generated, and escaping it character by character took a quarter of
/// emitting. Text that a raw string cannot hold (a carriage return) is escaped.
fn doc_literal(text: &str) -> Literal {
    if text.contains('\r') {
        return Literal::string(text);
    }
    // The longest run of `#` after a quote decides how many the delimiters need.
    let mut hashes = 0;
    for (at, _) in text.match_indices('"') {
        let run = text[at + 1..]
            .bytes()
            .take_while(|&byte| byte == b'#')
            .count();
        hashes = hashes.max(run + 1);
    }
    let mut literal = String::with_capacity(text.len() + 3 + 2 * hashes);
    literal.push('r');
    literal.extend(std::iter::repeat_n('#', hashes));
    literal.push('"');
    literal.push_str(text);
    literal.push('"');
    literal.extend(std::iter::repeat_n('#', hashes));
    literal.parse().unwrap_or_else(|_| Literal::string(text))
}

/// Makes Markdown from a spec safe for rustdoc: code blocks are fenced as `text`, bare URLs are
/// wrapped in angle brackets, brackets that are not links are escaped, and angle brackets that
/// are not HTML are escaped.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_fence = false;
    // The indentation that continues the current list item, while inside one.
    let mut list_indent: Option<usize> = None;
    let all_lines: Vec<&str> = text.trim().lines().collect();
    for (index, line) in all_lines.iter().enumerate() {
        let line = line.trim_end();
        // A link's text may wrap onto the next lines of its paragraph.
        // Only a bracket can open a link.
        let following: String = if line.contains('[') {
            all_lines[index + 1..]
                .iter()
                .take(LINK_LOOKAHEAD)
                .take_while(|line| !line.trim().is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            String::new()
        };
        let trimmed = line.trim_start();
        if line.is_empty() {
            list_indent = None;
        } else if let Some(width) = list_marker_width(trimmed) {
            list_indent = Some(line.len() - trimmed.len() + width);
        } else if let Some(indent) = list_indent
            && !in_fence
            && !trimmed.starts_with("```")
        {
            // A continuation of a list item: indented exactly as the item's text, neither lazy
            // nor deep enough to read as a code block.
            lines.push(sanitize_line(
                &format!("{}{trimmed}", " ".repeat(indent)),
                &following,
            ));
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let indent = &line[..line.len() - trimmed.len()];
            lines.push(if in_fence {
                format!("{indent}```")
            } else {
                format!("{indent}```text")
            });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            lines.push(line.to_owned());
        } else {
            // Four leading spaces outside a list would make an indented code block, which
            // rustdoc runs as a doctest.
            let line = if line.starts_with("    ") && list_indent.is_none() {
                trimmed
            } else {
                line
            };
            lines.push(sanitize_line(line, &following));
        }
    }
    if in_fence {
        lines.push("```".to_owned());
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// How many following lines a link's text may wrap onto.
const LINK_LOOKAHEAD: usize = 3;

fn sanitize_line(line: &str, following: &str) -> String {
    // Most lines have nothing to change.
    if !line
        .bytes()
        .any(|byte| matches!(byte, b'`' | b'[' | b']' | b'<' | b'>'))
        && !line.contains("http://")
        && !line.contains("https://")
    {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let mut rest = line;
    loop {
        // Text up to the next character that may change passes as it is: in a code span only
        // its closing backtick matters, elsewhere brackets and a URL's first letter too.
        let passes = rest
            .bytes()
            .position(|byte| {
                byte == b'`' || (!in_code && matches!(byte, b'[' | b']' | b'<' | b'>' | b'h'))
            })
            .unwrap_or(rest.len());
        out.push_str(&rest[..passes]);
        rest = &rest[passes..];
        let Some(c) = rest.chars().next() else {
            break;
        };
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            rest = &rest[1..];
            continue;
        }
        if (rest.starts_with("https://") || rest.starts_with("http://"))
            && !out.ends_with(['<', '(', '"', '\''])
        {
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
                .unwrap_or(rest.len());
            let mut url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
            // A closing parenthesis ends the URL unless the URL opened it.
            while url.ends_with(')') && url.matches('(').count() < url.matches(')').count() {
                url = url[..url.len() - 1].trim_end_matches(['.', ',', ';', ':']);
            }
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        match c {
            '[' if !is_link(rest, following) => out.push_str("\\["),
            ']' if !out.ends_with('\\') && !rest[1..].starts_with('(') => out.push_str("\\]"),
            '<' if !is_html_tag(&rest[1..]) => out.push_str("&lt;"),
            '>' if !closes_html_tag(&out) => out.push_str("&gt;"),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The width of a list item's marker and the space after it (`- `, `* `, `1. `), if the line
/// starts a list item.
fn list_marker_width(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") ")))
        .then_some(digits + 2)
}

/// Whether `[` starts a Markdown link `[text](target)`, whose text may go on into the
/// following lines. Only a bounded window is searched, so that a long line of brackets stays
/// linear.
fn is_link(rest: &str, following: &str) -> bool {
    const WINDOW: usize = 500;
    let window = format!("{} {}", prefix(rest, WINDOW), prefix(following, WINDOW));
    window
        .find(']')
        .is_some_and(|close| window[close + 1..].starts_with('('))
}

/// At most the first `bytes` bytes of `text`, cut at a character boundary.
fn prefix(text: &str, bytes: usize) -> &str {
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn is_html_tag(after_open: &str) -> bool {
    let name: String = after_open
        .trim_start_matches('/')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    HTML_TAGS.contains(&name.to_ascii_lowercase().as_str())
}

/// Whether a `>` closes an HTML tag opened shortly before it.
fn closes_html_tag(before: &str) -> bool {
    const WINDOW: usize = 200;
    let mut start = before.len().saturating_sub(WINDOW);
    while !before.is_char_boundary(start) {
        start += 1;
    }
    let before = &before[start..];
    before
        .rfind(['<', '>'])
        .is_some_and(|at| before[at..].starts_with('<') && is_html_tag(&before[at + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_literals_read_back_as_their_text() {
        for text in [
            "",
            " plain",
            " a \"quote\"",
            " \"# and \"## and \"###",
            " back\\slash \\n",
            " carriage\rreturn",
            " é 🦀",
        ] {
            let literal = doc_literal(text);
            let read: syn::LitStr = syn::parse2(quote!(#literal)).expect("a string literal");
            assert_eq!(read.value(), text);
            assert_eq!(literal.to_string().starts_with('r'), !text.contains('\r'));
        }
    }

    #[test]
    fn urls_brackets_and_angle_brackets() {
        assert_eq!(
            sanitize(
                "see https://example.com/a. [A149001] ok [link](https://x.y) `[x]` <code>id</code> Bearer <token>"
            ),
            [
                "see <https://example.com/a>. \\[A149001\\] ok [link](https://x.y) `[x]` <code>id</code> Bearer &lt;token&gt;"
            ]
        );
    }

    #[test]
    fn lazy_list_continuations_are_indented() {
        assert_eq!(
            sanitize("Values:\n- `a`: first\nstill first\n10. ten\n        more\n\nafter"),
            [
                "Values:",
                "- `a`: first",
                "  still first",
                "10. ten",
                "    more",
                "",
                "after"
            ]
        );
    }

    #[test]
    fn urls_keep_their_own_parentheses() {
        assert_eq!(
            sanitize("(see https://e.com/a_(b).) and https://e.com/c)."),
            ["(see <https://e.com/a_(b)>.) and <https://e.com/c>)."]
        );
    }

    #[test]
    fn links_whose_text_wraps_stay_links() {
        assert_eq!(
            sanitize("see [OpenID Connect\nClient Metadata](https://openid.net/x#y). [A1]"),
            [
                "see [OpenID Connect",
                "Client Metadata](https://openid.net/x#y). \\[A1\\]"
            ]
        );
    }

    #[test]
    fn defaults_are_json_in_code_spans() {
        assert_eq!(
            default_paragraph(&serde_json::json!("available")),
            "Default when absent: `\"available\"`."
        );
        assert_eq!(
            default_paragraph(&serde_json::json!({"a": [1, 2]})),
            "Default when absent: `{\"a\":[1,2]}`."
        );
        assert_eq!(
            default_paragraph(&serde_json::json!("a`b")),
            "Default when absent: `` \"a`b\" ``."
        );
        let long = default_paragraph(&serde_json::json!("x".repeat(500)));
        assert!(long.len() < 200 && long.ends_with(" …`."), "{long}");
    }

    #[test]
    fn code_blocks_never_run() {
        assert_eq!(
            sanitize("a\n```json\n{\"a\": [1]}\n```\n    indented"),
            ["a", "```text", "{\"a\": [1]}", "```", "indented"]
        );
        assert_eq!(sanitize("```\nopen"), ["```text", "open", "```"]);
    }
}
