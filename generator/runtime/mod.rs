//! Runtime support shared by every generated client: the client core and its requests,
//! form, multipart and `deepObject` encodings, credentials and tokens, retries, errors, secrets
//! and the three-state `Nullable`.
//!
//! This folder is the single source of truth. The `generated` crate compiles it as its
//! `runtime` module, and the generator writes the same files into standalone crates, so
//! generated code only ever refers to it as `crate::runtime`.

mod auth;
mod client;
mod decode;
mod encode;
mod error;
mod retry;
mod values;

pub use bytes::Bytes;
pub use reqwest::header::HeaderMap;
pub use reqwest::{Method, StatusCode};
pub use reqwest_middleware::ClientWithMiddleware;

pub use auth::{ApiKeyLocation, ClientCredentials, SchemeKind, SecurityScheme};
pub use client::{Call, ClientCore, DEFAULT_TIMEOUT, Operation, RequestBuilder, Response};
pub use decode::{FieldError, Fields};
pub use encode::{FormData, TypedParts};
pub use error::{AuthError, BuildError, Error, InvalidBaseUrl, SendError};
pub use retry::RetryPolicy;
pub use values::{ListStyle, Nullable, ParamValue, Secret};

#[allow(unused_imports)]
pub(crate) use values::open_enum_impls;

/// A server URL with each `{variable}` replaced by its value.
pub fn server_url(template: &str, variables: &[(&str, &str)]) -> String {
    let mut url = template.to_owned();
    for (name, value) in variables {
        url = url.replace(&format!("{{{name}}}"), value);
    }
    url.trim_end_matches('/').to_owned()
}
