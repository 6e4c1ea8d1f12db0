//! Property: for any well-formed spec built from awkward names and nested schemas, generation
//! does not panic and whatever it generates parses as Rust.

use generator::load::Format;
use generator::{SpecSource, generate};
use proptest::prelude::*;
use serde_json::{Value, json};

/// Names that stress identifier handling: keywords, digits first, symbols, case twins, Unicode.
fn awkward_name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "type", "self", "Self", "crate", "super", "ref", "gen", "async", "_", "", "2fa",
            "Option", "Result", "String", "Vec", "Box", "Client", "Server", "types", "runtime",
            "unknown", "Unknown", "fooBar", "foo_bar", "FOO-BAR", "é", "名前", "$ref", "a.b",
            "x y",
        ])
        .prop_map(str::to_owned),
        "[a-zA-Z0-9_ .$@-]{1,10}",
    ]
}

fn schema(names: Vec<String>) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        prop::sample::select(vec!["string", "integer", "number", "boolean"])
            .prop_map(|t| json!({"type": t})),
        Just(json!({"type": "string", "format": "date-time"})),
        Just(json!({"type": "string", "format": "password"})),
        Just(json!({"type": ["string", "null"]})),
        prop::collection::vec(awkward_name(), 1..4)
            .prop_map(|values| json!({"type": "string", "enum": values})),
        prop::sample::select(names)
            .prop_map(|name| json!({"$ref": format!("#/components/schemas/{name}")})),
        Just(json!({})),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            (prop::collection::vec((awkward_name(), inner.clone(), any::<bool>()), 0..4), any::<bool>())
                .prop_map(|(properties, nullable)| {
                    let required: Vec<&String> =
                        properties.iter().filter(|(_, _, r)| *r).map(|(n, _, _)| n).collect();
                    let props: serde_json::Map<String, Value> =
                        properties.iter().map(|(n, s, _)| (n.clone(), s.clone())).collect();
                    json!({"type": "object", "properties": props, "required": required, "nullable": nullable})
                }),
            inner.clone().prop_map(|items| json!({"type": "array", "items": items})),
            inner.clone().prop_map(|values| json!({"type": "object", "additionalProperties": values})),
            prop::collection::vec(inner.clone(), 1..3).prop_map(|all| json!({"allOf": all})),
            prop::collection::vec(inner, 1..3).prop_map(|one| json!({"oneOf": one})),
        ]
    })
}

fn spec() -> impl Strategy<Value = String> {
    prop::collection::vec(awkward_name(), 1..5)
        .prop_flat_map(|names| {
            let schemas = prop::collection::vec(schema(names.clone()), names.len());
            let params = prop::collection::vec(
                (awkward_name(), prop::sample::select(vec!["query", "header", "path"]), schema(names.clone())),
                0..4,
            );
            let body = schema(names.clone());
            (Just(names), schemas, params, body, awkward_name())
        })
        .prop_map(|(names, schemas, params, body, operation_id)| {
            let schemas: serde_json::Map<String, Value> = names.into_iter().zip(schemas).collect();
            let path_params: Vec<String> = params
                .iter()
                .filter(|(_, place, _)| *place == "path")
                .map(|(name, _, _)| format!("{{{name}}}"))
                .collect();
            let parameters: Vec<Value> = params
                .into_iter()
                .map(|(name, place, schema)| json!({"name": name, "in": place, "required": place == "path", "schema": schema}))
                .collect();
            json!({
                "openapi": "3.1.0",
                "info": {"title": "Property", "version": "1"},
                "servers": [{"url": "https://api.example.com"}],
                "paths": {
                    format!("/things/{}", path_params.join("/")): {
                        "post": {
                            "operationId": operation_id,
                            "parameters": parameters,
                            "requestBody": {"content": {"application/json": {"schema": body.clone()}}},
                            "responses": {
                                "200": {"description": "ok", "content": {"application/json": {"schema": body}}},
                                "default": {"description": "error"}
                            }
                        }
                    }
                },
                "components": {"schemas": schemas}
            })
            .to_string()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn generated_code_always_parses(text in spec()) {
        let generated = generate(&[SpecSource {
            name: "property.json".to_owned(),
            module: "property".to_owned(),
            text,
            format: Format::Json,
            path: None,
        }], "generated");
        for module in &generated.modules {
            prop_assert!(syn::parse_file(&module.code).is_ok(), "{}", module.code);
        }
        prop_assert!(syn::parse_file(&generated.out_dir_modules).is_ok());
    }
}
