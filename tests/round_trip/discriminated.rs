//! Compiled into the standalone crate generated from `tests/fixtures/discriminated.yaml`:
//! a union with a discriminator decodes each value into the alternative its tag names, keeps
//! values with an unknown tag as JSON, and encodes everything back as it arrived.

use discriminated::types::{Cat, Dog, DogPetType, Event, EventPayload, Lizard, Pet};
use serde_json::{Value, json};

fn encode<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("encodes")
}

#[test]
fn each_tag_decodes_into_its_alternative_and_encodes_back() {
    let wire = json!([
        {"petType": "cat", "name": "Tom", "indoor": true},
        {"petType": "kitten", "name": "Kit"},
        {"petType": "dog", "name": "Rex", "goodBoy": true},
        {"petType": "Lizard", "scales": 300},
        {"petType": "parrot", "words": ["hello"]},
        {"name": "no tag at all"},
    ]);
    let pets: Vec<Pet> = serde_json::from_value(wire.clone()).expect("decodes");
    assert_eq!(
        pets[0],
        Pet::Cat(Cat {
            pet_type: "cat".into(),
            name: "Tom".into(),
            indoor: Some(true),
        })
    );
    assert!(matches!(&pets[1], Pet::Cat(cat) if cat.pet_type == "kitten" && cat.name == "Kit"));
    assert_eq!(
        pets[2],
        Pet::Dog(Dog {
            pet_type: DogPetType::Dog,
            name: "Rex".into(),
            good_boy: Some(true),
        })
    );
    assert_eq!(pets[3], Pet::Lizard(Lizard { scales: Some(300) }));
    // A tag the client does not know, and a value without one, are kept as they arrived.
    assert_eq!(
        pets[4],
        Pet::Unknown(json!({"petType": "parrot", "words": ["hello"]}))
    );
    assert_eq!(pets[5], Pet::Unknown(json!({"name": "no tag at all"})));
    assert_eq!(encode(&pets), wire);
}

#[test]
fn encoding_writes_the_tag_exactly_once() {
    // Lizard declares no `petType`: the union adds it.
    assert_eq!(
        encode(&Pet::Lizard(Lizard { scales: None })),
        json!({"petType": "Lizard"})
    );
    // Dog declares it: it is written once, not twice.
    let dog = Pet::Dog(Dog {
        pet_type: DogPetType::Dog,
        name: "Rex".into(),
        good_boy: None,
    });
    let text = serde_json::to_string(&dog).expect("encodes");
    assert_eq!(text.matches("petType").count(), 1, "{text}");
    assert_eq!(encode(&dog), json!({"petType": "dog", "name": "Rex"}));
    // A payload whose own tag names another alternative: the variant decides.
    let confused = Cat {
        pet_type: "dog".into(),
        name: "Tom".into(),
        indoor: None,
    };
    assert_eq!(
        encode(&Pet::Cat(confused.clone())),
        json!({"petType": "cat", "name": "Tom"})
    );
    // On its own, the same struct keeps its `petType` as an ordinary property.
    assert_eq!(encode(&confused), json!({"petType": "dog", "name": "Tom"}));
    let alone: Cat = serde_json::from_value(json!({"petType": "cat", "name": "Tom"}))
        .expect("a Cat decodes on its own");
    assert_eq!(alone.pet_type, "cat");
}

#[test]
fn a_known_tag_whose_payload_does_not_match_is_an_error() {
    let error = serde_json::from_value::<Pet>(json!({"petType": "cat", "indoor": false}))
        .expect_err("a cat needs a name");
    assert!(error.to_string().contains("name"), "{error}");
}

#[test]
fn recursive_unions_inside_structs_round_trip() {
    let wire = json!({
        "id": "e2",
        "payload": {
            "kind": "Nested",
            "inner": {
                "id": "e1",
                "payload": {"kind": "Created", "at": "2024-05-01T12:00:00Z"}
            }
        }
    });
    let event: Event = serde_json::from_value(wire.clone()).expect("decodes");
    let EventPayload::Nested(nested) = event.payload.as_ref() else {
        panic!("not nested: {event:?}");
    };
    let EventPayload::Created(created) = nested.inner.payload.as_ref() else {
        panic!("not created: {nested:?}");
    };
    assert_eq!(created.at.to_rfc3339(), "2024-05-01T12:00:00+00:00");
    assert_eq!(encode(&event), wire);

    let later = json!({"id": "e3", "payload": {"kind": "Archived", "reason": "old"}});
    let event: Event = serde_json::from_value(later.clone()).expect("decodes");
    assert!(matches!(event.payload.as_ref(), EventPayload::Unknown(_)));
    assert_eq!(encode(&event), later);
}
