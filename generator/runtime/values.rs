//! The values generated types are made of: secrets, three-state fields, parameter values and
//! the trait impls every open enum shares.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A string that must not leak: `Debug` prints `[redacted]` and there is no `Display`.
///
/// Serializes as the plain string, so it travels on the wire unchanged. Read it with
/// [`Secret::expose`].
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret value itself. Take care where it goes.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self)
    }
}

/// A field that is optional and nullable: left out, sent as `null`, or sent with a value.
///
/// This is what lets a PATCH tell "leave unchanged" (`Absent`) from "clear" (`Null`).
/// Generated structs mark such fields `#[serde(default, skip_serializing_if = "Nullable::is_absent")]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Nullable<T> {
    /// Not sent; on a response, the field was missing.
    #[default]
    Absent,
    /// Sent as `null`.
    Null,
    /// Sent with this value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the field is left out.
    pub fn is_absent(&self) -> bool {
        matches!(self, Self::Absent)
    }

    /// The value, if there is one.
    pub fn as_option(&self) -> Option<&T> {
        match self {
            Self::Value(value) => Some(value),
            Self::Absent | Self::Null => None,
        }
    }

    /// The value, if there is one.
    pub fn into_option(self) -> Option<T> {
        match self {
            Self::Value(value) => Some(value),
            Self::Absent | Self::Null => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Self::Value(value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Value(value) => value.serialize(serializer),
            Self::Absent | Self::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A missing field never reaches this point: `#[serde(default)]` makes it `Absent`.
        Option::<T>::deserialize(deserializer).map(|value| value.map_or(Self::Null, Self::Value))
    }
}

/// A value that can stand in a path segment, a query string or a header.
pub trait ParamValue {
    /// The value as text, before any percent-encoding.
    fn to_param(&self) -> Cow<'_, str>;

    /// Whether the value is a secret, so that a header carrying it is marked sensitive.
    fn is_secret(&self) -> bool {
        false
    }
}

impl ParamValue for String {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for str {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for Secret {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.expose())
    }

    fn is_secret(&self) -> bool {
        true
    }
}

macro_rules! display_param_value {
    ($($ty:ty),*) => {
        $(impl ParamValue for $ty {
            fn to_param(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        })*
    };
}

display_param_value!(
    bool,
    i32,
    i64,
    u32,
    u64,
    f32,
    f64,
    uuid::Uuid,
    chrono::NaiveDate
);

impl ParamValue for chrono::DateTime<chrono::Utc> {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }
}

/// Implements `From<&str>`, `Display`, `Serialize`, `Deserialize` and [`ParamValue`] for a
/// generated open enum, from its `as_str` and `From<String>`. One macro instead of the same
/// five impls written out for every enum of an API. An API without string enums leaves it
/// unused.
#[allow(unused_macros)]
macro_rules! open_enum_impls {
    ($name:ident) => {
        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::from(value.to_owned())
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                <String as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }

        impl $crate::runtime::ParamValue for $name {
            fn to_param(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }
    };
}

pub(crate) use open_enum_impls;

/// How a query parameter holding a list travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListStyle {
    /// `style: form, explode: true`: `name=a&name=b`.
    FormExploded,
    /// `style: form, explode: false`: `name=a,b`.
    Form,
    /// `style: spaceDelimited`: `name=a%20b`.
    SpaceDelimited,
    /// `style: pipeDelimited`: `name=a|b`.
    PipeDelimited,
}
