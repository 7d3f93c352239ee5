//! Compressed responses: the client says which encodings it takes (`Accept-Encoding`,
//! gzip by default, brotli and zstd with their features) and decodes what comes,
//! against a server on 127.0.0.1 that compresses when asked.

use feature_tests::{Request, Response, Server};
use std::io::Write;
use wire_fixture_client::Client;

const ITEMS: &str = r#"[{"id": "a", "name": "Anchor"}, {"id": "b", "name": "Buoy"}]"#;

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).expect("gzip");
    encoder.finish().expect("gzip")
}

fn brotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
    encoder.write_all(data).expect("brotli");
    drop(encoder);
    out
}

fn zstd(data: &[u8]) -> Vec<u8> {
    zstd::encode_all(data, 3).expect("zstd")
}

/// Answers in `encoding` when the request accepts it, plainly otherwise.
fn server(encoding: &'static str, encode: fn(&[u8]) -> Vec<u8>) -> Server {
    Server::start(move |r: &Request| {
        let accepted = r.header("accept-encoding").unwrap_or("");
        if accepted.split(',').any(|e| e.trim() == encoding) {
            Response::status(200, encode(ITEMS.as_bytes())).header("content-encoding", encoding)
        } else {
            Response::json(ITEMS)
        }
    })
}

#[tokio::test]
async fn gzip_brotli_and_zstd_answers_are_asked_for_and_decoded() {
    for (encoding, encode) in [("gzip", gzip as fn(&[u8]) -> Vec<u8>), ("br", brotli), ("zstd", zstd)] {
        let server = server(encoding, encode);
        let client = Client::new(server.url()).expect("a valid base URL");
        let items = client.items().list_items().await.unwrap_or_else(|e| panic!("{encoding}: {e}"));
        assert_eq!(items.len(), 2, "{encoding}");
        assert_eq!(items[1].name.as_deref(), Some("Buoy"), "{encoding}");
        let sent = server.requests();
        let accepted = sent[0].header("accept-encoding").unwrap_or("");
        assert!(accepted.contains(encoding), "{encoding} not in Accept-Encoding: {accepted:?}");
    }
}

#[tokio::test]
async fn a_large_gzip_body_is_decoded_whole() {
    let big = format!("[{}]", vec![r#"{"id": "x", "name": "the same name again"}"#; 500].join(","));
    let compressed = gzip(big.as_bytes());
    assert!(compressed.len() * 10 < big.len(), "{} -> {}", big.len(), compressed.len());
    let server =
        Server::start(move |_: &Request| Response::status(200, compressed.clone()).header("content-encoding", "gzip"));
    let client = Client::new(server.url()).expect("a valid base URL");
    let items = client.items().list_items().await.expect("decoded");
    assert_eq!(items.len(), 500);
}
