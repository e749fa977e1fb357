//! The reducer event by event, non-streamed bodies, and the visible/inline-reasoning split of `content`.

use glm_protocol::wire::{
    AudioOut, Completion, ContentFilter, FinishReason, FunctionCall, ToolCall, Usage, VideoResult, WebSearchResult,
};
use glm_protocol::{ApiError, ErrorKind, Reply, ReplyStatus, StreamEvent, events_from_completion};

fn apply_all(events: impl IntoIterator<Item = StreamEvent>) -> Reply {
    let mut reply = Reply::default();
    for ev in events {
        reply.apply(ev);
    }
    reply
}

fn fragment(index: Option<u32>, id: Option<&str>, name: Option<&str>, args: Option<&str>) -> StreamEvent {
    StreamEvent::ToolCall(ToolCall {
        index,
        id: id.map(str::to_string),
        kind: id.map(|_| "function".to_string()),
        function: Some(FunctionCall {
            name: name.map(str::to_string),
            arguments: args.map(str::to_string),
        }),
        mcp: None,
    })
}

fn args_of(reply: &Reply) -> Vec<String> {
    reply
        .tool_calls
        .iter()
        .map(|c| {
            c.function
                .as_ref()
                .and_then(|f| f.arguments.clone())
                .unwrap_or_default()
        })
        .collect()
}

fn search(refer: &str, link: &str, title: &str) -> WebSearchResult {
    WebSearchResult {
        refer: refer.into(),
        link: link.into(),
        title: title.into(),
        ..Default::default()
    }
}

fn parse(json: &str) -> Completion {
    serde_json::from_str(json).expect("test JSON parses")
}

// ------------------------------------------------------------------------------------------------------------------
// apply
// ------------------------------------------------------------------------------------------------------------------

#[test]
fn text_accumulates_separately() {
    let reply = apply_all([
        StreamEvent::Reasoning("Let me".into()),
        StreamEvent::Reasoning(" think".into()),
        StreamEvent::Content("An".into()),
        StreamEvent::Content("swer".into()),
    ]);
    assert_eq!(reply.reasoning, "Let me think");
    assert_eq!(reply.content, "Answer");
    assert_eq!(reply.status, ReplyStatus::Streaming);
}

#[test]
fn meta_fills_and_keeps_known_values() {
    let reply = apply_all([
        StreamEvent::Meta {
            id: Some("a".into()),
            model: Some("glm-4.5".into()),
            created: Some(1),
            request_id: None,
        },
        StreamEvent::Meta {
            id: None,
            model: None,
            created: None,
            request_id: Some("r".into()),
        },
    ]);
    assert_eq!(
        (
            reply.id.as_deref(),
            reply.model.as_deref(),
            reply.created,
            reply.request_id.as_deref()
        ),
        (Some("a"), Some("glm-4.5"), Some(1), Some("r"))
    );
}

#[test]
fn tool_fragments_merge_by_index() {
    let reply = apply_all([
        fragment(Some(0), Some("call_1"), Some("get_weather"), Some("")),
        fragment(Some(0), None, None, Some("{\"city\":")),
        fragment(Some(1), Some("call_2"), Some("get_time"), Some("{}")),
        fragment(Some(0), None, None, Some("\"Paris\"}")),
    ]);
    assert_eq!(reply.tool_calls.len(), 2);
    assert_eq!(args_of(&reply), ["{\"city\":\"Paris\"}", "{}"]);
    assert_eq!(
        reply.tool_calls[0].function.as_ref().and_then(|f| f.name.as_deref()),
        Some("get_weather")
    );
}

#[test]
fn tool_fragment_sets_id_and_name_when_first_seen() {
    let reply = apply_all([
        fragment(Some(0), None, None, Some("{")),
        fragment(Some(0), Some("call_9"), Some("f"), Some("}")),
    ]);
    assert_eq!(reply.tool_calls.len(), 1);
    assert_eq!(reply.tool_calls[0].id.as_deref(), Some("call_9"));
    assert_eq!(reply.tool_calls[0].kind.as_deref(), Some("function"));
    assert_eq!(
        reply.tool_calls[0].function.as_ref().and_then(|f| f.name.as_deref()),
        Some("f")
    );
    assert_eq!(args_of(&reply), ["{}"]);
}

#[test]
fn tool_fragments_with_same_id_and_no_index_merge() {
    let reply = apply_all([
        fragment(None, Some("c1"), Some("f"), Some("{\"a\"")),
        fragment(None, Some("c1"), None, Some(":1}")),
    ]);
    assert_eq!(args_of(&reply), ["{\"a\":1}"]);
}

#[test]
fn whole_tool_calls_without_index_are_separate() {
    let reply = apply_all([
        fragment(None, Some("c1"), Some("f"), Some("{}")),
        fragment(None, Some("c2"), Some("g"), Some("{}")),
        fragment(None, None, Some("h"), Some("{}")),
    ]);
    assert_eq!(reply.tool_calls.len(), 3);
}

#[test]
fn a_different_id_at_the_same_index_is_a_new_call() {
    let reply = apply_all([
        fragment(Some(0), Some("c1"), Some("f"), Some("{}")),
        fragment(Some(0), Some("c2"), Some("g"), Some("{\"x\":1}")),
    ]);
    assert_eq!(args_of(&reply), ["{}", "{\"x\":1}"]);
    // A later fragment without id belongs to the newest call at that index.
    let mut reply = reply;
    reply.apply(fragment(Some(0), None, None, Some(" ")));
    assert_eq!(args_of(&reply), ["{}", "{\"x\":1} "]);
}

#[test]
fn audio_fragments_concatenate_and_keep_id_and_expiry() {
    let reply = apply_all([
        StreamEvent::Audio(AudioOut {
            id: Some("au".into()),
            data: Some("AAA".into()),
            expires_at: None,
        }),
        StreamEvent::Audio(AudioOut {
            id: None,
            data: Some("BBB".into()),
            expires_at: Some(99),
        }),
        StreamEvent::Audio(AudioOut {
            id: Some("au".into()),
            data: None,
            expires_at: None,
        }),
    ]);
    assert_eq!(
        reply.audio,
        Some(AudioOut {
            id: Some("au".into()),
            data: Some("AAABBB".into()),
            expires_at: Some(99)
        })
    );
}

#[test]
fn web_search_on_first_and_last_chunk_does_not_duplicate() {
    let reply = apply_all([
        StreamEvent::WebSearch(vec![
            search("ref_1", "https://a", "A"),
            search("ref_2", "https://b", "B"),
        ]),
        StreamEvent::WebSearch(vec![
            search("ref_1", "https://a", "A (updated)"),
            search("ref_3", "https://c", "C"),
        ]),
    ]);
    let titles: Vec<_> = reply.web_search.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(titles, ["A (updated)", "B", "C"]);
}

#[test]
fn content_filter_and_videos_dedupe_identical_items() {
    let filter = ContentFilter {
        role: "assistant".into(),
        level: Some(1),
    };
    let user = ContentFilter {
        role: "user".into(),
        level: Some(3),
    };
    let video = VideoResult {
        url: "https://v/1.mp4".into(),
        cover_image_url: None,
    };
    let reply = apply_all([
        StreamEvent::ContentFilter(vec![filter.clone()]),
        StreamEvent::ContentFilter(vec![filter.clone(), user.clone()]),
        StreamEvent::Video(vec![video.clone()]),
        StreamEvent::Video(vec![video.clone()]),
    ]);
    assert_eq!(reply.content_filter, vec![filter, user]);
    assert_eq!(reply.videos, vec![video]);
}

#[test]
fn finish_alone_does_not_end_the_stream() {
    let reply = apply_all([
        StreamEvent::Finish(FinishReason::Stop),
        StreamEvent::Finish(FinishReason::Stop),
    ]);
    assert_eq!(reply.finish, Some(FinishReason::Stop));
    assert_eq!(reply.status, ReplyStatus::Streaming);
}

#[test]
fn status_transitions() {
    let err = || StreamEvent::Error(ApiError::network("offline"));
    let cases: Vec<(Vec<StreamEvent>, ReplyStatus)> = vec![
        (vec![StreamEvent::Done], ReplyStatus::Done),
        (vec![StreamEvent::Interrupted], ReplyStatus::Interrupted),
        (vec![err()], ReplyStatus::Error),
        (vec![err(), StreamEvent::Done], ReplyStatus::Error),
        (vec![err(), StreamEvent::Interrupted], ReplyStatus::Error),
        (vec![StreamEvent::Done, StreamEvent::Interrupted], ReplyStatus::Done),
        (vec![StreamEvent::Interrupted, StreamEvent::Done], ReplyStatus::Done),
    ];
    for (events, expected) in cases {
        let label = format!("{events:?}");
        assert_eq!(apply_all(events).status, expected, "{label}");
    }
}

#[test]
fn the_first_error_is_kept() {
    let first = ApiError::from_http(429, r#"{"error":{"code":"1302","message":"busy"}}"#);
    let reply = apply_all([
        StreamEvent::Content("text".into()),
        StreamEvent::Error(first.clone()),
        StreamEvent::Error(ApiError::network("later")),
    ]);
    assert_eq!(reply.error, Some(first));
    assert_eq!(reply.content, "text");
}

#[test]
fn fail_is_the_error_event() {
    // `fail` is what the page uses when its request code is missing: it must end the reply as the event would.
    let first = ApiError::network("offline");
    let mut reply = apply_all([StreamEvent::Content("text".into())]);
    reply.fail(first.clone());
    reply.fail(ApiError::network("later"));
    assert_eq!(
        reply,
        apply_all([StreamEvent::Content("text".into()), StreamEvent::Error(first.clone())])
    );
    assert_eq!((reply.status, reply.error), (ReplyStatus::Error, Some(first)));
    let mut done = apply_all([StreamEvent::Done]);
    done.fail(ApiError::network("after"));
    assert_eq!(done.status, ReplyStatus::Error);
}

#[test]
fn interrupt_keeps_text_unless_already_finished() {
    let mut reply = apply_all([StreamEvent::Content("partial".into())]);
    reply.interrupt();
    assert_eq!(
        (reply.status, reply.content.as_str()),
        (ReplyStatus::Interrupted, "partial")
    );
    let mut done = apply_all([StreamEvent::Done]);
    done.interrupt();
    assert_eq!(done.status, ReplyStatus::Done);
}

#[test]
fn usage_is_replaced() {
    let usage = |t| Usage {
        total_tokens: t,
        ..Usage::default()
    };
    let reply = apply_all([StreamEvent::Usage(usage(1)), StreamEvent::Usage(usage(2))]);
    assert_eq!(reply.usage.map(|u| u.total_tokens), Some(2));
}

#[test]
fn reply_round_trips_through_json() {
    let mut reply = Reply::from_completion(parse(
        r#"{"id":"x","choices":[{"index":0,"message":{"content":"hi","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]},"finish_reason":"foo_bar"}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}"#,
    ));
    reply.error = Some(ApiError::from_http(500, ""));
    let json = serde_json::to_string(&reply).expect("serialise");
    let back: Reply = serde_json::from_str(&json).expect("deserialise");
    assert_eq!(back, reply);
    // Stored replies from older versions may lack fields.
    let old: Reply = serde_json::from_str(r#"{"content":"old","status":"done"}"#).expect("lenient");
    assert_eq!((old.content.as_str(), old.status), ("old", ReplyStatus::Done));
}

// ------------------------------------------------------------------------------------------------------------------
// events_from_completion and non-streamed bodies
// ------------------------------------------------------------------------------------------------------------------

#[test]
fn empty_strings_produce_no_text_events() {
    let events = events_from_completion(parse(
        r#"{"choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning_content":""}}]}"#,
    ));
    assert!(events.is_empty(), "{events:?}");
}

#[test]
fn chunk_events_in_order() {
    let events = events_from_completion(parse(
        r#"{"id":"i","choices":[{"index":0,"finish_reason":"stop","delta":{"content":"x"}}],"usage":{"total_tokens":5},"content_filter":[{"role":"assistant","level":2}]}"#,
    ));
    let names: Vec<_> = events
        .iter()
        .map(|e| match e {
            StreamEvent::Meta { .. } => "meta",
            StreamEvent::Content(_) => "content",
            StreamEvent::ContentFilter(_) => "filter",
            StreamEvent::Usage(_) => "usage",
            StreamEvent::Finish(_) => "finish",
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(names, ["meta", "content", "filter", "usage", "finish"]);
}

#[test]
fn only_choice_zero_is_read() {
    let events = events_from_completion(parse(
        r#"{"choices":[{"index":1,"delta":{"content":"other"}},{"index":0,"delta":{"content":"mine"}}]}"#,
    ));
    assert_eq!(events, vec![StreamEvent::Content("mine".into())]);
}

#[test]
fn top_level_error_yields_an_error_event() {
    let events = events_from_completion(parse(r#"{"error":{"code":"1301","message":"unsafe"}}"#));
    match events.as_slice() {
        [StreamEvent::Error(e)] => assert_eq!(e.kind, ErrorKind::ContentPolicy),
        other => panic!("{other:?}"),
    }
}

#[test]
fn non_streamed_text_response() {
    let reply = Reply::from_completion(parse(
        r#"{"id":"2025","request_id":"req-1","created":1758884740,"model":"glm-4.5","object":"chat.completion",
            "choices":[{"index":0,"message":{"role":"assistant","content":"Olá!","reasoning_content":"Greeting."},"finish_reason":"stop"}],
            "usage":{"prompt_tokens":8,"completion_tokens":239,"total_tokens":247,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":63}}}"#,
    ));
    assert_eq!(reply.content, "Olá!");
    assert_eq!(reply.reasoning, "Greeting.");
    assert_eq!(reply.request_id.as_deref(), Some("req-1"));
    assert_eq!(reply.usage.and_then(|u| u.reasoning_tokens()), Some(63));
    assert_eq!(reply.finish, Some(FinishReason::Stop));
    assert_eq!(reply.status, ReplyStatus::Done);
}

#[test]
fn non_streamed_without_object_and_with_content_parts() {
    let reply = Reply::from_completion(parse(
        r#"{"id":"v","model":"glm-4v-plus","choices":[{"index":0,"message":{"role":"assistant","content":[{"type":"text","text":"A cat"},{"type":"text","text":" on a mat."}]},"finish_reason":"stop"}]}"#,
    ));
    assert_eq!(reply.content, "A cat on a mat.");
    assert_eq!(reply.status, ReplyStatus::Done);
}

#[test]
fn non_streamed_tool_calls_with_arguments_as_object_or_string() {
    let reply = Reply::from_completion(parse(
        r#"{"choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":null,"tool_calls":[
            {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":{"city":"北京"}}},
            {"id":"call_2","type":"function","function":{"name":"get_time","arguments":"{\"tz\":\"UTC\"}"}}]}}]}"#,
    ));
    assert_eq!(reply.tool_calls.len(), 2);
    assert_eq!(args_of(&reply), ["{\"city\":\"北京\"}", "{\"tz\":\"UTC\"}"]);
    assert_eq!(reply.content, "");
    assert_eq!(reply.finish, Some(FinishReason::ToolCalls));
}

#[test]
fn non_streamed_extras_web_search_video_filter_audio() {
    let reply = Reply::from_completion(parse(
        r#"{"choices":[{"index":0,"message":{"content":"ok","audio":{"id":"a1","data":"UklG","expires_at":"1749187238"}},"finish_reason":"stop"}],
            "video_result":[{"url":"https://v/1.mp4","cover_image_url":"https://v/1.jpg"}],
            "web_search":[{"refer":"ref_1","title":null,"link":"https://x","publish_date":20250523}],
            "content_filter":[{"role":"assistant","level":"3"}]}"#,
    ));
    assert_eq!(reply.videos.len(), 1);
    assert_eq!(reply.web_search[0].title, "");
    assert_eq!(reply.web_search[0].publish_date, "20250523");
    assert_eq!(reply.content_filter[0].level, Some(3));
    assert_eq!(reply.audio.as_ref().and_then(|a| a.expires_at), Some(1749187238));
}

#[test]
fn a_200_body_that_is_an_error() {
    let reply = Reply::from_completion(parse(r#"{"error":{"code":"1305","message":"busy"},"request_id":"r"}"#));
    assert_eq!(reply.status, ReplyStatus::Error);
    assert!(reply.error.as_ref().is_some_and(ApiError::retryable));
}

// ------------------------------------------------------------------------------------------------------------------
// visible_content / inline_reasoning
// ------------------------------------------------------------------------------------------------------------------

fn with_content(content: &str, status: ReplyStatus) -> Reply {
    Reply {
        content: content.into(),
        status,
        ..Reply::default()
    }
}

#[test]
fn visible_content_table() {
    use ReplyStatus::{Done, Streaming};
    let cases = [
        ("plain", Done, "plain", ""),
        ("<think>plan</think>\nAnswer", Done, "Answer", "plan"),
        (
            "<think></think>The <|begin_of_box|>42<|end_of_box|>.",
            Done,
            "The 42.",
            "",
        ),
        // Only a leading block is GLM's; elsewhere the words are the model talking about tags.
        ("Before<think>a</think>Mid", Done, "Before<think>a</think>Mid", ""),
        ("  <think>x</think>\r\n\nA", Done, "A", "x"),
        ("<think>unterminated", Streaming, "", "unterminated"),
        ("<think>unterminated", Done, "", "unterminated"),
        ("<thi", Streaming, "", ""),
        ("<thi", Done, "<thi", ""),
        ("Answer <thi", Streaming, "Answer <thi", ""),
        ("Box <|begin_of", Streaming, "Box ", ""),
        ("Box <|begin_of_box|>4", Streaming, "Box 4", ""),
        ("<think>reasoning </thi", Streaming, "", "reasoning"),
        ("a < b and c > d", Streaming, "a < b and c > d", ""),
        ("stray </think> closer", Done, "stray </think> closer", ""),
        (
            "Tags: `<think></think>` and `<|begin_of_box|>`.",
            Done,
            "Tags: `<think></think>` and `<|begin_of_box|>`.",
            "",
        ),
        ("<THINK>not ours</THINK>", Done, "<THINK>not ours</THINK>", ""),
        ("", Streaming, "", ""),
    ];
    for (content, status, visible, inline) in cases {
        let reply = with_content(content, status);
        assert_eq!(reply.visible_content(), visible, "visible of {content:?} ({status:?})");
        assert_eq!(reply.inline_reasoning(), inline, "inline of {content:?} ({status:?})");
    }
}

#[test]
fn visible_content_keeps_multibyte_text() {
    let reply = with_content(
        "<think>想一想</think>答案是<|begin_of_box|>四十二<|end_of_box|>🎉",
        ReplyStatus::Done,
    );
    assert_eq!(reply.visible_content(), "答案是四十二🎉");
    assert_eq!(reply.inline_reasoning(), "想一想");
}

#[test]
fn reasoning_time_runs_from_first_thought_to_first_answer() {
    let mut reply = Reply::default();
    reply.observe_time(1_000);
    assert_eq!(reply.thought_ms, None, "nothing to time before any reasoning");
    reply.apply(StreamEvent::Reasoning("Let me".into()));
    reply.observe_time(1_500);
    reply.apply(StreamEvent::Reasoning(" think".into()));
    reply.observe_time(2_700);
    assert_eq!(reply.thought_ms, None, "still thinking");
    reply.apply(StreamEvent::Content("Answer".into()));
    reply.observe_time(4_000);
    assert_eq!(reply.thought_ms, Some(2_500));
    reply.observe_time(9_000);
    assert_eq!(reply.thought_ms, Some(2_500), "measured once");

    let mut cut = Reply::default();
    cut.apply(StreamEvent::Reasoning("hmm".into()));
    cut.observe_time(100);
    cut.interrupt();
    cut.observe_time(400);
    assert_eq!(
        cut.thought_ms,
        Some(300),
        "an interrupted reasoning still has a duration"
    );
}

#[test]
fn status_names_match_their_serde_names() {
    use ReplyStatus::*;
    for status in [Streaming, Done, Error, Interrupted] {
        assert_eq!(
            serde_json::to_value(status).unwrap(),
            serde_json::json!(status.as_str())
        );
    }
}
