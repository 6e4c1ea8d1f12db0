//! Compiled into the standalone crate generated from `tests/fixtures/success_responses.yaml`:
//! success responses with different bodies decode into the variant of their status.

use success_responses::runtime::Error;
use success_responses::types::{Job, JobResult};
use success_responses::{
    Client, GetJobRequest, SubmitJobError, SubmitJobRequest, SubmitJobSuccess,
};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A client of a server that answers every request with `response`, and the server, which
/// must outlive the calls.
async fn answering(response: ResponseTemplate) -> (Client, MockServer) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    let client = Client::with_base_url(&server.uri()).expect("a valid URL");
    (client, server)
}

fn json(status: u16, body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

#[tokio::test]
async fn each_success_status_decodes_into_its_own_variant() {
    let cases = [
        (
            json(200, serde_json::json!({"output": "42"})),
            SubmitJobSuccess::Ok(JobResult {
                output: Some("42".into()),
            }),
        ),
        (
            json(201, serde_json::json!({"id": "j-1"})),
            SubmitJobSuccess::Created(Job { id: "j-1".into() }),
        ),
        (ResponseTemplate::new(202), SubmitJobSuccess::Accepted),
        (
            ResponseTemplate::new(206).set_body_raw("partly", "text/plain"),
            SubmitJobSuccess::Status2xx("partly".into()),
        ),
    ];
    for (response, expected) in cases {
        let (client, _server) = answering(response).await;
        let success = client
            .submit_job(&SubmitJobRequest {})
            .await
            .expect("a success");
        assert_eq!(success, expected);
    }

    let (client, _server) = answering(json(409, serde_json::json!({"detail": "exists"}))).await;
    let error = client
        .submit_job(&SubmitJobRequest {})
        .await
        .expect_err("a conflict");
    assert!(
        matches!(&error, Error::Api { body: SubmitJobError::Conflict(problem), .. }
            if problem.detail.as_deref() == Some("exists")),
        "{error:?}"
    );
}

#[tokio::test]
async fn successes_sharing_one_body_type_keep_the_plain_type() {
    let (client, _server) = answering(json(203, serde_json::json!({"id": "j-2"}))).await;
    let job = client
        .get_job(&GetJobRequest { id: "j-2".into() })
        .await
        .expect("a job");
    assert_eq!(job, Some(Job { id: "j-2".into() }));

    let (client, _server) = answering(ResponseTemplate::new(204)).await;
    let job = client
        .get_job(&GetJobRequest { id: "j-2".into() })
        .await
        .expect("no job");
    assert_eq!(job, None);
}
