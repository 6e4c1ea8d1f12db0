//! Runtime support shared by every generated client: request building, response decoding,
//! errors, secrets and the three-state `Nullable`.
//!
//! This file is the single source of truth. The `generated` crate compiles it as its `runtime`
//! module, and the generator embeds the same text into standalone crates, so generated code only
//! ever refers to it as `crate::runtime`.

use std::borrow::Cow;
use std::fmt;

pub use bytes::Bytes;
pub use reqwest::header::HeaderMap;
pub use reqwest::{Method, StatusCode};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Everything but RFC 3986's unreserved characters is percent-encoded, in path segments and
/// in query names and values alike, so no value can add a segment, a parameter or a fragment.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

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
/// five impls written out for every enum of an API.
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

/// Why a request could not be built from the values given to it.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// A path parameter is empty, `.` or `..`, which would change the path rather than fill one
    /// segment of it.
    PathParam {
        /// The parameter's name in the spec.
        name: &'static str,
    },
    /// A header parameter holds characters a header value cannot carry.
    HeaderValue {
        /// The header's name.
        name: &'static str,
    },
    /// The body could not be serialized.
    Body(serde_json::Error),
    /// The base URL and path do not form a valid URL.
    Url(String),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::PathParam { name } => write!(
                f,
                "path parameter `{name}` is empty, `.` or `..`, which cannot fill a path segment"
            ),
            Self::HeaderValue { name } => {
                write!(
                    f,
                    "header `{name}` holds characters a header value cannot carry"
                )
            }
            Self::Body(source) => write!(f, "the request body could not be serialized: {source}"),
            Self::Url(reason) => write!(f, "the request URL is invalid: {reason}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Body(source) => Some(source),
            Self::PathParam { .. } | Self::HeaderValue { .. } | Self::Url(_) => None,
        }
    }
}

/// A base URL that cannot be used.
#[derive(Debug)]
pub struct InvalidBaseUrl {
    url: String,
    reason: String,
}

impl fmt::Display for InvalidBaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = redact_userinfo(&self.url);
        write!(f, "invalid base URL `{url}`: {}", self.reason)
    }
}

/// The URL with any `user:password@` replaced, since reqwest sends it as Basic credentials.
fn redact_userinfo(url: &str) -> Cow<'_, str> {
    let authority_start = url.find("://").map_or(0, |at| at + 3);
    let authority_end = url[authority_start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |at| authority_start + at);
    match url[authority_start..authority_end].rfind('@') {
        Some(at) => Cow::Owned(format!(
            "{}[redacted]{}",
            &url[..authority_start],
            &url[authority_start + at..]
        )),
        None => Cow::Borrowed(url),
    }
}

impl std::error::Error for InvalidBaseUrl {}

/// What a call can fail with. `E` is the operation's enum of documented error responses.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with an error status the operation documents; `body` is its typed
    /// error.
    Api {
        /// The response status.
        status: StatusCode,
        /// The response headers, boxed to keep every `Result` small.
        headers: Box<HeaderMap>,
        /// The documented error, decoded.
        body: E,
    },
    /// The server answered with a status the operation does not document.
    UnexpectedStatus {
        /// The response status.
        status: StatusCode,
        /// The response headers, boxed to keep every `Result` small.
        headers: Box<HeaderMap>,
        /// The raw response body.
        body: Bytes,
    },
    /// The response body does not match the schema the spec gives for its status.
    Decode {
        /// The response status.
        status: StatusCode,
        /// The raw response body.
        body: Bytes,
        /// What did not match.
        source: serde_json::Error,
    },
    /// The request could not be built from the values given.
    InvalidRequest(BuildError),
    /// The request or the response took longer than the client's timeout.
    Timeout(reqwest::Error),
    /// No connection to the server could be made.
    Connection(reqwest::Error),
    /// Any other transport failure, such as a connection closed while reading the body.
    Transport(reqwest::Error),
}

impl<E> Error<E> {
    /// The response status, when a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api { status, .. }
            | Self::UnexpectedStatus { status, .. }
            | Self::Decode { status, .. } => Some(*status),
            Self::InvalidRequest(_)
            | Self::Timeout(_)
            | Self::Connection(_)
            | Self::Transport(_) => None,
        }
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api { status, .. } => {
                write!(f, "the server answered with documented error {status}")
            }
            Self::UnexpectedStatus { status, body, .. } => {
                write!(f, "the server answered with undocumented status {status}")?;
                if !body.is_empty() {
                    const SHOWN: usize = 200;
                    let text = String::from_utf8_lossy(body);
                    let shown: String = text.chars().take(SHOWN).collect();
                    let more = if text.chars().count() > SHOWN {
                        "…"
                    } else {
                        ""
                    };
                    write!(f, ": {shown}{more}")?;
                }
                Ok(())
            }
            Self::Decode { status, source, .. } => {
                write!(
                    f,
                    "the {status} response body does not match its schema: {source}"
                )
            }
            Self::InvalidRequest(source) => write!(f, "invalid request: {source}"),
            Self::Timeout(_) => f.write_str("the request timed out"),
            Self::Connection(source) => write!(f, "could not connect to the server: {source}"),
            Self::Transport(source) => write!(f, "the request failed: {source}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Decode { source, .. } => Some(source),
            Self::InvalidRequest(source) => Some(source),
            Self::Timeout(source) | Self::Connection(source) | Self::Transport(source) => {
                Some(source)
            }
            Self::Api { .. } | Self::UnexpectedStatus { .. } => None,
        }
    }
}

impl<E> From<BuildError> for Error<E> {
    fn from(error: BuildError) -> Self {
        Self::InvalidRequest(error)
    }
}

/// A failure before a complete response arrived. Converts into every [`Error`].
#[derive(Debug)]
pub enum SendError {
    /// The URL could not be built.
    Build(BuildError),
    /// The transport failed.
    Transport(reqwest::Error),
}

impl From<BuildError> for SendError {
    fn from(error: BuildError) -> Self {
        Self::Build(error)
    }
}

impl<E> From<SendError> for Error<E> {
    fn from(error: SendError) -> Self {
        let error = match error {
            SendError::Build(error) => return Self::InvalidRequest(error),
            // The URL can carry query values; keep it out of messages.
            SendError::Transport(error) => error.without_url(),
        };
        if error.is_timeout() {
            Self::Timeout(error)
        } else if error.is_connect() {
            Self::Connection(error)
        } else {
            Self::Transport(error)
        }
    }
}

/// What every generated `Client` holds: the HTTP client, the base URL and the credentials.
#[derive(Clone)]
pub struct ClientCore {
    http: reqwest::Client,
    /// Without a trailing slash; every path starts with one.
    base_url: String,
    bearer_token: Option<Secret>,
}

impl fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &redact_userinfo(&self.base_url))
            .field("bearer_token", &self.bearer_token)
            .finish_non_exhaustive()
    }
}

impl ClientCore {
    /// A client for `base_url`, which must be an absolute `http` or `https` URL.
    pub fn new(base_url: &str) -> Result<Self, InvalidBaseUrl> {
        let invalid = |reason: String| InvalidBaseUrl {
            url: base_url.to_owned(),
            reason,
        };
        let url = reqwest::Url::parse(base_url).map_err(|error| invalid(error.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid(format!(
                "scheme `{}` is not http or https",
                url.scheme()
            )));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(invalid("a base URL has no query or fragment".to_owned()));
        }
        Ok(Self::for_server(base_url))
    }

    /// A client for one of the spec's servers, whose URL the generator checked.
    pub fn for_server(base_url: &str) -> Self {
        Self {
            http: reqwest::Client::new(),
            base_url: base_url.trim_end_matches('/').to_owned(),
            bearer_token: None,
        }
    }

    /// The base URL every path is appended to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends `Authorization: Bearer <token>` with every request.
    pub fn set_bearer_token(&mut self, token: Secret) {
        self.bearer_token = Some(token);
    }

    /// Uses `http` for every request, with its timeouts, proxies and TLS settings.
    pub fn set_http_client(&mut self, http: reqwest::Client) {
        self.http = http;
    }

    /// Starts a request; the path is relative to the base URL.
    pub fn request(&self, method: Method) -> RequestBuilder<'_> {
        RequestBuilder {
            core: self,
            method,
            path: String::new(),
            query: String::new(),
            headers: HeaderMap::new(),
            body: None,
        }
    }
}

/// One request under construction. Generated methods drive it; it is public so that they can.
pub struct RequestBuilder<'a> {
    core: &'a ClientCore,
    method: Method,
    path: String,
    query: String,
    headers: HeaderMap,
    body: Option<Vec<u8>>,
}

impl fmt::Debug for RequestBuilder<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The query, headers and body can carry credentials; the method and path cannot.
        f.debug_struct("RequestBuilder")
            .field("method", &self.method)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl RequestBuilder<'_> {
    /// Appends a literal part of the path template, as the spec writes it.
    pub fn path(&mut self, literal: &str) {
        self.path.push_str(literal);
    }

    /// Appends a path parameter as exactly one percent-encoded segment.
    pub fn path_param<V: ParamValue + ?Sized>(
        &mut self,
        name: &'static str,
        value: &V,
    ) -> Result<(), BuildError> {
        let value = value.to_param();
        // Dot segments are removed by URL normalisation even when percent-encoded, so they
        // cannot be sent as a value at all.
        if matches!(&*value, "" | "." | "..") {
            return Err(BuildError::PathParam { name });
        }
        self.path.extend(utf8_percent_encode(&value, COMPONENT));
        Ok(())
    }

    /// Appends `name=value` to the query string.
    pub fn query<V: ParamValue + ?Sized>(&mut self, name: &str, value: &V) {
        self.query_pair(name, &[value.to_param()], "");
    }

    /// Appends a list to the query string in the given style.
    pub fn query_list<V: ParamValue>(&mut self, name: &str, values: &[V], style: ListStyle) {
        let values: Vec<Cow<'_, str>> = values.iter().map(ParamValue::to_param).collect();
        match style {
            ListStyle::FormExploded => {
                for value in &values {
                    self.query_pair(name, std::slice::from_ref(value), "");
                }
            }
            ListStyle::Form => self.query_pair(name, &values, ","),
            ListStyle::SpaceDelimited => self.query_pair(name, &values, "%20"),
            ListStyle::PipeDelimited => self.query_pair(name, &values, "|"),
        }
    }

    fn query_pair(&mut self, name: &str, values: &[Cow<'_, str>], separator: &str) {
        if !self.query.is_empty() {
            self.query.push('&');
        }
        self.query.extend(utf8_percent_encode(name, COMPONENT));
        self.query.push('=');
        for (index, value) in values.iter().enumerate() {
            if index > 0 {
                self.query.push_str(separator);
            }
            self.query.extend(utf8_percent_encode(value, COMPONENT));
        }
    }

    /// Sets a header parameter.
    pub fn header<V: ParamValue + ?Sized>(
        &mut self,
        name: &'static str,
        value: &V,
    ) -> Result<(), BuildError> {
        let mut header = HeaderValue::from_str(&value.to_param())
            .map_err(|_| BuildError::HeaderValue { name })?;
        header.set_sensitive(value.is_secret());
        self.headers.insert(HeaderName::from_static(name), header);
        Ok(())
    }

    /// Sets the `Accept` header to the media types the operation's responses use.
    pub fn accept(&mut self, media_types: &'static str) {
        self.headers
            .insert(ACCEPT, HeaderValue::from_static(media_types));
    }

    /// Serializes `body` as JSON and sends it with the given `Content-Type`.
    pub fn json_body<B: Serialize + ?Sized>(
        &mut self,
        content_type: &'static str,
        body: &B,
    ) -> Result<(), BuildError> {
        let bytes = serde_json::to_vec(body).map_err(BuildError::Body)?;
        self.headers
            .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        self.body = Some(bytes);
        Ok(())
    }

    /// Sends `body` as it is, with the given `Content-Type`.
    pub fn raw_body(&mut self, content_type: &'static str, body: &[u8]) {
        self.headers
            .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        self.body = Some(body.to_vec());
    }

    /// Sends the request and reads the whole response.
    pub async fn send(self) -> Result<Response, SendError> {
        let mut url = format!("{}{}", self.core.base_url, self.path);
        if !self.query.is_empty() {
            url.push('?');
            url.push_str(&self.query);
        }
        let url = reqwest::Url::parse(&url).map_err(|error| BuildError::Url(error.to_string()))?;
        let mut headers = self.headers;
        if let Some(token) = &self.core.bearer_token {
            let mut value =
                HeaderValue::from_str(&format!("Bearer {}", token.expose())).map_err(|_| {
                    BuildError::HeaderValue {
                        name: "authorization",
                    }
                })?;
            value.set_sensitive(true);
            headers.insert(AUTHORIZATION, value);
        }
        let mut request = self.core.http.request(self.method, url).headers(headers);
        if let Some(body) = self.body {
            request = request.body(body);
        }
        let response = request.send().await.map_err(SendError::Transport)?;
        let status = response.status();
        let headers = Box::new(response.headers().clone());
        let body = response.bytes().await.map_err(SendError::Transport)?;
        Ok(Response {
            status,
            headers,
            body,
        })
    }
}

/// A complete response, read before it is decoded.
#[derive(Debug)]
pub struct Response {
    status: StatusCode,
    headers: Box<HeaderMap>,
    body: Bytes,
}

impl Response {
    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Decodes a JSON success body.
    pub fn json<T: DeserializeOwned, E>(self) -> Result<T, Error<E>> {
        serde_json::from_slice(&self.body).map_err(|source| Error::Decode {
            status: self.status,
            body: self.body,
            source,
        })
    }

    /// A success without a body; whatever body arrived is ignored.
    pub fn empty<E>(self) -> Result<(), Error<E>> {
        Ok(())
    }

    /// A text success body.
    pub fn text<E>(self) -> Result<String, Error<E>> {
        Ok(String::from_utf8_lossy(&self.body).into_owned())
    }

    /// A success body kept as raw bytes.
    pub fn bytes<E>(self) -> Result<Bytes, Error<E>> {
        Ok(self.body)
    }

    /// A documented error response whose body is decoded from JSON into `variant`.
    pub fn json_error<B: DeserializeOwned, T, E>(
        self,
        variant: impl FnOnce(B) -> E,
    ) -> Result<T, Error<E>> {
        match serde_json::from_slice(&self.body) {
            Ok(body) => Err(Error::Api {
                status: self.status,
                headers: self.headers,
                body: variant(body),
            }),
            Err(source) => Err(Error::Decode {
                status: self.status,
                body: self.body,
                source,
            }),
        }
    }

    /// A documented error response with a text body.
    pub fn text_error<T, E>(self, variant: impl FnOnce(String) -> E) -> Result<T, Error<E>> {
        let text = String::from_utf8_lossy(&self.body).into_owned();
        self.documented_error(variant(text))
    }

    /// A documented error response whose body is kept as raw bytes.
    pub fn bytes_error<T, E>(self, variant: impl FnOnce(Bytes) -> E) -> Result<T, Error<E>> {
        let body = self.body.clone();
        self.documented_error(variant(body))
    }

    /// A documented error response whose body, if any, is not decoded.
    pub fn documented_error<T, E>(self, error: E) -> Result<T, Error<E>> {
        Err(Error::Api {
            status: self.status,
            headers: self.headers,
            body: error,
        })
    }

    /// A status the operation does not document.
    pub fn unexpected<T, E>(self) -> Result<T, Error<E>> {
        Err(Error::UnexpectedStatus {
            status: self.status,
            headers: self.headers,
            body: self.body,
        })
    }
}
