//! The test harness behind `cargo test --test recorded` (libtest-mimic): one named test per
//! recording file, discovered at run time, so adding a file adds a case.
//!
//! Replay (the default): each case serves its recorded response from a real HTTP server on
//! 127.0.0.1, makes the recorded call with the generated client, and fails when the request
//! sent differs from the recording or the typed result differs from `expect`.
//!
//! Record mode (`ROCKETCHAT_URL`, `ROCKETCHAT_USER_ID`, `ROCKETCHAT_AUTH_TOKEN` set): each case's
//! call is made against that server instead, and what comes back is written as a recording
//! (see `tests/README.md`).

use crate::record::{record_file, RecordConfig};
use crate::recording::{discover, load, CaseFile, Expect, Recording};
use crate::recordings_dir;
use crate::replay::run_file;
use libtest_mimic::{Arguments, Failed, Trial};
use std::future::Future;

fn block_on<F: Future<Output = Result<(), String>>>(future: F) -> Result<(), Failed> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    runtime.block_on(future).map_err(Failed::from)
}

/// The harness's entry point: trials from the process environment, run as `cargo test` would.
pub fn main() {
    let args = Arguments::from_args();
    let trials = trials(|name| std::env::var(name).ok());
    libtest_mimic::run(&args, trials).exit();
}

/// The trials for an environment (`get` looks a variable up): one per recording file, plus
/// the coverage check; or, in record mode, one per case to record.
pub fn trials(get: impl Fn(&str) -> Option<String>) -> Vec<Trial> {
    match RecordConfig::from_lookup(get) {
        Err(e) => vec![Trial::test("record-mode", move || Err(Failed::from(e)))],
        Ok(Some(config)) => record_trials(&config),
        Ok(None) => replay_trials(&recordings_dir()),
    }
}

/// One trial per recording under `dir`, plus `coverage-of-the-seed-pages`.
pub fn replay_trials(dir: &std::path::Path) -> Vec<Trial> {
    match discover(dir) {
        Err(e) => vec![Trial::test("recordings", move || Err(Failed::from(e)))],
        Ok(cases) => {
            let mut trials: Vec<Trial> = cases
                .iter()
                .cloned()
                .map(|case| Trial::test(case.name, move || block_on(async move { run_file(&case.path).await })))
                .collect();
            trials.push(Trial::test("coverage-of-the-seed-pages", move || coverage(&cases).map_err(Failed::from)));
            trials
        }
    }
}

/// Record mode: one trial per case file under `config.from_dir`, each writing its recording.
pub fn record_trials(config: &RecordConfig) -> Vec<Trial> {
    match discover(&config.from_dir) {
        Err(e) => vec![Trial::test("record-mode", move || Err(Failed::from(e)))],
        Ok(cases) => {
            eprintln!(
                "record mode: {} case(s) against {}, written under {}",
                cases.len(),
                config.upstream,
                config.out_dir.display()
            );
            cases
                .into_iter()
                .map(|case| {
                    let config = config.clone();
                    Trial::test(case.name.clone(), move || {
                        block_on(async move {
                            let path = record_file(&case, &config).await?;
                            eprintln!("wrote {}", path.display());
                            Ok(())
                        })
                    })
                })
                .collect()
        }
    }
}

/// The recordings cover every example of the seed pages, every variant of the one-of inputs,
/// and the undocumented responses servers send; and there are at least 30 of them.
pub fn coverage(cases: &[CaseFile]) -> Result<(), String> {
    let recordings: Vec<Recording> = cases.iter().filter_map(|c| load(&c.path).ok()).collect();
    let mut missing = Vec::new();
    if recordings.len() < 30 {
        missing.push(format!("at least 30 recordings (found {})", recordings.len()));
    }
    let has = |what: &str, pred: &dyn Fn(&Recording) -> bool| -> Option<String> {
        (!recordings.iter().any(pred)).then(|| what.to_owned())
    };
    let op = |r: &Recording, name: &str| r.call.operation() == name;
    let ok = |r: &Recording| matches!(r.expect, Expect::Ok(_));
    let api = |r: &Recording, status: u16, error_type: Option<&str>| match &r.expect {
        Expect::ApiError { status: s, body } => {
            *s == status
                && match error_type {
                    Some(t) => body.get("errorType").and_then(|v| v.as_str()) == Some(t),
                    None => status != 400 || body.get("errorType").is_none(),
                }
        }
        _ => false,
    };
    let unexpected =
        |r: &Recording, status: u16| matches!(&r.expect, Expect::UnexpectedResponse { status: s, .. } if *s == status);
    let body_key = |r: &Recording, key: &str| r.request.body.as_ref().and_then(|b| b.get(key)).is_some();
    let checks: Vec<Option<String>> = vec![
        has("groups.addLeader 200", &|r| op(r, "groups.addLeader") && ok(r)),
        has("groups.addLeader 400 error-user-already-leader", &|r| {
            op(r, "groups.addLeader") && api(r, 400, Some("error-user-already-leader"))
        }),
        has("groups.addLeader 401", &|r| op(r, "groups.addLeader") && api(r, 401, None)),
        has("groups.removeLeader 200", &|r| op(r, "groups.removeLeader") && ok(r)),
        has("groups.removeLeader 400 error-user-not-leader", &|r| {
            op(r, "groups.removeLeader") && api(r, 400, Some("error-user-not-leader"))
        }),
        has("groups.removeLeader 401", &|r| op(r, "groups.removeLeader") && api(r, 401, None)),
        has("roles.addUserToRole 200", &|r| op(r, "roles.addUserToRole") && ok(r)),
        has("roles.addUserToRole 400 error-invalid-role-properties", &|r| {
            op(r, "roles.addUserToRole") && api(r, 400, Some("error-invalid-role-properties"))
        }),
        has("roles.addUserToRole 400 error-invalid-user", &|r| {
            op(r, "roles.addUserToRole") && api(r, 400, Some("error-invalid-user"))
        }),
        has("roles.addUserToRole 400 without errorType", &|r| op(r, "roles.addUserToRole") && api(r, 400, None)),
        has("roles.addUserToRole 401", &|r| op(r, "roles.addUserToRole") && api(r, 401, None)),
        has("groups.invite 200", &|r| op(r, "groups.invite") && ok(r)),
        has("groups.invite 400 error-room-param-not-provided", &|r| {
            op(r, "groups.invite") && api(r, 400, Some("error-room-param-not-provided"))
        }),
        has("groups.invite 400 error-users-params-not-provided", &|r| {
            op(r, "groups.invite") && api(r, 400, Some("error-users-params-not-provided"))
        }),
        has("groups.invite 400 error-not-allowed with details.method", &|r| {
            op(r, "groups.invite")
                && api(r, 400, Some("error-not-allowed"))
                && matches!(&r.expect, Expect::ApiError { body, .. } if body.pointer("/details/method").is_some())
        }),
        has("groups.invite 401", &|r| op(r, "groups.invite") && api(r, 401, None)),
        has("groups.invite by roomId", &|r| op(r, "groups.invite") && body_key(r, "roomId")),
        has("groups.invite by roomName", &|r| op(r, "groups.invite") && body_key(r, "roomName")),
        has("groups.invite userId", &|r| op(r, "groups.invite") && body_key(r, "userId")),
        has("groups.invite username", &|r| op(r, "groups.invite") && body_key(r, "username")),
        has("groups.invite userIds", &|r| op(r, "groups.invite") && body_key(r, "userIds")),
        has("groups.invite usernames", &|r| op(r, "groups.invite") && body_key(r, "usernames")),
        has("roles.addUserToRole by roleId", &|r| op(r, "roles.addUserToRole") && body_key(r, "roleId")),
        has("roles.addUserToRole by roleName", &|r| op(r, "roles.addUserToRole") && body_key(r, "roleName")),
        has("200 with unknown extra fields", &|r| {
            ok(r) && matches!((&r.response.body, &r.expect), (Some(b), Expect::Ok(e)) if b != e)
        }),
        has(
            "200 with optional fields absent",
            &|r| matches!(&r.expect, Expect::Ok(e) if e.pointer("/group").is_some() && e.pointer("/group/name").is_none()),
        ),
        has("HTML 502 from a proxy", &|r| {
            unexpected(r, 502) && r.response.headers.get("content-type").is_some_and(|c| c.contains("html"))
        }),
        has("empty 500", &|r| unexpected(r, 500) && r.response.body_text.as_deref() == Some("")),
        has("truncated JSON", &|r| {
            r.response
                .body_text
                .as_deref()
                .is_some_and(|t| t.starts_with('{') && serde_json::from_str::<serde_json::Value>(t).is_err())
        }),
        has("wrong content type", &|r| {
            matches!(&r.expect, Expect::UnexpectedResponse { content_type: Some(c), .. } if !c.contains("json"))
                && r.response.status < 300
        }),
        has("undocumented 403 with a JSON error", &|r| unexpected(r, 403) && r.response.body.is_some()),
        has("429 with Retry-After", &|r| {
            matches!(r.expect, Expect::RateLimited { status: 429, retry_after_secs: Some(_), .. })
        }),
    ];
    missing.extend(checks.into_iter().flatten());
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("tests/recordings/ lacks:\n  {}", missing.join("\n  ")))
    }
}
