//! Compiled into the standalone crate generated from `tests/fixtures/external_refs.yaml`: the
//! schemas of other files are types of the client like any other, and decode and encode as
//! those files describe them.

use external_refs::types::{Owner, Pet, Tag, Tag2};
use serde_json::json;

#[test]
fn schemas_from_other_files_round_trip() {
    let wire = json!({
        "id": 1,
        "tag": {"name": "dog"},
        "owner": {"name": "Ann", "pets": [{"id": 2}]},
    });
    let pet: Pet = serde_json::from_value(wire.clone()).expect("decodes");
    assert_eq!(pet.tag, Some(Tag2 { name: Some("dog".into()) }));
    let owner: &Owner = pet.owner.as_ref().expect("an owner");
    assert_eq!(owner.pets.as_ref().map(Vec::len), Some(1));
    assert_eq!(serde_json::to_value(&pet).expect("encodes"), wire);
    // The document's own `Tag` is a different type from the shared file's.
    let own: Tag = serde_json::from_value(json!({"label": "x"})).expect("decodes");
    assert_eq!(own.label.as_deref(), Some("x"));
}
