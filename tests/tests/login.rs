//! The Rocket.Chat client's login and logout (marked `x-login` / `x-logout` in
//! `specs/authentication.overlay.yaml`), against a local server answering as Rocket.Chat
//! does: logging in leaves the client holding the session's credentials, the calls that
//! follow send them as `X-User-Id` / `X-Auth-Token`, and logging out forgets them.

use rocketchat_client::{Client, Error};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// `/api/v1/login`'s answer in Rocket.Chat's documentation (shortened).
const SESSION: &str = r#"{"status": "success", "data": {"authToken": "9HqLlyZOugoStsXCUfD_0YdwnNnunAJF8V47U3QHXSq", "userId": "aobEdbYhXfu5hkeqG", "me": {"_id": "aobEdbYhXfu5hkeqG", "username": "rocket.cat"}}}"#;
const TOKEN: &str = "9HqLlyZOugoStsXCUfD_0YdwnNnunAJF8V47U3QHXSq";
const USER: &str = "aobEdbYhXfu5hkeqG";

fn json(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

/// A server answering the login with `login`, the logout and every other call with success.
async fn server(login: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/api/v1/login")).respond_with(json(login)).mount(&server).await;
    Mock::given(method("POST"))
        .and(path("/api/v1/logout"))
        .respond_with(json(r#"{"status": "success", "data": {"message": "You've been logged out!"}}"#))
        .mount(&server)
        .await;
    Mock::given(method("POST")).respond_with(json(r#"{"success": true}"#)).mount(&server).await;
    server
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recorded")
}

fn credentials(r: &Request) -> (Option<&str>, Option<&str>) {
    let h = |name: &str| r.headers.get(name).and_then(|v| v.to_str().ok());
    (h("x-user-id"), h("x-auth-token"))
}

#[tokio::test]
async fn login_with_user_and_password_leaves_the_client_logged_in() {
    let server = server(SESSION).await;
    let client = Client::new(server.uri()).expect("url");
    let session = client
        .authentication()
        .login()
        .user("rocket.cat")
        .password("my$up3erP@ssw0rd")
        .send()
        .await
        .expect("logged in");
    assert_eq!(session.data.and_then(|d| d.me).and_then(|m| m.username).as_deref(), Some("rocket.cat"));
    client.groups().add_leader("room", "user").await.expect("a call as the user");

    let sent = requests(&server).await;
    assert_eq!(credentials(&sent[0]), (None, None), "the login sends no credentials");
    assert_eq!(credentials(&sent[1]), (Some(USER), Some(TOKEN)));
}

#[tokio::test]
async fn login_with_a_resume_token_leaves_the_client_logged_in() {
    let server = server(SESSION).await;
    let client = Client::new(server.uri()).expect("url");
    client.authentication().login().resume("an-earlier-token").await.expect("resumed");
    client.groups().add_leader("room", "user").await.expect("a call as the user");
    let sent = requests(&server).await;
    assert_eq!(String::from_utf8_lossy(&sent[0].body), r#"{"resume":"an-earlier-token"}"#);
    assert_eq!(credentials(&sent[1]), (Some(USER), Some(TOKEN)));
}

#[tokio::test]
async fn a_login_answer_without_the_token_is_missing_credential() {
    let server = server(r#"{"status": "success", "data": {"userId": "aobEdbYhXfu5hkeqG"}}"#).await;
    let client = Client::new(server.uri()).expect("url");
    let error =
        client.authentication().login().user("rocket.cat").password("my$up3erP@ssw0rd").await.expect_err("no token");
    assert!(
        matches!(&error, Error::MissingCredential { status: 200, pointer, .. } if pointer == "/data/authToken"),
        "{error:?}"
    );
    assert!(!format!("{error} {error:?}").contains("my$up3erP@ssw0rd"));
    client.groups().add_leader("room", "user").await.expect("answered");
    assert_eq!(credentials(&requests(&server).await[1]), (None, None), "nothing stored");
}

#[tokio::test]
async fn logout_forgets_the_credentials() {
    let server = server(SESSION).await;
    let client = Client::new(server.uri()).expect("url");
    client.authentication().login().user("rocket.cat").password("my$up3erP@ssw0rd").await.expect("logged in");
    client.authentication().logout().await.expect("logged out");
    client.groups().add_leader("room", "user").await.expect("answered");
    let sent = requests(&server).await;
    assert_eq!(credentials(&sent[1]), (Some(USER), Some(TOKEN)), "the logout is sent as the user");
    assert_eq!(credentials(&sent[2]), (None, None), "then no credentials");
}

#[tokio::test]
async fn a_redeemed_login_code_logs_in() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v1/loginCode.redeem"))
        .respond_with(json(r#"{"loginToken": "redeemed-token", "userId": "u1", "success": true}"#))
        .mount(&server)
        .await;
    Mock::given(method("POST")).respond_with(json(r#"{"success": true}"#)).mount(&server).await;
    let client = Client::new(server.uri()).expect("url");
    client.authentication().login_code_redeem("c".repeat(64)).await.expect("redeemed");
    client.groups().add_leader("room", "user").await.expect("answered");
    assert_eq!(credentials(&requests(&server).await[1]), (Some("u1"), Some("redeemed-token")));
}

#[test]
fn the_login_builder_shows_no_password_or_token() {
    let client = Client::new("https://chat.example.com").expect("url");
    let login = client
        .authentication()
        .login()
        .user("rocket.cat")
        .password("my$up3erP@ssw0rd")
        .resume("an-earlier-token")
        .code("246810");
    let shown = format!("{login:?}");
    assert!(shown.contains("rocket.cat"), "{shown}");
    for secret in ["my$up3erP@ssw0rd", "an-earlier-token", "246810"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
}
