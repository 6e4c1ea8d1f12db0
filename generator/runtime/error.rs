//! What can go wrong: a request that cannot be built, a base URL that cannot be used, a token
//! that cannot be obtained, and the one [`Error`] type every call returns.
//!
//! No message here contains a secret: URLs lose their credentials and query strings, and
//! bodies are only ever shown for responses the server sent.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

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
    /// A header parameter or credential holds characters a header value cannot carry.
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
pub struct InvalidBaseUrl {
    pub(crate) url: String,
    pub(crate) reason: String,
}

impl fmt::Display for InvalidBaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = redact_userinfo(&self.url);
        write!(f, "invalid base URL `{url}`: {}", self.reason)
    }
}

impl fmt::Debug for InvalidBaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InvalidBaseUrl")
            .field("url", &redact_userinfo(&self.url))
            .field("reason", &self.reason)
            .finish()
    }
}

impl std::error::Error for InvalidBaseUrl {}

/// The URL with any `user:password@` replaced, since reqwest sends it as Basic credentials.
pub(crate) fn redact_userinfo(url: &str) -> Cow<'_, str> {
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

/// Why an OAuth 2.0 access token could not be obtained from the token endpoint.
#[derive(Debug)]
#[non_exhaustive]
pub enum AuthError {
    /// The token endpoint refused: a wrong client ID or secret, a scope it does not grant.
    Refused {
        /// The token endpoint.
        token_url: String,
        /// Its status.
        status: StatusCode,
        /// The OAuth error code, such as `invalid_client`, when the endpoint gave one.
        error: Option<String>,
        /// The endpoint's explanation, when it gave one.
        description: Option<String>,
    },
    /// The token endpoint answered 2XX with something that is not a token response.
    Decode {
        /// The token endpoint.
        token_url: String,
        /// What did not match.
        source: serde_json::Error,
    },
    /// The token endpoint could not be reached, or its URL is invalid.
    Transport {
        /// The token endpoint.
        token_url: String,
        /// What failed.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Refused {
                token_url,
                status,
                error,
                description,
            } => {
                write!(
                    f,
                    "the token endpoint `{token_url}` refused the client credentials with {status}"
                )?;
                if let Some(error) = error {
                    write!(f, ": {error}")?;
                }
                if let Some(description) = description {
                    write!(f, " ({description})")?;
                }
                Ok(())
            }
            Self::Decode { token_url, source } => write!(
                f,
                "the token endpoint `{token_url}` answered with something that is not an OAuth 2.0 token response: {source}"
            ),
            Self::Transport { token_url, source } => {
                write!(
                    f,
                    "the token endpoint `{token_url}` could not be reached: {source}"
                )
            }
        }
    }
}

impl std::error::Error for AuthError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Decode { source, .. } => Some(source),
            Self::Transport { source, .. } => Some(source.as_ref()),
            Self::Refused { .. } => None,
        }
    }
}

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
    /// No access token could be obtained for the request; it was not sent.
    Auth(AuthError),
    /// The request or the response took longer than the client's timeout.
    Timeout(reqwest::Error),
    /// No connection to the server could be made.
    Connection(reqwest::Error),
    /// Any other transport failure, such as a connection closed while reading the body.
    Transport(reqwest::Error),
    /// A middleware of the HTTP client failed or refused the request.
    Middleware(Box<dyn std::error::Error + Send + Sync>),
}

impl<E> Error<E> {
    /// The response status, when a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api { status, .. }
            | Self::UnexpectedStatus { status, .. }
            | Self::Decode { status, .. } => Some(*status),
            Self::InvalidRequest(_)
            | Self::Auth(_)
            | Self::Timeout(_)
            | Self::Connection(_)
            | Self::Transport(_)
            | Self::Middleware(_) => None,
        }
    }

    /// The response headers, when a response arrived and they were kept.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Self::Api { headers, .. } | Self::UnexpectedStatus { headers, .. } => Some(headers),
            _ => None,
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
            Self::Auth(source) => write!(f, "no access token: {source}"),
            Self::Timeout(_) => f.write_str(
                "the request timed out; raise the limit with `with_timeout` if the server is slow",
            ),
            Self::Connection(source) => write!(f, "could not connect to the server: {source}"),
            Self::Transport(source) => write!(f, "the request failed: {source}"),
            Self::Middleware(source) => write!(f, "a middleware failed: {source}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Decode { source, .. } => Some(source),
            Self::InvalidRequest(source) => Some(source),
            Self::Auth(source) => Some(source),
            Self::Timeout(source) | Self::Connection(source) | Self::Transport(source) => {
                Some(source)
            }
            Self::Middleware(source) => Some(source.as_ref()),
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
    /// No access token could be obtained.
    Auth(AuthError),
    /// The transport or a middleware failed.
    Transport(reqwest_middleware::Error),
}

impl From<BuildError> for SendError {
    fn from(error: BuildError) -> Self {
        Self::Build(error)
    }
}

impl From<AuthError> for SendError {
    fn from(error: AuthError) -> Self {
        Self::Auth(error)
    }
}

impl<E> From<SendError> for Error<E> {
    fn from(error: SendError) -> Self {
        let error = match error {
            SendError::Build(error) => return Self::InvalidRequest(error),
            SendError::Auth(error) => return Self::Auth(error),
            SendError::Transport(reqwest_middleware::Error::Middleware(error)) => {
                return Self::Middleware(error.into());
            }
            // The URL can carry query values, API keys among them; keep it out of messages.
            SendError::Transport(reqwest_middleware::Error::Reqwest(error)) => error.without_url(),
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
