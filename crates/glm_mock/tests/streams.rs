//! Scenario replies read back with glm_protocol's own stream reader, streamed and whole.

mod common;

use common::{ask, chat, start_default, stream, whole};
use glm_protocol::ReplyStatus;
use glm_protocol::wire::FinishReason;
use serde_json::{Value, json};

#[test]
fn the_default_reply_introduces_the_demo_and_its_tags() {
    let reply = stream("What can you do?");
    assert_eq!(reply.status, ReplyStatus::Done);
    assert_eq!(reply.finish, Some(FinishReason::Stop));
    assert!(!reply.reasoning.is_empty());
    assert!(reply.content.contains("glm-mock") && reply.content.contains("> What can you do? #fast"));
    assert!(reply.content.contains("| `#markdown` |") && reply.content.contains("| `#burst N` |"));
    assert!(reply.usage.unwrap().total_tokens > 0);
    let zh = stream("你好，你能做什么？");
    assert!(zh.content.contains("本地演示服务器"), "{}", zh.content);
}

#[test]
fn finish_and_usage_come_only_on_the_last_chunk() {
    let server = start_default();
    let data = ask(&server, "#markdown #fast", true).data_lines();
    let frames: Vec<Value> = data[..data.len() - 1]
        .iter()
        .map(|d| serde_json::from_str(d).unwrap())
        .collect();
    let (last, rest) = frames.split_last().unwrap();
    assert!(
        rest.iter()
            .all(|f| f["choices"][0].get("finish_reason").is_none() && f.get("usage").is_none())
    );
    assert_eq!(last["choices"][0]["finish_reason"], "stop");
    assert!(last["usage"]["prompt_tokens"].as_u64().unwrap() > 0);
    // Token-sized pieces, and reasoning first, then content with an empty reasoning_content.
    assert!(frames.len() > 50);
    let first_content = frames
        .iter()
        .position(|f| f["choices"][0]["delta"].get("content").is_some())
        .unwrap();
    assert!(
        frames[..first_content]
            .iter()
            .all(|f| f["choices"][0]["delta"]["reasoning_content"].is_string())
    );
    assert_eq!(frames[first_content]["choices"][0]["delta"]["reasoning_content"], "");
}

#[test]
fn disabled_thinking_sends_no_reasoning() {
    let server = start_default();
    let body = json!({"model": "glm-4.5", "stream": true, "thinking": {"type": "disabled"},
                      "messages": [{"role": "user", "content": "#reasoning #fast"}]});
    let reply = chat(&server, &body);
    assert!(!reply.text().contains("reasoning_content"));
    assert!(!reply.reply().content.is_empty());
}

#[test]
fn whole_replies_carry_the_same_message_as_streams() {
    for tag in [
        "",
        "#markdown",
        "#search",
        "#tool-stream",
        "#mcp",
        "#audio",
        "#filter",
        "#video",
        "#usage",
        "#box",
    ] {
        let streamed = stream(tag);
        let (_, reply) = whole(tag);
        assert_eq!(reply.content, streamed.content, "{tag}");
        assert_eq!(reply.reasoning, streamed.reasoning, "{tag}");
        assert_eq!(reply.finish, streamed.finish, "{tag}");
        assert_eq!(
            (reply.web_search.len(), reply.content_filter.len()),
            (streamed.web_search.len(), streamed.content_filter.len())
        );
        assert_eq!(
            reply.audio.as_ref().map(|a| a.data.clone()),
            streamed.audio.as_ref().map(|a| a.data.clone()),
            "{tag}"
        );
        assert_eq!(reply.tool_calls.len(), streamed.tool_calls.len(), "{tag}");
    }
}

#[test]
fn search_results_come_last_or_first_with_every_marker_style() {
    let server = start_default();
    let last = ask(&server, "#search #fast", true).data_lines();
    let final_frame: Value = serde_json::from_str(&last[last.len() - 2]).unwrap();
    assert_eq!(final_frame["web_search"].as_array().unwrap().len(), 3);
    assert_eq!(final_frame["web_search"][2]["icon"], "javascript:alert(1)");
    let first = ask(&server, "#search-first #fast", true).data_lines();
    let first_frame: Value = serde_json::from_str(&first[0]).unwrap();
    assert_eq!(first_frame["web_search"][0]["refer"], "ref_1");
    let reply = stream("#search");
    for marker in ["[ref_1]", "【ref_2】", "[来源：ref_3]", "[ref_9]"] {
        assert!(reply.content.contains(marker), "{marker}");
    }
}

#[test]
fn filter_sensitive_length_and_other_finishes() {
    let filtered = stream("#filter");
    assert_eq!(filtered.finish, Some(FinishReason::Sensitive));
    assert_eq!(
        filtered
            .content_filter
            .iter()
            .map(|f| (f.role.as_str(), f.level))
            .collect::<Vec<_>>(),
        [("assistant", Some(1)), ("user", Some(3))]
    );
    assert_eq!(stream("#sensitive").finish, Some(FinishReason::Sensitive));
    assert_eq!(stream("#network-error").finish, Some(FinishReason::NetworkError));
    assert_eq!(
        stream("#context").finish,
        Some(FinishReason::ModelContextWindowExceeded)
    );
    let cut = stream("tell me a story #length");
    assert_eq!(cut.finish, Some(FinishReason::Length));
    let server = start_default();
    let first = json!({"role": "user", "content": "tell me a story #length #fast"});
    let partial = json!({"role": "assistant", "content": cut.content});
    let continue_en = json!({"role": "user", "content": "continue"});
    let continue_zh = json!({"role": "user", "content": "继续"});
    // A "continue" message, or the cut-off reply sent back as an assistant prefix.
    for messages in [
        vec![first.clone(), partial.clone(), continue_en],
        vec![first.clone(), partial.clone(), continue_zh],
        vec![first, partial],
    ] {
        let next = json!({"model": "glm-4.5", "stream": false, "messages": messages});
        let done = chat(&server, &next).json();
        assert_eq!(done["choices"][0]["finish_reason"], "stop");
        assert!(
            done["choices"][0]["message"]["content"]
                .as_str()
                .unwrap()
                .starts_with(" reef.")
        );
    }
}
