//! Just enough HTTP/1.1 on a `TcpStream`: whole responses, a chunked body writer and the ways to close.

mod request;

pub use request::{MAX_BODY, MAX_HEAD, ReadError, Request, read_request};

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

pub fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    }
}

/// Serialises a status line and headers, always announcing that the connection closes afterwards.
pub fn head(status: u16, headers: &[(&str, String)]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status} {}\r\nServer: glm-mock\r\nConnection: close\r\n",
        reason(status)
    );
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    out.into_bytes()
}

/// A complete response with a `Content-Length` body.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body: body.into(),
        }
    }

    /// `application/json` without a charset, like the real error responses (§8.1); JSON is UTF-8 by definition.
    pub fn json(status: u16, value: &serde_json::Value) -> Self {
        Self::new(status, "application/json", value.to_string())
    }

    pub fn empty(status: u16) -> Self {
        Response {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// Writes the response with the request's CORS headers; `HEAD` requests get no body.
    pub fn send(mut self, mut stream: &TcpStream, request: &Request) -> io::Result<()> {
        self.headers.extend(request.cors_headers());
        if self.status != 204 {
            self.headers.push(("Content-Length", self.body.len().to_string()));
        }
        let mut bytes = head(self.status, &self.headers);
        if request.method != "HEAD" {
            bytes.extend_from_slice(&self.body);
        }
        stream.write_all(&bytes)?;
        stream.flush()
    }
}

/// Writes a `Transfer-Encoding: chunked` body, one HTTP chunk per call.
pub struct Chunked<W: Write> {
    pub out: W,
}

impl<W: Write> Chunked<W> {
    /// Writes `data` as one chunk; an empty slice is skipped (it would end the body).
    pub fn chunk(&mut self, data: &[u8]) -> io::Result<()> {
        if data.is_empty() {
            return Ok(());
        }
        write!(self.out, "{:x}\r\n", data.len())?;
        self.out.write_all(data)?;
        self.out.write_all(b"\r\n")
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// The zero-length chunk that ends the body.
    pub fn end(&mut self) -> io::Result<()> {
        self.out.write_all(b"0\r\n\r\n")?;
        self.out.flush()
    }
}

/// Half-closes, then drains briefly so unread request bytes do not turn the close into a reset.
pub fn close_gracefully(stream: &TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    let mut sink = [0u8; 4096];
    let mut reader = stream;
    let deadline = Instant::now() + Duration::from_secs(1);
    while Instant::now() < deadline {
        match reader.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
    }
}

/// Cuts the connection with no further bytes: no terminating chunk, no close handshake on our side.
pub fn close_abruptly(stream: &TcpStream) {
    let _ = stream.shutdown(Shutdown::Both);
}

/// Sleeps up to `duration`, returning early (false) when the peer closes the connection.
pub fn wait_while_connected(stream: &TcpStream, duration: Duration) -> bool {
    let deadline = Instant::now() + duration;
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let mut probe = [0u8; 1];
    while Instant::now() < deadline {
        match stream.peek(&mut probe) {
            Ok(0) => return false,
            Ok(_) => std::thread::sleep(Duration::from_millis(200)),
            Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {}
            Err(_) => return false,
        }
    }
    true
}
