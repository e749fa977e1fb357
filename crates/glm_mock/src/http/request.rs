//! Reading one HTTP/1.1 request from a socket, with every size bounded.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;

/// Request line plus headers.
pub const MAX_HEAD: u64 = 64 * 1024;
/// Large enough for a few base64 images.
pub const MAX_BODY: usize = 20 * 1024 * 1024;

/// A parsed request. Header names are lower-case.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// CORS headers every response carries: the request's origin (or `*`) is allowed.
    pub fn cors_headers(&self) -> Vec<(&'static str, String)> {
        vec![
            (
                "Access-Control-Allow-Origin",
                self.header("origin").unwrap_or("*").to_string(),
            ),
            (
                "Access-Control-Expose-Headers",
                "x-mock-scenario, retry-after".to_string(),
            ),
            ("Vary", "Origin".to_string()),
        ]
    }
}

/// Why no request could be read.
#[derive(Debug)]
pub enum ReadError {
    /// The peer closed or timed out before sending a full request; nothing to answer.
    Gone,
    /// A malformed or oversized request, answered with this status.
    Bad(u16, &'static str),
}

impl From<io::Error> for ReadError {
    fn from(_: io::Error) -> Self {
        ReadError::Gone
    }
}

/// Reads one request. Answers `Expect: 100-continue`, decodes a chunked body, and bounds every size.
pub fn read_request(stream: &TcpStream) -> Result<Request, ReadError> {
    let mut reader = BufReader::new(stream);
    let mut budget = MAX_HEAD;
    let line = read_line(&mut reader, &mut budget)?;
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(ReadError::Bad(400, "malformed request line"));
    };
    if !version.starts_with("HTTP/1.") {
        return Err(ReadError::Bad(505, "only HTTP/1.x is supported"));
    }
    let path = target.split(['?', '#']).next().unwrap_or("/").to_string();
    let mut request = Request {
        method: method.to_ascii_uppercase(),
        path,
        ..Request::default()
    };
    loop {
        let line = read_line(&mut reader, &mut budget)?;
        if line.is_empty() {
            break;
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(ReadError::Bad(400, "malformed header line"));
        };
        request
            .headers
            .push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
    if request
        .header("expect")
        .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"))
    {
        let mut out = stream;
        out.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
    }
    let chunked = request
        .header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    request.body = if chunked {
        read_chunked(&mut reader)?
    } else if let Some(length) = request.header("content-length") {
        let length: usize = length.parse().map_err(|_| ReadError::Bad(400, "bad Content-Length"))?;
        if length > MAX_BODY {
            return Err(ReadError::Bad(413, "request body too large"));
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        body
    } else {
        Vec::new()
    };
    Ok(request)
}

/// One line without its line ending, counted against `budget`.
fn read_line(reader: &mut impl BufRead, budget: &mut u64) -> Result<String, ReadError> {
    let mut buf = Vec::new();
    let n = reader.take(*budget).read_until(b'\n', &mut buf)?;
    *budget -= n as u64;
    if !buf.ends_with(b"\n") {
        return Err(if *budget == 0 {
            ReadError::Bad(431, "request head too large")
        } else {
            ReadError::Gone
        });
    }
    while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        buf.pop();
    }
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

fn read_chunked(reader: &mut impl BufRead) -> Result<Vec<u8>, ReadError> {
    let mut body = Vec::new();
    let mut budget = MAX_HEAD;
    loop {
        let line = read_line(reader, &mut budget)?;
        let size = line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size, 16).map_err(|_| ReadError::Bad(400, "bad chunk size"))?;
        if size == 0 {
            while !read_line(reader, &mut budget)?.is_empty() {}
            return Ok(body);
        }
        if body.len() + size > MAX_BODY {
            return Err(ReadError::Bad(413, "request body too large"));
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..])?;
        read_line(reader, &mut budget)?;
    }
}
