//! The shape `emit/types.rs` writes for a struct's `FromJson` and `Deserialize`, on a
//! struct with every kind of field: required, optional, nullable, lenient, boxed,
//! renamed, nested in arrays and maps.

use crate::runtime::de::{
    by_serde, object, optional, optional_lenient, required, required_lenient, via_json, DecodeError, FromJson,
};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;

#[derive(Debug, PartialEq)]
struct Room {
    id: String,
    r#type: Option<String>,
    count: i64,
    active: Option<bool>,
    /// Required but nullable: an `Option` that is `None` when absent too.
    topic: Option<String>,
    parent: Option<Box<Room>>,
    map: Option<f64>,
    tags: Option<Vec<Tag>>,
    by_name: Option<BTreeMap<String, Tag>>,
}

impl FromJson for Room {
    fn from_json(value: Value) -> Result<Self, DecodeError> {
        let mut map = object(value, "Room")?;
        Ok(Room {
            id: required(&mut map, "_id")?,
            r#type: optional(&mut map, "type")?,
            count: required_lenient(&mut map, "count")?,
            active: optional_lenient(&mut map, "active")?,
            topic: optional(&mut map, "topic")?,
            parent: optional(&mut map, "parent")?,
            map: optional_lenient(&mut map, "map")?,
            tags: optional(&mut map, "tags")?,
            by_name: optional(&mut map, "byName")?,
        })
    }
}

impl<'de> Deserialize<'de> for Room {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        via_json(deserializer)
    }
}

#[derive(Debug, PartialEq)]
struct Tag {
    name: String,
    weight: u8,
}

impl FromJson for Tag {
    fn from_json(value: Value) -> Result<Self, DecodeError> {
        let mut map = object(value, "Tag")?;
        Ok(Tag { name: required(&mut map, "name")?, weight: required(&mut map, "weight")? })
    }
}

/// A struct without fields: any object.
#[derive(Debug, PartialEq)]
struct Empty {}

impl FromJson for Empty {
    fn from_json(value: Value) -> Result<Self, DecodeError> {
        object(value, "Empty")?;
        Ok(Empty {})
    }
}

fn room(json: &str) -> Result<Room, String> {
    serde_json::from_str(json).map_err(|e| e.to_string())
}

fn decode<T: FromJson>(value: Value) -> Result<T, String> {
    T::from_json(value).map_err(|e| e.to_string())
}

fn minimal(id: &str, count: i64) -> Room {
    Room {
        id: id.into(),
        r#type: None,
        count,
        active: None,
        topic: None,
        parent: None,
        map: None,
        tags: None,
        by_name: None,
    }
}

#[test]
fn every_field_decodes_and_unknown_keys_are_skipped() {
    let r = room(
        r#"{"_id": "r1", "type": "c", "count": 3, "active": true, "topic": "t", "map": 1.5,
            "parent": {"_id": "r0", "count": "2", "extra": {"deep": [1, null]}}, "other": [{}],
            "tags": [{"name": "a", "weight": 1}], "byName": {"b": {"name": "b", "weight": 2, "x": 0}}}"#,
    )
    .expect("decodes");
    assert_eq!(
        r,
        Room {
            r#type: Some("c".into()),
            active: Some(true),
            topic: Some("t".into()),
            parent: Some(Box::new(minimal("r0", 2))),
            map: Some(1.5),
            tags: Some(vec![Tag { name: "a".into(), weight: 1 }]),
            by_name: Some(BTreeMap::from([("b".into(), Tag { name: "b".into(), weight: 2 })])),
            ..minimal("r1", 3)
        }
    );
}

#[test]
fn absent_and_null_options_are_none() {
    assert_eq!(room(r#"{"_id": "r1", "count": 3}"#), Ok(minimal("r1", 3)));
    let nulls = r#"{"_id": "r1", "count": 3, "type": null, "active": null, "topic": null, "parent": null,
                    "map": null, "tags": null, "byName": null}"#;
    assert_eq!(room(nulls), Ok(minimal("r1", 3)));
}

#[test]
fn scalars_are_lenient_where_marked_and_the_rest_strict() {
    let r = room(r#"{"_id": "r1", "count": "3", "active": "FALSE", "map": "2.5"}"#).expect("decodes");
    assert_eq!((r.count, r.active, r.map), (3, Some(false), Some(2.5)));
    for (json, expected) in [
        (r#"{"_id": 1, "count": 3}"#, "invalid type: integer `1`, expected a string at `_id`"),
        (r#"{"_id": "r1", "count": "3.5"}"#, "invalid value: string \"3.5\", expected an integer at `count`"),
        (r#"{"_id": "r1", "count": null}"#, "invalid type: null, expected an integer at `count`"),
        (
            r#"{"_id": "r1", "count": 3, "active": "yes"}"#,
            "invalid value: string \"yes\", expected a boolean at `active`",
        ),
        (
            r#"{"_id": "r1", "count": 3, "tags": [{"name": "a", "weight": 1}, {"name": "b", "weight": "1"}]}"#,
            "invalid type: string \"1\", expected u8 at `tags[1].weight`",
        ),
        (
            r#"{"_id": "r1", "count": 3, "tags": [{"name": "a", "weight": 300}]}"#,
            "invalid value: integer `300`, expected u8 at `tags[0].weight`",
        ),
    ] {
        assert_eq!(room(json).expect_err(json), expected, "{json}");
    }
}

#[test]
fn an_error_names_the_path_to_the_value() {
    let deep = r#"{"_id": "r1", "count": 3, "parent": {"_id": "r0", "count": 1,
                   "byName": {"a.b": {"name": "x", "weight": -1}}}}"#;
    assert_eq!(room(deep), Err(r#"invalid value: integer `-1`, expected u8 at `parent.byName["a.b"].weight`"#.into()));
    let in_array = json!([{"name": "a", "weight": 1}, {"weight": 1}]);
    assert_eq!(decode::<Vec<Tag>>(in_array), Err("missing field `name` at `[1]`".into()));
    assert_eq!(decode::<Vec<Tag>>(json!({})), Err("invalid type: map, expected a sequence".into()));
}

#[test]
fn an_absent_required_field_is_named_by_its_wire_name() {
    assert_eq!(room(r#"{"count": 3}"#), Err("missing field `_id`".into()));
    assert_eq!(room(r#"{"_id": "r1"}"#), Err("missing field `count`".into()));
    assert_eq!(
        room(r#"{"_id": "r1", "count": 1, "parent": {"_id": "r0"}}"#),
        Err("missing field `count` at `parent`".into())
    );
}

#[test]
fn what_is_not_an_object_is_an_error_expecting_the_struct() {
    for (json, found) in [(r#""r1""#, "string \"r1\""), ("[]", "sequence"), ("3", "integer `3`"), ("null", "null")] {
        assert_eq!(room(json), Err(format!("invalid type: {found}, expected struct Room")), "{json}");
    }
    assert_eq!(decode::<Empty>(json!({"a": 1})), Ok(Empty {}));
    assert_eq!(decode::<Empty>(json!([])), Err("invalid type: sequence, expected struct Empty".into()));
}

#[test]
fn every_deserializer_reaches_the_same_decoding() {
    let value = json!({"_id": "r1", "count": 3, "type": "d"});
    let r = Room::deserialize(value).expect("decodes");
    assert_eq!(r.r#type.as_deref(), Some("d"));
    let r = room(r#"{"_id": "r1", "count": 3, "\u0074ype": "p", "type": "q"}"#).expect("decodes");
    assert_eq!(r.r#type.as_deref(), Some("q"), "a repeated key keeps its last value");
    let mut reader = serde_json::Deserializer::from_reader(&br#"{"_id": "r1", "count": 3, "type": "l"}"#[..]);
    let r = Room::deserialize(&mut reader).expect("decodes");
    assert_eq!(r.r#type.as_deref(), Some("l"));
}

#[test]
fn scalars_and_the_rest_decode_as_serde_does() {
    assert_eq!(decode::<u8>(json!(255)), Ok(255));
    assert_eq!(decode::<u8>(json!(256)), Err("invalid value: integer `256`, expected u8".into()));
    assert_eq!(decode::<i64>(json!(1.0)), Err("invalid type: floating point `1.0`, expected i64".into()));
    assert_eq!(decode::<i64>(json!("1")), Err("invalid type: string \"1\", expected i64".into()));
    assert_eq!(decode::<f32>(json!(2)), Ok(2.0));
    assert_eq!(decode::<bool>(json!(1)), Err("invalid type: integer `1`, expected a boolean".into()));
    assert_eq!(decode::<String>(json!(null)), Err("invalid type: null, expected a string".into()));
    assert_eq!(decode::<Option<String>>(json!(null)), Ok(None));
    assert_eq!(decode::<Value>(json!({"a": [1]})), Ok(json!({"a": [1]})));
    let map = decode::<serde_json::Map<String, Value>>(json!({"a": 1})).expect("an object");
    assert_eq!(map.get("a"), Some(&json!(1)));
    assert_eq!(
        decode::<serde_json::Map<String, Value>>(json!([1])),
        Err("invalid type: sequence, expected a map".into())
    );
    assert_eq!(decode::<Vec<u8>>(json!([1, 2])), Ok(vec![1, 2]));
    assert_eq!(
        decode::<BTreeMap<String, u8>>(json!({"k": -1})),
        Err("invalid value: integer `-1`, expected u8 at `k`".into())
    );
    assert_eq!(decode::<Box<Vec<Option<bool>>>>(json!([true, null])), Ok(Box::new(vec![Some(true), None])));
}

#[test]
fn other_types_decode_through_their_deserialize() {
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(untagged)]
    enum Either {
        Number(u8),
        Text(String),
    }
    impl FromJson for Either {
        fn from_json(value: Value) -> Result<Self, DecodeError> {
            by_serde(value)
        }
    }
    assert_eq!(decode::<Vec<Either>>(json!([1, "a"])), Ok(vec![Either::Number(1), Either::Text("a".into())]));
    assert_eq!(
        decode::<Vec<Either>>(json!([1, true])),
        Err("data did not match any variant of untagged enum Either at `[1]`".into())
    );
}
