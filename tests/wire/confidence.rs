use std::collections::BTreeMap;

use generated::confidence::types::{
    ClientCredentialUpdateBody, ConfidenceIamV1ClientCredentialClientSecret,
    ConfidenceIamV1ClientCredentialSdkType as SdkType,
};
use generated::confidence::{
    Client, ClientCredentialUpdateError, ClientCredentialUpdateRequest, Server,
};
use generated::runtime::Error;

use super::{TOKEN, body, header, only_request, request_line, server_answering};

const CREDENTIAL: &str = r#"{
  "name": "clients/1bhq4c2zqigdzqg6ufni/credentials/3pxcfkkmi5sppg0lfa8d",
  "displayName": "Backend key",
  "clientSecret": {"secret": "cs-never-printed"},
  "lastSeenTime": "2026-11-20T08:15:30.250Z",
  "environments": ["production"],
  "labels": {"team": "payments"},
  "createTime": "2026-01-02T03:04:05Z",
  "updateTime": "2026-11-22T10:00:00Z",
  "creator": "users/alice",
  "updater": "users/bob",
  "sdkType": "BACKEND"
}"#;

fn client(base_url: &str) -> Client {
    Client::with_base_url(base_url)
        .expect("the mock server's URL is valid")
        .with_bearer_token(TOKEN)
}

fn request(update_mask: Option<Vec<String>>) -> ClientCredentialUpdateRequest {
    ClientCredentialUpdateRequest {
        client: "1bhq4c2zqigdzqg6ufni".into(),
        credential: "3pxcfkkmi5sppg0lfa8d".into(),
        update_mask,
        body: ClientCredentialUpdateBody {
            name: None,
            display_name: "Backend key".into(),
            client_secret: None,
            environments: Some(vec!["production".into()]),
            labels: None,
            sdk_type: None,
        },
    }
}

#[tokio::test]
async fn update_mask_travels_as_one_comma_separated_value() {
    let server = server_answering(200, "application/json", CREDENTIAL).await;
    let mask = vec!["displayName".to_owned(), "environments".to_owned()];
    let updated = client(&server.uri())
        .client_credential_update(&request(Some(mask)))
        .await
        .expect("200 is the documented success");

    let sent = only_request(&server).await;
    assert_eq!(
        request_line(&sent),
        "PATCH /v1/clients/1bhq4c2zqigdzqg6ufni/credentials/3pxcfkkmi5sppg0lfa8d?updateMask=displayName,environments"
    );
    assert_eq!(header(&sent, "authorization"), format!("Bearer {TOKEN}"));
    assert_eq!(header(&sent, "content-type"), "application/json");
    assert_eq!(header(&sent, "accept"), "application/json");
    assert_eq!(
        body(&sent),
        r#"{"displayName":"Backend key","environments":["production"]}"#
    );

    assert_eq!(updated.display_name, "Backend key");
    assert_eq!(updated.creator, "users/alice");
    assert_eq!(updated.sdk_type, Some(SdkType::Backend));
    assert_eq!(
        updated.create_time.to_rfc3339(),
        "2026-01-02T03:04:05+00:00"
    );
    assert_eq!(
        updated.labels,
        Some(BTreeMap::from([("team".to_owned(), "payments".to_owned())]))
    );
    let printed = format!("{updated:?}");
    assert!(!printed.contains("cs-never-printed"), "{printed}");
}

#[tokio::test]
async fn without_a_mask_there_is_no_query_and_values_in_it_are_encoded() {
    let server = server_answering(200, "application/json", CREDENTIAL).await;
    client(&server.uri())
        .client_credential_update(&request(None))
        .await
        .expect("200 is the documented success");
    assert_eq!(
        request_line(&only_request(&server).await),
        "PATCH /v1/clients/1bhq4c2zqigdzqg6ufni/credentials/3pxcfkkmi5sppg0lfa8d"
    );

    let server = server_answering(200, "application/json", CREDENTIAL).await;
    client(&server.uri())
        .client_credential_update(&request(Some(vec!["a,b".into(), "c&d=e".into()])))
        .await
        .expect("200 is the documented success");
    let line = request_line(&only_request(&server).await);
    assert!(line.ends_with("?updateMask=a%2Cb,c%26d%3De"), "{line}");
}

#[tokio::test]
async fn secret_and_labels_and_sdk_type_serialize() {
    let server = server_answering(200, "application/json", CREDENTIAL).await;
    let mut update = request(None);
    update.body.client_secret = Some(ConfidenceIamV1ClientCredentialClientSecret {
        secret: Some("rotated-secret".into()),
    });
    update.body.labels = Some(BTreeMap::from([("env".to_owned(), "prod".to_owned())]));
    update.body.sdk_type = Some(SdkType::Frontend);
    update.body.environments = Some(vec![]);
    client(&server.uri())
        .client_credential_update(&update)
        .await
        .expect("200 is the documented success");
    assert_eq!(
        body(&only_request(&server).await),
        r#"{"displayName":"Backend key","clientSecret":{"secret":"rotated-secret"},"environments":[],"labels":{"env":"prod"},"sdkType":"FRONTEND"}"#
    );
    assert!(!format!("{update:?}").contains("rotated-secret"));
}

#[tokio::test]
async fn grpc_status_errors_decode_as_the_default_error() {
    let server = server_answering(
        404,
        "application/json",
        r#"{"code":5,"message":"credential not found","details":[{"@type":"type.googleapis.com/google.rpc.ResourceInfo","resourceName":"clients/x"}]}"#,
    )
    .await;
    let result = client(&server.uri())
        .client_credential_update(&request(None))
        .await;
    let Err(Error::Api {
        status,
        body: ClientCredentialUpdateError::Default(rpc),
        ..
    }) = result
    else {
        panic!("expected the default error, got {result:?}");
    };
    assert_eq!(status.as_u16(), 404);
    assert_eq!(rpc.code, Some(5));
    assert_eq!(rpc.message.as_deref(), Some("credential not found"));
    assert_eq!(rpc.details.map(|details| details.len()), Some(1));
}

#[tokio::test]
async fn an_sdk_type_added_later_is_kept() {
    let server = server_answering(
        200,
        "application/json",
        &CREDENTIAL.replace(r#""sdkType": "BACKEND""#, r#""sdkType": "MOBILE""#),
    )
    .await;
    let updated = client(&server.uri())
        .client_credential_update(&request(None))
        .await
        .expect("an unknown enum value still decodes");
    assert_eq!(updated.sdk_type, Some(SdkType::Unknown("MOBILE".into())));
    assert_eq!(
        updated.sdk_type.map(|t| t.to_string()).as_deref(),
        Some("MOBILE")
    );
}

#[test]
fn regional_servers() {
    assert_eq!(Server::Europe.url(), "https://iam.eu.confidence.dev");
    assert_eq!(Server::UnitedStates.url(), "https://iam.us.confidence.dev");
    assert_eq!(Server::Global.url(), "https://iam.confidence.dev");
}
