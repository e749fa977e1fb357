//! A saved conversation: its identity, title, pin, settings and message tree, and the checks that keep it whole.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::ids::{ConversationId, MessageId};
use crate::message::{MessageBody, StoredMessage};
use crate::settings::ConversationSettings;

/// One conversation as it is stored and exported. `messages` is a tree by `parent`, kept in creation order so a
/// parent always comes before its children; `current_leaf` picks the branch on screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    pub id: ConversationId,
    /// The automatic title (first user message on the current path) unless `title_is_custom`.
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub title_is_custom: bool,
    #[serde(default)]
    pub created_ms: i64,
    /// Last activity: a message added, edited, regenerated or deleted, or a rename. Orders the sidebar.
    #[serde(default)]
    pub updated_ms: i64,
    #[serde(default)]
    pub pinned: bool,
    #[serde(default)]
    pub settings: ConversationSettings,
    #[serde(default)]
    pub messages: Vec<StoredMessage>,
    #[serde(default)]
    pub current_leaf: Option<MessageId>,
}

/// Why a stored or imported conversation cannot be used as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidConversation {
    #[error("the conversation has no id")]
    MissingId,
    #[error("message id {0} is used twice")]
    DuplicateMessage(MessageId),
    #[error("message {message} answers {parent}, which does not come before it")]
    MissingParent { message: MessageId, parent: MessageId },
}

impl Conversation {
    pub fn new(id: ConversationId, now_ms: i64, settings: ConversationSettings) -> Self {
        Conversation {
            id,
            title: String::new(),
            title_is_custom: false,
            created_ms: now_ms,
            updated_ms: now_ms,
            pinned: false,
            settings,
            messages: Vec::new(),
            current_leaf: None,
        }
    }

    /// Renames the conversation. An empty name gives the automatic title back.
    pub fn rename(&mut self, title: &str, now_ms: i64) {
        let title = title.trim();
        self.title_is_custom = !title.is_empty();
        self.title = title.to_string();
        self.refresh_title();
        self.updated_ms = now_ms;
    }

    /// Pinning does not count as activity: the conversation moves to the pinned group, not to the top of it.
    pub fn set_pinned(&mut self, pinned: bool) {
        self.pinned = pinned;
    }

    pub fn message(&self, id: &MessageId) -> Option<&StoredMessage> {
        self.messages.iter().find(|m| &m.id == id)
    }

    /// The message to update while its reply streams in; `None` when it is gone or not an answer.
    pub fn reply_mut(&mut self, id: &MessageId) -> Option<&mut glm_protocol::reply::Reply> {
        match self.messages.iter_mut().find(|m| &m.id == id).map(|m| &mut m.body) {
            Some(MessageBody::Assistant { reply }) => Some(reply),
            _ => None,
        }
    }

    /// Keeps an automatic title in step with the first user message on the current path.
    pub(crate) fn refresh_title(&mut self) {
        if self.title_is_custom {
            return;
        }
        let first = self.path().into_iter().find_map(|m| match &m.body {
            MessageBody::User { text, .. } => Some(title_from(text)),
            _ => None,
        });
        self.title = first.unwrap_or_default();
    }

    /// Checks what the tree operations rely on. A dangling `current_leaf` is repaired rather than rejected, since
    /// the messages themselves are intact and the user should get them back.
    pub fn validate(&mut self) -> Result<(), InvalidConversation> {
        if self.id.0.trim().is_empty() {
            return Err(InvalidConversation::MissingId);
        }
        let mut seen = HashSet::new();
        for m in &self.messages {
            if let Some(parent) = &m.parent
                && !seen.contains(parent)
            {
                return Err(InvalidConversation::MissingParent {
                    message: m.id.clone(),
                    parent: parent.clone(),
                });
            }
            if !seen.insert(&m.id) {
                return Err(InvalidConversation::DuplicateMessage(m.id.clone()));
            }
        }
        let leaf_ok = match &self.current_leaf {
            Some(leaf) => seen.contains(leaf),
            None => self.messages.is_empty(),
        };
        if !leaf_ok {
            self.current_leaf = self.messages.last().map(|m| m.id.clone());
        }
        Ok(())
    }
}

/// A title from a message: its first non-empty line, shortened to 48 characters.
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

    fn conv() -> Conversation {
        Conversation::new(ConversationId::new("c1"), 10, ConversationSettings::default())
    }

    #[test]
    fn titles_are_the_first_line_shortened() {
        assert_eq!(title_from("\n  Hello there \nsecond"), "Hello there");
        assert_eq!(title_from(&"x".repeat(60)).chars().count(), 49);
        assert_eq!(title_from("   "), "");
    }

    #[test]
    fn automatic_title_follows_the_first_question_until_renamed() {
        let mut c = conv();
        c.push(MessageBody::user("What is Rust?\nmore"), 11);
        assert_eq!(c.title, "What is Rust?");
        c.rename("  My notes ", 12);
        assert_eq!(
            (c.title.as_str(), c.title_is_custom, c.updated_ms),
            ("My notes", true, 12)
        );
        c.push(MessageBody::user("another"), 13);
        assert_eq!(c.title, "My notes");
        c.rename("", 14);
        assert_eq!((c.title.as_str(), c.title_is_custom), ("What is Rust?", false));
    }

    #[test]
    fn validation_rejects_broken_trees_and_repairs_the_leaf() {
        let mut c = conv();
        let a = c.push(MessageBody::user("a"), 11);
        c.push(MessageBody::user("b"), 12);
        c.current_leaf = Some(MessageId::new("gone"));
        assert_eq!(c.validate(), Ok(()));
        assert_eq!(c.current_leaf, Some(MessageId::new("m2")));

        let mut dup = c.clone();
        dup.messages[1].id = a.clone();
        dup.messages[1].parent = None;
        assert_eq!(dup.validate(), Err(InvalidConversation::DuplicateMessage(a)));

        let mut orphan = c.clone();
        orphan.messages[1].parent = Some(MessageId::new("m9"));
        assert!(matches!(
            orphan.validate(),
            Err(InvalidConversation::MissingParent { .. })
        ));

        let mut no_id = c;
        no_id.id = ConversationId::new(" ");
        assert_eq!(no_id.validate(), Err(InvalidConversation::MissingId));
    }
}
