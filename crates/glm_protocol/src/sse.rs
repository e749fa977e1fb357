//! Push-based, I/O-free Server-Sent Events decoding: body bytes in, dispatched events out.
//!
//! Follows the WHATWG event-stream rules with two deliberate choices:
//!
//! * `data: [DONE]` is the GLM end marker, not a payload: it becomes [`SseEvent::Done`] and everything after it is
//!   ignored, because the body may still carry proxy padding we must not interpret.
//! * At end of input the spec discards an event that lacks its closing blank line. We dispatch it instead (the
//!   unterminated last line counts as a line), because some proxies drop the final blank line and we would otherwise
//!   lose the last chunk or the `[DONE]`. The decoder cannot know whether such a tail was cut mid-payload; the
//!   consumer tells by parsing it (see `StreamReader`, which treats an unparsable tail as a truncated stream).

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SseEvent {
    /// An event with at least one `data:` field. `event` is the `event:` field, `None` when absent or empty.
    Message { event: Option<String>, data: String },
    /// The `data: [DONE]` marker.
    Done,
}

/// How the byte stream ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamEnd {
    /// `[DONE]` was seen.
    Done,
    /// The bytes ended without `[DONE]`.
    Eof,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

#[derive(Debug)]
pub struct SseDecoder {
    /// Bytes of the line not yet terminated; kept as bytes so a UTF-8 character split across reads is rejoined.
    line: Vec<u8>,
    /// The previous read ended in `\r`: a `\n` opening the next read belongs to the same line ending.
    after_cr: bool,
    /// No line has been completed yet, so a BOM may still lead the stream.
    at_start: bool,
    data: Option<String>,
    event: Option<String>,
    done: bool,
}

impl Default for SseDecoder {
    fn default() -> Self {
        Self::new()
    }
}

impl SseDecoder {
    pub fn new() -> Self {
        SseDecoder {
            line: Vec::new(),
            after_cr: false,
            at_start: true,
            data: None,
            event: None,
            done: false,
        }
    }

    /// Whether `[DONE]` has been seen; all later input is ignored.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Consumes one read of the body and returns the events it completed.
    pub fn feed(&mut self, mut bytes: &[u8]) -> Vec<SseEvent> {
        let mut out = Vec::new();
        while !self.done && !bytes.is_empty() {
            if self.after_cr {
                self.after_cr = false;
                if bytes[0] == b'\n' {
                    bytes = &bytes[1..];
                    continue;
                }
            }
            match bytes.iter().position(|&b| b == b'\n' || b == b'\r') {
                Some(end) => {
                    self.line.extend_from_slice(&bytes[..end]);
                    self.after_cr = bytes[end] == b'\r';
                    bytes = &bytes[end + 1..];
                    self.end_line(&mut out);
                }
                None => {
                    self.line.extend_from_slice(bytes);
                    bytes = &[];
                }
            }
        }
        out
    }

    /// Ends the input: treats a pending line and event as complete (see the module note) and says whether `[DONE]`
    /// was seen. Calling it again returns no events and the same end.
    pub fn finish(&mut self) -> (Vec<SseEvent>, StreamEnd) {
        let mut out = Vec::new();
        if !self.done {
            if !self.line.is_empty() {
                self.end_line(&mut out);
            }
            if !self.done {
                self.dispatch(&mut out);
            }
        }
        self.line.clear();
        self.after_cr = false;
        let end = if self.done { StreamEnd::Done } else { StreamEnd::Eof };
        (out, end)
    }

    fn end_line(&mut self, out: &mut Vec<SseEvent>) {
        let mut raw = std::mem::take(&mut self.line);
        if std::mem::replace(&mut self.at_start, false) && raw.starts_with(BOM) {
            raw.drain(..BOM.len());
        }
        let line = String::from_utf8_lossy(&raw);
        if line.is_empty() {
            self.dispatch(out);
            return;
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line.as_ref(), ""),
        };
        match field {
            "data" => match &mut self.data {
                Some(data) => {
                    data.push('\n');
                    data.push_str(value);
                }
                None => self.data = Some(value.to_string()),
            },
            "event" => self.event = (!value.is_empty()).then(|| value.to_string()),
            // `id` and `retry` only matter for reconnection, which a POST stream never does.
            _ => {}
        }
        // Reuse the allocation for the next line.
        raw.clear();
        self.line = raw;
    }

    fn dispatch(&mut self, out: &mut Vec<SseEvent>) {
        let event = self.event.take();
        let Some(data) = self.data.take() else { return };
        if data.trim() == "[DONE]" {
            self.done = true;
            self.line.clear();
            out.push(SseEvent::Done);
        } else {
            out.push(SseEvent::Message { event, data });
        }
    }
}
