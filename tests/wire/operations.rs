//! Form, multipart and text bodies, `deepObject` query objects and cookie parameters, driven
//! through the runtime exactly as generated methods drive it: no seed spec uses them, and the
//! fixtures that do are exercised as standalone crates (`tests/round_trip/`).

use std::time::Duration;

use generated::runtime::{
    ApiKeyLocation, Bytes, ClientCore, FormData, ListStyle, Method, Nullable, Operation,
    RetryPolicy, SchemeKind, SecurityScheme,
};
use serde::Serialize;
use wiremock::ResponseTemplate;

use super::{body, header, only_request, request_line, server_answering};

fn operation(security: Option<&'static [&'static [&'static SecurityScheme]]>) -> Operation {
    Operation {
        id: "sendThing",
        path: "/things",
        security,
        server: None,
    }
}

#[tokio::test]
async fn a_form_body_is_urlencoded_in_field_order_with_lists_as_repeated_keys() {
    let server = server_answering(204, "", "").await;
    let core = ClientCore::new(&server.uri()).expect("a valid URL");
    let mut builder = core.request(Method::POST, operation(None));
    builder.path("/things");
    // What a generated method emits for `{grant_type, scope: [..], note, nested: {..}}`.
    let mut form = FormData::new();
    form.text("grant_type", "client_credentials");
    form.text_list("scope", &["read:all".to_owned(), "write me".to_owned()]);
    form.text("note", "a&b=c ü+");
    form.json("nested", &serde_json::json!({"city": "Zürich"}))
        .expect("JSON text");
    form.text("secret", &generated::runtime::Secret::new("s3cret"));
    builder.form_body("application/x-www-form-urlencoded", &form);
    builder.send().await.expect("a response");

    let sent = only_request(&server).await;
    assert_eq!(request_line(&sent), "POST /things");
    assert_eq!(
        header(&sent, "content-type"),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        body(&sent),
        "grant_type=client_credentials&scope=read%3Aall&scope=write%20me\
         &note=a%26b%3Dc%20%C3%BC%2B&nested=%7B%22city%22%3A%22Z%C3%BCrich%22%7D&secret=s3cret"
    );
    assert!(!format!("{form:?}").contains("s3cret"), "{form:?}");
}

const MULTIPART: &str = "--openapi-client-boundary-0\r\n\
Content-Disposition: form-data; name=\"title\"\r\n\
\r\n\
Holiday\r\n\
--openapi-client-boundary-0\r\n\
Content-Disposition: form-data; name=\"file\"; filename=\"file\"\r\n\
Content-Type: application/octet-stream\r\n\
\r\n\
\u{1}\u{2}binary\r\n\
--openapi-client-boundary-0\r\n\
Content-Disposition: form-data; name=\"labels\"\r\n\
\r\n\
a\r\n\
--openapi-client-boundary-0\r\n\
Content-Disposition: form-data; name=\"labels\"\r\n\
\r\n\
b\r\n\
--openapi-client-boundary-0\r\n\
Content-Disposition: form-data; name=\"metadata\"\r\n\
Content-Type: application/json\r\n\
\r\n\
{\"size\":3}\r\n\
--openapi-client-boundary-0--\r\n";

fn upload_form() -> FormData {
    let mut form = FormData::new();
    form.text("title", "Holiday");
    form.file("file", &Bytes::from_static(b"\x01\x02binary"));
    form.text_list("labels", &["a".to_owned(), "b".to_owned()]);
    form.json("metadata", &serde_json::json!({"size": 3}))
        .expect("JSON text");
    form
}

#[tokio::test]
async fn a_multipart_body_has_text_file_and_json_parts_and_is_resent_unchanged_on_retry() {
    let server =
        super::failing_then(1, ResponseTemplate::new(503), ResponseTemplate::new(201)).await;
    let mut core = ClientCore::new(&server.uri()).expect("a valid URL");
    core.set_retry_policy(
        RetryPolicy::default()
            .initial_backoff(Duration::from_millis(5))
            .retry_non_idempotent(true),
    );
    let mut builder = core.request(Method::POST, operation(None));
    builder.path("/uploads");
    builder.multipart_body(&upload_form());
    let response = builder.send().await.expect("a response");
    assert_eq!(response.status().as_u16(), 201);

    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 2, "one 503, then the retry");
    for sent in &requests {
        assert_eq!(
            header(sent, "content-type"),
            "multipart/form-data; boundary=openapi-client-boundary-0"
        );
        assert_eq!(body(sent), MULTIPART);
    }
}

#[tokio::test]
async fn a_multipart_boundary_never_occurs_in_a_part() {
    let server = server_answering(201, "", "").await;
    let core = ClientCore::new(&server.uri()).expect("a valid URL");
    let mut builder = core.request(Method::POST, operation(None));
    builder.path("/uploads");
    let mut form = FormData::new();
    form.file(
        "file",
        &Bytes::from_static(b"--openapi-client-boundary-0 --openapi-client-boundary-1"),
    );
    form.text("quote\"d", "x");
    builder.multipart_body(&form);
    builder.send().await.expect("a response");

    let sent = only_request(&server).await;
    assert_eq!(
        header(&sent, "content-type"),
        "multipart/form-data; boundary=openapi-client-boundary-2"
    );
    assert!(
        body(&sent).contains("name=\"quote%22d\""),
        "a quote cannot end the name: {}",
        body(&sent)
    );
}

/// The parts of a body whose `encoding` object declares content types, as
/// `tests/fixtures/form_encoding.yaml` does: each declared type replaces the default of its
/// kind of part.
const TYPED_MULTIPART: &[u8] = b"--openapi-client-boundary-0\r\n\
Content-Disposition: form-data; name=\"image\"; filename=\"image\"\r\n\
Content-Type: image/png\r\n\
\r\n\
\x89PNG\r\n\
--openapi-client-boundary-0\r\n\
Content-Disposition: form-data; name=\"previews\"; filename=\"previews\"\r\n\
Content-Type: image/webp\r\n\
\r\n\
p1\r\n\
--openapi-client-boundary-0\r\n\
Content-Disposition: form-data; name=\"previews\"; filename=\"previews\"\r\n\
Content-Type: image/webp\r\n\
\r\n\
p2\r\n\
--openapi-client-boundary-0\r\n\
Content-Disposition: form-data; name=\"caption\"\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
Gr\xc3\xbc\xc3\x9fe\r\n\
--openapi-client-boundary-0\r\n\
Content-Disposition: form-data; name=\"location\"\r\n\
Content-Type: application/geo+json\r\n\
\r\n\
{\"lat\":47.4}\r\n\
--openapi-client-boundary-0\r\n\
Content-Disposition: form-data; name=\"raw\"; filename=\"raw\"\r\n\
Content-Type: application/octet-stream\r\n\
\r\n\
raw\r\n\
--openapi-client-boundary-0\r\n\
Content-Disposition: form-data; name=\"note\"\r\n\
\r\n\
plain\r\n\
--openapi-client-boundary-0--\r\n";

#[tokio::test]
async fn declared_part_content_types_replace_the_defaults() {
    let server = server_answering(201, "", "").await;
    let core = ClientCore::new(&server.uri()).expect("a valid URL");
    let mut builder = core.request(Method::POST, operation(None));
    builder.path("/photos");
    let mut form = FormData::new();
    form.with_content_type("image/png")
        .file("image", &Bytes::from_static(b"\x89PNG"));
    form.with_content_type("image/webp").files(
        "previews",
        &[Bytes::from_static(b"p1"), Bytes::from_static(b"p2")],
    );
    form.with_content_type("text/plain; charset=utf-8")
        .text("caption", "Grüße");
    form.with_content_type("application/geo+json")
        .json("location", &serde_json::json!({"lat": 47.4}))
        .expect("JSON text");
    form.file("raw", &Bytes::from_static(b"raw"));
    // A type that would start a header of its own is not sent.
    form.with_content_type("text/plain\r\nX-Injected: 1")
        .text("note", "plain");
    builder.multipart_body(&form);
    builder.send().await.expect("a response");

    let sent = only_request(&server).await;
    assert_eq!(
        header(&sent, "content-type"),
        "multipart/form-data; boundary=openapi-client-boundary-0"
    );
    assert_eq!(
        sent.body,
        TYPED_MULTIPART,
        "{}",
        String::from_utf8_lossy(&sent.body)
    );
}

#[tokio::test]
async fn form_lists_travel_in_their_style_and_deep_objects_in_brackets() {
    let server = server_answering(200, "", "").await;
    let core = ClientCore::new(&server.uri()).expect("a valid URL");
    let mut builder = core.request(Method::POST, operation(None));
    builder.path("/searches");
    let mut form = FormData::new();
    // Items are percent-encoded, delimiters are not: a comma inside an item stays apart.
    form.styled_list(
        "tags",
        &["a b".to_owned(), "c,d".to_owned()],
        ListStyle::Form,
    );
    form.styled_list("ids", &[1_i64, 2], ListStyle::SpaceDelimited);
    form.styled_list(
        "flags",
        &["x".to_owned(), "y|z".to_owned()],
        ListStyle::PipeDelimited,
    );
    form.styled_list(
        "repeated",
        &["r1".to_owned(), "r2".to_owned()],
        ListStyle::FormExploded,
    );
    let filter = PersonFilter {
        name: Some("Ada L".into()),
        age: Some(36),
        tags: vec!["x&y".into()],
        nickname: Nullable::Absent,
        address: Address {
            city: "Zürich".into(),
        },
    };
    form.deep_object("filter", &filter).expect("an object");
    builder.form_body("application/x-www-form-urlencoded", &form);
    builder.send().await.expect("a response");

    let sent = only_request(&server).await;
    assert_eq!(
        body(&sent),
        "tags=a%20b,c%2Cd&ids=1%202&flags=x|y%7Cz&repeated=r1&repeated=r2\
         &filter[name]=Ada%20L&filter[age]=36&filter[tags]=x%26y&filter[address][city]=Z%C3%BCrich"
    );
}

#[tokio::test]
async fn a_text_body_is_sent_as_utf8() {
    let server = server_answering(204, "", "").await;
    let core = ClientCore::new(&server.uri()).expect("a valid URL");
    let mut builder = core.request(Method::PUT, operation(None));
    builder.path("/notes");
    let note = "Grüße\nline two".to_owned();
    builder.raw_body("text/plain", &note);
    builder.send().await.expect("a response");
    let sent = only_request(&server).await;
    assert_eq!(header(&sent, "content-type"), "text/plain");
    assert_eq!(body(&sent), note);
}

/// A `deepObject` parameter's type, as generated: optional fields left out when `None`.
#[derive(Serialize)]
struct PersonFilter {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    age: Option<i32>,
    tags: Vec<String>,
    #[serde(skip_serializing_if = "Nullable::is_absent")]
    nickname: Nullable<String>,
    address: Address,
}

#[derive(Serialize)]
struct Address {
    city: String,
}

#[tokio::test]
async fn a_deep_object_parameter_sends_each_property_in_brackets() {
    let server = server_answering(200, "", "").await;
    let core = ClientCore::new(&server.uri()).expect("a valid URL");
    let mut builder = core.request(Method::GET, operation(None));
    builder.path("/people");
    let filter = PersonFilter {
        name: Some("Ada L".into()),
        age: None,
        tags: vec!["x&y".into(), "z".into()],
        nickname: Nullable::Null,
        address: Address {
            city: "Zürich".into(),
        },
    };
    builder.query_object("filter", &filter);
    builder.query("limit", &10);
    builder.send().await.expect("a response");
    let sent = only_request(&server).await;
    assert_eq!(
        request_line(&sent),
        "GET /people?filter[name]=Ada%20L&filter[tags]=x%26y&filter[tags]=z\
         &filter[address][city]=Z%C3%BCrich&limit=10",
        "properties in declaration order, absent and null ones left out"
    );
}

static COOKIE_KEY: SecurityScheme = SecurityScheme {
    name: "cookieKey",
    env: "TEST_COOKIE_KEY",
    kind: SchemeKind::ApiKey {
        location: ApiKeyLocation::Cookie,
        name: "session",
    },
};

#[tokio::test]
async fn cookie_parameters_and_an_api_key_cookie_share_one_header() {
    static KEY: &[&[&SecurityScheme]] = &[&[&COOKIE_KEY]];
    let server = server_answering(200, "", "").await;
    let mut core = ClientCore::new(&server.uri()).expect("a valid URL");
    core.set_api_key(&COOKIE_KEY, "ck-s3cret".into());
    let mut builder = core.request(Method::GET, operation(Some(KEY)));
    builder.path("/people");
    builder.cookie("theme", "dark");
    builder.cookie("greeting", "hi there; x=1, \"ü\" 100%");
    builder.cookie("tracking", &false);
    builder.send().await.expect("a response");
    let sent = only_request(&server).await;
    assert_eq!(sent.headers.get_all("cookie").iter().count(), 1);
    assert_eq!(
        header(&sent, "cookie"),
        "theme=dark; greeting=hi%20there%3B%20x=1%2C%20%22%C3%BC%22%20100%25; tracking=false; \
         session=ck-s3cret"
    );
}

#[tokio::test]
async fn cookie_parameters_alone_make_the_header() {
    let server = server_answering(200, "", "").await;
    let core = ClientCore::new(&server.uri()).expect("a valid URL");
    let mut builder = core.request(Method::GET, operation(None));
    builder.path("/people");
    builder.cookie("session_id", "abc123");
    builder.send().await.expect("a response");
    let sent = only_request(&server).await;
    assert_eq!(header(&sent, "cookie"), "session_id=abc123");
}

#[tokio::test]
async fn path_params_fill_the_template_in_order_each_value_one_encoded_segment() {
    let server = server_answering(204, "", "").await;
    let core = ClientCore::new(&server.uri()).expect("a valid URL");
    let mut builder = core.get("getFile", "/repos/{owner}/{repo}/contents/{path}.json");
    builder.path_params(&[&"octo cat".to_owned(), &42_i64, &"a/b?c#d".to_owned()]);
    builder.send().await.expect("a response");
    assert_eq!(
        request_line(&only_request(&server).await),
        "GET /repos/octo%20cat/42/contents/a%2Fb%3Fc%23d.json"
    );
}

#[tokio::test]
async fn a_template_without_parameters_is_the_path_and_a_dot_segment_is_refused_unsent() {
    let server = server_answering(204, "", "").await;
    let core = ClientCore::new(&server.uri()).expect("a valid URL");
    core.delete("deleteAll", "/things/all")
        .send()
        .await
        .expect("a response");
    assert_eq!(
        request_line(&only_request(&server).await),
        "DELETE /things/all"
    );

    let mut builder = core.get("getThing", "/things/{id}");
    builder.path_params(&[&"..".to_owned()]);
    let error = builder.send().await.expect_err("a dot segment is refused");
    assert!(
        format!("{error:?}").contains("PathParam { name: \"id\" }"),
        "{error:?}"
    );
    assert_eq!(
        server.received_requests().await.unwrap_or_default().len(),
        1
    );
}
