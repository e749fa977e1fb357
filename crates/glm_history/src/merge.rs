//! Merging imported conversations into the user's own without ever duplicating an id or losing a message.

use std::collections::HashSet;

use crate::conversation::Conversation;
use crate::ids::ConversationId;

/// What an import changes. Nothing is applied until the caller calls `apply` (or saves each list itself).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MergeOutcome {
    /// New conversations, including diverged copies given a fresh id.
    pub added: Vec<Conversation>,
    /// Newer versions of conversations the user has, replacing them.
    pub updated: Vec<Conversation>,
    /// Incoming conversations the user already has in full.
    pub skipped: Vec<ConversationId>,
}

/// Decides, per incoming conversation with a known id:
/// - the user's copy already holds every incoming message (identical, or since continued): **skipped**;
/// - the incoming one holds every message of the user's copy and is at least as recent: **updated** (it was
///   continued elsewhere, or renamed later);
/// - each holds messages the other lacks: both are kept, the incoming one **added** under an id from `new_id`,
///   unless a copy made that way by an earlier import is already there (then **skipped**).
///
/// Keeping both on divergence is the only choice that cannot lose a message. `new_id` is retried (and, if it keeps
/// colliding, suffixed) until the id is unused, so a poor id source still cannot create a duplicate.
pub fn merge(
    existing: &[Conversation],
    incoming: Vec<Conversation>,
    mut new_id: impl FnMut() -> ConversationId,
) -> MergeOutcome {
    let mut out = MergeOutcome::default();
    let mut taken: HashSet<ConversationId> = existing.iter().map(|c| c.id.clone()).collect();
    for mut c in incoming {
        // Earlier conversations of the same file count as known too, so a file that repeats an id is safe.
        let known = out
            .updated
            .iter()
            .chain(&out.added)
            .rev()
            .find(|k| k.id == c.id)
            .or_else(|| existing.iter().find(|k| k.id == c.id));
        match known {
            None => {
                taken.insert(c.id.clone());
                out.added.push(c);
            }
            Some(k) if *k == c || (holds_all(k, &c) && k.updated_ms >= c.updated_ms) => out.skipped.push(c.id),
            Some(k) if holds_all(&c, k) && c.updated_ms >= k.updated_ms => {
                let replaced = out
                    .added
                    .iter_mut()
                    .chain(out.updated.iter_mut())
                    .find(|a| a.id == c.id);
                match replaced {
                    Some(slot) => *slot = c,
                    None => out.updated.push(c),
                }
            }
            // A copy kept earlier (this file repeats it, or the same file is imported twice) is not kept again.
            Some(_)
                if existing
                    .iter()
                    .chain(&out.added)
                    .any(|k| k.created_ms == c.created_ms && holds_all(k, &c)) =>
            {
                out.skipped.push(c.id)
            }
            Some(_) => {
                c.id = fresh_id(&mut new_id, &taken);
                taken.insert(c.id.clone());
                out.added.push(c);
            }
        }
    }
    out
}

impl MergeOutcome {
    /// Applies the outcome to the in-memory list: updates in place, additions at the end (the sidebar sorts).
    pub fn apply(self, list: &mut Vec<Conversation>) {
        for c in self.updated {
            match list.iter_mut().find(|k| k.id == c.id) {
                Some(slot) => *slot = c,
                None => list.push(c),
            }
        }
        list.extend(self.added);
    }
}

/// Whether `big` contains every message of `small`, unchanged.
fn holds_all(big: &Conversation, small: &Conversation) -> bool {
    small.messages.iter().all(|m| big.message(&m.id) == Some(m))
}

fn fresh_id(new_id: &mut impl FnMut() -> ConversationId, taken: &HashSet<ConversationId>) -> ConversationId {
    let base = new_id();
    let mut candidate = base.clone();
    let mut n = 1;
    while taken.contains(&candidate) {
        candidate = if n < 8 {
            new_id()
        } else {
            ConversationId(format!("{}-{n}", base.0))
        };
        n += 1;
    }
    candidate
}
