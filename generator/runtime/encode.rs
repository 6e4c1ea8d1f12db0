//! Encodings of structured values besides JSON: form and multipart bodies, built from a
//! [`FormData`], and `deepObject` query parameters.

use std::fmt;

use bytes::Bytes;
use percent_encoding::{percent_encode, utf8_percent_encode};
use serde::Serialize;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use super::client::COMPONENT;
use super::error::BuildError;
use super::values::{ListStyle, ParamValue};

/// The fields of a form body, in order. Generated methods fill it from the body struct, a
/// call per field; the request builder then encodes it as `application/x-www-form-urlencoded`
/// or as `multipart/form-data`.
#[derive(Default, Clone)]
pub struct FormData {
    fields: Vec<FormField>,
}

#[derive(Clone)]
struct FormField {
    name: String,
    value: FormValue,
    /// The part's `Content-Type` in a multipart body, when the spec declares one.
    content_type: Option<&'static str>,
}

#[derive(Clone)]
enum FormValue {
    /// A scalar as text.
    Text(String),
    /// Bytes: a file part in a multipart body.
    File(Bytes),
    /// A structured value as JSON text.
    Json(String),
    /// A list of scalars as one field, the items joined by a delimiter that stays literal in
    /// a urlencoded body while the items are percent-encoded, as in a query string.
    Joined {
        items: Vec<String>,
        delimiter: Delimiter,
    },
    /// An object in the `deepObject` style: each key already percent-encoded but for its
    /// brackets (`filter[name]`), each value as text.
    Deep(Vec<(String, String)>),
}

#[derive(Clone, Copy)]
enum Delimiter {
    Comma,
    Space,
    Pipe,
}

impl Delimiter {
    /// The delimiter in a urlencoded body, and in a multipart part.
    fn encoded_and_plain(self) -> (&'static str, &'static str) {
        match self {
            Self::Comma => (",", ","),
            Self::Space => ("%20", " "),
            Self::Pipe => ("|", "|"),
        }
    }
}

impl fmt::Debug for FormData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Values can be secrets; the names cannot.
        f.debug_list()
            .entries(self.fields.iter().map(|field| &field.name))
            .finish()
    }
}

/// The boundary of multipart bodies, followed by a number that makes it absent from every
/// part. A fixed boundary keeps bodies reproducible.
const BOUNDARY: &str = "openapi-client-boundary";

impl FormData {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// The parts added through the returned value carry `content_type` as their
    /// `Content-Type` in a multipart body, as the spec's `encoding` object declares for a
    /// field, in place of the default of their kind. A urlencoded body has no part headers,
    /// so there it changes nothing.
    pub fn with_content_type(&mut self, content_type: &'static str) -> TypedParts<'_> {
        TypedParts {
            form: self,
            content_type: Some(content_type),
        }
    }

    fn untyped(&mut self) -> TypedParts<'_> {
        TypedParts {
            form: self,
            content_type: None,
        }
    }

    /// Adds a scalar field.
    pub fn text<V: ParamValue + ?Sized>(&mut self, name: &str, value: &V) {
        self.untyped().text(name, value);
    }

    /// Adds a list of scalars: one field per item, all under `name`.
    pub fn text_list<V: ParamValue>(&mut self, name: &str, values: &[V]) {
        self.untyped().text_list(name, values);
    }

    /// Adds a list of scalars in a `style` of OpenAPI's: one field per item under `name`
    /// ([`ListStyle::FormExploded`]), or one field with the items joined by commas, spaces or
    /// pipes.
    pub fn styled_list<V: ParamValue>(&mut self, name: &str, values: &[V], style: ListStyle) {
        let delimiter = match style {
            ListStyle::FormExploded => return self.text_list(name, values),
            ListStyle::Form => Delimiter::Comma,
            ListStyle::SpaceDelimited => Delimiter::Space,
            ListStyle::PipeDelimited => Delimiter::Pipe,
        };
        let items = values
            .iter()
            .map(|value| value.to_param().into_owned())
            .collect();
        self.untyped()
            .push(name, FormValue::Joined { items, delimiter });
    }

    /// Adds an object in the `deepObject` style: `name[key]=value` for each property, nested
    /// objects as `name[key][inner]=value`, lists as the same key repeated, `null` left out.
    pub fn deep_object<V: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &V,
    ) -> Result<(), BuildError> {
        let pairs = deep_object_pairs(name, value)?;
        self.untyped().push(name, FormValue::Deep(pairs));
        Ok(())
    }

    /// Adds bytes: a file part, named after the field, in a multipart body.
    pub fn file(&mut self, name: &str, bytes: &Bytes) {
        self.untyped().file(name, bytes);
    }

    /// Adds a list of byte strings, a file part each.
    pub fn files(&mut self, name: &str, files: &[Bytes]) {
        self.untyped().files(name, files);
    }

    /// Adds a structured value as its JSON text; in a multipart body, a part of type
    /// `application/json`.
    pub fn json<V: Serialize + ?Sized>(&mut self, name: &str, value: &V) -> Result<(), BuildError> {
        self.untyped().json(name, value)
    }

    /// The `application/x-www-form-urlencoded` encoding: `name=value` pairs joined by `&`,
    /// everything but the unreserved characters percent-encoded.
    pub(crate) fn urlencoded(&self) -> Vec<u8> {
        /// Starts a pair: its separator, its name, `=`.
        fn pair(out: &mut String, encoded_name: &str) {
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str(encoded_name);
            out.push('=');
        }
        let mut out = String::new();
        for field in &self.fields {
            let name: String = utf8_percent_encode(&field.name, COMPONENT).collect();
            match &field.value {
                FormValue::Text(text) | FormValue::Json(text) => {
                    pair(&mut out, &name);
                    out.extend(utf8_percent_encode(text, COMPONENT));
                }
                FormValue::File(bytes) => {
                    pair(&mut out, &name);
                    out.extend(percent_encode(bytes, COMPONENT));
                }
                FormValue::Joined { items, delimiter } => {
                    pair(&mut out, &name);
                    let (delimiter, _) = delimiter.encoded_and_plain();
                    for (index, item) in items.iter().enumerate() {
                        if index > 0 {
                            out.push_str(delimiter);
                        }
                        out.extend(utf8_percent_encode(item, COMPONENT));
                    }
                }
                FormValue::Deep(pairs) => {
                    for (key, value) in pairs {
                        pair(&mut out, key);
                        out.extend(utf8_percent_encode(value, COMPONENT));
                    }
                }
            }
        }
        out.into_bytes()
    }

    /// The `multipart/form-data` encoding (RFC 7578) and its boundary: a part per field, file
    /// parts with a `filename` and `Content-Type: application/octet-stream`, JSON parts with
    /// `Content-Type: application/json`, text parts without one; a declared content type
    /// replaces these.
    pub(crate) fn multipart(&self) -> (String, Vec<u8>) {
        let boundary = self.boundary();
        let mut out = Vec::new();
        for field in &self.fields {
            let name = quoted_name(&field.name);
            // A type given through the public API could hold a line break, which would start
            // a header of its own: such a type is not sent.
            let declared = field
                .content_type
                .filter(|content_type| !content_type.bytes().any(|byte| byte.is_ascii_control()));
            let disposition = format!("Content-Disposition: form-data; name=\"{name}\"");
            let file_disposition = format!("{disposition}; filename=\"{name}\"");
            let mut part = |disposition: &str, default_type: Option<&str>, data: &[u8]| {
                out.extend_from_slice(format!("--{boundary}\r\n{disposition}\r\n").as_bytes());
                if let Some(content_type) = declared.or(default_type) {
                    out.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
                }
                out.extend_from_slice(b"\r\n");
                out.extend_from_slice(data);
                out.extend_from_slice(b"\r\n");
            };
            match &field.value {
                FormValue::Text(text) => part(&disposition, None, text.as_bytes()),
                FormValue::Json(text) => {
                    part(&disposition, Some("application/json"), text.as_bytes());
                }
                FormValue::File(bytes) => {
                    part(&file_disposition, Some("application/octet-stream"), bytes);
                }
                FormValue::Joined { items, delimiter } => {
                    let (_, delimiter) = delimiter.encoded_and_plain();
                    part(&disposition, None, items.join(delimiter).as_bytes());
                }
                FormValue::Deep(pairs) => {
                    for (key, value) in pairs {
                        let disposition = format!(
                            "Content-Disposition: form-data; name=\"{}\"",
                            quoted_name(key)
                        );
                        part(&disposition, None, value.as_bytes());
                    }
                }
            }
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (boundary, out)
    }

    /// The first boundary of the series that no part contains.
    fn boundary(&self) -> String {
        let mut number = 0u32;
        loop {
            let boundary = format!("{BOUNDARY}-{number}");
            let contains = |data: &[u8]| {
                data.windows(boundary.len())
                    .any(|window| window == boundary.as_bytes())
            };
            let clashes = self.fields.iter().any(|field| match &field.value {
                FormValue::Text(text) | FormValue::Json(text) => contains(text.as_bytes()),
                FormValue::File(bytes) => contains(bytes),
                FormValue::Joined { items, .. } => {
                    items.iter().any(|item| contains(item.as_bytes()))
                }
                FormValue::Deep(pairs) => pairs
                    .iter()
                    .any(|(key, value)| contains(key.as_bytes()) || contains(value.as_bytes())),
            });
            if !clashes {
                return boundary;
            }
            number += 1;
        }
    }
}

/// Parts added to a [`FormData`] with the `Content-Type` the spec declares for them.
pub struct TypedParts<'a> {
    form: &'a mut FormData,
    content_type: Option<&'static str>,
}

impl TypedParts<'_> {
    fn push(&mut self, name: &str, value: FormValue) {
        self.form.fields.push(FormField {
            name: name.to_owned(),
            value,
            content_type: self.content_type,
        });
    }

    /// Adds a scalar field.
    pub fn text<V: ParamValue + ?Sized>(&mut self, name: &str, value: &V) {
        self.push(name, FormValue::Text(value.to_param().into_owned()));
    }

    /// Adds a list of scalars: one field per item, all under `name`.
    pub fn text_list<V: ParamValue>(&mut self, name: &str, values: &[V]) {
        for value in values {
            self.text(name, value);
        }
    }

    /// Adds bytes: a file part, named after the field, in a multipart body.
    pub fn file(&mut self, name: &str, bytes: &Bytes) {
        self.push(name, FormValue::File(bytes.clone()));
    }

    /// Adds a list of byte strings, a file part each.
    pub fn files(&mut self, name: &str, files: &[Bytes]) {
        for bytes in files {
            self.file(name, bytes);
        }
    }

    /// Adds a structured value as its JSON text.
    pub fn json<V: Serialize + ?Sized>(&mut self, name: &str, value: &V) -> Result<(), BuildError> {
        let text = serde_json::to_string(value).map_err(BuildError::Body)?;
        self.push(name, FormValue::Json(text));
        Ok(())
    }
}

/// A field name for a quoted `Content-Disposition` parameter, escaped as browsers do.
fn quoted_name(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Appends a `deepObject` query parameter: `name[key]=value` for each property, nested
/// objects as `name[key][inner]=value`, lists as the same key repeated, `null` left out.
/// Properties keep the order they serialize in.
pub(crate) fn push_deep_object<V: Serialize + ?Sized>(
    query: &mut String,
    name: &'static str,
    value: &V,
) -> Result<(), BuildError> {
    for (key, value) in deep_object_pairs(name, value)? {
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(&key);
        query.push('=');
        query.extend(utf8_percent_encode(&value, COMPONENT));
    }
    Ok(())
}

/// The `deepObject` pairs of a value: each key percent-encoded but for its brackets, each
/// value as text, not yet encoded.
fn deep_object_pairs<V: Serialize + ?Sized>(
    name: &str,
    value: &V,
) -> Result<Vec<(String, String)>, BuildError> {
    let json = serde_json::to_vec(value).map_err(BuildError::Body)?;
    let node: Node = serde_json::from_slice(&json).map_err(BuildError::Body)?;
    let key: String = utf8_percent_encode(name, COMPONENT).collect();
    let mut pairs = Vec::new();
    push_node(&mut pairs, &key, node);
    Ok(pairs)
}

fn push_node(pairs: &mut Vec<(String, String)>, key: &str, node: Node) {
    match node {
        Node::Null => {}
        Node::Object(properties) => {
            for (property, value) in properties {
                let mut nested = format!("{key}[");
                nested.extend(utf8_percent_encode(&property, COMPONENT));
                nested.push(']');
                push_node(pairs, &nested, value);
            }
        }
        Node::Array(items) => {
            for item in items {
                push_node(pairs, key, item);
            }
        }
        Node::Scalar(text) => pairs.push((key.to_owned(), text)),
    }
}

/// A JSON value whose objects keep their properties in order.
enum Node {
    Null,
    Scalar(String),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        Node::deserialize(deserializer)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Node, E> {
        Ok(Node::Scalar(value.to_string()))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Node, E> {
        Ok(Node::Scalar(value.to_string()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Node, E> {
        Ok(Node::Scalar(value.to_string()))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Node, E> {
        Ok(Node::Scalar(value.to_string()))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Node, E> {
        Ok(Node::Scalar(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Node, E> {
        Ok(Node::Scalar(value))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut properties = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, Node>()? {
            properties.push((key, value));
        }
        Ok(Node::Object(properties))
    }
}
