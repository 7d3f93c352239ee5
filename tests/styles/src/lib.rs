//! A one-request HTTP server on 127.0.0.1 that records exactly what arrives: the
//! request line's target, the headers and the body bytes, before any decoding.
//!
//! It answers `204 No Content` and closes the connection. The style-table tests call
//! the generated client against it and compare what it recorded with the OpenAPI
//! style table.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread::JoinHandle;

/// What one request carried on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub method: String,
    /// The request target as sent (path and query, still percent-encoded).
    pub target: String,
    /// Header lines in order, names lowercased, values as sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    /// The path of the target (before `?`).
    pub fn path(&self) -> &str {
        self.target.split_once('?').map_or(self.target.as_str(), |(p, _)| p)
    }

    /// The query of the target (after `?`), empty when there is none.
    pub fn query(&self) -> &str {
        self.target.split_once('?').map_or("", |(_, q)| q)
    }

    /// Every value of a header, in order.
    pub fn header(&self, name: &str) -> Vec<&str> {
        self.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect()
    }
}

/// A server waiting for one request.
pub struct Recorder {
    url: String,
    handle: JoinHandle<Result<Recorded, String>>,
}

impl Recorder {
    /// Listens on a free port of 127.0.0.1 for one request.
    pub fn start() -> Recorder {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        let handle = std::thread::spawn(move || {
            let (stream, _) = listener.accept().map_err(|e| e.to_string())?;
            serve(stream)
        });
        Recorder { url, handle }
    }

    /// The base URL to give the client.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The request that arrived (waits for it).
    pub fn recorded(self) -> Recorded {
        match self.handle.join() {
            Ok(Ok(recorded)) => recorded,
            Ok(Err(e)) => panic!("the recording server failed: {e}"),
            Err(_) => panic!("the recording server panicked"),
        }
    }
}

fn serve(stream: TcpStream) -> Result<Recorded, String> {
    let mut reader = BufReader::new(stream.try_clone().map_err(|e| e.to_string())?);
    let mut line = String::new();
    reader.read_line(&mut line).map_err(|e| e.to_string())?;
    let mut parts = line.trim_end_matches(['\r', '\n']).splitn(3, ' ');
    let method = parts.next().unwrap_or_default().to_owned();
    let target = parts.next().unwrap_or_default().to_owned();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).map_err(|e| e.to_string())?;
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').ok_or_else(|| format!("malformed header line {line:?}"))?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .map(|(_, v)| v.parse().map_err(|_| format!("bad content-length {v:?}")))
        .transpose()?
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).map_err(|e| e.to_string())?;
    let mut stream = stream;
    stream
        .write_all(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
        .map_err(|e| e.to_string())?;
    Ok(Recorded { method, target, headers, body })
}
