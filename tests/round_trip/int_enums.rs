//! Compiled into the standalone crate generated from `tests/fixtures/int_enums.yaml`: integer
//! enums decode known and unknown values, and encode them back as integers.

use int_enums::runtime::{Nullable, ParamValue};
use int_enums::types::{Priority, Retries, Status, Task, TaskVersion, TaskWeight};
use serde_json::json;

#[test]
fn known_and_unknown_values_round_trip() {
    let wire = json!([
        {"id": "a", "priority": 1, "status": 404, "retries": 5, "weight": -1, "version": 2,
         "ratio": 0.5, "flag": true},
        {"id": "b", "priority": 7, "status": 418, "weight": null, "version": 3},
    ]);
    let tasks: Vec<Task> = serde_json::from_value(wire.clone()).expect("decodes");
    assert_eq!(tasks[0].priority, Priority::V1);
    assert_eq!(tasks[0].status, Some(Status::NotFound));
    assert_eq!(tasks[0].retries, Some(Retries::V5));
    assert_eq!(tasks[0].weight, Nullable::Value(TaskWeight::Minus1));
    assert_eq!(tasks[0].version, TaskVersion::V2);
    assert_eq!(tasks[0].ratio, Some(0.5));
    // Values added to the API later are kept, not refused.
    assert_eq!(tasks[1].priority, Priority::Unknown(7));
    assert_eq!(tasks[1].status, Some(Status::Unknown(418)));
    assert_eq!(tasks[1].weight, Nullable::Null);
    assert_eq!(tasks[1].version, TaskVersion::Unknown(3));
    assert_eq!(serde_json::to_value(&tasks).expect("encodes"), wire);
}

#[test]
fn values_convert_both_ways_and_travel_as_text() {
    assert_eq!(Status::from(-1), Status::Unset);
    assert_eq!(Status::Unset.value(), -1);
    assert_eq!(Status::Ok.value(), 200);
    assert_eq!(Priority::from(3), Priority::V3);
    assert_eq!(Priority::V3.to_string(), "3");
    assert_eq!(Priority::Unknown(9).to_param(), "9");
    assert_eq!(TaskVersion::default(), TaskVersion::V2);
}

#[test]
fn a_string_is_not_an_integer_enum_value() {
    assert!(serde_json::from_value::<Priority>(json!("1")).is_err());
}
