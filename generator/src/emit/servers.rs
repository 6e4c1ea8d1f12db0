//! Emits the `Server` enum: a variant per server of the API description, with its URL
//! variables as fields, and an enum per variable that lists its values.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_text, inline};
use super::ident;
use crate::model::{Api, Server, ServerVariable, VariableChoices};

/// `expr.url()` for a `Server` value `expr`, as a `&str`: `url` returns a `&'static str`,
/// or a `String` when some server has variables.
pub fn url_str(api: &Api, server: TokenStream) -> TokenStream {
    if has_variables(api) {
        quote!(&#server.url())
    } else {
        quote!(#server.url())
    }
}

fn has_variables(api: &Api) -> bool {
    api.servers
        .iter()
        .any(|server| !server.variables.is_empty())
}

pub fn servers(api: &Api) -> TokenStream {
    if api.servers.is_empty() {
        return TokenStream::new();
    }
    let has_variables = has_variables(api);
    let variants = api
        .servers
        .iter()
        .enumerate()
        .map(|(index, server)| variant(server, index == 0 && !has_variables));
    if !has_variables {
        let count = proc_macro2::Literal::usize_unsuffixed(api.servers.len());
        let all = api.servers.iter().map(|server| {
            let name = ident(&server.variant);
            quote!(Self::#name)
        });
        let urls = api.servers.iter().map(|server| {
            let name = ident(&server.variant);
            let url = &server.url;
            quote!(Self::#name => #url,)
        });
        return quote! {
            /// The servers the API description lists; the first is the default.
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
            pub enum Server {
                #(#variants)*
            }

            impl Server {
                /// Every server, the default first.
                pub const ALL: [Server; #count] = [#(#all),*];

                /// The server's base URL.
                pub fn url(self) -> &'static str {
                    match self {
                        #(#urls)*
                    }
                }
            }
        };
    }
    let default = default_value(&api.servers[0]);
    let urls = api.servers.iter().map(|server| {
        let name = ident(&server.variant);
        let url = &server.url;
        if server.variables.is_empty() {
            return quote!(Self::#name => #url.to_owned(),);
        }
        let fields = server
            .variables
            .iter()
            .map(|variable| ident(&variable.rust_name));
        let values = server.variables.iter().map(|variable| {
            let wire = &variable.wire_name;
            let field = ident(&variable.rust_name);
            quote!((#wire, #field.as_str()))
        });
        quote!(Self::#name { #(#fields),* } => crate::runtime::server_url(#url, &[#(#values),*]),)
    });
    let variable_types = api
        .servers
        .iter()
        .flat_map(|server| &server.variables)
        .filter_map(|variable| Some(choices_enum(variable, variable.choices.as_ref()?)));
    quote! {
        /// The servers the API description lists; the first, with its variables at their
        /// defaults, is the default.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum Server {
            #(#variants)*
        }

        impl Default for Server {
            fn default() -> Self {
                #default
            }
        }

        impl Server {
            /// The server's base URL, its variables filled in.
            pub fn url(&self) -> String {
                match self {
                    #(#urls)*
                }
            }
        }

        #(#variable_types)*
    }
}

fn variant(server: &Server, derive_default: bool) -> TokenStream {
    let name = ident(&server.variant);
    let mut text = format!("`{}`", server.url);
    if let Some(description) = &server.description {
        text = format!("{}: {text}", inline(description));
    }
    let docs = doc_text(&text);
    if server.variables.is_empty() {
        let default = derive_default.then(|| quote!(#[default]));
        return quote!(#docs #default #name,);
    }
    let fields = server.variables.iter().map(|variable| {
        let field = ident(&variable.rust_name);
        let mut text = variable
            .description
            .as_deref()
            .map(|description| format!("{} ", inline(description)))
            .unwrap_or_default();
        text.push_str(&format!(
            "The URL's `{{{}}}`; by default `{}`.",
            variable.wire_name, variable.default
        ));
        let docs = doc_text(&text);
        let ty = match &variable.choices {
            Some(choices) => {
                let ty = ident(&choices.type_name);
                quote!(#ty)
            }
            None => quote!(String),
        };
        quote!(#docs #field: #ty,)
    });
    quote!(#docs #name { #(#fields)* },)
}

/// The server with its variables at their defaults, as an expression.
fn default_value(server: &Server) -> TokenStream {
    let name = ident(&server.variant);
    if server.variables.is_empty() {
        return quote!(Self::#name);
    }
    let fields = server.variables.iter().map(|variable| {
        let field = ident(&variable.rust_name);
        match &variable.choices {
            Some(choices) => {
                let ty = ident(&choices.type_name);
                let variant = choices
                    .variants
                    .get(choices.default)
                    .map(|variant| ident(&variant.rust_name));
                quote!(#field: #ty::#variant)
            }
            None => {
                let default = &variable.default;
                quote!(#field: #default.to_owned())
            }
        }
    });
    quote!(Self::#name { #(#fields),* })
}

fn choices_enum(variable: &ServerVariable, choices: &VariableChoices) -> TokenStream {
    let name = ident(&choices.type_name);
    let docs = doc_text(&format!(
        "The values of server variable `{}`.",
        variable.wire_name
    ));
    let variants = choices.variants.iter().enumerate().map(|(index, variant)| {
        let docs = doc_text(&format!("`{}`", variant.wire_name));
        let default = (index == choices.default).then(|| quote!(#[default]));
        let variant = ident(&variant.rust_name);
        quote!(#docs #default #variant,)
    });
    let arms = choices.variants.iter().map(|variant| {
        let wire = &variant.wire_name;
        let variant = ident(&variant.rust_name);
        quote!(Self::#variant => #wire,)
    });
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The value as it goes into the URL.
            pub fn as_str(self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}
