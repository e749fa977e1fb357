//! A raw HTTP/1.1 test client over `TcpStream`, keeping every received chunk so tests can see how bytes were split.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use glm_mock::{Config, Server, serve};
use glm_protocol::wire::Completion;
use glm_protocol::{Reply, StreamReader};
use serde_json::{Value, json};

/// A server on a free port with no delay between chunks.
pub fn start(config: Config) -> Server {
    serve(Config {
        port: 0,
        delay: Duration::ZERO,
        ..config
    })
    .expect("server starts")
}

pub fn start_default() -> Server {
    start(Config::default())
}

#[derive(Debug)]
pub struct HttpReply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The payload of each HTTP chunk, in order (chunked bodies only).
    pub chunks: Vec<Vec<u8>>,
    /// A chunked body ended with its zero-length chunk.
    pub complete: bool,
}

impl HttpReply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    /// The stream read the way the app reads it: every received chunk fed to glm_protocol's reader.
    pub fn reply(&self) -> Reply {
        let (mut reader, mut reply) = (StreamReader::new(), Reply::default());
        for chunk in &self.chunks {
            reader.feed(chunk, &mut reply);
        }
        reader.finish(&mut reply);
        reply
    }

    /// The `data:` payloads of the SSE body.
    pub fn data_lines(&self) -> Vec<String> {
        self.text()
            .replace("\r\n", "\n")
            .lines()
            .filter_map(|l| l.strip_prefix("data:").map(|d| d.trim_start().to_string()))
            .collect()
    }
}

pub fn send(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> HttpReply {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut raw = Vec::new();
    let mut buf = [0u8; 65536];
    // A reset (after an abrupt close) ends the read like EOF; what arrived before it is kept.
    while let Ok(n) = stream.read(&mut buf) {
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
    }
    parse(&raw)
}

fn parse(raw: &[u8]) -> HttpReply {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete head");
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let rest = &raw[end + 4..];
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
    let mut reply = HttpReply {
        status,
        headers,
        body: Vec::new(),
        chunks: Vec::new(),
        complete: !chunked,
    };
    if !chunked {
        reply.body = rest.to_vec();
        return reply;
    }
    let mut at = 0;
    while let Some(eol) = rest[at..].windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(std::str::from_utf8(&rest[at..at + eol]).unwrap(), 16).unwrap();
        at += eol + 2;
        if size == 0 {
            reply.complete = true;
            break;
        }
        if at + size > rest.len() {
            reply.chunks.push(rest[at..].to_vec());
            break;
        }
        reply.chunks.push(rest[at..at + size].to_vec());
        at += size + 2;
    }
    reply.body = reply.chunks.concat();
    reply
}

/// A chat request whose single user message is `text`.
pub fn chat_body(text: &str, stream: bool) -> Value {
    json!({ "model": "glm-4.5", "stream": stream, "messages": [{ "role": "user", "content": text }] })
}

pub fn chat(server: &Server, body: &Value) -> HttpReply {
    let body = body.to_string();
    send(
        server.addr,
        "POST",
        "/api/paas/v4/chat/completions",
        &[("Content-Type", "application/json")],
        body.as_bytes(),
    )
}

pub fn ask(server: &Server, text: &str, stream: bool) -> HttpReply {
    chat(server, &chat_body(text, stream))
}

/// Streams `text`, checks the SSE envelope of every frame and returns what the app would show.
pub fn stream(text: &str) -> Reply {
    let server = start_default();
    let reply = ask(&server, &format!("{text} #fast"), true);
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("text/event-stream;charset=UTF-8"));
    assert_eq!(reply.header("cache-control"), Some("no-cache"));
    assert!(reply.complete, "chunked body not terminated");
    let data = reply.data_lines();
    assert_eq!(data.last().map(String::as_str), Some("[DONE]"));
    let frames: Vec<Completion> = data[..data.len() - 1]
        .iter()
        .map(|d| serde_json::from_str(d).unwrap())
        .collect();
    let ids: Vec<_> = frames.iter().map(|f| f.id.clone().unwrap()).collect();
    assert!(ids.iter().all(|id| id == &ids[0] && id.len() == 30));
    for frame in &frames {
        assert_eq!(frame.model.as_deref(), Some("glm-4.5"));
        assert!(frame.created.is_some() && frame.object.is_none());
        assert_eq!((frame.choices.len(), frame.choices[0].index), (1, 0));
    }
    let raw: Vec<Value> = data[..data.len() - 1]
        .iter()
        .map(|d| serde_json::from_str(d).unwrap())
        .collect();
    assert!(raw.iter().all(|f| f["choices"][0]["delta"].is_object()));
    reply.reply()
}

/// The same request not streamed, as the app reads a whole body.
pub fn whole(text: &str) -> (Value, Reply) {
    let server = start_default();
    let reply = ask(&server, &format!("{text} #fast"), false);
    assert_eq!(
        (reply.status, reply.header("content-type")),
        (200, Some("application/json; charset=UTF-8"))
    );
    let value = reply.json();
    assert_eq!(value["object"], "chat.completion");
    assert!(value["choices"][0]["message"].is_object() && value["choices"][0].get("delta").is_none());
    (
        value.clone(),
        Reply::from_completion(serde_json::from_value(value).unwrap()),
    )
}
