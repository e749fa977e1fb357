//! What an embedded widget tells its host page: a message the visitor sent, a reply that ended, a reply that
//! failed. The decision is pure (`Watch`), so it is tested on the host; `watch_chat` feeds it from the chat.

use std::collections::HashMap;

use glm_protocol::reply::{Reply, ReplyStatus};
use leptos::prelude::*;
use serde::Serialize;

use glm_history::ConversationId;

use crate::chat::RowBody;
use crate::state::AppState;

/// One entry of the conversation as the watcher sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    User,
    Tool,
    Assistant(ReplyStatus),
}

/// An entry worth telling the host about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    /// The visitor sent this message.
    Sent(u64),
    /// This reply ended (done, interrupted or failed).
    Ended(u64),
}

fn ended(status: ReplyStatus) -> bool {
    status != ReplyStatus::Streaming
}

/// Remembers what it has seen of the current conversation. A conversation it has not watched before (the first
/// one, or one the visitor switched to) is taken as it is: only what happens while it is watched is reported.
#[derive(Debug, Default)]
pub struct Watch {
    conversation: Option<u64>,
    seen: HashMap<u64, Seen>,
}

impl Watch {
    pub fn observe(&mut self, conversation: u64, entries: &[(u64, Seen)]) -> Vec<Report> {
        let switched = self.conversation != Some(conversation);
        if switched {
            self.conversation = Some(conversation);
            self.seen.clear();
        }
        let mut reports = Vec::new();
        for &(id, now) in entries {
            let before = self.seen.insert(id, now);
            if switched {
                continue;
            }
            match (now, before) {
                (Seen::User, None) => reports.push(Report::Sent(id)),
                (Seen::Assistant(s), None) if ended(s) => reports.push(Report::Ended(id)),
                (Seen::Assistant(s), Some(Seen::Assistant(b))) if ended(s) && !ended(b) => {
                    reports.push(Report::Ended(id))
                }
                _ => {}
            }
        }
        self.seen.retain(|id, _| entries.iter().any(|(e, _)| e == id));
        reports
    }
}

/// The `detail` of a `message` event.
#[derive(Debug, Serialize)]
pub struct MessageDetail {
    pub role: &'static str,
    pub text: String,
    /// `done` or `interrupted` for a reply; absent for the visitor's message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'static str>,
    /// The finish reason of a reply (`stop`, `length`, `sensitive`, `tool_calls`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finish: Option<String>,
}

/// The `detail` of an `error` event: what the visitor is shown, never the key or the request.
#[derive(Debug, Serialize)]
pub struct ErrorDetail {
    /// The business code or HTTP status, or a kind such as `cors`, `network`, `no_key`.
    pub code: String,
    pub kind: &'static str,
    pub status: Option<u16>,
    pub message: &'static str,
    pub advice: &'static str,
}

/// An event for the host page: its name (`message` or `error`) and its detail.
pub enum WidgetEvent {
    Message(MessageDetail),
    Error(ErrorDetail),
}

impl WidgetEvent {
    fn of_reply(reply: &Reply, state: &AppState) -> Self {
        match &reply.error {
            Some(e) if reply.status == ReplyStatus::Error => {
                let lang = state.lang.get_untracked();
                WidgetEvent::Error(ErrorDetail {
                    code: e.data_code(),
                    kind: e.kind.as_str(),
                    status: e.status,
                    message: e.title(lang),
                    advice: e.advice(lang),
                })
            }
            _ => WidgetEvent::Message(MessageDetail {
                role: "assistant",
                text: reply.content.clone(),
                status: Some(reply.status.as_str()),
                finish: reply.finish.as_ref().map(|f| f.as_str().to_string()),
            }),
        }
    }
}

/// Calls `emit` for every message sent and every reply ended in the chat from now on.
pub fn watch_chat(state: AppState, emit: impl Fn(WidgetEvent) + 'static) {
    let watch = StoredValue::new_local(Watch::default());
    // The conversation on screen as a number for `Watch`. A new chat has no id until its first message is sent;
    // getting one is not a switch of conversation, or that first message would go unreported.
    let view = StoredValue::new_local((None::<ConversationId>, 0u64));
    crate::reactive::effect(move || {
        let current = state.chat.current.get();
        let key = view
            .try_update_value(|(id, key)| {
                if *id != current {
                    if id.is_some() || current.is_none() {
                        *key += 1;
                    }
                    *id = current;
                }
                *key
            })
            .unwrap_or_default();
        let rows = state.chat.rows.get();
        let seen: Vec<(u64, Seen)> = rows
            .iter()
            .map(|r| match r.body {
                RowBody::User { .. } => (r.uid, Seen::User),
                RowBody::Tool { .. } => (r.uid, Seen::Tool),
                RowBody::Assistant { reply } => (r.uid, Seen::Assistant(reply.with(|r| r.status))),
            })
            .collect();
        let reports = watch.try_update_value(|w| w.observe(key, &seen)).unwrap_or_default();
        for report in reports {
            let found = |want: u64| rows.iter().find(|r| r.uid == want).map(|r| r.body);
            let event = match report {
                Report::Sent(id) => match found(id) {
                    Some(RowBody::User { text }) => WidgetEvent::Message(MessageDetail {
                        role: "user",
                        text: text.get_untracked(),
                        status: None,
                        finish: None,
                    }),
                    _ => continue,
                },
                Report::Ended(id) => match found(id) {
                    Some(RowBody::Assistant { reply }) => reply.with_untracked(|r| WidgetEvent::of_reply(r, &state)),
                    _ => continue,
                },
            };
            emit(event);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReplyStatus::*;

    #[test]
    fn only_what_happens_while_watching_is_reported() {
        let mut w = Watch::default();
        // History that was there when the widget started: nothing to report.
        assert_eq!(w.observe(1, &[(1, Seen::User), (2, Seen::Assistant(Done))]), vec![]);
        // The visitor sends; the reply streams, then ends.
        let sent = [
            (1, Seen::User),
            (2, Seen::Assistant(Done)),
            (3, Seen::User),
            (4, Seen::Assistant(Streaming)),
        ];
        assert_eq!(w.observe(1, &sent), vec![Report::Sent(3)]);
        assert_eq!(w.observe(1, &sent), vec![], "nothing new");
        let done = [
            (1, Seen::User),
            (2, Seen::Assistant(Done)),
            (3, Seen::User),
            (4, Seen::Assistant(Done)),
        ];
        assert_eq!(w.observe(1, &done), vec![Report::Ended(4)]);
        assert_eq!(w.observe(1, &done), vec![]);
        // Retry: the same reply streams again and ends again.
        let mut retry = done;
        retry[3].1 = Seen::Assistant(Streaming);
        assert_eq!(w.observe(1, &retry), vec![]);
        retry[3].1 = Seen::Assistant(Error);
        assert_eq!(w.observe(1, &retry), vec![Report::Ended(4)]);
    }

    #[test]
    fn a_reply_that_fails_at_once_and_a_switch_of_conversation() {
        let mut w = Watch::default();
        assert_eq!(w.observe(7, &[]), vec![]);
        // No key: the reply is an error before the watcher ever sees it streaming.
        assert_eq!(
            w.observe(7, &[(1, Seen::User), (2, Seen::Assistant(Error))]),
            vec![Report::Sent(1), Report::Ended(2)]
        );
        // Switching to another conversation reports none of its history.
        assert_eq!(w.observe(8, &[(5, Seen::User), (6, Seen::Assistant(Done))]), vec![]);
        // A tool result is not a message of the visitor's.
        assert_eq!(
            w.observe(8, &[(5, Seen::User), (6, Seen::Assistant(Done)), (9, Seen::Tool)]),
            vec![]
        );
    }
}
