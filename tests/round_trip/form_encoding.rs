//! Compiled into the standalone crate generated from `tests/fixtures/form_encoding.yaml`: the
//! generated methods send multipart parts with the content types the `encoding` object
//! declares, and urlencoded fields in the `style` it names, byte for byte.

use form_encoding::runtime::Bytes;
use form_encoding::types::{
    SearchBody, SearchBodyFilter, SearchBodySettings, UploadPhotoBody, UploadPhotoBodyDetails,
    UploadPhotoBodyLocation,
};
use form_encoding::{Client, SearchRequest, UploadPhotoRequest};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn answering(status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status))
        .mount(&server)
        .await;
    server
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 1, "one request");
    requests.remove(0)
}

fn client(server: &MockServer) -> Client {
    Client::with_base_url(&server.uri()).expect("a valid URL")
}

#[tokio::test]
async fn multipart_parts_carry_their_declared_content_types() {
    let server = answering(201).await;
    client(&server)
        .upload_photo(&UploadPhotoRequest {
            body: UploadPhotoBody {
                image: Bytes::from_static(b"\x89PNG"),
                previews: Some(vec![Bytes::from_static(b"p1")]),
                caption: Some("Grüße".into()),
                rating: Some(5),
                keywords: Some(vec!["sea".into(), "sun".into()]),
                location: Some(UploadPhotoBodyLocation {
                    lat: Some(47.5),
                    lon: None,
                }),
                details: Some(UploadPhotoBodyDetails {
                    camera: Some("X100".into()),
                }),
                raw: Some(Bytes::from_static(b"raw")),
                sidecar: Some(Bytes::from_static(b"xmp")),
            },
        })
        .await
        .expect("stored");
    let sent = only_request(&server).await;
    let expected: &[u8] = b"--openapi-client-boundary-0\r\n\
Content-Disposition: form-data; name=\"image\"; filename=\"image\"\r\n\
Content-Type: image/png\r\n\r\n\x89PNG\r\n\
--openapi-client-boundary-0\r\n\
Content-Disposition: form-data; name=\"previews\"; filename=\"previews\"\r\n\
Content-Type: image/webp\r\n\r\np1\r\n\
--openapi-client-boundary-0\r\n\
Content-Disposition: form-data; name=\"caption\"\r\n\
Content-Type: text/plain; charset=utf-8\r\n\r\nGr\xc3\xbc\xc3\x9fe\r\n\
--openapi-client-boundary-0\r\n\
Content-Disposition: form-data; name=\"rating\"\r\n\
Content-Type: application/json\r\n\r\n5\r\n\
--openapi-client-boundary-0\r\n\
Content-Disposition: form-data; name=\"keywords\"\r\n\
Content-Type: application/json\r\n\r\n[\"sea\",\"sun\"]\r\n\
--openapi-client-boundary-0\r\n\
Content-Disposition: form-data; name=\"location\"\r\n\
Content-Type: application/geo+json\r\n\r\n{\"lat\":47.5}\r\n\
--openapi-client-boundary-0\r\n\
Content-Disposition: form-data; name=\"details\"\r\n\
Content-Type: application/json\r\n\r\n{\"camera\":\"X100\"}\r\n\
--openapi-client-boundary-0\r\n\
Content-Disposition: form-data; name=\"raw\"; filename=\"raw\"\r\n\
Content-Type: application/octet-stream\r\n\r\nraw\r\n\
--openapi-client-boundary-0\r\n\
Content-Disposition: form-data; name=\"sidecar\"; filename=\"sidecar\"\r\n\
Content-Type: application/octet-stream\r\n\r\nxmp\r\n\
--openapi-client-boundary-0--\r\n";
    assert_eq!(
        sent.body,
        expected,
        "{}",
        String::from_utf8_lossy(&sent.body)
    );
}

#[tokio::test]
async fn urlencoded_fields_travel_in_their_declared_style() {
    let server = answering(200).await;
    client(&server)
        .search(&SearchRequest {
            body: SearchBody {
                tags: Some(vec!["a b".into(), "c,d".into()]),
                ids: Some(vec![1, 2]),
                words: Some(vec!["big".into(), "red".into()]),
                flags: Some(vec!["x".into(), "y".into()]),
                repeated: Some(vec!["r1".into(), "r2".into()]),
                filter: Some(SearchBodyFilter {
                    name: Some("Ann".into()),
                    age: Some(7),
                }),
                settings: Some(SearchBodySettings {
                    mode: Some("fast".into()),
                }),
                title: Some("a/b".into()),
            },
        })
        .await
        .expect("found");
    let sent = only_request(&server).await;
    assert_eq!(
        std::str::from_utf8(&sent.body).unwrap_or("<not UTF-8>"),
        "tags=a%20b,c%2Cd&ids=1,2&words=big%20red&flags=x|y&repeated=r1&repeated=r2\
         &filter[name]=Ann&filter[age]=7&settings=%7B%22mode%22%3A%22fast%22%7D&title=a%2Fb"
    );
}
