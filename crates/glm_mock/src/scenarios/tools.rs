//! Tool scenarios: a whole function call as glm-4.5 sends it, streamed fragments, MCP calls, and answers to tool results.

use glm_protocol::wire::{AssistantDelta, FinishReason, FunctionCall, McpCall, McpToolInfo, Role, ToolCall};
use serde_json::json;

use crate::ids;
use crate::script::{Script, Turn, assistant};

fn function_call(index: u32, id: Option<String>, name: Option<&str>, arguments: &str) -> ToolCall {
    ToolCall {
        index: Some(index),
        kind: id.as_ref().map(|_| "function".to_string()),
        id,
        function: Some(FunctionCall {
            name: name.map(str::to_string),
            arguments: Some(arguments.to_string()),
        }),
        mcp: None,
    }
}

/// Like the glm-4.5 recording: the whole call in one chunk with `finish_reason: tool_calls`, then a usage chunk
/// repeating it. After tool results, an answer quoting them.
pub fn tool(turn: &mut Turn) -> Script {
    if let Some(script) = answer_tool_results(turn) {
        return script;
    }
    let id = ids::call_id(turn.rng());
    let call = function_call(0, Some(id), Some("get_weather"), r#"{"city": "Beijing"}"#);
    let chunk = turn.chunk(
        AssistantDelta {
            tool_calls: vec![call],
            ..AssistantDelta::default()
        },
        Some(FinishReason::ToolCalls),
    );
    turn.reasoning("The user asks about the weather in Beijing. I should call get_weather with the city.")
        .push(chunk)
        .finish(FinishReason::ToolCalls)
        .script()
}

/// `tool_stream`: two calls whose arguments arrive in fragments keyed by index; id and name only on the first.
pub fn tool_stream(turn: &mut Turn) -> Script {
    if let Some(script) = answer_tool_results(turn) {
        return script;
    }
    turn.reasoning("I need both the weather and the local time, so I will call two tools.");
    let calls = [
        ("get_weather", r#"{"city": "Beijing", "unit": "celsius"}"#),
        ("get_time", r#"{"timezone": "Asia/Shanghai"}"#),
    ];
    for (index, (name, arguments)) in calls.into_iter().enumerate() {
        let id = ids::call_id(turn.rng());
        let first = function_call(index as u32, Some(id), Some(name), "");
        let chunk = turn.chunk(
            AssistantDelta {
                tool_calls: vec![first],
                ..assistant()
            },
            None,
        );
        turn.push(chunk);
        let bytes: Vec<char> = arguments.chars().collect();
        for piece in bytes.chunks(6) {
            let fragment = function_call(index as u32, None, None, &piece.iter().collect::<String>());
            let chunk = turn.chunk(
                AssistantDelta {
                    tool_calls: vec![fragment],
                    ..assistant()
                },
                None,
            );
            turn.push(chunk);
        }
    }
    turn.finish(FinishReason::ToolCalls).script()
}

/// MCP: the server's tool list, a call with output, and a call that failed; then a summary.
pub fn mcp(turn: &mut Turn) -> Script {
    let label = "sogou_search";
    let search_schema = json!({"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]});
    let list = McpCall {
        id: Some(format!("mcp_{}", turn.rng().hex(20))),
        kind: Some("mcp_list_tools".into()),
        server_label: Some(label.into()),
        tools: vec![
            McpToolInfo {
                name: "web_search".into(),
                description: Some("Search the web".into()),
                annotations: Some(json!({})),
                input_schema: Some(search_schema),
            },
            McpToolInfo {
                name: "fetch_page".into(),
                description: Some("Fetch a page as text".into()),
                annotations: None,
                input_schema: Some(json!({"type": "object", "properties": {"url": {"type": "string"}}})),
            },
        ],
        ..McpCall::default()
    };
    let call = McpCall {
        id: Some(format!("mcp_{}", turn.rng().hex(20))),
        kind: Some("mcp_call".into()),
        server_label: Some(label.into()),
        name: Some("web_search".into()),
        arguments: Some(r#"{"query": "GLM-4.5 release date"}"#.into()),
        output: Some(
            json!({"results": [{"title": "GLM-4.5 released", "url": "https://example.com/glm-4.5", "date": "2025-07-28"}]}),
        ),
        ..McpCall::default()
    };
    let failed = McpCall {
        id: Some(format!("mcp_{}", turn.rng().hex(20))),
        kind: Some("mcp_call".into()),
        server_label: Some(label.into()),
        name: Some("fetch_page".into()),
        arguments: Some(r#"{"url": "https://example.com/glm-4.5"}"#.into()),
        error: Some("MCP server timed out after 30 s".into()),
        ..McpCall::default()
    };
    turn.reasoning("I will look this up with the search server's tools.");
    for (index, mcp) in [list, call, failed].into_iter().enumerate() {
        let entry = ToolCall {
            index: Some(index as u32),
            id: mcp.id.clone(),
            kind: Some("mcp".into()),
            function: None,
            mcp: Some(mcp),
        };
        let chunk = turn.chunk(
            AssistantDelta {
                tool_calls: vec![entry],
                ..assistant()
            },
            None,
        );
        turn.push(chunk);
    }
    turn.content("The search server says GLM-4.5 was released on **2025-07-28**. Fetching the full page failed (timeout), so this is based on the search result only.")
        .finish(FinishReason::Stop)
        .script()
}

/// When the conversation ends with tool results, answer by quoting them.
fn answer_tool_results(turn: &mut Turn) -> Option<Script> {
    let messages = &turn.ask().request.messages;
    let results: Vec<_> = messages.iter().rev().take_while(|m| m.role == Role::Tool).collect();
    if results.is_empty() {
        return None;
    }
    let mut text = String::from("Thanks, the tools answered.\n\n");
    for result in results.into_iter().rev() {
        let id = result.tool_call_id.as_deref().unwrap_or("");
        let name = messages
            .iter()
            .flat_map(|m| &m.tool_calls)
            .find(|c| c.id.as_deref() == Some(id))
            .and_then(|c| c.function.as_ref()?.name.clone())
            .unwrap_or_else(|| "tool".to_string());
        let content = result.content.as_ref().map(|c| c.to_text()).unwrap_or_default();
        text.push_str(&format!("**{name}** (`{id}`) returned:\n\n"));
        text.extend(content.lines().map(|l| format!("> {l}\n")));
        text.push('\n');
    }
    text.push_str("Based on that result: it is a fine day to go out in Beijing.");
    turn.reasoning("The tool returned a result; I will quote it and answer.");
    Some(turn.content(&text).finish(FinishReason::Stop).script())
}
