//! Branching: the current path, alternatives of a message ("2 / 2"), edit-and-resend, regenerate and delete.

use std::collections::HashMap;

use glm_protocol::reply::Reply;

use crate::conversation::Conversation;
use crate::ids::MessageId;
use crate::message::{MessageBody, StoredMessage};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TreeError {
    #[error("message {0} does not exist in this conversation")]
    UnknownMessage(MessageId),
    #[error("message {0} is not the user's, so it cannot be edited")]
    NotAUserMessage(MessageId),
    #[error("message {0} is not an answer, so it cannot be regenerated")]
    NotAnAnswer(MessageId),
}

impl Conversation {
    /// The messages on screen, from the first to `current_leaf`.
    pub fn path(&self) -> Vec<&StoredMessage> {
        let mut path = Vec::new();
        let mut next = self.current_leaf.as_ref();
        // Parents come before their children in `messages`, so each parent is looked for backwards from its child:
        // one step each in a conversation without branches, however long. A hand-edited record out of that order
        // is searched whole.
        let mut before = self.messages.len();
        // Bounded by the message count, so a cycle in a hand-edited record cannot hang the page.
        while let Some(id) = next
            && path.len() < self.messages.len()
        {
            let Some(i) = self.messages[..before]
                .iter()
                .rposition(|m| &m.id == id)
                .or_else(|| self.messages.iter().position(|m| &m.id == id))
            else {
                break;
            };
            let m = &self.messages[i];
            path.push(m);
            before = i;
            next = m.parent.as_ref();
        }
        path.reverse();
        path
    }

    /// The messages on screen with where each stands among its alternatives (as [`Conversation::siblings`] gives
    /// it), in one pass over the conversation rather than one per message.
    pub fn path_with_siblings(&self) -> Vec<(&StoredMessage, (usize, usize))> {
        let path = self.path();
        let at: HashMap<&MessageId, usize> = path.iter().enumerate().map(|(i, m)| (&m.id, i)).collect();
        // Group `j` holds the alternatives of `path[j]`: the children of `path[j - 1]`, or the first messages.
        let mut groups = vec![(1, 0); path.len()];
        for m in &self.messages {
            let j = match &m.parent {
                None => 0,
                Some(p) => match at.get(p) {
                    Some(&i) => i + 1,
                    None => continue,
                },
            };
            if let Some(g) = groups.get_mut(j) {
                g.1 += 1;
                if m.id == path[j].id {
                    g.0 = g.1;
                }
            }
        }
        path.into_iter().zip(groups).collect()
    }

    /// Adds `body` under `parent` (`None`: a first message) and shows it.
    pub fn append(
        &mut self,
        parent: Option<&MessageId>,
        body: MessageBody,
        now_ms: i64,
    ) -> Result<MessageId, TreeError> {
        if let Some(p) = parent
            && self.message(p).is_none()
        {
            return Err(TreeError::UnknownMessage(p.clone()));
        }
        Ok(self.insert(parent.cloned(), body, now_ms))
    }

    /// Adds `body` after the message on screen: the ordinary way a chat grows.
    pub fn push(&mut self, body: MessageBody, now_ms: i64) -> MessageId {
        self.insert(self.current_leaf.clone(), body, now_ms)
    }

    /// Edit and resend: a new version of a user message beside the old one, which stays reachable as a branch.
    /// The caller then pushes the answer under the returned id.
    pub fn edit_user(&mut self, id: &MessageId, text: &str, now_ms: i64) -> Result<MessageId, TreeError> {
        let old = self.message(id).ok_or_else(|| TreeError::UnknownMessage(id.clone()))?;
        let MessageBody::User { attachments, .. } = &old.body else {
            return Err(TreeError::NotAUserMessage(id.clone()));
        };
        let body = MessageBody::User {
            text: text.to_string(),
            attachments: attachments.clone(),
        };
        Ok(self.insert(old.parent.clone(), body, now_ms))
    }

    /// A new, empty answer beside `id`, shown at once so the reply can stream into it; the old answer is kept.
    pub fn regenerate(&mut self, id: &MessageId, now_ms: i64) -> Result<MessageId, TreeError> {
        let old = self.message(id).ok_or_else(|| TreeError::UnknownMessage(id.clone()))?;
        if !matches!(old.body, MessageBody::Assistant { .. }) {
            return Err(TreeError::NotAnAnswer(id.clone()));
        }
        Ok(self.insert(old.parent.clone(), MessageBody::assistant(Reply::default()), now_ms))
    }

    /// Where `id` stands among its alternatives, 1-based, and how many there are: `(2, 2)` reads "2 / 2".
    pub fn siblings(&self, id: &MessageId) -> Option<(usize, usize)> {
        let parent = &self.message(id)?.parent;
        let siblings: Vec<&MessageId> = self.children_of(parent.as_ref()).collect();
        let position = siblings.iter().position(|s| *s == id)?;
        Some((position + 1, siblings.len()))
    }

    /// Shows the previous (`step < 0`) or next alternative of `id`. Returns whether anything changed; stepping
    /// past either end does nothing, like a disabled arrow.
    pub fn switch_sibling(&mut self, id: &MessageId, step: isize) -> Result<bool, TreeError> {
        let parent = self
            .message(id)
            .ok_or_else(|| TreeError::UnknownMessage(id.clone()))?
            .parent
            .clone();
        let siblings: Vec<MessageId> = self.children_of(parent.as_ref()).cloned().collect();
        let position = siblings.iter().position(|s| s == id).unwrap_or(0);
        let Some(target) = position.checked_add_signed(step).and_then(|i| siblings.get(i)) else {
            return Ok(false);
        };
        if target == id {
            return Ok(false);
        }
        self.show(target)?;
        Ok(true)
    }

    /// Puts `id` on screen, continuing down its newest branch (e.g. to open a search hit).
    pub fn show(&mut self, id: &MessageId) -> Result<(), TreeError> {
        if self.message(id).is_none() {
            return Err(TreeError::UnknownMessage(id.clone()));
        }
        self.current_leaf = Some(self.newest_leaf_under(id));
        self.refresh_title();
        Ok(())
    }

    /// Deletes `id` and everything that answered it, returning what was removed. When the screen showed a removed
    /// message, it moves to the nearest remaining alternative, or else to the parent.
    pub fn delete_message(&mut self, id: &MessageId, now_ms: i64) -> Result<Vec<StoredMessage>, TreeError> {
        let doomed = self.subtree(id).ok_or_else(|| TreeError::UnknownMessage(id.clone()))?;
        let parent = self.message(id).and_then(|m| m.parent.clone());
        let position = self.siblings(id).map_or(0, |(p, _)| p - 1);
        let (removed, kept) = std::mem::take(&mut self.messages)
            .into_iter()
            .partition(|m| doomed.contains(&m.id));
        self.messages = kept;
        if self.current_leaf.as_ref().is_some_and(|leaf| doomed.contains(leaf)) {
            let remaining: Vec<MessageId> = self.children_of(parent.as_ref()).cloned().collect();
            let next = remaining.get(position.saturating_sub(1)).cloned().or(parent);
            self.current_leaf = next.map(|n| self.newest_leaf_under(&n));
        }
        self.refresh_title();
        self.updated_ms = now_ms;
        Ok(removed)
    }

    fn insert(&mut self, parent: Option<MessageId>, body: MessageBody, now_ms: i64) -> MessageId {
        let id = MessageId::next_after(self.messages.iter().map(|m| &m.id));
        self.messages.push(StoredMessage {
            id: id.clone(),
            parent,
            created_ms: now_ms,
            body,
        });
        self.current_leaf = Some(id.clone());
        self.refresh_title();
        self.updated_ms = now_ms;
        id
    }

    fn children_of<'a>(&'a self, parent: Option<&'a MessageId>) -> impl Iterator<Item = &'a MessageId> + 'a {
        self.messages
            .iter()
            .filter(move |m| m.parent.as_ref() == parent)
            .map(|m| &m.id)
    }

    /// `id` and all its descendants. Children always follow their parent in `messages`, so one forward pass finds
    /// them all.
    fn subtree(&self, id: &MessageId) -> Option<Vec<MessageId>> {
        self.message(id)?;
        let mut ids = vec![id.clone()];
        for m in &self.messages {
            if m.parent.as_ref().is_some_and(|p| ids.contains(p)) {
                ids.push(m.id.clone());
            }
        }
        Some(ids)
    }

    /// The most recently created descendant of `id` (or `id` itself). It is always a leaf, because anything under
    /// it would have been created later still.
    fn newest_leaf_under(&self, id: &MessageId) -> MessageId {
        self.subtree(id)
            .and_then(|ids| {
                self.messages
                    .iter()
                    .rev()
                    .find(|m| ids.contains(&m.id))
                    .map(|m| m.id.clone())
            })
            .unwrap_or_else(|| id.clone())
    }
}
