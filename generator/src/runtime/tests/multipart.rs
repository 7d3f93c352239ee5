use crate::runtime::multipart::{texts, FilePart, Parts};
use serde_json::json;

#[test]
fn file_names_default_to_the_path_s_name_or_the_field() {
    assert_eq!(FilePart::path("/tmp/x/photo.png").sent_file_name("file"), "photo.png");
    assert_eq!(FilePart::bytes(vec![1]).sent_file_name("avatar"), "avatar");
    assert_eq!(FilePart::stream(Vec::<u8>::new()).sent_file_name("avatar"), "avatar");
    assert_eq!(FilePart::path("/tmp/photo.png").file_name("me.png").sent_file_name("file"), "me.png");
}

#[tokio::test]
async fn a_missing_file_and_a_bad_content_type_are_errors_naming_them() {
    let error = FilePart::path("/no/such/dir/photo.png").into_part("file").await.expect_err("no such file");
    assert!(error.contains("/no/such/dir/photo.png") && error.contains("part `file`"), "{error}");
    let error = FilePart::bytes(vec![1]).content_type("no type").into_part("file").await.expect_err("bad type");
    assert!(error.contains("`no type`"), "{error}");
    assert!(FilePart::bytes(vec![1]).content_type("image/png").into_part("file").await.is_ok());
}

#[tokio::test]
async fn a_stream_goes_once_even_through_clones() {
    let part = FilePart::stream_with_length(b"abc".to_vec(), 3);
    let clone = part.clone();
    assert_eq!(part, clone, "clones share the stream");
    assert!(part.into_part("f").await.is_ok());
    let error = clone.into_part("f").await.expect_err("already taken");
    assert!(error.contains("already sent"), "{error}");
    assert_ne!(FilePart::stream(Vec::<u8>::new()), FilePart::stream(Vec::<u8>::new()), "two streams differ");
}

#[test]
fn debug_shows_the_source_not_the_content() {
    let text = format!("{:?}", FilePart::bytes(b"secret content".to_vec()).file_name("a.txt"));
    assert!(text.contains("14 bytes") && text.contains("a.txt") && !text.contains("secret"), "{text}");
}

#[test]
fn a_file_is_never_json() {
    assert!(serde_json::to_value(FilePart::bytes(vec![1])).is_err());
    assert!(serde_json::from_value::<FilePart>(json!("x")).is_err());
}

#[test]
fn values_become_the_texts_of_their_parts() {
    assert_eq!(texts(json!(null)), Vec::<String>::new());
    assert_eq!(texts(json!("a b")), ["a b"]);
    assert_eq!(texts(json!(42)), ["42"]);
    assert_eq!(texts(json!(true)), ["true"]);
    assert_eq!(texts(json!(["x", 1, null, {"k": "v"}])), ["x", "1", r#"{"k":"v"}"#]);
    assert_eq!(texts(json!({"k": [1, 2]})), [r#"{"k":[1,2]}"#]);
}

#[test]
fn fields_and_groups_are_added_or_refused() {
    let mut parts = Parts::default();
    parts.text("a", &Some("x")).expect("a string");
    parts.text("b", &None::<String>).expect("nothing");
    parts.spread(&json!({"roomId": "r1"})).expect("an object");
    assert!(parts.spread(&json!([1])).is_err(), "a group is an object");
    assert!(Parts::default().text("f", &FilePart::bytes(vec![1])).is_err());
}

#[tokio::test]
async fn files_are_read_when_the_form_is_made_and_a_missing_one_is_named() {
    let mut parts = Parts::default();
    parts.text("a", "x").expect("a string");
    parts.file("f", FilePart::bytes(vec![1, 2]));
    assert!(parts.into_form().await.is_ok());
    let mut parts = Parts::default();
    parts.file("f", FilePart::path("/no/such/dir/photo.png"));
    let error = parts.into_form().await.expect_err("no such file");
    assert!(error.contains("/no/such/dir/photo.png"), "{error}");
}
