//! What goes out on the wire for the shapes issue 19 found mishandled.

use feature_tests::{Request, Response, Server};
use futures_util::TryStreamExt;
use quirks_fixture_client::operations::UploadError;
use quirks_fixture_client::types::{ApiError, Charge};
use quirks_fixture_client::{Client, Error};

fn headers<'r>(r: &'r Request, name: &str) -> Vec<&'r str> {
    r.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect()
}

fn no_content() -> Response {
    Response::status(204, Vec::new())
}

/// The bearer scheme is defined in `schemes.yaml` and referenced from `openapi.yaml`:
/// the client has its setter and protected calls carry the token.
#[tokio::test]
async fn a_referenced_bearer_scheme_is_sent() {
    let server = Server::start(|_| no_content());
    let client = Client::new(server.url()).expect("a valid base URL").with_bearer("t0k3n");
    client.upload(b"\x89PNG".to_vec()).await.expect("stored");
    let sent = server.requests();
    assert_eq!(headers(&sent[0], "authorization"), ["Bearer t0k3n"]);
    // `apiKey` is another name for `key`: one credential, sent where the operation
    // requires `apiKey`.
    let server = Server::start(|_| Response::json(r#"{"chunk": []}"#));
    let client = Client::new(server.url()).expect("a valid base URL").with_key("k");
    client.room_messages("!r").await.expect("a page");
    assert_eq!(headers(&server.requests()[0], "x-api-key"), ["k"]);
}

/// The `Content-Type` header parameter is neither an input nor a client setting: the
/// raw body's media type is chosen per request, and exactly one goes out.
#[tokio::test]
async fn a_raw_body_carries_exactly_one_content_type_of_the_callers_choice() {
    let server = Server::start(|_| no_content());
    let client = Client::new(server.url()).expect("a valid base URL");
    client.upload(b"png".to_vec()).await.expect("stored");
    client.upload(b"jpeg".to_vec()).media_type("image/jpeg").await.expect("stored");
    client.post_note("# hi").media_type("text/markdown").await.expect("stored");
    client.post_note("hi").await.expect("stored");
    let sent = server.requests();
    let types: Vec<Vec<&str>> = sent.iter().map(|r| headers(r, "content-type")).collect();
    assert_eq!(types, [["image/png"], ["image/jpeg"], ["text/markdown"], ["text/plain"]]);
}

/// A schema named `Error` is `types::ApiError`, beside the crate's `Error`.
#[tokio::test]
async fn the_schema_named_error_is_api_error() {
    let server = Server::start(|_| Response { status: 400, ..Response::json(r#"{"message": "too big"}"#) });
    let client = Client::new(server.url()).expect("a valid base URL");
    let err: Error<_> = client.upload(Vec::new()).await.expect_err("refused");
    let Error::Api { body, .. } = err else { panic!("not the documented error: {err:?}") };
    let UploadError::BadRequest(error) = body;
    let error: ApiError = error;
    assert_eq!(error.message.as_deref(), Some("too big"));
}

fn query<'r>(r: &'r Request, name: &str) -> Option<&'r str> {
    r.query(name)
}

/// Matrix: `from` takes the `end` the page gave; a page without `end` is the last.
#[tokio::test]
async fn matrix_pages_follow_end() {
    let server = Server::start(|r| {
        Response::json(match query(r, "from") {
            None => r#"{"chunk": ["a", "b"], "start": "s0", "end": "t1"}"#,
            Some("t1") => r#"{"chunk": ["c"], "start": "t1", "end": "t2"}"#,
            _ => r#"{"chunk": ["d"], "start": "t2"}"#,
        })
    });
    let client = Client::new(server.url()).expect("a valid base URL");
    let items: Vec<String> = client.room_messages("!r").limit(2).items().try_collect().await.expect("pages");
    assert_eq!(items, ["a", "b", "c", "d"]);
    let sent = server.requests();
    assert_eq!(
        sent.iter().map(|r| query(r, "from").map(str::to_owned)).collect::<Vec<_>>(),
        [None, Some("t1".into()), Some("t2".into())]
    );
    assert!(sent.iter().all(|r| query(r, "limit") == Some("2")), "the caller's inputs stay");
}

/// Matrix: `since` takes `next_batch`.
#[tokio::test]
async fn matrix_batches_follow_next_batch() {
    let server = Server::start(|r| {
        Response::json(match query(r, "since") {
            None => r#"{"chunk": ["x"], "next_batch": "b1", "total_room_count_estimate": 2}"#,
            _ => r#"{"chunk": ["y"]}"#,
        })
    });
    let client = Client::new(server.url()).expect("a valid base URL");
    let rooms: Vec<String> = client.public_rooms().items().try_collect().await.expect("pages");
    assert_eq!(rooms, ["x", "y"]);
}

/// Stripe: `starting_after` is the last item's `id`, until `has_more` is false.
#[tokio::test]
async fn stripe_pages_start_after_the_last_id_until_has_more_is_false() {
    let server = Server::start(|r| {
        Response::json(match query(r, "starting_after") {
            None => r#"{"data": [{"id": "ch_1", "amount": 5}, {"id": "ch_2"}], "has_more": true}"#,
            Some("ch_2") => r#"{"data": [{"id": "ch_3"}], "has_more": false}"#,
            Some(other) => panic!("asked after {other}"),
        })
    });
    let client = Client::new(server.url()).expect("a valid base URL");
    let charges: Vec<Charge> = client.list_charges().limit(2).items().try_collect().await.expect("pages");
    let ids: Vec<&str> = charges.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["ch_1", "ch_2", "ch_3"]);
    assert_eq!(charges[0].amount, Some(5));
    assert_eq!(server.requests().len(), 2, "`has_more: false` ends the walk");
}

/// The overlay names the parameter, the items, the cursor and the "more" flag.
#[tokio::test]
async fn the_overlay_says_how_a_feed_pages() {
    let server = Server::start(|r| {
        Response::json(match query(r, "pos") {
            None => r#"{"results": ["1"], "notes": ["n"], "continue_at": "p2", "more_results": true}"#,
            Some("p2") => r#"{"results": ["2"], "continue_at": "p3", "more_results": false}"#,
            Some(other) => panic!("asked at {other}"),
        })
    });
    let client = Client::new(server.url()).expect("a valid base URL");
    let items: Vec<String> = client.feed().items().try_collect().await.expect("pages");
    assert_eq!(items, ["1", "2"]);
    assert_eq!(server.requests().len(), 2, "`more_results: false` ends the walk though a cursor is given");
}
