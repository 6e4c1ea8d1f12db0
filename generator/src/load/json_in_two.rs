//! A large JSON document parsed in two parts, on two threads.
//!
//! The document is cut at the start of a member near its middle, found by its indentation, up
//! to [`MAX_DEPTH`] objects deep: a large API's weight is mostly in `components.schemas`, whose
//! members are three deep. The head is closed with a brace for each object open at the cut,
//! and the tail opened with as many: the document's, then one under a placeholder key for each
//! open member. Both then parse as whole documents, every value at its true depth. Joining
//! continues the head's last member at each open level with the tail's first.
//!
//! The result is always exactly the whole parse's, or `None`, and the whole parse then decides
//! and locates any error:
//! - the cut falls at a line that starts with a key and follows a member and its comma. A cut
//!   anywhere else between tokens would let an invalid text parse in parts: after `{ ,` the
//!   head closes as `{}`, and where `}` follows a comma the tail's added `{` accepts it. Cut
//!   there, the parts parse only when the braces added close and open exactly the objects open
//!   at the cut, and then the whole text parses too;
//! - at the levels that hold the open members, no object may have a key written twice (a
//!   parse that meets one fails, and the whole parse is taken). The head's open member is then
//!   its last, and the tail's continuation its first; repeated keys deeper down keep their
//!   first place and their last value, as in a whole parse, when the members are joined;
//! - the objects at those levels are built here, as serde_json builds a [`Value`]; a key of
//!   serde_json's own (`$serde_json::private::...`, how its `arbitrary_precision` and
//!   `raw_value` features pass numbers and raw values through a map) fails the parse, since
//!   serde_json then builds something else than an object.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// How deep the member the cut falls before may be; 1 is a member of the document's object.
const MAX_DEPTH: usize = 3;

/// How the keys serde_json passes its own values through a map start.
const SERDE_JSON_KEYS: &str = "$serde_json::private::";

/// The characters JSON allows between tokens; Rust's `trim` takes more.
const JSON_WHITESPACE: [char; 4] = [' ', '\t', '\n', '\r'];

/// The document in `source`, parsed in two parts on two threads; `None` when no cut is found,
/// or when the parts do not parse or join as the whole would.
pub(super) fn parse(source: &str) -> Option<Value> {
    let (cut, depth) = cut(source)?;
    let (head, tail) = source.split_at(cut);
    // The cut is after a comma, which the head drops.
    let head = members_before(head)?;
    // The objects that hold an open member are checked for repeated keys.
    let holders = depth - 1;
    let parse_head = || {
        let mut text = String::with_capacity(head.len() + depth);
        text.push_str(head);
        text.extend(std::iter::repeat_n('}', depth));
        parse_object(&text, holders)
    };
    let parse_tail = || {
        let mut text = String::with_capacity(tail.len() + 4 * depth);
        text.push('{');
        for _ in 0..holders {
            text.push_str(r#""":{"#);
        }
        text.push_str(tail);
        parse_object(&text, holders)
    };
    let (head, tail) = crate::here_and_beside(parse_head, parse_tail);
    let mut document = head?;
    join(&mut document, tail?, holders)?;
    Some(Value::Object(document))
}

/// Where the first member line after the middle of `source` starts (or else the last one
/// before it), and how deep its member is. A member line is indented by a whole number of the
/// first member's indentation, up to [`MAX_DEPTH`] of them, starts with a key, and follows a
/// comma. A document on one line has none.
fn cut(source: &str) -> Option<(usize, usize)> {
    let body = source
        .trim_start_matches(JSON_WHITESPACE)
        .strip_prefix('{')?;
    let first_key = body.trim_start_matches(JSON_WHITESPACE);
    let unit = body[..body.len() - first_key.len()].rsplit_once('\n')?.1;
    if unit.is_empty() || !unit.bytes().all(|byte| matches!(byte, b' ' | b'\t')) {
        return None;
    }
    let bytes = source.as_bytes();
    let member_depth = |start: usize| {
        let mut indented = &bytes[start..];
        let mut depth = 0;
        while depth < MAX_DEPTH
            && let Some(rest) = indented.strip_prefix(unit.as_bytes())
        {
            indented = rest;
            depth += 1;
        }
        (depth > 0 && indented.first() == Some(&b'"') && members_before(&source[..start]).is_some())
            .then_some((start, depth))
    };
    let middle = source.len() / 2;
    memchr::memchr_iter(b'\n', &bytes[middle..])
        .find_map(|newline| member_depth(middle + newline + 1))
        .or_else(|| {
            memchr::memrchr_iter(b'\n', &bytes[..middle])
                .find_map(|newline| member_depth(newline + 1))
        })
}

/// The text of `before` up to its last comma, when it ends with a member and that comma: `{ ,`
/// is no object.
fn members_before(before: &str) -> Option<&str> {
    before
        .trim_end_matches(JSON_WHITESPACE)
        .strip_suffix(',')
        .filter(|members| !members.trim_end_matches(JSON_WHITESPACE).ends_with('{'))
}

/// `text` as an object whose objects `holders` levels down (itself the first) have no key
/// written twice.
fn parse_object(text: &str, holders: usize) -> Option<Map<String, Value>> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = Checked { holders }.deserialize(&mut deserializer).ok()?;
    deserializer.end().ok()?;
    match value {
        Value::Object(members) => Some(members),
        _ => None,
    }
}

/// Continues the last member of `head` with the first of `tail`, `holders` levels down, and
/// adds the rest of `tail`'s members at each level.
fn join(head: &mut Map<String, Value>, tail: Map<String, Value>, holders: usize) -> Option<()> {
    if holders == 0 {
        head.extend(tail);
        return Some(());
    }
    let mut tail = tail.into_iter();
    // The tail's first member is the one under the placeholder key.
    let (_, continuation) = tail.next()?;
    let (Some((_, Value::Object(open))), Value::Object(continuation)) =
        (head.iter_mut().next_back(), continuation)
    else {
        return None;
    };
    join(open, continuation, holders - 1)?;
    // A later member with the open member's key replaces it whole, as in a whole parse.
    head.extend(tail);
    Some(())
}

/// A JSON value, built as serde_json builds [`Value`], whose objects `holders` levels down
/// (this one the first) fail to parse when a key is written twice in one of them, or when a
/// key is one of serde_json's own.
#[derive(Clone, Copy)]
struct Checked {
    holders: usize,
}

impl<'de> DeserializeSeed<'de> for Checked {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        if self.holders == 0 {
            serde::Deserialize::deserialize(deserializer)
        } else {
            deserializer.deserialize_any(self)
        }
    }
}

impl<'de> Visitor<'de> for Checked {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Value, A::Error> {
        let mut values = Vec::new();
        while let Some(item) = items.next_element()? {
            values.push(item);
        }
        Ok(Value::Array(values))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Value, A::Error> {
        let mut members = Map::new();
        let inner = Checked {
            holders: self.holders - 1,
        };
        while let Some(key) = entries.next_key::<String>()? {
            if key.starts_with(SERDE_JSON_KEYS) {
                return Err(de::Error::custom("a key of serde_json's own"));
            }
            let value = entries.next_value_seed(inner)?;
            if members.insert(key, value).is_some() {
                return Err(de::Error::custom("a key is written twice"));
            }
        }
        Ok(Value::Object(members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pretty-printed document with `members` top-level members after `openapi`, each an
    /// object of `size` properties on one line, so that a cut falls between two of them.
    fn pretty_document(members: &[&str], size: usize) -> String {
        let member = |index: usize| {
            let properties: Map<String, Value> = (0..size)
                .map(|property| (format!("p{property}"), Value::from(format!("v{index}"))))
                .collect();
            Value::Object(properties)
        };
        let mut text = r#"{
  "openapi": "3.0.3""#
            .to_owned();
        for (index, name) in members.iter().enumerate() {
            let value = serde_json::to_string(&member(index)).expect("prints");
            text.push_str(&format!(",\n  \"{name}\": {value}"));
        }
        text.push_str("\n}\n");
        text
    }

    /// A pretty-printed document whose weight is in `components.schemas`, as a large API's is:
    /// the cut falls between two schemas, three objects deep.
    fn nested_document(schemas: usize) -> String {
        let schema = |index: usize| {
            serde_json::json!({
                "type": "object",
                "properties": {"id": {"type": "integer", "format": "int64"}, "name": {"type": "string"}},
                "example": {"id": index, "ratio": 0.5 + index as f64, "big": u64::MAX, "low": -3, "tags": ["a", null, true]},
            })
        };
        let schemas: Map<String, Value> = (0..schemas)
            .map(|index| (format!("Schema{index}"), schema(index)))
            .collect();
        let document = serde_json::json!({
            "openapi": "3.1.0",
            "info": {"title": "Nested", "version": "1"},
            "tags": [{"name": "a"}, {"name": "b"}],
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}},
            "components": {
                "schemas": schemas,
                "parameters": {"limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}},
            },
            "x-number": 12.5,
        });
        serde_json::to_string_pretty(&document).expect("prints")
    }

    /// The keys of every object along the path of keys `path`, in order.
    fn orders(tree: &Value, path: &[&str]) -> Vec<Vec<String>> {
        let mut orders = Vec::new();
        let mut value = tree;
        for key in std::iter::once(&"").chain(path) {
            if !key.is_empty() {
                value = &value[key];
            }
            if let Some(object) = value.as_object() {
                orders.push(object.keys().cloned().collect());
            }
        }
        orders
    }

    /// The nested document cut where [`cut`] cuts it: the head and the tail.
    fn nested_halves() -> (String, String) {
        let source = nested_document(2_000);
        let (at, _) = cut(&source).expect("a member line");
        let (head, tail) = source.split_at(at);
        (head.to_owned(), tail.to_owned())
    }

    /// `head` then `rest`, their empty `x-a` and `x-b` strings padded so that the middle of the
    /// document falls in the last line of `head`.
    fn middle_at_end_of(head: &str, rest: &str) -> String {
        let head = head.replacen(
            "\"x-a\": \"",
            &format!("\"x-a\": \"{}", "a".repeat(1_000)),
            1,
        );
        // Twice as long as the head without its last three bytes.
        let padding = 2 * (head.len() - 3) - head.len() - rest.len();
        let rest = rest.replacen(
            "\"x-b\": \"",
            &format!("\"x-b\": \"{}", "b".repeat(padding)),
            1,
        );
        let source = format!("{head}{rest}");
        let last_line = head.trim_end_matches('\n').rfind('\n').unwrap_or(0);
        assert!((last_line..head.len()).contains(&(source.len() / 2)));
        source
    }

    /// `source` is not parsed in two parts, and parsing it gives the whole parse's tree.
    fn assert_parsed_whole_only(source: &str) {
        assert!(parse(source).is_none());
        assert!(
            super::super::parse_json(source).expect("parses")
                == serde_json::from_str::<Value>(source).expect("parses")
        );
    }

    fn assert_parsed_as_whole(source: &str) {
        let whole = serde_json::from_str::<Value>(source).expect("parses");
        let in_two = parse(source).expect("cut between two members");
        assert!(in_two == whole);
        assert_eq!(
            orders(&in_two, &["components", "schemas"]),
            orders(&whole, &["components", "schemas"])
        );
    }

    #[test]
    fn a_document_cut_between_top_level_members_is_the_document_parsed_whole() {
        // Members written twice, one on each side of the cut and one on the same side, keep
        // their first place and their last value.
        for members in [
            &["info", "paths", "components"][..],
            &["paths", "components", "paths", "x-a"],
            &["components", "paths", "paths", "components"],
        ] {
            let source = pretty_document(members, 20_000);
            assert_eq!(cut(&source).map(|(_, depth)| depth), Some(1), "{members:?}");
            assert_parsed_as_whole(&source);
        }
    }

    #[test]
    fn a_document_cut_between_two_schemas_is_the_document_parsed_whole() {
        let source = nested_document(2_000);
        let (at, depth) = cut(&source).expect("a member line");
        assert_eq!(depth, 3);
        assert!(
            source[at..].starts_with("      \"Schema"),
            "{}",
            &source[at..at + 20]
        );
        assert_parsed_as_whole(&source);
    }

    #[test]
    fn members_repeated_across_the_cut_join_as_in_the_whole_parse() {
        let (head, tail) = nested_halves();
        // A schema repeated in the tail, the open `schemas` written again after it, and the
        // open `components` written again at the end: the later one replaces it whole, in its
        // place.
        let tail = tail
            .replacen("\"Schema1999\"", "\"Schema0\"", 1)
            .replacen("\"parameters\"", "\"schemas\"", 1)
            .replacen(
                "\"x-number\": 12.5",
                "\"components\": {\"late\": 1},\n  \"x-number\": 12.5",
                1,
            );
        let source = format!("{head}{tail}");
        assert_parsed_as_whole(&source);
        let whole = serde_json::from_str::<Value>(&source).expect("parses");
        assert_eq!(whole["components"], serde_json::json!({"late": 1}));
    }

    #[test]
    fn a_key_written_twice_in_an_object_holding_the_cut_is_parsed_whole() {
        let (head, tail) = nested_halves();
        for source in [
            // `components` written before, in the head: the open one is not the head's last.
            head.replacen("\"paths\":", "\"components\": {},\n  \"paths\":", 1) + &tail,
            // The placeholder's key in the tail, where a member of `components` is.
            format!("{head}{}", tail.replacen("\"parameters\"", "\"\"", 1)),
        ] {
            assert_ne!(source, format!("{head}{tail}"));
            assert_parsed_whole_only(&source);
        }
    }

    #[test]
    fn a_first_member_is_not_a_cut() {
        // Just after the middle, `schemas` and `A` are the first members of their objects: no
        // comma before them, so the cut falls at `x-b`, the first member line after them that
        // follows one.
        let source = middle_at_end_of(
            "{\n  \"openapi\": \"3.0.3\",\n  \"x-a\": \"\",\n  \"components\": {\n",
            "    \"schemas\": {\n      \"A\": {}\n    }\n  },\n  \"x-b\": \"\"\n}\n",
        );
        assert!(cut(&source).is_some_and(|(at, _)| source[at..].starts_with("  \"x-b\"")));
        assert_parsed_as_whole(&source);
    }

    #[test]
    fn a_document_that_cannot_be_cut_is_parsed_whole() {
        let pretty = pretty_document(&["paths", "components"], 20_000);
        // On one line there is no indentation to find members by.
        let minified =
            serde_json::to_string(&serde_json::from_str::<Value>(&pretty).expect("parses"))
                .expect("prints");
        assert!(cut(&minified).is_none());
        // Members indented as if one level shallower than they are, nearer the middle than
        // any other: the braces added do not close what is open at the cut.
        let nested = nested_document(2_000);
        let misleading = nested.replace("\n      \"Schema", "\n    \"Schema");
        assert_ne!(misleading, nested);
        assert_eq!(cut(&misleading).map(|(_, depth)| depth), Some(2));
        assert_parsed_whole_only(&misleading);
        // What JSON forbids where the cut would fall, which a careless cut would drop: a
        // comma with no member before it, and whitespace that is not JSON's.
        let (at, _) = cut(&nested).expect("a member line");
        let (head, tail) = nested.split_at(at);
        let comma = head.rfind(',').expect("a comma");
        for forbidden in [
            format!("{}{{\n,\n{tail}", &head[..comma]),
            format!("{},\u{a0}\n{tail}", &head[..comma]),
        ] {
            let in_two = cut(&forbidden).map(|(at, _)| at);
            assert!(in_two.is_none_or(|cut_at| cut_at > comma + 3), "{in_two:?}");
            assert!(parse(&forbidden).is_none());
            assert!(super::super::parse_json(&forbidden).is_err());
        }
    }

    #[test]
    fn an_error_in_either_part_is_located_as_in_the_whole_parse() {
        let (head, tail) = nested_halves();
        for broken in [
            format!("{}{tail}", head.replacen("\"Schema3\"", "Schema3", 1)),
            format!("{head}{}", tail.replacen("\"type\"", "type", 1)),
        ] {
            assert!(parse(&broken).is_none());
            let error = super::super::parse_json(&broken).expect_err("does not parse");
            let whole = serde_json::from_str::<Value>(&broken).expect_err("does not parse");
            assert_eq!(
                (error.line(), error.column()),
                (whole.line(), whole.column())
            );
        }
    }

    #[test]
    fn every_json_document_cut_is_the_document_parsed_whole() {
        let mut cut_documents = 0;
        for (path, format) in crate::test_documents() {
            if format != super::super::Format::Json {
                continue;
            }
            let source = std::fs::read_to_string(&path).expect("a readable document");
            if let Some(in_two) = parse(&source) {
                cut_documents += 1;
                let whole = serde_json::from_str::<Value>(&source).expect("parses");
                assert!(in_two == whole, "{}", path.display());
                assert_eq!(
                    orders(&in_two, &["components", "schemas"]),
                    orders(&whole, &["components", "schemas"]),
                    "{}",
                    path.display()
                );
            }
        }
        assert!(cut_documents > 0);
    }

    #[test]
    fn a_member_after_an_opening_brace_and_a_comma_is_not_a_cut() {
        // `{ ,` then a member, just after the middle: cut there, both parts would parse.
        let source = middle_at_end_of(
            "{\n  \"openapi\": \"3.0.3\",\n  \"x-a\": \"\",\n  \"components\": {\n    \"schemas\": {\n      ,\n",
            "      \"A\": {}\n    }\n  },\n  \"x-b\": \"\"\n}\n",
        );
        assert!(serde_json::from_str::<Value>(&source).is_err());
        assert!(cut(&source).is_some_and(|(at, _)| source[at..].starts_with("  \"x-b\"")));
        assert!(parse(&source).is_none());
    }

    #[test]
    fn a_key_of_serde_json_s_own_at_a_level_holding_the_cut_is_parsed_whole() {
        // Such a key is how serde_json, with some of its features, passes a number through a
        // map: the whole parse decides what it makes of it.
        let source = nested_document(2_000).replacen(
            "\"x-number\": 12.5",
            "\"x-number\": {\"$serde_json::private::Number\": \"12.5\"}",
            1,
        );
        assert!(cut(&source).is_some_and(|(_, depth)| depth == 3));
        assert_parsed_whole_only(&source);
    }
}
