//! Emits the security schemes as runtime descriptions, the `Client` method that sets each
//! one's credentials, and `Client::from_env`, which reads them from the environment.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_text, inline};
use super::ident;
use crate::model::{Api, ApiKeyLocation, SchemeKind, SecurityScheme};

/// `static SECURITY_SCHEMES`, which operations' security requirements point into.
pub fn schemes(api: &Api) -> TokenStream {
    if api.security_schemes.is_empty() {
        return TokenStream::new();
    }
    let count = proc_macro2::Literal::usize_unsuffixed(api.security_schemes.len());
    let schemes = api.security_schemes.iter().map(|scheme| {
        let name = &scheme.name;
        let env = &scheme.env;
        let kind = match &scheme.kind {
            SchemeKind::Bearer => quote!(Bearer),
            SchemeKind::Basic => quote!(Basic),
            SchemeKind::ApiKey { location, name } => {
                let location = match location {
                    ApiKeyLocation::Header => quote!(Header),
                    ApiKeyLocation::Query => quote!(Query),
                    ApiKeyLocation::Cookie => quote!(Cookie),
                };
                quote!(ApiKey { location: crate::runtime::ApiKeyLocation::#location, name: #name })
            }
            SchemeKind::OAuth2 { client_credentials } => {
                let token_url = match client_credentials {
                    Some(endpoint) => {
                        let url = &endpoint.url;
                        quote!(Some(#url))
                    }
                    None => quote!(None),
                };
                let parameters = client_credentials
                    .iter()
                    .flat_map(|endpoint| &endpoint.parameters)
                    .map(|(name, value)| quote!((#name, #value)));
                quote!(OAuth2 { token_url: #token_url, token_parameters: &[#(#parameters),*] })
            }
        };
        quote! {
            crate::runtime::SecurityScheme {
                name: #name,
                env: #env,
                kind: crate::runtime::SchemeKind::#kind,
            },
        }
    });
    quote! {
        /// The API description's security schemes, which operations refer to.
        static SECURITY_SCHEMES: [crate::runtime::SecurityScheme; #count] = [#(#schemes)*];
    }
}

/// The `Client` method that sets the credentials of the scheme at `index`.
pub fn setter(scheme: &SecurityScheme, index: usize) -> TokenStream {
    let setter = ident(&scheme.setter);
    let index = proc_macro2::Literal::usize_unsuffixed(index);
    let mut text = format!("Sets the credentials of security scheme `{}`", scheme.name);
    match &scheme.description {
        Some(description) => text.push_str(&format!(": {}", inline(description))),
        None => text.push('.'),
    }
    let (how, parameters, body) = match &scheme.kind {
        SchemeKind::Bearer
        | SchemeKind::OAuth2 {
            client_credentials: None,
        } => (
            "Sent as `Authorization: Bearer <token>`.".to_owned(),
            quote!(token: impl Into<crate::runtime::Secret>),
            quote!(self.core.set_token(&SECURITY_SCHEMES[#index], token.into());),
        ),
        SchemeKind::Basic => (
            "Sent as `Authorization: Basic`.".to_owned(),
            quote!(username: impl Into<String>, password: impl Into<crate::runtime::Secret>),
            quote!(self.core.set_basic(&SECURITY_SCHEMES[#index], username.into(), password.into());),
        ),
        SchemeKind::ApiKey { location, name } => {
            let place = match location {
                ApiKeyLocation::Header => "header",
                ApiKeyLocation::Query => "query parameter",
                ApiKeyLocation::Cookie => "cookie",
            };
            (
                format!("Sent as {place} `{name}`."),
                quote!(key: impl Into<crate::runtime::Secret>),
                quote!(self.core.set_api_key(&SECURITY_SCHEMES[#index], key.into());),
            )
        }
        SchemeKind::OAuth2 {
            client_credentials: Some(endpoint),
        } => (
            format!(
                "The client exchanges them for an access token at `{}` (the OAuth 2.0 client credentials grant), keeps it until shortly before it expires, and sends it as `Authorization: Bearer`.",
                endpoint.url
            ),
            quote!(credentials: crate::runtime::ClientCredentials),
            quote!(self.core.set_client_credentials(&SECURITY_SCHEMES[#index], credentials);),
        ),
    };
    let docs = doc_text(&format!(
        "{text}\n\n{how} [`Client::from_env`] reads {}.",
        env_variables(scheme)
    ));
    quote! {
        #docs
        pub fn #setter(mut self, #parameters) -> Self {
            #body
            self
        }
    }
}

/// `Client::from_env`, documented with the variables it reads.
pub fn from_env(api: &Api) -> TokenStream {
    let base_url_variable = format!("{}_BASE_URL", api.env_prefix);
    let mut variables = vec![format!(
        "`{base_url_variable}`: the base URL{}",
        if api.servers.is_empty() {
            ""
        } else {
            "; without it, the default server"
        }
    )];
    for scheme in &api.security_schemes {
        variables.push(format!(
            "{}: the credentials of security scheme `{}`",
            env_variables(scheme),
            scheme.name
        ));
    }
    let list: String = variables.iter().map(|line| format!("\n- {line}")).collect();
    let failure = if api.servers.is_empty() {
        "holds an invalid URL, or is missing, since the API description names no server"
    } else {
        "holds an invalid URL"
    };
    let docs = doc_text(&format!(
        "A client configured from environment variables, each read when it is set and not empty:\n{list}\n\nFails only when the base URL variable {failure}."
    ));
    let default_url = if api.servers.is_empty() {
        quote!(None)
    } else {
        let url = super::servers::url_str(api, quote!(Server::default()));
        quote!(Some(#url))
    };
    let schemes = if api.security_schemes.is_empty() {
        quote!(&[])
    } else {
        quote!(&SECURITY_SCHEMES)
    };
    quote! {
        #docs
        pub fn from_env() -> Result<Self, crate::runtime::InvalidBaseUrl> {
            crate::runtime::ClientCore::from_env(#base_url_variable, #default_url, #schemes)
                .map(|core| Self { core })
        }
    }
}

/// The environment variables `Client::from_env` reads for `scheme`, as the runtime's
/// `Credential::from_env` names them.
fn env_variables(scheme: &SecurityScheme) -> String {
    let env = &scheme.env;
    match &scheme.kind {
        SchemeKind::Bearer
        | SchemeKind::OAuth2 {
            client_credentials: None,
        } => format!("`{env}_TOKEN`"),
        SchemeKind::Basic => format!("`{env}_USERNAME` and `{env}_PASSWORD`"),
        SchemeKind::ApiKey { .. } => format!("`{env}_KEY`"),
        SchemeKind::OAuth2 {
            client_credentials: Some(_),
        } => format!("`{env}_CLIENT_ID` and `{env}_CLIENT_SECRET`, or `{env}_TOKEN`"),
    }
}
