//! Lowering of `components.securitySchemes` and of the `security` requirements that pick
//! among them, at the root and per operation.

use openapiv3::{APIKeyLocation, SecurityRequirement};

use super::Lowering;
use super::ident;
use crate::diagnostics::pointer_child;
use crate::model::{ApiKeyLocation, SchemeKind, SecurityScheme, TokenEndpoint};

/// The extension that lists extra form parameters of a client credentials token request,
/// such as Auth0's `audience`.
const TOKEN_PARAMETERS: &str = "x-token-parameters";

impl Lowering<'_> {
    /// The schemes of `components.securitySchemes` the client can send credentials for.
    /// Each gets a setter on `Client` and a stem for its environment variables.
    pub(super) fn security_schemes(&mut self, env_prefix: &str) -> Vec<SecurityScheme> {
        let spec = self.spec;
        let Some(components) = &spec.document.components else {
            return Vec::new();
        };
        let mut schemes = Vec::new();
        for (name, scheme) in &components.security_schemes {
            let pointer = pointer_child("#/components/securitySchemes", name);
            let Some(scheme) = self.resolve_item(scheme, &pointer) else {
                continue;
            };
            let Some((kind, description)) = self.scheme_kind(&scheme, &pointer) else {
                continue;
            };
            let stem = ident::snake(name);
            let stem = stem.trim_start_matches("r#").trim_matches('_');
            schemes.push(SecurityScheme {
                name: name.clone(),
                setter: self.method_names.claim(format!("with_{stem}")),
                env: format!("{env_prefix}_{}", stem.to_ascii_uppercase()),
                kind,
                description,
            });
        }
        schemes
    }

    fn scheme_kind(
        &mut self,
        scheme: &openapiv3::SecurityScheme,
        pointer: &str,
    ) -> Option<(SchemeKind, Option<String>)> {
        use openapiv3::SecurityScheme as Spec;
        Some(match scheme {
            Spec::HTTP {
                scheme,
                description,
                ..
            } => {
                let kind = match scheme.to_ascii_lowercase().as_str() {
                    "bearer" => SchemeKind::Bearer,
                    "basic" => SchemeKind::Basic,
                    other => {
                        self.warn(
                            &pointer_child(pointer, "scheme"),
                            format!("HTTP authentication scheme `{other}` is not supported; operations that require it are sent without its credentials"),
                            "add the `Authorization` header through a middleware (`Client::with_middleware`)",
                        );
                        return None;
                    }
                };
                (kind, description.clone())
            }
            Spec::APIKey {
                location,
                name,
                description,
                ..
            } => {
                let location = match location {
                    APIKeyLocation::Header => ApiKeyLocation::Header,
                    APIKeyLocation::Query => ApiKeyLocation::Query,
                    APIKeyLocation::Cookie => ApiKeyLocation::Cookie,
                };
                let valid = match location {
                    ApiKeyLocation::Header => {
                        !name.is_empty()
                            && name.bytes().all(|byte| {
                                byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
                            })
                    }
                    ApiKeyLocation::Cookie => {
                        !name.is_empty()
                            && name
                                .bytes()
                                .all(|byte| byte.is_ascii_graphic() && !b"=;,\"\\".contains(&byte))
                    }
                    ApiKeyLocation::Query => !name.is_empty(),
                };
                if !valid {
                    self.warn(
                        &pointer_child(pointer, "name"),
                        format!("API key name `{name}` cannot be sent where `in` says; the scheme is left out"),
                        "give a valid header, cookie or parameter name",
                    );
                    return None;
                }
                (
                    SchemeKind::ApiKey {
                        location,
                        name: name.clone(),
                    },
                    description.clone(),
                )
            }
            Spec::OAuth2 {
                flows, description, ..
            } => {
                let client_credentials = flows.client_credentials.as_ref().and_then(|flow| {
                    let flow_pointer =
                        pointer_child(&pointer_child(pointer, "flows"), "clientCredentials");
                    let url = self
                        .absolute_url(&flow.token_url, &pointer_child(&flow_pointer, "tokenUrl"))?;
                    let parameters = self.token_parameters(
                        flow.extensions.get(TOKEN_PARAMETERS),
                        &pointer_child(&flow_pointer, TOKEN_PARAMETERS),
                    );
                    Some(TokenEndpoint { url, parameters })
                });
                (
                    SchemeKind::OAuth2 { client_credentials },
                    description.clone(),
                )
            }
            Spec::OpenIDConnect { description, .. } => (SchemeKind::Bearer, description.clone()),
        })
    }

    /// A token URL made absolute against the API's first server, variables at their defaults,
    /// as OpenAPI 3.1 allows.
    fn absolute_url(&mut self, url: &str, pointer: &str) -> Option<String> {
        if url.starts_with("https://") || url.starts_with("http://") {
            return Some(url.to_owned());
        }
        let base = self
            .spec
            .document
            .servers
            .first()
            .map(super::servers::default_url)
            .filter(|base| base.starts_with("https://") || base.starts_with("http://"));
        match base {
            Some(base) if url.starts_with('/') => {
                let authority = base.find("://").map_or(0, |at| at + 3);
                let origin_end = base[authority..]
                    .find('/')
                    .map_or(base.len(), |at| authority + at);
                Some(format!("{}{url}", &base[..origin_end]))
            }
            _ => {
                self.warn(
                    pointer,
                    format!("token URL `{url}` is neither absolute nor relative to an absolute server URL; client credentials are not offered for this scheme"),
                    "give an absolute token URL; a token obtained elsewhere can still be set",
                );
                None
            }
        }
    }

    fn token_parameters(
        &mut self,
        extension: Option<&serde_json::Value>,
        pointer: &str,
    ) -> Vec<(String, String)> {
        let Some(extension) = extension else {
            return Vec::new();
        };
        let Some(object) = extension.as_object() else {
            self.warn(
                pointer,
                format!("`{TOKEN_PARAMETERS}` is not an object of strings; it is ignored"),
                "write it as `{name: value}` pairs",
            );
            return Vec::new();
        };
        let mut parameters = Vec::new();
        for (name, value) in object {
            match value.as_str() {
                Some(value) => parameters.push((name.clone(), value.to_owned())),
                None => self.warn(
                    &pointer_child(pointer, name),
                    format!("token parameter `{name}` is not a string; it is left out"),
                    "give the parameter a string value",
                ),
            }
        }
        parameters
    }

    /// The alternatives of a `security` requirement as indexes into `schemes`. A scheme the
    /// document does not declare is reported, and its alternative dropped.
    pub(super) fn security_requirement(
        &mut self,
        requirement: &[SecurityRequirement],
        schemes: &[SecurityScheme],
        pointer: &str,
    ) -> Vec<Vec<usize>> {
        let declared = self
            .spec
            .document
            .components
            .as_ref()
            .map(|components| &components.security_schemes);
        let mut alternatives = Vec::new();
        for (index, alternative) in requirement.iter().enumerate() {
            let mut indexes = Vec::new();
            let mut usable = true;
            for name in alternative.keys() {
                match schemes.iter().position(|scheme| scheme.name == *name) {
                    Some(position) => indexes.push(position),
                    None => {
                        usable = false;
                        if !declared.is_some_and(|declared| declared.contains_key(name)) {
                            self.warn(
                                &pointer_child(&pointer_child(pointer, &index.to_string()), name),
                                format!("security scheme `{name}` is not declared in `components.securitySchemes`; this alternative is ignored"),
                                "declare the scheme or fix its name",
                            );
                        }
                    }
                }
            }
            if usable {
                alternatives.push(indexes);
            }
        }
        alternatives
    }
}
