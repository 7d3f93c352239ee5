//! A 50 MB upload, from a file and from a stream, through a real local server: the
//! client's peak heap stays well under the file's size.
//!
//! Measured with a counting global allocator (this test binary's, with this one test
//! in it, so nothing else allocates meanwhile): the peak of live heap bytes during the
//! upload, minus the live bytes before it. The server runs in this process too and
//! reads the body through a fixed 16 KiB buffer (plus its 64 KiB reader), so its share
//! is counted and small. `cargo test -p feature-tests --test upload_memory -- --nocapture`
//! prints the figures.

use feature_fixture_client::{Client, FilePart};
use feature_tests::{Response, Server};
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
            PEAK.fetch_max(live, Ordering::SeqCst);
        }
        p
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, layout, new_size) };
        if !q.is_null() {
            if new_size >= layout.size() {
                let live = LIVE.fetch_add(new_size - layout.size(), Ordering::SeqCst) + new_size - layout.size();
                PEAK.fetch_max(live, Ordering::SeqCst);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::SeqCst);
            }
        }
        q
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const SIZE: u64 = 50 * 1024 * 1024;
const CHUNK: usize = 64 * 1024;

/// Runs `upload` and returns the peak rise of live heap bytes during it.
async fn peak_rise<F: std::future::Future<Output = ()>>(upload: F) -> usize {
    let before = LIVE.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    upload.await;
    PEAK.load(Ordering::SeqCst).saturating_sub(before)
}

#[tokio::test]
async fn a_50_mb_upload_streams_from_a_file_and_from_a_stream() {
    let server = Server::start(|r| Response::json(format!(r#"{{"bytes": {}}}"#, r.length)));
    let client = Client::new(server.url()).expect("a valid base URL");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("big.bin");
    let mut file = std::fs::File::create(&path).expect("created");
    for _ in 0..SIZE / CHUNK as u64 {
        file.write_all(&[7u8; CHUNK]).expect("written");
    }
    drop(file);

    let from_path = peak_rise(async {
        let sent = client.upload_photo("p1", FilePart::path(&path)).await.expect("uploaded");
        assert!(sent.bytes.is_some_and(|b| b as u64 > SIZE), "{sent:?}");
    })
    .await;

    let from_stream = peak_rise(async {
        let chunks =
            futures_util::stream::iter((0..SIZE / CHUNK as u64).map(|_| Ok::<_, std::io::Error>(vec![7u8; CHUNK])));
        let photo = FilePart::stream(reqwest::Body::wrap_stream(chunks)).file_name("big.bin");
        let sent = client.upload_photo("p1", photo).await.expect("uploaded");
        assert!(sent.bytes.is_some_and(|b| b as u64 > SIZE), "{sent:?}");
    })
    .await;

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for r in &requests {
        assert!(r.length > SIZE && r.length < SIZE + 1024, "the whole file arrived: {} bytes", r.length);
    }
    let mib = |b: usize| b as f64 / (1024.0 * 1024.0);
    println!(
        "50 MiB upload, peak heap rise: from a path {:.2} MiB, from a stream {:.2} MiB",
        mib(from_path),
        mib(from_stream)
    );
    // Well under the file: a tenth of it is already far more than a streaming upload needs.
    for (source, rise) in [("path", from_path), ("stream", from_stream)] {
        assert!((rise as u64) < SIZE / 10, "uploading from a {source} took {:.2} MiB of heap", mib(rise));
    }
}
