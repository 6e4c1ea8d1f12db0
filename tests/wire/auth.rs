//! Credentials from the spec's security schemes: OAuth 2.0 client credentials fetched, cached,
//! refreshed; basic and API keys where the scheme puts them; `security` alternatives.

use std::time::Duration;

use generated::cribl::{
    Client as CriblClient, V1ApiCredentialsUpdateApiCredentialRequest as CriblRequest,
};
use generated::runtime::{
    ApiKeyLocation, AuthError, ClientCore, ClientCredentials, Error, Method, Operation, SchemeKind,
    SecurityScheme,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use super::{TOKEN, body, header};

const CLIENT_SECRET: &str = "cs-9d2b-very-secret";

fn token_response(token: &str, expires_in: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": expires_in,
    }))
}

/// A Cribl client whose OAuth scheme fetches tokens from the mock server.
fn cribl(server: &MockServer) -> CriblClient {
    CriblClient::with_base_url(&server.uri())
        .expect("the mock server's URL is valid")
        .with_client_oauth(
            ClientCredentials::new("my-client-id", CLIENT_SECRET)
                .token_url(format!("{}/oauth/token", server.uri())),
        )
}

fn cribl_request() -> CriblRequest {
    CriblRequest {
        organization_id: "my-org".into(),
        api_credential_id: "abc".into(),
        body: Default::default(),
    }
}

async fn requests_to(server: &MockServer, wanted: &str) -> Vec<Request> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|request| request.url.path() == wanted)
        .collect()
}

const API_PATH: &str = "/v1/organizations/my-org/api-credentials/abc";

#[tokio::test]
async fn a_client_credentials_token_is_fetched_once_and_reused() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(token_response("access-1", 86_400))
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path(API_PATH))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = cribl(&server);
    for _ in 0..3 {
        client
            .v1_api_credentials_update_api_credential(&cribl_request())
            .await
            .expect("204 is the documented success");
    }

    let token_requests = requests_to(&server, "/oauth/token").await;
    assert_eq!(token_requests.len(), 1, "one token for three calls");
    let token_request = &token_requests[0];
    assert_eq!(
        header(token_request, "content-type"),
        "application/x-www-form-urlencoded"
    );
    // The spec's `x-token-parameters` adds Cribl's audience.
    assert_eq!(
        body(token_request),
        "grant_type=client_credentials&client_id=my-client-id&client_secret=cs-9d2b-very-secret&audience=https%3A%2F%2Fapi.cribl.cloud"
    );
    let api_requests = requests_to(&server, API_PATH).await;
    assert_eq!(api_requests.len(), 3);
    for request in &api_requests {
        assert_eq!(header(request, "authorization"), "Bearer access-1");
    }
}

#[tokio::test]
async fn concurrent_calls_share_one_token_request() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(token_response("access-1", 3600).set_delay(Duration::from_millis(100)))
        .mount(&server)
        .await;
    Mock::given(path(API_PATH))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = cribl(&server);
    let request = cribl_request();
    let calls = (0..5).map(|_| client.v1_api_credentials_update_api_credential(&request));
    for result in futures::future::join_all(calls).await {
        result.expect("204 is the documented success");
    }
    assert_eq!(requests_to(&server, "/oauth/token").await.len(), 1);
    assert_eq!(requests_to(&server, API_PATH).await.len(), 5);
}

#[tokio::test]
async fn an_expired_token_is_replaced() {
    let server = MockServer::start().await;
    // The first token lives one second; the client renews it a tenth of that early.
    Mock::given(path("/oauth/token"))
        .respond_with(token_response("access-1", 1))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/oauth/token"))
        .respond_with(token_response("access-2", 3600))
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(path(API_PATH))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = cribl(&server);
    client
        .v1_api_credentials_update_api_credential(&cribl_request())
        .await
        .expect("first call");
    tokio::time::sleep(Duration::from_millis(1000)).await;
    client
        .v1_api_credentials_update_api_credential(&cribl_request())
        .await
        .expect("second call");

    assert_eq!(requests_to(&server, "/oauth/token").await.len(), 2);
    let api_requests = requests_to(&server, API_PATH).await;
    assert_eq!(header(&api_requests[0], "authorization"), "Bearer access-1");
    assert_eq!(header(&api_requests[1], "authorization"), "Bearer access-2");
}

#[tokio::test]
async fn a_401_fetches_a_new_token_once() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(token_response("revoked", 3600))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/oauth/token"))
        .respond_with(token_response("fresh", 3600))
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(path(API_PATH))
        .respond_with(ResponseTemplate::new(401))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path(API_PATH))
        .respond_with(ResponseTemplate::new(204))
        .with_priority(2)
        .mount(&server)
        .await;
    cribl(&server)
        .v1_api_credentials_update_api_credential(&cribl_request())
        .await
        .expect("the call succeeds with the new token");
    let api_requests = requests_to(&server, API_PATH).await;
    assert_eq!(api_requests.len(), 2);
    assert_eq!(header(&api_requests[0], "authorization"), "Bearer revoked");
    assert_eq!(header(&api_requests[1], "authorization"), "Bearer fresh");
}

#[tokio::test]
async fn a_401_with_a_fresh_token_is_returned_not_retried_forever() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(token_response("access", 3600))
        .mount(&server)
        .await;
    Mock::given(path(API_PATH))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    let result = cribl(&server)
        .v1_api_credentials_update_api_credential(&cribl_request())
        .await;
    let error = result.expect_err("the API refuses every token");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(401));
    assert_eq!(requests_to(&server, API_PATH).await.len(), 2);
    assert_eq!(requests_to(&server, "/oauth/token").await.len(), 2);
}

#[tokio::test]
async fn a_refused_token_request_is_an_auth_error_without_the_secret() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "error": "invalid_client",
            "error_description": "Unknown client or wrong secret",
        })))
        .mount(&server)
        .await;
    let client = cribl(&server);
    let error = client
        .v1_api_credentials_update_api_credential(&cribl_request())
        .await
        .expect_err("no token, no call");
    match &error {
        Error::Auth(AuthError::Refused { status, error, .. }) => {
            assert_eq!(status.as_u16(), 401);
            assert_eq!(error.as_deref(), Some("invalid_client"));
        }
        other => panic!("expected a refused token request, got {other:?}"),
    }
    let printed = format!("{error} | {error:?} | {client:?}");
    assert!(printed.contains("invalid_client"), "{printed}");
    assert!(printed.contains("my-client-id"), "{printed}");
    assert!(!printed.contains(CLIENT_SECRET), "{printed}");
    assert!(requests_to(&server, API_PATH).await.is_empty());
}

#[tokio::test]
async fn a_token_response_that_is_not_json_is_a_decode_auth_error() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>login</html>"))
        .mount(&server)
        .await;
    let error = cribl(&server)
        .v1_api_credentials_update_api_credential(&cribl_request())
        .await
        .expect_err("no token");
    assert!(
        matches!(error, Error::Auth(AuthError::Decode { .. })),
        "{error:?}"
    );
}

// The runtime as generated methods drive it, for the schemes no seed spec uses.

static BASIC: SecurityScheme = SecurityScheme {
    name: "basic",
    env: "TEST_BASIC",
    kind: SchemeKind::Basic,
};
static HEADER_KEY: SecurityScheme = SecurityScheme {
    name: "headerKey",
    env: "TEST_HEADER_KEY",
    kind: SchemeKind::ApiKey {
        location: ApiKeyLocation::Header,
        name: "X-API-Key",
    },
};
static QUERY_KEY: SecurityScheme = SecurityScheme {
    name: "queryKey",
    env: "TEST_QUERY_KEY",
    kind: SchemeKind::ApiKey {
        location: ApiKeyLocation::Query,
        name: "api_key",
    },
};
static COOKIE_KEY: SecurityScheme = SecurityScheme {
    name: "cookieKey",
    env: "TEST_COOKIE_KEY",
    kind: SchemeKind::ApiKey {
        location: ApiKeyLocation::Cookie,
        name: "session",
    },
};
static BEARER: SecurityScheme = SecurityScheme {
    name: "bearer",
    env: "TEST_BEARER",
    kind: SchemeKind::Bearer,
};

fn operation(security: Option<&'static [&'static [&'static SecurityScheme]]>) -> Operation {
    Operation {
        id: "getThing",
        path: "/thing",
        security,
        server: None,
    }
}

/// The request `GET /thing?q=1` of an operation with `security` sends, from a client that
/// `configure` gave its credentials; the client comes back for inspection.
async fn sent_with(
    security: Option<&'static [&'static [&'static SecurityScheme]]>,
    configure: impl FnOnce(&mut ClientCore),
) -> (Request, ClientCore) {
    let server = super::server_answering(200, "", "").await;
    let mut core = ClientCore::new(&server.uri()).expect("a valid URL");
    configure(&mut core);
    let mut builder = core.request(Method::GET, operation(security));
    builder.path("/thing");
    builder.query("q", "1");
    builder.send().await.expect("a response");
    (super::only_request(&server).await, core)
}

#[tokio::test]
async fn basic_and_api_keys_travel_where_their_schemes_say() {
    static ALL_FOUR: &[&[&SecurityScheme]] = &[&[&BASIC, &HEADER_KEY, &QUERY_KEY, &COOKIE_KEY]];
    let (sent, core) = sent_with(Some(ALL_FOUR), |core| {
        core.set_basic(&BASIC, "aladdin".into(), "open sesame".into());
        core.set_api_key(&HEADER_KEY, "hk-s3cret".into());
        core.set_api_key(&QUERY_KEY, "qk s3cret&x=1".into());
        core.set_api_key(&COOKIE_KEY, "ck-s3cret".into());
    })
    .await;

    assert_eq!(
        header(&sent, "authorization"),
        "Basic YWxhZGRpbjpvcGVuIHNlc2FtZQ=="
    );
    assert_eq!(header(&sent, "x-api-key"), "hk-s3cret");
    assert_eq!(header(&sent, "cookie"), "session=ck-s3cret");
    assert_eq!(
        sent.url.query(),
        Some("q=1&api_key=qk%20s3cret%26x%3D1"),
        "the key is one percent-encoded query value"
    );
    let printed = format!("{core:?}");
    assert!(!printed.contains("s3cret"), "{printed}");
    assert!(!printed.contains("open sesame"), "{printed}");
}

#[tokio::test]
async fn the_first_alternative_with_every_credential_is_used() {
    static KEY_OR_BEARER: &[&[&SecurityScheme]] = &[&[&HEADER_KEY], &[&BEARER]];
    let (sent, _) = sent_with(Some(KEY_OR_BEARER), |core| {
        core.set_bearer_token(TOKEN.into());
    })
    .await;
    assert_eq!(header(&sent, "authorization"), format!("Bearer {TOKEN}"));
    assert_eq!(header(&sent, "x-api-key"), "");

    let (sent, _) = sent_with(Some(KEY_OR_BEARER), |core| {
        core.set_bearer_token(TOKEN.into());
        core.set_api_key(&HEADER_KEY, "hk-1".into());
    })
    .await;
    assert_eq!(header(&sent, "x-api-key"), "hk-1");
    assert_eq!(header(&sent, "authorization"), "");
}

#[tokio::test]
async fn security_none_sends_no_credentials_and_unstated_security_sends_the_token() {
    for (security, expected) in [
        (Some(&[] as &[&[&SecurityScheme]]), String::new()),
        (None, format!("Bearer {TOKEN}")),
    ] {
        let (sent, _) = sent_with(security, |core| core.set_bearer_token(TOKEN.into())).await;
        assert_eq!(header(&sent, "authorization"), expected);
    }
}
