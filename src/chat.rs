//! The conversations of this tab and the commands that change them: send, stop, retry, continue, new chat.

use std::cell::Cell;
use std::rc::Rc;

use glm_protocol::error::{ApiError, ErrorKind};
use glm_protocol::reply::{Reply, ReplyStatus, StreamEvent, StreamReader};
use glm_protocol::request::{build_request, endpoint_url};
use glm_protocol::wire::{Completion, Message};
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::AbortController;

use crate::browser::{fetch, page};
use crate::conversation::{Turn, history, title_from};
use crate::key::ApiKey;
use crate::settings::Settings;

/// One message on screen. Signals inside are `Copy`, so an entry is too.
#[derive(Clone, Copy, PartialEq)]
pub enum Entry {
    User {
        id: u64,
        text: RwSignal<String>,
    },
    Assistant {
        id: u64,
        reply: RwSignal<Reply>,
    },
    /// The user's answer to a function call: `call` is (tool_call_id, function name).
    Tool {
        id: u64,
        call: StoredValue<(String, String)>,
        text: RwSignal<String>,
    },
}

impl Entry {
    pub fn id(&self) -> u64 {
        match self {
            Entry::User { id, .. } | Entry::Assistant { id, .. } | Entry::Tool { id, .. } => *id,
        }
    }

    fn turn(&self) -> Turn {
        match self {
            Entry::User { text, .. } => Turn::User(text.get_untracked()),
            Entry::Assistant { reply, .. } => Turn::Assistant(Box::new(reply.get_untracked())),
            Entry::Tool { call, text, .. } => Turn::Tool {
                call_id: call.with_value(|(id, _)| id.clone()),
                content: text.get_untracked(),
            },
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
pub struct Conversation {
    pub id: u64,
    pub title: RwSignal<String>,
    pub entries: RwSignal<Vec<Entry>>,
}

/// Where a request is sent and with which credentials, captured when the user sends.
#[derive(Clone)]
pub struct Target {
    pub settings: Settings,
    pub key: Option<ApiKey>,
}

/// The chat state, shared through context.
#[derive(Clone, Copy)]
pub struct Chat {
    pub conversations: RwSignal<Vec<Conversation>>,
    pub current: RwSignal<u64>,
    /// The reply being generated, if any; its controller aborts it.
    in_flight: StoredValue<Option<(u64, AbortController)>, LocalStorage>,
    pub busy: RwSignal<bool>,
    next_id: StoredValue<u64>,
    /// The owner of every signal in the conversations. Commands run from buttons inside messages; signals created
    /// there would otherwise belong to those buttons and be disposed when the message leaves the screen.
    owner: StoredValue<Owner>,
}

impl Chat {
    pub fn new() -> Self {
        let chat = Chat {
            conversations: RwSignal::new(Vec::new()),
            current: RwSignal::new(0),
            in_flight: StoredValue::new_local(None),
            busy: RwSignal::new(false),
            next_id: StoredValue::new(1),
            owner: StoredValue::new(Owner::current().unwrap_or_default()),
        };
        chat.new_chat();
        chat
    }

    /// Runs `make` under the chat's own owner, so the signals it creates live as long as the chat.
    fn owned<T>(&self, make: impl FnOnce() -> T) -> T {
        self.owner.with_value(|owner| owner.with(make))
    }

    fn fresh_id(&self) -> u64 {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        id
    }

    pub fn current_conversation(&self) -> Option<Conversation> {
        let current = self.current.get();
        self.conversations
            .with(|list| list.iter().find(|c| c.id == current).copied())
    }

    /// Starts an empty conversation, or re-selects the current one if it is still empty.
    pub fn new_chat(&self) {
        if let Some(c) = self.current_conversation_untracked()
            && c.entries.with_untracked(Vec::is_empty)
        {
            return;
        }
        self.stop();
        let conversation = self.owned(|| Conversation {
            id: self.fresh_id(),
            title: RwSignal::new(String::new()),
            entries: RwSignal::new(Vec::new()),
        });
        self.conversations.update(|list| list.insert(0, conversation));
        self.current.set(conversation.id);
    }

    pub fn select(&self, id: u64) {
        if self.current.get_untracked() != id {
            self.stop();
            self.current.set(id);
        }
    }

    fn current_conversation_untracked(&self) -> Option<Conversation> {
        let current = self.current.get_untracked();
        self.conversations
            .with_untracked(|list| list.iter().find(|c| c.id == current).copied())
    }

    /// Sends the user's text. Returns `false` (and changes nothing) when there is nothing to send or a reply is
    /// still being generated, so the composer keeps the text.
    pub fn send(&self, text: String, target: Target) -> bool {
        if text.trim().is_empty() || self.busy.get_untracked() {
            return false;
        }
        let Some(conversation) = self.current_conversation_untracked() else {
            return false;
        };
        if conversation.title.with_untracked(String::is_empty) {
            conversation.title.set(title_from(&text));
        }
        let (user, reply) = self.owned(|| {
            let user = Entry::User {
                id: self.fresh_id(),
                text: RwSignal::new(text),
            };
            (user, RwSignal::new(Reply::default()))
        });
        let assistant = Entry::Assistant {
            id: self.fresh_id(),
            reply,
        };
        conversation.entries.update(|e| {
            e.push(user);
            e.push(assistant);
        });
        self.start(conversation, assistant.id(), reply, target, None);
        true
    }

    /// The reply `entry_id` of the current conversation, when no other reply is being generated.
    fn idle_reply(&self, entry_id: u64) -> Option<(Conversation, RwSignal<Reply>)> {
        if self.busy.get_untracked() {
            return None;
        }
        let conversation = self.current_conversation_untracked()?;
        match conversation
            .entries
            .with_untracked(|e| e.iter().find(|x| x.id() == entry_id).copied())?
        {
            Entry::Assistant { reply, .. } => Some((conversation, reply)),
            _ => None,
        }
    }

    /// Generates the reply `entry_id` again from the turns before it.
    pub fn retry(&self, entry_id: u64, target: Target) {
        let Some((conversation, reply)) = self.idle_reply(entry_id) else {
            return;
        };
        reply.set(Reply::default());
        self.start(conversation, entry_id, reply, target, None);
    }

    /// Asks the model to go on after a `length` cut and appends the continuation to the same reply.
    pub fn continue_reply(&self, entry_id: u64, target: Target) {
        let Some((conversation, reply)) = self.idle_reply(entry_id) else {
            return;
        };
        let prompt = Message::user("Continue exactly where you stopped, without repeating anything.");
        reply.update(|r| {
            r.finish = None;
            r.status = ReplyStatus::Streaming;
            r.error = None;
        });
        self.start(conversation, entry_id, reply, target, Some(prompt));
    }

    /// Answers one function call of the latest reply. Once every call of that reply has its result, the results
    /// are sent (as `tool` messages after the assistant's call) and the model's next reply starts.
    pub fn answer_tool(&self, call_id: String, name: String, result: String, target: Target) -> bool {
        if self.busy.get_untracked() || result.trim().is_empty() {
            return false;
        }
        let Some(conversation) = self.current_conversation_untracked() else {
            return false;
        };
        if !conversation
            .entries
            .with_untracked(|e| pending_tool_calls(e).iter().any(|(id, _)| *id == call_id))
        {
            return false;
        }
        let answer = self.owned(|| Entry::Tool {
            id: self.fresh_id(),
            call: StoredValue::new((call_id, name)),
            text: RwSignal::new(result),
        });
        conversation.entries.update(|e| e.push(answer));
        if conversation
            .entries
            .with_untracked(|e| pending_tool_calls(e).is_empty())
        {
            let reply = self.owned(|| RwSignal::new(Reply::default()));
            let assistant = Entry::Assistant {
                id: self.fresh_id(),
                reply,
            };
            conversation.entries.update(|e| e.push(assistant));
            self.start(conversation, assistant.id(), reply, target, None);
        }
        true
    }

    /// Aborts the reply in progress; what arrived stays and the reply is marked interrupted.
    pub fn stop(&self) {
        if let Some((_, controller)) = self.in_flight.try_update_value(Option::take).flatten() {
            controller.abort();
        }
    }

    fn start(
        &self,
        conversation: Conversation,
        entry_id: u64,
        reply: RwSignal<Reply>,
        target: Target,
        extra: Option<Message>,
    ) {
        let turns: Vec<Turn> = conversation.entries.with_untracked(|entries| {
            let upto = entries.iter().position(|e| e.id() == entry_id).unwrap_or(entries.len());
            let mut turns: Vec<Turn> = entries[..upto].iter().map(Entry::turn).collect();
            if extra.is_some() {
                turns.extend(entries.get(upto).map(Entry::turn));
            }
            turns
        });
        let continuing = extra.is_some();
        let mut messages = history(&turns);
        messages.extend(extra);

        if target.key.is_none() && target.settings.endpoint_needs_key() {
            reply.update(|r| r.apply(StreamEvent::Error(no_key_error())));
            return;
        }
        let Ok(controller) = AbortController::new() else {
            reply.update(|r| {
                r.apply(StreamEvent::Error(ApiError::network(
                    "this browser cannot make requests",
                )))
            });
            return;
        };
        let signal = controller.signal();
        self.in_flight.set_value(Some((entry_id, controller)));
        self.busy.set(true);
        let request = build_request(&target.settings.request_options(), &messages);
        let url = endpoint_url(&target.settings.base_url);
        let body = serde_json::to_string(&request).unwrap_or_default();
        let chat = *self;
        spawn_local(async move {
            run(&url, target.key.as_ref(), body, &signal, reply, continuing).await;
            chat.in_flight.update_value(|f| {
                if f.as_ref().is_some_and(|(id, _)| *id == entry_id) {
                    *f = None;
                }
            });
            chat.busy.set(false);
        });
    }
}

/// The function calls of the latest reply that have no answer yet: (tool_call_id, function name).
pub fn pending_tool_calls(entries: &[Entry]) -> Vec<(String, String)> {
    let Some(last) = entries.iter().rposition(|e| matches!(e, Entry::Assistant { .. })) else {
        return Vec::new();
    };
    let Entry::Assistant { reply, .. } = entries[last] else {
        return Vec::new();
    };
    let answered: Vec<String> = entries[last..]
        .iter()
        .filter_map(|e| match e {
            Entry::Tool { call, .. } => Some(call.with_value(|(id, _)| id.clone())),
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

impl Default for Chat {
    fn default() -> Self {
        Self::new()
    }
}

/// The error shown when an official endpoint is used without a key; nothing is sent.
fn no_key_error() -> ApiError {
    ApiError {
        kind: ErrorKind::Auth,
        status: None,
        code: Some("no_key".into()),
        message: None,
    }
}

/// Performs one request and feeds the reply. With `append` (a Continue) the new text is added to the existing.
/// Every write to the reply tolerates its disposal: the app may be unmounted while a request is in flight.
async fn run(
    url: &str,
    key: Option<&ApiKey>,
    body: String,
    signal: &web_sys::AbortSignal,
    reply: RwSignal<Reply>,
    append: bool,
) {
    let response = match fetch::post_json(url, key, body, signal).await {
        Ok(r) => r,
        Err(_) if signal.aborted() => {
            reply.try_update(Reply::interrupt);
            return;
        }
        Err(e) => {
            let e = if fetch::reachable(url).await {
                ApiError::new(ErrorKind::Cors, e.message)
            } else {
                e
            };
            reply.try_update(|r| r.apply(StreamEvent::Error(e)));
            return;
        }
    };
    let status = response.status();
    let is_sse = response
        .headers()
        .get("content-type")
        .is_some_and(|t| t.contains("text/event-stream"));
    if !response.ok() {
        let text = response.text().await.unwrap_or_default();
        reply.try_update(|r| r.apply(StreamEvent::Error(ApiError::from_http(status, &text))));
        return;
    }
    if !is_sse {
        let _ = match response.text().await {
            Ok(text) => reply.try_update(|r| match serde_json::from_str::<Completion>(&text) {
                Ok(c) => merge_whole(r, Reply::from_completion(c), append),
                Err(_) => r.apply(StreamEvent::Error(ApiError::from_http(status, &text))),
            }),
            // Stopped, or the connection broke while the body was read.
            Err(_) => reply.try_update(Reply::interrupt),
        };
        return;
    }
    let Some(body) = fetch::BodyReader::new(&response) else {
        reply.try_update(Reply::interrupt);
        return;
    };
    let mut reader = StreamReader::new();
    let frame_pending = Rc::new(Cell::new(false));
    loop {
        match body.next().await {
            Ok(Some(bytes)) => {
                let changed = reply
                    .try_update_untracked(|r| {
                        let changed = reader.feed(&bytes, r);
                        r.observe_time(now_ms());
                        changed
                    })
                    .unwrap_or(false);
                if changed && !frame_pending.replace(true) {
                    let pending = frame_pending.clone();
                    // Many network reads may land in one frame; the DOM is touched once per frame.
                    page::next_frame(move || {
                        pending.set(false);
                        reply.notify();
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
            }
            Ok(None) => {
                reply.try_update_untracked(|r| {
                    reader.finish(r);
                    r.observe_time(now_ms());
                });
                break;
            }
            Err(_) => {
                // Aborted by Stop, or the connection broke: either way keep what arrived.
                reply.try_update_untracked(|r| {
                    reader.finish(r);
                    r.interrupt();
                    r.observe_time(now_ms());
                });
                break;
            }
        }
    }
    reply.notify();
}

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// A non-streamed reply replaces the placeholder, or is appended to the text when continuing.
fn merge_whole(r: &mut Reply, mut whole: Reply, append: bool) {
    if append {
        whole.content.insert_str(0, &r.content);
    }
    *r = whole;
}
