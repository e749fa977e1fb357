//! One saved message: who said it, what it holds, and where it hangs in the conversation's tree.

use glm_protocol::reply::Reply;
use glm_protocol::wire::Role;
use serde::{Deserialize, Serialize};

use crate::ids::MessageId;

/// A node of the conversation tree. `parent` is `None` for a first message; several messages with the same parent
/// are alternatives (an edited question, a regenerated answer) of which one is on the current path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredMessage {
    pub id: MessageId,
    #[serde(default)]
    pub parent: Option<MessageId>,
    #[serde(default)]
    pub created_ms: i64,
    pub body: MessageBody,
}

/// What a message holds. Tagged by `role` so the JSON reads like the chat it came from.
///
/// Read through a flat helper (`RawBody`) instead of serde's internally tagged enums: those buffer every value in
/// serde's `Content` type, which compiles a second copy of every reply type's deserialiser into the wasm bundle.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum MessageBody {
    User {
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        attachments: Vec<Attachment>,
    },
    /// The whole rendered reply (reasoning, sources, filters, usage, status), so reopening shows what was seen.
    Assistant { reply: Box<Reply> },
    /// The user's answer to a function call the model made.
    Tool {
        call_id: String,
        name: String,
        text: String,
    },
}

/// Every field any body may have; `role` says which ones count.
#[derive(Deserialize)]
struct RawBody {
    role: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    attachments: Vec<Attachment>,
    #[serde(default)]
    reply: Option<Box<Reply>>,
    #[serde(default)]
    call_id: String,
    #[serde(default)]
    name: String,
}

impl<'de> Deserialize<'de> for MessageBody {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let raw = RawBody::deserialize(deserializer)?;
        match raw.role.as_str() {
            "user" => Ok(MessageBody::User {
                text: raw.text,
                attachments: raw.attachments,
            }),
            "assistant" => Ok(MessageBody::Assistant {
                reply: raw.reply.ok_or_else(|| D::Error::missing_field("reply"))?,
            }),
            "tool" => Ok(MessageBody::Tool {
                call_id: raw.call_id,
                name: raw.name,
                text: raw.text,
            }),
            other => Err(D::Error::unknown_variant(other, &["user", "assistant", "tool"])),
        }
    }
}

/// A file sent with a user message. Stored by value (a `data:` URL) or by reference (an `https:` URL).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub kind: AttachmentKind,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub mime: String,
    pub url: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentKind {
    Image,
    Video,
    File,
    Audio,
}

impl MessageBody {
    pub fn user(text: impl Into<String>) -> Self {
        MessageBody::User {
            text: text.into(),
            attachments: Vec::new(),
        }
    }

    pub fn assistant(reply: Reply) -> Self {
        MessageBody::Assistant { reply: Box::new(reply) }
    }

    pub fn role(&self) -> Role {
        match self {
            MessageBody::User { .. } => Role::User,
            MessageBody::Assistant { .. } => Role::Assistant,
            MessageBody::Tool { .. } => Role::Tool,
        }
    }

    /// Every text a search should look at, in reading order: the reasoning comes before the answer.
    pub fn texts(&self) -> Vec<&str> {
        match self {
            MessageBody::User { text, .. } => vec![text],
            MessageBody::Assistant { reply } => vec![&reply.reasoning, &reply.content],
            MessageBody::Tool { text, .. } => vec![text],
        }
    }

    pub fn reply(&self) -> Option<&Reply> {
        match self {
            MessageBody::Assistant { reply } => Some(reply),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_tagged_by_role() {
        let json = serde_json::to_value(MessageBody::user("hi")).unwrap();
        assert_eq!(json, serde_json::json!({"role": "user", "text": "hi"}));
        let back: MessageBody = serde_json::from_value(json).unwrap();
        assert_eq!(back, MessageBody::user("hi"));
    }

    #[test]
    fn every_role_reads_back_and_bad_bodies_are_refused() {
        let tool = MessageBody::Tool {
            call_id: "c1".into(),
            name: "f".into(),
            text: "21C".into(),
        };
        let answer = MessageBody::assistant(Reply {
            content: "hello".into(),
            ..Reply::default()
        });
        for body in [MessageBody::user("hi"), tool, answer] {
            let text = serde_json::to_string(&body).unwrap();
            assert_eq!(serde_json::from_str::<MessageBody>(&text).unwrap(), body, "{text}");
        }
        let no_reply = serde_json::from_str::<MessageBody>(r#"{"role":"assistant"}"#).unwrap_err();
        assert!(no_reply.to_string().contains("reply"), "{no_reply}");
        let odd = serde_json::from_str::<MessageBody>(r#"{"role":"system","text":"x"}"#).unwrap_err();
        assert!(odd.to_string().contains("system"), "{odd}");
    }
}
