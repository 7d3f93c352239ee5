use crate::runtime::credentials::{find_in, Credentials, Placement, Scheme};
use crate::runtime::response::RawResponse;

fn raw(status: u16, body: &[u8]) -> RawResponse {
    RawResponse {
        status,
        content_type: Some("application/json".to_owned()),
        retry_after: None,
        headers: Default::default(),
        body: std::sync::Arc::new(body.to_vec()),
        secrets: Vec::new(),
    }
}
use crate::runtime::error::Error;

const SCHEMES: &[Scheme] = &[
    Scheme { key: "userId", placement: Placement::Header("X-User-Id") },
    Scheme { key: "authToken", placement: Placement::Header("X-Auth-Token") },
];

const LOGIN: &[(usize, &str)] = &[(0, "/data/userId"), (1, "/data/authToken")];

#[test]
fn credentials_found_in_a_login_response_are_stored_together() {
    let credentials = Credentials::new(SCHEMES);
    let clone = credentials.clone();
    let body = br#"{"status":"success","data":{"userId":"u1","authToken":"t~1","me":{}}}"#;
    let found = find_in::<()>(&raw(200, body), LOGIN).unwrap_or_else(|e| panic!("{e}"));
    credentials.store(found);
    assert_eq!(credentials.secrets(), ["u1", "t~1"]);
    assert_eq!(clone.secrets(), ["u1", "t~1"], "clones share the credentials");
}

#[test]
fn a_missing_or_non_string_credential_is_an_error_naming_its_pointer_and_stores_nothing() {
    let credentials = Credentials::new(SCHEMES);
    credentials.set(0, "before".into());
    for (body, pointer) in [
        (r#"{"data":{"userId":"u1"}}"#, "/data/authToken"),
        (r#"{"data":{"userId":"u1","authToken":7}}"#, "/data/authToken"),
        (r#"{"data":{"authToken":"secret-token"}}"#, "/data/userId"),
        ("<html>secret-token</html>", "/data/userId"),
    ] {
        match find_in::<()>(&raw(200, body.as_bytes()), LOGIN) {
            Err(e @ Error::MissingCredential { status: 200, .. }) => {
                let Error::MissingCredential { pointer: p, .. } = &e else { unreachable!() };
                assert_eq!(p, pointer, "{body}");
                let text = e.to_string();
                assert!(text.contains(pointer), "{text}");
                assert!(!text.contains("secret-token") && !format!("{e:?}").contains("secret-token"), "{text}");
                // Kept to read, as on every error for a response that arrived.
                assert_eq!(e.body_bytes(), Some(body.as_bytes()));
            }
            Err(other) => panic!("{body}: {other}"),
            Ok(_) => panic!("{body}: found"),
        }
    }
    assert_eq!(credentials.secrets(), ["before"]);
}

#[test]
fn an_escaped_pointer_is_followed() {
    let found = find_in::<()>(&raw(201, br#"{"a/b":{"~k":["x","tok"]}}"#), &[(1, "/a~1b/~0k/1")]);
    let credentials = Credentials::new(SCHEMES);
    credentials.store(found.unwrap_or_else(|e| panic!("{e}")));
    assert_eq!(credentials.secrets(), ["tok"]);
}
