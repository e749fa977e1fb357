//! The assistant's reply as the UI renders it, and the reducer that builds it from stream events.

use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::wire::{AudioOut, Completion, ContentFilter, FinishReason, ToolCall, Usage, VideoResult, WebSearchResult};

mod events;
mod merge;
mod reader;
mod visible;

pub use events::events_from_completion;
pub use reader::StreamReader;

/// One step of a reply. A new API feature is a new variant, so every `match` on it is found by the compiler.
// Events live for one `apply` and are moved, never stored in bulk, so boxing the large tool-call variant would buy
// nothing but an allocation per fragment.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum StreamEvent {
    Meta {
        id: Option<String>,
        model: Option<String>,
        created: Option<i64>,
        request_id: Option<String>,
    },
    Reasoning(String),
    Content(String),
    /// A whole tool call or a fragment of one; fragments are merged by `index`.
    ToolCall(ToolCall),
    /// glm-4-voice audio, possibly in base64 fragments.
    Audio(AudioOut),
    WebSearch(Vec<WebSearchResult>),
    ContentFilter(Vec<ContentFilter>),
    Video(Vec<VideoResult>),
    Usage(Usage),
    /// Generation ended for this reason. It may repeat, and it does not end the stream by itself.
    Finish(FinishReason),
    Error(ApiError),
    /// The server sent `[DONE]` (or the non-streamed body was complete).
    Done,
    /// The stream ended early: the body broke off or the user stopped it.
    Interrupted,
}

impl ReplyStatus {
    /// The name used on the wire and in the UI contract's `data-status` (the same as its serde name).
    pub fn as_str(self) -> &'static str {
        match self {
            ReplyStatus::Streaming => "streaming",
            ReplyStatus::Done => "done",
            ReplyStatus::Error => "error",
            ReplyStatus::Interrupted => "interrupted",
        }
    }
}

/// Where a reply stands. A `sensitive` or `length` finish is still `Done`: that is data, not failure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplyStatus {
    #[default]
    Streaming,
    Done,
    Error,
    /// Ended without `[DONE]` and without a finish reason, or aborted by the user.
    Interrupted,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Reply {
    pub id: Option<String>,
    pub request_id: Option<String>,
    pub model: Option<String>,
    pub created: Option<i64>,
    pub reasoning: String,
    pub content: String,
    pub tool_calls: Vec<ToolCall>,
    pub audio: Option<AudioOut>,
    pub web_search: Vec<WebSearchResult>,
    pub content_filter: Vec<ContentFilter>,
    pub videos: Vec<VideoResult>,
    pub usage: Option<Usage>,
    pub finish: Option<FinishReason>,
    pub error: Option<ApiError>,
    pub status: ReplyStatus,
    /// How long the model reasoned before it started answering, in milliseconds, as measured by the client.
    pub thought_ms: Option<u64>,
    /// When the first reasoning arrived (client clock, ms); only needed while streaming.
    #[serde(skip)]
    pub thinking_since_ms: Option<u64>,
}

impl Reply {
    /// Times the reasoning phase. The core has no clock, so the caller passes the time after applying events: the
    /// phase starts with the first reasoning and ends with the first answer text, or with the end of the reply.
    pub fn observe_time(&mut self, now_ms: u64) {
        if self.thinking_since_ms.is_none() && !self.reasoning.is_empty() {
            self.thinking_since_ms = Some(now_ms);
        }
        if self.thought_ms.is_none()
            && let Some(since) = self.thinking_since_ms
            && (!self.content.is_empty() || self.status != ReplyStatus::Streaming)
        {
            self.thought_ms = Some(now_ms.saturating_sub(since));
        }
    }

    pub fn apply(&mut self, ev: StreamEvent) {
        self.apply_changed(ev);
    }

    /// Applies one event and says whether anything the UI shows changed, so a chunk that repeats the metadata
    /// does not cost a render.
    pub(crate) fn apply_changed(&mut self, ev: StreamEvent) -> bool {
        match ev {
            StreamEvent::Meta {
                id,
                model,
                created,
                request_id,
            } => {
                // `|`, not `||`: every field must be applied.
                merge::set_if_some(&mut self.id, id)
                    | merge::set_if_some(&mut self.model, model)
                    | merge::set_if_some(&mut self.created, created)
                    | merge::set_if_some(&mut self.request_id, request_id)
            }
            StreamEvent::Reasoning(text) => push_text(&mut self.reasoning, &text),
            StreamEvent::Content(text) => push_text(&mut self.content, &text),
            StreamEvent::ToolCall(fragment) => {
                merge::tool_call(&mut self.tool_calls, fragment);
                true
            }
            StreamEvent::Audio(audio) => {
                merge::audio(&mut self.audio, audio);
                true
            }
            StreamEvent::WebSearch(results) => merge::web_search(&mut self.web_search, results),
            StreamEvent::ContentFilter(filters) => merge::append_new(&mut self.content_filter, filters),
            StreamEvent::Video(videos) => merge::append_new(&mut self.videos, videos),
            StreamEvent::Usage(usage) => replace(&mut self.usage, Some(usage)),
            StreamEvent::Finish(reason) => replace(&mut self.finish, Some(reason)),
            StreamEvent::Error(error) => self.fail_changed(error),
            StreamEvent::Done => self.status != ReplyStatus::Error && replace(&mut self.status, ReplyStatus::Done),
            StreamEvent::Interrupted => self.interrupt_changed(),
        }
    }

    /// The reply failed with `error`: `apply(StreamEvent::Error(error))` without the rest of `apply`, for callers
    /// (such as a page whose request code could not be downloaded) that only ever fail a reply.
    pub fn fail(&mut self, error: ApiError) {
        self.fail_changed(error);
    }

    fn fail_changed(&mut self, error: ApiError) -> bool {
        // The first error is the cause; later ones are usually its echo.
        if self.error.is_none() {
            self.error = Some(error);
        }
        replace(&mut self.status, ReplyStatus::Error)
    }

    fn interrupt_changed(&mut self) -> bool {
        self.status == ReplyStatus::Streaming && replace(&mut self.status, ReplyStatus::Interrupted)
    }

    /// A non-streamed response body, complete by definition.
    pub fn from_completion(c: Completion) -> Reply {
        let mut reply = Reply::default();
        for ev in events_from_completion(c) {
            reply.apply(ev);
        }
        reply.apply(StreamEvent::Done);
        reply
    }

    /// The user pressed Stop or the connection dropped; all text received so far is kept.
    pub fn interrupt(&mut self) {
        self.interrupt_changed();
    }

    /// Whether the reply has stopped changing.
    pub fn is_finished(&self) -> bool {
        self.status != ReplyStatus::Streaming
    }

    /// The answer text to render: GLM-4.5V box markers removed (their inner text kept) and inline `<think>` blocks
    /// hidden. While streaming, an unterminated `<think>` hides the rest, and a marker still arriving is held back.
    pub fn visible_content(&self) -> String {
        visible::visible(&self.content, self.status == ReplyStatus::Streaming)
    }

    /// The text of `<think>…</think>` blocks inside `content`, for models that inline their reasoning; shown when
    /// `reasoning` is empty.
    pub fn inline_reasoning(&self) -> String {
        visible::inline_reasoning(&self.content, self.status == ReplyStatus::Streaming)
    }
}

fn push_text(target: &mut String, text: &str) -> bool {
    target.push_str(text);
    !text.is_empty()
}

fn replace<T: PartialEq>(slot: &mut T, value: T) -> bool {
    let changed = *slot != value;
    *slot = value;
    changed
}
