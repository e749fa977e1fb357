//! The requests this tab sent, by the reply they were for: the exact body, the raw response and the retry being
//! waited for. The inspector, "Copy as curl" and the retry notice read it.
//!
//! Kept in memory only, for the last few replies: a body may hold images and a response a long stream, and neither
//! belongs in saved conversations or exports. The key is never stored here: bodies and responses are redacted
//! before they are kept, and a `curl` command names the key only as `$GLM_API_KEY`.

use glm_history::{ConversationId, MessageId};
use glm_protocol::error::ApiError;
use glm_protocol::inspect::{self, Capture};
use leptos::prelude::*;

/// Replies whose requests are kept; older ones are forgotten first.
const KEEP: usize = 30;

pub type ReplyKey = (ConversationId, MessageId);

/// The last try of one reply's request, and what came back.
#[derive(Debug, Clone, PartialEq)]
pub struct Exchange {
    pub url: String,
    /// The JSON body exactly as sent (with the key, should it appear in it, replaced).
    pub body: String,
    /// The request carried an `Authorization` header.
    pub with_key: bool,
    pub stream: bool,
    /// Which try this was (1 for the first).
    pub attempt: u32,
    /// The HTTP status; `None` while waiting or when no response came.
    pub status: Option<u16>,
    /// The raw response: SSE text or JSON, cut at `inspect::CAPTURE_CAP` bytes.
    pub response: String,
    pub truncated: Option<(usize, usize)>,
}

impl Exchange {
    pub fn curl(&self) -> String {
        inspect::curl(&self.url, &self.body, self.with_key, self.stream)
    }
}

/// "Too many requests (1302). Retrying in 2 s… (attempt 2 of 3)" for one reply.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryNotice {
    pub reply: ReplyKey,
    /// The failure being retried.
    pub error: ApiError,
    pub seconds: u64,
    pub attempt: u32,
    pub of: u32,
}

#[derive(Clone, Copy)]
pub struct RequestLog {
    entries: RwSignal<Vec<(ReplyKey, Exchange)>>,
    pub retry: RwSignal<Option<RetryNotice>>,
    /// The reply whose request the inspector shows.
    pub inspecting: RwSignal<Option<ReplyKey>>,
}

impl RequestLog {
    pub fn new() -> Self {
        RequestLog {
            entries: RwSignal::new(Vec::new()),
            retry: RwSignal::new(None),
            inspecting: RwSignal::new(None),
        }
    }

    /// Records a try about to be sent (replacing the reply's earlier try).
    pub fn begin(&self, reply: &ReplyKey, exchange: Exchange) {
        self.entries.try_update(|list| {
            list.retain(|(k, _)| k != reply);
            if list.len() >= KEEP {
                list.remove(0);
            }
            list.push((reply.clone(), exchange));
        });
    }

    /// Records the response of the reply's current try. `key` is redacted from it.
    pub fn respond(&self, reply: &ReplyKey, status: Option<u16>, capture: &Capture, key: &str) {
        let response = inspect::redact(&capture.text(), key);
        self.entries.try_update(|list| {
            if let Some((_, e)) = list.iter_mut().find(|(k, _)| k == reply) {
                e.status = status;
                e.response = response;
                e.truncated = capture.truncated();
            }
        });
    }

    /// The reply's last try (tracked: views update when it changes).
    pub fn get(&self, reply: &ReplyKey) -> Option<Exchange> {
        self.entries
            .with(|list| list.iter().find(|(k, _)| k == reply).map(|(_, e)| e.clone()))
    }

    pub fn has(&self, reply: &ReplyKey) -> bool {
        self.entries.with(|list| list.iter().any(|(k, _)| k == reply))
    }
}

impl Default for RequestLog {
    fn default() -> Self {
        Self::new()
    }
}
