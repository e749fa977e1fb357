//! What a conversation sends back to the model: turning the turns shown on screen into the request's history.

use glm_protocol::reply::{Reply, ReplyStatus};
use glm_protocol::wire::{AudioRef, Message, MessageContent, Role, ToolCall};

/// One turn as plain data (the views hold the same turns in signals).
#[derive(Debug, Clone, PartialEq)]
pub enum Turn {
    User(String),
    Assistant(Box<Reply>),
    /// The result of a function call, answered by the user.
    Tool {
        call_id: String,
        content: String,
    },
}

/// The history to send: every user turn, and every assistant turn that produced something.
/// Failed replies are left out (the model never said them); interrupted ones keep what was shown.
pub fn history(turns: &[Turn]) -> Vec<Message> {
    turns
        .iter()
        .filter_map(|turn| match turn {
            Turn::User(text) => Some(Message::user(text.clone())),
            Turn::Assistant(reply) => assistant_message(reply),
            Turn::Tool { call_id, content } => Some(Message::tool_result(call_id.clone(), content.clone())),
        })
        .collect()
}

fn assistant_message(reply: &Reply) -> Option<Message> {
    if reply.status == ReplyStatus::Error && reply.content.is_empty() {
        return None;
    }
    let content = reply.visible_content();
    let tool_calls: Vec<ToolCall> = reply
        .tool_calls
        .iter()
        .filter(|c| c.function.is_some())
        .cloned()
        .map(|mut c| {
            c.index = None;
            c
        })
        .collect();
    if content.trim().is_empty() && tool_calls.is_empty() && reply.audio.is_none() {
        return None;
    }
    Some(Message {
        role: Role::Assistant,
        content: Some(MessageContent::Text(content)),
        reasoning_content: None,
        tool_calls,
        tool_call_id: None,
        audio: reply
            .audio
            .as_ref()
            .and_then(|a| a.id.clone())
            .map(|id| AudioRef { id }),
    })
}

/// A title for the conversation list from the first user message: its first line, shortened.
pub fn title_from(text: &str) -> String {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    let mut title: String = line.chars().take(48).collect();
    if line.chars().count() > 48 {
        title.push('…');
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(content: &str, status: ReplyStatus) -> Reply {
        Reply {
            content: content.into(),
            status,
            ..Reply::default()
        }
    }

    #[test]
    fn history_keeps_order_and_skips_failed_replies() {
        let turns = vec![
            Turn::User("first".into()),
            Turn::Assistant(Box::new(reply("answer one", ReplyStatus::Done))),
            Turn::User("second".into()),
            Turn::Assistant(Box::new(reply("", ReplyStatus::Error))),
            Turn::User("third".into()),
        ];
        let h = history(&turns);
        let texts: Vec<(Role, String)> = h
            .iter()
            .map(|m| (m.role, m.content.as_ref().map(|c| c.to_text()).unwrap_or_default()))
            .collect();
        assert_eq!(
            texts,
            vec![
                (Role::User, "first".to_string()),
                (Role::Assistant, "answer one".to_string()),
                (Role::User, "second".to_string()),
                (Role::User, "third".to_string()),
            ]
        );
    }

    #[test]
    fn interrupted_replies_keep_their_partial_text() {
        let h = history(&[
            Turn::User("q".into()),
            Turn::Assistant(Box::new(reply("half an ans", ReplyStatus::Interrupted))),
        ]);
        assert_eq!(h.len(), 2);
        assert_eq!(
            h[1].content.as_ref().map(|c| c.to_text()).as_deref(),
            Some("half an ans")
        );
    }

    #[test]
    fn tool_results_follow_the_call_they_answer() {
        use glm_protocol::wire::{FunctionCall, ToolCall};
        let call = ToolCall {
            index: Some(0),
            id: Some("call_1".into()),
            kind: Some("function".into()),
            function: Some(FunctionCall {
                name: Some("get_weather".into()),
                arguments: Some("{}".into()),
            }),
            mcp: None,
        };
        let asked = Reply {
            tool_calls: vec![call],
            status: ReplyStatus::Done,
            ..Reply::default()
        };
        let h = history(&[
            Turn::User("weather?".into()),
            Turn::Assistant(Box::new(asked)),
            Turn::Tool {
                call_id: "call_1".into(),
                content: "{\"temp\":\"21C\"}".into(),
            },
        ]);
        assert_eq!(h.len(), 3);
        assert_eq!(h[1].tool_calls.len(), 1, "the assistant's call is sent back");
        assert_eq!(h[1].tool_calls[0].index, None, "the stream-only index is dropped");
        assert_eq!(h[2].role, Role::Tool);
        assert_eq!(h[2].tool_call_id.as_deref(), Some("call_1"));
    }

    #[test]
    fn titles_are_the_first_line_shortened() {
        assert_eq!(title_from("\n  Hello there \nsecond"), "Hello there");
        let long = "x".repeat(60);
        assert_eq!(title_from(&long).chars().count(), 49);
        assert_eq!(title_from("   "), "");
    }
}
