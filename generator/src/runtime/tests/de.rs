//! The shape `emit/types.rs` writes for a struct's `FromJson` and `Deserialize`, on a
//! struct with every kind of field: required, optional, nullable, lenient, boxed,
//! renamed, nested in arrays and maps.

use crate::runtime::de::{by_serde, from_json_slice, DecodeError, FromJson, Reader};
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

// What `emit/types.rs` writes for a struct decoded field by field.
crate::runtime::de::from_json_fields!(Room {
    id: "_id" required,
    r#type: "type" optional,
    count: "count" required_lenient,
    active: "active" optional_lenient,
    topic: "topic" optional,
    parent: "parent" optional,
    map: "map" optional_lenient,
    tags: "tags" optional,
    by_name: "byName" optional,
});

#[derive(Debug, PartialEq)]
struct Tag {
    name: String,
    weight: u8,
}

crate::runtime::de::from_json_fields!(Tag { name: "name" required, weight: "weight" required, });

/// A struct without fields: any object.
#[derive(Debug, PartialEq)]
struct Empty {}

crate::runtime::de::from_json_fields!(Empty {});

/// Decodes a room as the client does, checking that its `Deserialize` (through
/// `serde_json::from_str`) agrees.
fn room(json: &str) -> Result<Room, String> {
    let direct = text::<Room>(json);
    let via_serde = serde_json::from_str::<Room>(json).map_err(|e| e.to_string());
    assert_eq!(direct, via_serde, "the client's decoding and `Deserialize` differ on {json}");
    direct
}

fn decode<T: FromJson>(value: Value) -> Result<T, String> {
    from_json_slice(value.to_string().as_bytes()).map_err(|e| e.to_string())
}

/// Decodes text as the client does.
fn text<T: FromJson>(json: &str) -> Result<T, String> {
    from_json_slice(json.as_bytes()).map_err(|e| e.to_string())
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
        fn read_json(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
            by_serde(reader)
        }
    }
    assert_eq!(decode::<Vec<Either>>(json!([1, "a"])), Ok(vec![Either::Number(1), Either::Text("a".into())]));
    assert_eq!(
        decode::<Vec<Either>>(json!([1, true])),
        Err("data did not match any variant of untagged enum Either at `[1]`".into())
    );
}

#[test]
fn any_json_reads_as_serde_json_reads_it() {
    let documents = [
        r#"{"a": [1, -2, 3.5, 1e3, -0, 0.0, 18446744073709551615, 18446744073709551616, -9223372036854775808]}"#,
        r#"{"s": "a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00 é 😀", "": null, "t": true, "f": false}"#,
        "  [ ]  ",
        "\t{ }\r\n",
        r#"[[], {}, [{}], {"a": {"b": {"c": [null]}}}]"#,
        r#""just text""#,
        "-12.5E-3",
        r#"{"dup": 1, "dup": 2}"#,
    ];
    for json in documents {
        let ours: Value = text(json).expect(json);
        let theirs: Value = serde_json::from_str(json).expect(json);
        assert_eq!(ours, theirs, "{json}");
    }
}

#[test]
fn what_is_not_json_is_an_error_in_serde_json_words() {
    let documents = [
        "",
        "   ",
        "{",
        "[1,",
        "[1 2]",
        r#"{"a" 1}"#,
        r#"{"a": 1,}"#,
        "[1,]",
        r#"{1: 2}"#,
        "tru",
        "nul",
        "-",
        "1.",
        "1e",
        "1e999",
        r#""abc"#,
        r#""\x""#,
        r#""\ud800""#,
        "\"a\u{1}\"",
        "{} x",
        "[]]",
        "\n\n  ]",
    ];
    for json in documents {
        let ours = text::<Value>(json).expect_err(json);
        let theirs = serde_json::from_str::<Value>(json).expect_err(json).to_string();
        assert_eq!(ours, theirs, "{json:?}");
    }
    // Text that is not JSON is an error even inside a key the struct does not read.
    assert!(room(r#"{"_id": "r", "count": 1, "other": [1, }"#).is_err());
    assert_eq!(
        text::<Room>(r#"{"_id": "r", "count": 1, "other": [1, }"#),
        Err("expected value at line 1 column 39".into())
    );
    let invalid = from_json_slice::<String>(b"\"\xff\"").map_err(|e| e.to_string());
    let theirs = serde_json::from_slice::<String>(b"\"\xff\"").map_err(|e| e.to_string());
    assert_eq!(invalid, theirs);
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for depth in [127, 128, 129, 100_000] {
        let json = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let ours = text::<Value>(&json).map(drop);
        let theirs = serde_json::from_str::<Value>(&json).map(drop).map_err(|e| e.to_string());
        assert_eq!(ours, theirs, "depth {depth}");
    }
    // A recursive struct, and a deep value in a key it skips.
    let parents = format!("{}{}", r#"{"_id": "r", "count": 1, "parent": "#.repeat(50_000), "}".repeat(50_000));
    assert!(text::<Room>(&parents).expect_err("too deep").starts_with("recursion limit exceeded"));
    let skipped = format!(r#"{{"_id": "r", "count": 1, "x": {}{}}}"#, "[".repeat(50_000), "]".repeat(50_000));
    assert!(text::<Room>(&skipped).expect_err("too deep").starts_with("recursion limit exceeded"));
}

#[test]
fn text_decodes_to_what_the_value_decodes_to() {
    let json =
        r#"{"_id": "r\u00e9", "count": "7", "tags": [{"name": "a", "weight": 1}], "byName": {}, "parent": null}"#;
    let from_text = text::<Room>(json).expect("decodes");
    let from_value = Room::deserialize(serde_json::from_str::<Value>(json).expect("JSON")).expect("decodes");
    assert_eq!(from_text, from_value);
    assert_eq!(from_text.id, "ré");
    assert_eq!(text::<Vec<Tag>>("[]"), Ok(vec![]));
    assert_eq!(text::<Vec<Tag>>(r#"[{"name": "a", "weight": 1},]"#), Err("trailing comma at line 1 column 29".into()));
}

/// Fields named as the macro's own locals (`object`, `key`, `reader`).
#[derive(Debug, PartialEq)]
struct Internals {
    object: String,
    key: Option<u8>,
    reader: Option<bool>,
}

crate::runtime::de::from_json_fields!(Internals { object: "object" required, key: "key" optional, reader: "reader" optional_lenient, });

#[test]
fn fields_named_as_the_macros_own_locals_decode() {
    let decoded = text::<Internals>(r#"{"reader": "true", "object": "o", "key": 7, "other": {"key": 1}}"#);
    assert_eq!(decoded, Ok(Internals { object: "o".into(), key: Some(7), reader: Some(true) }));
    assert_eq!(text::<Internals>(r#"{"key": 7}"#), Err("missing field `object`".into()));
}
