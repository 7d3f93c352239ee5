//! What real servers send, through one client generated from three documents with
//! different server paths (`/api/v3`, `/api/v1`, a Swagger 2.0 `basePath: /media`),
//! against a server on 127.0.0.1.

use feature_tests::{Request, Response, Server};
use wire_fixture_client::operations::GetItemError;
use wire_fixture_client::{Client, Error};

fn with_type(body: &str, content_type: &str) -> Response {
    Response::json(body).header("content-type", content_type)
}

/// One `Client` calls each operation at its documented URL: the base URL is the
/// servers' root, and each operation's path starts with its own server's path.
#[tokio::test]
async fn merged_documents_keep_each_servers_path() {
    let server = Server::start(|r: &Request| match r.path() {
        "/api/v3/items" => Response::json(r#"[{"id": "a", "name": "Anchor"}]"#),
        "/api/v1/items" => Response::json(r#"["Anchor"]"#),
        "/media/info" => Response::json(r#"{"version": 2}"#),
        other => Response::status(404, format!(r#"{{"path": "{other}"}}"#)),
    });
    let client = Client::new(server.url()).expect("a valid base URL");
    let v3 = client.items().list_items().await.expect("v3 items");
    assert_eq!(v3[0].id, "a");
    let v1 = client.legacy().list_items_v1().await.expect("v1 items");
    assert_eq!(v1, ["Anchor"]);
    let info = client.media().info().await.expect("media info");
    assert_eq!(info, Some(serde_json::json!({"version": 2})));
    let paths: Vec<String> = server.requests().iter().map(|r| r.path().to_owned()).collect();
    assert_eq!(paths, ["/api/v3/items", "/api/v1/items", "/media/info"]);
}

/// A base URL with a path of its own keeps it in front of every operation's path.
#[tokio::test]
async fn a_base_url_with_a_path_prefixes_every_operation() {
    let server = Server::start(|_: &Request| Response::json("[]"));
    let client = Client::new(format!("{}/gateway", server.url())).expect("a valid base URL");
    client.items().list_items().await.expect("items");
    assert_eq!(server.requests()[0].path(), "/gateway/api/v3/items");
}

/// An error status documented without a schema keeps the server's body, and every
/// error for a response that arrived gives its body as bytes and as JSON.
#[tokio::test]
async fn error_bodies_are_never_thrown_away() {
    let forbidden = r#"{"error": "error-not-allowed", "message": "Not allowed"}"#;
    let server = Server::start(move |r: &Request| match r.path() {
        "/api/v3/items" => Response::status(403, forbidden),
        "/api/v3/items/gone" => Response::status(404, r#"{"code": "gone", "message": "No such item"}"#),
        "/api/v3/items/teapot" => Response::status(418, r#"{"error": "teapot"}"#),
        _ => Response::status(500, "<html>proxy error</html>").header("content-type", "text/html"),
    });
    let client = Client::new(server.url()).expect("a valid base URL");

    // Documented without a schema: a variant with no payload, and the raw body.
    let error = client.items().list_items().await.expect_err("403");
    assert!(matches!(error, Error::Api { status: 403, .. }), "{error:?}");
    let json = error.body_json().expect("the 403 body as JSON");
    assert_eq!(json["error"], "error-not-allowed");
    assert_eq!(error.body_bytes(), Some(forbidden.as_bytes()));
    assert_eq!(error.raw_body().and_then(|b| b.content_type()), Some("application/json"));

    // Documented with a schema: decoded, and the same JSON through the same method.
    let error = client.items().get_item("gone").await.expect_err("404");
    match &error {
        Error::Api { status: 404, body: GetItemError::NotFound(problem), .. } => {
            assert_eq!(problem.code.as_deref(), Some("gone"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(error.body_json().expect("json")["message"], "No such item");

    // Undocumented status: `UnexpectedResponse`, whole body kept (not just the excerpt).
    let error = client.items().get_item("teapot").await.expect_err("418");
    assert!(matches!(error, Error::UnexpectedResponse { status: 418, .. }), "{error:?}");
    assert_eq!(error.body_json().expect("json")["error"], "teapot");

    // Not JSON: the bytes are there, the JSON is not.
    let error = client.items().get_item("other").await.expect_err("500");
    assert_eq!(error.body_bytes(), Some(&b"<html>proxy error</html>"[..]));
    assert_eq!(error.body_json(), None);
}

/// Responses whose media type the document gives without a schema keep their body:
/// any JSON, text, HTML, bytes; a 204 is `()`.
#[tokio::test]
async fn untyped_bodies_in_a_3x_document_are_kept() {
    let server = Server::start(|r: &Request| match r.path() {
        "/api/v3/untyped/json" => Response::json(r#"{"anything": [1, 2]}"#),
        "/api/v3/untyped/text" => with_type("plain words", "text/plain; charset=utf-8"),
        "/api/v3/untyped/html" => with_type("<p>hi</p>", "text/html"),
        "/api/v3/untyped/bytes" => with_type("\u{1}\u{2}raw", "application/octet-stream"),
        _ => Response::status(204, ""),
    });
    let client = Client::new(server.url()).expect("a valid base URL");
    let json: serde_json::Value = client.untyped().json().await.expect("json");
    assert_eq!(json["anything"][1], 2);
    let text: String = client.untyped().text().await.expect("text");
    assert_eq!(text, "plain words");
    let html: String = client.untyped().html().await.expect("html");
    assert_eq!(html, "<p>hi</p>");
    let bytes: Vec<u8> = client.untyped().bytes().await.expect("bytes");
    assert_eq!(bytes, b"\x01\x02raw");
    let (): () = client.untyped().delete_nothing().await.expect("204");
}

/// Swagger 2.0 without a `schema`: `produces` says what comes, and whether anything
/// comes is open, so the type is an `Option` (`None` for an empty body); `HEAD` is `()`.
#[tokio::test]
async fn untyped_bodies_in_a_swagger2_document_are_kept_or_none_when_empty() {
    let server = Server::start(|r: &Request| match (r.method.as_str(), r.path()) {
        ("GET", "/media/info") => Response::json(r#"{"ok": true}"#),
        ("GET", "/media/readme") => with_type("read me", "text/plain"),
        ("GET", "/media/blob") => with_type("", "application/octet-stream"),
        _ => Response::status(200, ""),
    });
    let client = Client::new(server.url()).expect("a valid base URL");
    assert_eq!(client.media().info().await.expect("info"), Some(serde_json::json!({"ok": true})));
    assert_eq!(client.media().readme().await.expect("readme").as_deref(), Some("read me"));
    assert_eq!(client.media().blob().await.expect("blob"), None);
    let (): () = client.media().blob_head().await.expect("head");
    assert_eq!(server.requests()[3].method, "HEAD");
}

/// Every response gives its raw bytes and `Content-Type`, typed or not, from the one
/// request.
#[tokio::test]
async fn the_raw_body_is_next_to_the_typed_one() {
    let body = r#"{"id": "a", "name": "Anchor", "extra": "not in the schema"}"#;
    let server = Server::start(move |_: &Request| Response::json(body));
    let client = Client::new(server.url()).expect("a valid base URL");
    let response = client.items().get_item("a").send_with_response().await.expect("the item");
    assert_eq!(response.body().name.as_deref(), Some("Anchor"));
    assert_eq!(response.raw_body().bytes(), body.as_bytes());
    assert_eq!(response.content_type(), Some("application/json"));
    assert_eq!(response.raw_body().json().expect("json")["extra"], "not in the schema");
    assert_eq!(server.requests().len(), 1);
}

/// Requests carry `User-Agent: <crate>/<version>` unless the client says otherwise.
#[tokio::test]
async fn requests_carry_a_user_agent() {
    let server = Server::start(|_: &Request| Response::json("[]"));
    let client = Client::new(server.url()).expect("a valid base URL");
    client.items().list_items().await.expect("items");
    client.clone().with_user_agent("my-app/2.1").items().list_items().await.expect("items");
    let agents: Vec<Option<String>> =
        server.requests().iter().map(|r| r.header("user-agent").map(str::to_owned)).collect();
    assert_eq!(agents, [Some("wire-fixture-client/0.1.0".to_owned()), Some("my-app/2.1".to_owned())]);
}

/// With the `cookies` feature, a cookie the server sets is sent back.
#[tokio::test]
async fn cookies_are_kept_with_the_feature_on() {
    let server = Server::start(|r: &Request| match r.path() {
        "/api/v3/session" => Response::json(r#"{"ok": true}"#).header("set-cookie", "sid=s-123; Path=/"),
        _ if r.header("cookie") == Some("sid=s-123") => Response::json(r#"{"user": "alice"}"#),
        _ => Response::status(401, r#"{"error": "no session"}"#),
    });
    let client = Client::new(server.url()).expect("a valid base URL");
    let before = client.session().who_am_i().await.expect_err("no session yet");
    assert_eq!(before.status(), Some(401));
    client.session().start_session().await.expect("session");
    let me = client.session().who_am_i().await.expect("the session's user");
    assert_eq!(me.user.as_deref(), Some("alice"));
}

/// A documented 302 is followed, so it is no error variant: the caller gets the
/// answer from where it points.
#[tokio::test]
async fn redirects_are_followed_and_not_error_variants() {
    let server = Server::start(|r: &Request| match r.path() {
        "/api/v3/items/old" => Response::status(302, "").header("location", "/api/v3/items/new"),
        _ => Response::json(r#"{"id": "new"}"#),
    });
    let client = Client::new(server.url()).expect("a valid base URL");
    let item = client.items().get_item("old").await.expect("followed");
    assert_eq!(item.id, "new");
    // `GetItemError` has variants for 404 only; this match is exhaustive without a 302.
    let only_404 = |e: GetItemError| match e {
        GetItemError::NotFound(_) => (),
    };
    let _ = only_404;
}

/// An error a Swagger 2.0 document gives no schema is a variant without payload; its
/// body, even text labelled JSON, is the error's raw body, not a decoding failure.
#[tokio::test]
async fn an_untyped_error_body_is_kept_whatever_it_is() {
    let server = Server::start(|_: &Request| Response::status(404, "file 'README' does not exist"));
    let client = Client::new(server.url()).expect("a valid base URL");
    let error = client.media().readme().await.expect_err("404");
    assert!(
        matches!(
            error,
            Error::Api { status: 404, body: wire_fixture_client::operations::MediaReadmeError::NotFound, .. }
        ),
        "{error:?}"
    );
    assert_eq!(error.raw_body().and_then(|b| b.text()), Some("file 'README' does not exist"));
    assert_eq!(error.body_json(), None);
}

/// `type: int`, `double`, `bool`, `long` are read as the JSON Schema types they mean
/// (each a located warning when generating): the parameters are typed and sent as such.
#[tokio::test]
async fn mistyped_parameters_are_typed_and_sent() {
    let server = Server::start(|_: &Request| Response::json("[]"));
    let client = Client::new(server.url()).expect("a valid base URL");
    let limit: i32 = 25;
    let ratio: f64 = 0.5;
    client.items().search(limit).ratio(ratio).exact(true).since(1_700_000_000_000_i64).await.expect("items");
    let sent = &server.requests()[0];
    assert_eq!(sent.query("limit"), Some("25"));
    assert_eq!(sent.query("ratio"), Some("0.5"));
    assert_eq!(sent.query("exact"), Some("true"));
    assert_eq!(sent.query("since"), Some("1700000000000"));
}
