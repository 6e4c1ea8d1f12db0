//! Emits the `Client` and, per operation, its request struct, its error enum and its method.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{append_paragraph, default_paragraph, doc_attrs, doc_text, inline};
use super::syntax::{list_attr, plain_ident, public, public_field, tuple_fields, wrapped_type};
use super::{allow_deprecated, deprecated_attr, ident, names_deprecated, rust_type};
use crate::model::{
    Api, Body, BodyEncoding, Decoding, FormFields, FormPart, ListStyle, Operation, Param,
    ParamLocation, PathPart, Presence, Response, StatusMatch, Struct, TypeKind, TypeRef,
};

/// The module's head: the `Server` enum, the security schemes and the `Client` struct.
pub fn head(api: &Api) -> TokenStream {
    let servers = super::servers::servers(api);
    let security_schemes = super::security::schemes(api);
    let client_doc = doc_text(&format!(
        "Client for {}. Cheap to clone: clones share one connection pool.",
        super::api_name(api)
    ));
    quote! {
        #servers
        #security_schemes

        #client_doc
        ///
        /// Settings apply to every call of the client they are made on; for one call, make
        /// them on a clone: `client.clone().with_timeout(Duration::from_secs(5))`.
        #[derive(Debug, Clone)]
        pub struct Client {
            core: crate::runtime::ClientCore,
        }
    }
}

/// The first items of `impl Client`: its constructors and settings. The operations' methods
/// follow them in the same block.
pub fn settings(api: &Api) -> TokenStream {
    let constructors = constructors(api);
    let setters = api
        .security_schemes
        .iter()
        .enumerate()
        .map(|(index, scheme)| super::security::setter(scheme, index));
    quote! {
        #constructors

        /// Sends `Authorization: Bearer <token>` wherever the API takes a bearer token: its
        /// HTTP bearer, OAuth 2.0 and OpenID Connect schemes, or every operation when the API
        /// declares no security. A scheme's own credentials take precedence.
        pub fn with_bearer_token(mut self, token: impl Into<crate::runtime::Secret>) -> Self {
            self.core.set_bearer_token(token.into());
            self
        }

        #(#setters)*

        /// Uses `http` for every request, with its proxies, TLS and connection settings.
        pub fn with_http_client(mut self, http: ::reqwest::Client) -> Self {
            self.core.set_http_client(http);
            self
        }

        /// Sends every request through `http` and its middleware (`reqwest-middleware`), to
        /// add headers, logging or custom behaviour around each attempt. Retries, timeouts
        /// and credentials stay this client's.
        pub fn with_middleware(mut self, http: crate::runtime::ClientWithMiddleware) -> Self {
            self.core.set_middleware_client(http);
            self
        }

        /// When to retry a failed attempt; see [`RetryPolicy`](crate::runtime::RetryPolicy).
        /// By default idempotent requests are retried up to three times.
        pub fn with_retry_policy(mut self, policy: crate::runtime::RetryPolicy) -> Self {
            self.core.set_retry_policy(policy);
            self
        }

        /// How long one attempt may take, from connecting to the last byte of the
        /// response; `None` waits as long as the server takes. The default is
        /// [`DEFAULT_TIMEOUT`](crate::runtime::DEFAULT_TIMEOUT), 60 seconds.
        pub fn with_timeout(mut self, timeout: impl Into<Option<::std::time::Duration>>) -> Self {
            self.core.set_timeout(timeout.into());
            self
        }

        /// The base URL every operation's path is appended to.
        pub fn base_url(&self) -> &str {
            self.core.base_url()
        }
    }
}

/// The method of each operation in `operations`.
pub fn methods(api: &Api, operations: &[Operation]) -> TokenStream {
    let methods = operations.iter().map(|operation| method(api, operation));
    methods.collect()
}

/// The request struct, the error enum and any success enum of each operation in
/// `operations`.
pub fn operation_types(api: &Api, operations: &[Operation]) -> Vec<syn::Item> {
    let mut items = Vec::new();
    for operation in operations {
        items.push(request_struct(api, operation));
        items.extend(success_enum(api, operation));
        items.push(error_enum(api, operation));
    }
    items
}

fn constructors(api: &Api) -> TokenStream {
    let with_base_url = quote! {
        /// A client for any base URL, such as a staging host, a proxy or a local mock server.
        /// It serves every operation, even one the API description sends to a server of its
        /// own.
        pub fn with_base_url(base_url: &str) -> Result<Self, crate::runtime::InvalidBaseUrl> {
            crate::runtime::ClientCore::new(base_url).map(|core| Self { core })
        }
    };
    let from_env = super::security::from_env(api);
    if api.servers.is_empty() {
        return quote!(#with_base_url #from_env);
    }
    let url = super::servers::url_str(api, quote!(server));
    quote! {
        /// A client for one of the API's servers.
        pub fn new(server: Server) -> Self {
            Self {
                core: crate::runtime::ClientCore::for_server(#url),
            }
        }

        #with_base_url
        #from_env
    }
}

fn success_type(api: &Api, operation: &Operation) -> TokenStream {
    if let Some(name) = &operation.success_enum {
        let name = ident(name);
        return quote!(#name);
    }
    match &operation.success_type {
        None => quote!(()),
        Some(ty) if operation.success_optional => {
            let ty = rust_type(api, ty, false);
            quote!(Option<#ty>)
        }
        Some(ty) => {
            let ty = rust_type(api, ty, false);
            quote!(#ty)
        }
    }
}

fn method(api: &Api, operation: &Operation) -> TokenStream {
    let name = ident(&operation.method_name);
    let request = ident(&operation.request_name);
    let error = ident(&operation.error_name);
    let success = success_type(api, operation);
    let mut docs = doc_attrs(&operation.docs);
    append_paragraph(
        &mut docs,
        &format!(
            "`{} {}`",
            operation.http_method.as_str(),
            operation.path_template
        ),
    );
    if operation.deprecated {
        append_paragraph(&mut docs, "**Deprecated** in the API description.");
    }
    let deprecated = operation.deprecated.then(deprecated_attr);
    let allow = allow_deprecated(method_names_deprecated(api, operation));
    let start = ident(&operation.http_method.as_str().to_ascii_lowercase());
    let operation_id = &operation.operation_id;
    let path_template = &operation.path_template;
    let security = match &operation.security {
        None => None,
        Some(alternatives) => {
            let alternatives = alternatives.iter().map(|schemes| {
                let schemes = schemes.iter().map(|index| {
                    let index = proc_macro2::Literal::usize_unsuffixed(*index);
                    quote!(&SECURITY_SCHEMES[#index])
                });
                quote!(&[#(#schemes),*])
            });
            Some(quote!(builder.security(const { &[#(#alternatives),*] });))
        }
    };
    let server = operation
        .server
        .as_ref()
        .map(|url| quote!(builder.server(#url);));
    // The runtime fills the template from the values in the order it names them; without
    // any `{` the template is the path already.
    let path = operation.path_template.contains('{').then(|| {
        let values = operation.path.iter().filter_map(|part| match part {
            PathPart::Literal(_) => None,
            PathPart::Param(index) => {
                let field = ident(&operation.params[*index].rust_name);
                Some(quote!(&request.#field))
            }
        });
        quote!(builder.path_params(&[#(#values),*]);)
    });
    let params = operation
        .params
        .iter()
        .filter(|param| param.location != ParamLocation::Path)
        .map(param_statement);
    let accept = operation
        .accept
        .as_ref()
        .map(|accept| quote!(builder.accept(#accept);));
    let body = operation.body.as_ref().map(body_statement);
    let arms = operation
        .responses
        .iter()
        .map(|response| response_arm(operation, response));
    let fallback = (!operation
        .responses
        .iter()
        .any(|response| response.status == StatusMatch::Default))
    .then(|| quote!(_ => response.unexpected(),));
    // An operation with nothing to send still takes its (empty) request, for a uniform API.
    let request_arg = if operation.params.is_empty() && operation.body.is_none() {
        quote!(_request)
    } else {
        quote!(request)
    };
    // `#[inline]`: a method is compiled in the crates that call it, so a user pays the code
    // generation of the operations they use rather than of all of them.
    quote! {
        #docs
        #deprecated
        #[inline]
        #allow
        pub fn #name(
            &self,
            #request_arg: &#request,
        ) -> crate::runtime::Call<'_, #success, #error> {
            let mut builder = self.core.#start(#operation_id, #path_template);
            #security
            #server
            #path
            #(#params)*
            #accept
            #body
            builder.call(|response| match response.status().as_u16() {
                #(#arms)*
                #fallback
            })
        }
    }
}

/// Whether a method's signature or body names a deprecated item: its success type, the field
/// of a deprecated parameter, or a deprecated field of the form it sends.
fn method_names_deprecated(api: &Api, operation: &Operation) -> bool {
    let success = operation.success_enum.is_none()
        && operation
            .success_type
            .as_ref()
            .is_some_and(|ty| names_deprecated(api, ty));
    let param = operation.params.iter().any(|param| param.deprecated);
    let form_field = operation.body.as_ref().is_some_and(|body| {
        matches!(
            body.encoding,
            BodyEncoding::Form(_) | BodyEncoding::Multipart(_)
        ) && struct_of(api, &body.ty)
            .is_some_and(|object| object.fields.iter().any(|field| field.deprecated))
    });
    success || param || form_field
}

/// The struct a type is, directly or through aliases.
fn struct_of<'a>(api: &'a Api, ty: &TypeRef) -> Option<&'a Struct> {
    let mut ty = ty;
    // Lowering broke alias cycles; the bound only keeps this loop finite regardless.
    for _ in 0..32 {
        let TypeRef::Named(id) = ty else {
            return None;
        };
        match &api.type_def(*id).kind {
            TypeKind::Struct(object) => return Some(object),
            TypeKind::Alias(next) => ty = next,
            _ => return None,
        }
    }
    None
}

fn body_statement(body: &Body) -> TokenStream {
    let media_type = &body.media_type;
    // `place` names the body value: `request.body`, or `body` when it is optional.
    let send = |place: TokenStream, value: TokenStream| match &body.encoding {
        BodyEncoding::Json => quote!(builder.json_body(#media_type, #value);),
        BodyEncoding::Text | BodyEncoding::Bytes => quote!(builder.raw_body(#media_type, #value);),
        BodyEncoding::Form(fields) => {
            let fields = form_fields(fields, &place);
            quote! {
                let mut form = crate::runtime::FormData::new();
                #fields
                builder.form_body(#media_type, &form);
            }
        }
        BodyEncoding::Multipart(fields) => {
            let fields = form_fields(fields, &place);
            quote! {
                let mut form = crate::runtime::FormData::new();
                #fields
                builder.multipart_body(&form);
            }
        }
    };
    if body.required {
        let send = send(quote!(request.body), quote!(&request.body));
        match body.encoding {
            BodyEncoding::Form(_) | BodyEncoding::Multipart(_) => quote!({ #send }),
            _ => send,
        }
    } else {
        let send = send(quote!(body), quote!(body));
        quote!(if let Some(body) = &request.body { #send })
    }
}

/// The statements that fill `form` from the fields of the struct at `place`.
fn form_fields(fields: &FormFields, place: &TokenStream) -> TokenStream {
    let statements = fields.fields.iter().map(|field| {
        let wire = &field.wire_name;
        let rust = ident(&field.rust_name);
        let value = quote!(&#place.#rust);
        let content_type = field.content_type.as_deref();
        match field.presence {
            Presence::Required => form_add(field.part, content_type, quote!(#wire), value),
            Presence::RequiredNullable | Presence::Optional => {
                let add = form_add(field.part, content_type, quote!(#wire), quote!(value));
                quote!(if let Some(value) = #value { #add })
            }
            Presence::OptionalNullable => {
                let add = form_add(field.part, content_type, quote!(#wire), quote!(value));
                quote!(if let crate::runtime::Nullable::Value(value) = #value { #add })
            }
        }
    });
    let additional = fields.additional.as_ref().map(|(rust_name, part)| {
        let rust = ident(rust_name);
        let add = form_add(*part, None, quote!(name), quote!(value));
        quote!(for (name, value) in &#place.#rust { #add })
    });
    quote!(#(#statements)* #additional)
}

/// The statement that adds one value to `form`, as parts of `content_type` when the spec
/// declares one.
fn form_add(
    part: FormPart,
    content_type: Option<&str>,
    name: TokenStream,
    value: TokenStream,
) -> TokenStream {
    let form = match content_type {
        Some(content_type) => quote!(form.with_content_type(#content_type)),
        None => quote!(form),
    };
    match part {
        FormPart::Text => quote!(#form.text(#name, #value);),
        FormPart::TextList(ListStyle::FormExploded) => quote!(#form.text_list(#name, #value);),
        FormPart::TextList(style) => {
            let style = match style {
                ListStyle::FormExploded => quote!(FormExploded),
                ListStyle::Form => quote!(Form),
                ListStyle::SpaceDelimited => quote!(SpaceDelimited),
                ListStyle::PipeDelimited => quote!(PipeDelimited),
            };
            quote!(#form.styled_list(#name, #value, crate::runtime::ListStyle::#style);)
        }
        FormPart::File => quote!(#form.file(#name, #value);),
        FormPart::FileList => quote!(#form.files(#name, #value);),
        FormPart::Json => quote!(builder.check(#form.json(#name, #value));),
        FormPart::DeepObject => quote!(builder.check(#form.deep_object(#name, #value));),
    }
}

fn param_statement(param: &Param) -> TokenStream {
    let wire = &param.wire_name;
    let field = ident(&param.rust_name);
    let send = |value: TokenStream| match (param.location, &param.ty) {
        (ParamLocation::Query(style), TypeRef::Array(_)) => {
            let style = match style {
                ListStyle::FormExploded => quote!(FormExploded),
                ListStyle::Form => quote!(Form),
                ListStyle::SpaceDelimited => quote!(SpaceDelimited),
                ListStyle::PipeDelimited => quote!(PipeDelimited),
            };
            quote!(builder.query_list(#wire, #value, crate::runtime::ListStyle::#style);)
        }
        (ParamLocation::Query(_), _) => quote!(builder.query(#wire, #value);),
        (ParamLocation::Header, _) => {
            let header = param.wire_name.to_ascii_lowercase();
            quote!(builder.header(#header, #value);)
        }
        (ParamLocation::Path, _) => quote!(builder.path_param(#wire, #value);),
        (ParamLocation::DeepObject, _) => quote!(builder.query_object(#wire, #value);),
        (ParamLocation::Cookie, TypeRef::Array(_)) => quote!(builder.cookie_list(#wire, #value);),
        (ParamLocation::Cookie, _) => quote!(builder.cookie(#wire, #value);),
    };
    if param.required {
        send(quote!(&request.#field))
    } else {
        let send = send(quote!(value));
        quote!(if let Some(value) = &request.#field { #send })
    }
}

fn response_arm(operation: &Operation, response: &Response) -> TokenStream {
    let pattern = match response.status {
        StatusMatch::Code(code) => {
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        StatusMatch::Range(class) => {
            let low = proc_macro2::Literal::u16_unsuffixed(class * 100);
            let high = proc_macro2::Literal::u16_unsuffixed(class * 100 + 99);
            // After codes of its class the range is a guard: a code arm overlapping a range
            // pattern is a clippy warning.
            let overlaps = operation.responses.iter().any(
                |other| matches!(other.status, StatusMatch::Code(code) if code / 100 == class),
            );
            if overlaps {
                quote!(status if (#low..=#high).contains(&status))
            } else {
                quote!(#low..=#high)
            }
        }
        StatusMatch::Default => quote!(_),
    };
    let decoding = response.content.as_ref().map(|content| content.decoding);
    let handler = if response.is_success
        && let Some(success) = &operation.success_enum
    {
        let success = ident(success);
        let variant = ident(&response.variant);
        match decoding {
            Some(Decoding::Json) => quote!(response.json().map(#success::#variant)),
            Some(Decoding::Text) => quote!(response.text().map(#success::#variant)),
            Some(Decoding::Bytes) => quote!(response.bytes().map(#success::#variant)),
            None => quote!(response.empty().map(|()| #success::#variant)),
        }
    } else if response.is_success {
        let decoded = match decoding {
            Some(Decoding::Json) => quote!(response.json()),
            Some(Decoding::Text) => quote!(response.text()),
            Some(Decoding::Bytes) => quote!(response.bytes()),
            None if operation.success_optional => {
                quote!(response.empty().map(|()| None))
            }
            None => quote!(response.empty()),
        };
        if operation.success_optional && decoding.is_some() {
            quote!(#decoded.map(Some))
        } else {
            decoded
        }
    } else {
        let error = ident(&operation.error_name);
        let variant = ident(&response.variant);
        match decoding {
            Some(Decoding::Json) => quote!(response.json_error(#error::#variant)),
            Some(Decoding::Text) => quote!(response.text_error(#error::#variant)),
            Some(Decoding::Bytes) => quote!(response.bytes_error(#error::#variant)),
            None => quote!(response.documented_error(#error::#variant)),
        }
    };
    quote!(#pattern => #handler,)
}

fn request_struct(api: &Api, operation: &Operation) -> syn::Item {
    let name = ident(&operation.request_name);
    let docs = doc_text(&format!(
        "The request of [`Client::{}`]: its parameters and body.",
        operation.method_name.trim_start_matches("r#")
    ));
    let all_optional = operation.params.iter().all(|param| !param.required)
        && operation.body.as_ref().is_none_or(|body| !body.required);
    let default = all_optional.then(|| quote!(Default,));
    let mut attrs = docs.attributes();
    attrs.push(list_attr(
        "derive",
        quote!(Debug, Clone, PartialEq, #default),
    ));
    let params = operation.params.iter().map(|param| {
        let mut docs = doc_attrs(&param.docs);
        let place = match param.location {
            ParamLocation::Path => "path parameter",
            ParamLocation::Query(_) => "query parameter",
            ParamLocation::Header => "header",
            ParamLocation::DeepObject => "`deepObject` query parameter",
            ParamLocation::Cookie => "cookie",
        };
        append_paragraph(
            &mut docs,
            &format!("Sent as {place} `{}`.", param.wire_name),
        );
        if let Some(default) = &param.default {
            append_paragraph(&mut docs, &default_paragraph(default));
        }
        if param.deprecated {
            append_paragraph(&mut docs, "**Deprecated** in the API description.");
        }
        let mut attrs = docs.attributes();
        attrs.extend(param.deprecated.then(deprecated_attr));
        attrs.extend(allow_deprecated(names_deprecated(api, &param.ty)));
        let ty = rust_type(api, &param.ty, false);
        let ty = if param.required {
            ty
        } else {
            wrapped_type("Option", ty)
        };
        public_field(attrs, ident(&param.rust_name), ty)
    });
    let body = operation.body.as_ref().map(|body| {
        let mut docs = doc_attrs(&body.docs);
        append_paragraph(
            &mut docs,
            &format!("The request body, sent as `{}`.", body.media_type),
        );
        let mut attrs = docs.attributes();
        attrs.extend(allow_deprecated(names_deprecated(api, &body.ty)));
        let ty = rust_type(api, &body.ty, false);
        let ty = if body.required {
            ty
        } else {
            wrapped_type("Option", ty)
        };
        public_field(attrs, plain_ident("body"), ty)
    });
    syn::Item::Struct(syn::ItemStruct {
        attrs,
        vis: public(),
        struct_token: syn::token::Struct::default(),
        ident: name,
        generics: syn::Generics::default(),
        fields: syn::Fields::Named(syn::FieldsNamed {
            brace_token: syn::token::Brace::default(),
            named: params.chain(body).collect(),
        }),
        semi_token: None,
    })
}

fn error_enum(api: &Api, operation: &Operation) -> syn::Item {
    let docs = format!(
        "The error responses [`Client::{}`] documents, each with its decoded body.",
        operation.method_name.trim_start_matches("r#")
    );
    response_enum(api, &operation.error_name, &docs, operation.errors())
}

/// The enum of success responses, for an operation whose successes have different bodies.
fn success_enum(api: &Api, operation: &Operation) -> Option<syn::Item> {
    let name = operation.success_enum.as_ref()?;
    let docs = format!(
        "The success responses [`Client::{}`] documents, each with its decoded body.",
        operation.method_name.trim_start_matches("r#")
    );
    let successes = operation
        .responses
        .iter()
        .filter(|response| response.is_success);
    Some(response_enum(api, name, &docs, successes))
}

fn response_enum<'a>(
    api: &Api,
    name: &str,
    docs: &str,
    responses: impl Iterator<Item = &'a Response>,
) -> syn::Item {
    let mut attrs = doc_text(docs).attributes();
    attrs.push(list_attr("derive", quote!(Debug, Clone, PartialEq)));
    let variants = responses.map(|response| {
        let status = match response.status {
            StatusMatch::Code(code) => format!("Status {code}"),
            StatusMatch::Range(class) => format!("Any {class}XX status"),
            StatusMatch::Default => "Any status the operation does not list".to_owned(),
        };
        let text = match response.docs.description.as_deref() {
            Some(description) => format!("{status}: {}", inline(description)),
            None => format!("{status}."),
        };
        let mut attrs = doc_text(&text).attributes();
        let fields = match &response.content {
            Some(content) => {
                attrs.extend(allow_deprecated(names_deprecated(api, &content.ty)));
                tuple_fields(rust_type(api, &content.ty, false))
            }
            None => syn::Fields::Unit,
        };
        syn::Variant {
            attrs,
            ident: ident(&response.variant),
            fields,
            discriminant: None,
        }
    });
    syn::Item::Enum(syn::ItemEnum {
        attrs,
        vis: public(),
        enum_token: syn::token::Enum::default(),
        ident: ident(name),
        generics: syn::Generics::default(),
        brace_token: syn::token::Brace::default(),
        variants: variants.collect(),
    })
}
