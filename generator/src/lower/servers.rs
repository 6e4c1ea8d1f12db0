//! Lowering of `servers`: the API's, with their variables, and those a path or an operation
//! names for itself.

use super::Lowering;
use super::ident::{self, Scope};
use crate::diagnostics::pointer_child;
use crate::model::{Server, ServerVariable, VariableChoices, Variant, fill_url};

impl Lowering<'_> {
    /// The servers a client may pick: the document's, or those every operation shares.
    pub(super) fn servers(&mut self) -> Vec<Server> {
        let document = &self.spec.document;
        let mut declared = document.servers.clone();
        let mut pointer = "#/servers".to_owned();
        if declared.is_empty() {
            let per_operation: Vec<&Vec<openapiv3::Server>> = document
                .paths
                .paths
                .values()
                .filter_map(|item| item.as_item())
                .flat_map(|item| item.iter().map(|(_, operation)| &operation.servers))
                .collect();
            if let Some(first) = per_operation.first()
                && !first.is_empty()
                && per_operation.iter().all(|servers| servers == first)
            {
                declared = (*first).clone();
                pointer = "#/paths".to_owned();
            }
        }
        let mut names = Scope::default();
        let mut servers = Vec::new();
        for (index, server) in declared.iter().enumerate() {
            let server_pointer = pointer_child(&pointer, &index.to_string());
            let label = server
                .description
                .as_deref()
                .map(|text| {
                    text.chars()
                        .filter(|c| c.is_ascii_alphanumeric() || c.is_whitespace() || *c == '-')
                        .collect::<String>()
                })
                .filter(|text| !text.trim().is_empty() && text.len() <= 40)
                .unwrap_or_else(|| host_of(&default_url(server)).to_owned());
            let url = default_url(server);
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                self.warn(
                    &server_pointer,
                    format!("server URL `{url}` is not an absolute http(s) URL"),
                    "give an absolute URL; meanwhile pass the base URL to `Client::with_base_url`",
                );
                continue;
            }
            if let Some(undeclared) = undeclared_variable(server) {
                self.warn(
                    &pointer_child(&server_pointer, "url"),
                    format!("server URL `{}` uses variable `{undeclared}`, which `variables` does not declare; the server is left out", server.url),
                    "declare the variable with a default",
                );
                continue;
            }
            let variant = names.claim(ident::upper_camel(&label));
            let variables = self.server_variables(server, &variant, &server_pointer);
            servers.push(Server {
                variant,
                url: server.url.trim_end_matches('/').to_owned(),
                description: server.description.clone(),
                variables,
            });
        }
        if servers.is_empty() {
            self.warn(
                "#/servers",
                "the document declares no usable server",
                "add a `servers` entry; clients of this API must be built with `Client::with_base_url`",
            );
        }
        servers
    }

    /// The variables the server's URL uses, each a field of its variant; those with an
    /// `enum` get an enum type of their own.
    fn server_variables(
        &mut self,
        server: &openapiv3::Server,
        variant: &str,
        pointer: &str,
    ) -> Vec<ServerVariable> {
        let Some(variables) = &server.variables else {
            return Vec::new();
        };
        let mut fields = Scope::default();
        let mut lowered = Vec::new();
        for (name, variable) in variables {
            if !server.url.contains(&format!("{{{name}}}")) {
                continue;
            }
            let choices = (!variable.enumeration.is_empty()).then(|| {
                let mut values = variable.enumeration.clone();
                if !values.contains(&variable.default) {
                    self.warn(
                        &pointer_child(&pointer_child(&pointer_child(pointer, "variables"), name), "default"),
                        format!("the default `{}` of server variable `{name}` is not one of its `enum` values; it is added to them", variable.default),
                        "list the default among the `enum` values",
                    );
                    values.insert(0, variable.default.clone());
                }
                let mut variant_names = Scope::default();
                let variants: Vec<Variant> = values
                    .iter()
                    .map(|value| Variant {
                        wire_name: value.clone(),
                        rust_name: variant_names.claim(ident::upper_camel(value)),
                    })
                    .collect();
                VariableChoices {
                    type_name: self
                        .module_names
                        .claim(ident::upper_camel(&format!("{variant} {name}"))),
                    default: values
                        .iter()
                        .position(|value| *value == variable.default)
                        .unwrap_or(0),
                    variants,
                }
            });
            lowered.push(ServerVariable {
                wire_name: name.clone(),
                rust_name: fields.claim(ident::snake(name)),
                default: variable.default.clone(),
                choices,
                description: variable.description.clone(),
            });
        }
        lowered
    }

    /// The server an operation is sent to when the spec names one for it or its path that
    /// the API's servers do not already cover.
    pub(super) fn operation_server(
        &mut self,
        path_servers: &[openapiv3::Server],
        operation_servers: &[openapiv3::Server],
        api_servers: &[Server],
        pointer: &str,
    ) -> Option<String> {
        let (servers, pointer) = if operation_servers.is_empty() {
            (
                path_servers,
                pointer.rsplit_once('/').map_or(pointer, |(path, _)| path),
            )
        } else {
            (operation_servers, pointer)
        };
        let server = servers.first()?;
        let url = default_url(server);
        if api_servers.iter().any(|api| api.default_url() == url) {
            return None;
        }
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            self.warn(
                &pointer_child(&pointer_child(pointer, "servers"), "0"),
                format!("server URL `{url}` is not an absolute http(s) URL; the operation uses the client's server"),
                "give an absolute URL",
            );
            return None;
        }
        Some(url)
    }
}

/// The URL with every declared variable at its default, without a trailing slash.
pub(super) fn default_url(server: &openapiv3::Server) -> String {
    fill_url(
        &server.url,
        server
            .variables
            .iter()
            .flatten()
            .map(|(name, variable)| (name.as_str(), variable.default.as_str())),
    )
}

/// A `{variable}` of the URL that `variables` does not declare.
fn undeclared_variable(server: &openapiv3::Server) -> Option<&str> {
    let mut rest = server.url.as_str();
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after.find('}')?;
        let name = &after[..close];
        if !server
            .variables
            .as_ref()
            .is_some_and(|variables| variables.contains_key(name))
        {
            return Some(name);
        }
        rest = &after[close + 1..];
    }
    None
}

fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', ':']).next().unwrap_or(rest)
}
