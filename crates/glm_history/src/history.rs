//! What a conversation sends back to the model: the messages on the current path as request history.
//!
//! The system prompt is not added here: the request builder owns it, from the conversation's settings.

use glm_protocol::reply::{Reply, ReplyStatus};
use glm_protocol::wire::{AudioRef, ContentPart, InputAudio, Message, MessageContent, Role, ToolCall, UrlRef};

use crate::conversation::Conversation;
use crate::ids::MessageId;
use crate::message::{Attachment, AttachmentKind, MessageBody, StoredMessage};

/// The history for the next request: every user turn and tool result on the current path, and every answer that
/// produced something. Failed answers are left out (the model never said them); interrupted ones keep what was shown.
pub fn history_turns(conversation: &Conversation) -> Vec<Message> {
    to_messages(conversation.path())
}

/// The history that leads up to `id`, for generating the answer `id` itself (a regenerated or continued reply).
pub fn history_before(conversation: &Conversation, id: &MessageId) -> Vec<Message> {
    let path = conversation.path();
    let upto = path.iter().position(|m| &m.id == id).unwrap_or(path.len());
    to_messages(path.into_iter().take(upto).collect())
}

/// The history up to and including `id`: for asking the model to continue the answer `id` after a `length` cut.
pub fn history_through(conversation: &Conversation, id: &MessageId) -> Vec<Message> {
    let path = conversation.path();
    let upto = path.iter().position(|m| &m.id == id).map_or(path.len(), |i| i + 1);
    to_messages(path.into_iter().take(upto).collect())
}

fn to_messages(path: Vec<&StoredMessage>) -> Vec<Message> {
    path.into_iter()
        .filter_map(|m| match &m.body {
            MessageBody::User { text, attachments } => Some(user_message(text, attachments)),
            MessageBody::Assistant { reply } => assistant_message(reply),
            MessageBody::Tool { call_id, text, .. } => Some(Message::tool_result(call_id.clone(), text.clone())),
        })
        .collect()
}

/// Plain text when there is nothing attached; otherwise the attachments as parts, then the text, which is the
/// order the vision models' examples use.
fn user_message(text: &str, attachments: &[Attachment]) -> Message {
    if attachments.is_empty() {
        return Message::user(text);
    }
    let mut parts: Vec<ContentPart> = attachments.iter().filter_map(attachment_part).collect();
    // A message may be an image alone: no empty text part then.
    if !text.is_empty() {
        parts.push(ContentPart::Text { text: text.to_string() });
    }
    Message {
        content: Some(MessageContent::Parts(parts)),
        ..Message::user("")
    }
}

fn attachment_part(a: &Attachment) -> Option<ContentPart> {
    let url = UrlRef { url: a.url.clone() };
    Some(match a.kind {
        AttachmentKind::Image => ContentPart::ImageUrl { image_url: url },
        AttachmentKind::Video => ContentPart::VideoUrl { video_url: url },
        AttachmentKind::File => ContentPart::FileUrl { file_url: url },
        // The API takes audio as base64 with a format, not as a URL: only a `data:` URL can be sent.
        AttachmentKind::Audio => {
            let (header, data) = a.url.strip_prefix("data:")?.split_once(";base64,")?;
            let format = header.rsplit('/').next().unwrap_or("wav").replace("mpeg", "mp3");
            ContentPart::InputAudio {
                input_audio: InputAudio {
                    data: data.to_string(),
                    format,
                },
            }
        }
    })
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
            // The index only orders stream fragments; the API rejects it in a request.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ConversationId;
    use crate::settings::ConversationSettings;

    fn reply(content: &str, status: ReplyStatus) -> MessageBody {
        MessageBody::assistant(Reply {
            content: content.into(),
            status,
            ..Reply::default()
        })
    }

    fn roles_and_texts(h: &[Message]) -> Vec<(Role, String)> {
        h.iter()
            .map(|m| (m.role, m.content.as_ref().map(|c| c.to_text()).unwrap_or_default()))
            .collect()
    }

    #[test]
    fn history_follows_the_current_path_and_skips_failed_replies() {
        let mut c = Conversation::new(
            ConversationId::new("c"),
            0,
            ConversationSettings {
                system_prompt: "be brief".into(),
                ..ConversationSettings::default()
            },
        );
        let first = c.push(MessageBody::user("first"), 1);
        c.push(reply("answer one", ReplyStatus::Done), 2);
        c.push(MessageBody::user("second"), 3);
        c.push(reply("", ReplyStatus::Error), 4);
        c.push(MessageBody::user("third"), 5);
        let expected = vec![
            (Role::User, "first".to_string()),
            (Role::Assistant, "answer one".to_string()),
            (Role::User, "second".to_string()),
            (Role::User, "third".to_string()),
        ];
        assert_eq!(
            roles_and_texts(&history_turns(&c)),
            expected,
            "no system prompt, no failed reply"
        );

        // An edit of the first question starts a branch; the old turns are no longer sent.
        c.edit_user(&first, "first, edited", 6).unwrap();
        assert_eq!(
            roles_and_texts(&history_turns(&c)),
            vec![(Role::User, "first, edited".to_string())]
        );
    }

    #[test]
    fn a_regenerated_answer_is_asked_for_with_the_turns_before_it() {
        let mut c = Conversation::new(ConversationId::new("c"), 0, ConversationSettings::default());
        c.push(MessageBody::user("q"), 1);
        let old = c.push(reply("old answer", ReplyStatus::Done), 2);
        let new = c.regenerate(&old, 3).unwrap();
        assert_eq!(
            roles_and_texts(&history_before(&c, &new)),
            vec![(Role::User, "q".to_string())]
        );
        assert_eq!(
            history_turns(&c).len(),
            1,
            "the empty streaming answer is not history yet"
        );
    }

    #[test]
    fn interrupted_replies_keep_their_partial_text_and_tool_calls_lose_their_index() {
        use glm_protocol::wire::FunctionCall;
        let mut c = Conversation::new(ConversationId::new("c"), 0, ConversationSettings::default());
        c.push(MessageBody::user("weather?"), 1);
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
        c.push(
            MessageBody::assistant(Reply {
                tool_calls: vec![call],
                status: ReplyStatus::Done,
                ..Reply::default()
            }),
            2,
        );
        c.push(
            MessageBody::Tool {
                call_id: "call_1".into(),
                name: "get_weather".into(),
                text: "21C".into(),
            },
            3,
        );
        c.push(reply("half an ans", ReplyStatus::Interrupted), 4);
        let h = history_turns(&c);
        assert_eq!(h.len(), 4);
        assert_eq!(h[1].tool_calls[0].index, None);
        assert_eq!((h[2].role, h[2].tool_call_id.as_deref()), (Role::Tool, Some("call_1")));
        assert_eq!(
            h[3].content.as_ref().map(|c| c.to_text()).as_deref(),
            Some("half an ans")
        );
    }

    #[test]
    fn attachments_become_parts_before_the_text() {
        let a = |kind, url: &str| Attachment {
            kind,
            name: "x".into(),
            mime: String::new(),
            url: url.into(),
        };
        let m = user_message(
            "look",
            &[
                a(AttachmentKind::Image, "https://e.x/a.png"),
                a(AttachmentKind::Audio, "data:audio/wav;base64,QUJD"),
            ],
        );
        let Some(MessageContent::Parts(parts)) = m.content else {
            panic!("expected parts")
        };
        assert!(matches!(&parts[0], ContentPart::ImageUrl { image_url } if image_url.url == "https://e.x/a.png"));
        assert!(
            matches!(&parts[1], ContentPart::InputAudio { input_audio } if input_audio.data == "QUJD" && input_audio.format == "wav")
        );
        assert!(matches!(&parts[2], ContentPart::Text { text } if text == "look"));
    }
}
