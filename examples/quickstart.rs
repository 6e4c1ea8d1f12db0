//! Calls the five seed endpoints through the generated clients.
//!
//! ```text
//! cargo run --example quickstart                     # against an embedded mock server
//! cargo run --example quickstart -- --token T        # against each vendor's real server
//! cargo run --example quickstart -- --base-url URL --token T   # against one server of yours
//! ```
//!
//! `QUICKSTART_BASE_URL` and `QUICKSTART_TOKEN` work as well as the flags. With the mock server
//! it prints every request exactly as the server received it, and every decoded response.

use std::error::Error;
use std::fmt::Debug;

use generated::runtime::Nullable;
use generated::{apinizer, authlete, commerce_layer, confidence, cribl};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Where the calls go.
enum Target {
    Mock(MockServer),
    Real {
        base_url: Option<String>,
        token: String,
    },
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let mut base_url = std::env::var("QUICKSTART_BASE_URL").ok();
    let mut token = std::env::var("QUICKSTART_TOKEN").ok();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--base-url" => base_url = args.next(),
            "--token" => token = args.next(),
            "--help" | "-h" => {
                println!("usage: quickstart [--base-url URL] [--token TOKEN]");
                return Ok(());
            }
            other => return Err(format!("unknown argument `{other}`; try --help").into()),
        }
    }
    let target = match token {
        Some(token) => Target::Real { base_url, token },
        None if base_url.is_some() => return Err("--base-url needs --token".into()),
        None => Target::Mock(mock_server().await),
    };
    let token = match &target {
        Target::Mock(_) => "demo-token".to_owned(),
        Target::Real { token, .. } => token.clone(),
    };
    // Each client uses the mock, the given base URL, or its API's default server.
    let base = |mock_path: &str| -> Option<String> {
        match &target {
            Target::Mock(server) => Some(format!("{}{mock_path}", server.uri())),
            Target::Real { base_url, .. } => base_url.clone(),
        }
    };

    section("Cribl.Cloud: v1.apiCredentials.updateApiCredential");
    let client = match base("") {
        Some(url) => cribl::Client::with_base_url(&url)?,
        None => cribl::Client::new(cribl::Server::default()),
    }
    .with_bearer_token(token.as_str());
    let result = client
        .v1_api_credentials_update_api_credential(
            &cribl::V1ApiCredentialsUpdateApiCredentialRequest {
                organization_id: "my-org-123".into(),
                api_credential_id: "7aHpo2Lq5fTQ".into(),
                body: cribl::types::ApiCredentialUpdateRequestDto {
                    description: Some("Used for automated Workspace management".into()),
                    enabled: Some(false),
                    ip_allowlist: Some(vec![]),
                    ..Default::default()
                },
            },
        )
        .await;
    report(&target, result).await;

    section("Commerce Layer: updateApiCredential");
    let client = match base("/api") {
        Some(url) => commerce_layer::Client::with_base_url(&url)?,
        None => commerce_layer::Client::new(commerce_layer::Server::default()),
    }
    .with_bearer_token(token.as_str());
    use commerce_layer::types as cl;
    let result = client
        .update_api_credential(&commerce_layer::UpdateApiCredentialRequest {
            api_credential_id: "xYZkjABcde".into(),
            body: cl::ApiCredentialUpdate {
                data: cl::ApiCredentialUpdateData {
                    r#type: cl::ApiCredentialUpdateDataType::ApiCredentials,
                    id: "xYZkjABcde".into(),
                    attributes: cl::ApiCredentialUpdateDataAttributes {
                        reference: Nullable::Value("ANY-EXTERNAL-REFEFERNCE".into()),
                        reference_origin: Nullable::Null,
                        ..Default::default()
                    },
                    relationships: Some(cl::ApiCredentialUpdateDataRelationships {
                        role: Some(cl::ApiCredentialUpdateDataRelationshipsRole {
                            data: cl::RoleLinkage {
                                r#type: cl::RoleLinkageType::Roles,
                                id: "ABCRtyUpBa".into(),
                            },
                        }),
                    }),
                },
            },
        })
        .await;
    report(&target, result).await;

    section("Authlete: client_secret_update_api");
    let client = match base("") {
        Some(url) => authlete::Client::with_base_url(&url)?,
        None => authlete::Client::new(authlete::Server::default()),
    }
    .with_bearer_token(token.as_str());
    let result = client
        .client_secret_update_api(&authlete::ClientSecretUpdateApiRequest {
            service_id: "21653835348762".into(),
            client_identifier: "26478243745571".into(),
            body: authlete::types::ClientSecretUpdateRequest {
                client_secret: "my_updated_client_secret".into(),
            },
        })
        .await;
    report(&target, result).await;

    section("Spotify Confidence: ClientCredential.update");
    let client = match base("") {
        Some(url) => confidence::Client::with_base_url(&url)?,
        None => confidence::Client::new(confidence::Server::default()),
    }
    .with_bearer_token(token.as_str());
    let result = client
        .client_credential_update(&confidence::ClientCredentialUpdateRequest {
            client: "1bhq4c2zqigdzqg6ufni".into(),
            credential: "3pxcfkkmi5sppg0lfa8d".into(),
            update_mask: Some(vec!["displayName".into(), "environments".into()]),
            body: confidence::types::ClientCredentialUpdateBody {
                name: None,
                display_name: "Backend key".into(),
                client_secret: None,
                environments: Some(vec!["production".into()]),
                labels: None,
                sdk_type: None,
            },
        })
        .await;
    report(&target, result).await;

    section("Apinizer: updateCredential");
    let client = match base("") {
        Some(url) => apinizer::Client::with_base_url(&url)?,
        None => apinizer::Client::new(apinizer::Server::default()),
    }
    .with_bearer_token(token.as_str());
    let result = client
        .update_credential(&apinizer::UpdateCredentialRequest {
            project_name: "MyProject".into(),
            body: apinizer::types::CredentialDto {
                email: "updated@example.com".into(),
                full_name: "Updated User".into(),
                description: "Updated description".into(),
                username: "api-user".into(),
                password: "NewSecurePassword123!".into(),
                role_name_list: vec!["API_USER".into()],
                enabled: true,
                ip_list: vec![],
                expire_date: None,
            },
        })
        .await;
    report(&target, result).await;
    Ok(())
}

fn section(title: &str) {
    println!("\n=== {title}");
}

/// Prints the request the mock server received (if any) and the call's outcome.
async fn report<T: Debug, E: Debug>(
    target: &Target,
    result: Result<T, generated::runtime::Error<E>>,
) {
    if let Target::Mock(server) = target {
        let mut requests = server.received_requests().await.unwrap_or_default();
        if let Some(request) = requests.pop() {
            let query = request
                .url
                .query()
                .map(|q| format!("?{q}"))
                .unwrap_or_default();
            println!("--> {} {}{query}", request.method, request.url.path());
            let mut headers: Vec<_> = request.headers.iter().collect();
            headers.sort_by_key(|(name, _)| name.as_str());
            for (name, value) in headers {
                let value = if name == "authorization" {
                    "Bearer [redacted]"
                } else {
                    value.to_str().unwrap_or("<binary>")
                };
                println!("    {name}: {value}");
            }
            if !request.body.is_empty() {
                println!("    {}", String::from_utf8_lossy(&request.body));
            }
        }
        server.reset().await;
        mount_responses(server).await;
    }
    match result {
        Ok(value) => println!("<-- ok: {value:#?}"),
        Err(error) => println!("<-- error: {error}\n    {error:?}"),
    }
}

async fn mock_server() -> MockServer {
    let server = MockServer::start().await;
    mount_responses(&server).await;
    server
}

/// Realistic answers for the five endpoints, from the vendors' docs.
async fn mount_responses(server: &MockServer) {
    let json = |status: u16, body: &str, content_type: &str| {
        ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), content_type)
    };
    Mock::given(method("PATCH"))
        .and(path(
            "/v1/organizations/my-org-123/api-credentials/7aHpo2Lq5fTQ",
        ))
        .respond_with(ResponseTemplate::new(204))
        .mount(server)
        .await;
    Mock::given(method("PATCH"))
        .and(path("/api/api_credentials/xYZkjABcde"))
        .respond_with(json(
            200,
            COMMERCE_LAYER_UPDATED,
            "application/vnd.api+json",
        ))
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path(
            "/api/21653835348762/client/secret/update/26478243745571",
        ))
        .respond_with(json(200, AUTHLETE_UPDATED, "application/json"))
        .mount(server)
        .await;
    Mock::given(method("PATCH"))
        .and(path(
            "/v1/clients/1bhq4c2zqigdzqg6ufni/credentials/3pxcfkkmi5sppg0lfa8d",
        ))
        .respond_with(json(200, CONFIDENCE_UPDATED, "application/json"))
        .mount(server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/apiops/projects/MyProject/credentials/"))
        .respond_with(json(200, APINIZER_UPDATED, "application/json"))
        .mount(server)
        .await;
}

const COMMERCE_LAYER_UPDATED: &str = r#"{"data":{"id":"xYZkjABcde","type":"api_credentials","links":{"self":"https://provisioning.commercelayer.io/api/api_credentials/xYZkjABcde"},"attributes":{"name":"My app","kind":"sales_channel","confidential":true,"redirect_uri":"https://bluebrand.com/img/logo.svg","client_id":"xxxx-yyyy-zzzz","client_secret":"xxxx-yyyy-zzzz","scopes":"market:all market:9","expires_in":7200,"mode":"test","custom":false,"created_at":"2018-01-01T12:00:00.000Z","updated_at":"2018-01-01T12:00:00.000Z","reference":"ANY-EXTERNAL-REFEFERNCE","reference_origin":null,"metadata":{"foo":"bar"}},"relationships":{"role":{"links":{"self":"https://provisioning.commercelayer.io/api/api_credentials/xYZkjABcde/relationships/role","related":"https://provisioning.commercelayer.io/api/api_credentials/xYZkjABcde/role"}}}}}"#;

const AUTHLETE_UPDATED: &str = r#"{"resultCode":"A149001","resultMessage":"[A149001] Successfully updated the client secret of the client (ID = 26478243745571).","newClientSecret":"my_updated_client_secret","oldClientSecret":"6Rg_WDO23F0HSZe8GzE5_ZxRHD2pCA02M7T87s0MNOmnf8hg9eYScgeH6P_tb42yiaRuptJmMY12jwWuoy2KeA"}"#;

const CONFIDENCE_UPDATED: &str = r#"{"name":"clients/1bhq4c2zqigdzqg6ufni/credentials/3pxcfkkmi5sppg0lfa8d","displayName":"Backend key","clientSecret":{"secret":"cs-9f8e7d"},"environments":["production"],"labels":{"team":"payments"},"createTime":"2026-01-02T03:04:05Z","updateTime":"2026-11-22T10:00:00Z","creator":"users/alice","updater":"users/bob","sdkType":"BACKEND"}"#;

const APINIZER_UPDATED: &str = r#"{"status":"SUCCESS","resultMessage":"Credential updated and deployed","resultList":[],"resultCount":0,"deploymentResult":{"success":true}}"#;
