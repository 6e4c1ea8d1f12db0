//! Typing: the prepared JSON tree read into openapiv3's model, field by field.
//!
//! openapiv3's own `Deserialize` impls type schemas, references, parameters and security
//! schemes through untagged, internally tagged and flattened enums. serde buffers each such
//! element and reads it again at every level, so on GitHub's description typing cost more than
//! twice building the tree, and loading waited for it. This reads the tree once, to the same
//! model, by the rules openapiv3 2.2 declares. Wherever those rules reject an element, and in
//! the few shapes only a malformed document has, it gives up with [`Unsupported`]; the caller
//! then types with serde, which decides the same and locates the error.

use indexmap::IndexMap;
use openapiv3::{
    APIKeyLocation, AdditionalProperties, AnySchema, ArrayType, AuthorizationCodeOAuth2Flow,
    BooleanType, Callback, ClientCredentialsOAuth2Flow, Components, Contact, CookieStyle,
    Discriminator, Encoding, Example, ExternalDocumentation, Header, HeaderStyle,
    ImplicitOAuth2Flow, Info, IntegerType, License, Link, LinkOperation, MediaType, NumberType,
    OAuth2Flows, ObjectType, OpenAPI, Operation, Parameter, ParameterData,
    ParameterSchemaOrContent, PasswordOAuth2Flow, PathItem, PathStyle, Paths, QueryStyle,
    ReferenceOr, RequestBody, Response, Responses, Schema, SchemaData, SchemaKind,
    SecurityRequirement, SecurityScheme, Server, ServerVariable, StatusCode, StringType, Tag, Type,
};
use serde_json::{Map, Number, Value};

/// openapiv3's rules reject this element, or it has a shape this module leaves to serde.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Unsupported;

type Typed<T> = Result<T, Unsupported>;
type Object = Map<String, Value>;

/// The document in `tree`, equal to what `serde_json::from_value::<OpenAPI>` makes of it.
/// With `beside`, its component schemas, about half of a large document, are typed on a
/// second thread while this one types the rest.
pub(super) fn document(tree: &Value, beside: bool) -> Typed<OpenAPI> {
    let object = object(tree)?;
    let schemas = optional(object, "components")
        .and_then(Value::as_object)
        .and_then(|components| components.get("schemas"));
    let type_schemas = || {
        schemas
            .map(|schemas| entries(schemas, schema_or_reference))
            .transpose()
    };
    let (rest, schemas) = if beside {
        crate::here_and_beside(|| all_but_schemas(object), type_schemas)
    } else {
        (all_but_schemas(object), type_schemas())
    };
    let mut document = rest?;
    if let (Some(components), Some(schemas)) = (document.components.as_mut(), schemas?) {
        components.schemas = schemas;
    }
    Ok(document)
}

/// The document in `object` with its component schemas left empty.
fn all_but_schemas(object: &Object) -> Typed<OpenAPI> {
    Ok(OpenAPI {
        openapi: string(object, "openapi")?,
        info: info(required(object, "info")?)?,
        servers: list(object, "servers", server)?,
        paths: paths(required(object, "paths")?)?,
        components: optional(object, "components")
            .map(components_but_schemas)
            .transpose()?,
        security: optional(object, "security")
            .map(|value| items(value, security_requirement))
            .transpose()?,
        tags: list(object, "tags", tag)?,
        external_docs: optional(object, "externalDocs")
            .map(external_docs)
            .transpose()?,
        extensions: extensions(object),
    })
}

// ---------------------------------------------------------------------------------------------
// Fields, as serde's derive reads them: a missing `Option` is `None`, and so is `null`; a
// missing defaulted field is its default, but `null` there is an error.

fn object(value: &Value) -> Typed<&Object> {
    value.as_object().ok_or(Unsupported)
}

fn required<'a>(object: &'a Object, key: &str) -> Typed<&'a Value> {
    object.get(key).ok_or(Unsupported)
}

fn optional<'a>(object: &'a Object, key: &str) -> Option<&'a Value> {
    object.get(key).filter(|value| !value.is_null())
}

fn text(value: &Value) -> Typed<String> {
    value.as_str().map(str::to_owned).ok_or(Unsupported)
}

fn str_of(value: &Value) -> Typed<&str> {
    value.as_str().ok_or(Unsupported)
}

fn boolean(value: &Value) -> Typed<bool> {
    value.as_bool().ok_or(Unsupported)
}

fn count(value: &Value) -> Typed<usize> {
    value
        .as_u64()
        .and_then(|count| usize::try_from(count).ok())
        .ok_or(Unsupported)
}

fn number(value: &Value) -> Typed<&Number> {
    match value {
        Value::Number(number) => Ok(number),
        _ => Err(Unsupported),
    }
}

fn array(value: &Value) -> Typed<&[Value]> {
    value.as_array().map(Vec::as_slice).ok_or(Unsupported)
}

fn string(object: &Object, key: &str) -> Typed<String> {
    text(required(object, key)?)
}

fn optional_string(object: &Object, key: &str) -> Typed<Option<String>> {
    optional(object, key).map(text).transpose()
}

fn optional_str<'a>(object: &'a Object, key: &str) -> Typed<Option<&'a str>> {
    optional(object, key).map(str_of).transpose()
}

/// A defaulted `bool`: `false` when missing.
fn flag(object: &Object, key: &str) -> Typed<bool> {
    object.get(key).map_or(Ok(false), boolean)
}

fn optional_bool(object: &Object, key: &str) -> Typed<Option<bool>> {
    optional(object, key).map(boolean).transpose()
}

/// A JSON value kept as it is; `null` reads as missing.
fn optional_value(object: &Object, key: &str) -> Option<Value> {
    optional(object, key).cloned()
}

fn items<T>(value: &Value, item: impl Fn(&Value) -> Typed<T>) -> Typed<Vec<T>> {
    typed_all(array(value)?, item)
}

/// Each value typed, into a vector allocated once: collecting `Result`s cannot know the
/// length, and the model's elements are large (a path item is kilobytes), so growing by
/// doubling copied them again and again.
fn typed_all<T>(values: &[Value], item: impl Fn(&Value) -> Typed<T>) -> Typed<Vec<T>> {
    let mut typed = Vec::with_capacity(values.len());
    for value in values {
        typed.push(item(value)?);
    }
    Ok(typed)
}

/// A defaulted list: empty when missing.
fn list<T>(object: &Object, key: &str, item: impl Fn(&Value) -> Typed<T>) -> Typed<Vec<T>> {
    object
        .get(key)
        .map_or(Ok(Vec::new()), |value| items(value, item))
}

/// Each member typed, into a map allocated once, as [`typed_all`] does.
fn entries<T>(value: &Value, entry: impl Fn(&Value) -> Typed<T>) -> Typed<IndexMap<String, T>> {
    let object = object(value)?;
    let mut typed = IndexMap::with_capacity(object.len());
    for (key, value) in object {
        typed.insert(key.clone(), entry(value)?);
    }
    Ok(typed)
}

/// A defaulted map: empty when missing.
fn map<T>(
    object: &Object,
    key: &str,
    entry: impl Fn(&Value) -> Typed<T>,
) -> Typed<IndexMap<String, T>> {
    object
        .get(key)
        .map_or(Ok(IndexMap::new()), |value| entries(value, entry))
}

/// The `x-` members, which openapiv3 keeps on every object that allows them.
fn extensions(object: &Object) -> IndexMap<String, Value> {
    object
        .iter()
        .filter(|(key, _)| key.starts_with("x-"))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect()
}

/// A `$ref` when the element has a string one, whatever else it has; the item otherwise.
fn reference_or<T>(value: &Value, item: impl Fn(&Value) -> Typed<T>) -> Typed<ReferenceOr<T>> {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => Ok(ReferenceOr::Reference {
            reference: reference.to_owned(),
        }),
        None => item(value).map(ReferenceOr::Item),
    }
}

/// A unit enum's variant from its name, or the default when the member is missing.
fn style<T: Default>(object: &Object, variant: impl Fn(&str) -> Option<T>) -> Typed<T> {
    object.get("style").map_or(Ok(T::default()), |value| {
        value.as_str().and_then(variant).ok_or(Unsupported)
    })
}

// ---------------------------------------------------------------------------------------------
// The document's objects.

fn info(value: &Value) -> Typed<Info> {
    let object = object(value)?;
    Ok(Info {
        title: string(object, "title")?,
        description: optional_string(object, "description")?,
        terms_of_service: optional_string(object, "termsOfService")?,
        contact: optional(object, "contact").map(contact).transpose()?,
        license: optional(object, "license").map(license).transpose()?,
        version: string(object, "version")?,
        extensions: extensions(object),
    })
}

fn contact(value: &Value) -> Typed<Contact> {
    let object = object(value)?;
    Ok(Contact {
        name: optional_string(object, "name")?,
        url: optional_string(object, "url")?,
        email: optional_string(object, "email")?,
        extensions: extensions(object),
    })
}

fn license(value: &Value) -> Typed<License> {
    let object = object(value)?;
    Ok(License {
        name: string(object, "name")?,
        url: optional_string(object, "url")?,
        extensions: extensions(object),
    })
}

fn server(value: &Value) -> Typed<Server> {
    let object = object(value)?;
    Ok(Server {
        url: string(object, "url")?,
        description: optional_string(object, "description")?,
        variables: optional(object, "variables")
            .map(|value| entries(value, server_variable))
            .transpose()?,
        extensions: extensions(object),
    })
}

fn server_variable(value: &Value) -> Typed<ServerVariable> {
    let object = object(value)?;
    Ok(ServerVariable {
        enumeration: list(object, "enum", text)?,
        default: string(object, "default")?,
        description: optional_string(object, "description")?,
        extensions: extensions(object),
    })
}

fn tag(value: &Value) -> Typed<Tag> {
    let object = object(value)?;
    Ok(Tag {
        name: string(object, "name")?,
        description: optional_string(object, "description")?,
        external_docs: optional(object, "externalDocs")
            .map(external_docs)
            .transpose()?,
        extensions: extensions(object),
    })
}

fn external_docs(value: &Value) -> Typed<ExternalDocumentation> {
    let object = object(value)?;
    Ok(ExternalDocumentation {
        description: optional_string(object, "description")?,
        url: string(object, "url")?,
        extensions: extensions(object),
    })
}

fn security_requirement(value: &Value) -> Typed<SecurityRequirement> {
    entries(value, |scopes| items(scopes, text))
}

fn paths(value: &Value) -> Typed<Paths> {
    let object = object(value)?;
    // Allocated once, as in `entries`: a path item is kilobytes.
    let mut paths = IndexMap::with_capacity(object.len());
    for (key, value) in object.iter().filter(|(key, _)| key.starts_with('/')) {
        paths.insert(key.clone(), reference_or(value, path_item)?);
    }
    Ok(Paths {
        paths,
        extensions: extensions(object),
    })
}

fn path_item(value: &Value) -> Typed<PathItem> {
    let object = object(value)?;
    let operation = |method| optional(object, method).map(operation).transpose();
    Ok(PathItem {
        summary: optional_string(object, "summary")?,
        description: optional_string(object, "description")?,
        get: operation("get")?,
        put: operation("put")?,
        post: operation("post")?,
        delete: operation("delete")?,
        options: operation("options")?,
        head: operation("head")?,
        patch: operation("patch")?,
        trace: operation("trace")?,
        servers: list(object, "servers", server)?,
        parameters: list(object, "parameters", |value| reference_or(value, parameter))?,
        extensions: extensions(object),
    })
}

fn operation(value: &Value) -> Typed<Operation> {
    let object = object(value)?;
    Ok(Operation {
        tags: list(object, "tags", text)?,
        summary: optional_string(object, "summary")?,
        description: optional_string(object, "description")?,
        external_docs: optional(object, "externalDocs")
            .map(external_docs)
            .transpose()?,
        operation_id: optional_string(object, "operationId")?,
        parameters: list(object, "parameters", |value| reference_or(value, parameter))?,
        request_body: optional(object, "requestBody")
            .map(|value| reference_or(value, request_body))
            .transpose()?,
        responses: responses(required(object, "responses")?)?,
        callbacks: map(object, "callbacks", callback)?,
        deprecated: flag(object, "deprecated")?,
        security: optional(object, "security")
            .map(|value| items(value, security_requirement))
            .transpose()?,
        servers: list(object, "servers", server)?,
        extensions: extensions(object),
    })
}

fn callback(value: &Value) -> Typed<Callback> {
    entries(value, path_item)
}

fn parameter(value: &Value) -> Typed<Parameter> {
    let object = object(value)?;
    let parameter_data = parameter_data(object)?;
    let location = required(object, "in")?.as_str().ok_or(Unsupported)?;
    Ok(match location {
        "query" => Parameter::Query {
            parameter_data,
            allow_reserved: flag(object, "allowReserved")?,
            style: style(object, query_style)?,
            allow_empty_value: optional_bool(object, "allowEmptyValue")?,
        },
        "header" => Parameter::Header {
            parameter_data,
            style: style(object, header_style)?,
        },
        "path" => Parameter::Path {
            parameter_data,
            style: style(object, |name| match name {
                "matrix" => Some(PathStyle::Matrix),
                "label" => Some(PathStyle::Label),
                "simple" => Some(PathStyle::Simple),
                _ => None,
            })?,
        },
        "cookie" => Parameter::Cookie {
            parameter_data,
            style: style(object, |name| (name == "form").then_some(CookieStyle::Form))?,
        },
        _ => return Err(Unsupported),
    })
}

fn query_style(name: &str) -> Option<QueryStyle> {
    match name {
        "form" => Some(QueryStyle::Form),
        "spaceDelimited" => Some(QueryStyle::SpaceDelimited),
        "pipeDelimited" => Some(QueryStyle::PipeDelimited),
        "deepObject" => Some(QueryStyle::DeepObject),
        _ => None,
    }
}

fn header_style(name: &str) -> Option<HeaderStyle> {
    (name == "simple").then_some(HeaderStyle::Simple)
}

fn parameter_data(object: &Object) -> Typed<ParameterData> {
    Ok(ParameterData {
        name: string(object, "name")?,
        description: optional_string(object, "description")?,
        required: flag(object, "required")?,
        deprecated: optional_bool(object, "deprecated")?,
        format: schema_or_content(object)?,
        example: optional_value(object, "example"),
        examples: map(object, "examples", |value| reference_or(value, example))?,
        explode: optional_bool(object, "explode")?,
        extensions: extensions(object),
    })
}

/// A flattened enum: serde takes the first member, in the document's order, that names a
/// variant.
fn schema_or_content(object: &Object) -> Typed<ParameterSchemaOrContent> {
    for (key, value) in object {
        match key.as_str() {
            "schema" => {
                return schema_or_reference(value).map(ParameterSchemaOrContent::Schema);
            }
            "content" => {
                return entries(value, media_type).map(ParameterSchemaOrContent::Content);
            }
            _ => {}
        }
    }
    Err(Unsupported)
}

fn header(value: &Value) -> Typed<Header> {
    let object = object(value)?;
    Ok(Header {
        description: optional_string(object, "description")?,
        style: style(object, header_style)?,
        required: flag(object, "required")?,
        deprecated: optional_bool(object, "deprecated")?,
        format: schema_or_content(object)?,
        example: optional_value(object, "example"),
        examples: map(object, "examples", |value| reference_or(value, example))?,
        extensions: extensions(object),
    })
}

fn example(value: &Value) -> Typed<Example> {
    let object = object(value)?;
    Ok(Example {
        summary: optional_string(object, "summary")?,
        description: optional_string(object, "description")?,
        value: optional_value(object, "value"),
        external_value: optional_string(object, "externalValue")?,
        extensions: extensions(object),
    })
}

fn request_body(value: &Value) -> Typed<RequestBody> {
    let object = object(value)?;
    Ok(RequestBody {
        description: optional_string(object, "description")?,
        content: map(object, "content", media_type)?,
        required: flag(object, "required")?,
        extensions: extensions(object),
    })
}

fn media_type(value: &Value) -> Typed<MediaType> {
    let object = object(value)?;
    Ok(MediaType {
        schema: optional(object, "schema")
            .map(schema_or_reference)
            .transpose()?,
        example: optional_value(object, "example"),
        examples: map(object, "examples", |value| reference_or(value, example))?,
        encoding: map(object, "encoding", encoding)?,
        extensions: extensions(object),
    })
}

fn encoding(value: &Value) -> Typed<Encoding> {
    let object = object(value)?;
    Ok(Encoding {
        content_type: optional_string(object, "contentType")?,
        headers: map(object, "headers", |value| reference_or(value, header))?,
        style: optional_str(object, "style")?
            .map(|name| query_style(name).ok_or(Unsupported))
            .transpose()?,
        explode: flag(object, "explode")?,
        allow_reserved: flag(object, "allowReserved")?,
        extensions: extensions(object),
    })
}

fn responses(value: &Value) -> Typed<Responses> {
    let object = object(value)?;
    let mut responses = IndexMap::new();
    for (key, value) in object {
        // Members that are neither `default` nor a status code are skipped unread, as
        // openapiv3 skips them.
        if let Some(status) = status_code(key) {
            // A status written twice (`2XX`, `2xx`) keeps its first place and its last value.
            responses.insert(status, reference_or(value, response)?);
        }
    }
    Ok(Responses {
        default: optional(object, "default")
            .map(|value| reference_or(value, response))
            .transpose()?,
        responses,
        extensions: extensions(object),
    })
}

/// A status code as openapiv3 reads a `responses` key: three digits from 100 to 999, or a
/// digit and `XX` in either case.
fn status_code(key: &str) -> Option<StatusCode> {
    if key.len() != 3 {
        return None;
    }
    if let Ok(number) = key.parse::<i64>() {
        return u16::try_from(number)
            .ok()
            .filter(|number| (100..1000).contains(number))
            .map(StatusCode::Code);
    }
    match key.as_bytes() {
        [digit, b'X' | b'x', b'X' | b'x'] if digit.is_ascii_digit() => {
            Some(StatusCode::Range(u16::from(digit - b'0')))
        }
        _ => None,
    }
}

fn response(value: &Value) -> Typed<Response> {
    let object = object(value)?;
    Ok(Response {
        description: string(object, "description")?,
        headers: map(object, "headers", |value| reference_or(value, header))?,
        content: map(object, "content", media_type)?,
        links: map(object, "links", |value| reference_or(value, link))?,
        extensions: extensions(object),
    })
}

fn link(value: &Value) -> Typed<Link> {
    let object = object(value)?;
    // A flattened enum, like a parameter's schema or content.
    let operation = object
        .iter()
        .find_map(|(key, value)| match key.as_str() {
            "operationRef" => Some(text(value).map(LinkOperation::OperationRef)),
            "operationId" => Some(text(value).map(LinkOperation::OperationId)),
            _ => None,
        })
        .ok_or(Unsupported)??;
    Ok(Link {
        description: optional_string(object, "description")?,
        operation,
        request_body: optional_value(object, "requestBody"),
        parameters: map(object, "parameters", |value| Ok(value.clone()))?,
        server: optional(object, "server").map(server).transpose()?,
        extensions: extensions(object),
    })
}

/// The components in `value` but their schemas, which [`document`] types on their own.
fn components_but_schemas(value: &Value) -> Typed<Components> {
    let object = object(value)?;
    Ok(Components {
        schemas: IndexMap::new(),
        responses: map(object, "responses", |value| reference_or(value, response))?,
        parameters: map(object, "parameters", |value| reference_or(value, parameter))?,
        examples: map(object, "examples", |value| reference_or(value, example))?,
        request_bodies: map(object, "requestBodies", |value| {
            reference_or(value, request_body)
        })?,
        headers: map(object, "headers", |value| reference_or(value, header))?,
        security_schemes: map(object, "securitySchemes", |value| {
            reference_or(value, security_scheme)
        })?,
        links: map(object, "links", |value| reference_or(value, link))?,
        callbacks: map(object, "callbacks", |value| reference_or(value, callback))?,
        extensions: extensions(object),
    })
}

fn security_scheme(value: &Value) -> Typed<SecurityScheme> {
    let object = object(value)?;
    let description = optional_string(object, "description")?;
    let extensions = extensions(object);
    Ok(match required(object, "type")?.as_str() {
        Some("apiKey") => SecurityScheme::APIKey {
            location: match required(object, "in")?.as_str() {
                Some("query") => APIKeyLocation::Query,
                Some("header") => APIKeyLocation::Header,
                Some("cookie") => APIKeyLocation::Cookie,
                _ => return Err(Unsupported),
            },
            name: string(object, "name")?,
            description,
            extensions,
        },
        Some("http") => SecurityScheme::HTTP {
            scheme: string(object, "scheme")?,
            bearer_format: optional_string(object, "bearerFormat")?,
            description,
            extensions,
        },
        Some("oauth2") => SecurityScheme::OAuth2 {
            flows: oauth2_flows(required(object, "flows")?)?,
            description,
            extensions,
        },
        Some("openIdConnect") => SecurityScheme::OpenIDConnect {
            open_id_connect_url: string(object, "openIdConnectUrl")?,
            description,
            extensions,
        },
        _ => return Err(Unsupported),
    })
}

fn oauth2_flows(value: &Value) -> Typed<OAuth2Flows> {
    let object = object(value)?;
    Ok(OAuth2Flows {
        implicit: flow(object, "implicit", |flow, scopes| {
            Ok(ImplicitOAuth2Flow {
                authorization_url: string(flow, "authorizationUrl")?,
                refresh_url: optional_string(flow, "refreshUrl")?,
                scopes,
                extensions: extensions(flow),
            })
        })?,
        password: flow(object, "password", |flow, scopes| {
            Ok(PasswordOAuth2Flow {
                refresh_url: optional_string(flow, "refreshUrl")?,
                token_url: string(flow, "tokenUrl")?,
                scopes,
                extensions: extensions(flow),
            })
        })?,
        client_credentials: flow(object, "clientCredentials", |flow, scopes| {
            Ok(ClientCredentialsOAuth2Flow {
                refresh_url: optional_string(flow, "refreshUrl")?,
                token_url: string(flow, "tokenUrl")?,
                scopes,
                extensions: extensions(flow),
            })
        })?,
        authorization_code: flow(object, "authorizationCode", |flow, scopes| {
            Ok(AuthorizationCodeOAuth2Flow {
                authorization_url: string(flow, "authorizationUrl")?,
                token_url: string(flow, "tokenUrl")?,
                refresh_url: optional_string(flow, "refreshUrl")?,
                scopes,
                extensions: extensions(flow),
            })
        })?,
        extensions: extensions(object),
    })
}

/// The flow `key` of `flows`, if there is one: `build` makes it from its object and scopes,
/// which every flow requires.
fn flow<T>(
    flows: &Object,
    key: &str,
    build: impl Fn(&Object, IndexMap<String, String>) -> Typed<T>,
) -> Typed<Option<T>> {
    optional(flows, key)
        .map(|value| {
            let flow = object(value)?;
            build(flow, entries(required(flow, "scopes")?, text)?)
        })
        .transpose()
}

fn discriminator(value: &Value) -> Typed<Discriminator> {
    let object = object(value)?;
    Ok(Discriminator {
        property_name: string(object, "propertyName")?,
        mapping: map(object, "mapping", text)?,
        extensions: extensions(object),
    })
}

// ---------------------------------------------------------------------------------------------
// Schemas.

fn schema(value: &Value) -> Typed<Schema> {
    // Schemas are most of a document's objects: one pass over their members, not a lookup
    // for each of the thirty-five keywords.
    let mut data = SchemaData::default();
    let mut keywords = Keywords::default();
    for (key, value) in object(value)? {
        let present = (!value.is_null()).then_some(value);
        match key.as_str() {
            "nullable" => data.nullable = boolean(value)?,
            "readOnly" => data.read_only = boolean(value)?,
            "writeOnly" => data.write_only = boolean(value)?,
            "deprecated" => data.deprecated = boolean(value)?,
            "externalDocs" => data.external_docs = present.map(external_docs).transpose()?,
            "example" => data.example = present.cloned(),
            "title" => data.title = present.map(text).transpose()?,
            "description" => data.description = present.map(text).transpose()?,
            "discriminator" => data.discriminator = present.map(discriminator).transpose()?,
            "default" => data.default = present.cloned(),
            "type" => keywords.kind = present.map(str_of).transpose()?,
            "pattern" => keywords.pattern = present.map(str_of).transpose()?,
            "multipleOf" => keywords.multiple_of = present.map(number).transpose()?,
            "exclusiveMinimum" => keywords.exclusive_minimum = present.map(boolean).transpose()?,
            "exclusiveMaximum" => keywords.exclusive_maximum = present.map(boolean).transpose()?,
            "minimum" => keywords.minimum = present.map(number).transpose()?,
            "maximum" => keywords.maximum = present.map(number).transpose()?,
            "properties" => keywords.properties = present,
            "required" => keywords.required = present.map(array).transpose()?,
            "additionalProperties" => keywords.additional_properties = present,
            "minProperties" => keywords.min_properties = present.map(count).transpose()?,
            "maxProperties" => keywords.max_properties = present.map(count).transpose()?,
            "items" => keywords.items = present,
            "minItems" => keywords.min_items = present.map(count).transpose()?,
            "maxItems" => keywords.max_items = present.map(count).transpose()?,
            "uniqueItems" => keywords.unique_items = present.map(boolean).transpose()?,
            "enum" => keywords.enumeration = present.map(array).transpose()?,
            "format" => keywords.format = present.map(str_of).transpose()?,
            "minLength" => keywords.min_length = present.map(count).transpose()?,
            "maxLength" => keywords.max_length = present.map(count).transpose()?,
            "oneOf" => keywords.one_of = present.map(array).transpose()?,
            "allOf" => keywords.all_of = present.map(array).transpose()?,
            "anyOf" => keywords.any_of = present.map(array).transpose()?,
            "not" => keywords.not = present,
            extension if extension.starts_with("x-") => {
                data.extensions.insert(key.clone(), value.clone());
            }
            _ => {}
        }
    }
    Ok(Schema {
        schema_data: data,
        schema_kind: keywords.kind()?,
    })
}

fn boxed_schema(value: &Value) -> Typed<Box<Schema>> {
    schema(value).map(Box::new)
}

fn schema_or_reference(value: &Value) -> Typed<ReferenceOr<Schema>> {
    reference_or(value, schema)
}

/// The keywords that decide a schema's kind, each checked for its type as openapiv3 reads it,
/// its subschemas not yet read.
#[derive(Default)]
struct Keywords<'a> {
    kind: Option<&'a str>,
    pattern: Option<&'a str>,
    multiple_of: Option<&'a Number>,
    exclusive_minimum: Option<bool>,
    exclusive_maximum: Option<bool>,
    minimum: Option<&'a Number>,
    maximum: Option<&'a Number>,
    properties: Option<&'a Value>,
    required: Option<&'a [Value]>,
    additional_properties: Option<&'a Value>,
    min_properties: Option<usize>,
    max_properties: Option<usize>,
    items: Option<&'a Value>,
    min_items: Option<usize>,
    max_items: Option<usize>,
    unique_items: Option<bool>,
    enumeration: Option<&'a [Value]>,
    format: Option<&'a str>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    one_of: Option<&'a [Value]>,
    all_of: Option<&'a [Value]>,
    any_of: Option<&'a [Value]>,
    not: Option<&'a Value>,
}

impl Keywords<'_> {
    /// openapiv3's choice: a typed kind when the schema uses only that type's keywords, one
    /// composition when it is all there is, and `Any` for every other mix.
    fn kind(&self) -> Typed<SchemaKind> {
        let numeric = self.multiple_of.is_some()
            || self.exclusive_minimum.is_some()
            || self.exclusive_maximum.is_some()
            || self.minimum.is_some()
            || self.maximum.is_some();
        let object = self.properties.is_some()
            || self.required.is_some()
            || self.additional_properties.is_some()
            || self.min_properties.is_some()
            || self.max_properties.is_some();
        let array = self.items.is_some()
            || self.min_items.is_some()
            || self.max_items.is_some()
            || self.unique_items.is_some();
        let length = self.min_length.is_some() || self.max_length.is_some();
        let compositions = [
            self.one_of.is_some(),
            self.all_of.is_some(),
            self.any_of.is_some(),
            self.not.is_some(),
        ];
        let composed = compositions.contains(&true);
        let pattern = self.pattern.is_some();
        let enumerated = self.enumeration.is_some();
        let formatted = self.format.is_some();
        let enumerated_as = |check: fn(&Value) -> bool| {
            self.enumeration
                .is_none_or(|values| values.iter().all(|value| value.is_null() || check(value)))
        };
        let whole = |number: Option<&Number>| number.is_none_or(Number::is_i64);
        let typed = match self.kind {
            Some("string")
                if !(numeric || object || array || composed) && enumerated_as(Value::is_string) =>
            {
                Some(Type::String(StringType {
                    format: self.format.map(str::to_owned).into(),
                    pattern: self.pattern.map(str::to_owned),
                    enumeration: self.enumerated(|value| value.as_str().map(str::to_owned))?,
                    min_length: self.min_length,
                    max_length: self.max_length,
                }))
            }
            Some("number")
                if !(pattern || object || array || length || composed)
                    && enumerated_as(Value::is_number) =>
            {
                Some(Type::Number(NumberType {
                    format: self.format.map(str::to_owned).into(),
                    multiple_of: float(self.multiple_of)?,
                    exclusive_minimum: self.exclusive_minimum.unwrap_or_default(),
                    exclusive_maximum: self.exclusive_maximum.unwrap_or_default(),
                    minimum: float(self.minimum)?,
                    maximum: float(self.maximum)?,
                    enumeration: self.enumerated(Value::as_f64)?,
                }))
            }
            Some("integer")
                if !(pattern || object || array || length || composed)
                    && enumerated_as(Value::is_i64)
                    && whole(self.multiple_of)
                    && whole(self.minimum)
                    && whole(self.maximum) =>
            {
                Some(Type::Integer(IntegerType {
                    format: self.format.map(str::to_owned).into(),
                    multiple_of: integer(self.multiple_of)?,
                    exclusive_minimum: self.exclusive_minimum.unwrap_or_default(),
                    exclusive_maximum: self.exclusive_maximum.unwrap_or_default(),
                    minimum: integer(self.minimum)?,
                    maximum: integer(self.maximum)?,
                    enumeration: self.enumerated(Value::as_i64)?,
                }))
            }
            Some("boolean")
                if !(pattern || numeric || object || array || formatted || length || composed)
                    && enumerated_as(Value::is_boolean) =>
            {
                Some(Type::Boolean(BooleanType {
                    enumeration: self.enumerated(Value::as_bool)?,
                }))
            }
            Some("object")
                if !(pattern
                    || numeric
                    || array
                    || enumerated
                    || formatted
                    || length
                    || composed) =>
            {
                Some(Type::Object(ObjectType {
                    properties: self.properties()?,
                    required: self.required()?,
                    additional_properties: self.additional_properties()?,
                    min_properties: self.min_properties,
                    max_properties: self.max_properties,
                }))
            }
            Some("array")
                if !(pattern
                    || numeric
                    || object
                    || enumerated
                    || formatted
                    || length
                    || composed) =>
            {
                Some(Type::Array(ArrayType {
                    items: self.items()?,
                    min_items: self.min_items,
                    max_items: self.max_items,
                    unique_items: self.unique_items.unwrap_or_default(),
                }))
            }
            _ => None,
        };
        if let Some(typed) = typed {
            return Ok(SchemaKind::Type(typed));
        }
        let alone = self.kind.is_none()
            && !(pattern
                || numeric
                || object
                || array
                || enumerated
                || formatted
                || length
                || compositions.iter().filter(|present| **present).count() > 1);
        if alone {
            if let Some(one_of) = self.one_of {
                return Ok(SchemaKind::OneOf {
                    one_of: schemas(one_of)?,
                });
            }
            if let Some(all_of) = self.all_of {
                return Ok(SchemaKind::AllOf {
                    all_of: schemas(all_of)?,
                });
            }
            if let Some(any_of) = self.any_of {
                return Ok(SchemaKind::AnyOf {
                    any_of: schemas(any_of)?,
                });
            }
            if let Some(not) = self.not {
                return Ok(SchemaKind::Not {
                    not: Box::new(schema_or_reference(not)?),
                });
            }
        }
        Ok(SchemaKind::Any(AnySchema {
            typ: self.kind.map(str::to_owned),
            pattern: self.pattern.map(str::to_owned),
            multiple_of: float(self.multiple_of)?,
            exclusive_minimum: self.exclusive_minimum,
            exclusive_maximum: self.exclusive_maximum,
            minimum: float(self.minimum)?,
            maximum: float(self.maximum)?,
            properties: self.properties()?,
            required: self.required()?,
            additional_properties: self.additional_properties()?,
            min_properties: self.min_properties,
            max_properties: self.max_properties,
            items: self.items()?,
            min_items: self.min_items,
            max_items: self.max_items,
            unique_items: self.unique_items,
            enumeration: self.enumeration.map(<[Value]>::to_vec).unwrap_or_default(),
            format: self.format.map(str::to_owned),
            min_length: self.min_length,
            max_length: self.max_length,
            one_of: self.one_of.map(schemas).transpose()?.unwrap_or_default(),
            all_of: self.all_of.map(schemas).transpose()?.unwrap_or_default(),
            any_of: self.any_of.map(schemas).transpose()?.unwrap_or_default(),
            not: self
                .not
                .map(|not| schema_or_reference(not).map(Box::new))
                .transpose()?,
        }))
    }

    /// The `enum` values of a typed kind, `null` as `None`; the kind's guard checked their
    /// type.
    fn enumerated<T>(&self, read: impl Fn(&Value) -> Option<T>) -> Typed<Vec<Option<T>>> {
        self.enumeration.map_or(Ok(Vec::new()), |values| {
            values
                .iter()
                .map(|value| match value {
                    Value::Null => Ok(None),
                    value => read(value).map(Some).ok_or(Unsupported),
                })
                .collect()
        })
    }

    fn properties(&self) -> Typed<IndexMap<String, ReferenceOr<Box<Schema>>>> {
        self.properties.map_or(Ok(IndexMap::new()), |properties| {
            entries(properties, |value| reference_or(value, boxed_schema))
        })
    }

    fn required(&self) -> Typed<Vec<String>> {
        self.required.unwrap_or_default().iter().map(text).collect()
    }

    fn additional_properties(&self) -> Typed<Option<AdditionalProperties>> {
        self.additional_properties
            .map(|value| match value {
                Value::Bool(allowed) => Ok(AdditionalProperties::Any(*allowed)),
                value => schema_or_reference(value)
                    .map(|schema| AdditionalProperties::Schema(Box::new(schema))),
            })
            .transpose()
    }

    fn items(&self) -> Typed<Option<ReferenceOr<Box<Schema>>>> {
        self.items
            .map(|value| reference_or(value, boxed_schema))
            .transpose()
    }
}

fn schemas(values: &[Value]) -> Typed<Vec<ReferenceOr<Schema>>> {
    typed_all(values, schema_or_reference)
}

fn float(number: Option<&Number>) -> Typed<Option<f64>> {
    number
        .map(|number| number.as_f64().ok_or(Unsupported))
        .transpose()
}

fn integer(number: Option<&Number>) -> Typed<Option<i64>> {
    number
        .map(|number| number.as_i64().ok_or(Unsupported))
        .transpose()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;
    use crate::load::prepare;

    /// Both typings of `tree`: this module's, alone and with a second thread, and serde's.
    /// They must agree: the same document, or an error from both.
    fn assert_typed_as_serde_types(tree: &Value) {
        let ours = document(tree, false);
        assert_eq!(ours, document(tree, true), "{tree}");
        let serde = serde_json::from_value::<OpenAPI>(tree.clone());
        match (&ours, &serde) {
            (Ok(ours), Ok(serde)) => assert!(ours == serde, "{tree}"),
            (Err(_), Err(_)) => {}
            _ => panic!("ours {ours:?}, serde's {serde:?}, of {tree}"),
        }
    }

    /// Every spec and fixture, and the vendors' documents where they are beside the
    /// repository: typed to exactly the model serde makes, and never left to serde.
    #[test]
    fn every_spec_types_as_serde_types_it() {
        let mut typed = 0;
        for (spec, format) in crate::test_documents() {
            let spec = spec.as_path();
            let text = std::fs::read_to_string(spec).expect("spec");
            // Files another spec references are not documents of their own.
            let Some((tree, _)) = prepare(&text, format, Some(spec), &mut Vec::new()) else {
                continue;
            };
            if tree.get("info").is_none() {
                continue;
            }
            let serde = serde_json::from_value::<OpenAPI>(tree.clone()).expect("serde types it");
            let ours = document(&tree, false).unwrap_or_else(|_| panic!("{}", spec.display()));
            assert!(ours == serde, "{}", spec.display());
            typed += 1;
        }
        assert!(typed >= 20, "{typed} specs typed");
    }

    fn within_document(schema: Value, parameter: Value, responses: Value) -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "T", "version": "1"},
            "paths": {"/a": {"get": {"parameters": [parameter], "responses": responses}}},
            "components": {"schemas": {"S": schema}},
        })
    }

    /// The shapes where openapiv3's rules are least obvious, each typed as serde types it.
    #[test]
    fn the_rules_edges_type_as_serde_types_them() {
        let parameter = json!({"name": "p", "in": "query", "schema": {"type": "string"}});
        let responses = json!({"200": {"description": "ok"}});
        for schema in [
            json!({}),
            json!({"type": "string", "oneOf": [{"type": "string"}]}),
            json!({"type": "string", "enum": [null, "a"], "nullable": true}),
            json!({"type": "string", "enum": ["a", 1]}),
            json!({"type": "string", "format": "date-time", "minLength": 1}),
            json!({"type": "string", "format": "made-up"}),
            json!({"type": "integer", "minimum": 1.5}),
            json!({"type": "integer", "maximum": 18446744073709551615_u64}),
            json!({"type": "integer", "enum": [1, null], "multipleOf": 2}),
            json!({"type": "integer", "enum": [2.5, null]}),
            json!({"type": "number", "enum": ["a"]}),
            json!({"type": "number", "enum": [1, 2.5], "exclusiveMinimum": true}),
            json!({"type": "boolean", "format": "x"}),
            json!({"type": "object", "enum": [{}]}),
            json!({"type": "object", "additionalProperties": false, "required": ["a"]}),
            json!({"type": "object", "additionalProperties": {"$ref": "#/x"}}),
            json!({"type": "object", "properties": null}),
            json!({"type": "array", "items": ["#/components/schemas/S"]}),
            json!({"type": "array", "items": [{"type": "string"}]}),
            json!({"oneOf": [{"$ref": "#/x"}], "anyOf": []}),
            json!({"allOf": [], "description": "d", "x-a": 1}),
            json!({"not": {"type": "string"}}),
            json!({"not": {}, "type": "object"}),
            json!({"$ref": "#/x", "description": "ignored"}),
            json!({"$ref": 1, "type": "string"}),
            json!({"nullable": null}),
            json!({"example": null, "default": null, "title": null}),
            json!({"minLength": -1}),
            json!({"minItems": 1.0}),
            json!({"exclusiveMinimum": 1}),
            json!({"discriminator": {"propertyName": "k", "mapping": {"a": "#/x"}}}),
            json!(true),
        ] {
            assert_typed_as_serde_types(&within_document(
                schema,
                parameter.clone(),
                responses.clone(),
            ));
        }
        let schema = json!({"type": "string"});
        for parameter in [
            json!({"name": "p", "in": "path", "required": true, "schema": {}}),
            json!({"name": "p", "in": "query", "content": {"a/b": {}}, "schema": {}}),
            json!({"name": "p", "in": "query", "schema": {}, "content": {"a/b": {}}}),
            json!({"name": "p", "in": "query"}),
            json!({"name": "p", "in": "body", "schema": {}}),
            json!({"name": "p", "in": "query", "style": "deepObject", "explode": true, "schema": {}}),
            json!({"name": "p", "in": "query", "style": "matrix", "schema": {}}),
            json!({"name": "p", "in": "query", "style": null, "schema": {}}),
            json!({"name": "p", "in": "header", "style": "simple", "schema": {}, "x-a": [1]}),
            json!({"name": "p", "in": "cookie", "allowReserved": true, "schema": {}}),
            json!({"name": "p", "in": "query", "required": null, "schema": {}}),
            json!({"$ref": "#/components/parameters/P"}),
        ] {
            assert_typed_as_serde_types(&within_document(
                schema.clone(),
                parameter,
                responses.clone(),
            ));
        }
        let parameter = json!({"$ref": "#/components/parameters/P"});
        for responses in [
            json!({"2XX": {"description": "a"}, "2xx": {"description": "b"}, "200": {"description": "c"}}),
            json!({"default": null, "x-a": 1, "099": {}, "1000": {}, "abc": 5, "+20": {}}),
            json!({"default": {"description": "d", "headers": {"h": {"schema": {}}}}}),
            json!({"200": {"description": "d", "links": {"l": {"operationId": "o", "operationRef": "r"}}}}),
            json!({"200": {"description": "d", "links": {"l": {"parameters": {"a": null}}}}}),
            json!({"200": {"content": {}}}),
            json!({"200": {"description": "d", "content": {"a/b": {"encoding": {"e": {"style": "form"}}}}}}),
        ] {
            assert_typed_as_serde_types(&within_document(
                schema.clone(),
                parameter.clone(),
                responses,
            ));
        }
    }

    /// Security schemes of every kind and flow, and ones openapiv3 rejects.
    #[test]
    fn security_schemes_type_as_serde_types_them() {
        let flows = json!({
            "implicit": {"authorizationUrl": "https://a", "scopes": {"r": "read"}, "x-a": 1},
            "password": {"tokenUrl": "https://t", "refreshUrl": "https://r", "scopes": {}},
            "clientCredentials": {"tokenUrl": "https://t", "scopes": {"w": "write"}},
            "authorizationCode": {"authorizationUrl": "https://a", "tokenUrl": "https://t",
                "scopes": {}},
        });
        for scheme in [
            json!({"type": "oauth2", "flows": flows, "description": "d"}),
            json!({"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "https://a"}}}),
            json!({"type": "oauth2", "flows": {"password": null}}),
            json!({"type": "oauth2"}),
            json!({"type": "apiKey", "in": "header", "name": "X-Key", "x-b": [1]}),
            json!({"type": "apiKey", "in": "body", "name": "X-Key"}),
            json!({"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}),
            json!({"type": "openIdConnect", "openIdConnectUrl": "https://o"}),
            json!({"type": "mutualTLS"}),
            json!({"$ref": "#/components/securitySchemes/S"}),
        ] {
            let mut document = within_document(
                json!({}),
                json!({"$ref": "#/components/parameters/P"}),
                json!({"200": {"description": "d"}}),
            );
            document["components"]["securitySchemes"] = json!({"S": scheme});
            assert_typed_as_serde_types(&document);
        }
    }

    /// A JSON value of any type, for members given one they should not have.
    fn noise() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            prop_oneof![Just(0_i64), Just(3), Just(-2)].prop_map(Value::from),
            Just(json!(1.5)),
            Just(json!("s")),
            Just(json!([])),
            Just(json!(["a", null])),
            Just(json!({})),
        ]
    }

    fn words(pool: &'static [&'static str]) -> impl Strategy<Value = Value> + Clone {
        prop::sample::select(pool).prop_map(Value::from)
    }

    fn object_of(
        members: impl Strategy<Value = (&'static str, Value)>,
    ) -> impl Strategy<Value = Value> {
        prop::collection::vec(members, 0..4).prop_map(|members| {
            Value::Object(
                members
                    .into_iter()
                    .map(|(name, value)| (name.to_owned(), value))
                    .collect(),
            )
        })
    }

    /// Schemas made of the keywords that decide openapiv3's kinds, mostly of the right type.
    fn schema_value() -> impl Strategy<Value = Value> {
        let numbers = prop_oneof![
            prop_oneof![Just(0_i64), Just(7), Just(-3)].prop_map(Value::from),
            Just(json!(2.5)),
            Just(json!(18446744073709551615_u64)),
        ];
        let counts = prop_oneof![
            Just(json!(0)),
            Just(json!(4)),
            Just(json!(-1)),
            Just(json!(2.0))
        ];
        let enumerations = prop::collection::vec(
            prop_oneof![
                Just(json!("a")),
                Just(json!(1)),
                Just(json!(2.5)),
                Just(json!(true)),
                Just(Value::Null)
            ],
            0..3,
        )
        .prop_map(Value::Array);
        let leaf = object_of(prop_oneof![
            words(&[
                "string", "number", "integer", "boolean", "object", "array", "null"
            ])
            .prop_map(|kind| ("type", kind)),
            words(&["date-time", "int32", "double", "made-up"])
                .prop_map(|format| ("format", format)),
            words(&["string", "integer", "boolean", "object", "array"])
                .prop_map(|kind| ("type", kind)),
            enumerations.prop_map(|values| ("enum", values)),
            numbers.clone().prop_map(|number| ("minimum", number)),
            numbers.prop_map(|number| ("multipleOf", number)),
            counts.clone().prop_map(|count| ("minLength", count)),
            counts.clone().prop_map(|count| ("maxItems", count)),
            counts.prop_map(|count| ("minProperties", count)),
            any::<bool>().prop_map(|flag| ("nullable", Value::from(flag))),
            any::<bool>().prop_map(|flag| ("exclusiveMaximum", Value::from(flag))),
            any::<bool>().prop_map(|flag| ("uniqueItems", Value::from(flag))),
            Just(("pattern", json!("^a"))),
            Just(("required", json!(["a"]))),
            Just(("description", json!("d"))),
            Just(("$ref", json!("#/components/schemas/S"))),
            Just(("x-a", json!({"b": 1}))),
            noise().prop_map(|value| ("example", value)),
            noise().prop_map(|value| ("default", value)),
            (
                prop::sample::select(
                    &[
                        "type",
                        "format",
                        "enum",
                        "required",
                        "nullable",
                        "minimum",
                        "items",
                        "oneOf",
                        "not",
                        "description",
                        "additionalProperties",
                        "properties",
                    ][..]
                ),
                noise()
            ),
        ]);
        leaf.prop_recursive(3, 32, 4, |inner| {
            let schemas = prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array);
            prop_oneof![
                inner.clone(),
                (inner.clone(), inner.clone()).prop_map(|(mut schema, item)| {
                    schema["items"] = item;
                    schema
                }),
                (inner.clone(), inner.clone()).prop_map(|(mut schema, property)| {
                    schema["properties"] = json!({"a": property});
                    schema
                }),
                (inner.clone(), inner.clone()).prop_map(|(mut schema, additional)| {
                    schema["additionalProperties"] = additional;
                    schema
                }),
                (inner.clone(), words(&["oneOf", "allOf", "anyOf"]), schemas).prop_map(
                    |(mut schema, combinator, schemas)| {
                        schema[combinator.as_str().unwrap_or("oneOf")] = schemas;
                        schema
                    }
                ),
                (inner.clone(), inner).prop_map(|(mut schema, not)| {
                    schema["not"] = not;
                    schema
                }),
            ]
        })
    }

    /// Parameters with every member openapiv3 reads, mostly of the right type.
    fn parameter_value() -> impl Strategy<Value = Value> {
        object_of(prop_oneof![
            Just(("name", json!("p"))),
            Just(("name", json!("p"))),
            words(&["query", "header", "path", "cookie", "body"]).prop_map(|place| ("in", place)),
            words(&["query", "header", "path", "cookie"]).prop_map(|place| ("in", place)),
            schema_value().prop_map(|schema| ("schema", schema)),
            schema_value().prop_map(|schema| ("schema", schema)),
            schema_value().prop_map(|schema| ("content", json!({"a/b": {"schema": schema}}))),
            words(&[
                "form",
                "simple",
                "matrix",
                "label",
                "deepObject",
                "pipeDelimited",
                "x"
            ])
            .prop_map(|style| ("style", style)),
            any::<bool>().prop_map(|flag| ("required", Value::from(flag))),
            any::<bool>().prop_map(|flag| ("allowReserved", Value::from(flag))),
            any::<bool>().prop_map(|flag| ("explode", Value::from(flag))),
            Just(("examples", json!({"e": {"value": 1}, "f": {"$ref": "#/x"}}))),
            noise().prop_map(|value| ("example", value)),
            noise().prop_map(|value| ("required", value)),
            noise().prop_map(|value| ("deprecated", value)),
            Just(("$ref", json!("#/components/parameters/P"))),
        ])
    }

    /// Responses keyed by status codes and other keys, mostly well formed.
    fn responses_value() -> impl Strategy<Value = Value> {
        let response = object_of(prop_oneof![
            Just(("description", json!("d"))),
            Just(("description", json!("d"))),
            schema_value().prop_map(|schema| ("content", json!({"a/b": {"schema": schema}}))),
            parameter_value().prop_map(|header| ("headers", json!({"h": header}))),
            Just(("links", json!({"l": {"operationId": "o"}}))),
            noise().prop_map(|value| ("content", value)),
            Just(("$ref", json!("#/components/responses/R"))),
        ]);
        prop::collection::vec(
            (
                words(&["200", "2XX", "2xx", "default", "x-a", "099", "abc", "404"]),
                response,
            ),
            0..4,
        )
        .prop_map(|members| {
            Value::Object(
                members
                    .into_iter()
                    .map(|(status, response)| {
                        (status.as_str().unwrap_or_default().to_owned(), response)
                    })
                    .collect(),
            )
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        /// Random schemas, parameters and responses, each in a document otherwise well formed:
        /// this module and serde agree on the model or on failing.
        #[test]
        fn random_elements_type_as_serde_types_them(
            schema in schema_value(),
            parameter in parameter_value(),
            responses in responses_value(),
        ) {
            let good_parameter = json!({"name": "p", "in": "query", "schema": {}});
            let good_responses = json!({"200": {"description": "d"}});
            for document in [
                within_document(schema, good_parameter.clone(), good_responses.clone()),
                within_document(json!({}), parameter, good_responses),
                within_document(json!({}), good_parameter, responses),
            ] {
                let ours = super::document(&document, false);
                let serde = serde_json::from_value::<OpenAPI>(document.clone());
                match (&ours, &serde) {
                    (Ok(ours), Ok(serde)) => prop_assert!(ours == serde, "{}", document),
                    (Err(_), Err(_)) => {}
                    _ => prop_assert!(
                        false,
                        "ours {:?}, serde's {:?}, of {}",
                        ours.is_ok(),
                        serde.as_ref().err(),
                        document
                    ),
                }
            }
        }
    }
}
