//! How a streamed body ends: [DONE], truncation, malformed frames, error frames, and what `feed` reports.

mod common;

use common::*;
use glm_protocol::wire::FinishReason;
use glm_protocol::{ErrorKind, Reply, ReplyStatus, StreamReader};

const CHUNK_A: &str =
    r#"data: {"id":"t1","model":"glm-4.5","choices":[{"index":0,"delta":{"role":"assistant","content":"Hello"}}]}"#;
const CHUNK_B: &str = r#"data: {"id":"t1","choices":[{"index":0,"delta":{"content":" world"}}]}"#;
const FINISH: &str = r#"data: {"id":"t1","choices":[{"index":0,"finish_reason":"stop","delta":{"content":""}}]}"#;

fn body(lines: &[&str]) -> String {
    lines.iter().map(|l| format!("{l}\n\n")).collect()
}

#[test]
fn no_done_and_no_finish_is_interrupted() {
    let reply = read_whole(body(&[CHUNK_A, CHUNK_B]).as_bytes());
    assert_eq!(reply.content, "Hello world");
    assert_eq!(reply.status, ReplyStatus::Interrupted);
    assert!(reply.error.is_none());
}

#[test]
fn finish_without_done_is_done() {
    let reply = read_whole(body(&[CHUNK_A, FINISH]).as_bytes());
    assert_eq!(reply.status, ReplyStatus::Done);
    assert_eq!(reply.finish, Some(FinishReason::Stop));
}

#[test]
fn done_without_finish_is_done() {
    let reply = read_whole(body(&[CHUNK_A, "data: [DONE]"]).as_bytes());
    assert_eq!(reply.status, ReplyStatus::Done);
    assert_eq!(reply.finish, None);
}

#[test]
fn body_cut_inside_a_frame_is_interrupted_not_an_error() {
    let full = body(&[CHUNK_A, CHUNK_B, FINISH, "data: [DONE]"]);
    // Cut anywhere inside the third frame: the tail is an unterminated, unparsable line.
    let start = full.find(FINISH).expect("finish frame");
    for cut in start + 7..start + FINISH.len() - 1 {
        let reply = read_whole(&full.as_bytes()[..cut]);
        assert_eq!(reply.status, ReplyStatus::Interrupted, "cut at {cut}");
        assert_eq!(reply.content, "Hello world");
        assert!(reply.error.is_none(), "cut at {cut}: {:?}", reply.error);
    }
}

#[test]
fn last_frame_without_blank_line_still_counts() {
    let text = format!("{CHUNK_A}\n\n{FINISH}");
    let reply = read_whole(text.as_bytes());
    assert_eq!(reply.finish, Some(FinishReason::Stop));
    assert_eq!(reply.status, ReplyStatus::Done);
    let text = format!("{CHUNK_A}\n\ndata: [DONE]");
    assert_eq!(read_whole(text.as_bytes()).status, ReplyStatus::Done);
}

#[test]
fn malformed_frame_mid_stream_is_an_error_that_keeps_the_text() {
    let reply = read_whole(body(&[CHUNK_A, "data: {not json", CHUNK_B, "data: [DONE]"]).as_bytes());
    assert_eq!(reply.content, "Hello");
    assert_eq!(reply.status, ReplyStatus::Error);
    let error = reply.error.expect("error");
    assert_eq!(error.kind, ErrorKind::InvalidResponse);
    assert!(
        error
            .message
            .as_deref()
            .unwrap_or_default()
            .contains("malformed stream frame")
    );
    assert!(error.retryable());
}

#[test]
fn non_object_json_frame_is_malformed() {
    let reply = read_whole(body(&[CHUNK_A, "data: [1,2]"]).as_bytes());
    assert_eq!(reply.error.map(|e| e.kind), Some(ErrorKind::InvalidResponse));
}

#[test]
fn flat_error_frame_is_an_error() {
    let reply = read_whole(
        body(&[
            CHUNK_A,
            r#"data: {"code":1302,"message":"Rate limit reached for requests"}"#,
        ])
        .as_bytes(),
    );
    assert_eq!(reply.status, ReplyStatus::Error);
    let error = reply.error.expect("error");
    assert_eq!(error.kind, ErrorKind::RateLimit);
    assert_eq!(error.code.as_deref(), Some("1302"));
    assert_eq!(error.status, None);
}

#[test]
fn string_error_frame_is_an_error() {
    let reply = read_whole(body(&[CHUNK_A, r#"data: {"error":"upstream failed"}"#]).as_bytes());
    let error = reply.error.expect("error");
    assert_eq!(error.kind, ErrorKind::Unknown);
    assert_eq!(error.message.as_deref(), Some("upstream failed"));
    assert_eq!(reply.content, "Hello");
}

#[test]
fn event_error_with_non_json_payload() {
    let reply = read_whole(format!("{CHUNK_A}\n\nevent: error\ndata: upstream timeout\n\n").as_bytes());
    assert_eq!(reply.status, ReplyStatus::Error);
    let error = reply.error.expect("error");
    assert_eq!(error.kind, ErrorKind::Unknown);
    assert_eq!(error.message.as_deref(), Some("upstream timeout"));
}

#[test]
fn error_then_done_stays_error() {
    let reply = read_whole(
        body(&[
            CHUNK_A,
            r#"data: {"error":{"code":"1301","message":"unsafe"}}"#,
            "data: [DONE]",
        ])
        .as_bytes(),
    );
    assert_eq!(reply.status, ReplyStatus::Error);
    assert_eq!(reply.error.map(|e| e.kind), Some(ErrorKind::ContentPolicy));
}

#[test]
fn unknown_event_names_and_empty_payloads_are_tolerated() {
    let text =
        format!("event: ping\ndata: \n\nevent: message\n{CHUNK_A}\n\n: keep-alive\n\n{FINISH}\n\ndata: [DONE]\n\n");
    let reply = read_whole(text.as_bytes());
    assert_eq!(reply.content, "Hello");
    assert_eq!(reply.status, ReplyStatus::Done);
    assert!(reply.error.is_none());
}

#[test]
fn feed_reports_changes() {
    let mut reader = StreamReader::new();
    let mut reply = Reply::default();
    assert!(
        !reader.feed(b"data: {\"id\":\"t1\",\"choi", &mut reply),
        "no complete frame yet"
    );
    assert!(reader.feed(b"ces\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n", &mut reply));
    // The same metadata and an empty delta: nothing to redraw.
    assert!(!reader.feed(
        b"data: {\"id\":\"t1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"}}]}\n\n",
        &mut reply
    ));
    assert!(!reader.feed(b": comment\n\n", &mut reply));
    assert!(reader.feed(b"data: [DONE]\n\n", &mut reply));
    assert!(!reader.feed(
        b"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"late\"}}]}\n\n",
        &mut reply
    ));
    reader.finish(&mut reply);
    assert_eq!(reply.content, "Hi");
    assert_eq!(reply.status, ReplyStatus::Done);
}

#[test]
fn finish_twice_and_feed_after_finish_change_nothing() {
    let mut reader = StreamReader::new();
    let mut reply = Reply::default();
    reader.feed(body(&[CHUNK_A]).as_bytes(), &mut reply);
    reader.finish(&mut reply);
    let once = reply.clone();
    reader.finish(&mut reply);
    assert!(!reader.feed(body(&[CHUNK_B]).as_bytes(), &mut reply));
    assert_eq!(reply, once);
    assert_eq!(reply.status, ReplyStatus::Interrupted);
}

#[test]
fn user_abort_keeps_text_and_is_interrupted() {
    let mut reader = StreamReader::new();
    let mut reply = Reply::default();
    reader.feed(body(&[CHUNK_A, CHUNK_B]).as_bytes(), &mut reply);
    reply.interrupt();
    assert_eq!(reply.status, ReplyStatus::Interrupted);
    assert_eq!(reply.content, "Hello world");
    // The reader's own end must not override the user's stop.
    reader.finish(&mut reply);
    assert_eq!(reply.status, ReplyStatus::Interrupted);
}

#[test]
fn every_finish_reason_is_kept() {
    let cases = [
        ("stop", FinishReason::Stop),
        ("length", FinishReason::Length),
        ("tool_calls", FinishReason::ToolCalls),
        ("sensitive", FinishReason::Sensitive),
        ("network_error", FinishReason::NetworkError),
        (
            "model_context_window_exceeded",
            FinishReason::ModelContextWindowExceeded,
        ),
        ("foo_bar", FinishReason::Other("foo_bar".to_string())),
    ];
    for (wire, expected) in cases {
        let frame =
            format!(r#"data: {{"choices":[{{"index":0,"finish_reason":"{wire}","delta":{{"content":"x"}}}}]}}"#);
        let reply = read_whole(body(&[&frame, "data: [DONE]"]).as_bytes());
        assert_eq!(reply.finish, Some(expected.clone()), "{wire}");
        assert_eq!(reply.finish.as_ref().map(FinishReason::as_str), Some(wire));
        assert_eq!(reply.status, ReplyStatus::Done, "{wire}");
    }
}

#[test]
fn null_and_empty_finish_reason_mean_not_finished() {
    let frames = [
        r#"data: {"choices":[{"index":0,"finish_reason":null,"delta":{"content":"a"}}]}"#,
        r#"data: {"choices":[{"index":0,"finish_reason":"","delta":{"content":"b"}}]}"#,
    ];
    let reply = read_whole(body(&frames).as_bytes());
    assert_eq!(reply.content, "ab");
    assert_eq!(reply.finish, None);
    assert_eq!(reply.status, ReplyStatus::Interrupted);
}

#[test]
fn a_later_finish_reason_replaces_an_earlier_one() {
    let frames = [
        r#"data: {"choices":[{"index":0,"finish_reason":"tool_calls","delta":{}}]}"#,
        r#"data: {"choices":[{"index":0,"finish_reason":"stop","delta":{}}]}"#,
    ];
    assert_eq!(read_whole(body(&frames).as_bytes()).finish, Some(FinishReason::Stop));
}
