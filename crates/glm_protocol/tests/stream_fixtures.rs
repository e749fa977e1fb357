//! Every fixture read whole, then at every split point, in single bytes, in small pieces and with CRLF / CR line
//! endings: the reply must not depend on how the body was cut. Then what each fixture must produce.

mod common;

use common::*;
use glm_protocol::wire::{FinishReason, Usage};
use glm_protocol::{ErrorKind, Reply, ReplyStatus};

fn check_invariant(name: &str, bytes: &[u8]) {
    check_splits(name, bytes, |_| true);
}

/// Reads the body cut in two at every offset `at` for which `cut_here(at)` holds, and in fixed-size pieces.
fn check_splits(name: &str, bytes: &[u8], cut_here: impl Fn(usize) -> bool) {
    let whole = read_whole(bytes);
    assert_ne!(whole, Reply::default(), "{name}: fixture produced nothing");
    for at in (0..=bytes.len()).filter(|&at| cut_here(at)) {
        let split = read_split_at(bytes, at);
        assert_eq!(split, whole, "{name}: split at byte {at} changed the reply");
    }
    for size in [1, 2, 3, 5, 7, 13, 64] {
        assert_eq!(
            read_in_pieces(bytes, size),
            whole,
            "{name}: pieces of {size} bytes changed the reply"
        );
    }
}

#[test]
fn every_fixture_is_independent_of_read_boundaries() {
    for name in FIXTURES {
        check_invariant(name, &fixture(name));
    }
}

#[test]
fn line_ending_variants_give_the_same_reply() {
    for name in FIXTURES {
        let lf = fixture(name);
        let whole = read_whole(&lf);
        let crlf = with_crlf(&lf);
        let cr = with_cr(&lf);
        assert_eq!(read_whole(&crlf), whole, "{name}: CRLF");
        assert_eq!(read_whole(&cr), whole, "{name}: CR");
        // Every offset was covered with LF endings; what is new here is a cut next to a `\r`.
        let near_cr = |bytes: &[u8], at: usize| bytes[at.saturating_sub(2)..(at + 2).min(bytes.len())].contains(&b'\r');
        check_splits(&format!("{name} (CRLF)"), &crlf, |at| near_cr(&crlf, at));
        check_splits(&format!("{name} (CR)"), &cr, |at| near_cr(&cr, at));
    }
}

#[test]
fn two_events_in_one_read_and_many_reads_per_event() {
    let bytes = fixture("glm45_simple.sse");
    // Cut after the second blank line: the first read carries two whole events and the start of a third.
    let boundary = bytes
        .windows(2)
        .enumerate()
        .filter(|(_, w)| w == b"\n\n")
        .nth(1)
        .map(|(i, _)| i + 2 + 10);
    let at = boundary.expect("fixture has events");
    assert_eq!(read_split_at(&bytes, at), read_whole(&bytes));
}

#[test]
fn glm45_simple() {
    let reply = read_whole(&fixture("glm45_simple.sse"));
    assert_eq!(reply.id.as_deref(), Some("20250926190540c29952ed24ae4570"));
    assert_eq!(reply.model.as_deref(), Some("glm-4.5"));
    assert_eq!(reply.created, Some(1758884740));
    assert_eq!(
        reply.reasoning,
        "The person greets me in Portuguese. I should answer in Portuguese."
    );
    assert_eq!(reply.content, "Olá! Tudo bem?\n Como posso ajudar?");
    assert_eq!(reply.finish, Some(FinishReason::Stop));
    let usage = reply.usage.expect("usage on the last chunk");
    assert_eq!(
        (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens),
        (18, 202, 220)
    );
    assert_eq!(usage.cached_tokens(), Some(0));
    assert_eq!(reply.status, ReplyStatus::Done);
    assert!(reply.error.is_none() && reply.tool_calls.is_empty() && reply.web_search.is_empty());
}

#[test]
fn glm45_tool_calls_with_repeated_finish_reason() {
    let reply = read_whole(&fixture("glm45_tool_calls.sse"));
    assert_eq!(
        reply.tool_calls.len(),
        1,
        "the repeated finish must not duplicate the call"
    );
    let call = &reply.tool_calls[0];
    assert_eq!(call.id.as_deref(), Some("call_51a97502d6444997b56fd204"));
    assert_eq!(call.kind.as_deref(), Some("function"));
    let function = call.function.as_ref().expect("function");
    assert_eq!(function.name.as_deref(), Some("weather"));
    assert_eq!(
        function.arguments.as_deref(),
        Some("{\"location\": \"Florence,Italy\"}")
    );
    assert_eq!(reply.finish, Some(FinishReason::ToolCalls));
    assert_eq!(reply.usage.map(|u| u.total_tokens), Some(249));
    assert_eq!(reply.usage.and_then(|u| u.cached_tokens()), Some(43));
    assert_eq!(reply.content, "");
    assert_eq!(reply.status, ReplyStatus::Done);
}

#[test]
fn web_search_results_on_the_final_chunk() {
    let reply = read_whole(&fixture("web_search.sse"));
    assert_eq!(
        reply.reasoning,
        "The user asks about this week's releases; the search results mention a new model."
    );
    assert_eq!(
        reply.content,
        "This week Zhipu announced a new open model with a larger context window [ref_1]."
    );
    assert_eq!(reply.web_search.len(), 2);
    assert_eq!(reply.web_search[0].refer, "ref_1");
    assert_eq!(reply.web_search[0].link, "https://example.com/news/glm");
    assert_eq!(reply.web_search[0].publish_date, "2025-12-02");
    assert_eq!(reply.web_search[1].refer, "ref_2");
    assert_eq!(reply.web_search[1].icon, "");
    assert_eq!(reply.usage.map(|u| u.total_tokens), Some(1508));
    assert_eq!(reply.status, ReplyStatus::Done);
}

#[test]
fn glm47_thinking_with_reasoning_tokens() {
    let reply = read_whole(&fixture("glm47_thinking.sse"));
    assert_eq!(reply.reasoning, "Simple arithmetic: 2+2=4.");
    assert_eq!(reply.content, "2 + 2 = **4**");
    let usage = reply.usage.expect("usage");
    assert_eq!(usage.reasoning_tokens(), Some(21));
    assert_eq!(usage.cached_tokens(), Some(2));
    assert_eq!(reply.status, ReplyStatus::Done);
}

#[test]
fn sensitive_finish_is_data_not_an_error() {
    let reply = read_whole(&fixture("sensitive.sse"));
    assert_eq!(reply.content, "关于这个问题，我");
    assert_eq!(reply.finish, Some(FinishReason::Sensitive));
    assert_eq!(reply.content_filter.len(), 1);
    assert_eq!(reply.content_filter[0].role, "assistant");
    assert_eq!(reply.content_filter[0].level, Some(1));
    assert_eq!(reply.status, ReplyStatus::Done);
    assert!(reply.error.is_none());
}

#[test]
fn length_finish_keeps_the_text_of_the_finishing_chunk() {
    let reply = read_whole(&fixture("length.sse"));
    assert_eq!(reply.content, "Once upon a time, there was a");
    assert_eq!(reply.finish, Some(FinishReason::Length));
    assert_eq!(reply.status, ReplyStatus::Done);
}

#[test]
fn tool_stream_fragments_merge_by_index() {
    let reply = read_whole(&fixture("tool_stream.sse"));
    assert_eq!(reply.tool_calls.len(), 2);
    let args: Vec<_> = reply
        .tool_calls
        .iter()
        .map(|c| {
            c.function
                .as_ref()
                .and_then(|f| f.arguments.clone())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(args, ["{\"city\": \"北京\"}", "{\"city\": \"Paris\"}"]);
    assert_eq!(reply.tool_calls[0].id.as_deref(), Some("call_-8102"));
    assert_eq!(reply.tool_calls[1].id.as_deref(), Some("call_-8103"));
    for call in &reply.tool_calls {
        assert_eq!(
            call.function.as_ref().and_then(|f| f.name.as_deref()),
            Some("get_weather")
        );
        let parsed: serde_json::Value =
            serde_json::from_str(&call.function.as_ref().unwrap().arguments.clone().unwrap())
                .expect("merged arguments are JSON");
        assert!(parsed.get("city").is_some());
    }
    assert_eq!(reply.reasoning, "Two cities, two calls.");
    assert_eq!(reply.usage.and_then(|u| u.reasoning_tokens()), Some(6));
    assert_eq!(reply.finish, Some(FinishReason::ToolCalls));
}

#[test]
fn mcp_tool_calls() {
    let reply = read_whole(&fixture("mcp.sse"));
    assert_eq!(reply.tool_calls.len(), 2);
    let list = reply.tool_calls[0].mcp.as_ref().expect("mcp list");
    assert_eq!(list.kind.as_deref(), Some("mcp_list_tools"));
    assert_eq!(list.server_label.as_deref(), Some("sogou_search"));
    assert_eq!(list.tools.len(), 1);
    assert_eq!(list.tools[0].name, "search");
    let call = reply.tool_calls[1].mcp.as_ref().expect("mcp call");
    assert_eq!(reply.tool_calls[1].kind.as_deref(), Some("mcp"));
    assert_eq!(call.kind.as_deref(), Some("mcp_call"));
    assert_eq!(call.arguments.as_deref(), Some("{\"q\":\"GLM-4.6\"}"));
    assert_eq!(call.output, Some(serde_json::json!({"results": ["GLM-4.6 released"]})));
    assert_eq!(reply.content, "GLM-4.6 was released.");
    assert_eq!(reply.finish, Some(FinishReason::Stop));
}

#[test]
fn audio_pieces_concatenate() {
    let reply = read_whole(&fixture("audio.sse"));
    assert_eq!(reply.content, "你好！");
    let audio = reply.audio.expect("audio");
    assert_eq!(audio.id.as_deref(), Some("audio_20251203_01"));
    assert_eq!(audio.data.as_deref(), Some("UklGRiQAAABXQVZFZm10IBAA"));
    assert_eq!(audio.expires_at, Some(1764738240));
    assert_eq!(reply.status, ReplyStatus::Done);
}

#[test]
fn glm45v_markers_are_hidden_from_the_visible_answer() {
    let reply = read_whole(&fixture("glm45v_box.sse"));
    assert_eq!(
        reply.content,
        "<think></think>\nThe animal is a <|begin_of_box|>cat<|end_of_box|>."
    );
    assert_eq!(reply.visible_content(), "The animal is a cat.");
    assert_eq!(reply.inline_reasoning(), "");
    assert_eq!(reply.reasoning, "The image shows a cat.");
}

#[test]
fn unicode_text_survives() {
    let reply = read_whole(&fixture("unicode.sse"));
    assert_eq!(reply.content, "你好，世界！🌏👩\u{200d}💻 写代码。");
    assert_eq!(reply.status, ReplyStatus::Done);
}

#[test]
fn error_frame_keeps_earlier_text_and_stops_reading() {
    let reply = read_whole(&fixture("error_frame.sse"));
    assert_eq!(reply.content, "Partial answer");
    assert_eq!(reply.status, ReplyStatus::Error);
    let error = reply.error.expect("error");
    assert_eq!(error.kind, ErrorKind::Overloaded);
    assert_eq!(error.code.as_deref(), Some("1305"));
    assert_eq!(error.message.as_deref(), Some("该模型当前访问量过大，请您稍后再试"));
    assert!(error.retryable());
}

#[test]
fn event_error_form() {
    let reply = read_whole(&fixture("event_error.sse"));
    assert_eq!(reply.reasoning, "Thinking");
    assert_eq!(reply.status, ReplyStatus::Error);
    let error = reply.error.expect("error");
    assert_eq!(error.code.as_deref(), Some("1234"));
    assert_eq!(error.kind, ErrorKind::Server);
}

#[test]
fn format_quirks() {
    let reply = read_whole(&fixture("quirks.sse"));
    assert_eq!(reply.content, "ABC", "data after [DONE] must be ignored");
    assert_eq!(reply.id.as_deref(), Some("q1"));
    assert_eq!(reply.model.as_deref(), Some("glm-4.5"));
    assert_eq!(reply.finish, Some(FinishReason::Stop));
    assert_eq!(reply.status, ReplyStatus::Done);
    assert!(reply.error.is_none());
}

#[test]
fn usage_is_the_last_one_seen() {
    let reply = read_whole(&fixture("length.sse"));
    assert_eq!(
        reply.usage,
        Some(Usage {
            prompt_tokens: 12,
            completion_tokens: 8,
            total_tokens: 20,
            ..Usage::default()
        })
    );
}
