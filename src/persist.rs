//! Saving conversations to IndexedDB and keeping tabs in step.
//!
//! - Loading: every readable record at start; unreadable ones are reported and left untouched.
//! - Saving: one conversation at a time, through a queue, so two saves of one conversation never race. Each save
//!   reads the stored record, merges it with this tab's version against the version this tab last saw
//!   (`glm_history::merge3`), and writes the result: another tab's messages are never overwritten.
//! - Sync: after each write the other tabs get a note over a BroadcastChannel and merge the record the same way.
//! - Faults (no IndexedDB, quota exceeded, a corrupt record, a newer schema) become a `StoreProblem` that the page
//!   explains; chatting goes on in memory and Export stays available. Nothing is ever deleted to recover.

use std::collections::{HashMap, HashSet, VecDeque};

use glm_history::{Conversation, ConversationId, MessageBody, MessageId, merge3};
use glm_protocol::reply::ReplyStatus;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::split::ChunkError;

use crate::browser::channel::{Channel, Note};
use crate::browser::idb::{ConversationStore, IdbError};
use crate::chat::Chat;

/// Why conversations are not (all) saved, for the banner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreProblem {
    /// IndexedDB cannot be used here: private mode, a sandboxed frame, disabled storage.
    Unavailable,
    /// The browser refused a write: the site's storage is full.
    Full,
    /// Saved conversations that could not be read; they stay in storage as they are.
    Corrupt(usize),
    /// Another tab runs an older version and holds the database.
    Blocked,
    /// The data was written by a newer version of the app.
    TooNew,
    /// Anything else, with the browser's own words.
    Failed(String),
    /// The code that saves (a chunk loaded on first use) could not be downloaded.
    Unloaded,
    /// The code that reads saved conversations (the `restore` chunk) could not be downloaded: they stay as they are,
    /// nothing is saved until a retry reads them.
    Unread,
}

impl StoreProblem {
    fn from_idb(e: &IdbError) -> Self {
        match e {
            IdbError::Unavailable => StoreProblem::Unavailable,
            IdbError::QuotaExceeded => StoreProblem::Full,
            IdbError::Blocked => StoreProblem::Blocked,
            IdbError::VersionTooNew => StoreProblem::TooNew,
            IdbError::Corrupt { .. } => StoreProblem::Corrupt(1),
            IdbError::Failed(m) => StoreProblem::Failed(m.clone()),
        }
    }
}

#[derive(Clone, Copy)]
pub struct Persist {
    store: StoredValue<Option<ConversationStore>, LocalStorage>,
    channel: StoredValue<Option<Channel>, LocalStorage>,
    /// Per conversation, the version last read from or written to storage: the base of every merge.
    synced: StoredValue<HashMap<ConversationId, Conversation>>,
    queue: StoredValue<VecDeque<ConversationId>>,
    saving: StoredValue<bool>,
    pub problem: RwSignal<Option<StoreProblem>>,
    /// Whether saved conversations have been read (or found unavailable).
    pub loaded: RwSignal<bool>,
    /// Replies another tab is streaming, with when (ms) its last save of them arrived.
    elsewhere: StoredValue<HashMap<MessageId, f64>>,
    /// A look at `elsewhere` is scheduled.
    elsewhere_check: StoredValue<bool>,
}

/// A reply another tab saves at least once a second; after this long without a save, that tab is gone.
const ELSEWHERE_STALE_MS: f64 = 4_000.0;

impl Persist {
    pub fn new() -> Self {
        Persist {
            store: StoredValue::new_local(None),
            channel: StoredValue::new_local(None),
            synced: StoredValue::new(HashMap::new()),
            queue: StoredValue::new(VecDeque::new()),
            saving: StoredValue::new(false),
            problem: RwSignal::new(None),
            loaded: RwSignal::new(false),
            elsewhere: StoredValue::new(HashMap::new()),
            elsewhere_check: StoredValue::new(false),
        }
    }
}

impl Default for Persist {
    fn default() -> Self {
        Self::new()
    }
}

impl Chat {
    /// Opens the database named after `namespace`, loads every conversation and starts listening to other tabs.
    pub fn open_storage(&self, namespace: &str) {
        // Message ids made in this tab carry its own tag, so two tabs never make the same id.
        let tag: String = (0..4)
            .map(|_| char::from_digit((js_sys::Math::random() * 36.0) as u32 % 36, 36).unwrap_or('x'))
            .collect();
        glm_history::set_message_id_tag(&format!("~{tag}"));
        let chat = *self;
        let namespace = namespace.to_string();
        spawn_local(async move {
            let store = match ConversationStore::open(&namespace).await {
                Ok(store) => store,
                Err(e) => {
                    chat.persist.problem.try_set(Some(StoreProblem::from_idb(&e)));
                    chat.persist.loaded.try_set(true);
                    return;
                }
            };
            let report = match store.load_all().await {
                Ok(records) => {
                    // The list's own code comes beside the reader's.
                    if !records.is_empty() {
                        crate::views::deferred::prefetch(crate::views::sidebar::preload_conversation_list);
                        // And the rows' and messages' (the last conversation opens again).
                        crate::views::deferred::prefetch(crate::views::app::preload_messages);
                    }
                    crate::restore::conversations(records)
                        .await
                        .map_err(|ChunkError| StoreProblem::Unread)
                }
                Err(e) => Err(StoreProblem::from_idb(&e)),
            };
            let report = match report {
                Ok(report) => report,
                Err(problem) => {
                    // Nothing is written while the saved conversations are unread (the store stays unset).
                    chat.persist.problem.try_set(Some(problem));
                    chat.persist.loaded.try_set(true);
                    return;
                }
            };
            if chat.persist.store.try_set_value(Some(store)).is_some() {
                return; // the app is gone
            }
            if !report.corrupt.is_empty() {
                chat.persist
                    .problem
                    .set(Some(StoreProblem::Corrupt(report.corrupt.len())));
            }
            let mut unsaved = Vec::new();
            chat.persist.synced.update_value(|synced| {
                for c in &report.conversations {
                    synced.insert(c.id.clone(), c.clone());
                }
            });
            chat.conversations.update_value(|all| {
                // Conversations started before the load finished are kept beside the saved ones.
                unsaved = all.iter().map(|c| c.id.clone()).collect();
                let mine = std::mem::take(all);
                *all = report.conversations;
                for c in mine {
                    if !all.iter().any(|k| k.id == c.id) {
                        all.push(c);
                    }
                }
            });
            chat.refresh_list();
            if chat.current.get_untracked().is_none()
                && let Some(id) = chat.remembered_current()
                && chat.conversation(&id).is_some()
            {
                chat.select(&id);
            }
            for id in unsaved {
                chat.save(&id);
            }
            let channel = Channel::open(&format!("glm-chat:{namespace}"), move |note| chat.on_note(note));
            chat.persist.channel.set_value(channel);
            chat.persist.loaded.set(true);
        });
    }

    /// Queues conversation `id` for saving. Saves run one after another; a conversation queued twice is saved once.
    pub(crate) fn save(&self, id: &ConversationId) {
        let queued = self.persist.queue.try_update_value(|q| {
            if !q.contains(id) {
                q.push_back(id.clone());
            }
        });
        if queued.is_none() || self.persist.saving.get_value() {
            return;
        }
        self.persist.saving.set_value(true);
        let chat = *self;
        spawn_local(async move {
            while let Some(id) = chat.persist.queue.try_update_value(VecDeque::pop_front).flatten() {
                match save_task(chat, id).await {
                    Ok(save) => save.await,
                    Err(ChunkError) => {
                        chat.persist.problem.try_set(Some(StoreProblem::Unloaded));
                    }
                }
            }
            chat.persist.saving.try_set_value(false);
        });
    }

    pub(crate) async fn save_now(&self, id: ConversationId) {
        let Some(store) = self.persist.store.try_get_value().flatten() else {
            return; // not loaded yet (saved after loading) or unavailable (the banner says so)
        };
        let Some(mine) = self.conversation(&id) else {
            return;
        };
        let base = self.persist.synced.with_value(|s| s.get(&id).cloned());
        let result = store
            .update(id.as_str(), |theirs| merge3(base.as_ref(), &mine, theirs))
            .await;
        match result {
            Ok((theirs, merged)) => {
                if self.persist.problem.with_untracked(|p| {
                    matches!(
                        p,
                        Some(StoreProblem::Full | StoreProblem::Failed(_) | StoreProblem::Unloaded)
                    )
                }) {
                    self.persist.problem.set(None);
                }
                self.persist.synced.update_value(|s| {
                    s.insert(id.clone(), merged.clone());
                });
                if merged != mine {
                    // The stored record had another tab's changes: bring them in, keeping ours made meanwhile.
                    self.with_conversation(&id, |now| *now = merge3(Some(&mine), now, Some(&merged)));
                    self.refresh_list();
                    if self.current.get_untracked().as_ref() == Some(&id) {
                        self.refresh_rows();
                    }
                }
                if theirs.as_ref() != Some(&merged) {
                    self.tell_others(&Note::Saved(id.0));
                }
            }
            // A record that cannot be read is never overwritten: it may be the only copy of something.
            Err(e) => {
                self.persist.problem.try_set(Some(StoreProblem::from_idb(&e)));
            }
        }
    }

    /// Deletes the saved copy of conversation `id` (the in-memory one is already gone).
    pub(crate) fn remove_saved(&self, id: &ConversationId) {
        let chat = *self;
        let id = id.clone();
        spawn_local(async move {
            let Some(store) = chat.persist.store.try_get_value().flatten() else {
                return;
            };
            match store.delete(id.as_str()).await {
                Ok(()) => {
                    chat.persist.synced.update_value(|s| {
                        s.remove(&id);
                    });
                    chat.tell_others(&Note::Deleted(id.0));
                }
                Err(e) => {
                    chat.persist.problem.try_set(Some(StoreProblem::from_idb(&e)));
                }
            }
        });
    }

    fn tell_others(&self, note: &Note) {
        self.persist.channel.with_value(|c| {
            if let Some(c) = c {
                c.post(note);
            }
        });
    }

    /// Another tab saved or deleted a conversation.
    fn on_note(&self, note: Note) {
        match note {
            Note::Saved(id) => {
                let chat = *self;
                spawn_local(async move {
                    if let Ok(take) = take_task(chat, ConversationId::new(id)).await {
                        take.await;
                    }
                });
            }
            Note::Deleted(id) => {
                let id = ConversationId::new(id);
                if self.streaming_in(&id) {
                    return; // this tab is still writing it: keep it (it will be saved again)
                }
                self.persist.synced.update_value(|s| {
                    s.remove(&id);
                });
                self.conversations.update_value(|all| all.retain(|c| c.id != id));
                if self.current.get_untracked().as_ref() == Some(&id) {
                    self.new_chat();
                }
                self.refresh_list();
            }
        }
    }

    /// The replies another tab is streaming right now (it saved them within the last few seconds).
    pub(crate) fn streaming_elsewhere(&self) -> HashSet<MessageId> {
        let now = js_sys::Date::now();
        self.persist.elsewhere.with_value(|m| {
            m.iter()
                .filter(|(_, at)| now - **at < ELSEWHERE_STALE_MS)
                .map(|(id, _)| id.clone())
                .collect()
        })
    }

    /// Notes which replies of `theirs` another tab is still streaming. If that tab stops saving (closed, crashed),
    /// a later look shows them interrupted.
    fn note_streaming_elsewhere(&self, theirs: &Conversation) {
        let now = js_sys::Date::now();
        let mut any = false;
        self.persist.elsewhere.update_value(|m| {
            for msg in &theirs.messages {
                if let MessageBody::Assistant { reply } = &msg.body {
                    if reply.status == ReplyStatus::Streaming {
                        m.insert(msg.id.clone(), now);
                        any = true;
                    } else {
                        m.remove(&msg.id);
                    }
                }
            }
        });
        // One check at a time: notes come at least once a second while the other tab streams.
        if any && !self.persist.elsewhere_check.get_value() {
            self.persist.elsewhere_check.set_value(true);
            check_elsewhere_later(*self);
        }
    }

    pub(crate) async fn take_theirs(&self, id: ConversationId) {
        let Some(store) = self.persist.store.try_get_value().flatten() else {
            return;
        };
        let Ok(Some(theirs)) = store.get(id.as_str()).await else {
            return;
        };
        self.note_streaming_elsewhere(&theirs);
        let base = self.persist.synced.with_value(|s| s.get(&id).cloned());
        self.persist.synced.update_value(|s| {
            s.insert(id.clone(), theirs.clone());
        });
        let mut ours_differs = false;
        let known = self.with_conversation(&id, |mine| {
            // The branch on screen is this tab's choice: keep it (following any turns added below it).
            let leaf = mine.current_leaf.clone();
            let mut merged = merge3(base.as_ref(), mine, Some(&theirs));
            if let Some(leaf) = leaf {
                let _ = merged.show(&leaf);
            }
            ours_differs = merged.messages != theirs.messages || merged.title != theirs.title;
            *mine = merged;
        });
        if known.is_none() {
            self.conversations.update_value(|all| all.push(theirs));
        }
        self.refresh_list();
        if self.current.get_untracked().as_ref() == Some(&id) {
            self.refresh_rows();
        }
        if ours_differs {
            self.save(&id);
        }
    }
}

/// What an import did, for the message after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Imported {
    pub added: usize,
    pub updated: usize,
    pub skipped: usize,
}

impl Chat {
    /// Reads an export and merges it in: new conversations are added, newer versions replace older ones, and a
    /// conversation that diverged is kept beside the user's under a fresh id. A bad file changes nothing.
    pub fn import(&self, text: &str) -> Result<Imported, glm_history::ImportError> {
        let incoming = glm_history::import_json(text)?;
        let outcome = self.conversations.with_value(|all| {
            glm_history::merge(
                all,
                incoming,
                || ConversationId::new(crate::browser::files::random_id()),
            )
        });
        let done = Imported {
            added: outcome.added.len(),
            updated: outcome.updated.len(),
            skipped: outcome.skipped.len(),
        };
        let touched: Vec<ConversationId> = outcome
            .added
            .iter()
            .chain(&outcome.updated)
            .map(|c| c.id.clone())
            .collect();
        self.conversations.update_value(|all| outcome.apply(all));
        for id in &touched {
            self.changed(id);
        }
        Ok(done)
    }

    /// Every conversation as a JSON export (the API key is never part of a conversation).
    pub fn export_all_json(&self) -> String {
        self.conversations
            .with_value(|all| glm_history::export_json(all, crate::chat::now_ms()))
    }

    pub fn export_json(&self, id: &ConversationId) -> Option<String> {
        let c = self.conversation(id)?;
        Some(glm_history::export_json(
            std::slice::from_ref(&c),
            crate::chat::now_ms(),
        ))
    }

    pub fn export_markdown(&self, id: &ConversationId, lang: crate::i18n::Lang) -> Option<String> {
        self.conversation(id).map(|c| glm_history::export_markdown(&c, lang))
    }
}

/// Shows replies whose streaming tab went quiet as interrupted, looking again while any is still streaming there.
fn check_elsewhere_later(chat: Chat) {
    set_timeout(
        move || {
            if chat.persist.elsewhere.try_with_value(|_| ()).is_none() {
                return; // the app was unmounted (a widget removed from its page)
            }
            chat.refresh_rows();
            if chat.streaming_elsewhere().is_empty() {
                chat.persist.elsewhere_check.try_set_value(false);
                chat.persist.elsewhere.try_update_value(HashMap::clear);
            } else {
                check_elsewhere_later(chat);
            }
        },
        std::time::Duration::from_millis(ELSEWHERE_STALE_MS as u64 + 100),
    );
}

// Saving (the three-way merge and the JSON writer) loads with the first change.
crate::split!(
    save,
    preload_save,
    pub(crate) fn save_task(
        chat: Chat,
        id: ConversationId,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> {
        Box::pin(async move { chat.save_now(id).await })
    }
);

crate::split!(
    save,
    preload_take,
    fn take_task(chat: Chat, id: ConversationId) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> {
        Box::pin(async move { chat.take_theirs(id).await })
    }
);
