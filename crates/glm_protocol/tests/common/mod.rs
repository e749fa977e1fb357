//! Helpers shared by the integration tests: fixtures and ways of feeding them.
#![allow(dead_code)]

use glm_protocol::{Reply, StreamReader};

pub const FIXTURES: &[&str] = &[
    "glm45_simple.sse",
    "glm45_tool_calls.sse",
    "web_search.sse",
    "glm47_thinking.sse",
    "sensitive.sse",
    "length.sse",
    "tool_stream.sse",
    "mcp.sse",
    "audio.sse",
    "glm45v_box.sse",
    "unicode.sse",
    "error_frame.sse",
    "event_error.sse",
    "quirks.sse",
];

pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// Feeds the reads in order, then ends the body.
pub fn read_chunks<'a>(chunks: impl IntoIterator<Item = &'a [u8]>) -> Reply {
    let mut reader = StreamReader::new();
    let mut reply = Reply::default();
    for chunk in chunks {
        reader.feed(chunk, &mut reply);
    }
    reader.finish(&mut reply);
    reply
}

pub fn read_whole(bytes: &[u8]) -> Reply {
    read_chunks([bytes])
}

pub fn read_split_at(bytes: &[u8], at: usize) -> Reply {
    let (a, b) = bytes.split_at(at);
    read_chunks([a, b])
}

pub fn read_in_pieces(bytes: &[u8], size: usize) -> Reply {
    read_chunks(bytes.chunks(size))
}

/// The body with every `\n` line ending written as `\r\n`.
pub fn with_crlf(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() * 2);
    for &b in bytes {
        if b == b'\n' {
            out.push(b'\r');
        }
        out.push(b);
    }
    out
}

/// The body with every `\n` line ending written as a bare `\r`.
pub fn with_cr(bytes: &[u8]) -> Vec<u8> {
    bytes.iter().map(|&b| if b == b'\n' { b'\r' } else { b }).collect()
}
