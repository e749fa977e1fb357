//! Tabs of the same app telling each other what they saved, over a BroadcastChannel.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{BroadcastChannel, MessageEvent};

/// What one tab tells the others: a conversation was written or deleted. Only the id travels; the receiver reads
/// the record itself, so a message can never carry stale or partial data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    Saved(String),
    Deleted(String),
}

impl Note {
    fn encode(&self) -> String {
        match self {
            Note::Saved(id) => format!("saved:{id}"),
            Note::Deleted(id) => format!("deleted:{id}"),
        }
    }

    fn decode(text: &str) -> Option<Note> {
        let (kind, id) = text.split_once(':')?;
        match kind {
            "saved" => Some(Note::Saved(id.to_string())),
            "deleted" => Some(Note::Deleted(id.to_string())),
            _ => None,
        }
    }
}

/// An open channel; closed when dropped. Unavailable (old browsers, some sandboxes) simply means no sync.
pub struct Channel {
    channel: BroadcastChannel,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl Channel {
    pub fn open(name: &str, mut on_note: impl FnMut(Note) + 'static) -> Option<Self> {
        let channel = BroadcastChannel::new(name).ok()?;
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            if let Some(note) = ev.data().as_string().as_deref().and_then(Note::decode) {
                on_note(note);
            }
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Some(Channel {
            channel,
            _on_message: on_message,
        })
    }

    pub fn post(&self, note: &Note) {
        // A closed channel (page unloading) has nobody left to tell.
        let _ = self.channel.post_message(&JsValue::from_str(&note.encode()));
    }
}

impl Drop for Channel {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}
