//! Request bodies with the issue-5 features: every parameter, per model kind, what is sent and what is left out.

use glm_protocol::params::{FieldError, ParamField, ParamProblem, RequestParams};
use glm_protocol::request::{SendProblem, check_options};
use glm_protocol::tools::{ToolEntry, ToolError, ToolField, ToolKind};
use glm_protocol::wire::Message;
use glm_protocol::{RequestOptions, build_request, default_web_search};
use serde_json::{Value, json};

fn body(opts: &RequestOptions) -> Value {
    serde_json::to_value(build_request(opts, &[Message::user("Hi")])).expect("request serialises")
}

fn opts(model: &str) -> RequestOptions {
    RequestOptions {
        model: model.into(),
        ..RequestOptions::default()
    }
}

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().expect("an object").keys().cloned().collect();
    k.sort();
    k
}

fn function(name: &str) -> ToolEntry {
    ToolEntry {
        name: name.into(),
        description: "Looks it up.".into(),
        parameters: r#"{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"#.into(),
        ..ToolEntry::default()
    }
}

fn mcp() -> ToolEntry {
    ToolEntry {
        kind: ToolKind::Mcp,
        server_label: "sogou_search".into(),
        server_url: "https://mcp.example.com/sse".into(),
        transport: "sse".into(),
        allowed_tools: "search, fetch".into(),
        headers: "Authorization: Bearer abc\n\nX-Team: docs".into(),
        ..ToolEntry::default()
    }
}

fn retrieval() -> ToolEntry {
    ToolEntry {
        kind: ToolKind::Retrieval,
        knowledge_id: "kb-123".into(),
        prompt_template: "Use {{knowledge}} to answer {{question}}".into(),
        ..ToolEntry::default()
    }
}

/// Everything switched on, with values.
fn everything(model: &str) -> RequestOptions {
    RequestOptions {
        model: model.into(),
        stream: true,
        thinking: Some(true),
        temperature: Some(0.3),
        top_p: Some(0.8),
        max_tokens: Some(1000),
        web_search: Some(default_web_search()),
        params: RequestParams {
            do_sample: true,
            stop: Some("\n\nEND".into()),
            json_output: true,
            user_id: Some("user-42".into()),
            request_id: true,
            request_id_prefix: "t-".into(),
            tool_stream: true,
        },
        tools: vec![function("get_weather"), mcp(), retrieval()],
        request_id: Some("t-00000000-0000-4000-8000-000000000000".into()),
        ..RequestOptions::default()
    }
}

#[test]
fn defaults_send_none_of_the_new_parameters() {
    let v = body(&opts("glm-4.6"));
    assert_eq!(keys(&v), ["messages", "model", "stream", "thinking"]);
}

#[test]
fn a_text_model_with_thinking_and_tool_stream_gets_every_parameter() {
    let v = body(&everything("glm-4.6"));
    assert_eq!(
        keys(&v),
        [
            "max_tokens",
            "messages",
            "model",
            "request_id",
            "response_format",
            "stop",
            "stream",
            "temperature",
            "thinking",
            "tool_stream",
            "tools",
            "top_p",
            "user_id"
        ]
    );
    assert_eq!(v["stop"], json!(["\n\nEND"]), "one stop word, as an array");
    assert_eq!(v["response_format"], json!({ "type": "json_object" }));
    assert_eq!(v["user_id"], "user-42");
    assert_eq!(v["request_id"], "t-00000000-0000-4000-8000-000000000000");
    assert_eq!(v["tool_stream"], true);
    assert_eq!((v["temperature"].as_f64(), v["top_p"].as_f64()), (Some(0.3), Some(0.8)));
    assert!(
        v.get("do_sample").is_none(),
        "do_sample true is the API's default and is not sent"
    );
    let tools = v["tools"].as_array().unwrap();
    assert_eq!(
        tools.iter().map(|t| t["type"].as_str().unwrap()).collect::<Vec<_>>(),
        ["function", "mcp", "retrieval", "web_search"]
    );
    assert_eq!(
        tools[0],
        json!({ "type": "function", "function": {
            "name": "get_weather",
            "description": "Looks it up.",
            "parameters": { "type": "object", "properties": { "city": { "type": "string" } }, "required": ["city"] }
        }})
    );
    assert_eq!(
        tools[1],
        json!({ "type": "mcp", "mcp": {
            "server_label": "sogou_search",
            "server_url": "https://mcp.example.com/sse",
            "transport_type": "sse",
            "allowed_tools": ["search", "fetch"],
            "headers": { "Authorization": "Bearer abc", "X-Team": "docs" }
        }})
    );
    assert_eq!(
        tools[2],
        json!({ "type": "retrieval", "retrieval": {
            "knowledge_id": "kb-123", "prompt_template": "Use {{knowledge}} to answer {{question}}"
        }})
    );
}

#[test]
fn glm_4_5_takes_thinking_but_not_tool_stream() {
    let v = body(&everything("glm-4.5-air"));
    assert_eq!(v["thinking"], json!({ "type": "enabled" }));
    assert!(v.get("tool_stream").is_none());
    assert!(v.get("response_format").is_some());
}

#[test]
fn glm_4_plus_gets_no_thinking_and_no_tool_stream() {
    let v = body(&everything("glm-4-plus"));
    assert!(v.get("thinking").is_none(), "thinking is GLM-4.5 and later");
    assert!(v.get("tool_stream").is_none());
    assert_eq!(
        v["tools"].as_array().unwrap().len(),
        4,
        "text models take every tool kind"
    );
}

#[test]
fn vision_models_get_no_response_format_and_no_built_in_tools() {
    let v = body(&everything("glm-4.5v"));
    assert!(v.get("response_format").is_none());
    assert!(v.get("tools").is_none(), "GLM-4.5V takes no tools at all");
    assert!(v.get("tool_stream").is_none());
    assert_eq!(v["thinking"], json!({ "type": "enabled" }));
    let v = body(&everything("glm-4.6v"));
    let tools = v["tools"].as_array().unwrap();
    assert_eq!(tools.len(), 1, "GLM-4.6V takes function tools only");
    assert_eq!(tools[0]["type"], "function");
    // Sampling, stop and the ids are for every kind.
    for key in ["temperature", "top_p", "max_tokens", "stop", "user_id", "request_id"] {
        assert!(v.get(key).is_some(), "{key}");
    }
}

#[test]
fn the_voice_model_gets_neither_thinking_nor_tools_nor_response_format() {
    let v = body(&everything("glm-4-voice"));
    for key in ["thinking", "tools", "tool_stream", "response_format"] {
        assert!(v.get(key).is_none(), "{key}");
    }
    assert_eq!(v["max_tokens"], 1000);
}

#[test]
fn tool_stream_needs_a_streamed_request() {
    let mut o = everything("glm-4.6");
    o.stream = false;
    let v = body(&o);
    assert!(v.get("tool_stream").is_none());
    assert_eq!(v["stream"], false);
}

#[test]
fn do_sample_off_is_sent_and_drops_temperature_and_top_p() {
    let mut o = everything("glm-4.6");
    o.params.do_sample = false;
    let v = body(&o);
    assert_eq!(v["do_sample"], false);
    assert!(v.get("temperature").is_none() && v.get("top_p").is_none());
    assert_eq!(v["max_tokens"], 1000, "max_tokens still applies");
}

#[test]
fn disabled_tools_text_format_and_empty_values_are_not_sent() {
    let mut o = everything("glm-4.6");
    o.tools.iter_mut().for_each(|t| t.enabled = false);
    o.web_search = None;
    o.params.json_output = false;
    o.params.stop = Some(String::new());
    o.params.user_id = None;
    o.request_id = None;
    let v = body(&o);
    for key in ["tools", "response_format", "stop", "user_id", "request_id"] {
        assert!(v.get(key).is_none(), "{key}");
    }
}

#[test]
fn empty_function_parameters_are_omitted() {
    let mut f = function("now");
    f.parameters = "  ".into();
    let mut o = opts("glm-4.6");
    o.tools = vec![f];
    let v = body(&o);
    assert_eq!(
        v["tools"][0],
        json!({ "type": "function", "function": { "name": "now", "description": "Looks it up." } })
    );
}

#[test]
fn an_mcp_server_by_label_only_sends_the_label_and_the_default_transport() {
    let mut o = opts("glm-4.6");
    o.tools = vec![ToolEntry {
        kind: ToolKind::Mcp,
        server_label: "  zhipu_web ".into(),
        ..ToolEntry::default()
    }];
    let v = body(&o);
    assert_eq!(
        v["tools"][0],
        json!({ "type": "mcp", "mcp": { "server_label": "zhipu_web", "transport_type": "streamable-http" } })
    );
}

#[test]
fn check_options_refuses_values_the_model_does_not_take() {
    assert_eq!(check_options(&everything("glm-4.6")), None);
    let mut o = everything("glm-4-plus");
    assert_eq!(check_options(&o), None, "max_tokens 1000 is within glm-4-plus's 4095");
    o.max_tokens = Some(4096);
    assert_eq!(
        check_options(&o),
        Some(SendProblem::Param(ParamProblem {
            field: ParamField::MaxTokens,
            error: FieldError::OutOfRange
        }))
    );
    let mut o = everything("glm-4.6");
    o.temperature = Some(1.01);
    assert!(matches!(check_options(&o), Some(SendProblem::Param(p)) if p.field == ParamField::Temperature));
    let mut o = everything("glm-4.6");
    o.params.user_id = Some("abc".into());
    assert!(matches!(check_options(&o), Some(SendProblem::Param(p)) if p.field == ParamField::UserId));
}

#[test]
fn check_options_points_at_the_bad_tool_in_the_users_list() {
    let mut o = everything("glm-4.6");
    o.tools.push(function("get_weather"));
    assert_eq!(
        check_options(&o),
        Some(SendProblem::Tool(
            3,
            vec![glm_protocol::tools::ToolProblem {
                field: ToolField::Name,
                error: ToolError::DuplicateName
            }]
        ))
    );
    // A bad entry the model would not be sent anyway does not block (an MCP entry on a vision model).
    let mut o = opts("glm-4.5v");
    o.tools = vec![ToolEntry {
        kind: ToolKind::Mcp,
        ..ToolEntry::default()
    }];
    assert_eq!(check_options(&o), None);
    // A disabled bad entry does not block either.
    let mut o = opts("glm-4.6");
    o.tools = vec![ToolEntry {
        enabled: false,
        ..ToolEntry::default()
    }];
    assert_eq!(check_options(&o), None);
}
