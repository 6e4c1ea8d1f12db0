//! Compiled into the standalone crate generated from `tests/fixtures/polymorphism.yaml`: a
//! base schema with a discriminator, extended by subtypes with `allOf`, decodes each value into
//! the subtype its tag names, keeps unknown tags as JSON, and encodes everything back as it
//! arrived.

use polymorphism::types::{Branch, Cat, Dog, Leaf, Lizard, Node, Owner, Pet, PetBase};
use serde_json::{Value, json};

fn encode<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("encodes")
}

#[test]
fn a_list_of_mixed_subtypes_decodes_into_each_subtype_and_encodes_back() {
    let wire = json!([
        {"petType": "cat", "name": "Tom", "indoor": true},
        {"petType": "dog", "name": "Rex", "goodBoy": true},
        {"petType": "Lizard", "name": "Liz"},
        {"petType": "pet", "name": "Generic"},
        {"petType": "parrot", "name": "Polly", "words": ["hello"]},
    ]);
    let pets: Vec<Pet> = serde_json::from_value(wire.clone()).expect("decodes");
    // Each subtype has the base's properties, merged, and its own.
    assert_eq!(
        pets[0],
        Pet::Cat(Cat {
            pet_type: "cat".into(),
            name: "Tom".into(),
            indoor: Some(true),
        })
    );
    assert_eq!(
        pets[1],
        Pet::Dog(Dog {
            pet_type: "dog".into(),
            name: "Rex".into(),
            good_boy: true,
        })
    );
    assert_eq!(
        pets[2],
        Pet::Lizard(Lizard {
            pet_type: "Lizard".into(),
            name: "Liz".into(),
        })
    );
    // The mapping gives `pet` to the base itself: its own properties.
    let base: PetBase = PetBase {
        pet_type: "pet".into(),
        name: "Generic".into(),
    };
    assert_eq!(pets[3], Pet::PetBase(base));
    // A kind added to the API later is kept as it arrived.
    assert_eq!(
        pets[4],
        Pet::Unknown(json!({"petType": "parrot", "name": "Polly", "words": ["hello"]}))
    );
    assert_eq!(encode(&pets), wire);
}

#[test]
fn the_base_inside_other_types_is_the_union_too() {
    let wire = json!({
        "name": "Ann",
        "pets": [{"petType": "dog", "name": "Rex", "goodBoy": false}],
        "favourite": {"petType": "cat", "name": "Tom"},
    });
    let owner: Owner = serde_json::from_value(wire.clone()).expect("decodes");
    assert!(matches!(&owner.pets[0], Pet::Dog(dog) if !dog.good_boy));
    assert!(matches!(&owner.favourite, Some(Pet::Cat(cat)) if cat.name == "Tom"));
    assert_eq!(encode(&owner), wire);
}

#[test]
fn encoding_writes_the_variants_tag_once() {
    // A payload whose tag names another kind: the variant decides.
    let cat = Pet::Cat(Cat {
        pet_type: "dog".into(),
        name: "Tom".into(),
        indoor: None,
    });
    let text = serde_json::to_string(&cat).expect("encodes");
    assert_eq!(text.matches("petType").count(), 1, "{text}");
    assert_eq!(encode(&cat), json!({"petType": "cat", "name": "Tom"}));
    // A subtype on its own is a plain struct: its tag is an ordinary property.
    let alone: Cat = serde_json::from_value(json!({"petType": "cat", "name": "Tom"}))
        .expect("a Cat decodes on its own");
    assert_eq!(alone.pet_type, "cat");
}

#[test]
fn a_known_tag_whose_payload_does_not_match_is_an_error() {
    let error = serde_json::from_value::<Pet>(json!({"petType": "dog", "name": "Rex"}))
        .expect_err("a dog needs goodBoy");
    assert!(error.to_string().contains("goodBoy"), "{error}");
}

#[test]
fn recursive_hierarchies_round_trip() {
    let wire = json!({
        "kind": "Branch",
        "children": [
            {"kind": "Leaf", "value": 1},
            {"kind": "Branch", "children": [], "label": "empty"},
            {"kind": "Twig"},
        ],
        "first": {"kind": "Leaf", "label": "first"},
    });
    let tree: Node = serde_json::from_value(wire.clone()).expect("decodes");
    let Node::Branch(branch) = &tree else {
        panic!("not a branch: {tree:?}");
    };
    let Branch {
        children, first, ..
    } = branch.as_ref();
    assert_eq!(
        children[0],
        Node::Leaf(Leaf {
            kind: "Leaf".into(),
            label: None,
            value: Some(1),
        })
    );
    assert!(matches!(&children[1], Node::Branch(inner) if inner.children.is_empty()));
    assert_eq!(children[2], Node::Unknown(json!({"kind": "Twig"})));
    assert!(matches!(first.as_deref(), Some(Node::Leaf(leaf)) if leaf.label.as_deref() == Some("first")));
    assert_eq!(encode(&tree), wire);
}
