//! Compiled into the standalone crate generated from `tests/fixtures/request_bodies.yaml`: the
//! generated methods send form, multipart, text and JSON bodies, byte for byte, to a local
//! server.

use request_bodies::runtime::{Bytes, Nullable, Secret};
use request_bodies::types::{
    GrantType, TokenRequest, UpdateProfileBody, UpdateProfileBodyAddress, UploadBody,
    UploadBodyMetadata,
};
use request_bodies::{
    ChooseFormRequest, ChooseJsonRequest, Client, CreateTokenRequest, PutNoteRequest,
    UpdateProfileRequest, UploadRequest,
};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn answering(status: u16, json: Option<serde_json::Value>) -> MockServer {
    let server = MockServer::start().await;
    let mut response = ResponseTemplate::new(status);
    if let Some(json) = json {
        response = response.set_body_json(json);
    }
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 1, "one request");
    requests.remove(0)
}

fn header<'a>(request: &'a Request, name: &str) -> &'a str {
    request
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
}

fn body(request: &Request) -> &str {
    std::str::from_utf8(&request.body).unwrap_or("<not UTF-8>")
}

fn client(server: &MockServer) -> Client {
    Client::with_base_url(&server.uri()).expect("a valid URL")
}

fn token_request() -> TokenRequest {
    TokenRequest {
        grant_type: GrantType::ClientCredentials,
        scope: Some(vec!["read all".into(), "write".into()]),
        client_secret: Some(Secret::new("s3cret&=")),
        expires_in: Some(60),
    }
}

#[tokio::test]
async fn a_form_body_is_urlencoded_with_lists_as_repeated_keys() {
    let server = answering(200, Some(serde_json::json!({"access_token": "t-1"}))).await;
    let token = client(&server)
        .create_token(&CreateTokenRequest {
            body: token_request(),
        })
        .await
        .expect("a token");
    assert_eq!(token.access_token.as_deref(), Some("t-1"));
    let sent = only_request(&server).await;
    assert_eq!(
        header(&sent, "content-type"),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        body(&sent),
        "grant_type=client_credentials&scope=read%20all&scope=write&client_secret=s3cret%26%3D\
         &expires_in=60"
    );
}

#[tokio::test]
async fn absent_and_null_form_fields_are_left_out_and_nested_objects_are_json_text() {
    let server = answering(204, None).await;
    let mut extra = std::collections::BTreeMap::new();
    extra.insert("lang".to_owned(), "de".to_owned());
    client(&server)
        .update_profile(&UpdateProfileRequest {
            body: Some(UpdateProfileBody {
                nickname: Nullable::Null,
                address: Some(UpdateProfileBodyAddress {
                    city: Some("Bern".into()),
                }),
                additional_properties: extra,
            }),
        })
        .await
        .expect("updated");
    let sent = only_request(&server).await;
    assert_eq!(body(&sent), "address=%7B%22city%22%3A%22Bern%22%7D&lang=de");
}

#[tokio::test]
async fn a_multipart_body_has_a_part_per_field_and_files_for_binary_fields() {
    let server = answering(201, None).await;
    client(&server)
        .upload(&UploadRequest {
            body: UploadBody {
                title: "Holiday".into(),
                file: Bytes::from_static(b"\x89PNG"),
                thumbnails: Some(vec![Bytes::from_static(b"t1"), Bytes::from_static(b"t2")]),
                labels: None,
                metadata: Some(UploadBodyMetadata {
                    source: Some("camera".into()),
                    size: Some(4),
                }),
            },
        })
        .await
        .expect("uploaded");
    let sent = only_request(&server).await;
    assert_eq!(
        header(&sent, "content-type"),
        "multipart/form-data; boundary=openapi-client-boundary-0"
    );
    let expected: &[u8] = b"--openapi-client-boundary-0\r\n\
Content-Disposition: form-data; name=\"title\"\r\n\r\nHoliday\r\n\
--openapi-client-boundary-0\r\n\
Content-Disposition: form-data; name=\"file\"; filename=\"file\"\r\n\
Content-Type: image/png\r\n\r\n\x89PNG\r\n\
--openapi-client-boundary-0\r\n\
Content-Disposition: form-data; name=\"thumbnails\"; filename=\"thumbnails\"\r\n\
Content-Type: application/octet-stream\r\n\r\nt1\r\n\
--openapi-client-boundary-0\r\n\
Content-Disposition: form-data; name=\"thumbnails\"; filename=\"thumbnails\"\r\n\
Content-Type: application/octet-stream\r\n\r\nt2\r\n\
--openapi-client-boundary-0\r\n\
Content-Disposition: form-data; name=\"metadata\"\r\n\
Content-Type: application/json\r\n\r\n{\"source\":\"camera\",\"size\":4}\r\n\
--openapi-client-boundary-0--\r\n";
    assert_eq!(
        sent.body,
        expected,
        "{}",
        String::from_utf8_lossy(&sent.body)
    );
}

#[tokio::test]
async fn a_text_body_is_a_string() {
    let server = answering(204, None).await;
    client(&server)
        .put_note(&PutNoteRequest {
            body: "Grüße\n".into(),
        })
        .await
        .expect("stored");
    let sent = only_request(&server).await;
    assert_eq!(header(&sent, "content-type"), "text/plain");
    assert_eq!(body(&sent), "Grüße\n");
}

#[tokio::test]
async fn json_is_preferred_to_a_form_and_a_form_to_multipart_and_text() {
    let server = answering(204, None).await;
    client(&server)
        .choose_json(&ChooseJsonRequest {
            body: token_request(),
        })
        .await
        .expect("done");
    let sent = only_request(&server).await;
    assert_eq!(header(&sent, "content-type"), "application/json");
    assert_eq!(
        body(&sent),
        r#"{"grant_type":"client_credentials","scope":["read all","write"],"client_secret":"s3cret&=","expires_in":60}"#
    );

    let server = answering(204, None).await;
    client(&server)
        .choose_form(&ChooseFormRequest {
            body: token_request(),
        })
        .await
        .expect("done");
    let sent = only_request(&server).await;
    assert_eq!(
        header(&sent, "content-type"),
        "application/x-www-form-urlencoded"
    );
}
