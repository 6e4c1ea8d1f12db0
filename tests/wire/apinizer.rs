use generated::apinizer::types::{ApiOpsStatus, CredentialDto};
use generated::apinizer::{Client, Server, UpdateCredentialError, UpdateCredentialRequest};
use generated::runtime::Error;

use super::{TOKEN, body, header, only_request, request_line, server_answering};

fn credential() -> CredentialDto {
    CredentialDto {
        email: "updated@example.com".into(),
        full_name: "Updated User".into(),
        description: "Updated description".into(),
        username: "api-user".into(),
        password: "NewSecurePassword123!".into(),
        role_name_list: vec!["API_USER".into()],
        enabled: true,
        ip_list: vec![],
        expire_date: None,
    }
}

fn client(base_url: &str) -> Client {
    Client::with_base_url(base_url)
        .expect("the mock server's URL is valid")
        .with_bearer_token(TOKEN)
}

#[tokio::test]
async fn put_keeps_the_trailing_slash_and_sends_every_field() {
    let server = server_answering(
        200,
        "application/json",
        r#"{"status":"SUCCESS","resultMessage":"Credential updated","resultList":[],"resultCount":0,"deploymentResult":{"success":true,"environments":[{"name":"prod","deployed":true}]}}"#,
    )
    .await;
    let request = UpdateCredentialRequest {
        project_name: "MyProject".into(),
        body: credential(),
    };
    let response = client(&server.uri())
        .update_credential(&request)
        .await
        .expect("200 is the documented success");

    let sent = only_request(&server).await;
    assert_eq!(
        request_line(&sent),
        "PUT /apiops/projects/MyProject/credentials/"
    );
    assert_eq!(header(&sent, "authorization"), format!("Bearer {TOKEN}"));
    assert_eq!(header(&sent, "content-type"), "application/json");
    assert_eq!(
        body(&sent),
        r#"{"email":"updated@example.com","fullName":"Updated User","description":"Updated description","username":"api-user","password":"NewSecurePassword123!","roleNameList":["API_USER"],"enabled":true,"ipList":[],"expireDate":null}"#
    );

    assert_eq!(response.status, Some(ApiOpsStatus::Success));
    assert_eq!(
        response.result_message.as_deref(),
        Some("Credential updated")
    );
    let deployed = response
        .deployment_result
        .expect("deployment result is kept");
    assert_eq!(deployed["environments"][0]["name"], "prod");
}

#[tokio::test]
async fn an_expiry_date_travels_as_rfc3339() {
    let server = server_answering(200, "application/json", "{}").await;
    let mut credential = credential();
    credential.expire_date = Some("2025-12-31T23:59:59Z".parse().expect("a valid date-time"));
    let request = UpdateCredentialRequest {
        project_name: "My Project/α".into(),
        body: credential,
    };
    client(&server.uri())
        .update_credential(&request)
        .await
        .expect("200 is the documented success");
    let sent = only_request(&server).await;
    assert_eq!(
        request_line(&sent),
        "PUT /apiops/projects/My%20Project%2F%CE%B1/credentials/"
    );
    assert!(
        body(&sent).ends_with(r#""expireDate":"2025-12-31T23:59:59Z"}"#),
        "{}",
        body(&sent)
    );
}

#[tokio::test]
async fn documented_errors_decode_their_failure_body() {
    for (status, message) in [
        (400, "username must exist"),
        (401, "not authorized"),
        (500, "internal error"),
    ] {
        let server = server_answering(
            status,
            "application/json",
            &format!(r#"{{"status":"FAILURE","resultMessage":"{message}"}}"#),
        )
        .await;
        let result = client(&server.uri())
            .update_credential(&UpdateCredentialRequest {
                project_name: "MyProject".into(),
                body: credential(),
            })
            .await;
        let Err(Error::Api {
            status: got, body, ..
        }) = result
        else {
            panic!("expected a documented error, got {result:?}");
        };
        assert_eq!(got.as_u16(), status);
        let failure = match body {
            UpdateCredentialError::BadRequest(failure)
            | UpdateCredentialError::Unauthorized(failure)
            | UpdateCredentialError::InternalServerError(failure) => failure,
        };
        assert_eq!(failure.status, Some(ApiOpsStatus::Failure));
        assert_eq!(failure.result_message.as_deref(), Some(message));
    }
}

#[tokio::test]
async fn connection_failures_and_debug_output_keep_the_password_secret() {
    // Nothing listens on a port that was bound and released.
    let base_url = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free local port");
        format!("http://{}", listener.local_addr().expect("a bound address"))
    };
    let request = UpdateCredentialRequest {
        project_name: "MyProject".into(),
        body: credential(),
    };
    let result = client(&base_url).update_credential(&request).await;
    let error = result.expect_err("nothing is listening");
    assert!(matches!(error, Error::Connection(_)), "{error:?}");
    let printed = format!("{error} {error:?} {request:?}");
    assert!(!printed.contains("NewSecurePassword123!"), "{printed}");
    assert!(!printed.contains(TOKEN), "{printed}");
}

#[test]
fn the_console_url_defaults_to_the_demo_installation() {
    assert_eq!(Server::default().url(), "https://demo.apinizer.com");
}
