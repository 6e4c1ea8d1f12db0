//! Conformance against an independent validator: each seed spec's client calls Stoplight Prism
//! mocking the same spec. With `--errors`, Prism answers a request that violates the spec with
//! an error status, and it reports any other violation in an `sl-violations` header; either
//! fails the test.
//!
//! Prism comes from npm; `.ci/run` installs it and sets `PRISM` to its executable. Without
//! `PRISM` the test says it skipped.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use generated::runtime::{ClientWithMiddleware, Nullable, RetryPolicy};
use generated::{apinizer, authlete, commerce_layer, confidence, cribl};
use reqwest_middleware::{ClientBuilder, Middleware, Next};

/// A Prism mock server, stopped when dropped.
struct Prism {
    child: Child,
    base_url: String,
}

impl Prism {
    fn start(prism: &Path, spec: &str) -> Prism {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(prism)
            .args(["mock", "--errors", "--host", "127.0.0.1", "--port"])
            .arg(port.to_string())
            .arg(spec)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Prism starts");
        let prism = Prism {
            child,
            base_url: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(90);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "Prism did not start for {spec}");
            std::thread::sleep(Duration::from_millis(200));
        }
        prism
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Keeps every `sl-violations` header Prism sends.
#[derive(Clone, Default)]
struct Violations(Arc<Mutex<Vec<String>>>);

#[async_trait::async_trait]
impl Middleware for Violations {
    async fn handle(
        &self,
        request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let line = format!("{} {}", request.method(), request.url().path());
        let response = next.run(request, extensions).await?;
        if let Some(violations) = response.headers().get("sl-violations") {
            let violations = String::from_utf8_lossy(violations.as_bytes()).into_owned();
            self.0
                .lock()
                .unwrap_or_else(|poison| poison.into_inner())
                .push(format!("{line}: {violations}"));
        }
        Ok(response)
    }
}

impl Violations {
    fn client(&self) -> ClientWithMiddleware {
        ClientBuilder::new(reqwest::Client::new())
            .with(self.clone())
            .build()
    }

    fn assert_none(&self, spec: &str) {
        let seen = self.0.lock().unwrap_or_else(|poison| poison.into_inner());
        assert!(
            seen.is_empty(),
            "Prism reports violations of {spec}:\n{}",
            seen.join("\n")
        );
    }
}

const TOKEN: &str = "conformance-token";

#[tokio::test]
async fn every_seed_client_conforms_to_its_spec_as_prism_sees_it() {
    let Some(prism) = std::env::var_os("PRISM") else {
        eprintln!("skipped: set PRISM to a Stoplight Prism executable to run this test");
        return;
    };
    let prism = Path::new(&prism);

    let violations = Violations::default();
    let mock = Prism::start(prism, "specs/cribl.yaml");
    let client = cribl::Client::with_base_url(&mock.base_url)
        .expect("a valid URL")
        .with_middleware(violations.client())
        .with_retry_policy(RetryPolicy::none())
        .with_bearer_token(TOKEN);
    for body in [
        cribl::types::ApiCredentialUpdateRequestDto::default(),
        cribl::types::ApiCredentialUpdateRequestDto {
            name: Some("Auto-Manage-Workspaces".into()),
            description: Some("Used for automated Workspace management".into()),
            enabled: Some(false),
            ip_allowlist: Some(vec![]),
            roles: Some(cribl::types::ApiCredentialRolesSchema {
                organization_role: cribl::types::OrganizationRole::Admin,
                workspaces: Some(vec![cribl::types::WorkspaceRoleSchema {
                    workspace_id: "main".into(),
                    workspace_role: cribl::types::WorkspaceRole::User,
                    products: Some(vec![cribl::types::ProductRoleSchema {
                        product: cribl::types::ProductName::Stream,
                        role: cribl::types::ProductRole::Editor,
                    }]),
                }]),
            }),
        },
    ] {
        let request = cribl::V1ApiCredentialsUpdateApiCredentialRequest {
            organization_id: "my-org-123".into(),
            api_credential_id: "7aHpo2Lq5fTQ".into(),
            body,
        };
        let result = client
            .v1_api_credentials_update_api_credential(&request)
            .await;
        assert!(result.is_ok(), "cribl: {result:?}");
    }
    violations.assert_none("specs/cribl.yaml");
    drop(mock);

    let violations = Violations::default();
    let mock = Prism::start(prism, "specs/commerce_layer.yaml");
    let client = commerce_layer::Client::with_base_url(&mock.base_url)
        .expect("a valid URL")
        .with_middleware(violations.client())
        .with_bearer_token(TOKEN);
    use commerce_layer::types as cl;
    for (attributes, relationships) in [
        (
            cl::ApiCredentialUpdateDataAttributes {
                name: Some("My app".into()),
                reference: Nullable::Value("ERP-1".into()),
                reference_origin: Nullable::Null,
                expires_in: Nullable::Value(7200),
                ..Default::default()
            },
            Some(cl::ApiCredentialUpdateDataRelationships {
                role: Some(cl::ApiCredentialUpdateDataRelationshipsRole {
                    data: cl::RoleLinkage {
                        r#type: cl::RoleLinkageType::Roles,
                        id: "ABCRtyUpBa".into(),
                    },
                }),
            }),
        ),
        (
            cl::ApiCredentialUpdateDataAttributes {
                redirect_uri: Nullable::Null,
                metadata: Nullable::Null,
                ..Default::default()
            },
            None,
        ),
    ] {
        let request = commerce_layer::UpdateApiCredentialRequest {
            api_credential_id: "xYZkjABcde".into(),
            body: cl::ApiCredentialUpdate {
                data: cl::ApiCredentialUpdateData {
                    r#type: cl::ApiCredentialUpdateDataType::ApiCredentials,
                    id: "xYZkjABcde".into(),
                    attributes,
                    relationships,
                },
            },
        };
        let result = client.update_api_credential(&request).await;
        assert!(result.is_ok(), "commerce_layer: {result:?}");
    }
    violations.assert_none("specs/commerce_layer.yaml");
    drop(mock);

    let violations = Violations::default();
    let mock = Prism::start(prism, "specs/authlete.yaml");
    let client = authlete::Client::with_base_url(&mock.base_url)
        .expect("a valid URL")
        .with_middleware(violations.client())
        .with_bearer_token(TOKEN);
    let request = authlete::ClientSecretUpdateApiRequest {
        service_id: "21653835348762".into(),
        client_identifier: "26478243745571".into(),
        body: authlete::types::ClientSecretUpdateRequest {
            client_secret: "my_updated_client_secret-2".into(),
        },
    };
    let result = client.client_secret_update_api(&request).await;
    assert!(result.is_ok(), "authlete: {result:?}");
    violations.assert_none("specs/authlete.yaml");
    drop(mock);

    let violations = Violations::default();
    let mock = Prism::start(prism, "specs/confidence.yaml");
    let client = confidence::Client::with_base_url(&mock.base_url)
        .expect("a valid URL")
        .with_middleware(violations.client())
        .with_bearer_token(TOKEN);
    for update_mask in [
        None,
        Some(vec!["displayName".to_owned(), "environments".to_owned()]),
    ] {
        let request = confidence::ClientCredentialUpdateRequest {
            client: "1bhq4c2zqigdzqg6ufni".into(),
            credential: "3pxcfkkmi5sppg0lfa8d".into(),
            update_mask,
            body: confidence::types::ClientCredentialUpdateBody {
                name: None,
                display_name: "Backend key".into(),
                client_secret: None,
                environments: Some(vec!["production".into()]),
                labels: Some([("team".to_owned(), "payments".to_owned())].into()),
                sdk_type: Some(confidence::types::ConfidenceIamV1ClientCredentialSdkType::Backend),
            },
        };
        let result = client.client_credential_update(&request).await;
        assert!(result.is_ok(), "confidence: {result:?}");
    }
    violations.assert_none("specs/confidence.yaml");
    drop(mock);

    let violations = Violations::default();
    let mock = Prism::start(prism, "specs/apinizer.yaml");
    let client = apinizer::Client::with_base_url(&mock.base_url)
        .expect("a valid URL")
        .with_middleware(violations.client())
        .with_bearer_token(TOKEN);
    for expire_date in [None, "2027-01-31T23:59:59Z".parse().ok()] {
        let request = apinizer::UpdateCredentialRequest {
            project_name: "MyProject".into(),
            body: apinizer::types::CredentialDto {
                email: "updated@example.com".into(),
                full_name: "Updated User".into(),
                description: "Updated description".into(),
                username: "api-user".into(),
                password: "NewSecurePassword123!".into(),
                role_name_list: vec!["API_USER".into()],
                enabled: true,
                ip_list: vec!["10.0.0.0/8".into()],
                expire_date,
            },
        };
        let result = client.update_credential(&request).await;
        assert!(result.is_ok(), "apinizer: {result:?}");
    }
    violations.assert_none("specs/apinizer.yaml");
}
