//! Compiled into the standalone crate generated from `tests/fixtures/deprecated.yaml`: items
//! marked deprecated still work, on the wire as before. Using them warns, which this test,
//! written against them on purpose, allows.
#![allow(deprecated)]

use deprecated::types::{CreatePetBody, LegacyPet, LegacyShape, LegacySize, LegacyStatus, Pet};
use deprecated::{Client, CreatePetRequest, GetPetError, GetPetRequest};
use deprecated::runtime::Error;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn deprecated_fields_and_types_round_trip() {
    let wire = json!({
        "name": "Rex",
        "nickname": "Rexy",
        "legacy": {"id": 7, "status": "sold"},
        "size": 2,
        "shape": {"kind": "legacy", "id": 8},
    });
    let pet: Pet = serde_json::from_value(wire.clone()).expect("decodes");
    assert_eq!(pet.nickname.as_deref(), Some("Rexy"));
    assert_eq!(
        pet.legacy,
        Some(LegacyPet {
            id: 7,
            status: Some(LegacyStatus::Sold)
        })
    );
    assert_eq!(pet.size, Some(LegacySize::V2));
    assert!(matches!(pet.shape, Some(LegacyShape::LegacyPet(_))));
    assert_eq!(serde_json::to_value(&pet).expect("encodes"), wire);
}

#[tokio::test]
async fn a_deprecated_operation_sends_its_deprecated_parameter_and_decodes_its_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets/7"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "gone"})))
        .mount(&server)
        .await;
    let client = Client::with_base_url(&server.uri()).expect("a valid URL");
    let result = client
        .get_pet(&GetPetRequest {
            pet_id: 7,
            legacy_filter: Some("old".into()),
            status: Some(LegacyStatus::Available),
        })
        .await;
    match result {
        Err(Error::Api {
            body: GetPetError::NotFound(error),
            ..
        }) => assert_eq!(error.message.as_deref(), Some("gone")),
        other => panic!("expected the documented 404, got {other:?}"),
    }
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(
        requests[0].url.query(),
        Some("legacyFilter=old&status=available")
    );
}

#[tokio::test]
async fn a_deprecated_form_field_is_still_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    let client = Client::with_base_url(&server.uri()).expect("a valid URL");
    client
        .create_pet(&CreatePetRequest {
            body: CreatePetBody {
                name: "Rex".into(),
                tag: Some("dog".into()),
            },
        })
        .await
        .expect("created");
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests[0].body, b"name=Rex&tag=dog");
}
