use generated::commerce_layer::types::{
    ApiCredentialAttributesMode, ApiCredentialUpdate, ApiCredentialUpdateData,
    ApiCredentialUpdateDataAttributes, ApiCredentialUpdateDataRelationships,
    ApiCredentialUpdateDataRelationshipsRole, ApiCredentialUpdateDataType, RoleLinkage,
    RoleLinkageType,
};
use generated::commerce_layer::{Client, UpdateApiCredentialError, UpdateApiCredentialRequest};
use generated::runtime::{Error, Nullable};

use super::{TOKEN, body, header, only_request, request_line, server_answering};

const JSON_API: &str = "application/vnd.api+json";

/// The seed's documented response, with a distinct client secret to look for in `Debug`.
const UPDATED: &str = r#"{
  "data": {
    "id": "xYZkjABcde",
    "type": "api_credentials",
    "links": {"self": "https://provisioning.commercelayer.io/api/api_credentials/xYZkjABcde"},
    "attributes": {
      "name": "My app",
      "kind": "sales_channel",
      "confidential": true,
      "redirect_uri": "https://bluebrand.com/img/logo.svg",
      "client_id": "xxxx-yyyy-zzzz",
      "client_secret": "s3cr3t-never-printed",
      "scopes": "market:all market:9 market:122 market:6 stock_location:6 stock_location:33",
      "expires_in": 7200,
      "mode": "test",
      "custom": false,
      "created_at": "2018-01-01T12:00:00.000Z",
      "updated_at": "2018-01-01T12:00:00.000Z",
      "reference": "ANY-EXTERNAL-REFEFERNCE",
      "reference_origin": "ANY-EXTERNAL-REFEFERNCE-ORIGIN",
      "metadata": {"foo": "bar"}
    },
    "relationships": {
      "organization": {"links": {
        "self": "https://provisioning.commercelayer.io/api/api_credentials/xYZkjABcde/relationships/organization",
        "related": "https://provisioning.commercelayer.io/api/api_credentials/xYZkjABcde/organization"}},
      "role": {"links": {
        "self": "https://provisioning.commercelayer.io/api/api_credentials/xYZkjABcde/relationships/role",
        "related": "https://provisioning.commercelayer.io/api/api_credentials/xYZkjABcde/role"}}
    }
  }
}"#;

fn client(base_url: &str) -> Client {
    Client::with_base_url(&format!("{base_url}/api"))
        .expect("the mock server's URL is valid")
        .with_bearer_token(TOKEN)
}

fn request(attributes: ApiCredentialUpdateDataAttributes) -> UpdateApiCredentialRequest {
    UpdateApiCredentialRequest {
        api_credential_id: "xYZkjABcde".into(),
        body: ApiCredentialUpdate {
            data: ApiCredentialUpdateData {
                r#type: ApiCredentialUpdateDataType::ApiCredentials,
                id: "xYZkjABcde".into(),
                attributes,
                relationships: None,
            },
        },
    }
}

#[tokio::test]
async fn seed_example_goes_out_as_json_api_and_decodes_the_updated_resource() {
    let server = server_answering(200, JSON_API, UPDATED).await;
    let mut update = request(ApiCredentialUpdateDataAttributes {
        reference: Nullable::Value("ANY-EXTERNAL-REFEFERNCE".into()),
        ..Default::default()
    });
    update.body.data.relationships = Some(ApiCredentialUpdateDataRelationships {
        role: Some(ApiCredentialUpdateDataRelationshipsRole {
            data: RoleLinkage {
                r#type: RoleLinkageType::Roles,
                id: "ABCRtyUpBa".into(),
            },
        }),
    });
    let updated = client(&server.uri())
        .update_api_credential(&update)
        .await
        .expect("200 is the documented success");

    let sent = only_request(&server).await;
    assert_eq!(request_line(&sent), "PATCH /api/api_credentials/xYZkjABcde");
    assert_eq!(header(&sent, "accept"), JSON_API);
    assert_eq!(header(&sent, "content-type"), JSON_API);
    assert_eq!(header(&sent, "authorization"), format!("Bearer {TOKEN}"));
    assert_eq!(
        body(&sent),
        r#"{"data":{"type":"api_credentials","id":"xYZkjABcde","attributes":{"reference":"ANY-EXTERNAL-REFEFERNCE"},"relationships":{"role":{"data":{"type":"roles","id":"ABCRtyUpBa"}}}}}"#
    );

    let attributes = updated
        .data
        .attributes
        .expect("the response has attributes");
    assert_eq!(updated.data.id, "xYZkjABcde");
    assert_eq!(attributes.name.as_deref(), Some("My app"));
    assert_eq!(attributes.expires_in, Nullable::Value(7200));
    assert_eq!(
        attributes.mode,
        Nullable::Value(ApiCredentialAttributesMode::Test)
    );
    assert_eq!(
        attributes
            .client_secret
            .as_ref()
            .map(|secret| secret.expose()),
        Some("s3cr3t-never-printed")
    );
    assert_eq!(
        attributes.created_at.map(|at| at.to_rfc3339()),
        Some("2018-01-01T12:00:00+00:00".to_owned())
    );
    let metadata = attributes.metadata.as_option().expect("metadata is set");
    assert_eq!(metadata.get("foo").and_then(|v| v.as_str()), Some("bar"));
}

#[tokio::test]
async fn absent_null_and_value_are_three_different_bodies() {
    let cases = [
        (Nullable::Absent, r#""attributes":{}"#),
        (Nullable::Null, r#""attributes":{"reference":null}"#),
        (
            Nullable::Value("ERP-1".to_owned()),
            r#""attributes":{"reference":"ERP-1"}"#,
        ),
    ];
    for (reference, expected) in cases {
        let server = server_answering(200, JSON_API, UPDATED).await;
        let update = request(ApiCredentialUpdateDataAttributes {
            reference,
            ..Default::default()
        });
        client(&server.uri())
            .update_api_credential(&update)
            .await
            .expect("200 is the documented success");
        let sent = only_request(&server).await;
        assert_eq!(
            body(&sent),
            format!(r#"{{"data":{{"type":"api_credentials","id":"xYZkjABcde",{expected}}}}}"#)
        );
    }
}

#[tokio::test]
async fn clearing_several_nullable_attributes_at_once() {
    let server = server_answering(200, JSON_API, UPDATED).await;
    let update = request(ApiCredentialUpdateDataAttributes {
        name: Some("Renamed".into()),
        redirect_uri: Nullable::Null,
        expires_in: Nullable::Value(31_536_000),
        metadata: Nullable::Null,
        ..Default::default()
    });
    client(&server.uri())
        .update_api_credential(&update)
        .await
        .expect("200 is the documented success");
    assert!(
        body(&only_request(&server).await).contains(
            r#""attributes":{"name":"Renamed","redirect_uri":null,"expires_in":31536000,"metadata":null}"#
        )
    );
}

#[tokio::test]
async fn validation_error_decodes_the_json_api_error_document() {
    let server = server_answering(
        422,
        JSON_API,
        r#"{"errors":[{"title":"can't be blank","detail":"name - can't be blank","code":"VALIDATION_ERROR","status":"422","source":{"pointer":"/data/attributes/name"},"meta":{"error":"blank"}}]}"#,
    )
    .await;
    let result = client(&server.uri())
        .update_api_credential(&request(Default::default()))
        .await;
    let Err(Error::Api { status, body, .. }) = result else {
        panic!("expected a documented error, got {result:?}");
    };
    assert_eq!(status.as_u16(), 422);
    let UpdateApiCredentialError::UnprocessableEntity(document) = body else {
        panic!("expected UnprocessableEntity, got {body:?}");
    };
    let error = &document.errors[0];
    assert_eq!(error.status.as_deref(), Some("422"));
    assert_eq!(error.code.as_deref(), Some("VALIDATION_ERROR"));
    assert_eq!(
        error
            .source
            .as_ref()
            .and_then(|source| source.pointer.as_deref()),
        Some("/data/attributes/name")
    );
}

#[tokio::test]
async fn an_enum_value_added_later_does_not_fail_the_response() {
    let server = server_answering(
        200,
        JSON_API,
        &UPDATED.replace(r#""mode": "test""#, r#""mode": "sandbox""#),
    )
    .await;
    let updated = client(&server.uri())
        .update_api_credential(&request(Default::default()))
        .await
        .expect("an unknown enum value still decodes");
    let mode = updated.data.attributes.map(|attributes| attributes.mode);
    assert_eq!(
        mode,
        Some(Nullable::Value(ApiCredentialAttributesMode::Unknown(
            "sandbox".into()
        )))
    );
}

#[tokio::test]
async fn undocumented_status_keeps_status_headers_and_raw_body() {
    let server = server_answering(418, "text/plain", "short and stout").await;
    let result = client(&server.uri())
        .update_api_credential(&request(Default::default()))
        .await;
    let Err(Error::UnexpectedStatus {
        status,
        headers,
        body,
    }) = result
    else {
        panic!("expected an undocumented status, got {result:?}");
    };
    assert_eq!(status.as_u16(), 418);
    assert_eq!(
        headers.get("content-type").map(|v| v.as_bytes()),
        Some(&b"text/plain"[..])
    );
    assert_eq!(&body[..], b"short and stout");
}

#[tokio::test]
async fn a_body_that_does_not_match_its_schema_is_a_decode_error() {
    let server = server_answering(200, JSON_API, r#"{"data": {"type": "api_credentials"}}"#).await;
    let result = client(&server.uri())
        .update_api_credential(&request(Default::default()))
        .await;
    let Err(Error::Decode {
        status,
        body,
        source,
    }) = result
    else {
        panic!("expected a decode error, got {result:?}");
    };
    assert_eq!(status.as_u16(), 200);
    assert!(
        source.to_string().contains("at `data.id`: missing"),
        "{source}"
    );
    assert_eq!(&body[..], br#"{"data": {"type": "api_credentials"}}"#);
}

#[tokio::test]
async fn secrets_never_print_through_debug() {
    let server = server_answering(200, JSON_API, UPDATED).await;
    let client = client(&server.uri());
    let updated = client
        .update_api_credential(&request(Default::default()))
        .await
        .expect("200 is the documented success");
    let printed = format!("{updated:?} {client:?}");
    assert!(!printed.contains("s3cr3t-never-printed"), "{printed}");
    assert!(!printed.contains(TOKEN), "{printed}");
    assert!(printed.contains("[redacted]"), "{printed}");
}
