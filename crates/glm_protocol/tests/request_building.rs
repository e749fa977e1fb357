//! Request bodies as JSON: omitted options, message order, thinking, the web-search tool, multimodal parts.

use glm_protocol::request::DEFAULT_SEARCH_PROMPT;
use glm_protocol::wire::{ContentPart, InputAudio, Message, MessageContent, Role, UrlRef};
use glm_protocol::{RequestOptions, build_request, default_web_search, endpoint_url};
use serde_json::{Value, json};

fn body(opts: &RequestOptions, history: &[Message]) -> Value {
    serde_json::to_value(build_request(opts, history)).expect("request serialises")
}

fn assert_no_nulls(value: &Value, path: &str) {
    match value {
        Value::Null => panic!("null at {path}"),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| assert_no_nulls(v, &format!("{path}[{i}]"))),
        Value::Object(map) => map.iter().for_each(|(k, v)| assert_no_nulls(v, &format!("{path}.{k}"))),
        _ => {}
    }
}

#[test]
fn defaults() {
    let opts = RequestOptions::default();
    assert_eq!(opts.model, "glm-4.5-flash");
    assert!(opts.stream);
    assert_eq!(opts.thinking, Some(true));
    assert!(opts.system_prompt.is_empty());
    assert_eq!((opts.temperature, opts.top_p, opts.max_tokens), (None, None, None));
    assert!(opts.web_search.is_none());
}

#[test]
fn minimal_request_has_exactly_the_set_keys() {
    let value = body(&RequestOptions::default(), &[Message::user("Hello")]);
    assert_eq!(
        value,
        json!({
            "model": "glm-4.5-flash",
            "messages": [{ "role": "user", "content": "Hello" }],
            "stream": true,
            "thinking": { "type": "enabled" }
        })
    );
    assert_no_nulls(&value, "$");
}

#[test]
fn every_option_set() {
    let opts = RequestOptions {
        model: " glm-4.5 ".into(),
        stream: false,
        thinking: Some(false),
        system_prompt: "  Be brief.  ".into(),
        temperature: Some(0.6),
        top_p: Some(0.95),
        max_tokens: Some(1024),
        web_search: None,
        ..RequestOptions::default()
    };
    let value = body(
        &opts,
        &[
            Message::user("Hi"),
            Message::assistant("Hello!"),
            Message::user("Again"),
        ],
    );
    assert_eq!(
        value,
        json!({
            "model": "glm-4.5",
            "messages": [
                { "role": "system", "content": "Be brief." },
                { "role": "user", "content": "Hi" },
                { "role": "assistant", "content": "Hello!" },
                { "role": "user", "content": "Again" }
            ],
            "stream": false,
            "thinking": { "type": "disabled" },
            "temperature": 0.6,
            "top_p": 0.95,
            "max_tokens": 1024
        })
    );
}

#[test]
fn thinking_none_is_not_sent_and_blank_system_prompt_is_dropped() {
    let opts = RequestOptions {
        thinking: None,
        system_prompt: " \n\t".into(),
        ..RequestOptions::default()
    };
    let value = body(&opts, &[Message::user("x")]);
    assert!(value.get("thinking").is_none());
    assert_eq!(value["messages"].as_array().map(Vec::len), Some(1));
    assert_eq!(value["messages"][0]["role"], "user");
}

#[test]
fn system_prompt_comes_first_even_before_a_system_message_in_history() {
    let opts = RequestOptions {
        system_prompt: "Mine".into(),
        ..RequestOptions::default()
    };
    let request = build_request(&opts, &[Message::system("Theirs"), Message::user("q")]);
    let roles: Vec<Role> = request.messages.iter().map(|m| m.role).collect();
    assert_eq!(roles, [Role::System, Role::System, Role::User]);
    assert_eq!(request.messages[0].content, Some(MessageContent::Text("Mine".into())));
}

#[test]
fn web_search_tool_json_matches_the_reference() {
    let opts = RequestOptions {
        web_search: Some(default_web_search()),
        ..RequestOptions::default()
    };
    let value = body(&opts, &[Message::user("News?")]);
    assert_eq!(
        value["tools"],
        json!([{
            "type": "web_search",
            "web_search": {
                "enable": true,
                "search_engine": "search_pro",
                "count": 5,
                "result_sequence": "after",
                "search_result": true,
                "search_prompt": DEFAULT_SEARCH_PROMPT
            }
        }])
    );
    assert_no_nulls(&value, "$");
}

#[test]
fn web_search_tool_with_every_field() {
    let mut ws = default_web_search();
    ws.search_query = Some("GLM".into());
    ws.search_intent = Some("false".into());
    ws.search_domain_filter = Some("www.example.com".into());
    ws.search_recency_filter = Some("oneWeek".into());
    ws.content_size = Some("high".into());
    ws.require_search = Some(false);
    let value = serde_json::to_value(glm_protocol::wire::Tool::WebSearch { web_search: ws }).expect("tool");
    let keys: Vec<&str> = value["web_search"]
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    let mut keys = keys;
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "content_size",
            "count",
            "enable",
            "require_search",
            "result_sequence",
            "search_domain_filter",
            "search_engine",
            "search_intent",
            "search_prompt",
            "search_query",
            "search_recency_filter",
            "search_result"
        ]
    );
    assert_eq!(
        value["web_search"]["search_intent"], "false",
        "typed as a string in the spec"
    );
}

#[test]
fn default_search_prompt_keeps_the_placeholder_and_asks_for_ref_markers() {
    assert!(DEFAULT_SEARCH_PROMPT.contains("{search_result}"));
    assert!(DEFAULT_SEARCH_PROMPT.contains("[ref_"));
}

#[test]
fn multimodal_parts_serialise_per_the_reference() {
    let message = Message {
        content: Some(MessageContent::Parts(vec![
            ContentPart::Text {
                text: "What is in these?".into(),
            },
            ContentPart::ImageUrl {
                image_url: UrlRef {
                    url: "https://x/a.png".into(),
                },
            },
            ContentPart::VideoUrl {
                video_url: UrlRef {
                    url: "https://x/clip.mp4".into(),
                },
            },
            ContentPart::FileUrl {
                file_url: UrlRef {
                    url: "https://x/doc.pdf".into(),
                },
            },
            ContentPart::InputAudio {
                input_audio: InputAudio {
                    data: "UklGRg==".into(),
                    format: "wav".into(),
                },
            },
        ])),
        ..Message::user("")
    };
    let value = serde_json::to_value(&message).expect("message");
    assert_eq!(
        value,
        json!({ "role": "user", "content": [
            { "type": "text", "text": "What is in these?" },
            { "type": "image_url", "image_url": { "url": "https://x/a.png" } },
            { "type": "video_url", "video_url": { "url": "https://x/clip.mp4" } },
            { "type": "file_url", "file_url": { "url": "https://x/doc.pdf" } },
            { "type": "input_audio", "input_audio": { "data": "UklGRg==", "format": "wav" } }
        ]})
    );
}

#[test]
fn tool_messages_serialise_per_the_reference() {
    let result = serde_json::to_value(Message::tool_result("call_1", "{\"temp\":\"40C\"}")).expect("tool");
    assert_eq!(
        result,
        json!({ "role": "tool", "content": "{\"temp\":\"40C\"}", "tool_call_id": "call_1" })
    );
}

#[test]
fn endpoint_urls() {
    let cases = [
        (
            "https://open.bigmodel.cn/api/paas/v4",
            "https://open.bigmodel.cn/api/paas/v4/chat/completions",
        ),
        (
            "https://open.bigmodel.cn/api/paas/v4/",
            "https://open.bigmodel.cn/api/paas/v4/chat/completions",
        ),
        (
            "https://api.z.ai/api/paas/v4//",
            "https://api.z.ai/api/paas/v4/chat/completions",
        ),
        (
            "https://api.z.ai/api/paas/v4/chat/completions",
            "https://api.z.ai/api/paas/v4/chat/completions",
        ),
        (
            "https://api.z.ai/api/paas/v4/chat/completions/",
            "https://api.z.ai/api/paas/v4/chat/completions",
        ),
        (
            "  http://localhost:8787/v4  ",
            "http://localhost:8787/v4/chat/completions",
        ),
        ("/proxy", "/proxy/chat/completions"),
    ];
    for (base, url) in cases {
        assert_eq!(endpoint_url(base), url, "{base:?}");
    }
}

#[test]
fn options_round_trip_and_tolerate_missing_fields() {
    let opts = RequestOptions {
        web_search: Some(default_web_search()),
        temperature: Some(0.3),
        ..RequestOptions::default()
    };
    let back: RequestOptions = serde_json::from_str(&serde_json::to_string(&opts).expect("ser")).expect("de");
    assert_eq!(back, opts);
    let partial: RequestOptions = serde_json::from_str(r#"{"model":"glm-4.6"}"#).expect("partial");
    assert_eq!(partial.model, "glm-4.6");
    assert!(partial.stream);
}
