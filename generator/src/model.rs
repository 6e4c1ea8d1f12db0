//! The checked intermediate model: everything lowering decided, nothing emitting must look up.
//!
//! References are resolved into [`TypeId`]s, every name is decided and kept beside its wire
//! name, and every type is chosen. Emitting reads this model and cannot fail.

/// One API: what a spec file becomes.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The Rust module name, decided from the spec's file name.
    pub module: String,
    /// The spec file, as it should be named in generated documentation.
    pub source_name: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The servers a client may pick, the default first.
    pub servers: Vec<Server>,
    /// The security schemes operations may require, in the order the spec lists them.
    pub security_schemes: Vec<SecurityScheme>,
    /// The prefix of the environment variables `Client::from_env` reads, such as `CRIBL`.
    pub env_prefix: String,
    /// Every named type, indexed by [`TypeId`].
    pub types: Vec<TypeDef>,
    /// The operations, in the order the spec lists them.
    pub operations: Vec<Operation>,
}

impl Api {
    /// The type a [`TypeId`] names.
    pub fn type_def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }
}

/// A server the client can be pointed at.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// The URL template, `{name}` standing for each variable, without a trailing slash.
    pub url: String,
    /// The variant name of the generated `Server` enum.
    pub variant: String,
    /// The server's description.
    pub description: Option<String>,
    /// The variables of the URL template; the variant's fields.
    pub variables: Vec<ServerVariable>,
}

impl Server {
    /// The URL with every variable at its default.
    pub fn default_url(&self) -> String {
        fill_url(
            &self.url,
            self.variables
                .iter()
                .map(|variable| (variable.wire_name.as_str(), variable.default.as_str())),
        )
    }
}

/// A server URL template with each `{name}` replaced by its value, without a trailing slash.
pub fn fill_url<'a>(
    template: &str,
    values: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> String {
    let mut url = template.to_owned();
    for (name, value) in values {
        url = url.replace(&format!("{{{name}}}"), value);
    }
    url.trim_end_matches('/').to_owned()
}

/// A variable of a server URL template.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    /// Its name in the template.
    pub wire_name: String,
    /// The field name.
    pub rust_name: String,
    /// Its default value.
    pub default: String,
    /// The values it may take, when the spec lists them: an enum type of its own.
    pub choices: Option<VariableChoices>,
    /// Its description.
    pub description: Option<String>,
}

/// The values a server variable may take.
#[derive(Debug, Clone, PartialEq)]
pub struct VariableChoices {
    /// The enum's name.
    pub type_name: String,
    /// One variant per value.
    pub variants: Vec<Variant>,
    /// The index of the default value in `variants`.
    pub default: usize,
}

/// A security scheme of `components.securitySchemes`.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// Its name in the spec.
    pub name: String,
    /// The name of the `Client` method that sets its credentials.
    pub setter: String,
    /// The stem of the environment variables that hold its credentials, such as
    /// `CRIBL_CLIENT_OAUTH`.
    pub env: String,
    /// How its credentials travel.
    pub kind: SchemeKind,
    /// Its description.
    pub description: Option<String>,
}

/// How a scheme's credentials travel.
#[derive(Debug, Clone, PartialEq)]
pub enum SchemeKind {
    /// `Authorization: Bearer`: HTTP bearer and OpenID Connect.
    Bearer,
    /// `Authorization: Basic`.
    Basic,
    /// An API key.
    ApiKey {
        /// Where it travels.
        location: ApiKeyLocation,
        /// The header, query parameter or cookie name.
        name: String,
    },
    /// OAuth 2.0: a bearer token, obtained with the client credentials grant when the
    /// scheme has that flow.
    OAuth2 {
        /// The client credentials flow.
        client_credentials: Option<TokenEndpoint>,
    },
}

/// The token endpoint of a client credentials flow.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenEndpoint {
    /// The absolute token URL.
    pub url: String,
    /// Extra form parameters of the token request, from `x-token-parameters`.
    pub parameters: Vec<(String, String)>,
}

/// Where an API key travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// A header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// Index of a [`TypeDef`] in [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// Documentation taken from the spec.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Docs {
    /// A one-line summary.
    pub summary: Option<String>,
    /// The longer description, Markdown.
    pub description: Option<String>,
}

/// A named type: a component schema, or an inline schema named after its place.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust type name.
    pub name: String,
    /// Documentation.
    pub docs: Docs,
    /// Whether the schema is marked `deprecated`.
    pub deprecated: bool,
    /// What the type is.
    pub kind: TypeKind,
    /// Which directions of serde the type implements.
    pub serde: SerdeUse,
}

/// Which of `Serialize` and `Deserialize` a type implements: only what requests and responses
/// need, since each derive costs every user compile time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SerdeUse {
    /// Sent in a request body or parameter, or part of such a value.
    pub serialize: bool,
    /// Received in a response body, or part of such a value.
    pub deserialize: bool,
}

impl Default for SerdeUse {
    /// Both, until lowering knows better.
    fn default() -> Self {
        Self {
            serialize: true,
            deserialize: true,
        }
    }
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A string enum that also accepts values added later.
    Enum(Enum),
    /// Another name for a type.
    Alias(TypeRef),
    /// A struct wrapping one value, for a type that contains itself through arrays or maps,
    /// which an alias cannot.
    Newtype(TypeRef),
    /// `oneOf` or `anyOf`: the first alternative the value matches, in the order listed.
    Union(Vec<UnionVariant>),
    /// `oneOf` or `anyOf` with a `discriminator`: a property of the value names its alternative.
    TaggedUnion(TaggedUnion),
    /// An integer enum that also accepts values added later.
    IntEnum(IntEnum),
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub rust_name: String,
    /// The alternative's type.
    pub ty: TypeRef,
    /// Whether the value is boxed to break a cycle of types.
    pub boxed: bool,
}

/// A union whose alternative is named by a property of the value, the discriminator. Every
/// alternative is a struct; values whose tag names none of them are kept as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TaggedUnion {
    /// The discriminator property, as it is named on the wire.
    pub tag: String,
    /// The alternatives, in the order the spec lists them.
    pub variants: Vec<TaggedVariant>,
    /// The name of the variant that holds values whose tag no alternative claims.
    pub unknown_variant: String,
}

/// One alternative of a [`TaggedUnion`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TaggedVariant {
    /// The Rust variant name.
    pub rust_name: String,
    /// The tag values that select this alternative, never empty and never shared with another
    /// alternative. Encoding writes the first unless the value already holds one of them.
    pub tags: Vec<String>,
    /// The alternative's type: a struct, or an alias of one.
    pub ty: TypeRef,
    /// Whether the value is boxed to break a cycle of types.
    pub boxed: bool,
}

/// An object with known properties.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Struct {
    /// The properties, in the order the spec lists them.
    pub fields: Vec<Field>,
    /// The type of properties beyond the listed ones, when `additionalProperties` allows them.
    pub additional: Option<AdditionalField>,
}

impl Struct {
    /// Whether the struct derives `Default`: when no property is required.
    pub fn derives_default(&self) -> bool {
        self.fields.iter().all(|field| {
            matches!(
                field.presence,
                Presence::Optional | Presence::OptionalNullable
            )
        })
    }
}

/// The map that collects an object's extra properties.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AdditionalField {
    /// The Rust field name.
    pub rust_name: String,
    /// The type of each extra property's value.
    pub value: TypeRef,
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Field {
    /// The property name on the wire.
    pub wire_name: String,
    /// The Rust field name.
    pub rust_name: String,
    /// Documentation.
    pub docs: Docs,
    /// The value's type, before presence wraps it.
    pub ty: TypeRef,
    /// Whether the property must be present and whether it may be `null`.
    pub presence: Presence,
    /// Whether the value is boxed to break a cycle of types.
    pub boxed: bool,
    /// Whether the property is marked `deprecated`.
    pub deprecated: bool,
    /// `readOnly`: sent by the server only, so never serialized into a request.
    pub read_only: bool,
    /// `writeOnly`: sent by the client only, so a response may leave it out.
    pub write_only: bool,
    /// The schema's `default`: the value the server assumes when the property is absent.
    /// Documented only; the field stays optional, so a request never sends a default the
    /// caller did not set.
    pub default: Option<serde_json::Value>,
}

/// How a property's presence and nullability map onto Rust.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Presence {
    /// Required, never null: `T`.
    Required,
    /// Required and nullable: `Option<T>`, `None` sent as `null`.
    RequiredNullable,
    /// Optional, never null: `Option<T>`, `None` left out.
    Optional,
    /// Optional and nullable: `Nullable<T>`, absent, `null` or a value.
    OptionalNullable,
}

impl Presence {
    /// The presence of a property from `required` and `nullable`.
    pub fn of(required: bool, nullable: bool) -> Self {
        match (required, nullable) {
            (true, false) => Self::Required,
            (true, true) => Self::RequiredNullable,
            (false, false) => Self::Optional,
            (false, true) => Self::OptionalNullable,
        }
    }
}

/// A string enum. The generated type has one variant per value plus `Unknown(String)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Enum {
    /// The known values.
    pub variants: Vec<Variant>,
    /// The name of the variant that holds values the spec does not list.
    pub unknown_variant: String,
}

/// One known enum value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Variant {
    /// The value on the wire.
    pub wire_name: String,
    /// The Rust variant name.
    pub rust_name: String,
}

/// An integer enum. The generated type has one variant per value plus `Unknown(i64)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IntEnum {
    /// The known values.
    pub variants: Vec<IntVariant>,
    /// The name of the variant that holds values the spec does not list.
    pub unknown_variant: String,
}

/// One known integer enum value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IntVariant {
    /// The value on the wire.
    pub value: i64,
    /// The Rust variant name.
    pub rust_name: String,
}

/// A type as it is used by a field, a parameter or a body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// `boolean`.
    Bool,
    /// `integer`, `format: int32`.
    I32,
    /// `integer`, `format: int64` or no format.
    I64,
    /// `number`, `format: float`.
    F32,
    /// `number`, `format: double` or no format.
    F64,
    /// `string`.
    String,
    /// A string that must never be printed: `format: password` or `writeOnly`.
    Secret,
    /// `string`, `format: date-time`.
    DateTime,
    /// `string`, `format: date`.
    Date,
    /// `string`, `format: uuid`.
    Uuid,
    /// `string`, `format: binary`, or a body with a non-JSON media type.
    Bytes,
    /// Any JSON value.
    Any,
    /// A free-form JSON object.
    Object,
    /// An array.
    Array(Box<TypeRef>),
    /// An object whose properties all have one type.
    Map(Box<TypeRef>),
    /// A named type.
    Named(TypeId),
}

/// One operation: a client method and its request type.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The `operationId`, or the name synthesised for it.
    pub operation_id: String,
    /// The client method's name.
    pub method_name: String,
    /// The request struct's name.
    pub request_name: String,
    /// The name of the enum of documented error responses.
    pub error_name: String,
    /// Documentation.
    pub docs: Docs,
    /// Whether the operation is marked `deprecated`.
    pub deprecated: bool,
    /// The HTTP method, upper case.
    pub http_method: HttpMethod,
    /// The path template as the spec writes it, for documentation.
    pub path_template: String,
    /// The path template, split into literals and parameters.
    pub path: Vec<PathPart>,
    /// The parameters, in the order the spec lists them.
    pub params: Vec<Param>,
    /// The request body.
    pub body: Option<Body>,
    /// The documented responses, ordered by status: codes, then ranges, then `default`.
    pub responses: Vec<Response>,
    /// The type a success returns: `None` for `()`. Unused when `success_enum` is set.
    pub success_type: Option<TypeRef>,
    /// Whether some success responses have no body, so the method returns `Option` of the
    /// success type.
    pub success_optional: bool,
    /// The name of the enum the method returns, a variant per success response, when the
    /// success responses have bodies of different types.
    pub success_enum: Option<String>,
    /// The value of the `Accept` header, when any response has a body.
    pub accept: Option<String>,
    /// The security requirement: alternatives, each a set of indexes into
    /// [`Api::security_schemes`]. `None` when the spec states none.
    pub security: Option<Vec<Vec<usize>>>,
    /// The URL of the server the spec names for this operation or its path, variables at
    /// their defaults, when it differs from the API's.
    pub server: Option<String>,
}

impl Operation {
    /// The documented error responses.
    pub fn errors(&self) -> impl Iterator<Item = &Response> {
        self.responses
            .iter()
            .filter(|response| !response.is_success)
    }
}

/// The HTTP methods OpenAPI knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl HttpMethod {
    /// The method as it travels.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Put => "PUT",
            Self::Post => "POST",
            Self::Delete => "DELETE",
            Self::Options => "OPTIONS",
            Self::Head => "HEAD",
            Self::Patch => "PATCH",
            Self::Trace => "TRACE",
        }
    }
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    /// Text sent as written.
    Literal(String),
    /// The path parameter at this index of [`Operation::params`].
    Param(usize),
}

/// One parameter, a field of the request struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The name on the wire.
    pub wire_name: String,
    /// The Rust field name.
    pub rust_name: String,
    /// Where it travels.
    pub location: ParamLocation,
    /// The value's type.
    pub ty: TypeRef,
    /// Whether the caller must give it.
    pub required: bool,
    /// Whether the parameter is marked `deprecated`.
    pub deprecated: bool,
    /// Its schema's `default`, the value the server assumes when it is not sent; documented
    /// only.
    pub default: Option<serde_json::Value>,
    /// Documentation.
    pub docs: Docs,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// One path segment.
    Path,
    /// The query string, lists in the given style.
    Query(ListStyle),
    /// A request header.
    Header,
    /// An object in the query string, `style: deepObject`: `name[key]=value`.
    DeepObject,
    /// A cookie, in the one `Cookie` header.
    Cookie,
}

/// How a list travels in a query string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListStyle {
    /// `name=a&name=b`.
    FormExploded,
    /// `name=a,b`.
    Form,
    /// `name=a%20b`.
    SpaceDelimited,
    /// `name=a|b`.
    PipeDelimited,
}

/// The request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The media type sent as `Content-Type`.
    pub media_type: String,
    /// The body's type.
    pub ty: TypeRef,
    /// How the value becomes bytes.
    pub encoding: BodyEncoding,
    /// Whether the caller must give one.
    pub required: bool,
    /// Documentation.
    pub docs: Docs,
}

/// How a request body is encoded.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyEncoding {
    /// JSON, for `application/json` and every `+json` type.
    Json,
    /// `application/x-www-form-urlencoded`: the struct's fields as `name=value` pairs.
    Form(FormFields),
    /// `multipart/form-data`: a part per field of the struct.
    Multipart(FormFields),
    /// Text (`text/*`): a `String` sent as UTF-8.
    Text,
    /// Raw bytes, sent as they are.
    Bytes,
}

/// The fields of a struct sent as a form, each with the way its value travels.
#[derive(Debug, Clone, PartialEq)]
pub struct FormFields {
    /// The struct's fields, in order.
    pub fields: Vec<FormField>,
    /// The struct's map of extra properties, as its Rust field name, and how each value
    /// travels.
    pub additional: Option<(String, FormPart)>,
}

/// One field of a struct sent as a form.
#[derive(Debug, Clone, PartialEq)]
pub struct FormField {
    /// The form field name.
    pub wire_name: String,
    /// The Rust field name.
    pub rust_name: String,
    /// Whether and how the field may be absent.
    pub presence: Presence,
    /// How its value travels.
    pub part: FormPart,
    /// The `Content-Type` of its parts in a multipart body, from the `encoding` object, in
    /// place of the default of its kind of part.
    pub content_type: Option<String>,
}

/// How a value of a form travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormPart {
    /// A scalar as text.
    Text,
    /// A list of scalars: one field per item under the same name
    /// ([`ListStyle::FormExploded`]), or one field of the items joined.
    TextList(ListStyle),
    /// Bytes: a file part of a multipart body.
    File,
    /// A list of byte strings, a file part each.
    FileList,
    /// Anything else, as its JSON text.
    Json,
    /// An object in the `deepObject` style of a form body: `name[key]=value` per property.
    DeepObject,
}

/// Which statuses a response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// A class such as `4XX`, given by its first digit.
    Range(u16),
    /// Every status not otherwise listed.
    Default,
}

impl std::fmt::Display for StatusMatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Code(code) => write!(f, "{code}"),
            Self::Range(class) => write!(f, "{class}XX"),
            Self::Default => f.write_str("default"),
        }
    }
}

/// One documented response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// Which statuses it covers.
    pub status: StatusMatch,
    /// Whether it is a success (2XX) response.
    pub is_success: bool,
    /// The name of its variant in the operation's error enum, or, for a success, in its
    /// success enum.
    pub variant: String,
    /// Documentation.
    pub docs: Docs,
    /// The body, when the response has one.
    pub content: Option<ResponseContent>,
}

/// The body of a response.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseContent {
    /// Its media type.
    pub media_type: String,
    /// How it is decoded.
    pub decoding: Decoding,
    /// Its type.
    pub ty: TypeRef,
}

/// How a body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoding {
    /// JSON, for `application/json` and every `+json` type.
    Json,
    /// UTF-8 text.
    Text,
    /// Raw bytes.
    Bytes,
}

impl TypeRef {
    /// Calls `visit` on every type id in this type, behind arrays and maps too.
    pub fn for_each_named_mut(&mut self, visit: &mut impl FnMut(&mut TypeId)) {
        match self {
            Self::Array(inner) | Self::Map(inner) => inner.for_each_named_mut(visit),
            Self::Named(id) => visit(id),
            Self::Bool
            | Self::I32
            | Self::I64
            | Self::F32
            | Self::F64
            | Self::String
            | Self::Secret
            | Self::DateTime
            | Self::Date
            | Self::Uuid
            | Self::Bytes
            | Self::Any
            | Self::Object => {}
        }
    }
}

impl TypeKind {
    /// Calls `visit` on every type id this kind uses, in the order its parts are listed.
    pub fn for_each_named_mut(&mut self, visit: &mut impl FnMut(&mut TypeId)) {
        match self {
            Self::Alias(target) | Self::Newtype(target) => target.for_each_named_mut(visit),
            Self::Struct(Struct { fields, additional }) => {
                for field in fields {
                    field.ty.for_each_named_mut(visit);
                }
                if let Some(AdditionalField {
                    rust_name: _,
                    value,
                }) = additional
                {
                    value.for_each_named_mut(visit);
                }
            }
            Self::Union(variants) => {
                for UnionVariant {
                    rust_name: _,
                    ty,
                    boxed: _,
                } in variants
                {
                    ty.for_each_named_mut(visit);
                }
            }
            Self::TaggedUnion(union) => {
                for TaggedVariant {
                    rust_name: _,
                    tags: _,
                    ty,
                    boxed: _,
                } in &mut union.variants
                {
                    ty.for_each_named_mut(visit);
                }
            }
            Self::Enum(_) | Self::IntEnum(_) => {}
        }
    }
}

impl Operation {
    /// Calls `visit` on every type id the operation's parameters, body and responses use.
    pub fn for_each_named_mut(&mut self, visit: &mut impl FnMut(&mut TypeId)) {
        for param in &mut self.params {
            param.ty.for_each_named_mut(visit);
        }
        if let Some(body) = &mut self.body {
            body.ty.for_each_named_mut(visit);
        }
        for response in &mut self.responses {
            if let Some(content) = &mut response.content {
                content.ty.for_each_named_mut(visit);
            }
        }
        if let Some(success) = &mut self.success_type {
            success.for_each_named_mut(visit);
        }
    }
}
