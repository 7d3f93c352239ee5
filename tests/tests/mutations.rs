//! Changing any single recorded request field makes exactly that case fail, with a message that
//! shows the expected (recorded) value and the value the client sent.

use rocketchat_client_tests::recording::{discover, load, to_file_text, Expect, Recording};
use rocketchat_client_tests::replay::{run_case, run_dir};
use rocketchat_client_tests::{recordings_dir, TEST_TOKEN};
use serde_json::json;
use std::path::Path;

fn recording(name: &str) -> Recording {
    load(&recordings_dir().join(format!("{name}.json"))).unwrap_or_else(|e| panic!("{e}"))
}

/// Runs a changed recording: it must fail, and the message must contain every `needles`.
async fn assert_fails(recording: &Recording, needles: &[&str]) -> String {
    let message = match run_case(recording).await {
        Ok(()) => panic!("the changed recording passed:\n{}", to_file_text(recording)),
        Err(message) => message,
    };
    for needle in needles {
        assert!(message.contains(needle), "the message lacks {needle:?}:\n{message}");
    }
    assert!(!message.contains(TEST_TOKEN), "the message shows the token:\n{message}");
    message
}

#[tokio::test]
async fn unchanged_seed_recording_passes() {
    run_case(&recording("groups.invite/by-room-id-user-id")).await.unwrap();
}

#[tokio::test]
async fn a_changed_room_id_value_fails_showing_expected_and_sent() {
    let mut rec = recording("groups.invite/by-room-id-user-id");
    rec.request.body.as_mut().unwrap()["roomId"] = json!("ByehQjC44FwMeiLbY");
    let message = assert_fails(
        &rec,
        &[
            "the request sent differs from the recording",
            "body at /roomId:",
            "expected: \"ByehQjC44FwMeiLbY\"",
            "sent:     \"ByehQjC44FwMeiLbX\"",
        ],
    )
    .await;
    assert!(!message.contains("typed result"), "only the request differs:\n{message}");
}

#[tokio::test]
async fn a_changed_user_id_header_fails() {
    let mut rec = recording("groups.addLeader/ok");
    rec.request.headers.insert("x-user-id".into(), "someoneElse".into());
    assert_fails(&rec, &["header x-user-id:", "expected: \"someoneElse\"", "sent:     \"rbAXPnMktTFbNpwtJ\""]).await;
}

#[tokio::test]
async fn a_changed_auth_token_header_fails_without_showing_the_token() {
    let mut rec = recording("groups.removeLeader/ok");
    rec.request.headers.insert("x-auth-token".into(), "RScctEHSmLGZGywfIhWyRpyofhKOiMoUIpimhvheU3f".into());
    assert_fails(
        &rec,
        &[
            "header x-auth-token:",
            "expected: \"RScctEHSmLGZGywfIhWyRpyofhKOiMoUIpimhvheU3f\"",
            "sent:     \"<redacted>\"",
        ],
    )
    .await;
}

#[tokio::test]
async fn a_changed_content_type_header_fails() {
    let mut rec = recording("roles.addUserToRole/ok-by-role-id");
    rec.request.headers.insert("content-type".into(), "application/x-www-form-urlencoded".into());
    assert_fails(
        &rec,
        &["header content-type:", "expected: \"application/x-www-form-urlencoded\"", "sent:     \"application/json\""],
    )
    .await;
}

#[tokio::test]
async fn a_header_the_client_does_not_send_fails() {
    let mut rec = recording("groups.invite/by-room-name-username");
    rec.request.headers.insert("x-2fa-code".into(), "123456".into());
    assert_fails(&rec, &["header x-2fa-code:", "expected: \"123456\"", "sent:     (not sent)"]).await;
}

#[tokio::test]
async fn an_auth_header_sent_but_not_recorded_fails() {
    let mut rec = recording("groups.invite/by-room-name-username");
    rec.request.headers.shift_remove("x-user-id");
    assert_fails(&rec, &["header x-user-id:", "expected: (not sent)", "sent:     \"rbAXPnMktTFbNpwtJ\""]).await;
}

#[tokio::test]
async fn a_changed_path_fails() {
    let mut rec = recording("groups.addLeader/ok");
    rec.request.path = "/api/v1/groups.addOwner".into();
    assert_fails(&rec, &["path:", "expected: \"/api/v1/groups.addOwner\"", "sent:     \"/api/v1/groups.addLeader\""])
        .await;
}

#[tokio::test]
async fn a_changed_method_fails() {
    let mut rec = recording("groups.addLeader/ok");
    rec.request.method = "PUT".into();
    assert_fails(&rec, &["method:", "expected: \"PUT\"", "sent:     \"POST\""]).await;
}

#[tokio::test]
async fn a_recorded_query_parameter_fails() {
    let mut rec = recording("groups.addLeader/ok");
    rec.request.query.insert("roomId".into(), json!("ByehQjC44FwMeiLbX"));
    assert_fails(&rec, &["query at /roomId:", "expected: \"ByehQjC44FwMeiLbX\"", "sent:     (absent)"]).await;
}

#[tokio::test]
async fn a_body_member_added_removed_or_reordered_in_an_array() {
    let mut rec = recording("groups.invite/by-room-name-usernames");
    rec.request.body.as_mut().unwrap()["usernames"] = json!(["jane.doe", "john.doe"]);
    assert_fails(&rec, &["body at /usernames/0:", "expected: \"jane.doe\"", "sent:     \"john.doe\""]).await;

    let mut rec = recording("roles.addUserToRole/ok-without-room");
    rec.request.body.as_mut().unwrap()["roomId"] = json!("64adb09baa5ad4273bfc");
    assert_fails(&rec, &["body at /roomId:", "expected: \"64adb09baa5ad4273bfc\"", "sent:     (absent)"]).await;

    let mut rec = recording("roles.addUserToRole/ok-by-role-name");
    rec.request.body.as_mut().unwrap().as_object_mut().unwrap().remove("roleName");
    assert_fails(&rec, &["body at /roleName:", "expected: (absent)", "sent:     \"auditor-log\""]).await;
}

#[tokio::test]
async fn a_changed_call_argument_fails_because_the_request_comes_from_the_call() {
    let mut rec = recording("groups.invite/by-room-id-user-id");
    let mut call = serde_json::to_value(&rec.call).unwrap();
    call["args"]["room"] = json!({"name": "private-abc"});
    rec.call = serde_json::from_value(call).unwrap();
    assert_fails(
        &rec,
        &["body at /roomId:", "expected: \"ByehQjC44FwMeiLbX\"", "sent:     (absent)", "body at /roomName:"],
    )
    .await;
}

#[tokio::test]
async fn a_changed_expectation_fails_showing_expected_and_got() {
    let mut rec = recording("groups.invite/not-allowed");
    if let Expect::ApiError { body, .. } = &mut rec.expect {
        body["details"]["method"] = json!("inviteUsers");
    }
    assert_fails(
        &rec,
        &[
            "typed result differs",
            "Error::Api body at /details/method:",
            "expected: \"inviteUsers\"",
            "got:      \"addUsersToRoom\"",
        ],
    )
    .await;

    let mut rec = recording("groups.addLeader/ok");
    rec.expect = Expect::ApiError { status: 400, body: json!({}) };
    assert_fails(&rec, &["result:", "expected: {\"api_error\"", "got:      Ok({\"success\":true})"]).await;
}

fn copy_dir(from: &Path, to: &Path) {
    for case in discover(from).unwrap() {
        let target = to.join(case.path.strip_prefix(from).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&case.path, target).unwrap();
    }
}

/// In a copy of `tests/recordings/`, change one request field of one file: exactly that case fails.
async fn only_that_case_fails(case: &str, change: impl Fn(&mut Recording), needles: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&recordings_dir(), dir.path());
    let path = dir.path().join(format!("{case}.json"));
    let mut rec = load(&path).unwrap();
    change(&mut rec);
    std::fs::write(&path, to_file_text(&rec)).unwrap();

    let results = run_dir(dir.path()).await.unwrap();
    assert!(results.len() >= 30, "{} cases", results.len());
    let failed: Vec<&(String, Result<(), String>)> = results.iter().filter(|(_, r)| r.is_err()).collect();
    let names: Vec<&str> = failed.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, [case], "exactly the changed case fails");
    let message = failed[0].1.as_ref().unwrap_err();
    for needle in needles {
        assert!(message.contains(needle), "the message lacks {needle:?}:\n{message}");
    }
}

#[tokio::test]
async fn in_the_whole_set_exactly_the_changed_case_fails() {
    only_that_case_fails(
        "groups.invite/by-room-id-user-ids",
        |r| r.request.body.as_mut().unwrap()["roomId"] = json!("0000"),
        &["body at /roomId:", "expected: \"0000\"", "sent:     \"ByehQjC44FwMeiLbX\""],
    )
    .await;
    only_that_case_fails(
        "roles.addUserToRole/invalid-user",
        |r| {
            r.request.headers.insert("x-user-id".into(), "nobody".into());
        },
        &["header x-user-id:", "expected: \"nobody\"", "sent:     \"rbAXPnMktTFbNpwtJ\""],
    )
    .await;
    only_that_case_fails(
        "groups.removeLeader/not-leader",
        |r| r.request.path = "/api/v1/groups.removeOwner".into(),
        &["path:", "expected: \"/api/v1/groups.removeOwner\"", "sent:     \"/api/v1/groups.removeLeader\""],
    )
    .await;
}
