use crate::runtime::error::Error;
use crate::runtime::response::{excerpt, retry_after, RawResponse};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn raw(status: u16, content_type: Option<&str>, body: &str) -> RawResponse {
    RawResponse {
        status,
        content_type: content_type.map(str::to_owned),
        retry_after: None,
        headers: Default::default(),
        body: std::sync::Arc::new(body.as_bytes().to_vec()),
        secrets: vec!["s3cret".to_owned()],
    }
}

#[test]
fn retry_after_in_seconds() {
    assert_eq!(retry_after(" 120 ", SystemTime::now()), Some(Duration::from_secs(120)));
}

#[test]
fn retry_after_as_a_date_is_the_time_left_until_it() {
    // 2024-02-29T00:00:00Z, a leap day.
    let now = UNIX_EPOCH + Duration::from_secs(1_709_164_800);
    assert_eq!(retry_after("Thu, 29 Feb 2024 00:01:30 GMT", now), Some(Duration::from_secs(90)));
    assert_eq!(retry_after("Fri, 01 Mar 2024 00:00:00 GMT", now), Some(Duration::from_secs(86_400)));
}

#[test]
fn retry_after_a_date_passed_is_zero() {
    let now = UNIX_EPOCH + Duration::from_secs(1_709_164_800);
    assert_eq!(retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now), Some(Duration::ZERO));
}

#[test]
fn retry_after_malformed_is_none() {
    let now = SystemTime::now();
    for bad in ["", "soon", "-5", "Thu, 30 Feb 2024 00:00:00 GMT", "Thu, 29 Feb 2024 25:00:00 GMT"] {
        assert_eq!(retry_after(bad, now), None, "{bad:?}");
    }
}

#[test]
fn excerpts_blank_out_secrets_and_stop_at_512_characters() {
    assert_eq!(excerpt(b"token=s3cret;", &["s3cret".to_owned()]), "token=<redacted>;");
    let long = "é".repeat(600);
    let cut = excerpt(long.as_bytes(), &[]);
    assert_eq!(cut.chars().count(), 513);
    assert!(cut.ends_with('…'));
    assert_eq!(excerpt(b"short", &[String::new()]), "short");
}

#[test]
fn json_bodies_decode_when_the_content_type_is_json_or_absent() {
    let value: Vec<u8> = raw(200, Some("application/problem+json; charset=utf-8"), "[1,2]").json::<_, ()>().unwrap();
    assert_eq!(value, [1, 2]);
    let value: bool = raw(200, None, "true").json::<_, ()>().unwrap();
    assert!(value);
    let value: u8 = raw(200, Some("application/json+sarif"), "3").json::<_, ()>().unwrap();
    assert_eq!(value, 3);
}

#[test]
fn a_body_that_is_not_json_is_an_unexpected_response_with_secrets_blanked() {
    match raw(200, Some("text/html"), "<p>s3cret</p>").json::<u8, ()>() {
        Err(Error::UnexpectedResponse { status: 200, body, reason, .. }) => {
            assert_eq!(body, "<p><redacted></p>");
            assert!(reason.contains("not JSON"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    match raw(200, Some("application/json"), "{\"a\":").json::<u8, ()>() {
        Err(Error::UnexpectedResponse { reason, .. }) => assert!(reason.contains("documented schema"), "{reason}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn undocumented_429_is_rate_limited_and_other_statuses_unexpected() {
    let mut limited = raw(429, None, "slow down");
    limited.retry_after = Some(Duration::from_secs(3));
    match limited.unexpected::<()>() {
        Error::RateLimited { status: 429, retry_after, body, .. } => {
            assert_eq!(retry_after, Some(Duration::from_secs(3)));
            assert_eq!(body, "slow down");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(raw(418, None, "").unexpected::<()>(), Error::UnexpectedResponse { status: 418, .. }));
}

#[test]
fn documented_errors_carry_their_decoded_body() {
    let error = raw(400, None, "7").api_error(RawResponse::json::<u8, u8>, |n| n + 1);
    assert!(matches!(error, Error::Api { status: 400, body: 8, .. }));
    assert_eq!(error.body_json(), Some(serde_json::json!(7)));
}

#[test]
fn every_error_for_a_response_that_arrived_gives_its_body_as_bytes_and_json() {
    let body = r#"{"error":"not-allowed","message":"s3cret is wrong"}"#;
    let json: serde_json::Value = serde_json::from_str(body).unwrap();
    // A status documented without a schema: the variant has no payload, the body is kept.
    let api = raw(403, Some("application/json"), body).api_error(RawResponse::empty::<()>, |()| ());
    let undocumented = raw(418, Some("application/json"), body).unexpected::<()>();
    let limited = raw(429, None, body).unexpected::<()>();
    let not_json = raw(200, Some("text/html"), body).json::<u8, ()>().unwrap_err();
    for error in [api, undocumented, limited, not_json] {
        assert_eq!(error.body_json().as_ref(), Some(&json), "{error:?}");
        assert_eq!(error.body_bytes(), Some(body.as_bytes()), "{error:?}");
        // The raw body is never printed: it may echo a credential.
        assert!(!format!("{error:?}").contains("s3cret"), "{error:?}");
    }
    let raw_body = raw(500, Some("application/problem+json"), "[]").raw();
    assert!(raw_body.is_json());
    assert_eq!(raw_body.text(), Some("[]"));
    assert_eq!(raw_body.json_as::<Vec<u8>>().unwrap(), Vec::<u8>::new());
    assert!(Error::<()>::InvalidRequest("x".into()).body_json().is_none());
}

#[test]
fn a_body_left_open_is_none_when_empty_and_decoded_when_present() {
    assert_eq!(raw(200, Some("application/json"), " \n").json_or_empty::<u8, ()>().unwrap(), None);
    assert_eq!(raw(200, Some("application/json"), "5").json_or_empty::<u8, ()>().unwrap(), Some(5));
    assert_eq!(raw(200, Some("text/plain"), "").text_or_empty::<()>().unwrap(), None);
    assert_eq!(raw(200, Some("text/plain"), "hi").text_or_empty::<()>().unwrap().as_deref(), Some("hi"));
    assert_eq!(raw(200, None, "").bytes_or_empty::<()>().unwrap(), None);
    assert_eq!(raw(200, None, "ab").bytes_or_empty::<()>().unwrap(), Some(b"ab".to_vec()));
}
