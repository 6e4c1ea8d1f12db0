//! Wire tests: every generated client against a real local HTTP server, checking the method,
//! path, query, headers and body bytes of each request and the decoding of each response.

mod apinizer;
mod auth;
mod authlete;
mod commerce_layer;
mod confidence;
mod cribl;
mod hooks;
mod operations;
mod resilience;

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

pub const TOKEN: &str = "test-token-7f3a";

/// A server that answers every request with `status` and `body` of type `content_type`.
pub async fn server_answering(status: u16, content_type: &str, body: &str) -> MockServer {
    let server = MockServer::start().await;
    let mut response = ResponseTemplate::new(status);
    if !body.is_empty() {
        response = response.set_body_raw(body.as_bytes().to_vec(), content_type);
    }
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// A server that answers its first `failures` requests with `failure`, then every one with
/// `success`: what retries are tested against.
pub async fn failing_then(
    failures: u64,
    failure: ResponseTemplate,
    success: ResponseTemplate,
) -> MockServer {
    let server = MockServer::start().await;
    if failures > 0 {
        Mock::given(any())
            .respond_with(failure)
            .up_to_n_times(failures)
            .with_priority(1)
            .mount(&server)
            .await;
    }
    Mock::given(any())
        .respond_with(success)
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

/// A valid Apinizer update, a PUT: idempotent, so retried by default.
pub fn apinizer_request() -> generated::apinizer::UpdateCredentialRequest {
    generated::apinizer::UpdateCredentialRequest {
        project_name: "MyProject".into(),
        body: generated::apinizer::types::CredentialDto {
            email: "a@example.com".into(),
            full_name: "A".into(),
            description: "d".into(),
            username: "api-user".into(),
            password: "pw".into(),
            role_name_list: vec![],
            enabled: true,
            ip_list: vec![],
            expire_date: None,
        },
    }
}

/// The one request the server received.
pub async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

/// The request line as sent: method, path and query.
pub fn request_line(request: &Request) -> String {
    match request.url.query() {
        Some(query) => format!("{} {}?{}", request.method, request.url.path(), query),
        None => format!("{} {}", request.method, request.url.path()),
    }
}

/// A header's value, or "" when it is missing.
pub fn header<'a>(request: &'a Request, name: &str) -> &'a str {
    request
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
}

/// The body as text, for comparing bytes with a readable failure message.
pub fn body(request: &Request) -> &str {
    std::str::from_utf8(&request.body).unwrap_or("<not UTF-8>")
}
