//! The glue from body bytes to a reply: SSE decoding, JSON parsing of each frame, and the reducer.

use super::{Reply, ReplyStatus, StreamEvent, events_from_completion};
use crate::error::{ApiError, ErrorKind, parse_error_body};
use crate::sse::{SseDecoder, SseEvent};
use crate::wire::Completion;

/// Reads one streamed response into a [`Reply`].
///
/// Policy: `[DONE]` completes the reply and an error frame fails it; either way later bytes are ignored, and the
/// text received so far stays. A frame that is not JSON fails the reply with [`ErrorKind::InvalidResponse`],
/// except the unterminated tail at end of body, which is a cut-off frame and makes the reply interrupted instead.
#[derive(Debug, Default)]
pub struct StreamReader {
    decoder: SseDecoder,
    stopped: bool,
    /// The last parsed frame that had text, to read the next ones like it without parsing all of them.
    template: Option<FrameTemplate>,
}

impl StreamReader {
    pub fn new() -> Self {
        Self::default()
    }

    /// Consumes one read of the body; returns whether the reply changed in a way the UI shows.
    ///
    /// Never inlined (nor `finish`): the loop over a read's frames is the hot code of a stream, and kept out of the
    /// caller's large async state machine, only this small function gets optimised by the browser's top-tier wasm
    /// compiler, not all of the caller.
    #[inline(never)]
    pub fn feed(&mut self, bytes: &[u8], reply: &mut Reply) -> bool {
        if self.stopped {
            return false;
        }
        let events = self.decoder.feed(bytes);
        self.consume(events, reply, false)
    }

    /// The body ended. Without `[DONE]`, a reply that has a finish reason is complete (the server just left the
    /// marker out); one without is interrupted.
    #[inline(never)]
    pub fn finish(&mut self, reply: &mut Reply) {
        if !self.stopped {
            let (events, _) = self.decoder.finish();
            self.consume(events, reply, true);
            self.stopped = true;
        }
        if reply.status == ReplyStatus::Streaming {
            let end = if reply.finish.is_some() {
                StreamEvent::Done
            } else {
                StreamEvent::Interrupted
            };
            reply.apply(end);
        }
    }

    /// The events of one frame: by the template when the frame matches it, else by the JSON parser, and then the
    /// frame becomes the template if it can be one (one that cannot leaves the last template in place). Error frames
    /// (`event: error`) are always parsed.
    fn frame(&mut self, event: Option<&str>, data: &str, at_eof: bool) -> Vec<StreamEvent> {
        if event == Some("error") {
            return frame_events(event, data, at_eof);
        }
        if let Some(events) = self.template.as_ref().and_then(|t| t.events_for(data)) {
            return events;
        }
        let events = frame_events(event, data, at_eof);
        if let Some(template) = FrameTemplate::learn(data, &events) {
            self.template = Some(template);
        }
        events
    }

    fn consume(&mut self, events: Vec<SseEvent>, reply: &mut Reply, at_eof: bool) -> bool {
        let mut changed = false;
        for event in events {
            if self.stopped {
                break;
            }
            match event {
                SseEvent::Done => {
                    changed |= reply.apply_changed(StreamEvent::Done);
                    self.stopped = true;
                }
                SseEvent::Message { event, data } => {
                    let events = self.frame(event.as_deref(), &data, at_eof);
                    for ev in events {
                        changed |= reply.apply_changed(ev);
                    }
                    self.stopped = reply.status == ReplyStatus::Error;
                }
            }
        }
        changed
    }
}

/// A stream's frames are alike: the same id, model and time around one small piece of text
/// (`{"id":"…","created":…,"model":"…","choices":[{"index":0,"delta":{"role":"assistant","content":"…"}}]}`). Once a
/// frame has been parsed, a later frame that has exactly its bytes before and after the `content` string has exactly
/// its events with the new text: only that string is parsed, not the whole frame. In a browser that matters most for
/// the first reply of a page, which runs before the wasm has been optimised.
#[derive(Debug)]
struct FrameTemplate {
    /// The frame up to and including the opening quote of the `content` string.
    prefix: String,
    /// The frame from the closing quote of the `content` string on.
    suffix: String,
    /// The frame's events, and which of them is the text.
    events: Vec<StreamEvent>,
    content_at: usize,
}

impl FrameTemplate {
    /// A template from a parsed frame whose text is its one `"content":"…"` string.
    fn learn(data: &str, events: &[StreamEvent]) -> Option<Self> {
        let mut texts = events.iter().enumerate().filter_map(|(i, ev)| match ev {
            StreamEvent::Content(text) => Some((i, text)),
            _ => None,
        });
        let (content_at, text) = texts.next()?;
        if texts.next().is_some() {
            return None;
        }
        // The key must occur once, where a key can be (after `{` or `,`), followed by the string that holds the text.
        const KEY: &str = "\"content\":\"";
        let start = data.find(KEY)?;
        if data[start + 1..].contains("\"content\":")
            || !matches!(data[..start].trim_end().as_bytes().last(), Some(b'{' | b','))
        {
            return None;
        }
        let open = start + KEY.len() - 1;
        let close = string_end(data, open)?;
        if json_string(&data[open..=close])? != *text {
            return None;
        }
        Some(FrameTemplate {
            prefix: data[..=open].to_string(),
            suffix: data[close..].to_string(),
            events: events.to_vec(),
            content_at,
        })
    }

    /// The events of `data` if it is this frame with other, non-empty text.
    fn events_for(&self, data: &str) -> Option<Vec<StreamEvent>> {
        if data.len() < self.prefix.len() + self.suffix.len()
            || !data.starts_with(self.prefix.as_str())
            || !data.ends_with(self.suffix.as_str())
        {
            return None;
        }
        // The string token, quotes included: the prefix ends and the suffix starts with a quote.
        let token = &data[self.prefix.len() - 1..=data.len() - self.suffix.len()];
        let inner = &token[1..token.len() - 1];
        let text = if inner.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
            // Escapes, or quotes that may end the string early: the JSON parser reads the token, and fails if it is
            // not exactly one string (the whole frame is then parsed as usual).
            json_string(token)?
        } else {
            inner.to_string()
        };
        if text.is_empty() {
            return None;
        }
        let mut events = self.events.clone();
        events[self.content_at] = StreamEvent::Content(text);
        Some(events)
    }
}

/// The index of the quote that closes the JSON string opened at `open`.
fn string_end(data: &str, open: usize) -> Option<usize> {
    let bytes = data.as_bytes();
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// `token` read as one JSON string, quotes included.
fn json_string(token: &str) -> Option<String> {
    serde_json::from_str::<String>(token).ok()
}

fn frame_events(event: Option<&str>, data: &str, at_eof: bool) -> Vec<StreamEvent> {
    if data.trim().is_empty() {
        return Vec::new();
    }
    if event == Some("error") {
        let error = match parse_error_body(data) {
            Some(detail) => ApiError::from_detail(&detail, None),
            None => ApiError::new(ErrorKind::Unknown, Some(data.to_string())),
        };
        return vec![StreamEvent::Error(error)];
    }
    match serde_json::from_str::<Completion>(data) {
        Ok(completion) => {
            let events = events_from_completion(completion);
            if !events.is_empty() {
                return events;
            }
            // A flat `{code, message}` error frame parses as an empty completion.
            parse_error_body(data)
                .map(|detail| vec![StreamEvent::Error(ApiError::from_detail(&detail, None))])
                .unwrap_or_default()
        }
        Err(_) if at_eof => Vec::new(),
        Err(err) => vec![StreamEvent::Error(ApiError::new(
            ErrorKind::InvalidResponse,
            Some(format!("malformed stream frame ({err})")),
        ))],
    }
}
