//! The shape `emit/types.rs` writes a struct's `Serialize` in, by hand.

use crate::runtime::ser::{entry, optional};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::json;

struct Room {
    id: String,
    topic: Option<String>,
    parent: Option<String>,
    members: Option<Vec<u32>>,
}

impl Serialize for Room {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        entry(&mut map, "_id", &self.id)?;
        optional(&mut map, "topic", &self.topic)?;
        // Required and nullable: always written.
        entry(&mut map, "parent", &self.parent)?;
        optional(&mut map, "members", &self.members)?;
        map.end()
    }
}

#[test]
fn set_fields_are_written_in_order_and_unset_optional_ones_left_out() {
    let room = Room { id: "r1".to_owned(), topic: None, parent: None, members: Some(vec![1, 2]) };
    assert_eq!(serde_json::to_string(&room).expect("json"), r#"{"_id":"r1","parent":null,"members":[1,2]}"#);
    let room = Room { id: "r2".to_owned(), topic: Some("t".to_owned()), parent: Some("p".to_owned()), members: None };
    assert_eq!(serde_json::to_value(&room).expect("json"), json!({"_id": "r2", "topic": "t", "parent": "p"}));
}
