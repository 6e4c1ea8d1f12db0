//! Retries, backoff, `Retry-After` and timeouts, against a real local server.

use std::time::{Duration, Instant};

use generated::apinizer::Client as ApinizerClient;
use generated::authlete::{
    Client as AuthleteClient, ClientSecretUpdateApiRequest, types::ClientSecretUpdateRequest,
};
use generated::runtime::{Error, RetryPolicy};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{TOKEN, apinizer_request, failing_then};

const FAST: Duration = Duration::from_millis(5);

/// A server that answers `failures` times with `failure`, then with `200 {}`.
async fn flaky_server(failures: u64, failure: ResponseTemplate) -> MockServer {
    let success = ResponseTemplate::new(200).set_body_raw("{}", "application/json");
    failing_then(failures, failure, success).await
}

async fn received(server: &MockServer) -> usize {
    server.received_requests().await.unwrap_or_default().len()
}

/// Apinizer's update is a PUT: idempotent, so retried by default.
fn apinizer(server: &MockServer, policy: RetryPolicy) -> ApinizerClient {
    ApinizerClient::with_base_url(&server.uri())
        .expect("the mock server's URL is valid")
        .with_bearer_token(TOKEN)
        .with_retry_policy(policy)
}

/// Authlete's update is a POST: not retried unless the caller opts in.
fn authlete(server: &MockServer, policy: RetryPolicy) -> AuthleteClient {
    AuthleteClient::with_base_url(&server.uri())
        .expect("the mock server's URL is valid")
        .with_bearer_token(TOKEN)
        .with_retry_policy(policy)
}

fn post_request() -> ClientSecretUpdateApiRequest {
    ClientSecretUpdateApiRequest {
        service_id: "715948317".into(),
        client_identifier: "1140735077".into(),
        body: ClientSecretUpdateRequest {
            client_secret: "s".into(),
        },
    }
}

#[tokio::test]
async fn transient_statuses_are_retried_until_success() {
    for status in [408, 429, 502, 503, 504] {
        let server = flaky_server(2, ResponseTemplate::new(status)).await;
        let policy = RetryPolicy::default().initial_backoff(FAST);
        let result = apinizer(&server, policy)
            .update_credential(&apinizer_request())
            .await;
        assert!(result.is_ok(), "{status}: {result:?}");
        assert_eq!(
            received(&server).await,
            3,
            "{status}: two failures, one success"
        );
    }
}

#[tokio::test]
async fn retries_stop_at_the_policy_limit_and_the_last_response_is_returned() {
    let server = flaky_server(100, ResponseTemplate::new(503)).await;
    let policy = RetryPolicy::default().initial_backoff(FAST).max_retries(2);
    let error = apinizer(&server, policy)
        .update_credential(&apinizer_request())
        .await
        .expect_err("always 503");
    assert!(
        matches!(error, Error::UnexpectedStatus { status, .. } if status.as_u16() == 503),
        "{error:?}"
    );
    assert_eq!(
        received(&server).await,
        3,
        "the first attempt and two retries"
    );
}

#[tokio::test]
async fn other_errors_are_not_retried() {
    for status in [400, 401, 404, 500, 501] {
        let server = flaky_server(100, ResponseTemplate::new(status)).await;
        let policy = RetryPolicy::default().initial_backoff(FAST);
        let result = apinizer(&server, policy)
            .update_credential(&apinizer_request())
            .await;
        assert!(result.is_err(), "{status}");
        assert_eq!(received(&server).await, 1, "{status} is final");
    }
}

#[tokio::test]
async fn backoff_waits_grow_between_attempts() {
    let server = flaky_server(3, ResponseTemplate::new(503)).await;
    // Waits of at least 100, 200 and 400 ms: half of 200, 400 and 800 ms.
    let policy = RetryPolicy::default().initial_backoff(Duration::from_millis(200));
    let started = Instant::now();
    apinizer(&server, policy)
        .update_credential(&apinizer_request())
        .await
        .expect("the fourth attempt succeeds");
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(700), "{elapsed:?}");
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 4);
}

#[tokio::test]
async fn retry_after_sets_the_wait() {
    let server = flaky_server(
        1,
        ResponseTemplate::new(429).insert_header("retry-after", "1"),
    )
    .await;
    // Without the header, the wait would be a few milliseconds.
    let policy = RetryPolicy::default().initial_backoff(FAST);
    let started = Instant::now();
    apinizer(&server, policy)
        .update_credential(&apinizer_request())
        .await
        .expect("the retry succeeds");
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_secs(1), "{elapsed:?}");
    assert_eq!(received(&server).await, 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_longest_wait_ends_the_retries() {
    let server = flaky_server(
        1,
        ResponseTemplate::new(503).insert_header("retry-after", "3600"),
    )
    .await;
    let policy = RetryPolicy::default().initial_backoff(FAST);
    let error = apinizer(&server, policy)
        .update_credential(&apinizer_request())
        .await
        .expect_err("the server asked for an hour");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    let retry_after = error
        .headers()
        .and_then(|headers| headers.get("retry-after"))
        .and_then(|value| value.to_str().ok());
    assert_eq!(retry_after, Some("3600"), "the caller can read the header");
    assert_eq!(received(&server).await, 1);
}

#[tokio::test]
async fn non_idempotent_requests_are_retried_only_when_opted_in() {
    let server = flaky_server(1, ResponseTemplate::new(503)).await;
    let policy = RetryPolicy::default().initial_backoff(FAST);
    let result = authlete(&server, policy.clone())
        .client_secret_update_api(&post_request())
        .await;
    assert!(result.is_err(), "a POST is not retried by default");
    assert_eq!(received(&server).await, 1);

    let server = flaky_server(1, ResponseTemplate::new(503)).await;
    authlete(&server, policy.retry_non_idempotent(true))
        .client_secret_update_api(&post_request())
        .await
        .expect("retried once, then 200");
    assert_eq!(received(&server).await, 2);
}

#[tokio::test]
async fn connection_failures_are_retried_with_backoff() {
    // A port nothing listens on: every attempt fails to connect.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let address = listener.local_addr().expect("its address");
    drop(listener);
    let client = ApinizerClient::with_base_url(&format!("http://{address}"))
        .expect("a valid URL")
        .with_retry_policy(
            RetryPolicy::default()
                .initial_backoff(Duration::from_millis(200))
                .max_retries(2),
        );
    let started = Instant::now();
    let error = client
        .update_credential(&apinizer_request())
        .await
        .expect_err("nothing listens");
    let elapsed = started.elapsed();
    assert!(matches!(error, Error::Connection(_)), "{error:?}");
    // Two waits of at least 100 and 200 ms.
    assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
}

#[tokio::test]
async fn a_slow_server_times_out_per_client_and_per_call() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw("{}", "application/json")
                .set_delay(Duration::from_millis(1500)),
        )
        .mount(&server)
        .await;
    let client = apinizer(&server, RetryPolicy::none()).with_timeout(Duration::from_millis(200));
    let started = Instant::now();
    let error = client
        .update_credential(&apinizer_request())
        .await
        .expect_err("the server takes longer than the timeout");
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert!(started.elapsed() < Duration::from_millis(1500));
    assert!(error.to_string().contains("with_timeout"), "{error}");

    // One call with a longer limit, on a clone; the client keeps its own.
    client
        .clone()
        .with_timeout(Duration::from_secs(10))
        .update_credential(&apinizer_request())
        .await
        .expect("this call may wait");
    let error = client
        .update_credential(&apinizer_request())
        .await
        .expect_err("the client's own limit still holds");
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
}

#[tokio::test]
async fn a_connection_closed_mid_body_is_a_transport_error() {
    use std::io::{Read, Write};
    // A server that promises 100 bytes of body, sends 10 and hangs up.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let address = listener.local_addr().expect("its address");
    let server = std::thread::spawn(move || {
        if let Ok((mut stream, _)) = listener.accept() {
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"status\":",
            );
        }
    });
    let error = ApinizerClient::with_base_url(&format!("http://{address}"))
        .expect("a valid URL")
        .with_bearer_token(TOKEN)
        .with_retry_policy(RetryPolicy::none())
        .update_credential(&apinizer_request())
        .await
        .expect_err("the body never arrives whole");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(!format!("{error} {error:?}").contains(TOKEN));
    server.join().expect("the server thread ends");
}
