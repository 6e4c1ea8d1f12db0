//! The client core every generated `Client` wraps, the request builder its methods drive, and
//! the response they decode.

use std::collections::BTreeMap;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE, HeaderMap, HeaderName, HeaderValue,
};
use reqwest::{Method, StatusCode};
use reqwest_middleware::ClientWithMiddleware;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tracing::Instrument as _;

use super::auth::{
    ApiKeyLocation, Applied, ClientCredentials, Credential, SchemeKind, SecurityScheme,
    basic_authorization, satisfies,
};
use super::encode::{FormData, push_deep_object};
use super::error::{BuildError, Error, InvalidBaseUrl, SendError, redact_userinfo};
use super::retry::RetryPolicy;
use super::values::{ListStyle, ParamValue, Secret};

/// Everything but RFC 3986's unreserved characters is percent-encoded, in path segments and
/// in query names and values alike, so no value can add a segment, a parameter or a fragment.
pub(crate) const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// How long one attempt may take, from connecting to the last byte of the response, unless
/// the client says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// What a generated method tells the runtime about its operation.
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// The `operationId`, or the name generated for it.
    pub id: &'static str,
    /// The path template, as the spec writes it.
    pub path: &'static str,
    /// The spec's `security`: alternatives, each a set of schemes used together. `None`
    /// when the spec says nothing, `Some(&[])` when it says that no credentials are needed.
    pub security: Option<&'static [&'static [&'static SecurityScheme]]>,
    /// The server the spec names for this operation or its path, with variables at their
    /// defaults; it replaces the client's server unless the caller chose a base URL.
    pub server: Option<&'static str>,
}

/// Stands for "any scheme that sends a bearer token" where the spec declares no security.
static ANY_BEARER: SecurityScheme = SecurityScheme {
    name: "bearer",
    env: "",
    kind: SchemeKind::Bearer,
};

/// What every generated `Client` holds: the HTTP client, the base URL, the credentials and
/// the retry and timeout settings.
#[derive(Clone)]
pub struct ClientCore {
    http: ClientWithMiddleware,
    /// Without a trailing slash; every path starts with one.
    base_url: String,
    /// Whether the caller gave the base URL, which then serves every operation, even one the
    /// spec sends to a server of its own: a proxy or a mock server stands for all of them.
    base_url_chosen: bool,
    /// By scheme name.
    credentials: BTreeMap<&'static str, Credential>,
    /// Sent wherever a bearer token can go and no credential of the scheme's own is set.
    bearer_token: Option<Secret>,
    retry: RetryPolicy,
    timeout: Option<Duration>,
}

impl fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &redact_userinfo(&self.base_url))
            .field("credentials", &self.credentials)
            .field("bearer_token", &self.bearer_token)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
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
        let mut core = Self::for_server(base_url);
        core.base_url_chosen = true;
        Ok(core)
    }

    /// A client for one of the spec's servers. A URL that does not parse (a server variable
    /// set to something odd) makes each call fail with [`BuildError::Url`].
    pub fn for_server(base_url: &str) -> Self {
        Self {
            http: ClientWithMiddleware::from(reqwest::Client::new()),
            base_url: base_url.trim_end_matches('/').to_owned(),
            base_url_chosen: false,
            credentials: BTreeMap::new(),
            bearer_token: None,
            retry: RetryPolicy::default(),
            timeout: Some(DEFAULT_TIMEOUT),
        }
    }

    /// A client configured from environment variables: the base URL from `base_url_variable`
    /// if it is set, else `default_base_url`; each scheme's credentials from the variables
    /// under its [`env`](SecurityScheme::env) stem (`_TOKEN`; `_USERNAME` and `_PASSWORD`;
    /// `_KEY`; `_CLIENT_ID` and `_CLIENT_SECRET`), where they are set.
    pub fn from_env(
        base_url_variable: &str,
        default_base_url: Option<&str>,
        schemes: &'static [SecurityScheme],
    ) -> Result<Self, InvalidBaseUrl> {
        let chosen = std::env::var(base_url_variable)
            .ok()
            .filter(|url| !url.is_empty());
        let mut core = match (chosen, default_base_url) {
            (Some(url), _) => Self::new(&url)?,
            (None, Some(url)) => Self::for_server(url),
            (None, None) => {
                return Err(InvalidBaseUrl {
                    url: String::new(),
                    reason: format!(
                        "the API description names no server; set `{base_url_variable}`"
                    ),
                });
            }
        };
        for scheme in schemes {
            if let Some(credential) = Credential::from_env(scheme) {
                core.credentials.insert(scheme.name, credential);
            }
        }
        Ok(core)
    }

    /// The base URL every path is appended to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends `Authorization: Bearer <token>` wherever the spec lets a bearer token go (HTTP
    /// bearer, OAuth 2.0 and OpenID Connect schemes, or every request of a spec that declares
    /// no security), unless a scheme has a credential of its own.
    pub fn set_bearer_token(&mut self, token: Secret) {
        self.bearer_token = Some(token);
    }

    /// Sets the token of a bearer, OAuth 2.0 or OpenID Connect scheme.
    pub fn set_token(&mut self, scheme: &'static SecurityScheme, token: Secret) {
        self.credentials
            .insert(scheme.name, Credential::Token(token));
    }

    /// Sets the user name and password of an HTTP basic scheme.
    pub fn set_basic(
        &mut self,
        scheme: &'static SecurityScheme,
        username: String,
        password: Secret,
    ) {
        self.credentials
            .insert(scheme.name, Credential::Basic { username, password });
    }

    /// Sets the key of an API key scheme.
    pub fn set_api_key(&mut self, scheme: &'static SecurityScheme, key: Secret) {
        self.credentials
            .insert(scheme.name, Credential::ApiKey(key));
    }

    /// Sets the client credentials of an OAuth 2.0 scheme. Ignored when neither the scheme
    /// nor `credentials` names a token endpoint; generated code offers this only for schemes
    /// with a client credentials flow.
    pub fn set_client_credentials(
        &mut self,
        scheme: &'static SecurityScheme,
        credentials: ClientCredentials,
    ) {
        if let Some(credential) = Credential::client_credentials(scheme, credentials) {
            self.credentials.insert(scheme.name, credential);
        }
    }

    /// Uses `http` for every request, with its proxies, TLS and connection settings.
    pub fn set_http_client(&mut self, http: reqwest::Client) {
        self.http = ClientWithMiddleware::from(http);
    }

    /// Sends every request, token requests included, through `http` and its middleware.
    pub fn set_middleware_client(&mut self, http: ClientWithMiddleware) {
        self.http = http;
    }

    /// When to retry a request, and how long to wait first.
    pub fn set_retry_policy(&mut self, retry: RetryPolicy) {
        self.retry = retry;
    }

    /// How long one attempt may take; `None` waits as long as the server takes.
    pub fn set_timeout(&mut self, timeout: Option<Duration>) {
        self.timeout = timeout;
    }

    /// Starts a request for `operation`; its path is relative to the base URL.
    pub fn request(&self, method: Method, operation: Operation) -> RequestBuilder<'_> {
        RequestBuilder {
            core: self,
            method,
            operation,
            path: String::new(),
            query: String::new(),
            cookies: String::new(),
            headers: HeaderMap::new(),
            body: None,
            error: None,
        }
    }

    /// Starts a request of the operation `id` to `path`, its path template, as the spec writes
    /// both; [`RequestBuilder::path_params`] fills the template.
    fn operation(
        &self,
        method: Method,
        id: &'static str,
        path: &'static str,
    ) -> RequestBuilder<'_> {
        let operation = Operation {
            id,
            path,
            security: None,
            server: None,
        };
        let mut builder = self.request(method, operation);
        // Without parameters the template is the path.
        if !path.contains('{') {
            builder.path(path);
        }
        builder
    }

    /// The credential for `scheme`: its own, or the bearer token where one can go.
    fn credential_for(&self, scheme: &SecurityScheme) -> Option<Credential> {
        if let Some(credential) = self.credentials.get(scheme.name)
            && satisfies(credential, scheme)
        {
            return Some(credential.clone());
        }
        let token = Credential::Token(self.bearer_token.clone()?);
        satisfies(&token, scheme).then_some(token)
    }

    /// The credentials to send: those of the first alternative of `security` that has all of
    /// them. None at all sends the request without, and the server decides.
    fn credentials_for(&self, operation: &Operation) -> Vec<(&'static SecurityScheme, Credential)> {
        let Some(alternatives) = operation.security else {
            return match &self.bearer_token {
                Some(token) => vec![(&ANY_BEARER, Credential::Token(token.clone()))],
                None => Vec::new(),
            };
        };
        alternatives
            .iter()
            .filter(|alternative| !alternative.is_empty())
            .find_map(|alternative| {
                alternative
                    .iter()
                    .map(|scheme| Some((*scheme, self.credential_for(scheme)?)))
                    .collect::<Option<Vec<_>>>()
            })
            .unwrap_or_default()
    }
}

/// One constructor per HTTP method, so that a generated method starts its request in one short
/// line: `self.core.get("repos/get", "/repos/{owner}/{repo}")`.
macro_rules! http_methods {
    ($($name:ident => $method:ident),* $(,)?) => {
        impl ClientCore {
            $(
                #[doc = concat!(
                    "Starts a `", stringify!($method), "` request of the operation `id` to ",
                    "`path`, its path template."
                )]
                pub fn $name(&self, id: &'static str, path: &'static str) -> RequestBuilder<'_> {
                    self.operation(Method::$method, id, path)
                }
            )*
        }
    };
}

http_methods!(
    get => GET,
    put => PUT,
    post => POST,
    delete => DELETE,
    options => OPTIONS,
    head => HEAD,
    patch => PATCH,
    trace => TRACE,
);

/// One request under construction. Generated methods drive it; it is public so that they can.
pub struct RequestBuilder<'a> {
    core: &'a ClientCore,
    method: Method,
    operation: Operation,
    path: String,
    query: String,
    /// `name=value` pairs joined by `; `, the value of the one `Cookie` header.
    cookies: String,
    headers: HeaderMap,
    body: Option<Vec<u8>>,
    /// The first thing that went wrong while building; [`RequestBuilder::call`] fails with it
    /// before sending anything. Keeping it here lets generated methods build without `?`.
    error: Option<BuildError>,
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

impl<'a> RequestBuilder<'a> {
    /// Appends a literal part of the path template, as the spec writes it.
    pub fn path(&mut self, literal: &str) {
        self.path.push_str(literal);
    }

    /// Remembers the first error of building the request: the call fails with it, unsent.
    pub fn check(&mut self, result: Result<(), BuildError>) {
        if let Err(error) = result {
            self.error.get_or_insert(error);
        }
    }

    /// Sets the operation's `security`: alternatives, each a set of schemes used together;
    /// `&[]` when it needs no credentials.
    pub fn security(&mut self, alternatives: &'static [&'static [&'static SecurityScheme]]) {
        self.operation.security = Some(alternatives);
    }

    /// Sends the request to `url`, the server the spec names for the operation or its path,
    /// unless the caller chose a base URL.
    pub fn server(&mut self, url: &'static str) {
        self.operation.server = Some(url);
    }

    /// Fills the operation's path template: `values` are its parameters in the order the
    /// template names them, each sent as exactly one percent-encoded segment.
    pub fn path_params(&mut self, values: &[&dyn ParamValue]) {
        let mut values = values.iter();
        let mut rest = self.operation.path;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|close| open + close) else {
                break;
            };
            self.path.push_str(&rest[..open]);
            let name = &rest[open + 1..close];
            match values.next() {
                Some(value) => self.path_param(name, *value),
                None => self.check(Err(BuildError::PathParam { name })),
            }
            rest = &rest[close + 1..];
        }
        self.path.push_str(rest);
    }

    /// Appends a path parameter as exactly one percent-encoded segment.
    pub fn path_param<V: ParamValue + ?Sized>(&mut self, name: &'static str, value: &V) {
        let value = value.to_param();
        // Dot segments are removed by URL normalisation even when percent-encoded, so they
        // cannot be sent as a value at all.
        if matches!(&*value, "" | "." | "..") {
            self.check(Err(BuildError::PathParam { name }));
            return;
        }
        self.path.extend(utf8_percent_encode(&value, COMPONENT));
    }

    /// Appends `name=value` to the query string.
    pub fn query<V: ParamValue + ?Sized>(&mut self, name: &str, value: &V) {
        push_query_pair(&mut self.query, name, &[value.to_param()], "");
    }

    /// Appends a list to the query string in the given style.
    pub fn query_list<V: ParamValue>(&mut self, name: &str, values: &[V], style: ListStyle) {
        let values: Vec<_> = values.iter().map(ParamValue::to_param).collect();
        let query = &mut self.query;
        match style {
            ListStyle::FormExploded => {
                for value in &values {
                    push_query_pair(query, name, std::slice::from_ref(value), "");
                }
            }
            ListStyle::Form => push_query_pair(query, name, &values, ","),
            ListStyle::SpaceDelimited => push_query_pair(query, name, &values, "%20"),
            ListStyle::PipeDelimited => push_query_pair(query, name, &values, "|"),
        }
    }

    /// Appends an object to the query string in the `deepObject` style: `name[key]=value`.
    pub fn query_object<V: Serialize + ?Sized>(&mut self, name: &'static str, value: &V) {
        let result = push_deep_object(&mut self.query, name, value);
        self.check(result);
    }

    /// Adds a cookie parameter to the `Cookie` header, which the request's cookie parameters
    /// and API keys share. A value is percent-encoded where a cookie cannot carry it as is.
    pub fn cookie<V: ParamValue + ?Sized>(&mut self, name: &str, value: &V) {
        push_cookie(&mut self.cookies, name, &value.to_param());
    }

    /// Adds a list cookie parameter in the `form` style OpenAPI gives cookies, `name=a,b`:
    /// each item percent-encoded where a cookie cannot carry it (a comma in an item too), the
    /// items joined by literal commas.
    pub fn cookie_list<V: ParamValue>(&mut self, name: &str, values: &[V]) {
        let joined = values
            .iter()
            .map(|value| utf8_percent_encode(&value.to_param(), COOKIE_VALUE).to_string())
            .collect::<Vec<_>>()
            .join(",");
        push_encoded_cookie(&mut self.cookies, name, &joined);
    }

    /// Sets a header parameter.
    pub fn header<V: ParamValue + ?Sized>(&mut self, name: &'static str, value: &V) {
        match HeaderValue::from_str(&value.to_param()) {
            Ok(mut header) => {
                header.set_sensitive(value.is_secret());
                self.headers.insert(HeaderName::from_static(name), header);
            }
            Err(_) => self.check(Err(BuildError::HeaderValue { name })),
        }
    }

    /// Sets the `Accept` header to the media types the operation's responses use.
    pub fn accept(&mut self, media_types: &'static str) {
        self.headers
            .insert(ACCEPT, HeaderValue::from_static(media_types));
    }

    /// Serializes `body` as JSON and sends it with the given `Content-Type`.
    pub fn json_body<B: Serialize + ?Sized>(&mut self, content_type: &'static str, body: &B) {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                self.headers
                    .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
                self.body = Some(bytes);
            }
            Err(error) => self.check(Err(BuildError::Body(error))),
        }
    }

    /// Sends `body` (bytes, or text as UTF-8) as it is, with the given `Content-Type`.
    pub fn raw_body<B: AsRef<[u8]> + ?Sized>(&mut self, content_type: &'static str, body: &B) {
        self.headers
            .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        self.body = Some(body.as_ref().to_vec());
    }

    /// Sends `form` as `application/x-www-form-urlencoded`, with the given `Content-Type`.
    pub fn form_body(&mut self, content_type: &'static str, form: &FormData) {
        self.headers
            .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        self.body = Some(form.urlencoded());
    }

    /// Sends `form` as `multipart/form-data`. The body is built once, so every attempt sends
    /// the same bytes.
    pub fn multipart_body(&mut self, form: &FormData) {
        let (boundary, body) = form.multipart();
        match HeaderValue::from_str(&format!("multipart/form-data; boundary={boundary}")) {
            Ok(content_type) => {
                self.headers.insert(CONTENT_TYPE, content_type);
                self.body = Some(body);
            }
            Err(_) => self.check(Err(BuildError::HeaderValue {
                name: "content-type",
            })),
        }
    }

    /// The call: the request is sent when the result is awaited, and the response decoded
    /// with `decode`, the generated method's table of statuses.
    pub fn call<T, E>(self, decode: fn(Response) -> Result<T, Error<E>>) -> Call<'a, T, E> {
        Call {
            send: Box::pin(self.send()),
            decode,
        }
    }

    /// Sends the request, retrying as the client's policy allows, and reads the whole
    /// response. Each call is a `tracing` span named `http_request`.
    pub async fn send(self) -> Result<Response, SendError> {
        if let Some(error) = self.error {
            return Err(error.into());
        }
        let span = tracing::info_span!(
            "http_request",
            operation = self.operation.id,
            http.request.method = %self.method,
            url.template = self.operation.path,
            http.response.status_code = tracing::field::Empty,
            retries = tracing::field::Empty,
        );
        self.send_with_retries(&span).instrument(span.clone()).await
    }

    async fn send_with_retries(self, span: &tracing::Span) -> Result<Response, SendError> {
        let core = self.core;
        let base_url = match self.operation.server {
            Some(server) if !core.base_url_chosen => server,
            _ => core.base_url.as_str(),
        };
        let credentials = core.credentials_for(&self.operation);
        let body = self.body.map(Bytes::from);
        let mut retries = 0;
        let mut refreshed_token = false;
        loop {
            let mut headers = self.headers.clone();
            let mut query = self.query.clone();
            let mut cookies = self.cookies.clone();
            let mut token_sources = Vec::new();
            for (scheme, credential) in &credentials {
                match credential.apply(scheme, &core.http).await? {
                    Applied::Bearer(token, source) => {
                        let value = format!("Bearer {}", token.expose());
                        insert_secret(&mut headers, AUTHORIZATION, &value, "authorization")?;
                        token_sources.extend(source.map(|source| (source, token)));
                    }
                    Applied::Basic(username, password) => {
                        let value = basic_authorization(&username, &password);
                        insert_secret(&mut headers, AUTHORIZATION, &value, "authorization")?;
                    }
                    Applied::ApiKey(ApiKeyLocation::Header, name, key) => {
                        let header = HeaderName::from_bytes(name.as_bytes())
                            .map_err(|_| BuildError::HeaderValue { name })?;
                        insert_secret(&mut headers, header, key.expose(), name)?;
                    }
                    Applied::ApiKey(ApiKeyLocation::Query, name, key) => {
                        push_query_pair(&mut query, name, &[key.expose().into()], "");
                    }
                    Applied::ApiKey(ApiKeyLocation::Cookie, name, key) => {
                        push_cookie(&mut cookies, name, key.expose());
                    }
                }
            }
            if !cookies.is_empty() {
                // Cookies often carry sessions: the header is marked sensitive.
                insert_secret(&mut headers, COOKIE, &cookies, "cookie")?;
            }
            let mut url = format!("{base_url}{}", self.path);
            if !query.is_empty() {
                url.push('?');
                url.push_str(&query);
            }
            let url =
                reqwest::Url::parse(&url).map_err(|error| BuildError::Url(error.to_string()))?;
            let mut request = reqwest::Request::new(self.method.clone(), url);
            *request.headers_mut() = headers;
            *request.body_mut() = body.clone().map(reqwest::Body::from);
            *request.timeout_mut() = core.timeout;

            let wait = match core.http.execute(request).await {
                Ok(response) => {
                    let status = response.status();
                    if status == StatusCode::UNAUTHORIZED
                        && !refreshed_token
                        && !token_sources.is_empty()
                    {
                        // The token may have been revoked or expired early: fetch a new one,
                        // once.
                        tracing::debug!("401 with a cached access token; fetching a new one");
                        refreshed_token = true;
                        for (source, token) in &token_sources {
                            source.discard(token).await;
                        }
                        continue;
                    }
                    let wait = core
                        .retry
                        .allows(&self.method, retries)
                        .then(|| {
                            core.retry
                                .delay_after_response(status, response.headers(), retries)
                        })
                        .flatten();
                    match wait {
                        Some(wait) => {
                            tracing::debug!(status = status.as_u16(), ?wait, "retrying");
                            wait
                        }
                        None => {
                            span.record("http.response.status_code", status.as_u16());
                            span.record("retries", retries);
                            return Response::read(response).await;
                        }
                    }
                }
                Err(error) => {
                    let connect = matches!(&error, reqwest_middleware::Error::Reqwest(error) if error.is_connect());
                    if !(connect && core.retry.allows(&self.method, retries)) {
                        span.record("retries", retries);
                        return Err(SendError::Transport(error));
                    }
                    let wait = core.retry.backoff(retries);
                    tracing::debug!(?wait, "connection failed; retrying");
                    wait
                }
            };
            tokio::time::sleep(wait).await;
            retries += 1;
        }
    }
}

fn push_query_pair(
    query: &mut String,
    name: &str,
    values: &[std::borrow::Cow<'_, str>],
    separator: &str,
) {
    if !query.is_empty() {
        query.push('&');
    }
    query.extend(utf8_percent_encode(name, COMPONENT));
    query.push('=');
    for (index, value) in values.iter().enumerate() {
        if index > 0 {
            query.push_str(separator);
        }
        query.extend(utf8_percent_encode(value, COMPONENT));
    }
}

/// What a cookie value cannot carry as is (RFC 6265's `cookie-octet` excludes controls,
/// space, `"`, `,`, `;` and `\`), and `%`, so that encoded values decode unambiguously.
const COOKIE_VALUE: &AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');

fn push_cookie(cookies: &mut String, name: &str, value: &str) {
    push_encoded_cookie(
        cookies,
        name,
        &utf8_percent_encode(value, COOKIE_VALUE).to_string(),
    );
}

/// Appends `name=value` to the `Cookie` header's value, `value` encoded already.
fn push_encoded_cookie(cookies: &mut String, name: &str, value: &str) {
    if !cookies.is_empty() {
        cookies.push_str("; ");
    }
    cookies.push_str(name);
    cookies.push('=');
    cookies.push_str(value);
}

/// Sets a header that carries a credential, marked sensitive so that it is never logged.
fn insert_secret(
    headers: &mut HeaderMap,
    header: HeaderName,
    value: &str,
    name: &'static str,
) -> Result<(), BuildError> {
    let mut value = HeaderValue::from_str(value).map_err(|_| BuildError::HeaderValue { name })?;
    value.set_sensitive(true);
    headers.insert(header, value);
    Ok(())
}

/// An operation's call: a future of its result, `Result<T, Error<E>>`, that sends the request
/// when it is awaited. Every generated method returns one.
///
/// It is a small type of its own rather than an `async fn` per operation: one shared,
/// non-generic sending future and a plain decoding function per operation, so that a client of
/// a thousand operations compiles one state machine instead of a thousand.
#[must_use = "a call sends nothing until it is awaited"]
pub struct Call<'a, T, E> {
    send: Pin<Box<dyn Future<Output = Result<Response, SendError>> + Send + 'a>>,
    decode: fn(Response) -> Result<T, Error<E>>,
}

impl<T, E> Future for Call<'_, T, E> {
    type Output = Result<T, Error<E>>;

    fn poll(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Self::Output> {
        let call = self.get_mut();
        call.send.as_mut().poll(context).map(|sent| match sent {
            Ok(response) => (call.decode)(response),
            Err(error) => Err(error.into()),
        })
    }
}

impl<T, E> fmt::Debug for Call<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call").finish_non_exhaustive()
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
    async fn read(response: reqwest::Response) -> Result<Self, SendError> {
        let status = response.status();
        let headers = Box::new(response.headers().clone());
        let body = response
            .bytes()
            .await
            .map_err(|error| SendError::Transport(error.into()))?;
        Ok(Self {
            status,
            headers,
            body,
        })
    }

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
