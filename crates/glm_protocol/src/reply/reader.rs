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
                    for ev in frame_events(event.as_deref(), &data, at_eof) {
                        changed |= reply.apply_changed(ev);
                    }
                    self.stopped = reply.status == ReplyStatus::Error;
                }
            }
        }
        changed
    }
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
