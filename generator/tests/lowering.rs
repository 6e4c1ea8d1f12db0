//! What lowering decides for the constructs the seed specs do not exercise on the wire.

use generator::diagnostics::{Diagnostic, Severity};
use generator::load::{Format, load};
use generator::lower::lower;
use generator::model::{
    Api, BodyEncoding, Field, FormFields, FormPart, IntVariant, ListStyle, Operation,
    ParamLocation, Presence, TaggedUnion, TypeKind, TypeRef,
};

fn lowered(yaml: &str) -> (Api, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let spec = load(yaml, Format::Yaml, &mut diagnostics).expect("the spec loads");
    let api = lower(&spec, "test_api", "specs/test_api.yaml", &mut diagnostics);
    (api, diagnostics)
}

fn fields<'a>(api: &'a Api, type_name: &str) -> &'a [Field] {
    let def = api
        .types
        .iter()
        .find(|def| def.name == type_name)
        .unwrap_or_else(|| panic!("no type {type_name}"));
    match &def.kind {
        TypeKind::Struct(object) => &object.fields,
        other => panic!("{type_name} is not a struct: {other:?}"),
    }
}

fn presence(fields: &[Field], wire_name: &str) -> Presence {
    fields
        .iter()
        .find(|field| field.wire_name == wire_name)
        .unwrap_or_else(|| panic!("no field {wire_name}"))
        .presence
}

const PRESENCE_30: &str = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
servers: [{url: "https://api.example.com"}]
paths: {}
components:
  schemas:
    Thing:
      type: object
      required: [a, b]
      properties:
        a: {type: string}
        b: {type: string, nullable: true}
        c: {type: string}
        d: {type: string, nullable: true}
        e: {$ref: "#/components/schemas/Nullable"}
    Nullable: {type: string, nullable: true}
"##;

#[test]
fn presence_follows_required_and_nullable_in_3_0() {
    let (api, diagnostics) = lowered(PRESENCE_30);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let thing = fields(&api, "Thing");
    assert_eq!(presence(thing, "a"), Presence::Required);
    assert_eq!(presence(thing, "b"), Presence::RequiredNullable);
    assert_eq!(presence(thing, "c"), Presence::Optional);
    assert_eq!(presence(thing, "d"), Presence::OptionalNullable);
    // Nullability of a referenced schema carries over to the property.
    assert_eq!(presence(thing, "e"), Presence::OptionalNullable);
}

#[test]
fn the_same_in_3_1_spelling_gives_the_same_presence() {
    let spec_31 = r##"
openapi: 3.1.0
info: {title: T, version: "1"}
servers: [{url: "https://api.example.com"}]
components:
  schemas:
    Thing:
      type: object
      required: [a, b]
      properties:
        a: {type: string}
        b: {type: [string, "null"]}
        c: {type: string}
        d: {type: ["null", string]}
        e: {oneOf: [{$ref: "#/components/schemas/Plain"}, {type: "null"}]}
    Plain: {type: string, const: fixed}
"##;
    let (api, diagnostics) = lowered(spec_31);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let thing = fields(&api, "Thing");
    assert_eq!(presence(thing, "a"), Presence::Required);
    assert_eq!(presence(thing, "b"), Presence::RequiredNullable);
    assert_eq!(presence(thing, "c"), Presence::Optional);
    assert_eq!(presence(thing, "d"), Presence::OptionalNullable);
    assert_eq!(presence(thing, "e"), Presence::OptionalNullable);
    let plain = api
        .types
        .iter()
        .find(|def| def.name == "Plain")
        .expect("Plain");
    let TypeKind::Enum(values) = &plain.kind else {
        panic!("`const` is a one-value enum: {plain:?}");
    };
    assert_eq!(values.variants[0].wire_name, "fixed");
}

#[test]
fn names_are_valid_unique_and_keep_their_wire_names() {
    let (api, _) = lowered(
        r##"
openapi: 3.0.3
info: {title: T, version: "1"}
servers: [{url: "https://api.example.com"}]
paths: {}
components:
  schemas:
    Names:
      type: object
      properties:
        type: {type: string}
        self: {type: string}
        fooBar: {type: string}
        foo_bar: {type: string}
        2fa: {type: boolean}
    Kind:
      type: string
      enum: [unknown, Unknown Thing, "1", a-b, a_b]
"##,
    );
    let names: Vec<(&str, &str)> = fields(&api, "Names")
        .iter()
        .map(|field| (field.wire_name.as_str(), field.rust_name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("type", "r#type"),
            ("self", "self_"),
            ("fooBar", "foo_bar"),
            ("foo_bar", "foo_bar2"),
            ("2fa", "_2fa")
        ]
    );
    let kind = api
        .types
        .iter()
        .find(|def| def.name == "Kind")
        .expect("Kind");
    let TypeKind::Enum(values) = &kind.kind else {
        panic!("Kind is an enum");
    };
    let variants: Vec<&str> = values
        .variants
        .iter()
        .map(|v| v.rust_name.as_str())
        .collect();
    assert_eq!(variants, ["Unknown", "UnknownThing", "V1", "AB", "AB2"]);
    // The catch-all never takes a real value's name.
    assert_eq!(values.unknown_variant, "UnknownValue");
}

#[test]
fn recursive_types_are_boxed_only_where_needed() {
    let (api, _) = lowered(
        r##"
openapi: 3.0.3
info: {title: T, version: "1"}
servers: [{url: "https://api.example.com"}]
paths: {}
components:
  schemas:
    Node:
      type: object
      properties:
        parent: {$ref: "#/components/schemas/Node"}
        children: {type: array, items: {$ref: "#/components/schemas/Node"}}
        label: {type: string}
"##,
    );
    let boxed: Vec<bool> = fields(&api, "Node")
        .iter()
        .map(|field| field.boxed)
        .collect();
    assert_eq!(boxed, [true, false, false]);
}

#[test]
fn operations_without_an_id_and_with_colliding_ids_get_distinct_names() {
    let (api, diagnostics) = lowered(
        r##"
openapi: 3.0.3
info: {title: T, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
  /v1/clients/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"204": {description: ok}}
    delete:
      operationId: new
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"204": {description: ok}}
    put:
      operationId: New
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"204": {description: ok}}
"##,
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let names: Vec<(&str, &str)> = api
        .operations
        .iter()
        .map(|op| (op.method_name.as_str(), op.request_name.as_str()))
        .collect();
    // `new` is a constructor of every client, so both operations named so get suffixes.
    assert_eq!(
        names,
        [
            ("get_v1_clients_id", "GetV1ClientsIdRequest"),
            ("new2", "NewRequest"),
            ("new3", "NewRequest2"),
        ]
    );
}

#[test]
fn a_reference_into_another_schema_becomes_a_type_named_after_its_place() {
    let (api, diagnostics) = lowered(
        r##"
openapi: 3.0.3
info: {title: T, version: "1"}
servers: [{url: "https://api.example.com"}]
paths: {}
components:
  schemas:
    apiCredential:
      type: object
      properties:
        data:
          type: object
          properties:
            attributes:
              type: object
              properties:
                name: {type: string}
    update:
      type: object
      properties:
        attributes: {$ref: "#/components/schemas/apiCredential/properties/data/properties/attributes"}
"##,
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let update = fields(&api, "Update");
    let TypeRef::Named(id) = &update[0].ty else {
        panic!("a named type: {:?}", update[0].ty);
    };
    // The inline type the reference points into is the same type, not a copy.
    assert_eq!(api.type_def(*id).name, "ApiCredentialDataAttributes");
    assert_eq!(
        fields(&api, "ApiCredentialDataAttributes")[0].wire_name,
        "name"
    );
}

#[test]
fn problems_are_located_diagnostics_not_failures() {
    let mut diagnostics = Vec::new();
    assert!(
        load(
            "openapi: 3.0.3\ninfo: [unclosed\n",
            Format::Yaml,
            &mut diagnostics
        )
        .is_none()
    );
    let location = diagnostics[0]
        .location
        .as_ref()
        .expect("a syntax error is located");
    assert_eq!(
        (location.line, diagnostics[0].severity),
        (3, Severity::Error)
    );

    let mut diagnostics = Vec::new();
    assert!(load(r#"{"swagger": "2.0"}"#, Format::Json, &mut diagnostics).is_none());
    assert!(
        diagnostics[0].message.contains("Swagger 2.0"),
        "{diagnostics:?}"
    );

    let (api, diagnostics) = lowered(
        r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /things/{id}:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {oneOf: [{type: string}, {type: integer}]}
"##,
    );
    let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("declares no path parameter `id`")),
        "{messages:?}"
    );
    assert!(diagnostics.iter().all(|d| d.severity == Severity::Warning));
    // The operation still generates, with the undeclared parameter and a union body.
    let operation = &api.operations[0];
    assert_eq!(operation.params[0].wire_name, "id");
    let Some(TypeRef::Named(body)) = operation.responses[0].content.as_ref().map(|c| &c.ty) else {
        panic!("the `oneOf` body is a named union");
    };
    let TypeKind::Union(variants) = &api.type_def(*body).kind else {
        panic!("a union");
    };
    let names: Vec<&str> = variants.iter().map(|v| v.rust_name.as_str()).collect();
    assert_eq!(names, ["String", "Integer"]);
}

#[test]
fn a_reference_lowered_before_its_target_is_not_duplicated_either() {
    let (api, diagnostics) = lowered(
        r##"
openapi: 3.0.3
info: {title: T, version: "1"}
servers: [{url: "https://api.example.com"}]
paths: {}
components:
  schemas:
    early:
      type: object
      properties:
        attributes: {$ref: "#/components/schemas/late/properties/attributes"}
        since: {type: string, format: date}
    late:
      type: object
      properties:
        attributes:
          type: object
          properties:
            name: {type: string}
"##,
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let names: Vec<&str> = api.types.iter().map(|def| def.name.as_str()).collect();
    assert_eq!(names, ["Early", "Late", "LateAttributes"]);
    assert_eq!(fields(&api, "Early")[0].ty, fields(&api, "Late")[0].ty);
}

/// The tagged union `type_name` and its variants' names with their tags.
fn tagged_variants<'a>(
    api: &'a Api,
    type_name: &str,
) -> (&'a TaggedUnion, Vec<(&'a str, Vec<&'a str>)>) {
    let TypeKind::TaggedUnion(union) = kind(api, type_name) else {
        panic!("a tagged union: {:?}", kind(api, type_name));
    };
    let variants = union
        .variants
        .iter()
        .map(|v| {
            let tags = v.tags.iter().map(String::as_str).collect();
            (v.rust_name.as_str(), tags)
        })
        .collect();
    (union, variants)
}

fn kind<'a>(api: &'a Api, type_name: &str) -> &'a TypeKind {
    &api.types
        .iter()
        .find(|def| def.name == type_name)
        .unwrap_or_else(|| panic!("no type {type_name}"))
        .kind
}

#[test]
fn a_discriminator_makes_a_tagged_union_with_tags_from_the_mapping_or_the_schema_name() {
    let (api, diagnostics) = lowered(
        r##"
openapi: 3.0.3
info: {title: T, version: "1"}
servers: [{url: "https://api.example.com"}]
paths: {}
components:
  schemas:
    Pet:
      oneOf:
        - $ref: "#/components/schemas/Cat"
        - $ref: "#/components/schemas/Dog"
        - $ref: "#/components/schemas/Unknown"
        - $ref: "#/components/schemas/Cat"
      discriminator:
        propertyName: pet_type
        mapping: {cat: "#/components/schemas/Cat", kitten: Cat}
    Cat:
      type: object
      required: [pet_type]
      properties:
        pet_type: {type: string}
    Dog:
      allOf:
        - $ref: "#/components/schemas/Base"
        - {type: object, properties: {barks: {type: boolean}}}
    Unknown: {$ref: "#/components/schemas/Base"}
    Base:
      type: object
      properties:
        pet_type: {type: string}
"##,
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let (union, variants) = tagged_variants(&api, "Pet");
    assert_eq!(union.tag, "pet_type");
    // The repeated `Cat` is one alternative; an alias of a struct may be one too.
    assert_eq!(
        variants,
        [
            ("Cat", vec!["cat", "kitten"]),
            ("Dog", vec!["Dog"]),
            ("Unknown", vec!["Unknown"]),
        ]
    );
    assert_eq!(union.unknown_variant, "UnknownValue");
    // The alternatives keep the tag property: it is not consumed by the union.
    assert_eq!(
        presence(fields(&api, "Cat"), "pet_type"),
        Presence::Required
    );
}

#[test]
fn a_base_schema_with_a_discriminator_becomes_a_union_of_the_schemas_that_extend_it() {
    let (api, diagnostics) = lowered(
        r##"
openapi: 3.0.3
info: {title: T, version: "1"}
servers: [{url: "https://api.example.com"}]
paths: {}
components:
  schemas:
    Pet:
      type: object
      required: [kind]
      properties:
        kind: {type: string}
        owner: {$ref: "#/components/schemas/Pet"}
      discriminator:
        propertyName: kind
        mapping: {pet: Pet, reptile: Snake, ghost: Missing, same: Same}
    Cat:
      allOf:
        - $ref: "#/components/schemas/Pet"
        - {type: object, properties: {purrs: {type: boolean}}}
    Lizard:
      allOf: [{$ref: "#/components/schemas/Pet"}]
    Snake:
      type: object
      properties:
        kind: {type: string}
        length: {type: number}
    Same: {$ref: "#/components/schemas/Pet"}
    Lonely:
      type: object
      properties:
        kind: {type: string}
      discriminator: {propertyName: kind}
"##,
    );
    let (_, variants) = tagged_variants(&api, "Pet");
    // The base itself (the mapping names it), the subtypes, then the mapping's other targets.
    assert_eq!(
        variants,
        [
            ("PetBase", vec!["pet"]),
            ("Cat", vec!["Cat"]),
            ("Lizard", vec!["Lizard"]),
            ("Snake", vec!["reptile"]),
        ]
    );
    // Subtypes merge the base's properties, including one that is the base again: the union.
    let cat: Vec<&str> = fields(&api, "Cat")
        .iter()
        .map(|field| field.wire_name.as_str())
        .collect();
    assert_eq!(cat, ["kind", "owner", "purrs"]);
    let pet = api
        .types
        .iter()
        .position(|def| def.name == "Pet")
        .expect("Pet");
    assert_eq!(
        fields(&api, "Lizard")[1].ty,
        TypeRef::Named(generator::model::TypeId(pet))
    );
    // Nothing extends `Lonely`: it stays a struct, its discriminator ignored with a warning.
    assert!(matches!(kind(&api, "Lonely"), TypeKind::Struct(_)));
    let warned = |pointer: &str| {
        diagnostics
            .iter()
            .any(|d| d.severity == Severity::Warning && d.pointer.as_deref() == Some(pointer))
    };
    assert!(
        warned("#/components/schemas/Lonely/discriminator"),
        "{diagnostics:?}"
    );
    assert!(
        warned("#/components/schemas/Pet/discriminator/mapping/ghost"),
        "{diagnostics:?}"
    );
    // An alias of the base would hold the union inside itself: left out.
    assert!(
        warned("#/components/schemas/Pet/discriminator/mapping/same"),
        "{diagnostics:?}"
    );
    assert_eq!(diagnostics.len(), 3, "{diagnostics:?}");
}

#[test]
fn a_discriminator_that_cannot_tell_the_alternatives_apart_leaves_an_untagged_union() {
    let (api, diagnostics) = lowered(
        r##"
openapi: 3.1.0
info: {title: T, version: "1"}
servers: [{url: "https://api.example.com"}]
components:
  schemas:
    Inline:
      oneOf:
        - $ref: "#/components/schemas/A"
        - {type: object, properties: {b: {type: string}}}
      discriminator: {propertyName: kind}
    NotObject:
      anyOf:
        - $ref: "#/components/schemas/A"
        - $ref: "#/components/schemas/Text"
      discriminator: {propertyName: kind}
    Stolen:
      oneOf:
        - $ref: "#/components/schemas/A"
        - $ref: "#/components/schemas/B"
      discriminator:
        propertyName: kind
        mapping: {B: A, other: "#/components/schemas/Elsewhere"}
    A: {type: object, properties: {kind: {type: string}}}
    B:
      type: object
      properties: {kind: {type: string}, b: {type: integer}}
      discriminator: {propertyName: kind}
    Elsewhere: {type: object, properties: {kind: {type: string}}}
    Text: {type: string}
"##,
    );
    for name in ["Inline", "NotObject", "Stolen"] {
        assert!(
            matches!(kind(&api, name), TypeKind::Union(_)),
            "{name} is untagged: {:?}",
            kind(&api, name)
        );
    }
    let found: Vec<(&str, &str)> = diagnostics
        .iter()
        .map(|d| (d.pointer.as_deref().unwrap_or(""), d.message.as_str()))
        .collect();
    assert!(
        diagnostics.iter().all(|d| d.severity == Severity::Warning),
        "{found:#?}"
    );
    let pointers: Vec<&str> = found.iter().map(|(pointer, _)| *pointer).collect();
    assert_eq!(
        pointers,
        [
            "#/components/schemas/Inline/oneOf/1",
            "#/components/schemas/Stolen/discriminator/mapping/other",
            "#/components/schemas/Stolen/discriminator",
            "#/components/schemas/B/discriminator",
            "#/components/schemas/NotObject/discriminator",
        ],
        "{found:#?}"
    );
    assert!(found[3].1.contains("here it is ignored"), "{found:#?}");
    assert!(found[4].1.contains("`Text`"), "{found:#?}");
    // A discriminator beside properties that nothing extends leaves the struct as it is.
    assert!(matches!(kind(&api, "B"), TypeKind::Struct(_)));
}

#[test]
fn integer_enums_are_open_enums_named_after_values_or_their_extension() {
    let (api, diagnostics) = lowered(
        r##"
openapi: 3.1.0
info: {title: T, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
  /tasks:
    get:
      parameters:
        - {name: level, in: query, schema: {$ref: "#/components/schemas/Level"}}
      responses:
        "204": {description: done}
components:
  schemas:
    Level:
      type: integer
      enum: [1, -1, 1, 300]
    Named:
      type: integer
      enum: [0, 1, 2]
      x-enum-varnames: [Off, "on", Unknown]
    Task:
      type: object
      properties:
        weight: {type: [integer, "null"], enum: [1, 2, null]}
        ratio: {type: number, enum: [0.5]}
        flag: {type: boolean, enum: [true]}
"##,
    );
    let variants = |name: &str| -> (Vec<(i64, String)>, String) {
        let TypeKind::IntEnum(values) = kind(&api, name) else {
            panic!("{name} is an integer enum: {:?}", kind(&api, name));
        };
        let variants = values
            .variants
            .iter()
            .map(|IntVariant { value, rust_name }| (*value, rust_name.clone()))
            .collect();
        (variants, values.unknown_variant.clone())
    };
    assert_eq!(
        variants("Level"),
        (
            vec![
                (1, "V1".into()),
                (-1, "Minus1".into()),
                (300, "V300".into())
            ],
            "Unknown".into()
        )
    );
    assert_eq!(
        variants("Named"),
        (
            vec![(0, "Off".into()), (1, "On".into()), (2, "Unknown".into())],
            "UnknownValue".into()
        )
    );
    let task = fields(&api, "Task");
    assert_eq!(presence(task, "weight"), Presence::OptionalNullable);
    assert!(matches!(task[0].ty, TypeRef::Named(_)));
    assert_eq!(task[1].ty, TypeRef::F64);
    assert_eq!(task[2].ty, TypeRef::Bool);
    // The only warning: number enums stay plain numbers. An integer enum is a fine parameter.
    let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("`number`"), "{messages:?}");
    assert_eq!(api.operations[0].params[0].wire_name, "level");
}

const OPERATIONS: &str = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
  /a:
    post:
      operationId: offersAll
      parameters:
        - {name: filter, in: query, style: deepObject, explode: true, schema: {$ref: "#/components/schemas/Form"}}
        - {name: session, in: cookie, schema: {type: string}}
        - {name: "a;b", in: cookie, schema: {type: string}}
      requestBody:
        content:
          application/octet-stream: {schema: {type: string, format: binary}}
          text/plain: {schema: {type: string}}
          multipart/form-data: {schema: {$ref: "#/components/schemas/Form"}}
          application/x-www-form-urlencoded: {schema: {$ref: "#/components/schemas/Form"}}
      responses:
        "200": {description: a, content: {application/json: {schema: {$ref: "#/components/schemas/Form"}}}}
        "201": {description: b, content: {application/json: {schema: {$ref: "#/components/schemas/Form"}}}}
        "204": {description: c}
    put:
      operationId: offersMultipart
      requestBody:
        content:
          text/plain: {schema: {type: string}}
          multipart/form-data: {schema: {$ref: "#/components/schemas/Form"}}
      responses:
        "200": {description: a, content: {application/json: {schema: {type: string}}}}
        "202": {description: b, content: {text/plain: {schema: {type: string}}}}
        "203": {description: c, content: {application/json: {schema: {type: integer}}}}
    patch:
      operationId: offersText
      requestBody:
        content:
          application/pdf: {schema: {type: string, format: binary}}
          text/csv: {schema: {type: string}}
      responses:
        "204": {description: a}
components:
  schemas:
    Form:
      type: object
      properties:
        name: {type: string}
        tags: {type: array, items: {type: string}}
        photo: {type: string, format: binary}
        photos: {type: array, items: {type: string, format: binary}}
        nested: {type: object, properties: {x: {type: string}}}
"##;

fn operation<'a>(api: &'a Api, id: &str) -> &'a Operation {
    api.operations
        .iter()
        .find(|operation| operation.operation_id == id)
        .unwrap_or_else(|| panic!("no operation {id}"))
}

#[test]
fn a_body_takes_the_preferred_media_type_and_its_encoding() {
    let (api, diagnostics) = lowered(OPERATIONS);
    let body = |id: &str| operation(&api, id).body.clone().expect("a body");

    let form = body("offersAll");
    assert_eq!(form.media_type, "application/x-www-form-urlencoded");
    let BodyEncoding::Form(fields) = &form.encoding else {
        panic!("a form: {:?}", form.encoding);
    };
    let parts: Vec<(&str, FormPart)> = fields
        .fields
        .iter()
        .map(|field| (field.wire_name.as_str(), field.part))
        .collect();
    assert_eq!(
        parts,
        [
            ("name", FormPart::Text),
            ("tags", FormPart::TextList(ListStyle::FormExploded)),
            ("photo", FormPart::File),
            ("photos", FormPart::FileList),
            ("nested", FormPart::Json),
        ]
    );
    assert!(
        diagnostics.iter().any(|d| d.severity == Severity::Warning
            && d.pointer
                .as_deref()
                .is_some_and(|p| p.ends_with("/properties/nested"))
            && d.message.contains("JSON text")),
        "a nested object in a form is a located warning: {diagnostics:?}"
    );

    let multipart = body("offersMultipart");
    assert_eq!(multipart.media_type, "multipart/form-data");
    assert!(matches!(multipart.encoding, BodyEncoding::Multipart(_)));

    let text = body("offersText");
    assert_eq!(text.media_type, "text/csv");
    assert_eq!(text.encoding, BodyEncoding::Text);
    assert_eq!(text.ty, TypeRef::String);
}

const ENCODINGS: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /form:
    post:
      operationId: sendForm
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                written: {type: array, items: {type: string}}
                unwritten: {type: array, items: {type: string}}
                joined: {type: array, items: {type: string}}
                piped: {type: array, items: {type: string}}
                filter: {type: object, properties: {x: {type: string}}}
                flat: {type: string}
            encoding:
              written: {style: form, explode: true}
              unwritten: {style: form}
              joined: {explode: false}
              piped: {style: pipeDelimited}
              filter: {style: deepObject}
              flat: {style: deepObject}
      responses:
        "204": {description: a}
  /multipart:
    post:
      operationId: sendMultipart
      requestBody:
        $ref: "#/components/requestBodies/Upload"
      responses:
        "204": {description: a}
components:
  requestBodies:
    Upload:
      content:
        multipart/form-data:
          schema:
            type: object
            properties:
              photo: {type: string, format: binary}
              count: {type: integer}
              meta: {type: object, properties: {x: {type: string}}}
              other: {type: string, format: binary}
          encoding:
            photo: {contentType: "image/png,image/jpeg"}
            count: {contentType: application/json}
            meta: {contentType: text/csv}
            other: {contentType: "*/*"}
"##;

fn form_fields<'a>(api: &'a Api, id: &str) -> &'a FormFields {
    match &operation(api, id).body.as_ref().expect("a body").encoding {
        BodyEncoding::Form(fields) | BodyEncoding::Multipart(fields) => fields,
        other => panic!("not a form: {other:?}"),
    }
}

#[test]
fn an_encoding_object_chooses_form_list_styles_and_deep_objects() {
    let (api, diagnostics) = lowered(ENCODINGS);
    let parts: Vec<(&str, FormPart)> = form_fields(&api, "sendForm")
        .fields
        .iter()
        .map(|field| (field.wire_name.as_str(), field.part))
        .collect();
    assert_eq!(
        parts,
        [
            ("written", FormPart::TextList(ListStyle::FormExploded)),
            // OpenAPI's default for `style: form` is `explode: true`, which openapiv3 reads
            // as false when it is not written.
            ("unwritten", FormPart::TextList(ListStyle::FormExploded)),
            ("joined", FormPart::TextList(ListStyle::Form)),
            ("piped", FormPart::TextList(ListStyle::PipeDelimited)),
            ("filter", FormPart::DeepObject),
            ("flat", FormPart::Text),
        ]
    );
    assert!(
        diagnostics.iter().any(|d| d.severity == Severity::Warning
            && d.pointer.as_deref().is_some_and(
                |p| p.ends_with("/application~1x-www-form-urlencoded/encoding/flat/style")
            )),
        "deepObject on a scalar is a located warning: {diagnostics:?}"
    );
}

#[test]
fn an_encoding_object_declares_multipart_content_types() {
    let (api, diagnostics) = lowered(ENCODINGS);
    let parts: Vec<(&str, FormPart, Option<&str>)> = form_fields(&api, "sendMultipart")
        .fields
        .iter()
        .map(|field| {
            (
                field.wire_name.as_str(),
                field.part,
                field.content_type.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        parts,
        [
            ("photo", FormPart::File, Some("image/png")),
            // A scalar declared as JSON is sent as its JSON text, the default type of JSON.
            ("count", FormPart::Json, None),
            ("meta", FormPart::Json, None),
            ("other", FormPart::File, None),
        ]
    );
    // Warnings point into the request body's own definition, where the entry is written.
    for property in ["meta", "other"] {
        let pointer = format!(
            "#/components/requestBodies/Upload/content/multipart~1form-data/encoding/{property}/contentType"
        );
        assert!(
            diagnostics
                .iter()
                .any(|d| d.severity == Severity::Warning && d.pointer.as_deref() == Some(&pointer)),
            "{pointer}: {diagnostics:?}"
        );
    }
}

#[test]
fn deep_object_and_cookie_parameters_are_kept_and_bad_cookie_names_are_warned_about() {
    let (api, diagnostics) = lowered(OPERATIONS);
    let params: Vec<(&str, ParamLocation)> = operation(&api, "offersAll")
        .params
        .iter()
        .map(|param| (param.wire_name.as_str(), param.location))
        .collect();
    assert_eq!(
        params,
        [
            ("filter", ParamLocation::DeepObject),
            ("session", ParamLocation::Cookie)
        ]
    );
    assert!(
        diagnostics.iter().any(|d| d
            .message
            .contains("cookie parameter `a;b` is not a valid cookie name")),
        "{diagnostics:?}"
    );
}

#[test]
fn successes_with_different_bodies_make_an_enum_and_the_same_body_does_not() {
    let (api, _) = lowered(OPERATIONS);
    let same = operation(&api, "offersAll");
    assert_eq!(same.success_enum, None);
    assert!(same.success_optional, "the 204 makes it an Option");

    let different = operation(&api, "offersMultipart");
    assert_eq!(
        different.success_enum.as_deref(),
        Some("OffersMultipartSuccess")
    );
    let variants: Vec<&str> = different
        .responses
        .iter()
        .filter(|response| response.is_success)
        .map(|response| response.variant.as_str())
        .collect();
    assert_eq!(variants, ["Ok", "Accepted", "NonAuthoritativeInformation"]);
}

#[test]
fn each_type_implements_the_serde_directions_its_use_needs() {
    let yaml = std::fs::read_to_string("../tests/fixtures/serde_use.yaml").expect("the fixture");
    let (api, diagnostics) = lowered(&yaml);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let serde = |name: &str| {
        let def = api
            .types
            .iter()
            .find(|def| def.name == name)
            .unwrap_or_else(|| panic!("no type {name}"));
        (def.serde.serialize, def.serde.deserialize)
    };
    assert_eq!(
        serde("NewUser"),
        (true, true),
        "sent, and inside the webhook payload"
    );
    assert_eq!(serde("User"), (false, true), "received only");
    assert_eq!(serde("Tag"), (true, true), "sent and received");
    assert_eq!(
        serde("UserCreatedEvent"),
        (false, true),
        "used by no operation"
    );
}

#[test]
fn read_only_and_write_only_properties_are_optional_where_they_travel_one_way() {
    let yaml = std::fs::read_to_string("../tests/fixtures/serde_use.yaml").expect("the fixture");
    let (api, _) = lowered(&yaml);
    let account = fields(&api, "Account");
    assert_eq!(presence(account, "id"), Presence::Optional, "readOnly");
    assert_eq!(
        presence(account, "password"),
        Presence::Optional,
        "writeOnly"
    );
    assert_eq!(presence(account, "name"), Presence::Required);
    assert!(
        account
            .iter()
            .any(|field| field.wire_name == "id" && field.read_only)
    );
}

#[test]
fn identical_types_share_one_definition_and_every_direction_it_needs() {
    let (api, diagnostics) = lowered(include_str!("../../tests/fixtures/shared_types.yaml"));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let alias_of = |name: &str| match kind(&api, name) {
        TypeKind::Alias(TypeRef::Named(id)) => Some(api.type_def(*id).name.as_str()),
        _ => None,
    };
    // Same values, different places: the shortest name keeps the definition.
    assert_eq!(alias_of("MilestoneState"), Some("IssueState"));
    assert_eq!(alias_of("UpdateIssueBodyState"), Some("IssueState"));
    assert_eq!(alias_of("IssueAssigneeKind"), Some("IssueAuthorKind"));
    assert_eq!(alias_of("IssueReviewerKind"), Some("IssueAuthorKind"));
    // These structs differ only in which of two identical enums they named: merged on a
    // second pass.
    assert_eq!(alias_of("IssueAssignee"), Some("IssueAuthor"));
    assert_eq!(alias_of("UpdateIssueBodyAssignee"), Some("IssueAuthor"));
    // A field documented differently keeps its struct apart.
    assert!(matches!(kind(&api, "IssueReviewer"), TypeKind::Struct(_)));
    // Fields of the structs that keep their definitions still name the types they named, an
    // alias included, so each place reads with its own name.
    let field_type = |type_name: &str, wire_name: &str| {
        let field = fields(&api, type_name)
            .iter()
            .find(|field| field.wire_name == wire_name)
            .unwrap_or_else(|| panic!("{type_name} has no field {wire_name}"));
        match &field.ty {
            TypeRef::Named(id) => api.type_def(*id).name.clone(),
            other => panic!("{type_name}.{wire_name} is {other:?}"),
        }
    };
    assert_eq!(field_type("IssueReviewer", "kind"), "IssueReviewerKind");
    assert_eq!(field_type("IssueAuthor", "kind"), "IssueAuthorKind");
    assert_eq!(field_type("Issue", "assignee"), "IssueAssignee");
    assert_eq!(field_type("Milestone", "state"), "MilestoneState");
    for name in ["IssueState", "IssueAuthorKind", "IssueAuthor"] {
        assert!(alias_of(name).is_none(), "{name} keeps its definition");
    }
    // The request body sends what responses receive: the shared type does both.
    let serde = |name: &str| {
        api.types
            .iter()
            .find(|def| def.name == name)
            .map(|def| (def.serde.serialize, def.serde.deserialize))
    };
    assert_eq!(serde("IssueAuthor"), Some((true, true)));
    assert_eq!(serde("IssueState"), Some((true, true)));
    assert_eq!(serde("IssueReviewer"), Some((false, true)));
}

#[test]
fn an_all_of_that_merges_a_schema_inside_its_own_copy_ends_with_a_warning() {
    // Each property merges `A` again: copied naively, every copy would hold two more.
    let (api, diagnostics) = lowered(
        r##"
openapi: 3.0.3
info: {title: T, version: "1"}
servers: [{url: "https://api.example.com"}]
paths: {}
components:
  schemas:
    A:
      type: object
      properties:
        p:
          allOf:
            - $ref: "#/components/schemas/A"
            - {type: object, properties: {q: {type: string}}}
        r:
          allOf:
            - $ref: "#/components/schemas/A"
            - {type: object, properties: {s: {type: string}}}
"##,
    );
    assert!(api.types.len() < 10, "{:?}", api.types.len());
    assert!(matches!(kind(&api, "A"), TypeKind::Struct(_)));
    assert!(
        diagnostics
            .iter()
            .all(|d| d.severity == Severity::Warning && d.message.contains("has no end")),
        "{diagnostics:?}"
    );
    assert!(!diagnostics.is_empty());
}

#[test]
fn references_to_parameters_bodies_and_responses_resolve_wherever_they_point() {
    let (api, diagnostics) = lowered(
        r##"
openapi: 3.0.3
info: {title: T, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
  /other:
    get:
      operationId: other
      parameters:
        - {name: page, in: query, schema: {type: integer}}
      responses:
        "204": {description: Done.}
  /items:
    post:
      operationId: createItem
      parameters:
        - $ref: "#/components/parameters/Limit"
        - $ref: "#/components/parameters/Chained"
        - $ref: "#/components/parameters/a~1b"
        - $ref: "#/components/parameters/Per%20Page"
        - $ref: "#/paths/~1other/get/parameters/0"
        - $ref: "#/components/parameters/Missing"
        - $ref: "#/components/responses/NotFound"
      requestBody:
        $ref: "#/components/requestBodies/Item"
      responses:
        "201":
          $ref: "#/components/responses/Created"
        "404":
          $ref: "#/components/responses/NotFound"
components:
  parameters:
    Limit: {name: limit, in: query, schema: {type: integer}}
    Chained:
      $ref: "#/components/parameters/Cursor"
    Cursor: {name: cursor, in: query, schema: {type: string}}
    a/b: {name: slashed, in: header, schema: {type: string}}
    Per Page: {name: per_page, in: query, schema: {type: integer}}
  requestBodies:
    Item:
      required: true
      content:
        application/json:
          schema: {type: object, properties: {name: {type: string}}}
  responses:
    Created:
      description: The new item.
      content:
        application/json:
          schema: {type: object, properties: {id: {type: string}}}
    NotFound: {description: No such item.}
"##,
    );
    let operation = api
        .operations
        .iter()
        .find(|operation| operation.operation_id == "createItem")
        .expect("the operation");
    let params: Vec<&str> = operation
        .params
        .iter()
        .map(|param| param.wire_name.as_str())
        .collect();
    assert_eq!(params, ["limit", "cursor", "slashed", "per_page", "page"]);
    let body = operation.body.as_ref().expect("the request body");
    assert!(body.required);
    assert_eq!(body.media_type, "application/json");
    let responses: Vec<(&str, bool)> = operation
        .responses
        .iter()
        .map(|response| {
            (
                response.docs.description.as_deref().unwrap_or_default(),
                response.content.is_some(),
            )
        })
        .collect();
    assert_eq!(
        responses,
        [("The new item.", true), ("No such item.", false)]
    );
    let errors: Vec<(&str, &str)> = diagnostics
        .iter()
        .map(|d| (d.pointer.as_deref().unwrap_or_default(), d.message.as_str()))
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0].0, "#/paths/~1items/post/parameters/5/$ref");
    assert!(errors[0].1.contains("points at nothing"), "{errors:?}");
    assert_eq!(errors[1].0, "#/paths/~1items/post/parameters/6/$ref");
    assert!(
        errors[1].1.contains("points at something else"),
        "{errors:?}"
    );
}
