//! The saved conversations and the commands that change them: send, stop, retry, continue, edit, regenerate,
//! branches, delete with undo, rename, pin, new chat.
//!
//! The source of truth is a list of `glm_history::Conversation`s (the pure model). The screen shows the current
//! conversation's path as `Row`s: one set of signals per message, reused while the message stays, so a streamed
//! reply touches only its own row. While a reply streams, its row's signal is ahead of the model; it is copied
//! back at least once a second and when the reply ends, then saved (see `persist.rs`).

use std::cell::Cell;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use glm_history::{
    Attachment, Conversation, ConversationId, MessageBody, MessageId, Removed, history_before, history_through,
    remove_conversation, restore_conversation, sidebar_order,
};
use glm_protocol::error::{ApiError, ErrorKind};
use glm_protocol::inspect::{CAPTURE_CAP, Capture, redact};
use glm_protocol::models::model_info;
use glm_protocol::params::ParamProblem;
use glm_protocol::reply::{Reply, ReplyStatus, StreamReader};
use glm_protocol::request::{SendProblem, build_request, check_options, endpoint_url};
use glm_protocol::retry::{self, Countdown, Decision};
use glm_protocol::wire::{Completion, Message};
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::AbortController;

use crate::browser::{clock, fetch, files, page, storage};
use crate::config::AppConfig;
use crate::key::ApiKey;
use crate::persist::Persist;
use crate::request_log::{Exchange, RequestLog, RetryNotice};
use crate::settings::Settings;
use crate::split::ChunkError;

// Error codes of requests that failed in the page itself (shown like API errors, in the interface language).
/// The code that sends requests (a chunk loaded on first use) could not be downloaded.
pub const CODE_APP_DOWNLOAD: &str = "app_download";
/// The browser refused to build the request (no AbortController, a Request it would not make).
pub const CODE_NO_FETCH: &str = "no_fetch";

/// A request that failed before it left the page, for a reason the interface explains by its `code`.
pub fn client_error(code: &str) -> ApiError {
    ApiError::local(ErrorKind::Network, code)
}

/// A streamed reply is copied into the model and saved at least this often.
const SAVE_EVERY_MS: f64 = 1000.0;
/// How long "Undo" is offered after a delete.
const UNDO_MS: u64 = 10_000;
const CURRENT_KEY: &str = "current-conversation";

/// One message on screen. Everything inside is `Copy`, so a row is too.
#[derive(Clone, Copy)]
pub struct Row {
    /// Unique for the life of the page: the key of the message's view.
    pub uid: u64,
    pub id: StoredValue<MessageId>,
    pub body: RowBody,
    /// Where this message stands among its alternatives: `(2, 3)` reads "2 / 3".
    pub branch: RwSignal<(usize, usize)>,
}

#[derive(Clone, Copy)]
pub enum RowBody {
    User {
        text: RwSignal<String>,
    },
    Assistant {
        reply: RwSignal<Reply>,
    },
    /// The user's answer to a function call: `call` is (tool_call_id, function name).
    Tool {
        call: StoredValue<(String, String)>,
        text: RwSignal<String>,
    },
}

/// How many of the last messages a conversation opens with, and how many more each step back adds. A step is built
/// in a task of its own after the scroll event, so it stays small: on a slow 2-core machine, steps of 10 of the
/// benchmark's 1,000 messages (about 10 KB of Markdown) made that task 51–60 ms in 3 of 8 runs; on a slower day, steps
/// of 6 built inside the scroll's own frame went over the 50 ms a task may take while scrolling in 5 of 10 runs, built
/// in a task of their own in 1 of 10, and steps of 4 in a task of their own in none of 10.
const TAIL: usize = 30;
const PAGE: usize = 4;

/// One line of the conversation list.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub id: ConversationId,
    pub title: String,
    pub pinned: bool,
    pub updated_ms: i64,
}

/// What "Undo" brings back.
#[derive(Clone)]
pub enum Undo {
    Conversation(Box<Removed>),
    /// The conversation as it was before messages were deleted.
    Messages(Box<Conversation>),
}

/// Where a request is sent and with which credentials, captured when the user sends.
#[derive(Clone)]
pub struct Target {
    pub settings: Settings,
    pub key: Option<ApiKey>,
    /// A parameter field whose text does not validate: nothing is sent until it is fixed.
    pub invalid: Option<ParamProblem>,
}

struct Flight {
    conversation: ConversationId,
    message: MessageId,
    controller: AbortController,
}

/// The chat state, shared through context.
#[derive(Clone, Copy)]
pub struct Chat {
    pub(crate) conversations: StoredValue<Vec<Conversation>>,
    /// The conversation list in sidebar order (pinned first, then by last activity).
    pub list: RwSignal<Vec<Summary>>,
    /// `None`: a new chat that has no message yet (it is created, and saved, by the first send).
    pub current: RwSignal<Option<ConversationId>>,
    /// The messages on screen: the tail of the current conversation's path (see `hidden`).
    pub rows: RwSignal<Vec<Row>>,
    /// How many messages at the start of the path are not on screen. A long conversation opens with its last
    /// `TAIL` messages; earlier ones are added a page at a time as the reader scrolls up.
    pub hidden: RwSignal<usize>,
    /// The code that builds the rows is being fetched for them (see `refresh_rows`).
    pub rows_fetching: RwSignal<bool>,
    /// The code that builds the rows could not be downloaded: the conversation is not on screen until a retry.
    pub rows_failed: RwSignal<bool>,
    cells: StoredValue<HashMap<MessageId, Row>>,
    cells_of: StoredValue<Option<ConversationId>>,
    in_flight: StoredValue<Option<Flight>, LocalStorage>,
    /// A reply about to be requested: shown as waiting, not as an interrupted leftover.
    starting: StoredValue<Option<MessageId>>,
    pub busy: RwSignal<bool>,
    next_uid: StoredValue<u64>,
    /// The owner of every signal in the rows. Commands run from buttons inside messages; signals created there
    /// would otherwise belong to those buttons and be disposed when the message leaves the screen.
    owner: StoredValue<Owner>,
    /// The settings the dialog shows: the defaults overlaid with the current conversation's.
    settings: RwSignal<Settings>,
    /// What a new chat starts from: every change the user makes in the dialog, saved in localStorage.
    pub(crate) defaults: StoredValue<Settings>,
    pub undo: RwSignal<Option<Undo>>,
    undo_generation: StoredValue<u64>,
    pub(crate) persist: Persist,
    /// The storage namespace of this app (page or widget), kept for work that runs outside its reactive owner.
    namespace: StoredValue<storage::Namespace>,
    /// What the hosting page fixed (endpoint, model, system prompt): it wins over a conversation's own settings.
    host: StoredValue<AppConfig>,
    /// The requests sent for recent replies, and the retry being waited for.
    pub log: RequestLog,
}

impl Chat {
    pub fn new(settings: RwSignal<Settings>, host: AppConfig) -> Self {
        Chat {
            conversations: StoredValue::new(Vec::new()),
            list: RwSignal::new(Vec::new()),
            current: RwSignal::new(None),
            rows: RwSignal::new(Vec::new()),
            hidden: RwSignal::new(0),
            rows_fetching: RwSignal::new(false),
            rows_failed: RwSignal::new(false),
            cells: StoredValue::new(HashMap::new()),
            cells_of: StoredValue::new(None),
            in_flight: StoredValue::new_local(None),
            starting: StoredValue::new(None),
            busy: RwSignal::new(false),
            next_uid: StoredValue::new(1),
            owner: StoredValue::new(Owner::current().unwrap_or_default()),
            settings,
            defaults: StoredValue::new(settings.get_untracked()),
            undo: RwSignal::new(None),
            undo_generation: StoredValue::new(0),
            persist: Persist::new(),
            namespace: StoredValue::new(storage::current()),
            host: StoredValue::new(host),
            log: RequestLog::new(),
        }
    }

    /// Runs `make` under the chat's own owner, so the signals it creates live as long as the chat.
    fn owned<T>(&self, make: impl FnOnce() -> T) -> T {
        self.owner.with_value(|owner| owner.with(make))
    }

    /// Changes one conversation of the model; `None` when it does not exist.
    pub(crate) fn with_conversation<T>(
        &self,
        id: &ConversationId,
        f: impl FnOnce(&mut Conversation) -> T,
    ) -> Option<T> {
        self.conversations
            .try_update_value(|list| list.iter_mut().find(|c| &c.id == id).map(f))
            .flatten()
    }

    pub(crate) fn conversation(&self, id: &ConversationId) -> Option<Conversation> {
        self.conversations
            .with_value(|list| list.iter().find(|c| &c.id == id).cloned())
    }

    pub fn current_conversation(&self) -> Option<Conversation> {
        self.current.get_untracked().and_then(|id| self.conversation(&id))
    }

    /// After any change to conversation `id`: the list, the screen, and a save.
    pub(crate) fn changed(&self, id: &ConversationId) {
        self.refresh_list();
        if self.current.get_untracked().as_ref() == Some(id) {
            self.refresh_rows();
        }
        self.save(id);
    }

    pub(crate) fn refresh_list(&self) {
        let list: Vec<Summary> = self.conversations.with_value(|all| {
            sidebar_order(all)
                .into_iter()
                .filter(|c| !c.messages.is_empty())
                .map(|c| Summary {
                    id: c.id.clone(),
                    title: c.title.clone(),
                    pinned: c.pinned,
                    updated_ms: c.updated_ms,
                })
                .collect()
        });
        if self.list.with_untracked(|old| *old != list) {
            self.list.set(list);
        }
    }

    /// Brings the rows in line with the current conversation's path: at once when the code that builds them (in the
    /// `messages` chunk, with the list that shows them) is here, else as soon as it is. Meanwhile `rows_fetching` is
    /// set; if it cannot be downloaded, `rows_failed` (the list shows the failure, with Retry).
    pub(crate) fn refresh_rows(&self) {
        let chat = *self;
        let nothing_shown = self.current.with_untracked(Option::is_none)
            && self.rows.with_untracked(Vec::is_empty)
            && self.cells_of.with_value(Option::is_none);
        if nothing_shown {
            // (A new chat after a failure: nothing is missing any more.)
            if self.rows_failed.get_untracked() {
                self.rows_failed.set(false);
            }
            return;
        }
        let ended = move |built: Result<(), ChunkError>| {
            chat.rows_fetching.try_set(false);
            if built.is_err() {
                chat.rows_failed.try_set(true);
            }
        };
        match crate::restore::now_or_spawn(rows_task(chat), ended) {
            Some(Ok(())) => {}
            Some(Err(ChunkError)) => self.rows_failed.set(true),
            None => self.rows_fetching.set(true),
        }
    }

    /// Brings the rows in line with the current conversation's path, reusing the signals of messages that stay.
    fn build_rows(&self) {
        let current = self.current.get_untracked();
        // Right after switching conversations the tail is shown; otherwise `hidden` as last chosen.
        let mut target = self.hidden.get_untracked();
        if self.cells_of.get_value() != current {
            let retired: Vec<Row> = self
                .cells
                .try_update_value(|c| c.drain().map(|(_, r)| r).collect())
                .unwrap_or_default();
            self.cells_of.set_value(current.clone());
            target = usize::MAX;
            retire(retired);
        }
        let live = self
            .in_flight
            .with_value(|f| f.as_ref().map(|f| f.message.clone()))
            .or_else(|| self.starting.get_value());
        let elsewhere = self.streaming_elsewhere();
        let mut hidden = 0;
        let rows: Vec<Row> = current
            .and_then(|id| {
                self.conversations.with_value(|all| {
                    let c = all.iter().find(|c| c.id == id)?;
                    let path = c.path_with_siblings();
                    hidden = target.min(path.len().saturating_sub(TAIL));
                    Some(
                        path[hidden..]
                            .iter()
                            .map(|&(m, branch)| {
                                let here = live.as_ref() == Some(&m.id);
                                self.cell(m.id.clone(), &m.body, branch, here, elsewhere.contains(&m.id))
                            })
                            .collect(),
                    )
                })
            })
            .unwrap_or_default();
        if self.hidden.get_untracked() != hidden {
            self.hidden.set(hidden);
        }
        let same = self
            .rows
            .with_untracked(|old| old.len() == rows.len() && old.iter().zip(&rows).all(|(a, b)| a.uid == b.uid));
        if !same {
            self.rows.set(rows);
        }
    }

    /// The row of message `id`, made or updated to show `body`. A reply streaming here is left alone: its signal
    /// is newer than the model. One streaming in another tab that still saves it shows as streaming; one that was
    /// streaming when the page (or another tab) stopped shows as interrupted, with Retry.
    fn cell(&self, id: MessageId, body: &MessageBody, branch: (usize, usize), live: bool, elsewhere: bool) -> Row {
        if let Some(row) = self.cells.with_value(|c| c.get(&id).copied()) {
            match (row.body, body) {
                (RowBody::User { text }, MessageBody::User { text: t, .. }) => set_if_changed(text, t),
                (RowBody::Assistant { reply }, MessageBody::Assistant { reply: r }) if !live => {
                    set_if_changed(reply, &shown_reply(r, elsewhere))
                }
                (RowBody::Tool { text, .. }, MessageBody::Tool { text: t, .. }) => set_if_changed(text, t),
                _ => {}
            }
            set_if_changed(row.branch, &branch);
            return row;
        }
        let uid = self.next_uid.get_value();
        self.next_uid.set_value(uid + 1);
        let row = self.owned(|| Row {
            uid,
            id: StoredValue::new(id.clone()),
            body: match body {
                MessageBody::User { text, .. } => RowBody::User {
                    text: RwSignal::new(text.clone()),
                },
                MessageBody::Assistant { reply } => RowBody::Assistant {
                    reply: RwSignal::new(if live {
                        (**reply).clone()
                    } else {
                        shown_reply(reply, elsewhere).into_owned()
                    }),
                },
                MessageBody::Tool { call_id, name, text } => RowBody::Tool {
                    call: StoredValue::new((call_id.clone(), name.clone())),
                    text: RwSignal::new(text.clone()),
                },
            },
            branch: RwSignal::new(branch),
        });
        self.cells.update_value(|c| {
            c.insert(id, row);
        });
        row
    }

    /// Puts up to `PAGE` more of the earlier messages on screen.
    pub fn show_earlier(&self) {
        let hidden = self.hidden.get_untracked();
        if hidden > 0 {
            self.hidden.set(hidden.saturating_sub(PAGE));
            self.refresh_rows();
        }
    }

    /// Starts an empty conversation with the default settings. Nothing is saved until its first message.
    pub fn new_chat(&self) {
        self.stop();
        self.current.set(None);
        self.settings.set(self.defaults.get_value());
        self.remember_current(None);
        self.refresh_rows();
    }

    pub fn select(&self, id: &ConversationId) {
        if self.current.get_untracked().as_ref() == Some(id) {
            return;
        }
        let Some(remembered) = self.with_conversation(id, |c| c.settings.clone()) else {
            return;
        };
        self.stop();
        self.settings.update(|s| {
            let mut next = self.defaults.get_value();
            next.apply_conversation(&remembered);
            *s = self.host.with_value(|h| h.apply(next));
        });
        self.current.set(Some(id.clone()));
        self.remember_current(Some(id));
        self.refresh_rows();
    }

    /// Opens conversation `id` at message `message` (a search hit), switching to its branch if needed (once the code
    /// that shows messages is here: it reads what is on screen).
    pub fn open_at(&self, id: &ConversationId, message: Option<&MessageId>) {
        let chat = *self;
        let ended = move |opened: Result<(), ChunkError>| {
            if opened.is_err() {
                chat.rows_failed.try_set(true);
            }
        };
        if let Some(opened) = crate::restore::now_or_spawn(open_task(chat, id.clone(), message.cloned()), ended) {
            ended(opened);
        }
    }

    fn open_at_now(&self, id: &ConversationId, message: Option<&MessageId>) {
        if let Some(m) = message {
            let moved = self.with_conversation(id, |c| {
                let before = c.current_leaf.clone();
                c.path().iter().all(|p| &p.id != m) && c.show(m).is_ok() && c.current_leaf != before
            });
            if moved == Some(true) {
                self.save(id);
            }
        }
        // (The rows are built here and now, with this code: what follows reads them.)
        if self.current.get_untracked().as_ref() != Some(id) {
            self.select(id);
        }
        self.build_rows();
        // A hit among the messages not on screen yet: put it (and what follows) on screen.
        let index = message.and_then(|m| self.with_conversation(id, |c| c.path().iter().position(|p| &p.id == m)));
        if let Some(Some(index)) = index
            && index < self.hidden.get_untracked()
        {
            self.hidden.set(index);
            self.build_rows();
        }
    }

    /// The settings the user just changed in the dialog, for the current conversation to remember.
    pub fn settings_edited(&self) {
        let Some(id) = self.current.get_untracked() else {
            return;
        };
        let now = self.settings.with_untracked(Settings::conversation_settings);
        let changed = self.with_conversation(&id, |c| {
            let changed = c.settings != now;
            c.settings = now;
            changed
        });
        if changed == Some(true) {
            self.save(&id);
        }
    }

    /// Sends the user's text. Returns `false` (and changes nothing) when there is nothing to send or a reply is
    /// still being generated, so the composer keeps the text.
    pub fn send(&self, text: String, target: Target) -> bool {
        self.send_with(text, Vec::new(), target)
    }

    /// Sends the user's text with its attachments (images, video, files, audio); either may be empty, not both.
    pub fn send_with(&self, text: String, attachments: Vec<Attachment>, target: Target) -> bool {
        if (text.trim().is_empty() && attachments.is_empty()) || self.busy.get_untracked() {
            return false;
        }
        let now = now_ms();
        let id = match self.current.get_untracked() {
            Some(id) if self.conversation(&id).is_some() => id,
            _ => {
                let id = ConversationId::new(files::random_id());
                let c = Conversation::new(id.clone(), now, target.settings.conversation_settings());
                self.conversations.update_value(|all| all.push(c));
                self.current.set(Some(id.clone()));
                self.remember_current(Some(&id));
                id
            }
        };
        let Some(answer) = self.with_conversation(&id, |c| {
            c.push(MessageBody::User { text, attachments }, now);
            c.push(MessageBody::assistant(Reply::default()), now)
        }) else {
            return false;
        };
        self.changed_then_start(&id, &answer, target);
        true
    }

    /// The reply of `row`, when no other reply is being generated.
    fn idle_reply(&self, row: Row) -> Option<(ConversationId, MessageId)> {
        if self.busy.get_untracked() || !matches!(row.body, RowBody::Assistant { .. }) {
            return None;
        }
        Some((self.current.get_untracked()?, row.id.get_value()))
    }

    /// Generates the reply `row` again, in place, from the turns before it.
    pub fn retry(&self, row: Row, target: Target) {
        let Some((id, message)) = self.idle_reply(row) else {
            return;
        };
        self.with_conversation(&id, |c| {
            if let Some(r) = c.reply_mut(&message) {
                *r = Reply::default();
            }
        });
        if let RowBody::Assistant { reply } = row.body {
            reply.set(Reply::default());
        }
        self.changed_then_start(&id, &message, target);
    }

    /// A new answer beside `row`'s; the old one stays as an alternative.
    pub fn regenerate(&self, row: Row, target: Target) {
        let Some((id, message)) = self.idle_reply(row) else {
            return;
        };
        let Some(Ok(fresh)) = self.with_conversation(&id, |c| c.regenerate(&message, now_ms())) else {
            return;
        };
        self.changed_then_start(&id, &fresh, target);
    }

    /// Asks the model to go on after a `length` cut and appends the continuation to the same reply.
    pub fn continue_reply(&self, row: Row, target: Target) {
        let Some((id, message)) = self.idle_reply(row) else {
            return;
        };
        let prompt = Message::user("Continue exactly where you stopped, without repeating anything.");
        if let RowBody::Assistant { reply } = row.body {
            reply.update(|r| {
                r.finish = None;
                r.status = ReplyStatus::Streaming;
                r.error = None;
            });
        }
        self.start(&id, &message, target, Some(prompt));
    }

    /// Edit and resend: a new version of the user message `row` with a new answer; the old branch is kept.
    pub fn edit(&self, row: Row, text: String, target: Target) -> bool {
        if self.busy.get_untracked() || text.trim().is_empty() || !matches!(row.body, RowBody::User { .. }) {
            return false;
        }
        let Some(id) = self.current.get_untracked() else {
            return false;
        };
        let now = now_ms();
        let Some(Ok(answer)) = self.with_conversation(&id, |c| {
            c.edit_user(&row.id.get_value(), &text, now)
                .map(|_| c.push(MessageBody::assistant(Reply::default()), now))
        }) else {
            return false;
        };
        self.changed_then_start(&id, &answer, target);
        true
    }

    /// Shows the previous (`-1`) or next (`1`) alternative of `row`.
    pub fn switch_branch(&self, row: Row, step: isize) {
        if self.busy.get_untracked() {
            return;
        }
        let Some(id) = self.current.get_untracked() else {
            return;
        };
        if self.with_conversation(&id, |c| c.switch_sibling(&row.id.get_value(), step)) == Some(Ok(true)) {
            self.changed(&id);
        }
    }

    /// Deletes `row` and everything that answered it; Undo brings them back.
    pub fn delete_message(&self, row: Row) {
        let Some(id) = self.current.get_untracked() else {
            return;
        };
        let message = row.id.get_value();
        if self
            .in_flight
            .with_value(|f| f.as_ref().is_some_and(|f| f.conversation == id))
        {
            self.stop();
        }
        let Some(before) = self.conversation(&id) else {
            return;
        };
        if self.with_conversation(&id, |c| c.delete_message(&message, now_ms()).is_ok()) == Some(true) {
            self.changed(&id);
            self.offer_undo(Undo::Messages(Box::new(before)));
        }
    }

    pub fn rename(&self, id: &ConversationId, title: &str) {
        if self.with_conversation(id, |c| c.rename(title, now_ms())).is_some() {
            self.changed(id);
        }
    }

    pub fn set_pinned(&self, id: &ConversationId, pinned: bool) {
        if self.with_conversation(id, |c| c.set_pinned(pinned)).is_some() {
            self.changed(id);
        }
    }

    /// Deletes a whole conversation; Undo puts it back where it was.
    pub fn delete_conversation(&self, id: &ConversationId) {
        if self.current.get_untracked().as_ref() == Some(id) {
            self.new_chat();
        }
        let Some(removed) = self
            .conversations
            .try_update_value(|all| remove_conversation(all, id))
            .flatten()
        else {
            return;
        };
        self.refresh_list();
        self.remove_saved(id);
        self.offer_undo(Undo::Conversation(Box::new(removed)));
    }

    fn offer_undo(&self, undo: Undo) {
        let generation = self.undo_generation.get_value() + 1;
        self.undo_generation.set_value(generation);
        self.undo.set(Some(undo));
        let chat = *self;
        set_timeout(
            move || {
                if chat.undo_generation.try_get_value() == Some(generation) {
                    chat.undo.try_set(None);
                }
            },
            std::time::Duration::from_millis(UNDO_MS),
        );
    }

    pub fn undo(&self) {
        let Some(undo) = self.undo.try_update(Option::take).flatten() else {
            return;
        };
        match undo {
            Undo::Conversation(removed) => {
                let id = removed.conversation.id.clone();
                self.conversations
                    .update_value(|all| restore_conversation(all, *removed));
                self.changed(&id);
                self.select(&id);
            }
            Undo::Messages(before) => {
                let id = before.id.clone();
                let restored = self.with_conversation(&id, |c| *c = *before.clone()).is_some();
                if !restored {
                    self.conversations.update_value(|all| all.push(*before));
                }
                self.changed(&id);
            }
        }
    }

    /// Answers one function call of the latest reply. Once every call of that reply has its result, the results
    /// are sent (as `tool` messages after the assistant's call) and the model's next reply starts.
    pub fn answer_tool(&self, call_id: String, name: String, result: String, target: Target) -> bool {
        if self.busy.get_untracked() || result.trim().is_empty() {
            return false;
        }
        let Some(id) = self.current.get_untracked() else {
            return false;
        };
        if !self
            .rows
            .with_untracked(|rows| pending_tool_calls(rows).iter().any(|(c, _)| *c == call_id))
        {
            return false;
        }
        let now = now_ms();
        let answer = self.with_conversation(&id, |c| {
            c.push(
                MessageBody::Tool {
                    call_id,
                    name,
                    text: result,
                },
                now,
            );
        });
        if answer.is_none() {
            return false;
        }
        self.changed(&id);
        if self.rows.with_untracked(|rows| pending_tool_calls(rows).is_empty())
            && let Some(next) = self.with_conversation(&id, |c| c.push(MessageBody::assistant(Reply::default()), now))
        {
            self.changed_then_start(&id, &next, target);
        }
        true
    }

    /// Aborts the reply in progress; what arrived stays and the reply is marked interrupted.
    pub fn stop(&self) {
        if let Some(flight) = self.in_flight.try_update_value(Option::take).flatten() {
            flight.controller.abort();
        }
    }

    /// Whether a reply of conversation `id` is being generated in this tab.
    pub(crate) fn streaming_in(&self, id: &ConversationId) -> bool {
        self.in_flight
            .try_with_value(|f| f.as_ref().is_some_and(|f| &f.conversation == id))
            .unwrap_or(false)
    }

    /// Copies the streamed reply `message` from its row into the model and saves it.
    fn keep_reply(&self, id: &ConversationId, message: &MessageId, reply: RwSignal<Reply>) {
        let Some(r) = reply.try_get_untracked() else {
            return;
        };
        let kept = self.with_conversation(id, |c| {
            if let Some(slot) = c.reply_mut(message) {
                *slot = r;
            }
        });
        if kept.is_some() {
            self.save(id);
        }
    }

    /// Shows the changes to conversation `id` and requests reply `message`.
    fn changed_then_start(&self, id: &ConversationId, message: &MessageId, target: Target) {
        self.starting.set_value(Some(message.clone()));
        self.changed(id);
        if self.cells.with_value(|c| c.contains_key(message)) {
            return self.start(id, message, target, None);
        }
        // The rows wait for their code (a first message sent before it was fetched): the reply is asked for once its
        // row is there. If that code cannot be downloaded, the reply says so (the message is kept and saved).
        self.busy.set(true);
        let chat = *self;
        let (id, message) = (id.clone(), message.clone());
        spawn_local(async move {
            let built = rows_task(chat).await.is_ok();
            chat.busy.try_set(false);
            if built {
                return chat.start(&id, &message, target, None);
            }
            chat.starting.try_set_value(None);
            chat.with_conversation(&id, |c| {
                if let Some(r) = c.reply_mut(&message) {
                    r.fail(client_error(CODE_APP_DOWNLOAD));
                }
            });
            chat.rows_failed.try_set(true);
            chat.save(&id);
        });
    }

    fn start(&self, id: &ConversationId, message: &MessageId, target: Target, extra: Option<Message>) {
        self.starting.set_value(None);
        let Some(reply) = self.cells.with_value(|c| match c.get(message).map(|r| r.body) {
            Some(RowBody::Assistant { reply }) => Some(reply),
            _ => None,
        }) else {
            return;
        };
        let Ok(controller) = AbortController::new() else {
            reply.update(|r| r.fail(client_error(CODE_NO_FETCH)));
            self.keep_reply(id, message, reply);
            return;
        };
        let signal = controller.signal();
        self.in_flight.set_value(Some(Flight {
            conversation: id.clone(),
            message: message.clone(),
            controller,
        }));
        self.busy.set(true);
        let chat = *self;
        let (id, message) = (id.clone(), message.clone());
        spawn_local(async move {
            // What shows the reply is loaded before it is asked for (on a first message sent right away it may not be
            // yet): the first text then lands on a page that can draw it, not in one long task with that code's
            // loading. A renderer that cannot be downloaded says so where the messages are; the request goes anyway.
            let _ = crate::views::app::preload_messages().await;
            let task = request_task(chat, id.clone(), message.clone(), reply, target, extra, signal);
            match task.await {
                Ok(task) => task.await,
                Err(ChunkError) => {
                    reply.try_update(|r| r.fail(client_error(CODE_APP_DOWNLOAD)));
                    chat.request_ended(&id, &message, reply);
                }
            }
        });
    }

    /// Forgets the request in flight for reply `message` (if it is still that one), saves the reply and frees Send.
    fn request_ended(&self, id: &ConversationId, message: &MessageId, reply: RwSignal<Reply>) {
        let _ = self.in_flight.try_update_value(|f| {
            if f.as_ref()
                .is_some_and(|f| &f.message == message && &f.conversation == id)
            {
                *f = None;
            }
        });
        self.keep_reply(id, message, reply);
        self.busy.try_set(false);
    }

    /// Shows "Retrying in N s… (attempt n of m)" for `reply` and counts down; `false` when Cancel or Stop ended
    /// the wait (the request's signal was aborted).
    async fn wait_to_retry(
        &self,
        reply: &crate::request_log::ReplyKey,
        error: &ApiError,
        delay_ms: u64,
        attempt: u32,
        of: u32,
        signal: &web_sys::AbortSignal,
    ) -> bool {
        let countdown = Countdown::start(clock::now_ms(), delay_ms);
        loop {
            let now = clock::now_ms();
            if signal.aborted() || countdown.remaining_ms(now) == 0 {
                break;
            }
            let notice = RetryNotice {
                reply: reply.clone(),
                error: error.clone(),
                seconds: countdown.seconds_left(now),
                attempt,
                of,
            };
            if self.log.retry.try_with_untracked(|n| n.as_ref() != Some(&notice)) == Some(true) {
                self.log.retry.try_set(Some(notice));
            }
            clock::sleep(countdown.remaining_ms(now).min(250)).await;
        }
        self.log.retry.try_set(None);
        !signal.aborted()
    }
}

// Building the rows, and the start of everything they show: a first visit has no message to show.
crate::split!(
    messages,
    preload_rows,
    fn rows_task(chat: Chat) -> () {
        if chat.rows.try_with_untracked(|_| ()).is_none() {
            return; // the app is gone (an embedded widget unmounted while this was fetched)
        }
        chat.build_rows();
        if chat.rows_failed.get_untracked() {
            chat.rows_failed.set(false);
        }
    }
);

crate::split!(
    messages,
    preload_open,
    fn open_task(chat: Chat, id: ConversationId, message: Option<MessageId>) -> () {
        chat.open_at_now(&id, message.as_ref())
    }
);

// The request for reply `message`: checked, sent, streamed into the reply, retried when waiting can help. This
// code (fetch, streaming, retries, the inspector's log) loads with the first request.
crate::split!(
    request,
    preload_request,
    pub(crate) fn request_task(
        chat: Chat,
        id: ConversationId,
        message: MessageId,
        reply: RwSignal<Reply>,
        target: Target,
        extra: Option<Message>,
        signal: web_sys::AbortSignal,
    ) -> Pin<Box<dyn Future<Output = ()>>> {
        let continuing = extra.is_some();
        let messages = chat.with_conversation(&id, |c| {
            if continuing {
                history_through(c, &message)
            } else {
                history_before(c, &message)
            }
        });
        let opts = target.settings.request_options();
        let problem = target.invalid.map(SendProblem::Param).or_else(|| check_options(&opts));
        let refusal = match (&messages, problem) {
            (None, _) => Some(None),
            (_, Some(problem)) => Some(Some(not_sent_error(&problem))),
            _ if target.key.is_none() && target.settings.endpoint_needs_key() => Some(Some(no_key_error())),
            _ => None,
        };
        if let Some(error) = refusal {
            if let Some(error) = error {
                reply.update(|r| r.fail(error));
            }
            chat.request_ended(&id, &message, reply);
            return Box::pin(async {});
        }
        let mut messages = messages.unwrap_or_default();
        messages.extend(extra);
        // Cut to what this model takes: a conversation may have changed model since its images were sent.
        let messages = glm_media::fit_to_model(messages, &model_info(&target.settings.model));
        let url = endpoint_url(&target.settings.base_url);
        Box::pin(async move {
            let last_save = Cell::new(js_sys::Date::now());
            let tick = || {
                let now = js_sys::Date::now();
                if now - last_save.get() >= SAVE_EVERY_MS {
                    last_save.set(now);
                    chat.keep_reply(&id, &message, reply);
                }
            };
            let log_key = (id.clone(), message.clone());
            let key = target
                .key
                .as_ref()
                .and_then(|k| k.bearer().strip_prefix("Bearer ").map(str::to_string));
            let key = key.unwrap_or_default();
            let mut opts = opts;
            let mut attempt = 1;
            loop {
                // Each try is a request of its own, with its own request_id (a repeated id may be refused, 1231).
                opts.request_id = opts
                    .params
                    .request_id
                    .then(|| clock::request_id(&opts.params.request_id_prefix));
                let body = serde_json::to_string(&build_request(&opts, &messages)).unwrap_or_default();
                chat.log.begin(
                    &log_key,
                    Exchange {
                        url: url.clone(),
                        body: redact(&body, &key),
                        with_key: target.key.is_some(),
                        stream: opts.stream,
                        attempt,
                        status: None,
                        response: String::new(),
                        truncated: None,
                    },
                );
                let mut capture = Capture::new(CAPTURE_CAP);
                let outcome = run(
                    &url,
                    target.key.as_ref(),
                    body,
                    &signal,
                    reply,
                    continuing,
                    &tick,
                    &mut capture,
                )
                .await;
                chat.log.respond(&log_key, outcome.status, &capture, &key);
                // A server may echo the key in its error text, which is shown, saved and exported.
                reply.try_update_untracked(|r| r.error = r.error.take().map(|e| e.hiding(&key)));
                let Some(failure) = outcome.failure.map(|e| e.hiding(&key)) else {
                    break;
                };
                let decision = retry::POLICY.decide(
                    &failure,
                    attempt,
                    outcome.retry_after.as_deref(),
                    clock::now_ms(),
                    clock::random(),
                );
                match decision {
                    Decision::Retry {
                        delay_ms,
                        attempt: next,
                        of,
                    } if !signal.aborted() => {
                        if !chat
                            .wait_to_retry(&log_key, &failure, delay_ms, next, of, &signal)
                            .await
                        {
                            reply.try_update(|r| r.fail(failure));
                            break;
                        }
                        attempt = next;
                    }
                    _ => {
                        reply.try_update(|r| r.fail(failure));
                        break;
                    }
                }
            }
            chat.request_ended(&id, &message, reply);
        })
    }
);

/// The function calls of the latest reply that have no answer yet: (tool_call_id, function name).
pub fn pending_tool_calls(rows: &[Row]) -> Vec<(String, String)> {
    let Some(last) = rows.iter().rposition(|e| matches!(e.body, RowBody::Assistant { .. })) else {
        return Vec::new();
    };
    let RowBody::Assistant { reply } = rows[last].body else {
        return Vec::new();
    };
    let answered: Vec<String> = rows[last..]
        .iter()
        .filter_map(|e| match e.body {
            RowBody::Tool { call, .. } => Some(call.with_value(|(id, _)| id.clone())),
            _ => None,
        })
        .collect();
    // Tracked: a form that shows the pending calls must appear when the reply finishes.
    reply.with(|r| {
        if r.status != ReplyStatus::Done {
            return Vec::new();
        }
        r.tool_calls
            .iter()
            .filter_map(|c| {
                let f = c.function.as_ref()?;
                Some((c.id.clone()?, f.name.clone().unwrap_or_default()))
            })
            .filter(|(id, _)| !answered.contains(id))
            .collect()
    })
}

/// A saved reply as it is shown: one still marked streaming was cut off (the page was closed or reloaded).
fn shown_reply(r: &Reply, streaming_elsewhere: bool) -> std::borrow::Cow<'_, Reply> {
    if r.status == ReplyStatus::Streaming && !streaming_elsewhere {
        let mut r = r.clone();
        r.interrupt();
        std::borrow::Cow::Owned(r)
    } else {
        std::borrow::Cow::Borrowed(r)
    }
}

fn set_if_changed<T: PartialEq + Clone + Send + Sync + 'static>(signal: RwSignal<T>, value: &T) {
    if signal.with_untracked(|v| v != value) {
        signal.set(value.clone());
    }
}

/// Frees the signals of rows that left the screen, once their views are gone (views update on the next tick).
fn retire(rows: Vec<Row>) {
    if rows.is_empty() {
        return;
    }
    set_timeout(
        move || {
            for row in rows {
                row.id.dispose();
                row.branch.dispose();
                match row.body {
                    RowBody::User { text } => text.dispose(),
                    RowBody::Assistant { reply } => reply.dispose(),
                    RowBody::Tool { call, text } => {
                        call.dispose();
                        text.dispose();
                    }
                }
            }
        },
        std::time::Duration::from_millis(1000),
    );
}

impl Chat {
    /// The conversation open in this tab, so a reload reopens it.
    fn remember_current(&self, id: Option<&ConversationId>) {
        self.namespace.with_value(|ns| {
            let _ = match id {
                Some(id) => ns.set(CURRENT_KEY, id.as_str()),
                None => ns.remove(CURRENT_KEY),
            };
        });
    }

    pub(crate) fn remembered_current(&self) -> Option<ConversationId> {
        self.namespace
            .with_value(|ns| ns.get(CURRENT_KEY).ok().flatten().map(ConversationId::new))
    }
}

/// The error shown when a parameter or a tool entry is invalid; nothing is sent. The message names the field
/// (`temperature`, `max_tokens`, … or `tools`), which the view words in the user's language.
fn not_sent_error(problem: &SendProblem) -> ApiError {
    let field = match problem {
        SendProblem::Param(p) => p.field.id(),
        SendProblem::Tool(..) => "tools",
    };
    ApiError {
        kind: ErrorKind::InvalidRequest,
        status: None,
        code: Some(NOT_SENT_CODE.into()),
        message: Some(field.into()),
    }
}

/// The `data-code` of a request refused before sending because a setting is invalid.
pub const NOT_SENT_CODE: &str = "invalid_params";

/// The `data-code` of a request refused because an official endpoint has no key yet.
pub const CODE_NO_KEY: &str = "no_key";

/// The error shown when an official endpoint is used without a key; nothing is sent.
fn no_key_error() -> ApiError {
    ApiError::local(ErrorKind::Auth, CODE_NO_KEY)
}

/// How one try ended. `failure` is set only when it failed before any byte of a reply (the caller decides whether
/// to retry, and shows the error if not); every other outcome is already in the reply.
#[derive(Default)]
struct Outcome {
    status: Option<u16>,
    failure: Option<ApiError>,
    /// The `Retry-After` header of a failed response.
    retry_after: Option<String>,
}

/// Performs one request and feeds the reply. With `append` (a Continue) the new text is added to the existing.
/// `tick` runs after every chunk (the caller saves from it, at most once a second); `capture` keeps the raw
/// response for the inspector.
/// Every write to the reply tolerates its disposal: the app may be unmounted while a request is in flight.
#[allow(clippy::too_many_arguments)]
async fn run(
    url: &str,
    key: Option<&ApiKey>,
    body: String,
    signal: &web_sys::AbortSignal,
    reply: RwSignal<Reply>,
    append: bool,
    tick: &dyn Fn(),
    capture: &mut Capture,
) -> Outcome {
    let response = match fetch::post_json(url, key, body, signal).await {
        Ok(r) => r,
        Err(_) if signal.aborted() => {
            reply.try_update(Reply::interrupt);
            return Outcome::default();
        }
        Err(e) => {
            // Only a rejected fetch can be a CORS block; a key the app refused to send never left the page.
            let e = if e.kind == ErrorKind::Network && fetch::reachable(url).await {
                ApiError::new(ErrorKind::Cors, e.message)
            } else {
                e
            };
            return Outcome {
                failure: Some(e),
                ..Outcome::default()
            };
        }
    };
    let status = response.status();
    let done = Outcome {
        status: Some(status),
        ..Outcome::default()
    };
    let is_sse = response
        .headers()
        .get("content-type")
        .is_some_and(|t| t.contains("text/event-stream"));
    if !response.ok() {
        let text = response.text().await.unwrap_or_default();
        capture.push(text.as_bytes());
        return Outcome {
            failure: Some(ApiError::from_http(status, &text)),
            retry_after: response.headers().get("retry-after"),
            ..done
        };
    }
    if !is_sse {
        let _ = match response.text().await {
            Ok(text) => {
                capture.push(text.as_bytes());
                reply.try_update(|r| match serde_json::from_str::<Completion>(&text) {
                    Ok(c) => merge_whole(r, Reply::from_completion(c), append),
                    Err(_) => r.fail(ApiError::from_http(status, &text)),
                })
            }
            // Stopped, or the connection broke while the body was read.
            Err(_) => reply.try_update(Reply::interrupt),
        };
        return done;
    }
    let Some(body) = fetch::BodyReader::new(&response) else {
        reply.try_update(Reply::interrupt);
        return done;
    };
    let mut reader = StreamReader::new();
    let frame_pending = Rc::new(Cell::new(false));
    loop {
        match body.next().await {
            Ok(Some(bytes)) => {
                capture.push(&bytes);
                let changed = reply
                    .try_update_untracked(|r| {
                        let changed = reader.feed(&bytes, r);
                        r.observe_time(now_ms() as u64);
                        changed
                    })
                    .unwrap_or(false);
                if changed && !frame_pending.replace(true) {
                    let pending = frame_pending.clone();
                    // Many network reads may land in one frame; the DOM is touched once per frame. A frame still
                    // pending when the reply ends finds `pending` cleared by the final notify below, and skips.
                    page::next_frame(move || {
                        if pending.replace(false) {
                            reply.notify();
                        }
                    });
                }
                // A reply that is complete, failed, or gone (the app was unmounted) needs no more bytes.
                let finished = reply
                    .try_with_untracked(|r| matches!(r.status, ReplyStatus::Done | ReplyStatus::Error))
                    .unwrap_or(true);
                if finished {
                    body.cancel();
                    break;
                }
                tick();
            }
            Ok(None) => {
                reply.try_update_untracked(|r| {
                    reader.finish(r);
                    r.observe_time(now_ms() as u64);
                });
                break;
            }
            Err(_) => {
                // Aborted by Stop, or the connection broke: either way keep what arrived.
                reply.try_update_untracked(|r| {
                    reader.finish(r);
                    r.interrupt();
                    r.observe_time(now_ms() as u64);
                });
                break;
            }
        }
    }
    // Shown at once, not on the next frame: the last bytes (a burst, or [DONE]) should not wait a frame to paint,
    // and the frame that may still be pending has nothing left to do.
    frame_pending.set(false);
    reply.notify();
    done
}

pub(crate) fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// A non-streamed reply replaces the placeholder, or is appended to the text when continuing.
fn merge_whole(r: &mut Reply, mut whole: Reply, append: bool) {
    if append {
        whole.content.insert_str(0, &r.content);
    }
    *r = whole;
}
