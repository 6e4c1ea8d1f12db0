//! Decoding of generated structs, one field at a time.
//!
//! serde's derived `Deserialize` writes a visitor per struct whose size grows with every field,
//! and on APIs of thousands of types type-checking those visitors is most of what users' builds
//! spend on a client. A generated struct instead reads its JSON object into [`Fields`] and
//! takes each field out with one call, so its impl is one line per field and the work is
//! shared here. The price is an intermediate `serde_json::Value`, small beside a network
//! round trip; the gain is that a mismatch names its field path.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

use super::values::Nullable;

/// The properties of one JSON object, taken out field by field by a generated
/// `Deserialize` impl.
pub struct Fields {
    map: Map<String, Value>,
}

/// Why a field could not be decoded: its path from the struct being decoded, and the cause.
#[derive(Debug)]
pub struct FieldError {
    path: String,
    message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at `{}`: {}", self.path, self.message)
    }
}

impl std::error::Error for FieldError {}

impl FieldError {
    fn missing(name: &str) -> Self {
        Self {
            path: name.to_owned(),
            message: "missing".to_owned(),
        }
    }

    /// The error of field `name`; a nested struct's error, which arrives as text, extends
    /// the path.
    fn at(name: &str, error: &serde_json::Error) -> Self {
        let text = error.to_string();
        match text
            .strip_prefix("at `")
            .and_then(|rest| rest.split_once("`: "))
        {
            Some((inner, cause)) => Self {
                path: format!("{name}.{inner}"),
                message: cause.to_owned(),
            },
            None => Self {
                path: name.to_owned(),
                message: text,
            },
        }
    }
}

impl Fields {
    /// Decodes a `type_name` from the JSON object the deserializer holds, `build` taking its
    /// fields out: the whole body of a generated struct's `Deserialize` impl.
    pub fn decode<'de, D: Deserializer<'de>, T>(
        deserializer: D,
        type_name: &'static str,
        build: impl FnOnce(&mut Self) -> Result<T, FieldError>,
    ) -> Result<T, D::Error> {
        let mut fields = Self::new(deserializer, type_name)?;
        build(&mut fields).map_err(serde::de::Error::custom)
    }

    /// Reads the object `type_name` is decoded from.
    pub fn new<'de, D: Deserializer<'de>>(
        deserializer: D,
        type_name: &'static str,
    ) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::Object(map) => Ok(Self { map }),
            other => Err(serde::de::Error::custom(format_args!(
                "expected a JSON object for `{type_name}`, found {}",
                kind(&other)
            ))),
        }
    }

    fn decode_field<T: DeserializeOwned>(
        name: &'static str,
        value: Value,
    ) -> Result<T, FieldError> {
        serde_json::from_value(value).map_err(|error| FieldError::at(name, &error))
    }

    /// A property that must be present and not `null`.
    pub fn required<T: DeserializeOwned>(&mut self, name: &'static str) -> Result<T, FieldError> {
        match self.map.remove(name) {
            Some(value) => Self::decode_field(name, value),
            None => Err(FieldError::missing(name)),
        }
    }

    /// A property that must be present and may be `null`.
    pub fn required_nullable<T: DeserializeOwned>(
        &mut self,
        name: &'static str,
    ) -> Result<Option<T>, FieldError> {
        match self.map.remove(name) {
            Some(Value::Null) => Ok(None),
            Some(value) => Self::decode_field(name, value).map(Some),
            None => Err(FieldError::missing(name)),
        }
    }

    /// A property that may be left out; `null` reads as left out.
    pub fn optional<T: DeserializeOwned>(
        &mut self,
        name: &'static str,
    ) -> Result<Option<T>, FieldError> {
        match self.map.remove(name) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => Self::decode_field(name, value).map(Some),
        }
    }

    /// A property that may be left out, `null` or a value.
    pub fn nullable<T: DeserializeOwned>(
        &mut self,
        name: &'static str,
    ) -> Result<Nullable<T>, FieldError> {
        match self.map.remove(name) {
            None => Ok(Nullable::Absent),
            Some(Value::Null) => Ok(Nullable::Null),
            Some(value) => Self::decode_field(name, value).map(Nullable::Value),
        }
    }

    /// The properties no field took, for a struct that keeps them.
    pub fn rest<V: DeserializeOwned>(
        &mut self,
        name: &'static str,
    ) -> Result<BTreeMap<String, V>, FieldError> {
        let rest = std::mem::take(&mut self.map);
        Self::decode_field(name, Value::Object(rest))
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
