//! Keeping one conversation whole when two tabs change it: a three-way merge against the last version both saw.
//!
//! Each tab remembers the version it last read from or wrote to storage (the *base*). When it saves, or hears
//! that another tab saved, it merges its own version (*mine*) with the stored one (*theirs*):
//! - a message only one side added is kept; two different messages added under the same id by both sides are
//!   both kept, mine under a fresh id (message ids are per conversation, so two tabs can pick the same next id);
//! - a message one side changed (a reply that went on streaming) takes that side's version, mine when both did;
//! - a message one side deleted is dropped, unless the other side changed it or answered it since, in which case it
//!   stays: a merge may resurrect a message, but never loses one;
//! - title, pin, settings and the branch on screen take the side that changed them, mine when both did.

use std::collections::{HashMap, HashSet};

use crate::conversation::Conversation;
use crate::ids::MessageId;
use crate::message::StoredMessage;

/// Merges `mine` and `theirs`, both descended from `base` (`None`: this tab never saw a stored version, so
/// everything on either side counts as added). With no `theirs` (nothing stored, or another tab deleted it),
/// `mine` is the result.
pub fn merge3(base: Option<&Conversation>, mine: &Conversation, theirs: Option<&Conversation>) -> Conversation {
    let Some(theirs) = theirs else {
        return mine.clone();
    };
    if base == Some(theirs) || mine == theirs {
        return mine.clone();
    }
    if base == Some(mine) {
        return theirs.clone();
    }
    let base_msgs: HashMap<&MessageId, &StoredMessage> = base
        .map(|b| b.messages.iter().map(|m| (&m.id, m)).collect())
        .unwrap_or_default();
    let mine_msgs: HashMap<&MessageId, &StoredMessage> = mine.messages.iter().map(|m| (&m.id, m)).collect();
    let theirs_msgs: HashMap<&MessageId, &StoredMessage> = theirs.messages.iter().map(|m| (&m.id, m)).collect();

    let mut out: Vec<StoredMessage> = Vec::with_capacity(theirs.messages.len().max(mine.messages.len()));
    for t in &theirs.messages {
        let kept = match (base_msgs.get(&t.id), mine_msgs.get(&t.id)) {
            (Some(b), Some(m)) if m != b => (*m).clone(),
            // Deleted by me and left alone by them: gone. Changed by them since: kept.
            (Some(b), None) if *b == t => continue,
            _ => t.clone(),
        };
        out.push(kept);
    }
    // Mine's additions, renamed where the id is taken by a different message of theirs.
    let mut taken: HashSet<MessageId> = out.iter().map(|m| m.id.clone()).collect();
    taken.extend(base_msgs.keys().chain(mine_msgs.keys()).map(|id| (*id).clone()));
    let mut renamed: HashMap<MessageId, MessageId> = HashMap::new();
    for m in &mine.messages {
        let added_by_me = !base_msgs.contains_key(&m.id);
        match theirs_msgs.get(&m.id) {
            Some(t) if !added_by_me || *t == m => continue,
            None if !added_by_me && base_msgs.get(&m.id) == Some(&m) => continue, // deleted by them, unchanged here
            _ => {}
        }
        let mut m = m.clone();
        if theirs_msgs.contains_key(&m.id) {
            let fresh = MessageId::next_after(taken.iter());
            renamed.insert(m.id.clone(), fresh.clone());
            m.id = fresh;
        }
        if let Some(parent) = m.parent.as_ref().and_then(|p| renamed.get(p)) {
            m.parent = Some(parent.clone());
        }
        taken.insert(m.id.clone());
        out.push(m);
    }
    keep_parents(&mut out, [mine, theirs].into_iter().chain(base));

    let mine_changed = |f: &dyn Fn(&Conversation) -> bool| base.is_none_or(|b| f(b) != f(mine));
    let side = |changed: bool| if changed { mine } else { theirs };
    let titled = side(base.is_none_or(|b| (&b.title, b.title_is_custom) != (&mine.title, mine.title_is_custom)));
    let pinned = side(mine_changed(&|c| c.pinned)).pinned;
    let settings = side(base.is_none_or(|b| b.settings != mine.settings)).settings.clone();
    let leaf_side = side(base.is_none_or(|b| b.current_leaf != mine.current_leaf));
    let mut current_leaf = leaf_side.current_leaf.clone();
    if std::ptr::eq(leaf_side, mine)
        && let Some(new) = current_leaf.as_ref().and_then(|l| renamed.get(l))
    {
        current_leaf = Some(new.clone());
    }

    let mut merged = Conversation {
        id: mine.id.clone(),
        title: titled.title.clone(),
        title_is_custom: titled.title_is_custom,
        created_ms: mine.created_ms.min(theirs.created_ms),
        updated_ms: mine.updated_ms.max(theirs.updated_ms),
        pinned,
        settings,
        messages: out,
        current_leaf,
    };
    merged.refresh_title();
    // Cannot fail on ids or parents (both are repaired above); a dangling leaf is repaired by `validate`.
    let _ = merged.validate();
    merged
}

/// Puts back any parent that a deletion on one side removed while the other side still holds an answer to it, and
/// orders the list so that every parent comes before its children.
fn keep_parents<'a>(out: &mut Vec<StoredMessage>, sources: impl Iterator<Item = &'a Conversation> + Clone) {
    loop {
        let present: HashSet<&MessageId> = out.iter().map(|m| &m.id).collect();
        let missing: Vec<MessageId> = out
            .iter()
            .filter_map(|m| m.parent.as_ref())
            .filter(|p| !present.contains(p))
            .cloned()
            .collect();
        if missing.is_empty() {
            break;
        }
        let mut restored = false;
        for id in missing {
            if out.iter().any(|m| m.id == id) {
                continue;
            }
            if let Some(parent) = sources.clone().find_map(|c| c.message(&id)) {
                out.push(parent.clone());
                restored = true;
            }
        }
        if !restored {
            // A parent no side has (a corrupt input): the orphans become first messages rather than being dropped.
            let present: HashSet<MessageId> = out.iter().map(|m| m.id.clone()).collect();
            for m in out.iter_mut() {
                if m.parent.as_ref().is_some_and(|p| !present.contains(p)) {
                    m.parent = None;
                }
            }
        }
    }
    // Parents first: repeatedly emit every message whose parent is already out. Stable, so creation order holds.
    let mut pending = std::mem::take(out);
    let mut emitted: HashSet<MessageId> = HashSet::new();
    while !pending.is_empty() {
        let (ready, rest): (Vec<_>, Vec<_>) = pending
            .into_iter()
            .partition(|m| m.parent.as_ref().is_none_or(|p| emitted.contains(p)));
        if ready.is_empty() {
            // A cycle: break it rather than loop; `validate` keeps the rest consistent.
            let mut rest = rest;
            rest[0].parent = None;
            pending = rest;
            continue;
        }
        emitted.extend(ready.iter().map(|m| m.id.clone()));
        out.extend(ready);
        pending = rest;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ConversationId;
    use crate::message::MessageBody;
    use crate::settings::ConversationSettings;
    use glm_protocol::reply::{Reply, ReplyStatus};

    fn base() -> Conversation {
        let mut c = Conversation::new(ConversationId::new("c"), 0, ConversationSettings::default());
        c.push(MessageBody::user("q1"), 1);
        c.push(MessageBody::assistant(answer("a1", ReplyStatus::Done)), 2);
        c
    }

    fn answer(text: &str, status: ReplyStatus) -> Reply {
        Reply {
            content: text.into(),
            status,
            ..Reply::default()
        }
    }

    fn texts(c: &Conversation) -> Vec<String> {
        c.path()
            .iter()
            .map(|m| m.body.texts().into_iter().collect::<Vec<_>>().join(""))
            .collect()
    }

    #[test]
    fn one_sided_changes_win_and_identical_sides_are_a_no_op() {
        let b = base();
        let mut mine = b.clone();
        mine.push(MessageBody::user("q2"), 3);
        assert_eq!(merge3(Some(&b), &mine, Some(&b)), mine);
        assert_eq!(merge3(Some(&b), &b, Some(&mine)), mine);
        assert_eq!(merge3(Some(&b), &mine, None), mine);
    }

    #[test]
    fn both_tabs_adding_a_message_keeps_both_under_distinct_ids() {
        let b = base();
        let mut mine = b.clone();
        mine.push(MessageBody::user("from tab A"), 3);
        mine.push(MessageBody::assistant(answer("answer A", ReplyStatus::Done)), 4);
        let mut theirs = b.clone();
        theirs.push(MessageBody::user("from tab B"), 5);

        let merged = merge3(Some(&b), &mine, Some(&theirs));
        let all: Vec<String> = merged.messages.iter().map(|m| m.body.texts().join("")).collect();
        for t in ["q1", "a1", "from tab A", "answer A", "from tab B"] {
            assert!(all.iter().any(|x| x == t), "{t} kept in {all:?}");
        }
        let ids: HashSet<_> = merged.messages.iter().map(|m| &m.id).collect();
        assert_eq!(ids.len(), 5, "no id used twice");
        // My branch is still the one on screen, answer included, and theirs is a sibling ("2 / 2").
        assert_eq!(texts(&merged), ["q1", "a1", "from tab A", "answer A"]);
        let a = merged.path()[2].id.clone();
        assert_eq!(merged.siblings(&a).map(|(_, n)| n), Some(2));
        let mut check = merged.clone();
        assert_eq!(check.validate(), Ok(()));
    }

    #[test]
    fn a_streaming_reply_keeps_growing_while_the_other_tab_renames() {
        let mut b = base();
        let q = b.push(MessageBody::user("q2"), 3);
        let r = b.push(MessageBody::assistant(answer("par", ReplyStatus::Streaming)), 4);
        let mut mine = b.clone();
        *mine.reply_mut(&r).unwrap() = answer("partial and more", ReplyStatus::Done);
        let mut theirs = b.clone();
        theirs.rename("Renamed in B", 9);
        theirs.set_pinned(true);

        let mut merged = merge3(Some(&b), &mine, Some(&theirs));
        assert_eq!(merged.title, "Renamed in B");
        assert!(merged.pinned);
        assert_eq!(merged.updated_ms, 9);
        assert_eq!(
            merged.reply_mut(&r).map(|r| r.content.clone()).as_deref(),
            Some("partial and more")
        );
        assert!(merged.message(&q).is_some());
    }

    #[test]
    fn deletions_apply_unless_the_other_side_built_on_the_message() {
        let b = base();
        let q1 = b.messages[0].id.clone();
        let a1 = b.messages[1].id.clone();
        // I delete the answer; they did nothing to it: it is gone.
        let mut mine = b.clone();
        mine.delete_message(&a1, 5).unwrap();
        let merged = merge3(Some(&b), &mine, Some(&b.clone()));
        assert!(merged.message(&a1).is_none());

        // I delete the answer, but they answered under it meanwhile: it stays, and so does their message.
        let mut theirs = b.clone();
        theirs.push(MessageBody::user("follow-up"), 6);
        let merged = merge3(Some(&b), &mine, Some(&theirs));
        assert!(merged.message(&a1).is_some(), "the parent of a kept message is kept");
        assert!(merged.messages.iter().any(|m| m.body.texts() == ["follow-up"]));
        assert!(merged.message(&q1).is_some());
        let mut check = merged;
        assert_eq!(check.validate(), Ok(()));
    }

    #[test]
    fn without_a_base_everything_from_both_sides_is_kept() {
        let mine = base();
        let mut theirs = Conversation::new(ConversationId::new("c"), 0, ConversationSettings::default());
        theirs.push(MessageBody::user("other q"), 7);
        let merged = merge3(None, &mine, Some(&theirs));
        assert_eq!(merged.messages.len(), 3);
        assert_eq!(texts(&merged), ["q1", "a1"], "my branch stays on screen");
    }
}
