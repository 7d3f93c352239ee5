//! The auth token never appears in `Debug` output, in error messages, or in recordings.

use rocketchat_client::types::{Invitees, RoleRef, RoomRef};
use rocketchat_client::{Client, Error};
use rocketchat_client_tests::outcome::call_catching_panics;
use rocketchat_client_tests::recording::{discover, load};
use rocketchat_client_tests::replay::{client_for, Replay};
use rocketchat_client_tests::{recordings_dir, REDACTED, TEST_TOKEN};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "RScctEHSmLGZGywfIhWyRpyofhKOiMoUIpimhvheU3f";

fn assert_secret_free(what: &str, text: &str) {
    assert!(!text.contains(TOKEN), "{what} shows the token: {text}");
    assert!(!text.contains(TEST_TOKEN), "{what} shows the harness token: {text}");
}

#[test]
fn client_debug_hides_the_token() {
    let client =
        Client::new("https://chat.example.com").unwrap().with_user_id("rbAXPnMktTFbNpwtJ").with_auth_token(TOKEN);
    let debug = format!("{client:?}");
    assert_secret_free("Debug of Client", &debug);
    assert_secret_free("{:#?} of Client", &format!("{client:#?}"));
    assert!(debug.contains(REDACTED), "the credential is shown as redacted: {debug}");
    assert!(debug.contains("https://chat.example.com"), "{debug}");
}

#[test]
fn request_builder_debug_hides_the_token() {
    let client =
        Client::new("https://chat.example.com").unwrap().with_user_id("rbAXPnMktTFbNpwtJ").with_auth_token(TOKEN);
    let builders = [
        format!("{:?}", client.groups().add_leader("r", "u")),
        format!("{:?}", client.groups().remove_leader("r", "u")),
        format!(
            "{:?}",
            client.groups().invite(RoomRef::Name("private-abc".into()), Invitees::Username("john.doe".into()))
        ),
        format!("{:#?}", client.roles().add_user_to_role(RoleRef::Id("moderator".into()), "alice").room_id("r")),
    ];
    for debug in builders {
        assert_secret_free("Debug of a request builder", &debug);
    }
}

/// Every recorded response, replayed with the token set: neither the result's `Debug` nor the
/// error's `Display` shows it.
#[tokio::test]
async fn no_result_or_error_of_any_recording_shows_the_token() {
    let mut errors = 0;
    for case in discover(&recordings_dir()).unwrap() {
        let rec = load(&case.path).unwrap();
        let replay = Replay::start(&rec).await.unwrap();
        let result = call_catching_panics(&replay.client, &rec.call).await;
        assert_secret_free(&format!("{}: Debug", case.name), &result.debug);
        if let Some(display) = &result.display {
            errors += 1;
            assert_secret_free(&format!("{}: Display", case.name), display);
        }
    }
    assert!(errors >= 20, "most recordings are errors ({errors})");
}

#[tokio::test]
async fn transport_errors_hide_the_token() {
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = Client::new(format!("http://127.0.0.1:{port}")).unwrap().with_user_id("u").with_auth_token(TOKEN);
    let error = client.groups().add_leader("r", "u").await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_secret_free("Display of Error::Transport", &error.to_string());
    assert_secret_free("Debug of Error::Transport", &format!("{error:?}"));
    assert_eq!(error.status(), None);
}

#[tokio::test]
async fn an_invalid_token_is_refused_without_being_shown() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let bad = format!("{TOKEN}\nX-Injected: yes");
    let client = Client::new(server.uri()).unwrap().with_auth_token(bad.as_str());
    let error = client.groups().remove_leader("r", "u").await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert_secret_free("Display of Error::InvalidRequest", &error.to_string());
    assert_secret_free("Debug of Error::InvalidRequest", &format!("{error:?}"));
    assert!(error.to_string().contains("X-Auth-Token"), "names the header: {error}");
    assert_eq!(server.received_requests().await.unwrap().len(), 0, "nothing was sent");
}

#[test]
fn checked_in_recordings_hold_no_token() {
    for case in discover(&recordings_dir()).unwrap() {
        let text = std::fs::read_to_string(&case.path).unwrap();
        assert_secret_free(&case.name, &text);
        let rec = load(&case.path).unwrap();
        if let Some(value) = rec.request.headers.get("x-auth-token") {
            assert_eq!(value, REDACTED, "{}: a recorded x-auth-token is always {REDACTED}", case.name);
        }
    }
}

/// A proxy or debug page that echoes the request headers puts the token into the body the
/// client quotes in `Error::UnexpectedResponse`. The client knows its own token and blanks it
/// out of the excerpt.
#[tokio::test]
async fn an_echoed_token_is_not_quoted_in_errors() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(502).set_body_raw(format!("<pre>X-Auth-Token: {TEST_TOKEN}</pre>"), "text/html"),
        )
        .mount(&server)
        .await;
    let client = client_for(&server.uri(), &Default::default(), TEST_TOKEN).unwrap();
    let error =
        client.groups().invite(RoomRef::Id("r".into()), Invitees::UserId("u".into())).await.map(|_| ()).unwrap_err();
    assert_secret_free("Display of Error::UnexpectedResponse", &error.to_string());
    assert_secret_free("Debug of Error::UnexpectedResponse", &format!("{error:?}"));
}

/// Secrets the generated code holds in its own types and builders (a password body
/// field, a `format: password` field, a token header parameter and query parameter, an
/// "exactly one of" branch, a session token decoded from a response) never reach
/// `Debug`; the other fields still do. Through the behaviour fixture's generated client
/// and a local server.
mod generated_debug {
    use fixture_client::types::{Login, Session, UnlockPasswordOrUsername};
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    const PASSWORD: &str = "correct-horse-battery-staple";
    const CODE: &str = "914-227";
    const TOKEN: &str = "tok_9f8e7d6c5b4a";

    fn assert_hidden(what: &str, debug: &str, shown: &[&str]) {
        for secret in [PASSWORD, CODE, TOKEN] {
            assert!(!debug.contains(secret), "{what} shows a secret: {debug}");
        }
        assert!(debug.contains(rocketchat_client_tests::REDACTED), "{what} marks the redaction: {debug}");
        for s in shown {
            assert!(debug.contains(s), "{what} still shows {s}: {debug}");
        }
    }

    #[test]
    fn builders_and_bodies_redact_their_secrets() {
        let client = fixture_client::Client::new("http://127.0.0.1:9").expect("url");
        let login = client.login("alice", PASSWORD).code(CODE);
        assert_hidden("login builder", &format!("{login:?}"), &["alice", "Login"]);
        assert_hidden("login builder {:#?}", &format!("{login:#?}"), &["alice"]);
        let body = Login::new("alice", PASSWORD).with_code(CODE);
        assert_hidden("Login body", &format!("{body:?}"), &["alice"]);
        let me = client.me(TOKEN).page_token(TOKEN).user_id("u-17");
        assert_hidden("me builder", &format!("{me:?}"), &["u-17", "x_auth_token", "page_token"]);
        let unlock = client.unlock(UnlockPasswordOrUsername::Password(PASSWORD.into()));
        assert_hidden("unlock builder", &format!("{unlock:?}"), &["Password"]);
        let by_name = format!("{:?}", UnlockPasswordOrUsername::Username("alice".into()));
        assert_eq!(by_name, r#"Username("alice")"#, "a branch that is not secret shows as derived");
        // An optional secret that is not set shows as absent, not as redacted.
        let plain = format!("{:?}", client.me("x"));
        assert!(plain.contains("page_token: None"), "{plain}");
    }

    #[tokio::test]
    async fn a_decoded_session_redacts_its_tokens() {
        let server = MockServer::start().await;
        let body = format!(r#"{{"userId":"u-17","authToken":"{TOKEN}","refreshToken":"{TOKEN}","expires":60}}"#);
        Mock::given(method("POST"))
            .and(path("/login"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
            .mount(&server)
            .await;
        let client = fixture_client::Client::new(server.uri()).expect("url");
        let session: Session = client.login("alice", PASSWORD).await.expect("logged in");
        assert_eq!(session.auth_token, TOKEN, "the value itself is there to use");
        assert_hidden("Session", &format!("{session:?}"), &["u-17", "60"]);
        let response = client.login("alice", PASSWORD).send_with_response().await.expect("logged in");
        assert_hidden("ResponseValue<Session>", &format!("{response:?}"), &["u-17"]);
    }
}
