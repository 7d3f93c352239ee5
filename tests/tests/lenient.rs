//! Responses that disagree with their schema the way published examples do decode when
//! nothing is lost (`runtime/lenient.rs`), through the behaviour fixture's generated
//! client and a local server; what cannot be converted, and a required field that is
//! absent, are errors naming the field. Requests are still sent exactly as typed.

use fixture_client::{Client, Error};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn serving(route: &str, body: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path(route))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.as_bytes().to_vec(), "application/json"))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn the_documents_own_example_decodes() {
    // The example of `GET /places/{id}` in tests/fixture/openapi.yaml, as published.
    let example = r#"{"id": "12", "name": "Kona", "latitude": "19.720000", "elevation": "-4",
                      "active": "true", "rating": 4, "code": "HI"}"#;
    let server = serving("/places/12", example).await;
    let place = Client::new(server.uri()).expect("url").get_place(12).await.expect("decodes");
    assert_eq!((place.id, place.name.as_str(), place.latitude), (12, "Kona", 19.72));
    assert_eq!((place.elevation, place.active, place.rating), (Some(-4), Some(true), Some(4.0)));
}

async fn place_error(body: &str) -> String {
    let server = serving("/places/1", body).await;
    match Client::new(server.uri()).expect("url").get_place(1).await {
        Err(Error::UnexpectedResponse { reason, .. }) => reason,
        other => panic!("{body}: expected an UnexpectedResponse, got {other:?}"),
    }
}

#[tokio::test]
async fn what_would_lose_information_is_an_error_saying_what_was_expected() {
    let reason = place_error(r#"{"id": "12.5", "name": "Kona", "latitude": 1}"#).await;
    assert!(reason.contains("12.5") && reason.contains("an integer"), "{reason}");
    let reason = place_error(r#"{"id": 1, "name": "Kona", "latitude": 1, "active": "yes"}"#).await;
    assert!(reason.contains("yes") && reason.contains("a boolean"), "{reason}");
    // Strings stay strict.
    let reason = place_error(r#"{"id": 1, "name": 1027, "latitude": 1}"#).await;
    assert!(reason.contains("1027") && reason.contains("a string"), "{reason}");
}

#[tokio::test]
async fn an_absent_required_field_is_an_error_naming_it() {
    let reason = place_error(r#"{"name": "Kona", "latitude": 1}"#).await;
    assert!(reason.contains("missing field `id`"), "{reason}");
}

#[tokio::test]
async fn requests_are_sent_exactly_as_typed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/login"))
        .and(body_json(serde_json::json!({"user": "1027", "password": "true"})))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"userId": "u-17", "authToken": "t", "expires": "60"}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let session = Client::new(server.uri()).expect("url").login("1027", "true").await.expect("sent as strings");
    assert_eq!((session.user_id.as_str(), session.expires), ("u-17", Some(60)));
}

#[test]
fn fields_named_like_the_decoders_own_locals_decode() {
    // `D` and its properties `value`, `map`, `deserializer` are the names a struct's
    // written-out `FromJson`/`Deserialize` use themselves (`key`, `f`, `__map`, `self`
    // the earlier map visitor's).
    let json = r#"{"map": "m", "key": "7", "deserializer": "true", "f": "f", "type": "t", "__map": "u",
                   "self": 1.5, "value": "v", "unknown": {"map": 1}}"#;
    let d: fixture_client::types::D = serde_json::from_str(json).expect("decodes");
    assert_eq!((d.map.as_str(), d.key, d.deserializer, d.f.as_deref()), ("m", 7, Some(true), Some("f")));
    assert_eq!((d.r#type.as_deref(), d.map2.as_deref(), d.self_), (Some("t"), Some("u"), Some(1.5)));
    assert_eq!(d.value.as_deref(), Some("v"));
    let error = serde_json::from_str::<fixture_client::types::D>(r#"{"map": "m"}"#).expect_err("key is required");
    assert_eq!(error.to_string(), "missing field `key`");
    let error = serde_json::from_str::<fixture_client::types::D>("[]").expect_err("not an object");
    assert_eq!(error.to_string(), "invalid type: sequence, expected struct D");
    let error = serde_json::from_str::<fixture_client::types::D>(r#"{"map": "m", "key": 1, "self": "x"}"#)
        .expect_err("self is a number");
    assert_eq!(error.to_string(), "invalid value: string \"x\", expected a number at `self`");
}

#[test]
fn the_exported_decoder_reads_as_the_client_does() {
    use fixture_client::{from_json_slice, types::Place};
    let example = br#"{"id": "12", "name": "Kona", "latitude": "19.720000", "active": "true", "extra": [{}]}"#;
    let place: Place = from_json_slice(example).expect("decodes");
    assert_eq!((place.id, place.latitude, place.active), (12, 19.72, Some(true)));
    let list = br#"[{"id": 1, "name": "a", "latitude": 1}, {"name": "b", "latitude": 1}]"#;
    let error = from_json_slice::<Vec<Place>>(list).expect_err("the second has no id");
    assert_eq!(error.to_string(), "missing field `id` at `[1]`");
    let error = from_json_slice::<Place>(b"{\"id\": 1,").expect_err("not JSON");
    assert_eq!(error.to_string(), "EOF while parsing an object at line 1 column 9");
}
