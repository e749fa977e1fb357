//! Identifiers of conversations and messages, and how new message ids are chosen.

use std::cell::RefCell;
use std::fmt;

thread_local! {
    static MESSAGE_ID_TAG: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Appends `tag` to every message id this thread creates from now on (`m4~k2x9`). Each browser tab sets its own
/// random tag, so two tabs adding to one conversation at the same moment never pick the same id: the number keeps
/// the order readable, the tag keeps ids unique. Without a tag (the default, and in tests) ids are `m<number>`.
pub fn set_message_id_tag(tag: &str) {
    MESSAGE_ID_TAG.with(|t| *t.borrow_mut() = tag.to_string());
}

use serde::{Deserialize, Serialize};

/// A conversation's id. The app generates it (e.g. `crypto.randomUUID()`), so the core stays deterministic and
/// ids stay unique across devices, which a merge of imported files relies on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ConversationId(pub String);

/// A message's id, unique within its conversation only (messages never move between conversations).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MessageId(pub String);

impl ConversationId {
    pub fn new(id: impl Into<String>) -> Self {
        ConversationId(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl MessageId {
    pub fn new(id: impl Into<String>) -> Self {
        MessageId(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id after every `m<number>` id (tagged or not) in `existing`, with this thread's tag. Derived from the
    /// ids themselves rather than a stored counter, so there is no extra field to keep in step or to corrupt; ids
    /// from other sources are ignored.
    pub(crate) fn next_after<'a>(existing: impl Iterator<Item = &'a MessageId>) -> MessageId {
        let max = existing
            .filter_map(|id| {
                let rest = id.0.strip_prefix('m')?;
                let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
                rest[..digits].parse::<u64>().ok()
            })
            .max()
            .unwrap_or(0);
        let tag = MESSAGE_ID_TAG.with(|t| t.borrow().clone());
        MessageId(format!("m{}{tag}", max + 1))
    }
}

impl fmt::Display for ConversationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_message_id_follows_the_largest_number() {
        let ids = [
            MessageId::new("m2"),
            MessageId::new("m10"),
            MessageId::new("imported-x"),
        ];
        assert_eq!(MessageId::next_after(ids.iter()), MessageId::new("m11"));
        assert_eq!(MessageId::next_after([].iter()), MessageId::new("m1"));
    }

    #[test]
    fn a_tab_tag_keeps_ids_of_two_tabs_apart() {
        let ids = [MessageId::new("m2"), MessageId::new("m3~ab")];
        set_message_id_tag("~cd");
        let next = MessageId::next_after(ids.iter());
        set_message_id_tag("");
        assert_eq!(next, MessageId::new("m4~cd"));
    }
}
