//! Operations that page, walked as streams against a local server serving pages:
//! offset/count/total (with the total changing mid-walk), page numbers with and
//! without a `Link` header, an empty last page, a cursor, an `x-pagination` overlay,
//! and an error mid-walk.

use feature_fixture_client::{Client, Error};
use feature_tests::{Request, Response, Server};
use futures_util::{StreamExt, TryStreamExt};

fn number(r: &Request, name: &str) -> Option<u64> {
    r.query(name).and_then(|v| v.parse().ok())
}

/// `count` users from `offset` out of `total(n)` for the n-th request.
fn users(total: fn(usize) -> u64) -> Server {
    let served = std::sync::atomic::AtomicUsize::new(0);
    Server::start(move |r| {
        let n = served.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let (offset, count, total) = (number(r, "offset").unwrap_or(0), number(r, "count").unwrap_or(50), total(n));
        let ids: Vec<String> = (offset..(offset + count).min(total)).map(|i| format!(r#"{{"_id": "u{i}"}}"#)).collect();
        Response::json(format!(
            r#"{{"users": [{}], "count": {}, "offset": {offset}, "total": {total}, "success": true}}"#,
            ids.join(","),
            ids.len()
        ))
    })
}

fn offsets(server: &Server) -> Vec<Option<u64>> {
    server.requests().iter().map(|r| number(r, "offset")).collect()
}

#[tokio::test]
async fn offset_pages_walk_up_to_the_total() {
    let server = users(|_| 5);
    let client = Client::new(server.url()).expect("a valid base URL");
    let ids: Vec<String> = client.list_users().count(2).items().map_ok(|u| u.id).try_collect().await.expect("pages");
    assert_eq!(ids, ["u0", "u1", "u2", "u3", "u4"]);
    assert_eq!(
        offsets(&server),
        [None, Some(2), Some(4)],
        "the first page as asked, then moved on; none past the total"
    );
    assert!(server.requests().iter().all(|r| r.query("count") == Some("2")), "the caller's inputs stay");
}

#[tokio::test]
async fn a_walk_starts_where_the_caller_says_and_pages_keep_their_metadata() {
    let server = users(|_| 5);
    let client = Client::new(server.url()).expect("a valid base URL");
    let pages: Vec<_> = client.list_users().offset(3).count(2).pages().try_collect().await.expect("pages");
    assert_eq!(pages.len(), 1, "offset 3 + 2 items reaches the total");
    assert_eq!((pages[0].status(), pages[0].offset), (200, Some(3)));
    assert_eq!(offsets(&server), [Some(3)]);
}

#[tokio::test]
async fn a_total_that_shrinks_mid_walk_ends_it_and_one_that_grows_extends_it() {
    // 6 users, then 3 by the second page: offset 4 is past the new total.
    let server = users(|n| if n == 0 { 6 } else { 3 });
    let client = Client::new(server.url()).expect("a valid base URL");
    let ids: Vec<String> = client.list_users().count(2).items().map_ok(|u| u.id).try_collect().await.expect("pages");
    assert_eq!(ids, ["u0", "u1", "u2"]);
    assert_eq!(offsets(&server), [None, Some(2)]);
    // 3 users, then 5: the walk follows the latest total.
    let server = users(|n| if n == 0 { 3 } else { 5 });
    let client = Client::new(server.url()).expect("a valid base URL");
    let ids: Vec<String> = client.list_users().count(2).items().map_ok(|u| u.id).try_collect().await.expect("pages");
    assert_eq!(ids, ["u0", "u1", "u2", "u3", "u4"]);
}

fn repos(link: bool) -> Server {
    Server::start(move |r| {
        let page = number(r, "page").unwrap_or(1);
        let body = match page {
            1 => r#"[{"id": 1}, {"id": 2}]"#,
            2 => r#"[{"id": 3}, {"id": 4}]"#,
            _ => "[]",
        };
        let response = Response::json(body);
        match (link, page) {
            (false, _) => response,
            (true, 1) => response.header(
                "link",
                r#"<http://h/repos?per_page=2&page=2>; rel="next", <http://h/repos?per_page=2&page=2>; rel="last""#,
            ),
            (true, _) => response.header("link", r#"<http://h/repos?per_page=2&page=1>; rel="prev""#),
        }
    })
}

#[tokio::test]
async fn page_numbers_count_up_to_an_empty_last_page() {
    let server = repos(false);
    let client = Client::new(server.url()).expect("a valid base URL");
    let ids: Vec<i64> = client.list_repos().per_page(2).items().map_ok(|r| r.id).try_collect().await.expect("pages");
    assert_eq!(ids, [1, 2, 3, 4]);
    let pages: Vec<_> = server.requests().iter().map(|r| number(r, "page")).collect();
    assert_eq!(pages, [None, Some(2), Some(3)], "page 3 came back empty and ended the walk");
}

#[tokio::test]
async fn a_link_header_says_where_the_next_page_is_and_when_there_is_none() {
    let server = repos(true);
    let client = Client::new(server.url()).expect("a valid base URL");
    let ids: Vec<i64> = client.list_repos().per_page(2).items().map_ok(|r| r.id).try_collect().await.expect("pages");
    assert_eq!(ids, [1, 2, 3, 4]);
    assert_eq!(server.requests().len(), 2, "page 2's Link has no next: no third request");
}

#[tokio::test]
async fn cursors_are_followed_until_the_page_gives_none() {
    let server = Server::start(|r| {
        Response::json(match r.query("page_token") {
            None => r#"{"items": [{"id": 1}], "next_page": "c2"}"#,
            Some("c2") => r#"{"items": [{"id": 2}, {"id": 3}], "next_page": "c3"}"#,
            Some(_) => r#"{"items": [{"id": 4}], "next_page": null}"#,
        })
    });
    let client = Client::new(server.url()).expect("a valid base URL");
    let ids: Vec<i64> = client.list_events().items().map_ok(|e| e.id).try_collect().await.expect("pages");
    assert_eq!(ids, [1, 2, 3, 4]);
    let tokens: Vec<Option<String>> =
        server.requests().iter().map(|r| r.query("page_token").map(str::to_owned)).collect();
    assert_eq!(tokens, [None, Some("c2".into()), Some("c3".into())]);
}

#[tokio::test]
async fn an_overlay_pages_what_the_rule_does_not_know() {
    let server = Server::start(|r| {
        let skip = number(r, "skip").unwrap_or(0);
        let entries: Vec<String> = (skip..(skip + 2).min(3)).map(|i| format!(r#""e{i}""#)).collect();
        Response::json(format!(r#"{{"entries": [{}], "matching": 3}}"#, entries.join(",")))
    });
    let client = Client::new(server.url()).expect("a valid base URL");
    let entries: Vec<String> = client.list_audit().take(2).items().try_collect().await.expect("pages");
    assert_eq!(entries, ["e0", "e1", "e2"]);
}

#[tokio::test]
async fn an_error_is_yielded_and_ends_the_walk() {
    let server = Server::start(|r| match number(r, "offset") {
        None => Response::json(r#"{"users": [{"_id": "u0"}], "total": 9}"#),
        Some(_) => Response::status(500, "{}"),
    });
    let client = Client::new(server.url()).expect("a valid base URL");
    let got: Vec<_> = client.list_users().items().collect().await;
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(matches!(&got[0], Ok(u) if u.id == "u0"));
    assert!(matches!(&got[1], Err(Error::UnexpectedResponse { status: 500, .. })), "{got:?}");
    assert_eq!(server.requests().len(), 2);
}

/// Counts the responses it is shown and marks every request.
#[derive(Default)]
struct Count(std::sync::atomic::AtomicU32);

impl feature_fixture_client::Hooks for Count {
    fn before_request<'a>(
        &'a self,
        request: &'a mut reqwest::Request,
    ) -> feature_fixture_client::HookFuture<'a, Result<(), String>> {
        request.headers_mut().insert("x-hooked", reqwest::header::HeaderValue::from_static("1"));
        Box::pin(std::future::ready(Ok(())))
    }

    fn after_response<'a>(
        &'a self,
        _: &'a feature_fixture_client::ResponseHead<'a>,
    ) -> feature_fixture_client::HookFuture<'a, feature_fixture_client::AfterResponse> {
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Box::pin(std::future::ready(feature_fixture_client::AfterResponse::Continue))
    }
}

#[tokio::test]
async fn hooks_run_for_every_page_of_a_walk() {
    let server = users(|_| 5);
    let count = std::sync::Arc::new(Count::default());
    let client = Client::new(server.url()).expect("a valid base URL").with_hooks(count.clone());
    let ids: Vec<String> = client.list_users().count(2).items().map_ok(|u| u.id).try_collect().await.expect("pages");
    assert_eq!(ids.len(), 5);
    assert_eq!(count.0.load(std::sync::atomic::Ordering::SeqCst), 3, "three pages, three responses");
    assert!(server.requests().iter().all(|r| r.header("x-hooked") == Some("1")));
}
