//! The `mock` feature: an application's test sets what operations answer with the
//! generated types, runs its own code (the real client, over real HTTP on 127.0.0.1),
//! and learns which calls nobody expected and which expectations went unmet.

use wire_fixture_client::mock::MockServer;
use wire_fixture_client::operations::{CreateItem, GetItem, GetItemError, LegacyListItemsV1, ListItems};
use wire_fixture_client::types::{Item, Problem};
use wire_fixture_client::{Client, Error};

/// The application code under test: the names of the first two items.
async fn first_two_names(
    client: &Client,
) -> Result<Vec<String>, Error<wire_fixture_client::operations::ListItemsError>> {
    let items = client.items().list_items().await?;
    Ok(items.into_iter().take(2).filter_map(|i| i.name).collect())
}

#[tokio::test]
async fn expectations_are_typed_answers_over_real_http() {
    let server = MockServer::start().await;
    server
        .on::<ListItems>()
        .times(1)
        .respond(vec![Item::new("a").with_name("Anchor"), Item::new("b").with_name("Buoy"), Item::new("c")])
        .await;
    server.on::<GetItem>().fail(GetItemError::NotFound(Problem::default().with_code("gone"))).await;
    let client = Client::new(server.uri()).expect("a valid base URL");

    assert_eq!(first_two_names(&client).await.expect("the names"), ["Anchor", "Buoy"]);
    match client.items().get_item("x").await {
        Err(Error::Api { status: 404, body: GetItemError::NotFound(problem), .. }) => {
            assert_eq!(problem.code.as_deref(), Some("gone"));
        }
        other => panic!("{other:?}"),
    }
    server.verify().await.expect("every call expected, every expectation met");
}

#[tokio::test]
async fn unexpected_calls_and_unmet_expectations_are_reported() {
    let server = MockServer::start().await;
    server.on::<ListItems>().times(2).respond(Vec::new()).await;
    server.on::<LegacyListItemsV1>().respond(vec!["x".to_owned()]).await;
    let client = Client::new(server.uri()).expect("a valid base URL");
    client.items().list_items().await.expect("items");
    let unexpected = client.media().info().await;
    assert!(matches!(unexpected, Err(Error::UnexpectedResponse { status: 404, .. })), "{unexpected:?}");
    let report = server.verify().await.expect_err("one unexpected call, two unmet expectations");
    assert_eq!(report.unexpected, ["GET /media/info"]);
    assert_eq!(
        report.unmet,
        ["items.list_items: expected 2 call(s), got 1", "legacy.list_items_v1: expected a call, got none"]
    );
}

#[tokio::test]
async fn a_body_predicate_picks_the_answer() {
    let server = MockServer::start().await;
    server.on::<CreateItem>().when(|item: &Item| item.id == "a").respond(Item::new("a").with_name("made")).await;
    let client = Client::new(server.uri()).expect("a valid base URL");
    let made = client.items().create_item("a").await.expect("the matching body is answered");
    assert_eq!(made.name.as_deref(), Some("made"));
    let other = client.items().create_item("b").await;
    assert!(matches!(other, Err(Error::UnexpectedResponse { status: 404, .. })), "{other:?}");
    let report = server.verify().await.expect_err("the second call matched nothing");
    assert_eq!(report.unexpected, ["POST /api/v3/items/new"]);
}
