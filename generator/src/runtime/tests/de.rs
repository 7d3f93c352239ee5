//! The shape `emit/types.rs` writes for a struct's `Deserialize`, by hand, on a struct
//! with every kind of field: required, optional, nullable, lenient, boxed, renamed.

use crate::runtime::de::{required, Key};
use crate::runtime::lenient::{OrNull, Scalar};
use serde::Deserialize;

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
}

impl<'de> Deserialize<'de> for Room {
    fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
        struct __Visitor;
        impl<'de> serde::de::Visitor<'de> for __Visitor {
            type Value = Room;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("struct Room")
            }
            fn visit_map<__A: serde::de::MapAccess<'de>>(self, mut __map: __A) -> Result<Room, __A::Error> {
                let mut __f0 = None;
                let mut __f1 = None;
                let mut __f2 = None;
                let mut __f3 = None;
                let mut __f4 = None;
                let mut __f5 = None;
                let mut __f6 = None;
                while let Some(__key) =
                    __map.next_key_seed(Key(&["_id", "type", "count", "active", "topic", "parent", "map"]))?
                {
                    match __key {
                        Some(0) => __f0 = Some(__map.next_value()?),
                        Some(1) => __f1 = __map.next_value()?,
                        Some(2) => __f2 = Some(__map.next_value_seed(Scalar::new())?),
                        Some(3) => __f3 = __map.next_value_seed(OrNull::new())?,
                        Some(4) => __f4 = __map.next_value()?,
                        Some(5) => __f5 = __map.next_value()?,
                        Some(6) => __f6 = __map.next_value_seed(OrNull::new())?,
                        _ => {
                            __map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(Room {
                    id: required(__f0, "_id")?,
                    r#type: __f1,
                    count: required(__f2, "count")?,
                    active: __f3,
                    topic: __f4,
                    parent: __f5,
                    map: __f6,
                })
            }
        }
        deserializer.deserialize_map(__Visitor)
    }
}

fn room(json: &str) -> Result<Room, String> {
    serde_json::from_str(json).map_err(|e| e.to_string())
}

fn minimal(id: &str, count: i64) -> Room {
    Room { id: id.into(), r#type: None, count, active: None, topic: None, parent: None, map: None }
}

#[test]
fn every_field_decodes_and_unknown_keys_are_skipped() {
    let r = room(
        r#"{"_id": "r1", "type": "c", "count": 3, "active": true, "topic": "t", "map": 1.5,
            "parent": {"_id": "r0", "count": "2", "extra": {"deep": [1, null]}}, "other": [{}]}"#,
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
            ..minimal("r1", 3)
        }
    );
}

#[test]
fn absent_and_null_options_are_none() {
    assert_eq!(room(r#"{"_id": "r1", "count": 3}"#), Ok(minimal("r1", 3)));
    let nulls =
        r#"{"_id": "r1", "count": 3, "type": null, "active": null, "topic": null, "parent": null, "map": null}"#;
    assert_eq!(room(nulls), Ok(minimal("r1", 3)));
}

#[test]
fn scalars_are_lenient_and_the_rest_strict() {
    let r = room(r#"{"_id": "r1", "count": "3", "active": "FALSE", "map": "2.5"}"#).expect("decodes");
    assert_eq!((r.count, r.active, r.map), (3, Some(false), Some(2.5)));
    for (json, expected) in [
        (r#"{"_id": 1, "count": 3}"#, "expected a string"),
        (r#"{"_id": "r1", "count": "3.5"}"#, "an integer"),
        (r#"{"_id": "r1", "count": null}"#, "an integer"),
        (r#"{"_id": "r1", "count": 3, "active": "yes"}"#, "a boolean"),
    ] {
        let error = room(json).expect_err(json);
        assert!(error.contains(expected), "{json}: {error}");
    }
}

#[test]
fn an_absent_required_field_is_named_by_its_wire_name() {
    let error = room(r#"{"count": 3}"#).expect_err("_id is required");
    assert!(error.contains("missing field `_id`"), "{error}");
    let error = room(r#"{"_id": "r1"}"#).expect_err("count is required");
    assert!(error.contains("missing field `count`"), "{error}");
}

#[test]
fn what_is_not_an_object_is_an_error_expecting_the_struct() {
    for json in [r#""r1""#, "[]", "3", "null"] {
        let error = room(json).expect_err(json);
        assert!(error.contains("expected struct Room"), "{json}: {error}");
    }
}

#[test]
fn keys_are_found_whatever_the_deserializer_hands_over() {
    // `serde_json::Value` hands keys over as owned strings, a reader as borrowed ones,
    // an escaped key (`"\u0074ype"`) as a transient one.
    let value: serde_json::Value = serde_json::json!({"_id": "r1", "count": 3, "type": "d"});
    let r = Room::deserialize(value).expect("decodes");
    assert_eq!(r.r#type.as_deref(), Some("d"));
    let r = room(r#"{"_id": "r1", "count": 3, "\u0074ype": "p"}"#).expect("decodes");
    assert_eq!(r.r#type.as_deref(), Some("p"));
    let mut reader = serde_json::Deserializer::from_reader(&br#"{"_id": "r1", "count": 3, "type": "l"}"#[..]);
    let r = Room::deserialize(&mut reader).expect("decodes");
    assert_eq!(r.r#type.as_deref(), Some("l"));
}

#[test]
fn a_key_is_its_index_among_the_wire_names() {
    use serde::de::DeserializeSeed;
    let names: &'static [&'static str] = &["a", "b"];
    let key =
        |json: &str| Key(names).deserialize(&mut serde_json::Deserializer::from_str(json)).map_err(|e| e.to_string());
    assert_eq!(key(r#""b""#), Ok(Some(1)));
    assert_eq!(key(r#""c""#), Ok(None));
    assert_eq!(key(r#""""#), Ok(None));
    assert!(key("1").is_err_and(|e| e.contains("a field name")));
    assert_eq!(required::<u8, serde_json::Error>(Some(4), "x").map_err(|e| e.to_string()), Ok(4));
    assert_eq!(
        required::<u8, serde_json::Error>(None, "x").map_err(|e| e.to_string()),
        Err("missing field `x`".into())
    );
}
