//! Compiled into the standalone crate generated from `tests/fixtures/defaults.yaml`: a schema's
//! `default` is documentation only. Nothing the caller left unset is sent, and an absent
//! property decodes as absent, so a PATCH changes only what it names.

use defaults::types::{Order, Settings};
use defaults::{Client, GetSettingsRequest, UpdateSettingsRequest};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn answering(status: u16, json: Option<serde_json::Value>) -> MockServer {
    let server = MockServer::start().await;
    let mut response = ResponseTemplate::new(status);
    if let Some(json) = json {
        response = response.set_body_json(json);
    }
    Mock::given(any()).respond_with(response).mount(&server).await;
    server
}

#[tokio::test]
async fn a_patch_sends_only_the_fields_set() {
    let server = answering(204, None).await;
    let client = Client::with_base_url(&server.uri()).expect("a valid URL");
    client
        .update_settings(&UpdateSettingsRequest {
            body: Settings {
                name: "home".into(),
                order: Some(Order::Desc),
                theme: None,
                page_size: None,
                ratio: None,
                notify: None,
                tags: None,
                limits: None,
                note: Default::default(),
            },
        })
        .await
        .expect("updated");
    let requests = server.received_requests().await.unwrap_or_default();
    let sent: serde_json::Value = serde_json::from_slice(&requests[0].body).expect("JSON");
    assert_eq!(sent, json!({"name": "home", "order": "desc"}));
}

#[tokio::test]
async fn parameters_with_defaults_are_left_out_unless_set_and_absent_fields_stay_absent() {
    let server = answering(200, Some(json!({"name": "home"}))).await;
    let client = Client::with_base_url(&server.uri()).expect("a valid URL");
    let settings = client
        .get_settings(&GetSettingsRequest {
            limit: None,
            sort: None,
            x_trace: None,
            region: "eu".into(),
        })
        .await
        .expect("settings");
    // Absent, not the default the API describes: the caller sees what the server sent.
    assert_eq!(settings.theme, None);
    assert_eq!(settings.page_size, None);
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests[0].url.query(), Some("region=eu"));
    assert!(!requests[0].headers.contains_key("x-trace"));
}
