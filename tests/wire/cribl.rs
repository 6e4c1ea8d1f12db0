use generated::cribl::types::{
    ApiCredentialRolesSchema, ApiCredentialUpdateRequestDto, DefaultErrorDto, OrganizationRole,
    ProductName, ProductRole, ProductRoleSchema, WorkspaceRole, WorkspaceRoleSchema,
};
use generated::cribl::{
    Client, Server, V1ApiCredentialsUpdateApiCredentialError as UpdateError,
    V1ApiCredentialsUpdateApiCredentialRequest as UpdateRequest,
};
use generated::runtime::{BuildError, Error};

use super::{TOKEN, body, header, only_request, request_line, server_answering};

fn client(base_url: &str) -> Client {
    Client::with_base_url(base_url)
        .expect("the mock server's URL is valid")
        .with_bearer_token(TOKEN)
}

fn request(body: ApiCredentialUpdateRequestDto) -> UpdateRequest {
    UpdateRequest {
        organization_id: "my-org-123".into(),
        api_credential_id: "7aHpo2Lq5fTQ".into(),
        body,
    }
}

#[tokio::test]
async fn partial_update_sends_only_given_fields_and_an_explicit_empty_list() {
    let server = server_answering(204, "", "").await;
    let update = ApiCredentialUpdateRequestDto {
        enabled: Some(false),
        ip_allowlist: Some(vec![]),
        ..Default::default()
    };
    let result = client(&server.uri())
        .v1_api_credentials_update_api_credential(&request(update))
        .await;
    assert!(matches!(result, Ok(())), "{result:?}");

    let sent = only_request(&server).await;
    assert_eq!(
        request_line(&sent),
        "PATCH /v1/organizations/my-org-123/api-credentials/7aHpo2Lq5fTQ"
    );
    assert_eq!(header(&sent, "authorization"), format!("Bearer {TOKEN}"));
    assert_eq!(header(&sent, "content-type"), "application/json");
    assert_eq!(header(&sent, "accept"), "application/json");
    assert_eq!(body(&sent), r#"{"enabled":false,"ipAllowlist":[]}"#);
}

#[tokio::test]
async fn nested_roles_and_open_enums_serialize_with_wire_names() {
    let server = server_answering(204, "", "").await;
    let update = ApiCredentialUpdateRequestDto {
        name: Some("Auto-Manage-Workspaces".into()),
        roles: Some(ApiCredentialRolesSchema {
            organization_role: OrganizationRole::Admin,
            workspaces: Some(vec![WorkspaceRoleSchema {
                workspace_id: "main".into(),
                workspace_role: WorkspaceRole::Noaccess,
                products: Some(vec![ProductRoleSchema {
                    product: ProductName::Stream,
                    // A role the spec does not list yet still travels as written.
                    role: ProductRole::from("auditor"),
                }]),
            }]),
        }),
        ..Default::default()
    };
    client(&server.uri())
        .v1_api_credentials_update_api_credential(&request(update))
        .await
        .expect("204 is the documented success");
    let sent = only_request(&server).await;
    assert_eq!(
        body(&sent),
        r#"{"name":"Auto-Manage-Workspaces","roles":{"organizationRole":"admin","workspaces":[{"workspaceId":"main","workspaceRole":"noaccess","products":[{"product":"stream","role":"auditor"}]}]}}"#
    );
}

#[tokio::test]
async fn documented_statuses_without_body_are_typed_errors() {
    for (status, expected) in [(404, UpdateError::NotFound), (409, UpdateError::Conflict)] {
        let server = server_answering(status, "", "").await;
        let result = client(&server.uri())
            .v1_api_credentials_update_api_credential(&request(Default::default()))
            .await;
        match result {
            Err(Error::Api {
                status: got, body, ..
            }) => {
                assert_eq!(got.as_u16(), status);
                assert_eq!(body, expected);
            }
            other => panic!("expected a documented {status}, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn any_other_status_decodes_the_default_error_body() {
    let server = server_answering(
        503,
        "application/json",
        r#"{"statusCode":503,"message":"maintenance"}"#,
    )
    .await;
    let result = client(&server.uri())
        .v1_api_credentials_update_api_credential(&request(Default::default()))
        .await;
    match result {
        Err(Error::Api { status, body, .. }) => {
            assert_eq!(status.as_u16(), 503);
            assert_eq!(
                body,
                UpdateError::Default(DefaultErrorDto {
                    status_code: 503,
                    message: "maintenance".into()
                })
            );
        }
        other => panic!("expected the default error, got {other:?}"),
    }
}

#[tokio::test]
async fn hostile_path_parameters_stay_one_segment() {
    let server = server_answering(204, "", "").await;
    let hostile = UpdateRequest {
        organization_id: "a/b?c#d".into(),
        api_credential_id: "../x".into(),
        body: Default::default(),
    };
    client(&server.uri())
        .v1_api_credentials_update_api_credential(&hostile)
        .await
        .expect("the encoded request reaches the server");
    let sent = only_request(&server).await;
    assert_eq!(
        request_line(&sent),
        "PATCH /v1/organizations/a%2Fb%3Fc%23d/api-credentials/..%2Fx"
    );
}

#[tokio::test]
async fn dot_segments_are_refused_before_sending() {
    let server = server_answering(204, "", "").await;
    for value in ["..", ".", ""] {
        let request = UpdateRequest {
            organization_id: "org".into(),
            api_credential_id: value.into(),
            body: Default::default(),
        };
        let result = client(&server.uri())
            .v1_api_credentials_update_api_credential(&request)
            .await;
        assert!(
            matches!(
                result,
                Err(Error::InvalidRequest(BuildError::PathParam {
                    name: "apiCredentialId"
                }))
            ),
            "{value:?}: {result:?}"
        );
    }
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

#[test]
fn default_server_is_the_cribl_gateway() {
    assert_eq!(Server::default().url(), "https://gateway.cribl.cloud");
    assert_eq!(
        Client::new(Server::default()).base_url(),
        "https://gateway.cribl.cloud"
    );
}

#[tokio::test]
async fn a_token_that_cannot_be_a_header_is_refused_not_dropped() {
    let server = server_answering(204, "", "").await;
    let client = Client::with_base_url(&server.uri())
        .expect("the mock server's URL is valid")
        .with_bearer_token("line\nbreak");
    let result = client
        .v1_api_credentials_update_api_credential(&request(Default::default()))
        .await;
    assert!(
        matches!(
            result,
            Err(Error::InvalidRequest(BuildError::HeaderValue {
                name: "authorization"
            }))
        ),
        "{result:?}"
    );
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

#[test]
fn credentials_in_a_base_url_never_print() {
    let client =
        Client::with_base_url("https://user:hunter2@gateway.example.com/v1").expect("a valid URL");
    let printed = format!("{client:?}");
    assert!(
        !printed.contains("hunter2") && !printed.contains("user:"),
        "{printed}"
    );
    assert!(
        printed.contains("https://[redacted]@gateway.example.com/v1"),
        "{printed}"
    );
    let error = Client::with_base_url("ftp://user:hunter2@host").expect_err("not http");
    assert!(!error.to_string().contains("hunter2"), "{error}");
}

#[tokio::test]
async fn a_call_is_a_future_that_sends_only_when_awaited_and_runs_on_a_spawned_task() {
    let server = server_answering(204, "", "").await;
    let client = client(&server.uri());
    let call = client.v1_api_credentials_update_api_credential(&request(Default::default()));
    let requests = || async { server.received_requests().await.unwrap_or_default().len() };
    assert_eq!(requests().await, 0, "building the call sends nothing");
    drop(call);
    assert_eq!(
        requests().await,
        0,
        "a call dropped unawaited sends nothing"
    );

    // Calls are `Send`: a task on a multi-threaded runtime may own one.
    let task = tokio::spawn(async move {
        client
            .v1_api_credentials_update_api_credential(&request(Default::default()))
            .await
    });
    let result = task.await.expect("the task runs to its end");
    assert!(matches!(result, Ok(())), "{result:?}");
    assert_eq!(requests().await, 1);
}
