use generated::authlete::types::{
    ClientSecretUpdateRequest, ClientSecretUpdateResponse, Result2 as AuthleteResult,
};
use generated::authlete::{
    Client, ClientSecretUpdateApiError, ClientSecretUpdateApiRequest, Server,
};
use generated::runtime::Error;

use super::{TOKEN, body, header, only_request, request_line, server_answering};

fn request(secret: &str) -> ClientSecretUpdateApiRequest {
    ClientSecretUpdateApiRequest {
        service_id: "21653835348762".into(),
        client_identifier: "26478243745571".into(),
        body: ClientSecretUpdateRequest {
            client_secret: secret.into(),
        },
    }
}

fn client(base_url: &str) -> Client {
    Client::with_base_url(base_url)
        .expect("the mock server's URL is valid")
        .with_bearer_token(TOKEN)
}

#[tokio::test]
async fn posts_the_new_secret_and_decodes_both_secrets() {
    let server = server_answering(
        200,
        "application/json",
        r#"{"resultCode":"A149001","resultMessage":"[A149001] Successfully updated the client secret of the client (ID = 26478243745571).","newClientSecret":"my_updated_client_secret","oldClientSecret":"6Rg_WDO23F0HSZe8GzE5"}"#,
    )
    .await;
    let response: ClientSecretUpdateResponse = client(&server.uri())
        .client_secret_update_api(&request("my_updated_client_secret"))
        .await
        .expect("200 is the documented success");

    let sent = only_request(&server).await;
    assert_eq!(
        request_line(&sent),
        "POST /api/21653835348762/client/secret/update/26478243745571"
    );
    assert_eq!(header(&sent, "content-type"), "application/json");
    assert_eq!(header(&sent, "accept"), "application/json");
    assert_eq!(header(&sent, "authorization"), format!("Bearer {TOKEN}"));
    assert_eq!(
        body(&sent),
        r#"{"clientSecret":"my_updated_client_secret"}"#
    );

    assert_eq!(response.result_code.as_deref(), Some("A149001"));
    assert_eq!(
        response
            .new_client_secret
            .as_ref()
            .map(|secret| secret.expose()),
        Some("my_updated_client_secret")
    );
    let printed = format!("{response:?}");
    assert!(!printed.contains("6Rg_WDO23F0HSZe8GzE5"), "{printed}");
    assert!(!printed.contains("my_updated_client_secret"), "{printed}");
}

#[tokio::test]
async fn unauthorized_decodes_the_result_body() {
    let server = server_answering(
        401,
        "application/json",
        r#"{"resultCode":"A001202","resultMessage":"[A001202] /auth/authorization, Authorization header is missing."}"#,
    )
    .await;
    let result = client(&server.uri())
        .client_secret_update_api(&request("x"))
        .await;
    let Err(Error::Api { status, body, .. }) = result else {
        panic!("expected a documented error, got {result:?}");
    };
    assert_eq!(status.as_u16(), 401);
    assert_eq!(
        body,
        ClientSecretUpdateApiError::Unauthorized(AuthleteResult {
            result_code: Some("A001202".into()),
            result_message: Some(
                "[A001202] /auth/authorization, Authorization header is missing.".into()
            ),
        })
    );
}

#[test]
fn requests_never_print_the_secret() {
    let printed = format!("{:?}", request("super-secret-value"));
    assert!(!printed.contains("super-secret-value"), "{printed}");
}

#[test]
fn every_regional_cluster_is_a_server() {
    let urls: Vec<&str> = Server::ALL.iter().map(|server| server.url()).collect();
    assert_eq!(
        urls,
        [
            "https://us.authlete.com",
            "https://jp.authlete.com",
            "https://eu.authlete.com",
            "https://br.authlete.com"
        ]
    );
    assert_eq!(Server::default(), Server::UnitedStates);
    assert_eq!(
        Client::new(Server::Japan).base_url(),
        "https://jp.authlete.com"
    );
}
