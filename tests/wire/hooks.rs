//! Behaviour around every request without regenerating: `reqwest-middleware` middleware, a
//! `tracing` span per call, and configuration from environment variables.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use generated::apinizer::Client;
use generated::runtime::{ClientWithMiddleware, Error, RetryPolicy};
use reqwest_middleware::{ClientBuilder, Middleware, Next};
use wiremock::{MockServer, ResponseTemplate};

use super::{TOKEN, apinizer_request, failing_then, header};

/// Adds a header and counts the attempts it sees.
#[derive(Default, Clone)]
struct TagAndCount {
    attempts: Arc<AtomicUsize>,
}

#[async_trait::async_trait]
impl Middleware for TagAndCount {
    async fn handle(
        &self,
        mut request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        self.attempts.fetch_add(1, Ordering::SeqCst);
        request.headers_mut().insert(
            "x-request-source",
            reqwest::header::HeaderValue::from_static("hooks-test"),
        );
        next.run(request, extensions).await
    }
}

/// Refuses every request.
struct Refuse;

#[async_trait::async_trait]
impl Middleware for Refuse {
    async fn handle(
        &self,
        _request: reqwest::Request,
        _extensions: &mut http::Extensions,
        _next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        Err(reqwest_middleware::Error::middleware(
            std::io::Error::other("blocked by policy"),
        ))
    }
}

fn with_middleware(server: &MockServer, http: ClientWithMiddleware) -> Client {
    Client::with_base_url(&server.uri())
        .expect("the mock server's URL is valid")
        .with_bearer_token(TOKEN)
        .with_middleware(http)
}

#[tokio::test]
async fn middleware_sees_every_attempt_and_can_add_headers() {
    let server = failing_then(
        1,
        ResponseTemplate::new(503),
        ResponseTemplate::new(200).set_body_raw("{}", "application/json"),
    )
    .await;
    let counter = TagAndCount::default();
    let http = ClientBuilder::new(reqwest::Client::new())
        .with(counter.clone())
        .build();
    with_middleware(&server, http)
        .with_retry_policy(RetryPolicy::default().initial_backoff(Duration::from_millis(5)))
        .update_credential(&apinizer_request())
        .await
        .expect("the retry succeeds");

    assert_eq!(counter.attempts.load(Ordering::SeqCst), 2);
    for sent in server.received_requests().await.unwrap_or_default() {
        assert_eq!(header(&sent, "x-request-source"), "hooks-test");
        assert_eq!(header(&sent, "authorization"), format!("Bearer {TOKEN}"));
    }
}

#[tokio::test]
async fn a_failing_middleware_is_its_own_error() {
    let server = super::server_answering(200, "application/json", "{}").await;
    let http = ClientBuilder::new(reqwest::Client::new())
        .with(Refuse)
        .build();
    let error = with_middleware(&server, http)
        .update_credential(&apinizer_request())
        .await
        .expect_err("the middleware refuses");
    assert!(matches!(error, Error::Middleware(_)), "{error:?}");
    assert!(error.to_string().contains("blocked by policy"), "{error}");
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

/// Records the spans opened and the fields recorded on them, as `name field=value` lines.
#[derive(Clone, Default)]
struct SpanRecorder {
    lines: Arc<Mutex<Vec<String>>>,
    next_id: Arc<AtomicUsize>,
}

struct FieldWriter<'a>(&'a mut String);

impl tracing::field::Visit for FieldWriter<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={value:?}", field.name()));
    }

    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.push_str(&format!(" {}={value}", field.name()));
    }
}

impl tracing::Subscriber for SpanRecorder {
    fn enabled(&self, _metadata: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut line = span.metadata().name().to_owned();
        span.record(&mut FieldWriter(&mut line));
        self.lines
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .push(line);
        tracing::span::Id::from_u64(self.next_id.fetch_add(1, Ordering::SeqCst) as u64 + 1)
    }

    fn record(&self, _span: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut line = "record".to_owned();
        values.record(&mut FieldWriter(&mut line));
        self.lines
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .push(line);
    }

    fn record_follows_from(&self, _span: &tracing::span::Id, _follows: &tracing::span::Id) {}

    fn event(&self, _event: &tracing::Event<'_>) {}

    fn enter(&self, _span: &tracing::span::Id) {}

    fn exit(&self, _span: &tracing::span::Id) {}
}

#[tokio::test(flavor = "current_thread")]
async fn every_call_is_a_tracing_span_with_its_operation_and_status() {
    let server = super::server_answering(200, "application/json", "{}").await;
    // The process-wide subscriber: a thread-local one loses spans whose callsite another test
    // thread registered first, while nothing listened. Only this test installs one.
    static RECORDER: std::sync::OnceLock<SpanRecorder> = std::sync::OnceLock::new();
    let recorder = RECORDER.get_or_init(|| {
        let recorder = SpanRecorder::default();
        tracing::subscriber::set_global_default(recorder.clone())
            .expect("no other test sets a global subscriber");
        tracing::callsite::rebuild_interest_cache();
        recorder
    });
    Client::with_base_url(&server.uri())
        .expect("the mock server's URL is valid")
        .with_bearer_token(TOKEN)
        .update_credential(&apinizer_request())
        .await
        .expect("200");
    let lines = recorder
        .lines
        .lock()
        .unwrap_or_else(|poison| poison.into_inner())
        .clone();
    let printed = lines.join("\n");
    assert!(
        lines.iter().any(|line| line
            == "http_request operation=updateCredential http.request.method=PUT url.template=/apiops/projects/{projectName}/credentials/"),
        "{printed}"
    );
    assert!(
        lines
            .iter()
            .any(|line| line == "record http.response.status_code=200"),
        "{printed}"
    );
    assert!(!printed.contains(TOKEN), "{printed}");
}

/// `Client::from_env` reads the documented variables. Environment variables are process-wide,
/// so the check runs in a child process of this test binary that gets them.
#[tokio::test]
async fn from_env_reads_the_documented_variables() {
    if let Ok(expected_base) = std::env::var("WIRE_TEST_FROM_ENV") {
        let client = Client::from_env().expect("a valid base URL");
        assert_eq!(client.base_url(), expected_base);
        client
            .update_credential(&apinizer_request())
            .await
            .expect("200");
        return;
    }
    let server = super::server_answering(200, "application/json", "{}").await;
    let output = std::process::Command::new(std::env::current_exe().expect("this test binary"))
        .args([
            "--exact",
            "hooks::from_env_reads_the_documented_variables",
            "--nocapture",
        ])
        .env("WIRE_TEST_FROM_ENV", server.uri())
        .env("APINIZER_BASE_URL", server.uri())
        .env("APINIZER_BEARER_AUTH_TOKEN", "from-env-token")
        .output()
        .expect("the child runs");
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let sent = super::only_request(&server).await;
    assert_eq!(header(&sent, "authorization"), "Bearer from-env-token");

    let output = std::process::Command::new(std::env::current_exe().expect("this test binary"))
        .args(["--exact", "hooks::from_env_reads_the_documented_variables"])
        .env("WIRE_TEST_FROM_ENV", "unused")
        .env("APINIZER_BASE_URL", "ftp://example.com")
        .output()
        .expect("the child runs");
    assert!(!output.status.success(), "an invalid base URL is refused");
}
