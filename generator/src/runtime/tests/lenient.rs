use crate::runtime::lenient;
use serde::Deserialize;

#[derive(Debug, Deserialize, PartialEq)]
struct Place {
    #[serde(deserialize_with = "lenient::scalar")]
    id: i64,
    #[serde(deserialize_with = "lenient::scalar")]
    latitude: f64,
    name: String,
    #[serde(default, deserialize_with = "lenient::option")]
    active: Option<bool>,
    #[serde(default, deserialize_with = "lenient::option")]
    elevation: Option<i32>,
    #[serde(default, deserialize_with = "lenient::option")]
    rating: Option<f32>,
    #[serde(default, deserialize_with = "lenient::option")]
    small: Option<u8>,
}

fn place(json: &str) -> Result<Place, String> {
    serde_json::from_str(json).map_err(|e| e.to_string())
}

#[test]
fn declared_types_decode_as_before() {
    let p = place(
        r#"{"id": 12, "latitude": 19.72, "name": "Kona", "active": true, "elevation": -4, "rating": 4.5, "small": 7}"#,
    )
    .expect("decodes");
    assert_eq!(
        p,
        Place {
            id: 12,
            latitude: 19.72,
            name: "Kona".into(),
            active: Some(true),
            elevation: Some(-4),
            rating: Some(4.5),
            small: Some(7)
        }
    );
}

#[test]
fn lossless_coercions_are_accepted() {
    let p = place(r#"{"id": "12", "latitude": "19.720000", "name": "Kona", "active": "TRUE", "elevation": "-4", "rating": "4", "small": 7.0}"#)
        .expect("decodes");
    assert_eq!((p.id, p.latitude), (12, 19.72));
    assert_eq!((p.active, p.elevation, p.rating, p.small), (Some(true), Some(-4), Some(4.0), Some(7)));
    let p = place(r#"{"id": 1e2, "latitude": 3, "name": "a", "active": 0}"#).expect("decodes");
    assert_eq!((p.id, p.latitude, p.active), (100, 3.0, Some(false)));
    let p = place(r#"{"id": 1, "latitude": 1, "name": "a", "active": null, "elevation": null}"#).expect("decodes");
    assert_eq!((p.active, p.elevation, p.small), (None, None, None));
}

#[test]
fn lossy_or_senseless_conversions_are_errors_naming_what_was_expected() {
    for (json, expected) in [
        (r#"{"id": "12.5", "latitude": 1, "name": "a"}"#, "an integer"),
        (r#"{"id": 12.5, "latitude": 1, "name": "a"}"#, "an integer"),
        (r#"{"id": 1, "latitude": "NaN", "name": "a"}"#, "a number"),
        (r#"{"id": 1, "latitude": "inf", "name": "a"}"#, "a number"),
        (r#"{"id": 1, "latitude": "", "name": "a"}"#, "a number"),
        (r#"{"id": 1, "latitude": 1, "name": "a", "active": "yes"}"#, "a boolean"),
        (r#"{"id": 1, "latitude": 1, "name": "a", "active": 2}"#, "a boolean"),
        (r#"{"id": 1, "latitude": 1, "name": "a", "small": 300}"#, "an integer"),
        (r#"{"id": 1, "latitude": 1, "name": "a", "small": "-1"}"#, "an integer"),
        (r#"{"id": 1, "latitude": 1, "name": 19}"#, "a string"),
        (r#"{"id": [1], "latitude": 1, "name": "a"}"#, "an integer"),
        (r#"{"id": 1, "latitude": {"a": 1}, "name": "a"}"#, "a number"),
        (r#"{"id": null, "latitude": 1, "name": "a"}"#, "an integer"),
    ] {
        let error = place(json).expect_err(json);
        assert!(error.contains(expected), "{json}: {error}");
    }
}

#[test]
fn an_absent_required_field_is_an_error_naming_it() {
    let error = place(r#"{"latitude": 1, "name": "a"}"#).expect_err("id is required");
    assert!(error.contains("missing field `id`"), "{error}");
}
