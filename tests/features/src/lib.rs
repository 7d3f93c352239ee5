//! An HTTP/1.1 server on 127.0.0.1 for the feature tests: each request is read as it
//! arrives (fixed-length or chunked body) and answered by the test's handler.
//!
//! A body is kept whole up to [`KEPT`] bytes; beyond that only its length, its first
//! [`KEPT`] bytes and a checksum are kept, so a large upload costs the server (which
//! runs in the test's process) a fixed amount of memory.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// How much of a body the server keeps.
pub const KEPT: usize = 64 * 1024;

/// One request as it arrived.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub method: String,
    /// The request target (path and query, still percent-encoded).
    pub target: String,
    /// Header lines in order, names lowercased.
    pub headers: Vec<(String, String)>,
    /// The body's first [`KEPT`] bytes (all of it when shorter).
    pub body: Vec<u8>,
    /// The body's full length.
    pub length: u64,
    /// FNV-1a of the whole body.
    pub checksum: u64,
}

impl Request {
    /// The path of the target (before `?`).
    pub fn path(&self) -> &str {
        self.target.split_once('?').map_or(self.target.as_str(), |(p, _)| p)
    }

    /// The first value of the query parameter `name` (not decoded).
    pub fn query(&self, name: &str) -> Option<&str> {
        let (_, query) = self.target.split_once('?')?;
        query.split('&').find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
    }

    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// FNV-1a, updated with `bytes`.
pub fn fnv(mut hash: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x100_0000_01b3);
    }
    hash
}

/// FNV-1a's starting value.
pub const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// An answer: status, extra headers, body (JSON unless a `content-type` header says
/// otherwise; any bytes).
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// `200` with a JSON body.
    pub fn json(body: impl Into<String>) -> Response {
        Response { status: 200, headers: Vec::new(), body: body.into().into_bytes() }
    }

    /// `status` with this body.
    pub fn status(status: u16, body: impl Into<Vec<u8>>) -> Response {
        Response { status, headers: Vec::new(), body: body.into() }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Response {
        self.headers.push((name.to_owned(), value.into()));
        self
    }
}

type Handler = dyn Fn(&Request) -> Response + Send + Sync;

/// A running server; it serves until the test process ends.
pub struct Server {
    url: String,
    requests: Arc<Mutex<Vec<Request>>>,
}

impl Server {
    /// Listens on a free port of 127.0.0.1 and answers every request with `handler`.
    pub fn start(handler: impl Fn(&Request) -> Response + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let seen = requests.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (handler, seen) = (handler.clone(), seen.clone());
                std::thread::spawn(move || {
                    if let Err(e) = serve(stream, &*handler, &seen) {
                        eprintln!("test server: {e}");
                    }
                });
            }
        });
        Server { url, requests }
    }

    /// The base URL to give the client.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Every request answered so far, in order.
    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

/// Serves the requests of one connection (keep-alive) until the client closes it.
fn serve(stream: TcpStream, handler: &Handler, seen: &Mutex<Vec<Request>>) -> Result<(), String> {
    let mut reader = BufReader::with_capacity(KEPT, stream.try_clone().map_err(|e| e.to_string())?);
    let mut writer = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).map_err(|e| e.to_string())? == 0 {
            return Ok(());
        }
        let mut parts = line.trim_end().splitn(3, ' ');
        let mut request = Request {
            method: parts.next().unwrap_or_default().to_owned(),
            target: parts.next().unwrap_or_default().to_owned(),
            checksum: FNV_START,
            ..Request::default()
        };
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).map_err(|e| e.to_string())?;
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let (name, value) = line.split_once(':').ok_or_else(|| format!("malformed header {line:?}"))?;
            request.headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
        if request.header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
            loop {
                let mut size = String::new();
                reader.read_line(&mut size).map_err(|e| e.to_string())?;
                let size = u64::from_str_radix(size.trim().split(';').next().unwrap_or(""), 16)
                    .map_err(|_| format!("bad chunk size {size:?}"))?;
                read_body(&mut reader, size, &mut request)?;
                let mut end = String::new();
                reader.read_line(&mut end).map_err(|e| e.to_string())?;
                if size == 0 {
                    break;
                }
            }
        } else {
            let length = match request.header("content-length") {
                Some(v) => v.parse().map_err(|_| format!("bad content-length {v:?}"))?,
                None => 0,
            };
            read_body(&mut reader, length, &mut request)?;
        }
        let response = handler(&request);
        if let Ok(mut seen) = seen.lock() {
            seen.push(request);
        }
        let mut head = format!("HTTP/1.1 {} X\r\ncontent-length: {}\r\n", response.status, response.body.len());
        // JSON unless the handler says otherwise.
        if !response.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("content-type")) {
            head.push_str("content-type: application/json\r\n");
        }
        for (name, value) in &response.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        writer.write_all(head.as_bytes()).map_err(|e| e.to_string())?;
        writer.write_all(&response.body).map_err(|e| e.to_string())?;
    }
}

/// Reads `length` body bytes through a fixed buffer, keeping the first [`KEPT`].
fn read_body(reader: &mut impl Read, length: u64, request: &mut Request) -> Result<(), String> {
    let mut left = length;
    let mut buffer = [0u8; 16 * 1024];
    while left > 0 {
        let want = buffer.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let read = reader.read(&mut buffer[..want]).map_err(|e| e.to_string())?;
        if read == 0 {
            return Err("the body ended early".into());
        }
        let chunk = &buffer[..read];
        let room = KEPT.saturating_sub(request.body.len());
        request.body.extend_from_slice(&chunk[..room.min(read)]);
        request.checksum = fnv(request.checksum, chunk);
        request.length += read as u64;
        left -= read as u64;
    }
    Ok(())
}
