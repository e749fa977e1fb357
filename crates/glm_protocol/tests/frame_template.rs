//! A frame that repeats the bytes of the frame before it around new text is read by comparing bytes instead of by the
//! JSON parser. Whatever the frames, the reply must be exactly the one the JSON parser gives for each frame.

mod common;

use common::read_whole;
use glm_protocol::{Reply, ReplyStatus, StreamReader};
use proptest::prelude::*;

/// The reference: each frame read by a reader of its own, so the JSON parser reads every one.
fn frame_by_frame(frames: &[String]) -> Reply {
    let mut reply = Reply::default();
    for frame in frames.iter().map(String::as_str).chain(["[DONE]"]) {
        if matches!(reply.status, ReplyStatus::Error | ReplyStatus::Done) {
            break;
        }
        StreamReader::new().feed(format!("data: {frame}\n\n").as_bytes(), &mut reply);
    }
    StreamReader::new().finish(&mut reply);
    reply
}

fn body(frames: &[String]) -> String {
    let mut body: String = frames.iter().map(|f| format!("data: {f}\n\n")).collect();
    body.push_str("data: [DONE]\n\n");
    body
}

/// Text with what JSON must escape, what a server may escape, and what looks like the frame's own keys.
fn text() -> impl Strategy<Value = String> {
    let pieces = vec![
        "a",
        "Hello ",
        " ",
        "\"",
        "\\",
        "\n",
        "\t",
        "\u{1}",
        "é",
        "中文",
        "🎉",
        "/",
        "}",
        "]",
        "content",
        "\"content\":\"",
        "\",\"content\":\"x",
    ];
    proptest::collection::vec(proptest::sample::select(pieces), 0..5).prop_map(|p| p.concat())
}

/// One frame: mostly the usual text delta, sometimes with other ids, finish data, reasoning, an error, another layout
/// of the same JSON, or escapes that a server may write where none is needed.
fn frame() -> impl Strategy<Value = String> {
    (0..12u8, text(), 0..3u8).prop_map(|(kind, text, id)| {
        let id = format!("chat-{id}");
        let delta = |delta: serde_json::Value| {
            serde_json::json!({"id": id, "created": 1767225600, "model": "glm-4.6",
                "choices": [{"index": 0, "delta": delta}]})
        };
        match kind {
            0..=5 => delta(serde_json::json!({"role": "assistant", "content": text})).to_string(),
            6 => delta(serde_json::json!({"reasoning_content": text})).to_string(),
            7 => serde_json::json!({"id": id, "model": "glm-4.6", "choices": [{"index": 0, "finish_reason": "stop",
                "delta": {"role": "assistant", "content": text}}], "usage": {"prompt_tokens": 3, "completion_tokens": 5,
                "total_tokens": 8}})
            .to_string(),
            8 => serde_json::to_string_pretty(&delta(serde_json::json!({"content": text}))).unwrap_or_default(),
            9 => format!(
                r#"{{"id":"{id}","choices":[{{"index":0,"delta":{{"content":"a\/b\u00e9{}"}}}}]}}"#,
                text.len()
            ),
            10 => format!(r#"{{"error":{{"code":"1301","message":"unsafe {}"}}}}"#, text.len()),
            _ => format!(r#"{{"id":"{id}","choices":[{{"index":0,"delta":{{"content":"{text}"}}}}]}}"#),
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn reading_by_template_gives_the_reply_the_json_parser_gives(frames in proptest::collection::vec(frame(), 0..24)) {
        prop_assert_eq!(read_whole(body(&frames).as_bytes()), frame_by_frame(&frames));
    }
}

#[test]
fn a_long_stream_of_alike_frames_keeps_every_piece_of_text() {
    let pieces: Vec<String> = (0..500).map(|i| format!("word{i} ")).collect();
    let frames: Vec<String> = pieces
        .iter()
        .map(|p| {
            serde_json::json!({"id": "chat-1", "created": 1, "model": "glm-4.6",
                "choices": [{"index": 0, "delta": {"role": "assistant", "content": p}}]})
            .to_string()
        })
        .collect();
    let reply = read_whole(body(&frames).as_bytes());
    assert_eq!(reply.content, pieces.concat());
    assert_eq!(reply, frame_by_frame(&frames));
}
