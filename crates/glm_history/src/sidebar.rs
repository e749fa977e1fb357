//! The conversation list: its order, and deletion that can be undone.

use crate::conversation::Conversation;
use crate::ids::ConversationId;

/// Pinned conversations first, then the most recently active. Ties fall back to the id so the list never shuffles
/// between renders.
pub fn sidebar_order(conversations: &[Conversation]) -> Vec<&Conversation> {
    let mut list: Vec<&Conversation> = conversations.iter().collect();
    list.sort_by(|a, b| {
        b.pinned
            .cmp(&a.pinned)
            .then(b.updated_ms.cmp(&a.updated_ms))
            .then_with(|| a.id.cmp(&b.id))
    });
    list
}

/// A deleted conversation and where it was, kept by the UI for as long as it offers "Undo".
#[derive(Debug, Clone, PartialEq)]
pub struct Removed {
    pub conversation: Conversation,
    pub index: usize,
}

/// Takes a conversation out of the list and hands it back, so deleting is reversible until the UI lets it go.
pub fn remove_conversation(list: &mut Vec<Conversation>, id: &ConversationId) -> Option<Removed> {
    let index = list.iter().position(|c| &c.id == id)?;
    Some(Removed {
        conversation: list.remove(index),
        index,
    })
}

/// Undo of `remove_conversation`. Does nothing if a conversation with that id came back some other way (an import),
/// so undo can never create a duplicate.
pub fn restore_conversation(list: &mut Vec<Conversation>, removed: Removed) {
    if list.iter().any(|c| c.id == removed.conversation.id) {
        return;
    }
    let index = removed.index.min(list.len());
    list.insert(index, removed.conversation);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::ConversationSettings;

    fn conv(id: &str, updated_ms: i64, pinned: bool) -> Conversation {
        let mut c = Conversation::new(ConversationId::new(id), 0, ConversationSettings::default());
        c.updated_ms = updated_ms;
        c.pinned = pinned;
        c
    }

    fn ids(list: &[&Conversation]) -> Vec<String> {
        list.iter().map(|c| c.id.0.clone()).collect()
    }

    #[test]
    fn pinned_first_then_latest_activity() {
        let list = vec![
            conv("old", 1, false),
            conv("new", 9, false),
            conv("pin-old", 2, true),
            conv("pin-new", 5, true),
        ];
        assert_eq!(ids(&sidebar_order(&list)), ["pin-new", "pin-old", "new", "old"]);
        let tied = vec![conv("b", 3, false), conv("a", 3, false)];
        assert_eq!(ids(&sidebar_order(&tied)), ["a", "b"]);
    }

    #[test]
    fn a_deleted_conversation_comes_back_where_it_was() {
        let mut list = vec![conv("a", 1, false), conv("b", 2, false), conv("c", 3, false)];
        let before = list.clone();
        let removed = remove_conversation(&mut list, &ConversationId::new("b")).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(remove_conversation(&mut list, &ConversationId::new("b")), None);
        restore_conversation(&mut list, removed.clone());
        assert_eq!(list, before);
        restore_conversation(&mut list, removed);
        assert_eq!(list, before, "a second undo does not duplicate");
    }
}
