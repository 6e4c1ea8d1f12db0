//! Credentials for the security schemes a spec declares, and the OAuth 2.0 client credentials
//! grant that turns a client ID and secret into cached access tokens.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue};
use reqwest_middleware::ClientWithMiddleware;
use serde::Deserialize;

use super::encode::FormData;
use super::error::AuthError;
use super::values::Secret;

/// A security scheme from the spec's `components.securitySchemes`, as generated code
/// describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The scheme's name in the spec.
    pub name: &'static str,
    /// The stem of the environment variables [`ClientCore::from_env`](super::ClientCore::from_env)
    /// reads for it, such as `CRIBL_CLIENT_OAUTH`.
    pub env: &'static str,
    /// How credentials travel.
    pub kind: SchemeKind,
}

/// How a scheme's credentials travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>`: HTTP bearer, and OpenID Connect.
    Bearer,
    /// `Authorization: Basic <base64 of user:password>`.
    Basic,
    /// An API key in a header, the query string or a cookie.
    ApiKey {
        /// Where the key travels.
        location: ApiKeyLocation,
        /// The header, query parameter or cookie name.
        name: &'static str,
    },
    /// OAuth 2.0: an access token sent as a bearer token, given by the caller or obtained
    /// with the client credentials grant when the scheme has that flow.
    OAuth2 {
        /// The client credentials flow's token endpoint, when the scheme has that flow.
        token_url: Option<&'static str>,
        /// Extra form parameters of the token request (the `x-token-parameters` extension),
        /// such as an `audience`.
        token_parameters: &'static [(&'static str, &'static str)],
    },
}

/// Where an API key travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// The client ID and secret of the OAuth 2.0 client credentials grant, and what else the
/// token request should carry.
///
/// The client exchanges them for an access token at the token endpoint, keeps the token until
/// shortly before it expires, and fetches a new one then, or once when the API answers `401`.
#[derive(Debug, Clone)]
pub struct ClientCredentials {
    client_id: String,
    client_secret: Secret,
    scopes: Vec<String>,
    parameters: Vec<(String, String)>,
    token_url: Option<String>,
}

impl ClientCredentials {
    /// The client ID and secret the API's provider issued.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<Secret>) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            scopes: Vec::new(),
            parameters: Vec::new(),
            token_url: None,
        }
    }

    /// Asks for `scope` as well; scopes are sent space-separated.
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scopes.push(scope.into());
        self
    }

    /// Adds a form parameter to the token request, replacing one the spec gives.
    pub fn parameter(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parameters.push((name.into(), value.into()));
        self
    }

    /// Fetches tokens from `token_url` instead of the spec's token endpoint.
    pub fn token_url(mut self, token_url: impl Into<String>) -> Self {
        self.token_url = Some(token_url.into());
        self
    }
}

/// The credential given for one scheme.
#[derive(Clone)]
pub(crate) enum Credential {
    /// A bearer token, or an OAuth 2.0 access token obtained elsewhere.
    Token(Secret),
    /// HTTP basic credentials.
    Basic { username: String, password: Secret },
    /// An API key.
    ApiKey(Secret),
    /// Client credentials and the token cache shared by every clone of the client.
    ClientCredentials(Arc<TokenSource>),
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Token(_) => f.write_str("Token([redacted])"),
            Self::Basic { username, .. } => f
                .debug_struct("Basic")
                .field("username", username)
                .field("password", &"[redacted]")
                .finish(),
            Self::ApiKey(_) => f.write_str("ApiKey([redacted])"),
            Self::ClientCredentials(source) => f
                .debug_struct("ClientCredentials")
                .field("client_id", &source.credentials.client_id)
                .field("token_url", &source.token_url)
                .finish_non_exhaustive(),
        }
    }
}

/// Where a scheme's credential is applied to a request.
pub(crate) enum Applied {
    /// `Authorization: Bearer`, with the token source it came from, if any, so that a `401`
    /// can discard a token the server no longer accepts.
    Bearer(Secret, Option<Arc<TokenSource>>),
    Basic(String, Secret),
    ApiKey(ApiKeyLocation, &'static str, Secret),
}

impl Credential {
    /// The credential from the environment variables under `stem`, if they are set.
    pub(crate) fn from_env(scheme: &SecurityScheme) -> Option<Self> {
        let var = |suffix: &str| {
            std::env::var(format!("{}_{suffix}", scheme.env))
                .ok()
                .filter(|value| !value.is_empty())
        };
        match scheme.kind {
            SchemeKind::Bearer => var("TOKEN").map(|token| Self::Token(token.into())),
            SchemeKind::Basic => Some(Self::Basic {
                username: var("USERNAME")?,
                password: var("PASSWORD")?.into(),
            }),
            SchemeKind::ApiKey { .. } => var("KEY").map(|key| Self::ApiKey(key.into())),
            SchemeKind::OAuth2 { .. } => {
                if let (Some(id), Some(secret)) = (var("CLIENT_ID"), var("CLIENT_SECRET")) {
                    let credentials = ClientCredentials::new(id, secret);
                    return Self::client_credentials(scheme, credentials);
                }
                var("TOKEN").map(|token| Self::Token(token.into()))
            }
        }
    }

    /// Client credentials for an OAuth 2.0 scheme; `None` when neither the spec nor the
    /// caller names a token endpoint.
    pub(crate) fn client_credentials(
        scheme: &SecurityScheme,
        mut credentials: ClientCredentials,
    ) -> Option<Self> {
        let SchemeKind::OAuth2 {
            token_url,
            token_parameters,
        } = scheme.kind
        else {
            return None;
        };
        let token_url = credentials
            .token_url
            .clone()
            .or_else(|| token_url.map(str::to_owned))?;
        let mut parameters: BTreeMap<String, String> = token_parameters
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        parameters.extend(credentials.parameters.drain(..));
        credentials.parameters = parameters.into_iter().collect();
        Some(Self::ClientCredentials(Arc::new(TokenSource {
            token_url,
            credentials,
            cached: tokio::sync::Mutex::new(None),
        })))
    }

    /// What to add to a request for `scheme`, fetching an access token if one is needed.
    pub(crate) async fn apply(
        &self,
        scheme: &SecurityScheme,
        http: &ClientWithMiddleware,
    ) -> Result<Applied, AuthError> {
        Ok(match (self, scheme.kind) {
            (Self::ApiKey(key) | Self::Token(key), SchemeKind::ApiKey { location, name }) => {
                Applied::ApiKey(location, name, key.clone())
            }
            (Self::Basic { username, password }, _) => {
                Applied::Basic(username.clone(), password.clone())
            }
            (Self::Token(token) | Self::ApiKey(token), _) => Applied::Bearer(token.clone(), None),
            (Self::ClientCredentials(source), _) => {
                Applied::Bearer(source.token(http).await?, Some(Arc::clone(source)))
            }
        })
    }
}

/// Whether `credential` can stand for `scheme`: a bearer token serves every scheme that sends
/// one.
pub(crate) fn satisfies(credential: &Credential, scheme: &SecurityScheme) -> bool {
    matches!(
        (credential, scheme.kind),
        (
            Credential::Token(_),
            SchemeKind::Bearer | SchemeKind::OAuth2 { .. }
        ) | (Credential::Basic { .. }, SchemeKind::Basic)
            | (Credential::ApiKey(_), SchemeKind::ApiKey { .. })
            | (Credential::ClientCredentials(_), SchemeKind::OAuth2 { .. })
    )
}

/// The `Authorization` value for basic credentials.
pub(crate) fn basic_authorization(username: &str, password: &Secret) -> String {
    let encoded = base64::engine::general_purpose::STANDARD
        .encode(format!("{username}:{}", password.expose()));
    format!("Basic {encoded}")
}

/// Obtains access tokens with the client credentials grant and keeps the current one.
pub(crate) struct TokenSource {
    token_url: String,
    credentials: ClientCredentials,
    /// An async mutex, so that concurrent calls wait for one token request instead of each
    /// sending their own.
    cached: tokio::sync::Mutex<Option<CachedToken>>,
}

struct CachedToken {
    token: Secret,
    /// When to stop using the token: shortly before it expires. `None` when the endpoint did
    /// not say; the token is then kept until the API refuses it.
    refresh_at: Option<Instant>,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: Secret,
    #[serde(default)]
    expires_in: Option<u64>,
}

#[derive(Deserialize)]
struct TokenErrorResponse {
    error: Option<String>,
    error_description: Option<String>,
}

impl TokenSource {
    /// The current access token, fetched if there is none or it is about to expire.
    async fn token(&self, http: &ClientWithMiddleware) -> Result<Secret, AuthError> {
        let mut cached = self.cached.lock().await;
        if let Some(current) = cached.as_ref()
            && current
                .refresh_at
                .is_none_or(|refresh_at| Instant::now() < refresh_at)
        {
            return Ok(current.token.clone());
        }
        let fresh = self.fetch(http).await?;
        let token = fresh.token.clone();
        *cached = Some(fresh);
        Ok(token)
    }

    /// Drops `stale` after the API refused it, unless another call has already replaced it.
    pub(crate) async fn discard(&self, stale: &Secret) {
        let mut cached = self.cached.lock().await;
        if cached
            .as_ref()
            .is_some_and(|current| current.token == *stale)
        {
            *cached = None;
        }
    }

    async fn fetch(&self, http: &ClientWithMiddleware) -> Result<CachedToken, AuthError> {
        let transport = |source: Box<dyn std::error::Error + Send + Sync>| AuthError::Transport {
            token_url: self.token_url.clone(),
            source,
        };
        let url = reqwest::Url::parse(&self.token_url).map_err(|error| transport(error.into()))?;
        let credentials = &self.credentials;
        let mut form = FormData::new();
        form.text("grant_type", "client_credentials");
        form.text("client_id", &credentials.client_id);
        form.text("client_secret", &credentials.client_secret);
        if !credentials.scopes.is_empty() {
            form.text("scope", &credentials.scopes.join(" "));
        }
        for (name, value) in &credentials.parameters {
            form.text(name, value);
        }
        let mut request = reqwest::Request::new(reqwest::Method::POST, url);
        let headers = request.headers_mut();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        *request.body_mut() = Some(form.urlencoded().into());
        let requested_at = Instant::now();
        let response = http.execute(request).await.map_err(|error| match error {
            reqwest_middleware::Error::Reqwest(error) => transport(error.without_url().into()),
            reqwest_middleware::Error::Middleware(error) => transport(error.into()),
        })?;
        let status = response.status();
        let body = response
            .bytes()
            .await
            .map_err(|error| transport(error.without_url().into()))?;
        if !status.is_success() {
            let details: Option<TokenErrorResponse> = serde_json::from_slice(&body).ok();
            let (error, description) = details
                .map(|details| (details.error, details.error_description))
                .unwrap_or_default();
            return Err(AuthError::Refused {
                token_url: self.token_url.clone(),
                status,
                error,
                description,
            });
        }
        let token: TokenResponse =
            serde_json::from_slice(&body).map_err(|source| AuthError::Decode {
                token_url: self.token_url.clone(),
                source,
            })?;
        let refresh_at = token.expires_in.map(|seconds| {
            let lifetime = Duration::from_secs(seconds);
            // Renew a little early, so that a token does not expire on its way to the API.
            let margin = (lifetime / 10).min(Duration::from_secs(60));
            requested_at + lifetime - margin
        });
        Ok(CachedToken {
            token: token.access_token,
            refresh_at,
        })
    }
}
