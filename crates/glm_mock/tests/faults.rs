//! Error responses and broken streams: statuses and bodies, cut connections, split writes, odd framing, bursts.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::{ask, chat_body, start_default};
use glm_protocol::ReplyStatus;
use glm_protocol::error::{ApiError, ErrorKind};
use glm_protocol::wire::FinishReason;

#[test]
fn error_tags_answer_with_the_observed_status_and_body() {
    let server = start_default();
    let cases = [
        ("#401", 401, "1002", ErrorKind::Auth),
        ("#1113", 429, "1113", ErrorKind::Balance),
        ("#429", 429, "1302", ErrorKind::RateLimit),
        ("#1303", 429, "1303", ErrorKind::RateLimit),
        ("#1305", 429, "1305", ErrorKind::Overloaded),
        ("#1312", 429, "1312", ErrorKind::Overloaded),
        ("#1301", 400, "1301", ErrorKind::ContentPolicy),
        ("#1261", 400, "1261", ErrorKind::PromptTooLong),
        ("#1211", 400, "1211", ErrorKind::ModelNotFound),
        ("#500", 500, "500", ErrorKind::Server),
        ("#flat-error", 400, "1214", ErrorKind::InvalidRequest),
    ];
    for (tag, status, code, kind) in cases {
        for stream in [true, false] {
            let reply = ask(&server, tag, stream);
            assert_eq!(reply.status, status, "{tag}");
            assert_eq!(reply.header("content-type"), Some("application/json"), "{tag}");
            let error = ApiError::from_http(reply.status, &reply.text());
            assert_eq!((error.code.as_deref(), error.kind), (Some(code), kind), "{tag}");
        }
    }
    let body = ask(&server, "#1113", true).json();
    assert_eq!(body["error"]["message"], "余额不足或无可用资源包,请充值。");
    assert!(body["error"]["code"].is_string());
    assert!(ask(&server, "#1305", true).json()["request_id"].is_string());
    assert!(ask(&server, "#flat-error", true).json()["code"].is_number());
    let html = ask(&server, "#503", true);
    assert_eq!((html.status, html.header("content-type")), (503, Some("text/html")));
    assert!(html.text().starts_with("<html>"));
}

#[test]
fn error_inside_a_200() {
    let server = start_default();
    let reply = ask(&server, "#error-200", true);
    assert_eq!(
        (reply.status, reply.header("content-type")),
        (200, Some("application/json"))
    );
    assert_eq!(reply.json()["error"]["code"], "1305");
    let framed = ask(&server, "#error-frame #fast", true);
    let data = framed.data_lines();
    assert!(
        data.last()
            .unwrap()
            .starts_with(r#"{"error":{"code":"1234","message":"Network error, error id: "#)
    );
    assert!(!data.contains(&"[DONE]".to_string()));
    let reply = framed.reply();
    assert_eq!(reply.status, ReplyStatus::Error);
    assert!(!reply.content.is_empty());
}

#[test]
fn drop_cuts_the_connection_without_finish_or_done() {
    let server = start_default();
    let reply = ask(&server, "#drop #fast", true);
    assert!(!reply.complete, "no terminating chunk");
    assert!(!reply.text().contains("[DONE]") && !reply.text().contains("finish_reason"));
    let parsed = reply.reply();
    assert_eq!(parsed.status, ReplyStatus::Interrupted);
    assert!(!parsed.content.is_empty());
}

#[test]
fn split_writes_break_characters_and_data_lines_yet_decode_the_same() {
    let server = start_default();
    let reply = ask(&server, "#split #fast", true);
    assert!(
        reply.chunks.iter().any(|c| std::str::from_utf8(c).is_err()),
        "no chunk ends inside a character"
    );
    assert!(
        reply.chunks.iter().any(|c| c.ends_with(b"da")),
        "no chunk ends inside `data:`"
    );
    let parsed = reply.reply();
    assert_eq!(parsed.status, ReplyStatus::Done);
    assert!(parsed.content.contains("🎉") && parsed.content.contains("Ünïcödé"));
    assert_eq!(
        parsed.content,
        ask(&server, "#split #fast", false).json()["choices"][0]["message"]["content"]
    );
}

#[test]
fn crlf_and_no_done_still_read_as_complete() {
    let server = start_default();
    let crlf = ask(&server, "#crlf #fast", true);
    assert!(crlf.text().contains(": keep-alive\r\n\r\ndata:{"));
    assert!(crlf.text().ends_with("data:[DONE]\r\n\r\n"));
    assert_eq!(crlf.reply().finish, Some(FinishReason::Stop));
    let no_done = ask(&server, "#no-done #fast", true);
    assert!(no_done.complete && !no_done.text().contains("[DONE]"));
    assert_eq!(no_done.reply().status, ReplyStatus::Done);
}

#[test]
fn hang_sends_headers_then_nothing() {
    let server = start_default();
    let mut stream = TcpStream::connect(server.addr).unwrap();
    let body = chat_body("#hang", true).to_string();
    let request = format!(
        "POST /api/paas/v4/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    stream.set_read_timeout(Some(Duration::from_millis(800))).unwrap();
    let mut received = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(n) = stream.read(&mut buf) {
        if n == 0 {
            break;
        }
        received.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8(received).unwrap();
    assert!(
        text.starts_with("HTTP/1.1 200 OK\r\n") && text.ends_with("\r\n\r\n"),
        "{text}"
    );
}

#[test]
fn burst_writes_n_chunks_and_paced_keeps_its_rate() {
    let server = start_default();
    let burst = ask(&server, "#burst 500", true).reply();
    assert_eq!(burst.status, ReplyStatus::Done);
    let frames = ask(&server, "#burst 500", true).data_lines().len();
    assert_eq!(frames, 500 + 2, "content chunks, the finish chunk and [DONE]");
    assert!(burst.content.contains("| Step | Work | Cost |"));
    let started = Instant::now();
    let paced = ask(&server, "#paced 20 100", true);
    let elapsed = started.elapsed();
    assert_eq!(paced.data_lines().len(), 22);
    assert!(elapsed >= Duration::from_millis(190), "{elapsed:?}");
}
