//! Login and logout marked in the document (`x-login`, `x-logout`): the generated login
//! stores the credentials its response carries on the client (and the clones sharing
//! them), the calls that follow send them, and logout forgets them. Against a server on
//! 127.0.0.1 that answers like Rocket.Chat's `/api/v1/login`.

use feature_fixture_client::{Client, Error};
use feature_tests::{Request, Response, Server};

const SESSION: &str = r#"{"status": "success", "data": {"userId": "u-42", "authToken": "tok-9f8e7d"}}"#;

/// Answers `/login` with `login`, everything else as the user or logged out.
fn server(login: &'static str) -> Server {
    Server::start(move |r: &Request| match r.path() {
        "/login" => Response::json(login),
        "/logout" => Response::json(r#"{"status": "success"}"#),
        _ => Response::json(r#"{"_id": "u-42", "username": "alice"}"#),
    })
}

/// The credential headers a request carried.
fn credentials(r: &Request) -> (Option<&str>, Option<&str>) {
    (r.header("x-user-id"), r.header("x-auth-token"))
}

#[tokio::test]
async fn login_stores_the_credentials_and_the_next_call_sends_them() {
    let server = server(SESSION);
    let client = Client::new(server.url()).expect("a valid base URL");
    let before_login = client.clone();
    let session = client.login().user("alice").password("correct-horse").send().await.expect("logged in");
    assert_eq!((session.data.user_id.as_deref(), session.status.as_str()), (Some("u-42"), "success"));

    let me = client.me().await.expect("the user");
    assert_eq!(me.username.as_deref(), Some("alice"));
    // A clone made before the login shares the client's credentials.
    before_login.me().await.expect("the user, through the clone");

    let sent = server.requests();
    assert_eq!(sent.len(), 3);
    assert_eq!(credentials(&sent[0]), (None, None), "the login itself sends no credentials");
    assert_eq!(credentials(&sent[1]), (Some("u-42"), Some("tok-9f8e7d")));
    assert_eq!(credentials(&sent[2]), (Some("u-42"), Some("tok-9f8e7d")));
    let body = String::from_utf8_lossy(&sent[0].body);
    assert!(body.contains(r#""password":"correct-horse""#), "{body}");
}

#[tokio::test]
async fn login_with_a_resume_token_stores_the_new_session() {
    let server = server(SESSION);
    let client = Client::new(server.url()).expect("a valid base URL");
    client.login().resume("old-token").await.expect("resumed");
    client.me().await.expect("the user");
    let sent = server.requests();
    assert_eq!(String::from_utf8_lossy(&sent[0].body), r#"{"resume":"old-token"}"#);
    assert_eq!(credentials(&sent[1]), (Some("u-42"), Some("tok-9f8e7d")));
}

#[tokio::test]
async fn a_login_response_without_the_token_is_an_error_naming_it_and_stores_nothing() {
    let server = server(r#"{"status": "success", "data": {"userId": "u-42"}}"#);
    let client = Client::new(server.url()).expect("a valid base URL").with_user_id("earlier-user");
    let error = client.login().user("alice").password("correct-horse").await.expect_err("no token");
    match &error {
        Error::MissingCredential { status: 200, pointer, .. } => assert_eq!(pointer, "/data/authToken"),
        other => panic!("not a missing credential: {other:?}"),
    }
    let text = format!("{error} {error:?}");
    assert!(text.contains("/data/authToken"), "{text}");
    assert!(!text.contains("correct-horse"), "{text}");

    client.me().await.expect("the user");
    let sent = server.requests();
    assert_eq!(credentials(&sent[1]), (Some("earlier-user"), None), "nothing stored, not even the user id found");
}

#[tokio::test]
async fn logout_clears_the_credentials_and_the_next_call_sends_none() {
    let server = server(SESSION);
    let client = Client::new(server.url()).expect("a valid base URL");
    client.login().user("alice").password("correct-horse").await.expect("logged in");
    client.logout().await.expect("logged out");
    client.me().await.expect("the user");
    let sent = server.requests();
    assert_eq!(sent[1].path(), "/logout");
    assert_eq!(credentials(&sent[1]), (Some("u-42"), Some("tok-9f8e7d")), "logout is sent logged in");
    assert_eq!(credentials(&sent[2]), (None, None), "then nothing");
}

#[tokio::test]
async fn credentials_stay_out_of_debug_and_errors() {
    let server = server(SESSION);
    let client = Client::new(server.url()).expect("a valid base URL");
    let login = client.login().user("alice").password("correct-horse").resume("old-token");
    let shown = format!("{login:?}");
    assert!(!shown.contains("correct-horse") && !shown.contains("old-token"), "{shown}");
    let session = login.await.expect("logged in");
    let shown = format!("{session:?} {client:?}");
    assert!(!shown.contains("tok-9f8e7d"), "{shown}");
    assert!(shown.contains("u-42"), "the user id is not a secret: {shown}");
}
