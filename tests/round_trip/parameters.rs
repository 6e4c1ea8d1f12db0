//! Compiled into the standalone crate generated from `tests/fixtures/parameters.yaml`: a
//! `deepObject` query parameter and cookie parameters, as the generated method sends them.

use std::collections::BTreeMap;

use parameters::types::{PersonFilter, PersonFilterAddress, Theme};
use parameters::{Client, ListPeopleRequest};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn deep_objects_travel_in_brackets_and_cookies_in_one_header() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!(["Ada"])))
        .mount(&server)
        .await;
    let client = Client::with_base_url(&server.uri()).expect("a valid URL");
    let mut page = BTreeMap::new();
    page.insert("number".to_owned(), 2);
    page.insert("size".to_owned(), 50);
    let people = client
        .list_people(&ListPeopleRequest {
            filter: Some(PersonFilter {
                name: Some("Ada L".into()),
                age: Some(36),
                tags: Some(vec!["math".into(), "a&b".into()]),
                address: Some(PersonFilterAddress {
                    city: Some("London".into()),
                }),
            }),
            page: Some(page),
            limit: Some(10),
            session_id: "s 1;x".into(),
            theme: Some(Theme::Dark),
            tracking: None,
            flavours: Some(vec!["oat,raisin".into(), "plain".into()]),
        })
        .await
        .expect("people");
    assert_eq!(people, ["Ada"]);

    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 1);
    let sent = &requests[0];
    assert_eq!(
        sent.url.query(),
        Some(
            "filter[name]=Ada%20L&filter[age]=36&filter[tags]=math&filter[tags]=a%26b\
             &filter[address][city]=London&page[number]=2&page[size]=50&limit=10"
        )
    );
    let cookies: Vec<&str> = sent
        .headers
        .get_all("cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect();
    // A list cookie is comma-joined, a comma inside an item encoded.
    assert_eq!(
        cookies,
        ["session_id=s%201%3Bx; theme=dark; flavours=oat%2Craisin,plain"]
    );
}
