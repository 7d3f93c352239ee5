//! Field-by-field assertions on the typed results of the seed recordings, written against the
//! generated types themselves (the `recorded` harness compares them as JSON).

use chrono::{DateTime, Utc};
use rocketchat_client::operations::{
    AddUserToRoleError, GroupsAddLeaderError, GroupsInviteError, GroupsRemoveLeaderError,
};
use rocketchat_client::types::{ErrorType, Invitees, RoleRef, RoomRef};
use rocketchat_client::Error;
use rocketchat_client_tests::recording::{load, Recording};
use rocketchat_client_tests::recordings_dir;
use rocketchat_client_tests::replay::Replay;
use std::time::Duration;

fn recording(name: &str) -> Recording {
    load(&recordings_dir().join(format!("{name}.json"))).unwrap_or_else(|e| panic!("{e}"))
}

/// Serves the recording; the test makes the call itself, then checks the request sent.
async fn serve(name: &str) -> (Replay, Recording) {
    let recording = recording(name);
    let replay = Replay::start(&recording).await.unwrap_or_else(|e| panic!("{e}"));
    (replay, recording)
}

async fn assert_request(replay: &Replay, recording: &Recording) {
    if let Err(e) = replay.check_request(&recording.request).await {
        panic!("{e}");
    }
}

fn ts(text: &str) -> DateTime<Utc> {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

#[tokio::test]
async fn add_leader_ok() {
    let (replay, rec) = serve("groups.addLeader/ok").await;
    let result = replay.client.groups().add_leader("ByehQjC44FwMeiLbX", "oCHkav5Zf6vmpu2W2").await.expect("200");
    assert_eq!(result.success, Some(true));
    assert_request(&replay, &rec).await;
}

#[tokio::test]
async fn add_leader_already_leader() {
    let (replay, rec) = serve("groups.addLeader/already-leader").await;
    match replay.client.groups().add_leader("ByehQjC44FwMeiLbX", "oCHkav5Zf6vmpu2W2").await {
        Err(Error::Api { status: 400, body: GroupsAddLeaderError::BadRequest(f), .. }) => {
            assert_eq!(f.success, Some(false));
            assert_eq!(f.error.as_deref(), Some("User is already a leader [error-user-already-leader]"));
            assert_eq!(f.error_type, Some(ErrorType::ErrorUserAlreadyLeader));
            assert_eq!(f.details, None);
        }
        other => panic!("expected Error::Api 400 BadRequest, got {other:?}"),
    }
    assert_request(&replay, &rec).await;
}

#[tokio::test]
async fn add_leader_unauthorized() {
    let (replay, rec) = serve("groups.addLeader/unauthorized").await;
    match replay.client.groups().add_leader("ByehQjC44FwMeiLbX", "oCHkav5Zf6vmpu2W2").await {
        Err(Error::Api { status: 401, body: GroupsAddLeaderError::Unauthorized(a), .. }) => {
            assert_eq!(a.status.as_deref(), Some("error"));
            assert_eq!(a.message.as_deref(), Some("You must be logged in to do this."));
        }
        other => panic!("expected Error::Api 401 Unauthorized, got {other:?}"),
    }
    assert_request(&replay, &rec).await;
}

#[tokio::test]
async fn remove_leader_ok_not_leader_unauthorized() {
    let (replay, rec) = serve("groups.removeLeader/ok").await;
    let ok = replay.client.groups().remove_leader("ByehQjC44FwMeiLbX", "oCHkav5Zf6vmpu2W2").await.expect("200");
    assert_eq!(ok.success, Some(true));
    assert_request(&replay, &rec).await;

    let (replay, rec) = serve("groups.removeLeader/not-leader").await;
    match replay.client.groups().remove_leader("ByehQjC44FwMeiLbX", "oCHkav5Zf6vmpu2W2").await {
        Err(Error::Api { status: 400, body: GroupsRemoveLeaderError::BadRequest(f), .. }) => {
            assert_eq!(f.success, Some(false));
            assert_eq!(f.error.as_deref(), Some("User is not a leader [error-user-not-leader]"));
            assert_eq!(f.error_type, Some(ErrorType::ErrorUserNotLeader));
        }
        other => panic!("expected Error::Api 400 BadRequest, got {other:?}"),
    }
    assert_request(&replay, &rec).await;

    let (replay, rec) = serve("groups.removeLeader/unauthorized").await;
    match replay.client.groups().remove_leader("ByehQjC44FwMeiLbX", "oCHkav5Zf6vmpu2W2").await {
        Err(Error::Api { status: 401, body: GroupsRemoveLeaderError::Unauthorized(a), .. }) => {
            assert_eq!(a.message.as_deref(), Some("You must be logged in to do this."));
        }
        other => panic!("expected Error::Api 401 Unauthorized, got {other:?}"),
    }
    assert_request(&replay, &rec).await;
}

#[tokio::test]
async fn invite_ok_decodes_every_group_field() {
    let (replay, rec) = serve("groups.invite/by-room-id-user-id").await;
    let result = replay
        .client
        .groups()
        .invite(RoomRef::Id("ByehQjC44FwMeiLbX".into()), Invitees::UserId("nSYqWzZ4GsKTX4dyK".into()))
        .await
        .expect("200");
    assert_eq!(result.success, Some(true));
    let group = result.group.expect("group");
    assert_eq!(group.id.as_deref(), Some("ByehQjC44FwMeiLbX"));
    assert_eq!(group.ts, Some(ts("2016-11-30T21:23:04.737Z")));
    assert_eq!(group.t.as_deref(), Some("p"));
    assert_eq!(group.name.as_deref(), Some("testing"));
    assert_eq!(group.usernames, Some(vec!["testing".to_owned(), "testing1".to_owned()]));
    let u = group.u.expect("u");
    assert_eq!(u.id.as_deref(), Some("aobEdbYhXfu5hkeqG"));
    assert_eq!(u.username.as_deref(), Some("testing1"));
    assert_eq!(group.msgs, Some(1));
    assert_eq!(group.updated_at, Some(ts("2016-12-09T12:50:51.575Z")));
    assert_eq!(group.lm, Some(ts("2016-12-09T12:50:51.555Z")));
    assert_request(&replay, &rec).await;
}

#[tokio::test]
async fn invite_every_one_of_variant_sends_exactly_its_keys() {
    let cases: [(&str, Invitees, RoomRef); 4] = [
        (
            "groups.invite/by-room-id-user-id",
            Invitees::UserId("nSYqWzZ4GsKTX4dyK".into()),
            RoomRef::Id("ByehQjC44FwMeiLbX".into()),
        ),
        (
            "groups.invite/by-room-name-username",
            Invitees::Username("john.doe".into()),
            RoomRef::Name("private-abc".into()),
        ),
        (
            "groups.invite/by-room-id-user-ids",
            Invitees::UserIds(vec!["nSYqWzZ4GsKTX4dyK".into(), "SYqWzZ4Gsasdfgh".into()]),
            RoomRef::Id("ByehQjC44FwMeiLbX".into()),
        ),
        (
            "groups.invite/by-room-name-usernames",
            Invitees::Usernames(vec!["john.doe".into(), "jane.doe".into()]),
            RoomRef::Name("private-abc".into()),
        ),
    ];
    for (name, invitees, room) in cases {
        let (replay, rec) = serve(name).await;
        let result = replay.client.groups().invite(room, invitees).await.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(result.group.and_then(|g| g.name).as_deref(), Some("testing"), "{name}");
        assert_request(&replay, &rec).await;
        let sent = replay.sent_request().await.unwrap();
        let body: serde_json::Value = serde_json::from_slice(&sent.body).unwrap();
        assert_eq!(body.as_object().map(|o| o.len()), Some(2), "{name}: one room key and one invitee key: {body}");
    }
}

#[tokio::test]
async fn invite_not_allowed_keeps_details_method() {
    let (replay, rec) = serve("groups.invite/not-allowed").await;
    let result = replay
        .client
        .groups()
        .invite(RoomRef::Id("ByehQjC44FwMeiLbX".into()), Invitees::UserId("nSYqWzZ4GsKTX4dyK".into()))
        .await;
    match result {
        Err(Error::Api { status: 400, body: GroupsInviteError::BadRequest(f), .. }) => {
            assert_eq!(f.success, Some(false));
            assert_eq!(f.error.as_deref(), Some("Not allowed [error-not-allowed]"));
            assert_eq!(f.error_type, Some(ErrorType::ErrorNotAllowed));
            assert_eq!(f.details.and_then(|d| d.method).as_deref(), Some("addUsersToRoom"));
        }
        other => panic!("expected Error::Api 400 BadRequest, got {other:?}"),
    }
    assert_request(&replay, &rec).await;
}

#[tokio::test]
async fn invite_parameter_errors() {
    let (replay, rec) = serve("groups.invite/room-param-not-provided").await;
    match replay.client.groups().invite(RoomRef::Id(String::new()), Invitees::UserId("nSYqWzZ4GsKTX4dyK".into())).await
    {
        Err(Error::Api { status: 400, body: GroupsInviteError::BadRequest(f), .. }) => {
            assert_eq!(f.error_type, Some(ErrorType::ErrorRoomParamNotProvided));
            assert_eq!(
                f.error.as_deref(),
                Some("The parameter \"roomId\" or \"roomName\" is required [error-room-param-not-provided]")
            );
        }
        other => panic!("expected Error::Api 400 BadRequest, got {other:?}"),
    }
    assert_request(&replay, &rec).await;

    let (replay, rec) = serve("groups.invite/users-params-not-provided").await;
    match replay.client.groups().invite(RoomRef::Name("private-abc".into()), Invitees::Usernames(vec![])).await {
        Err(Error::Api { status: 400, body: GroupsInviteError::BadRequest(f), .. }) => {
            assert_eq!(f.error_type, Some(ErrorType::ErrorUsersParamsNotProvided));
        }
        other => panic!("expected Error::Api 400 BadRequest, got {other:?}"),
    }
    assert_request(&replay, &rec).await;

    let (replay, rec) = serve("groups.invite/unknown-error-type").await;
    match replay
        .client
        .groups()
        .invite(RoomRef::Id("ByehQjC44FwMeiLbX".into()), Invitees::UserId("nSYqWzZ4GsKTX4dyK".into()))
        .await
    {
        Err(Error::Api { status: 400, body: GroupsInviteError::BadRequest(f), .. }) => {
            assert_eq!(f.error_type, Some(ErrorType::Unknown("error-some-new-thing".into())));
        }
        other => panic!("expected Error::Api 400 BadRequest, got {other:?}"),
    }
    assert_request(&replay, &rec).await;

    let (replay, rec) = serve("groups.invite/unauthorized").await;
    match replay
        .client
        .groups()
        .invite(RoomRef::Id("ByehQjC44FwMeiLbX".into()), Invitees::UserId("nSYqWzZ4GsKTX4dyK".into()))
        .await
    {
        Err(Error::Api { status: 401, body: GroupsInviteError::Unauthorized(a), .. }) => {
            assert_eq!(a.status.as_deref(), Some("error"));
        }
        other => panic!("expected Error::Api 401 Unauthorized, got {other:?}"),
    }
    assert_request(&replay, &rec).await;
}

#[tokio::test]
async fn invite_extra_and_absent_fields() {
    let (replay, rec) = serve("groups.invite/extra-fields").await;
    let result = replay
        .client
        .groups()
        .invite(RoomRef::Id("ByehQjC44FwMeiLbX".into()), Invitees::UserId("nSYqWzZ4GsKTX4dyK".into()))
        .await
        .expect("unknown fields are ignored");
    let group = result.group.expect("group");
    assert_eq!(group.name.as_deref(), Some("testing"));
    assert_eq!(group.u.and_then(|u| u.username).as_deref(), Some("testing1"));
    assert_request(&replay, &rec).await;

    let (replay, rec) = serve("groups.invite/optional-fields-absent").await;
    let result = replay
        .client
        .groups()
        .invite(RoomRef::Id("ByehQjC44FwMeiLbX".into()), Invitees::UserId("nSYqWzZ4GsKTX4dyK".into()))
        .await
        .expect("absent optional fields are None");
    let group = result.group.expect("group");
    assert_eq!(group.id.as_deref(), Some("x"));
    assert_eq!((group.ts, group.t, group.name, group.usernames, group.u), (None, None, None, None, None));
    assert_eq!((group.msgs, group.updated_at, group.lm), (None, None, None));
    assert_request(&replay, &rec).await;
}

#[tokio::test]
async fn add_user_to_role_ok_by_id_and_by_deprecated_name() {
    let (replay, rec) = serve("roles.addUserToRole/ok-by-role-id").await;
    let result = replay
        .client
        .roles()
        .add_user_to_role(RoleRef::Id("6579adcf2dd9f9d9514f6".into()), "test.fun")
        .room_id("64adb09baa5ad4273bfc")
        .send()
        .await
        .expect("200");
    assert_eq!(result.success, Some(true));
    let role = result.role.expect("role");
    assert_eq!(role.id.as_deref(), Some("auditor-log"));
    assert_eq!(role.scope.as_deref(), Some("Users"));
    assert_eq!(role.description.as_deref(), Some(""));
    assert_eq!(role.mandatory2fa, Some(false));
    assert_eq!(role.name.as_deref(), Some("auditor-log"));
    assert_eq!(role.protected, Some(true));
    assert_eq!(role.updated_at.as_deref(), Some("2023-07-10T23:20:56.702Z"));
    assert_request(&replay, &rec).await;

    let (replay, rec) = serve("roles.addUserToRole/ok-by-role-name").await;
    #[allow(deprecated)]
    let role = RoleRef::Name("auditor-log".into());
    let result =
        replay.client.roles().add_user_to_role(role, "test.fun").room_id("64adb09baa5ad4273bfc").await.expect("200");
    assert_eq!(result.role.and_then(|r| r.name).as_deref(), Some("auditor-log"));
    assert_request(&replay, &rec).await;

    let (replay, rec) = serve("roles.addUserToRole/ok-without-room").await;
    let result = replay
        .client
        .roles()
        .add_user_to_role(RoleRef::Id("6579adcf2dd9f9d9514f6".into()), "test.fun")
        .await
        .expect("200");
    assert_eq!(result.success, Some(true));
    assert_request(&replay, &rec).await;
    let sent = replay.sent_request().await.unwrap();
    let body: serde_json::Value = serde_json::from_slice(&sent.body).unwrap();
    assert!(body.get("roomId").is_none(), "no roomId key when the setter is not called: {body}");
}

#[tokio::test]
async fn add_user_to_role_documented_400s_and_401() {
    let expected = [
        (
            "roles.addUserToRole/invalid-role-properties",
            "test.fun",
            "must have required property 'username' [error-invalid-role-properties]",
            Some(ErrorType::ErrorInvalidRoleProperties),
        ),
        (
            "roles.addUserToRole/invalid-user",
            "no.such.user",
            "The required \"userId\" or \"username\" param provided does not match any users [error-invalid-user]",
            Some(ErrorType::ErrorInvalidUser),
        ),
        ("roles.addUserToRole/no-error-type", "test.fun", "error-invalid-role-properties", None),
    ];
    for (name, username, message, error_type) in expected {
        let (replay, rec) = serve(name).await;
        match replay.client.roles().add_user_to_role(RoleRef::Id("6579adcf2dd9f9d9514f6".into()), username).await {
            Err(Error::Api { status: 400, body: AddUserToRoleError::BadRequest(f), .. }) => {
                assert_eq!(f.success, Some(false), "{name}");
                assert_eq!(f.error.as_deref(), Some(message), "{name}");
                assert_eq!(f.error_type, error_type, "{name}");
            }
            other => panic!("{name}: expected Error::Api 400 BadRequest, got {other:?}"),
        }
        assert_request(&replay, &rec).await;
    }

    let (replay, rec) = serve("roles.addUserToRole/unauthorized").await;
    match replay.client.roles().add_user_to_role(RoleRef::Id("6579adcf2dd9f9d9514f6".into()), "test.fun").await {
        Err(Error::Api { status: 401, body: AddUserToRoleError::Unauthorized(a), .. }) => {
            assert_eq!(a.message.as_deref(), Some("You must be logged in to do this."));
        }
        other => panic!("expected Error::Api 401 Unauthorized, got {other:?}"),
    }
    assert_request(&replay, &rec).await;
}

#[tokio::test]
async fn undocumented_responses_are_specific_errors_with_status_and_excerpt() {
    let (replay, _) = serve("groups.addLeader/proxy-html-502").await;
    match replay.client.groups().add_leader("ByehQjC44FwMeiLbX", "oCHkav5Zf6vmpu2W2").await {
        Err(Error::UnexpectedResponse { status: 502, content_type, body, reason, .. }) => {
            assert_eq!(content_type.as_deref(), Some("text/html"));
            assert!(body.contains("<h1>502 Bad Gateway</h1>"), "{body}");
            assert!(!reason.is_empty());
        }
        other => panic!("expected UnexpectedResponse 502, got {other:?}"),
    }

    let (replay, _) = serve("groups.removeLeader/empty-500").await;
    match replay.client.groups().remove_leader("ByehQjC44FwMeiLbX", "oCHkav5Zf6vmpu2W2").await {
        Err(Error::UnexpectedResponse { status: 500, content_type: None, body, .. }) => assert_eq!(body, ""),
        other => panic!("expected UnexpectedResponse 500 without content type, got {other:?}"),
    }

    let (replay, _) = serve("groups.removeLeader/undocumented-403").await;
    match replay.client.groups().remove_leader("ByehQjC44FwMeiLbX", "oCHkav5Zf6vmpu2W2").await {
        Err(Error::UnexpectedResponse { status: 403, content_type, body, .. }) => {
            assert_eq!(content_type.as_deref(), Some("application/json"));
            assert!(body.contains("error-action-not-allowed"), "{body}");
        }
        other => panic!("expected UnexpectedResponse 403, got {other:?}"),
    }

    let (replay, _) = serve("groups.addLeader/wrong-content-type").await;
    match replay.client.groups().add_leader("ByehQjC44FwMeiLbX", "oCHkav5Zf6vmpu2W2").await {
        Err(Error::UnexpectedResponse { status: 200, content_type, body, .. }) => {
            assert_eq!(content_type.as_deref(), Some("text/plain"));
            assert_eq!(body, "OK");
        }
        other => panic!("expected UnexpectedResponse 200 text/plain, got {other:?}"),
    }

    let (replay, _) = serve("roles.addUserToRole/truncated-json").await;
    match replay.client.roles().add_user_to_role(RoleRef::Id("6579adcf2dd9f9d9514f6".into()), "test.fun").await {
        Err(Error::UnexpectedResponse { status: 200, body, reason, .. }) => {
            assert!(body.starts_with("{\"role\": {\"_id\": \"auditor-log\""), "{body}");
            assert!(reason.contains("schema") || reason.contains("EOF"), "{reason}");
        }
        other => panic!("expected UnexpectedResponse 200, got {other:?}"),
    }

    let (replay, _) = serve("roles.addUserToRole/rate-limited-429").await;
    match replay.client.roles().add_user_to_role(RoleRef::Id("6579adcf2dd9f9d9514f6".into()), "test.fun").await {
        Err(e @ Error::RateLimited { .. }) => {
            assert_eq!(e.status(), Some(429));
            let Error::RateLimited { retry_after, body, .. } = &e else { unreachable!() };
            assert_eq!(*retry_after, Some(Duration::from_secs(30)));
            assert!(body.contains("too many requests"), "{body}");
            assert_eq!(e.to_string(), "rate limited (429); retry after 30 s");
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
}

/// Bodies no recording shows well: long, multi-byte, not UTF-8; a `Retry-After` date.
/// Each is a specific error with the status and a bounded excerpt, never a panic.
#[tokio::test]
async fn long_odd_bodies_give_bounded_excerpts_without_panicking() {
    use wiremock::matchers::any;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    async fn answer(template: ResponseTemplate) -> Error<GroupsAddLeaderError> {
        let server = MockServer::start().await;
        Mock::given(any()).respond_with(template).mount(&server).await;
        let client = rocketchat_client::Client::new(server.uri()).unwrap().with_auth_token("t");
        client.groups().add_leader("r", "u").await.unwrap_err()
    }

    let long = "é".repeat(5000);
    match answer(ResponseTemplate::new(503).set_body_raw(long.clone(), "text/plain")).await {
        Error::UnexpectedResponse { status: 503, body, .. } => {
            assert!(body.chars().count() <= 513, "{} chars", body.chars().count());
            assert!(long.starts_with(body.trim_end_matches('…')));
        }
        other => panic!("{other:?}"),
    }

    match answer(ResponseTemplate::new(200).set_body_raw(vec![0xff, 0xfe, b'{', 0x80], "application/json")).await {
        Error::UnexpectedResponse { status: 200, body, reason, .. } => {
            assert!(body.contains('{'), "{body:?}");
            assert!(!reason.is_empty());
        }
        other => panic!("{other:?}"),
    }

    // An HTTP-date: the time left until then, zero once it has passed, nothing when
    // it is not a date.
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let cases = [
        ("Fri, 01 Jan 2100 00:00:00 GMT", Some(4_102_444_800 - now)),
        ("Sun, 29 Feb 2088 12:30:15 GMT", Some(3_728_896_215 - now)),
        ("Sun, 06 Nov 1994 08:49:37 GMT", Some(0)),
        ("Sun, 06 Nov 1994 08:49:37 CET", None),
        ("Sun, 32 Nov 2094 08:49:37 GMT", None),
        ("tomorrow", None),
    ];
    for (value, expected) in cases {
        let date = ResponseTemplate::new(429).insert_header("retry-after", value);
        match answer(date.set_body_string("slow down")).await {
            Error::RateLimited { status: 429, retry_after, body, .. } => {
                let got = retry_after.map(|d| d.as_secs());
                match (got, expected) {
                    // The clock moves between here and the client's reading of it.
                    (Some(got), Some(want)) => assert!(got.abs_diff(want) <= 5, "{value}: {got} s, want {want} s"),
                    (got, want) => assert_eq!(got, want, "{value}"),
                }
                assert_eq!(body, "slow down");
            }
            other => panic!("{value}: {other:?}"),
        }
    }
}
