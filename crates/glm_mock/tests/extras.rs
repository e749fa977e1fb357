//! Tool calls (function, streamed, MCP) and the structured extras: audio, video, usage, JSON, boxes, hostile payloads.

mod common;

use common::{ask, chat, start_default, stream};
use glm_protocol::wire::FinishReason;
use serde_json::{Value, json};

#[test]
fn a_tool_call_then_its_result_gives_an_answer() {
    let server = start_default();
    let first = ask(&server, "weather? #tool #fast", true);
    let finishes = first.text().matches("\"finish_reason\":\"tool_calls\"").count();
    assert_eq!(finishes, 2, "glm-4.5 repeats finish_reason on the usage chunk");
    let reply = first.reply();
    let call = &reply.tool_calls[0];
    let function = call.function.as_ref().unwrap();
    assert_eq!(
        (function.name.as_deref(), function.arguments.as_deref()),
        (Some("get_weather"), Some(r#"{"city": "Beijing"}"#))
    );
    let id = call.id.clone().unwrap();
    let follow_up = json!({"model": "glm-4.5", "stream": true, "messages": [
        {"role": "user", "content": "weather? #tool #fast"},
        {"role": "assistant", "content": "", "tool_calls": [{"id": id, "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\": \"Beijing\"}"}}]},
        {"role": "tool", "tool_call_id": id, "content": "{\"temp\": \"23C\", \"sky\": \"sunny\"}"}]});
    let answer = chat(&server, &follow_up).reply();
    assert_eq!(answer.finish, Some(FinishReason::Stop));
    assert!(
        answer.content.contains("**get_weather**")
            && answer.content.contains("> {\"temp\": \"23C\", \"sky\": \"sunny\"}")
    );
}

#[test]
fn streamed_tool_fragments_merge_into_two_calls() {
    let reply = stream("#tool-stream");
    assert_eq!(reply.finish, Some(FinishReason::ToolCalls));
    let calls: Vec<_> = reply.tool_calls.iter().map(|c| c.function.clone().unwrap()).collect();
    assert_eq!(
        calls[0].arguments.as_deref(),
        Some(r#"{"city": "Beijing", "unit": "celsius"}"#)
    );
    assert_eq!(
        (calls[1].name.as_deref(), calls[1].arguments.as_deref()),
        (Some("get_time"), Some(r#"{"timezone": "Asia/Shanghai"}"#))
    );
    let mcp = stream("#mcp");
    let kinds: Vec<_> = mcp
        .tool_calls
        .iter()
        .map(|c| c.mcp.as_ref().unwrap().kind.clone().unwrap())
        .collect();
    assert_eq!(kinds, ["mcp_list_tools", "mcp_call", "mcp_call"]);
    assert!(mcp.tool_calls[2].mcp.as_ref().unwrap().error.is_some());
}

#[test]
fn audio_video_usage_json_and_box_extras() {
    let audio = stream("#audio").audio.unwrap();
    assert!(audio.data.unwrap().starts_with("UklGR"), "base64 of RIFF");
    assert!(audio.expires_at.is_some() && audio.id.is_some());
    assert!(stream("#video").videos[0].url.starts_with("https://"));
    let usage = stream("#usage").usage.unwrap();
    assert_eq!(
        (usage.cached_tokens(), usage.reasoning_tokens()),
        (Some(1024), Some(128))
    );
    let json: Value = serde_json::from_str(&stream("#json").content).unwrap();
    assert_eq!(json["city"], "Beijing");
    let boxed = stream("#box");
    assert!(boxed.content.contains("<|begin_of_box|>42<|end_of_box|>") && boxed.content.contains("<think></think>"));
    let xss = stream("#xss");
    assert!(xss.content.contains("<script>alert(1)</script>") && xss.web_search.len() == 2);
    assert!(
        xss.tool_calls[0]
            .function
            .as_ref()
            .unwrap()
            .arguments
            .as_deref()
            .unwrap()
            .contains("</script><script>")
    );
}
