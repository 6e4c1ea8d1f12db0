//! Emits the `Client` and, per operation, its request struct, its error enum and its method.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;
use syn::{Expr, GenericArgument, Pat, Type, token};

use super::docs::{append_paragraph, default_paragraph, doc_lines, doc_text, inline};
use super::syntax::{
    arm, array, binding, block, closed_range, closure, field, idents_path, if_let_some,
    let_statement, list_attr, match_expr, method_call, mut_binding, name_expr, named_type,
    parenthesized, parse_statements, path, path_expr, path_type, plain_ident, public, public_enum,
    public_field, public_struct, reference, reference_type, statement, str_expr, tuple_fields,
    unit_pat, unit_type, unsigned_literal, wild, with_arguments, word_attr, wrapped_type,
};
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

/// The method of each operation in `operations`.
pub fn methods(api: &Api, operations: &[Operation]) -> syn::Result<Vec<syn::ImplItem>> {
    operations
        .iter()
        .map(|operation| method(api, operation).map(syn::ImplItem::Fn))
        .collect()
}

/// What the method's call resolves to on success.
fn success_type(api: &Api, operation: &Operation) -> Type {
    if let Some(name) = &operation.success_enum {
        return named_type(ident(name));
    }
    match &operation.success_type {
        None => unit_type(),
        Some(ty) if operation.success_optional => wrapped_type("Option", rust_type(api, ty, false)),
        Some(ty) => rust_type(api, ty, false),
    }
}

/// The method of one operation: it starts the request, adds the parameters and the body, and
/// decodes the response by its status.
fn method(api: &Api, operation: &Operation) -> syn::Result<syn::ImplItemFn> {
    let mut docs = doc_lines(&operation.docs);
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
    let mut attrs = docs.attributes();
    attrs.extend(operation.deprecated.then(deprecated_attr));
    // `#[inline]`: a method is compiled in the crates that call it, so a user pays the code
    // generation of the operations they use rather than of all of them.
    attrs.push(word_attr("inline"));
    attrs.extend(allow_deprecated(method_names_deprecated(api, operation)));

    let start = method_call(
        field(name_expr("self"), plain_ident("core")),
        plain_ident(&operation.http_method.as_str().to_ascii_lowercase()),
        [
            str_expr(&operation.operation_id),
            str_expr(&operation.path_template),
        ],
    );
    let mut statements = vec![let_statement(mut_binding("builder"), start)];
    if let Some(alternatives) = &operation.security {
        let alternatives = alternatives.iter().map(|schemes| {
            let schemes = schemes.iter().map(|index| {
                let index = Literal::usize_unsuffixed(*index);
                quote!(&SECURITY_SCHEMES[#index])
            });
            quote!(&[#(#schemes),*])
        });
        statements.extend(parse_statements(
            quote!(builder.security(const { &[#(#alternatives),*] });),
        )?);
    }
    if let Some(url) = &operation.server {
        statements.push(builder_call("server", [str_expr(url)]));
    }
    // The runtime fills the template from the values in the order it names them; without
    // any `{` the template is the path already.
    if operation.path_template.contains('{') {
        let values = operation.path.iter().filter_map(|part| match part {
            PathPart::Literal(_) => None,
            PathPart::Param(index) => {
                Some(request_field(ident(&operation.params[*index].rust_name)))
            }
        });
        statements.push(builder_call("path_params", [reference(array(values))]));
    }
    statements.extend(
        operation
            .params
            .iter()
            .filter(|param| param.location != ParamLocation::Path)
            .map(param_statement),
    );
    if let Some(accept) = &operation.accept {
        statements.push(builder_call("accept", [str_expr(accept)]));
    }
    if let Some(body) = &operation.body {
        statements.extend(body_statements(body)?);
    }
    let mut arms: Vec<syn::Arm> = operation
        .responses
        .iter()
        .map(|response| response_arm(operation, response))
        .collect();
    if !operation
        .responses
        .iter()
        .any(|response| response.status == StatusMatch::Default)
    {
        arms.push(arm(wild(), response_call("unexpected", [])));
    }
    let status = method_call(response_call("status", []), plain_ident("as_u16"), []);
    let dispatch = closure(binding("response"), match_expr(status, arms));
    statements.push(syn::Stmt::Expr(
        method_call(name_expr("builder"), plain_ident("call"), [dispatch]),
        None,
    ));
    Ok(syn::ImplItemFn {
        attrs,
        vis: public(),
        modifiers: syn::FnModifiers::default(),
        sig: signature(api, operation),
        block: block(statements),
    })
}

/// `fn name(&self, request: &Request) -> crate::runtime::Call<'_, Success, Error>`.
fn signature(api: &Api, operation: &Operation) -> syn::Signature {
    // An operation with nothing to send still takes its (empty) request, for a uniform API.
    let request_arg = if operation.params.is_empty() && operation.body.is_none() {
        "_request"
    } else {
        "request"
    };
    let receiver = syn::FnArg::Receiver(syn::Receiver {
        attrs: Vec::new(),
        mutability: None,
        self_token: token::SelfValue::default(),
        kind: syn::ReceiverKind::Reference(token::And::default(), None, None),
    });
    let request = syn::FnArg::Typed(syn::PatType {
        attrs: Vec::new(),
        pat: Box::new(binding(request_arg)),
        colon_token: token::Colon::default(),
        ty: Box::new(reference_type(named_type(ident(&operation.request_name)))),
    });
    let call_type = with_arguments(
        path(&["crate", "runtime", "Call"]),
        [
            GenericArgument::Lifetime(syn::Lifetime::new("'_", Span::call_site())),
            GenericArgument::Type(success_type(api, operation)),
            GenericArgument::Type(named_type(ident(&operation.error_name))),
        ],
    );
    syn::Signature {
        constness: None,
        asyncness: None,
        safety: syn::Safety::Default,
        abi: None,
        fn_token: token::Fn::default(),
        ident: ident(&operation.method_name),
        generics: syn::Generics::default(),
        paren_token: token::Paren::default(),
        inputs: [receiver, request].into_iter().collect(),
        variadic: None,
        output: syn::ReturnType::Type(token::RArrow::default(), Box::new(path_type(call_type))),
    }
}

/// `&request.field`.
fn request_field(field_name: Ident) -> Expr {
    reference(field(name_expr("request"), field_name))
}

/// `builder.method(arguments);`.
fn builder_call(method: &str, arguments: impl IntoIterator<Item = Expr>) -> syn::Stmt {
    statement(method_call(
        name_expr("builder"),
        plain_ident(method),
        arguments,
    ))
}

/// `response.method(arguments)`.
fn response_call(method: &str, arguments: impl IntoIterator<Item = Expr>) -> Expr {
    method_call(name_expr("response"), plain_ident(method), arguments)
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

/// The statements that send the request body.
fn body_statements(body: &Body) -> syn::Result<Vec<syn::Stmt>> {
    let media_type = &body.media_type;
    let method = match &body.encoding {
        BodyEncoding::Json => "json_body",
        BodyEncoding::Text | BodyEncoding::Bytes => "raw_body",
        BodyEncoding::Form(fields) => {
            let send = quote!(builder.form_body(#media_type, &form););
            return parse_statements(form_body(body, fields, send));
        }
        BodyEncoding::Multipart(fields) => {
            let send = quote!(builder.multipart_body(&form););
            return parse_statements(form_body(body, fields, send));
        }
    };
    let send = |value| builder_call(method, [str_expr(media_type), value]);
    let value = request_field(plain_ident("body"));
    Ok(vec![if body.required {
        send(value)
    } else {
        if_let_some("body", value, vec![send(name_expr("body"))])
    }])
}

/// The statements that fill a form or multipart body from `fields` and send it with `send`:
/// rarer than JSON, so written as tokens.
fn form_body(body: &Body, fields: &FormFields, send: TokenStream) -> TokenStream {
    // `place` names the body value: `request.body`, or `body` when it is optional.
    let send = |place: TokenStream| {
        let fields = form_fields(fields, &place);
        quote! {
            let mut form = crate::runtime::FormData::new();
            #fields
            #send
        }
    };
    if body.required {
        let send = send(quote!(request.body));
        quote!({ #send })
    } else {
        let send = send(quote!(body));
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
            let style = list_style(style);
            quote!(#form.styled_list(#name, #value, crate::runtime::ListStyle::#style);)
        }
        FormPart::File => quote!(#form.file(#name, #value);),
        FormPart::FileList => quote!(#form.files(#name, #value);),
        FormPart::Json => quote!(builder.check(#form.json(#name, #value));),
        FormPart::DeepObject => quote!(builder.check(#form.deep_object(#name, #value));),
    }
}

/// The name of a list style in the runtime's `ListStyle`.
fn list_style(style: ListStyle) -> Ident {
    plain_ident(match style {
        ListStyle::FormExploded => "FormExploded",
        ListStyle::Form => "Form",
        ListStyle::SpaceDelimited => "SpaceDelimited",
        ListStyle::PipeDelimited => "PipeDelimited",
    })
}

/// The statement that sends one parameter; an optional one only when it is set.
fn param_statement(param: &Param) -> syn::Stmt {
    let wire = || str_expr(&param.wire_name);
    let send = |value: Expr| match (param.location, &param.ty) {
        (ParamLocation::Query(style), TypeRef::Array(_)) => {
            let mut style_path = path(&["crate", "runtime", "ListStyle"]);
            style_path.segments.push(list_style(style).into());
            builder_call("query_list", [wire(), value, path_expr(style_path)])
        }
        (ParamLocation::Query(_), _) => builder_call("query", [wire(), value]),
        (ParamLocation::Header, _) => builder_call(
            "header",
            [str_expr(&param.wire_name.to_ascii_lowercase()), value],
        ),
        (ParamLocation::Path, _) => builder_call("path_param", [wire(), value]),
        (ParamLocation::DeepObject, _) => builder_call("query_object", [wire(), value]),
        (ParamLocation::Cookie, TypeRef::Array(_)) => builder_call("cookie_list", [wire(), value]),
        (ParamLocation::Cookie, _) => builder_call("cookie", [wire(), value]),
    };
    let value = request_field(ident(&param.rust_name));
    if param.required {
        send(value)
    } else {
        if_let_some("value", value, vec![send(name_expr("value"))])
    }
}

/// The arm of the status `match` that decodes one documented response.
fn response_arm(operation: &Operation, response: &Response) -> syn::Arm {
    let status = |code: u16| Expr::Lit(unsigned_literal(code.into()));
    let pattern = match response.status {
        StatusMatch::Code(code) => Pat::Lit(unsigned_literal(code.into())),
        StatusMatch::Range(class) => {
            let range = closed_range(status(class * 100), status(class * 100 + 99));
            // After codes of its class the range is a guard: a code arm overlapping a range
            // pattern is a clippy warning.
            let overlaps = operation.responses.iter().any(
                |other| matches!(other.status, StatusMatch::Code(code) if code / 100 == class),
            );
            if overlaps {
                let contains = method_call(
                    parenthesized(Expr::Range(range)),
                    plain_ident("contains"),
                    [reference(name_expr("status"))],
                );
                Pat::Guard(syn::PatGuard {
                    attrs: Vec::new(),
                    pat: Box::new(binding("status")),
                    if_token: token::If::default(),
                    guard: Box::new(contains),
                })
            } else {
                Pat::Range(range)
            }
        }
        StatusMatch::Default => wild(),
    };
    let decoding = response.content.as_ref().map(|content| content.decoding);
    let decode = |method: &str| response_call(method, []);
    let map = |value: Expr, function: Expr| method_call(value, plain_ident("map"), [function]);
    let handler = if response.is_success
        && let Some(success) = &operation.success_enum
    {
        let variant = path_expr(idents_path([ident(success), ident(&response.variant)]));
        match decoding {
            Some(Decoding::Json) => map(decode("json"), variant),
            Some(Decoding::Text) => map(decode("text"), variant),
            Some(Decoding::Bytes) => map(decode("bytes"), variant),
            None => map(decode("empty"), closure(unit_pat(), variant)),
        }
    } else if response.is_success {
        let decoded = match decoding {
            Some(Decoding::Json) => decode("json"),
            Some(Decoding::Text) => decode("text"),
            Some(Decoding::Bytes) => decode("bytes"),
            None if operation.success_optional => {
                map(decode("empty"), closure(unit_pat(), name_expr("None")))
            }
            None => decode("empty"),
        };
        if operation.success_optional && decoding.is_some() {
            map(decoded, name_expr("Some"))
        } else {
            decoded
        }
    } else {
        let variant = path_expr(idents_path([
            ident(&operation.error_name),
            ident(&response.variant),
        ]));
        let method = match decoding {
            Some(Decoding::Json) => "json_error",
            Some(Decoding::Text) => "text_error",
            Some(Decoding::Bytes) => "bytes_error",
            None => "documented_error",
        };
        response_call(method, [variant])
    };
    arm(pattern, handler)
}

/// The struct of an operation's parameters and body.
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
        let mut docs = doc_lines(&param.docs);
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
        let mut docs = doc_lines(&body.docs);
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
    public_struct(attrs, name, params.chain(body))
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
    public_enum(attrs, ident(name), variants)
}
