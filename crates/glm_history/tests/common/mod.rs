//! Builders shared by the integration tests: conversations and replies shaped like real ones.
#![allow(dead_code)]

use glm_history::{Conversation, ConversationId, ConversationSettings, MessageBody, MessageId};
use glm_protocol::reply::{Reply, ReplyStatus};
use glm_protocol::wire::{ContentFilter, FinishReason, FunctionCall, ToolCall, Usage, WebSearchResult};

pub fn empty(id: &str) -> Conversation {
    Conversation::new(ConversationId::new(id), 1_000, ConversationSettings::default())
}

pub fn answer(text: &str) -> MessageBody {
    MessageBody::assistant(Reply {
        content: text.into(),
        status: ReplyStatus::Done,
        finish: Some(FinishReason::Stop),
        ..Reply::default()
    })
}

/// A reply using every part the Markdown export renders.
pub fn rich_reply() -> Reply {
    Reply {
        model: Some("glm-4.6".into()),
        reasoning: "First I think.\n\nThen I answer.".into(),
        content: "The answer is **42**[ref_1].".into(),
        tool_calls: vec![ToolCall {
            index: Some(0),
            id: Some("call_1".into()),
            kind: Some("function".into()),
            function: Some(FunctionCall {
                name: Some("lookup".into()),
                arguments: Some("{\"q\":\"```\"}".into()),
            }),
            mcp: None,
        }],
        web_search: vec![
            WebSearchResult {
                title: "Deep [Thought] (wiki)".into(),
                link: "https://example.org/a b(1)".into(),
                media: "Example".into(),
                ..WebSearchResult::default()
            },
            WebSearchResult {
                title: "Evil".into(),
                link: "javascript:alert(1)".into(),
                ..WebSearchResult::default()
            },
        ],
        content_filter: vec![ContentFilter {
            role: "assistant".into(),
            level: Some(1),
        }],
        usage: Some(Usage {
            prompt_tokens: 12,
            completion_tokens: 34,
            total_tokens: 46,
            ..Usage::default()
        }),
        finish: Some(FinishReason::Length),
        status: ReplyStatus::Done,
        thought_ms: Some(3200),
        ..Reply::default()
    }
}

/// "q1" → "a1" → "q2" → "a2", returning the conversation and the four ids.
pub fn two_turns(id: &str) -> (Conversation, [MessageId; 4]) {
    let mut c = empty(id);
    let q1 = c.push(MessageBody::user("q1"), 2_000);
    let a1 = c.push(answer("a1"), 3_000);
    let q2 = c.push(MessageBody::user("q2"), 4_000);
    let a2 = c.push(answer("a2"), 5_000);
    (c, [q1, a1, q2, a2])
}

/// The texts on the current path, for compact assertions.
pub fn path_texts(c: &Conversation) -> Vec<String> {
    c.path()
        .iter()
        .map(|m| match &m.body {
            MessageBody::User { text, .. } | MessageBody::Tool { text, .. } => text.clone(),
            MessageBody::Assistant { reply } => reply.content.clone(),
        })
        .collect()
}
