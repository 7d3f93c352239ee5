//! Record mode against a local upstream (a second real HTTP server on 127.0.0.1 standing in
//! for a Rocket.Chat): the file is written, the token is scrubbed everywhere, and it replays.

use libtest_mimic::Arguments;
use rocketchat_client_tests::harness;
use rocketchat_client_tests::record::{record_file, workspace_root, RecordConfig};
use rocketchat_client_tests::recording::{discover, load, CaseFile, Expect};
use rocketchat_client_tests::replay::{run_case, run_dir};
use rocketchat_client_tests::{recordings_dir, REDACTED};
use serde_json::json;
use std::path::Path;
use wiremock::matchers::{any, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const REAL_TOKEN: &str = "upstream-secret-Z8yX7wV6uT5sR4qP3oN2mL1k";
const REAL_USER: &str = "liveUser9x8y7z";

fn config(upstream: &str, out: &Path) -> RecordConfig {
    RecordConfig {
        upstream: upstream.to_owned(),
        user_id: REAL_USER.to_owned(),
        auth_token: REAL_TOKEN.to_owned(),
        from_dir: recordings_dir(),
        out_dir: out.to_owned(),
    }
}

fn case(name: &str) -> CaseFile {
    CaseFile { name: name.to_owned(), path: recordings_dir().join(format!("{name}.json")) }
}

fn assert_no_token(dir: &Path) {
    for case in discover(dir).unwrap() {
        let text = std::fs::read_to_string(&case.path).unwrap();
        assert!(!text.contains(REAL_TOKEN), "{} contains the token:\n{text}", case.path.display());
    }
}

#[tokio::test]
async fn records_a_scrubbed_file_that_replays() {
    let upstream = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/groups.invite"))
        .and(header("x-auth-token", REAL_TOKEN))
        .and(header("x-user-id", REAL_USER))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({
                    "group": {
                        "_id": "G1",
                        "name": "private-abc",
                        "usernames": ["john.doe", "jane.doe"],
                        "topic": format!("created with {REAL_TOKEN}")
                    },
                    "success": true,
                    "echo": { "X-Auth-Token": REAL_TOKEN }
                }))
                .insert_header("x-ratelimit-limit", "10")
                .insert_header("set-cookie", format!("rc_token={REAL_TOKEN}; Path=/").as_str())
                .insert_header("x-echo-token", REAL_TOKEN),
        )
        .mount(&upstream)
        .await;
    let out = tempfile::tempdir().unwrap();

    let written = record_file(&case("groups.invite/by-room-name-usernames"), &config(&upstream.uri(), out.path()))
        .await
        .unwrap_or_else(|e| panic!("{e}"));

    // The one request reached the upstream, with the real credentials.
    let received = upstream.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].headers.get("x-auth-token").unwrap(), REAL_TOKEN);

    // The file: where expected, scrubbed, and true to the exchange.
    assert_eq!(written, out.path().join("groups.invite/by-room-name-usernames.json"));
    let text = std::fs::read_to_string(&written).unwrap();
    assert!(!text.contains(REAL_TOKEN), "the token was written:\n{text}");
    let rec = load(&written).unwrap();
    assert_eq!(rec.call.operation(), "groups.invite");
    assert_eq!(rec.call.auth().user_id.as_deref(), Some(REAL_USER));
    assert_eq!(rec.request.method, "POST");
    assert_eq!(rec.request.path, "/api/v1/groups.invite");
    assert_eq!(rec.request.headers["x-auth-token"], REDACTED);
    assert_eq!(rec.request.headers["x-user-id"], REAL_USER);
    assert_eq!(rec.request.headers["content-type"], "application/json");
    assert_eq!(rec.request.body, Some(json!({"roomName": "private-abc", "usernames": ["john.doe", "jane.doe"]})));
    assert_eq!(rec.response.status, 200);
    assert_eq!(rec.response.headers.get("content-type").map(String::as_str), Some("application/json"));
    assert_eq!(rec.response.headers.get("x-ratelimit-limit").map(String::as_str), Some("10"));
    assert!(!rec.response.headers.contains_key("set-cookie"));
    assert!(!rec.response.headers.contains_key("x-echo-token"));
    let body = rec.response.body.as_ref().unwrap();
    assert_eq!(body["echo"]["X-Auth-Token"], REDACTED);
    assert_eq!(body["group"]["topic"], format!("created with {REDACTED}"));
    assert_eq!(
        rec.expect,
        Expect::Ok(
            json!({"group": {"_id": "G1", "name": "private-abc", "usernames": ["john.doe", "jane.doe"]}, "success": true})
        )
    );

    // It replays green, and guards the request like any recording.
    run_case(&rec).await.unwrap();
    let mut changed = rec.clone();
    changed.request.body.as_mut().unwrap()["roomName"] = json!("private-xyz");
    let message = run_case(&changed).await.unwrap_err();
    assert!(
        message.contains("expected: \"private-xyz\"") && message.contains("sent:     \"private-abc\""),
        "{message}"
    );
}

#[tokio::test]
async fn records_documented_errors_and_undocumented_responses_under_a_path_prefix() {
    let upstream = MockServer::start().await;
    Mock::given(path("/chat/api/v1/groups.addLeader"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "success": false,
            "error": "User is already a leader [error-user-already-leader]",
            "errorType": "error-user-already-leader"
        })))
        .mount(&upstream)
        .await;
    Mock::given(path("/chat/api/v1/groups.removeLeader"))
        .respond_with(ResponseTemplate::new(502).set_body_raw(
            format!("<html><body><h1>502 Bad Gateway</h1><pre>X-Auth-Token: {REAL_TOKEN}</pre></body></html>"),
            "text/html",
        ))
        .mount(&upstream)
        .await;
    Mock::given(path("/chat/api/v1/roles.addUserToRole"))
        .respond_with(
            ResponseTemplate::new(429).insert_header("retry-after", "12").set_body_json(
                json!({"success": false, "error": "Error, too many requests. [error-too-many-requests]"}),
            ),
        )
        .mount(&upstream)
        .await;
    let out = tempfile::tempdir().unwrap();
    let config = config(&format!("{}/chat/", upstream.uri()), out.path());

    let p = record_file(&case("groups.addLeader/ok"), &config).await.unwrap_or_else(|e| panic!("{e}"));
    let rec = load(&p).unwrap();
    assert_eq!(rec.request.path, "/api/v1/groups.addLeader", "the recorded path is the client's, not the upstream's");
    assert!(
        matches!(&rec.expect, Expect::ApiError { status: 400, body } if body["errorType"] == "error-user-already-leader"),
        "{:?}",
        rec.expect
    );

    let p = record_file(&case("groups.removeLeader/ok"), &config).await.unwrap_or_else(|e| panic!("{e}"));
    let rec = load(&p).unwrap();
    assert_eq!(rec.response.body_text.as_deref().map(|t| t.contains("X-Auth-Token: <redacted>")), Some(true));
    match &rec.expect {
        Expect::UnexpectedResponse { status: 502, content_type, body_contains } => {
            assert_eq!(content_type.as_deref(), Some("text/html"));
            assert!(body_contains.starts_with("<html>"), "{body_contains}");
        }
        other => panic!("{other:?}"),
    }

    let p = record_file(&case("roles.addUserToRole/ok-by-role-id"), &config).await.unwrap_or_else(|e| panic!("{e}"));
    let rec = load(&p).unwrap();
    assert_eq!(rec.response.headers.get("retry-after").map(String::as_str), Some("12"));
    assert!(matches!(
        rec.expect,
        Expect::RateLimited { status: 429, retry_after_secs: Some(12), body_contains: Some(_) }
    ));

    assert_no_token(out.path());
    let results = run_dir(out.path()).await.unwrap();
    assert_eq!(results.len(), 3);
    for (name, result) in results {
        result.unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

/// The harness itself in record mode (as `cargo test --test recorded` runs it with the
/// variables set): every case is recorded, scrubbed, and the written set replays.
#[test]
fn the_harness_in_record_mode_records_every_case() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let upstream = runtime.block_on(async {
        let upstream = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true, "token": REAL_TOKEN})))
            .mount(&upstream)
            .await;
        upstream
    });
    let out = tempfile::tempdir().unwrap();
    let uri = upstream.uri();
    let out_dir = out.path().to_string_lossy().into_owned();
    let trials = harness::trials(|name| match name {
        "ROCKETCHAT_URL" => Some(uri.clone()),
        "ROCKETCHAT_USER_ID" => Some(REAL_USER.to_owned()),
        "ROCKETCHAT_AUTH_TOKEN" => Some(REAL_TOKEN.to_owned()),
        "ROCKETCHAT_RECORD_DIR" => Some(out_dir.clone()), // absolute: used as is
        _ => None,
    });
    let cases = discover(&recordings_dir()).unwrap();
    assert_eq!(trials.len(), cases.len());
    // The nested run's report goes to a file, not into this test's output.
    let log = out.path().join("harness.log").to_string_lossy().into_owned();
    let args = Arguments { test_threads: Some(1), logfile: Some(log.clone()), ..Arguments::default() };
    let conclusion = libtest_mimic::run(&args, trials);
    let report = std::fs::read_to_string(&log).unwrap_or_default();
    assert_eq!((conclusion.num_failed, conclusion.num_passed), (0, cases.len() as u64), "{report}");
    std::fs::remove_file(&log).unwrap();

    let written = discover(out.path()).unwrap();
    assert_eq!(written.iter().map(|c| &c.name).collect::<Vec<_>>(), cases.iter().map(|c| &c.name).collect::<Vec<_>>());
    assert_no_token(out.path());
    let received = runtime.block_on(upstream.received_requests()).unwrap();
    assert_eq!(received.len(), cases.len(), "one upstream request per case");
    let results = runtime.block_on(run_dir(out.path())).unwrap();
    for (name, result) in results {
        result.unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn record_mode_settings_come_from_the_environment() {
    let vars = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned())
    };
    assert!(RecordConfig::from_lookup(vars(&[])).unwrap().is_none(), "no ROCKETCHAT_URL: replay");

    let missing = RecordConfig::from_lookup(vars(&[("ROCKETCHAT_URL", "http://127.0.0.1:3000")])).unwrap_err();
    assert!(missing.contains("ROCKETCHAT_USER_ID"), "{missing}");
    let missing =
        RecordConfig::from_lookup(vars(&[("ROCKETCHAT_URL", "http://127.0.0.1:3000"), ("ROCKETCHAT_USER_ID", "u")]))
            .unwrap_err();
    assert!(missing.contains("ROCKETCHAT_AUTH_TOKEN"), "{missing}");
    let bad = RecordConfig::from_lookup(vars(&[
        ("ROCKETCHAT_URL", "ftp://chat"),
        ("ROCKETCHAT_USER_ID", "u"),
        ("ROCKETCHAT_AUTH_TOKEN", "t"),
    ]))
    .unwrap_err();
    assert!(bad.contains("http or https"), "{bad}");

    let config = RecordConfig::from_lookup(vars(&[
        ("ROCKETCHAT_URL", "http://127.0.0.1:3000/"),
        ("ROCKETCHAT_USER_ID", "u"),
        ("ROCKETCHAT_AUTH_TOKEN", REAL_TOKEN),
        ("ROCKETCHAT_RECORD_DIR", "tests/recordings-new"),
    ]))
    .unwrap()
    .unwrap();
    assert_eq!(config.upstream, "http://127.0.0.1:3000");
    assert_eq!(config.out_dir, workspace_root().join("tests/recordings-new"));
    assert_eq!(config.from_dir, recordings_dir());
    assert!(!format!("{config:?}").contains(REAL_TOKEN));

    // A half-configured record mode is one failing test, not a silent replay.
    let trials = harness::trials(vars(&[("ROCKETCHAT_URL", "http://127.0.0.1:3000")]));
    assert_eq!(trials.len(), 1);
    assert_eq!(trials[0].name(), "record-mode");
}
