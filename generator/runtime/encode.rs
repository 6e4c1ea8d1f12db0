//! Encodings of structured values besides JSON: form and multipart bodies, built from a
//! [`FormData`], and `deepObject` query parameters.

use std::fmt;

use bytes::Bytes;
use percent_encoding::{percent_encode, utf8_percent_encode};
use serde::Serialize;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use super::client::COMPONENT;
use super::error::BuildError;
use super::values::ParamValue;

/// The fields of a form body, in order. Generated methods fill it from the body struct, a
/// call per field; the request builder then encodes it as `application/x-www-form-urlencoded`
/// or as `multipart/form-data`.
#[derive(Default, Clone)]
pub struct FormData {
    fields: Vec<(String, FormValue)>,
}

#[derive(Clone)]
enum FormValue {
    /// A scalar as text.
    Text(String),
    /// Bytes: a file part in a multipart body.
    File(Bytes),
    /// A structured value as JSON text.
    Json(String),
}

impl fmt::Debug for FormData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Values can be secrets; the names cannot.
        f.debug_list()
            .entries(self.fields.iter().map(|(name, _)| name))
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

    /// Adds a scalar field.
    pub fn text<V: ParamValue + ?Sized>(&mut self, name: &str, value: &V) {
        self.fields.push((
            name.to_owned(),
            FormValue::Text(value.to_param().into_owned()),
        ));
    }

    /// Adds a list of scalars: one field per item, all under `name`.
    pub fn text_list<V: ParamValue>(&mut self, name: &str, values: &[V]) {
        for value in values {
            self.text(name, value);
        }
    }

    /// Adds bytes: a file part, named after the field, in a multipart body.
    pub fn file(&mut self, name: &str, bytes: &Bytes) {
        self.fields
            .push((name.to_owned(), FormValue::File(bytes.clone())));
    }

    /// Adds a list of byte strings, a file part each.
    pub fn files(&mut self, name: &str, files: &[Bytes]) {
        for bytes in files {
            self.file(name, bytes);
        }
    }

    /// Adds a structured value as its JSON text; in a multipart body, a part of type
    /// `application/json`.
    pub fn json<V: Serialize + ?Sized>(&mut self, name: &str, value: &V) -> Result<(), BuildError> {
        let text = serde_json::to_string(value).map_err(BuildError::Body)?;
        self.fields.push((name.to_owned(), FormValue::Json(text)));
        Ok(())
    }

    /// The `application/x-www-form-urlencoded` encoding: `name=value` pairs joined by `&`,
    /// everything but the unreserved characters percent-encoded.
    pub(crate) fn urlencoded(&self) -> Vec<u8> {
        let mut out = String::new();
        for (name, value) in &self.fields {
            if !out.is_empty() {
                out.push('&');
            }
            out.extend(utf8_percent_encode(name, COMPONENT));
            out.push('=');
            match value {
                FormValue::Text(text) | FormValue::Json(text) => {
                    out.extend(utf8_percent_encode(text, COMPONENT));
                }
                FormValue::File(bytes) => out.extend(percent_encode(bytes, COMPONENT)),
            }
        }
        out.into_bytes()
    }

    /// The `multipart/form-data` encoding (RFC 7578) and its boundary: a part per field, file
    /// parts with a `filename` and `Content-Type: application/octet-stream`, JSON parts with
    /// `Content-Type: application/json`.
    pub(crate) fn multipart(&self) -> (String, Vec<u8>) {
        let boundary = self.boundary();
        let mut out = Vec::new();
        for (name, value) in &self.fields {
            let name = quoted_name(name);
            out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let (headers, data): (String, &[u8]) = match value {
                FormValue::Text(text) => (
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n"),
                    text.as_bytes(),
                ),
                FormValue::Json(text) => (
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"\r\n\
                         Content-Type: application/json\r\n"
                    ),
                    text.as_bytes(),
                ),
                FormValue::File(bytes) => (
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{name}\"\r\n\
                         Content-Type: application/octet-stream\r\n"
                    ),
                    bytes,
                ),
            };
            out.extend_from_slice(headers.as_bytes());
            out.extend_from_slice(b"\r\n");
            out.extend_from_slice(data);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (boundary, out)
    }

    /// The first boundary of the series that no part contains.
    fn boundary(&self) -> String {
        let mut number = 0u32;
        loop {
            let boundary = format!("{BOUNDARY}-{number}");
            let clashes = self.fields.iter().any(|(_, value)| {
                let data = match value {
                    FormValue::Text(text) | FormValue::Json(text) => text.as_bytes(),
                    FormValue::File(bytes) => bytes,
                };
                data.windows(boundary.len())
                    .any(|window| window == boundary.as_bytes())
            });
            if !clashes {
                return boundary;
            }
            number += 1;
        }
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
    let json = serde_json::to_vec(value).map_err(BuildError::Body)?;
    let node: Node = serde_json::from_slice(&json).map_err(BuildError::Body)?;
    let mut key = String::new();
    key.extend(utf8_percent_encode(name, COMPONENT));
    push_node(query, &key, &node);
    Ok(())
}

fn push_node(query: &mut String, key: &str, node: &Node) {
    let scalar = match node {
        Node::Null => return,
        Node::Object(properties) => {
            for (property, value) in properties {
                let mut nested = format!("{key}[");
                nested.extend(utf8_percent_encode(property, COMPONENT));
                nested.push(']');
                push_node(query, &nested, value);
            }
            return;
        }
        Node::Array(items) => {
            for item in items {
                push_node(query, key, item);
            }
            return;
        }
        Node::Scalar(text) => text,
    };
    if !query.is_empty() {
        query.push('&');
    }
    query.push_str(key);
    query.push('=');
    query.extend(utf8_percent_encode(scalar, COMPONENT));
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
