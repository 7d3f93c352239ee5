//! Multipart uploads: file parts from bytes, a path or a stream, with the caller's
//! file name and content type, and the other fields as text parts, as they arrive.

use feature_fixture_client::{Client, Error, FilePart};
use feature_tests::{Request, Response, Server};

fn received() -> Server {
    Server::start(|r| Response::json(format!(r#"{{"bytes": {}}}"#, r.length)))
}

fn body(r: &Request) -> String {
    String::from_utf8_lossy(&r.body).into_owned()
}

#[tokio::test]
async fn a_file_from_bytes_carries_its_name_and_type_and_text_fields_follow() {
    let server = received();
    let client = Client::new(server.url()).expect("a valid base URL");
    let photo = FilePart::bytes(b"\x89PNG fake".to_vec()).file_name("rex.png").content_type("image/png");
    client
        .upload_photo("p1", photo)
        .caption("Rex asleep")
        .tags(vec!["dog".into(), "sleepy".into()])
        .await
        .expect("uploaded");
    let r = &server.requests()[0];
    assert_eq!(r.path(), "/pets/p1/photo");
    assert!(r.header("content-type").is_some_and(|t| t.starts_with("multipart/form-data; boundary=")));
    let text = body(r);
    assert!(
        text.contains("Content-Disposition: form-data; name=\"photo\"; filename=\"rex.png\"\r\nContent-Type: image/png\r\n\r\n\u{fffd}PNG fake\r\n"),
        "{text}"
    );
    assert!(text.contains("name=\"caption\"\r\n\r\nRex asleep\r\n"), "{text}");
    assert_eq!(text.matches("name=\"tags\"").count(), 2, "an array is one part per item: {text}");
    assert!(text.contains("\r\n\r\ndog\r\n") && text.contains("\r\n\r\nsleepy\r\n"), "{text}");
    assert!(!text.contains("name=\"width\""), "an unset field is not sent: {text}");
}

#[tokio::test]
async fn a_file_from_a_path_is_named_after_it_by_default() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("portrait.jpg");
    std::fs::write(&path, b"jpeg bytes").expect("written");
    let server = received();
    let client = Client::new(server.url()).expect("a valid base URL");
    let answer = client.upload_photo("p1", FilePart::path(&path)).width(640).await.expect("uploaded");
    let r = &server.requests()[0];
    assert_eq!(answer.bytes, Some(r.length as i64));
    assert!(r.header("content-length").is_some(), "a file's length is known: no chunked body");
    let text = body(r);
    assert!(
        text.contains(
            "name=\"photo\"; filename=\"portrait.jpg\"\r\nContent-Type: application/octet-stream\r\n\r\njpeg bytes\r\n"
        ),
        "{text}"
    );
    assert!(text.contains("name=\"width\"\r\n\r\n640\r\n"), "{text}");
}

#[tokio::test]
async fn a_stream_is_sent_chunked_and_only_once() {
    let server = received();
    let client = Client::new(server.url()).expect("a valid base URL");
    let chunks =
        futures_util::stream::iter(["hello ", "stream"].map(|c| Ok::<_, std::io::Error>(c.as_bytes().to_vec())));
    let photo = FilePart::stream(reqwest::Body::wrap_stream(chunks)).file_name("s.txt").content_type("text/plain");
    let again = photo.clone();
    client.upload_photo("p1", photo).await.expect("uploaded");
    let r = &server.requests()[0];
    assert_eq!(r.header("transfer-encoding"), Some("chunked"));
    assert!(body(r).contains("filename=\"s.txt\"\r\nContent-Type: text/plain\r\n\r\nhello stream\r\n"), "{}", body(r));
    // A clone shares the stream, which is gone.
    let error = client.upload_photo("p1", again).await.expect_err("the stream was sent");
    assert!(matches!(&error, Error::InvalidRequest(m) if m.contains("already sent")), "{error:?}");
    assert_eq!(server.requests().len(), 1, "nothing was sent the second time");
}

#[tokio::test]
async fn a_missing_file_or_a_bad_content_type_is_an_invalid_request() {
    let server = received();
    let client = Client::new(server.url()).expect("a valid base URL");
    let error = client.upload_photo("p1", FilePart::path("/no/such/file.png")).await.expect_err("no file");
    assert!(matches!(&error, Error::InvalidRequest(m) if m.contains("/no/such/file.png")), "{error:?}");
    let error =
        client.upload_photo("p1", FilePart::bytes(vec![1]).content_type("not a type")).await.expect_err("a bad type");
    assert!(matches!(&error, Error::InvalidRequest(m) if m.contains("not a type")), "{error:?}");
    assert!(server.requests().is_empty());
}
