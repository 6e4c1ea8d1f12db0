//! Lowering of operations: a request struct, a client method and a typed set of responses each.

use std::borrow::Cow;
use std::collections::HashMap;

use indexmap::IndexMap;
use openapiv3::{
    Components, Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr, RequestBody,
    SchemaKind, SecurityScheme as SpecSecurityScheme, StatusCode, Type,
};
use serde::de::DeserializeOwned;

use super::form::FormEncoding;
use super::ident::{self, Scope};
use super::{Lowering, SchemaRef, unescape_token};
use crate::diagnostics::pointer_child;
use crate::load::{LoadedSpec, percent_decode};
use crate::model::{
    Body, BodyEncoding, Decoding, Docs, HttpMethod, ListStyle, Operation, Param, ParamLocation,
    PathPart, Response, ResponseContent, SecurityScheme, Server, StatusMatch, TypeKind, TypeRef,
};

impl<'a> Lowering<'a> {
    /// Lowers every operation, in two parts when there are many.
    pub(super) fn lower_operations(
        &mut self,
        schemes: &[SecurityScheme],
        servers: &[Server],
    ) -> Vec<Operation> {
        let spec = self.spec;
        let root_security = spec
            .document
            .security
            .as_ref()
            .map(|requirement| self.security_requirement(requirement, schemes, "#/security"));
        let paths = &spec.document.paths.paths;
        let shared = Shared {
            schemes,
            servers,
            root_security: root_security.as_ref(),
            first_with_id: first_operation_ids(spec),
        };
        let operations_in = |item: &ReferenceOr<openapiv3::PathItem>| {
            item.as_item().map_or(0, |item| item.iter().count())
        };
        let Some(split) = self.split_point(paths.values().map(operations_in)) else {
            return self.lower_paths(0..paths.len(), &shared);
        };
        let (mut operations, second) = self.in_two_parts(
            |lowering| lowering.lower_paths(0..split, &shared),
            |lowering| lowering.lower_paths(split..paths.len(), &shared),
        );
        operations.extend(second);
        operations
    }

    /// Lowers the operations of the paths in `range`.
    fn lower_paths(
        &mut self,
        range: std::ops::Range<usize>,
        shared: &Shared<'_>,
    ) -> Vec<Operation> {
        let mut operations = Vec::new();
        for (path, item) in paths_in(self.spec, range) {
            let item_pointer = pointer_child("#/paths", path);
            let Some(item) = item.as_item() else {
                self.warn(
                    &item_pointer,
                    "path items given by reference are not supported yet; the path is skipped",
                    "write the path item inline",
                );
                continue;
            };
            for (method, operation) in item.iter() {
                let pointer = pointer_child(&item_pointer, method);
                let Some(http_method) = http_method(method) else {
                    continue;
                };
                if let Some(id) = &operation.operation_id
                    && let Some(first) = shared.first_with_id.get(id)
                    && *first != pointer
                {
                    self.warn(
                        &pointer_child(&pointer, "operationId"),
                        format!("operationId `{id}` is already used at {first}; this operation's names get a numeric suffix"),
                        "give every operation a unique operationId",
                    );
                }
                let mut lowered =
                    self.lower_operation(path, http_method, &item.parameters, operation, &pointer);
                lowered.security = match &operation.security {
                    Some(requirement) => Some(self.security_requirement(
                        requirement,
                        shared.schemes,
                        &pointer_child(&pointer, "security"),
                    )),
                    None => shared.root_security.cloned(),
                };
                lowered.server = self.operation_server(
                    &item.servers,
                    &operation.servers,
                    shared.servers,
                    &pointer,
                );
                operations.push(lowered);
            }
        }
        operations
    }

    fn lower_operation(
        &mut self,
        path: &str,
        http_method: HttpMethod,
        shared_parameters: &'a [ReferenceOr<Parameter>],
        operation: &'a openapiv3::Operation,
        pointer: &str,
    ) -> Operation {
        let operation_id = operation
            .operation_id
            .clone()
            .unwrap_or_else(|| synthesized_operation_id(http_method, path));
        let type_stem = ident::upper_camel(&operation_id);
        let request_name = self.module_names.claim(format!("{type_stem}Request"));
        let error_name = self.module_names.claim(format!("{type_stem}Error"));
        let method_name = self.method_names.claim(ident::snake(&operation_id));

        let mut field_names = Scope::with_reserved(&["body"]);
        let mut params = self.lower_parameters(
            shared_parameters,
            &operation.parameters,
            &request_name,
            pointer,
            &mut field_names,
        );
        let path_parts = self.path_parts(path, &mut params, &mut field_names, pointer);
        let body = operation.request_body.as_ref().and_then(|body| {
            self.lower_body(body, &type_stem, &pointer_child(pointer, "requestBody"))
        });
        let responses = self.lower_responses(&operation.responses, &type_stem, pointer);
        let success_type = first_success_type(&responses);
        let mut success_types: Vec<&TypeRef> = Vec::new();
        for response in responses.iter().filter(|response| response.is_success) {
            if let Some(content) = &response.content
                && !success_types.contains(&&content.ty)
            {
                success_types.push(&content.ty);
            }
        }
        let success_enum = (success_types.len() > 1)
            .then(|| self.module_names.claim(format!("{type_stem}Success")));
        let success_optional = success_type.is_some()
            && responses
                .iter()
                .any(|response| response.is_success && response.content.is_none());
        let mut accept: Vec<&str> = Vec::new();
        for content in responses
            .iter()
            .filter_map(|response| response.content.as_ref())
        {
            if !accept.contains(&content.media_type.as_str()) {
                accept.push(&content.media_type);
            }
        }
        let accept = (!accept.is_empty()).then(|| accept.join(", "));
        Operation {
            operation_id,
            method_name,
            request_name,
            error_name,
            docs: Docs {
                summary: operation.summary.clone(),
                description: operation.description.clone(),
            },
            deprecated: operation.deprecated,
            http_method,
            path_template: path.to_owned(),
            path: path_parts,
            params,
            body,
            responses,
            success_type,
            success_optional,
            success_enum,
            accept,
            security: None,
            server: None,
        }
    }

    /// Resolves a reference to a component that is not a schema (a parameter, request body,
    /// response or security scheme), following chains of references.
    pub(super) fn resolve_item<T: Component>(
        &mut self,
        item: &'a ReferenceOr<T>,
        pointer: &str,
    ) -> Option<Cow<'a, T>> {
        let reference = match item {
            ReferenceOr::Item(item) => return Some(Cow::Borrowed(item)),
            ReferenceOr::Reference { reference } => reference,
        };
        // A reference straight to a component's definition takes it from the typed document;
        // typing it again from the tree was nearly half of what lowering GitHub's operations cost.
        if let Some(ReferenceOr::Item(item)) = self.component::<T>(reference) {
            return Some(Cow::Borrowed(item));
        }
        let (target, reference) = self.follow_reference(reference, pointer)?;
        match serde_json::from_value(target.clone()) {
            Ok(item) => Some(Cow::Owned(item)),
            Err(error) => {
                self.error(
                    &pointer_child(pointer, "$ref"),
                    format!("reference `{reference}` points at something else: {error}"),
                    "point the reference at the kind of element this position needs",
                );
                None
            }
        }
    }

    /// The component a `#/components/{folder}/{name}` reference names, read as the tree's
    /// pointers are: percent-decoded, then split into escaped tokens.
    fn component<T: Component>(&self, reference: &str) -> Option<&'a ReferenceOr<T>> {
        let pointer = percent_decode(reference.strip_prefix('#')?);
        let name = pointer.strip_prefix(T::FOLDER)?;
        if name.contains('/') {
            return None;
        }
        T::in_components(self.spec.document.components.as_ref()?).get(&unescape_token(name))
    }

    fn lower_parameters(
        &mut self,
        shared: &'a [ReferenceOr<Parameter>],
        own: &'a [ReferenceOr<Parameter>],
        request_name: &str,
        pointer: &str,
        field_names: &mut Scope,
    ) -> Vec<Param> {
        let path_item_pointer = &pointer[..pointer.rfind('/').unwrap_or(pointer.len())];
        let mut resolved: Vec<(Cow<'a, Parameter>, String)> = Vec::new();
        for (list, base) in [(shared, path_item_pointer), (own, pointer)] {
            for (index, parameter) in list.iter().enumerate() {
                let parameter_pointer =
                    pointer_child(&pointer_child(base, "parameters"), &index.to_string());
                let Some(parameter) = self.resolve_item(parameter, &parameter_pointer) else {
                    continue;
                };
                // An operation's parameter replaces the path item's of the same name and place.
                let data = parameter.parameter_data_ref();
                resolved.retain(|(existing, _)| {
                    let existing_data = existing.parameter_data_ref();
                    existing_data.name != data.name
                        || std::mem::discriminant(existing.as_ref())
                            != std::mem::discriminant(parameter.as_ref())
                });
                resolved.push((parameter, parameter_pointer));
            }
        }
        let mut params = Vec::new();
        for (parameter, parameter_pointer) in resolved {
            let data = parameter.parameter_data_ref();
            let location = match parameter.as_ref() {
                Parameter::Path { .. } => ParamLocation::Path,
                Parameter::Header { .. } => {
                    let name = data.name.to_ascii_lowercase();
                    if matches!(name.as_str(), "accept" | "content-type" | "authorization") {
                        self.warn(
                            &parameter_pointer,
                            format!("header parameter `{}` is ignored, as OpenAPI specifies", data.name),
                            "the client sets this header from the responses, the body and the security scheme",
                        );
                        continue;
                    }
                    if name.is_empty() || !name.bytes().all(is_token_byte) {
                        self.warn(
                            &parameter_pointer,
                            format!("header parameter `{}` is not a valid header name; it is left out of the request", data.name),
                            "header names are letters, digits and `!#$%&'*+-.^_`|~`",
                        );
                        continue;
                    }
                    ParamLocation::Header
                }
                Parameter::Query { style, .. } => {
                    let explode = data.explode.unwrap_or(matches!(style, QueryStyle::Form));
                    match style {
                        QueryStyle::Form if explode => {
                            ParamLocation::Query(ListStyle::FormExploded)
                        }
                        QueryStyle::Form => ParamLocation::Query(ListStyle::Form),
                        QueryStyle::SpaceDelimited => {
                            ParamLocation::Query(ListStyle::SpaceDelimited)
                        }
                        QueryStyle::PipeDelimited => ParamLocation::Query(ListStyle::PipeDelimited),
                        QueryStyle::DeepObject => {
                            if data.explode == Some(false) {
                                self.warn(
                                    &parameter_pointer,
                                    format!("query parameter `{}` uses `deepObject` with `explode: false`, which OpenAPI leaves undefined; it is sent exploded", data.name),
                                    "remove `explode: false`",
                                );
                            }
                            ParamLocation::DeepObject
                        }
                    }
                }
                Parameter::Cookie { .. } => {
                    if data.name.is_empty() || !data.name.bytes().all(is_token_byte) {
                        self.warn(
                            &parameter_pointer,
                            format!("cookie parameter `{}` is not a valid cookie name; it is left out of the request", data.name),
                            "cookie names are letters, digits and `!#$%&'*+-.^_`|~`",
                        );
                        continue;
                    }
                    ParamLocation::Cookie
                }
            };
            let hint = format!("{request_name}{}", ident::upper_camel(&data.name));
            let ty = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => self.schema_type(
                    SchemaRef::from(schema),
                    &hint,
                    &pointer_child(&parameter_pointer, "schema"),
                ),
                ParameterSchemaOrContent::Content(_) => TypeRef::String,
            };
            if location == ParamLocation::DeepObject {
                if !self.is_object(&ty, 0) {
                    self.warn(
                        &parameter_pointer,
                        format!("query parameter `{}` uses `deepObject` but is not an object; it is left out of the request", data.name),
                        "give the parameter an object schema, or use `style: form`",
                    );
                    continue;
                }
            } else if !self.is_parameter_type(&ty, location) {
                self.warn(
                    &parameter_pointer,
                    format!("parameter `{}` is not a scalar or a list of scalars; it is left out of the request", data.name),
                    "give the parameter a string, number, boolean or enum schema, or an array of one",
                );
                continue;
            }
            let required = data.required || location == ParamLocation::Path;
            params.push(Param {
                wire_name: data.name.clone(),
                rust_name: field_names.claim(ident::snake(&data.name)),
                location,
                ty,
                required,
                deprecated: data.deprecated.unwrap_or(false),
                default: match &data.format {
                    ParameterSchemaOrContent::Schema(schema) if !required => {
                        self.schema_default(SchemaRef::from(schema))
                    }
                    _ => None,
                },
                docs: Docs {
                    summary: None,
                    description: data.description.clone(),
                },
            });
        }
        params
    }

    /// Splits the path template into literals and parameters. A parameter the template names
    /// but the spec does not declare is added as a required string, with a warning.
    fn path_parts(
        &mut self,
        path: &str,
        params: &mut Vec<Param>,
        field_names: &mut Scope,
        pointer: &str,
    ) -> Vec<PathPart> {
        let mut parts = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|close| open + close) else {
                break;
            };
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_owned()));
            }
            let name = &rest[open + 1..close];
            let declared = params
                .iter()
                .position(|param| param.location == ParamLocation::Path && param.wire_name == name);
            let index = declared.unwrap_or_else(|| {
                self.warn(
                    pointer,
                    format!("the path names `{{{name}}}` but the operation declares no path parameter `{name}`; it is added as a required string"),
                    &format!("add `{{name: {name}, in: path, required: true, schema: {{type: string}}}}` to the parameters"),
                );
                params.push(Param {
                    wire_name: name.to_owned(),
                    rust_name: field_names.claim(ident::snake(name)),
                    location: ParamLocation::Path,
                    ty: TypeRef::String,
                    required: true,
                    deprecated: false,
                    default: None,
                    docs: Docs::default(),
                });
                params.len() - 1
            });
            parts.push(PathPart::Param(index));
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        for param in params
            .iter()
            .filter(|param| param.location == ParamLocation::Path)
        {
            if !path.contains(&format!("{{{}}}", param.wire_name)) {
                self.warn(
                    pointer,
                    format!(
                        "path parameter `{}` does not appear in the path `{path}`",
                        param.wire_name
                    ),
                    "remove the parameter or add it to the path template",
                );
            }
        }
        parts
    }

    fn lower_body(
        &mut self,
        body_item: &'a ReferenceOr<RequestBody>,
        type_stem: &str,
        pointer: &str,
    ) -> Option<Body> {
        let body = self.resolve_item(body_item, pointer)?;
        // The first media type of the most preferred kind: JSON, form, multipart, text, bytes.
        let (_, (media_type, media)) = body
            .content
            .iter()
            .enumerate()
            .min_by_key(|(index, (media_type, _))| (body_kind(media_type), *index))?;
        let content_pointer = pointer_child(&pointer_child(pointer, "content"), media_type);
        let schema_pointer = pointer_child(&content_pointer, "schema");
        let hint = format!("{type_stem}Body");
        let kind = body_kind(media_type);
        let (ty, encoding) = match kind {
            BodyKind::Json => {
                let ty = match &media.schema {
                    Some(schema) => {
                        self.schema_type(SchemaRef::from(schema), &hint, &schema_pointer)
                    }
                    None => TypeRef::Any,
                };
                (ty, BodyEncoding::Json)
            }
            BodyKind::Form | BodyKind::Multipart => {
                let multipart = kind == BodyKind::Multipart;
                let encoding = FormEncoding {
                    entries: &media.encoding,
                    pointer: self.encoding_pointer(body_item, pointer, media_type),
                };
                let typed = media.schema.as_ref().and_then(|schema| {
                    let ty = self.schema_type(SchemaRef::from(schema), &hint, &schema_pointer);
                    let fields = self.form_fields(&ty, multipart, &encoding, &schema_pointer)?;
                    Some((ty, fields))
                });
                match typed {
                    Some((ty, fields)) if multipart => (ty, BodyEncoding::Multipart(fields)),
                    Some((ty, fields)) => (ty, BodyEncoding::Form(fields)),
                    None => {
                        self.warn(
                            &content_pointer,
                            format!("the `{media_type}` body is not an object; it is sent as raw bytes"),
                            "give the body an object schema, or encode it yourself and pass its bytes",
                        );
                        (TypeRef::Bytes, BodyEncoding::Bytes)
                    }
                }
            }
            BodyKind::Text => (TypeRef::String, BodyEncoding::Text),
            BodyKind::Bytes => {
                let binary = match &media.schema {
                    None => true,
                    Some(ReferenceOr::Item(schema)) => {
                        matches!(schema.schema_kind, SchemaKind::Type(Type::String(_)))
                    }
                    Some(ReferenceOr::Reference { .. }) => false,
                };
                if !binary && !is_octet_stream(media_type) {
                    self.warn(
                        &content_pointer,
                        format!("request bodies of type `{media_type}` are sent as raw bytes"),
                        "encode the body yourself and pass its bytes",
                    );
                }
                (TypeRef::Bytes, BodyEncoding::Bytes)
            }
        };
        Some(Body {
            media_type: media_type.clone(),
            ty,
            encoding,
            required: body.required,
            docs: Docs {
                summary: None,
                description: body.description.clone(),
            },
        })
    }

    fn lower_responses(
        &mut self,
        responses: &'a openapiv3::Responses,
        type_stem: &str,
        pointer: &str,
    ) -> Vec<Response> {
        let base = pointer_child(pointer, "responses");
        let mut listed: Vec<(StatusMatch, &'a ReferenceOr<openapiv3::Response>, String)> =
            responses
                .responses
                .iter()
                .map(|(status, response)| {
                    let (status, token) = match status {
                        StatusCode::Code(code) => (StatusMatch::Code(*code), code.to_string()),
                        StatusCode::Range(class) => {
                            (StatusMatch::Range(*class), format!("{class}XX"))
                        }
                    };
                    (status, response, pointer_child(&base, &token))
                })
                .collect();
        if let Some(default) = &responses.default {
            listed.push((
                StatusMatch::Default,
                default,
                pointer_child(&base, "default"),
            ));
        }
        listed.sort_by_key(|(status, ..)| *status);

        let mut variants = Scope::default();
        let mut lowered: Vec<Response> = Vec::new();
        let mut success_body_seen = false;
        for (status, response, response_pointer) in listed {
            let Some(response) = self.resolve_item(response, &response_pointer) else {
                continue;
            };
            let is_success = match status {
                StatusMatch::Code(code) => (200..300).contains(&code),
                StatusMatch::Range(class) => class == 2,
                StatusMatch::Default => false,
            };
            let variant = variants.claim(variant_name(status));
            let hint = if is_success && !success_body_seen {
                format!("{type_stem}Response")
            } else if is_success {
                format!("{type_stem}{variant}Response")
            } else {
                format!("{type_stem}{variant}")
            };
            let content = response
                .content
                .iter()
                .find(|(media_type, _)| is_json(media_type))
                .or_else(|| response.content.first())
                .map(|(media_type, media)| {
                    let content_pointer =
                        pointer_child(&pointer_child(&response_pointer, "content"), media_type);
                    let decoding = decoding(media_type);
                    let ty = match decoding {
                        Decoding::Json => match &media.schema {
                            Some(schema) => self.schema_type(
                                SchemaRef::from(schema),
                                &hint,
                                &pointer_child(&content_pointer, "schema"),
                            ),
                            None => TypeRef::Any,
                        },
                        Decoding::Text => TypeRef::String,
                        Decoding::Bytes => TypeRef::Bytes,
                    };
                    ResponseContent {
                        media_type: media_type.clone(),
                        decoding,
                        ty,
                    }
                });
            success_body_seen |= is_success && content.is_some();
            lowered.push(Response {
                status,
                is_success,
                variant,
                docs: Docs {
                    summary: None,
                    description: Some(response.description.clone()).filter(|text| !text.is_empty()),
                },
                content,
            });
        }

        // Without a documented success, `default` covers the successes too.
        if !lowered.iter().any(|response| response.is_success)
            && let Some(default) = lowered.iter().find(|r| r.status == StatusMatch::Default)
        {
            let success = Response {
                status: StatusMatch::Range(2),
                is_success: true,
                variant: String::new(),
                ..default.clone()
            };
            lowered.insert(0, success);
        }

        lowered
    }
}

/// The body type of the first success response that has one: the operation's success type.
fn first_success_type(responses: &[Response]) -> Option<TypeRef> {
    responses
        .iter()
        .filter(|response| response.is_success)
        .find_map(|response| response.content.as_ref().map(|content| content.ty.clone()))
}

/// Whether a byte may stand in a header name (an RFC 9110 token).
fn is_token_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

fn http_method(method: &str) -> Option<HttpMethod> {
    Some(match method {
        "get" => HttpMethod::Get,
        "put" => HttpMethod::Put,
        "post" => HttpMethod::Post,
        "delete" => HttpMethod::Delete,
        "options" => HttpMethod::Options,
        "head" => HttpMethod::Head,
        "patch" => HttpMethod::Patch,
        "trace" => HttpMethod::Trace,
        _ => return None,
    })
}

/// `get /v1/clients/{id}` becomes `get_v1_clients_id`.
fn synthesized_operation_id(method: HttpMethod, path: &str) -> String {
    let mut id = method.as_str().to_lowercase();
    for word in path
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
    {
        id.push('_');
        id.push_str(word);
    }
    id
}

fn variant_name(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => http::StatusCode::from_u16(code)
            .ok()
            .and_then(|status| status.canonical_reason())
            .map_or_else(|| format!("Status{code}"), ident::upper_camel),
        StatusMatch::Range(class) => format!("Status{class}xx"),
        StatusMatch::Default => "Default".to_owned(),
    }
}

/// JSON, or a vendor type built on it such as `application/vnd.api+json`.
pub(super) fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

/// The kinds of request body, in the order they are preferred when a body offers several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum BodyKind {
    Json,
    Form,
    Multipart,
    Text,
    Bytes,
}

fn body_kind(media_type: &str) -> BodyKind {
    let essence = essence(media_type);
    if is_json(media_type) {
        BodyKind::Json
    } else if essence == "application/x-www-form-urlencoded" {
        BodyKind::Form
    } else if essence == "multipart/form-data" {
        BodyKind::Multipart
    } else if essence.starts_with("text/") {
        BodyKind::Text
    } else {
        BodyKind::Bytes
    }
}

fn is_octet_stream(media_type: &str) -> bool {
    essence(media_type) == "application/octet-stream"
}

/// The media type without its parameters, lower case.
pub(super) fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn decoding(media_type: &str) -> Decoding {
    if is_json(media_type) {
        Decoding::Json
    } else if media_type.starts_with("text/") {
        Decoding::Text
    } else {
        Decoding::Bytes
    }
}

impl Lowering<'_> {
    /// Whether a parameter of this type can travel as text: a scalar or an enum, or in a query
    /// string or a cookie a list of them.
    fn is_parameter_type(&self, ty: &TypeRef, location: ParamLocation) -> bool {
        match ty {
            TypeRef::Array(items) => {
                matches!(location, ParamLocation::Query(_) | ParamLocation::Cookie)
                    && self.is_scalar(items, 0)
            }
            other => self.is_scalar(other, 0),
        }
    }

    /// Whether values of this type are JSON objects, which a `deepObject` parameter needs.
    pub(super) fn is_object(&self, ty: &TypeRef, depth: usize) -> bool {
        match ty {
            TypeRef::Object | TypeRef::Map(_) => true,
            TypeRef::Named(id) => match self.type_kind(*id) {
                Some(TypeKind::Struct(_) | TypeKind::TaggedUnion(_)) => true,
                Some(TypeKind::Alias(aliased)) => depth < 32 && self.is_object(aliased, depth + 1),
                _ => false,
            },
            _ => false,
        }
    }

    pub(super) fn is_scalar(&self, ty: &TypeRef, depth: usize) -> bool {
        match ty {
            TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::F32
            | TypeRef::F64
            | TypeRef::String
            | TypeRef::Secret
            | TypeRef::DateTime
            | TypeRef::Date
            | TypeRef::Uuid => true,
            TypeRef::Named(id) => match self.type_kind(*id) {
                Some(TypeKind::Enum(_) | TypeKind::IntEnum(_)) => true,
                Some(TypeKind::Alias(aliased)) => depth < 32 && self.is_scalar(aliased, depth + 1),
                _ => false,
            },
            _ => false,
        }
    }
}

/// What every operation's lowering reads besides the document.
struct Shared<'s> {
    schemes: &'s [SecurityScheme],
    servers: &'s [Server],
    /// The document's security requirement, for operations that state none.
    root_security: Option<&'s Vec<Vec<usize>>>,
    /// The pointer of the first operation with each ID, which later ones are warned about.
    first_with_id: HashMap<String, String>,
}

/// The paths in `range`, in document order.
fn paths_in(
    spec: &LoadedSpec,
    range: std::ops::Range<usize>,
) -> impl Iterator<Item = (&String, &ReferenceOr<openapiv3::PathItem>)> {
    spec.document
        .paths
        .paths
        .get_range(range)
        .into_iter()
        .flatten()
}

/// The pointer of the first operation with each ID.
fn first_operation_ids(spec: &LoadedSpec) -> HashMap<String, String> {
    let mut first = HashMap::new();
    for (path, item) in &spec.document.paths.paths {
        let Some(item) = item.as_item() else {
            continue;
        };
        let item_pointer = pointer_child("#/paths", path);
        for (method, operation) in item.iter() {
            if http_method(method).is_some()
                && let Some(id) = &operation.operation_id
            {
                first
                    .entry(id.clone())
                    .or_insert_with(|| pointer_child(&item_pointer, method));
            }
        }
    }
    first
}

/// What operations refer to besides schemas, and where in `components` each kind is kept.
pub(super) trait Component: DeserializeOwned + Clone + 'static {
    /// The JSON pointer of the folder of `components` holding this kind, with a slash after.
    const FOLDER: &'static str;

    /// That folder in the typed document.
    fn in_components(components: &Components) -> &IndexMap<String, ReferenceOr<Self>>;
}

impl Component for Parameter {
    const FOLDER: &'static str = "/components/parameters/";

    fn in_components(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &components.parameters
    }
}

impl Component for RequestBody {
    const FOLDER: &'static str = "/components/requestBodies/";

    fn in_components(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &components.request_bodies
    }
}

impl Component for openapiv3::Response {
    const FOLDER: &'static str = "/components/responses/";

    fn in_components(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &components.responses
    }
}

impl Component for SpecSecurityScheme {
    const FOLDER: &'static str = "/components/securitySchemes/";

    fn in_components(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
        &components.security_schemes
    }
}
