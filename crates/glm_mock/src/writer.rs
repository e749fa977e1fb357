//! Puts a script on the wire: SSE frames over a chunked body (paced, split or CRLF-framed), or one JSON body.

use std::io::{self, BufWriter, Write};
use std::net::TcpStream;
use std::thread;
use std::time::{Duration, Instant};

use glm_protocol::wire::Completion;
use serde_json::json;

use crate::ask::Ask;
use crate::http::{self, Chunked, Request, Response};
use crate::script::{End, Framing, Pace, Script};
use crate::whole;

/// Whether the connection may be closed politely after the reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closing {
    Graceful,
    Abrupt,
}

/// Pause between the pieces of a `#split` reply, so they reach the client as separate reads.
const SPLIT_GAP: Duration = Duration::from_millis(5);

/// One SSE frame: `data: {json}\n\n`, or `data:{json}\r\n\r\n` for the CRLF framing.
pub fn frame_bytes(frame: &Completion, framing: Framing) -> Vec<u8> {
    let json = serde_json::to_string(frame).unwrap_or_else(|_| "{}".to_string());
    match framing {
        Framing::Crlf => format!("data:{json}\r\n\r\n").into_bytes(),
        _ => format!("data: {json}\n\n").into_bytes(),
    }
}

fn done_bytes(framing: Framing) -> &'static [u8] {
    match framing {
        Framing::Crlf => b"data:[DONE]\r\n\r\n",
        _ => b"data: [DONE]\n\n",
    }
}

/// A streamed (`"stream": true`) reply.
pub fn write_stream(
    stream: &TcpStream,
    request: &Request,
    scenario: &str,
    script: &Script,
    pace: Pace,
) -> io::Result<Closing> {
    let mut headers = vec![
        ("Content-Type", "text/event-stream;charset=UTF-8".to_string()),
        ("Cache-Control", "no-cache".to_string()),
        ("Transfer-Encoding", "chunked".to_string()),
        ("X-Accel-Buffering", "no".to_string()),
        ("X-Mock-Scenario", scenario.to_string()),
    ];
    headers.extend(request.cors_headers());
    let mut out = stream;
    out.write_all(&http::head(200, &headers))?;
    out.flush()?;
    if let End::Hang(duration) = script.end {
        http::wait_while_connected(stream, duration);
        return Ok(Closing::Abrupt);
    }
    let mut chunked = Chunked {
        out: BufWriter::with_capacity(64 * 1024, stream),
    };
    if script.framing == Framing::Split {
        let mut body: Vec<u8> = script
            .frames
            .iter()
            .flat_map(|f| frame_bytes(f, Framing::Split))
            .collect();
        if script.end == End::Done {
            body.extend_from_slice(done_bytes(Framing::Split));
        }
        for piece in split_body(&body) {
            chunked.chunk(piece)?;
            chunked.flush()?;
            thread::sleep(SPLIT_GAP.max(pace_gap(pace)));
        }
    } else {
        let start = Instant::now();
        for (i, frame) in script.frames.iter().enumerate() {
            if let Pace::Every(gap) = pace {
                sleep_until(start + gap * i as u32);
            }
            if script.framing == Framing::Crlf && i % 4 == 0 {
                chunked.chunk(b": keep-alive\r\n\r\n")?;
            }
            chunked.chunk(&frame_bytes(frame, script.framing))?;
            if pace != Pace::Burst {
                chunked.flush()?;
            }
        }
        if script.end == End::Done {
            chunked.chunk(done_bytes(script.framing))?;
        }
    }
    if script.end == End::Drop {
        chunked.flush()?;
        // A real connection breaks some time after its last bytes; cutting it the same instant makes Chromium
        // discard chunks it received but the page had not read yet, which no real network would do so reliably.
        std::thread::sleep(std::time::Duration::from_millis(300));
        http::close_abruptly(stream);
        return Ok(Closing::Abrupt);
    }
    chunked.end()?;
    Ok(Closing::Graceful)
}

/// A non-streamed reply: the whole completion after as long as the stream would have taken.
pub fn write_whole(
    stream: &TcpStream,
    request: &Request,
    ask: &Ask,
    scenario: &str,
    script: &Script,
    pace: Pace,
) -> io::Result<Closing> {
    let thinking_time = pace_gap(pace) * script.frames.len() as u32;
    let wait = if let End::Hang(duration) = script.end {
        duration
    } else {
        thinking_time
    };
    if !http::wait_while_connected(stream, wait) || matches!(script.end, End::Hang(_)) {
        return Ok(Closing::Abrupt);
    }
    let body = match whole::collapse(&script.frames, ask) {
        Ok(completion) => serde_json::to_vec(&completion).unwrap_or_default(),
        Err(error) => json!({ "error": error }).to_string().into_bytes(),
    };
    let response =
        Response::new(200, "application/json; charset=UTF-8", body.clone()).with("X-Mock-Scenario", scenario);
    if script.end != End::Drop && script.framing != Framing::Split {
        response.send(stream, request)?;
        return Ok(Closing::Graceful);
    }
    let mut headers = response.headers.clone();
    headers.extend(request.cors_headers());
    headers.push(("Content-Length", body.len().to_string()));
    let mut out = stream;
    out.write_all(&http::head(200, &headers))?;
    if script.end == End::Drop {
        out.write_all(&body[..body.len() / 2])?;
        out.flush()?;
        http::close_abruptly(stream);
        return Ok(Closing::Abrupt);
    }
    for piece in split_body(&body) {
        out.write_all(piece)?;
        out.flush()?;
        thread::sleep(SPLIT_GAP);
    }
    Ok(Closing::Graceful)
}

fn pace_gap(pace: Pace) -> Duration {
    match pace {
        Pace::Every(gap) => gap,
        Pace::Burst => Duration::ZERO,
    }
}

fn sleep_until(deadline: Instant) {
    let now = Instant::now();
    if deadline > now {
        thread::sleep(deadline - now);
    }
}

/// Cuts a body into writes that break inside `data:` (`da|ta:`), between the two newlines ending a frame, and
/// inside every other multi-byte UTF-8 character. Pieces may span the end of one frame and the start of the next.
pub fn split_body(body: &[u8]) -> Vec<&[u8]> {
    let mut cuts = Vec::new();
    let mut multibyte = 0usize;
    for (i, window) in body.windows(2).enumerate() {
        if body[i..].starts_with(b"data:") {
            cuts.push(i + 2);
        }
        if window == b"\n\n" {
            cuts.push(i + 1);
        }
        if body[i] >= 0xC0 {
            multibyte += 1;
            if multibyte % 2 == 1 {
                cuts.push(i + 1);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut pieces = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for cut in cuts.into_iter().filter(|c| *c > 0 && *c < body.len()) {
        pieces.push(&body[start..cut]);
        start = cut;
    }
    pieces.push(&body[start..]);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_breaks_characters_and_prefixes_but_keeps_every_byte() {
        let body = "data: {\"content\":\"你好🎉世界\"}\n\ndata: [DONE]\n\n".as_bytes();
        let pieces = split_body(body);
        assert_eq!(pieces.concat(), body);
        assert!(
            pieces.iter().any(|p| std::str::from_utf8(p).is_err()),
            "no piece ends mid-character"
        );
        assert!(
            pieces.iter().any(|p| p.ends_with(b"da")),
            "no piece ends inside `data:`"
        );
        assert!(
            pieces.iter().any(|p| p.ends_with(b"\n") && !p.ends_with(b"\n\n")),
            "no piece between the newlines"
        );
    }

    #[test]
    fn frames_use_the_requested_line_endings() {
        let frame = Completion {
            id: Some("x".into()),
            ..Completion::default()
        };
        assert_eq!(frame_bytes(&frame, Framing::Plain), b"data: {\"id\":\"x\"}\n\n");
        assert_eq!(frame_bytes(&frame, Framing::Crlf), b"data:{\"id\":\"x\"}\r\n\r\n");
    }
}
