//! The client `build.rs` generated, against a real HTTP server on 127.0.0.1.

use build_script_example::pets::operations::ShowPetError;
use build_script_example::pets::types::NewPet;
use build_script_example::pets::{Client, Error};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn lists_creates_and_shows_pets_with_the_api_key() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets"))
        .and(query_param("limit", "2"))
        .and(header("X-Api-Key", "secret"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"id": 1, "name": "Rex", "tag": "dog"},
            {"id": 2, "name": "Tom"}
        ])))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/pets"))
        .and(body_json(json!({"name": "Kit", "tag": "cat"})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": 3, "name": "Kit", "tag": "cat"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/pets/9"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "no pet 9"})))
        .mount(&server)
        .await;

    let client = Client::new(server.uri()).expect("a base URL").with_api_key("secret");

    let pets = client.list_pets().limit(2).await.expect("the pets");
    let names: Vec<&str> = pets.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Rex", "Tom"]);
    assert_eq!(pets[0].tag.as_deref(), Some("dog"));

    let created = client.create_pet("Kit").tag("cat").await.expect("the new pet");
    assert_eq!((created.id, created.name.as_str()), (3, "Kit"));

    match client.show_pet(9).await {
        Err(Error::Api { status, body: ShowPetError::NotFound(problem), .. }) => {
            assert_eq!(status, 404);
            assert_eq!(problem.message, "no pet 9");
        }
        other => panic!("expected the documented 404, got {other:?}"),
    }
    // Generated types are built with `new(required)` and `with_*` setters.
    let pet = NewPet::new("Kit").with_tag("cat");
    assert_eq!((pet.name.as_str(), pet.tag.as_deref()), ("Kit", Some("cat")));
}
