//! Request bodies built so that a newer document's optional fields break no caller:
//! required fields are arguments, optional ones setters (on the operation's builder
//! and on every generated struct, which is `#[non_exhaustive]`), and a struct whose
//! fields are all optional has `Default`. This file is written as a caller of the
//! first version of the document would write it: `NewPet.vaccinated` and
//! `Owner.email` (added later) are never named, and it still compiles.

use feature_fixture_client::types::{Owner, Pet, Preferences};
use feature_fixture_client::Client;
use feature_tests::{Response, Server};
use serde_json::{json, Value};

#[tokio::test]
async fn optional_fields_are_set_by_setters_and_unset_ones_are_not_sent() {
    let server = Server::start(|_| Response::json(r#"{"id": 7, "name": "Rex", "preferences": {"theme": "dark"}}"#));
    let client = Client::new(server.url()).expect("a valid base URL");
    let pet: Pet = client.create_pet("Rex").tag("dog").owner(Owner::new("u1")).await.expect("created");
    assert_eq!((pet.id, pet.name.as_str()), (7, "Rex"));
    assert_eq!(pet.preferences, Some(Preferences::default().with_theme("dark")));

    let sent = &server.requests()[0];
    let body: Value = serde_json::from_slice(&sent.body).expect("a JSON body");
    assert_eq!(body, json!({"name": "Rex", "tag": "dog", "owner": {"id": "u1"}}), "unset fields are left out");
}

#[test]
fn structs_are_built_with_new_and_setters() {
    let owner = Owner::new("u1").with_email("a@example.com");
    assert_eq!((owner.id.as_str(), owner.email.as_deref()), ("u1", Some("a@example.com")));
    // Every field optional: `Default` and `new()` are the same empty value.
    assert_eq!(Preferences::default(), Preferences::new());
    assert_eq!(Preferences::default().with_notify(true).notify, Some(true));
}
