//! A scripted reply: the chunks of one completion, how they are paced and framed, and how the stream ends.

use std::time::Duration;

use glm_protocol::wire::{AssistantDelta, Choice, Completion, FinishReason, Usage};

use crate::ask::{Ask, estimate_tokens};
use crate::ids::{self, Rng};
use crate::tokens::pieces;

/// Everything needed to write one 200 reply, streamed or whole.
#[derive(Debug, Clone)]
pub struct Script {
    /// One completion chunk per SSE frame; a chunk with only `error` is an error frame.
    pub frames: Vec<Completion>,
    pub end: End,
    pub framing: Framing,
    /// `None`: the server's default delay (or none with `#fast`).
    pub pace: Option<Pace>,
}

/// How the body ends after the last frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// `data: [DONE]`, then the end of the chunked body.
    Done,
    /// The chunked body ends cleanly, but no `[DONE]` was sent.
    NoDone,
    /// The connection is cut: no `[DONE]`, no terminating chunk.
    Drop,
    /// Headers only, then silence for this long, then the connection is cut.
    Hang(Duration),
}

/// How frames are turned into bytes and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// `data: {json}\n\n`, one write per frame.
    Plain,
    /// Writes break inside multi-byte UTF-8 characters and inside `data:` prefixes.
    Split,
    /// `data:{json}\r\n\r\n` with `: keep-alive` comments between frames.
    Crlf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    /// This long between frames.
    Every(Duration),
    /// Everything written at once through a buffer.
    Burst,
}

/// Builds the frames of one assistant turn the way GLM streams them.
pub struct Turn<'a> {
    ask: &'a Ask,
    id: String,
    created: i64,
    frames: Vec<Completion>,
    rng: Rng,
    reasoned: bool,
    reasoning_tokens: u64,
    completion_tokens: u64,
}

impl<'a> Turn<'a> {
    pub fn new(ask: &'a Ask) -> Self {
        let mut rng = Rng::fresh();
        let created = ids::unix_now();
        let id = ids::completion_id(created, &mut rng);
        Turn {
            ask,
            id,
            created,
            frames: Vec::new(),
            rng,
            reasoned: false,
            reasoning_tokens: 0,
            completion_tokens: 0,
        }
    }

    pub fn ask(&self) -> &'a Ask {
        self.ask
    }

    pub fn rng(&mut self) -> &mut Rng {
        &mut self.rng
    }

    /// A chunk envelope around one delta: `{"id","created","model","choices":[{"index":0,"delta":…}]}`.
    pub fn chunk(&self, delta: AssistantDelta, finish: Option<FinishReason>) -> Completion {
        Completion {
            id: Some(self.id.clone()),
            created: Some(self.created),
            model: Some(self.ask.model().to_string()),
            choices: vec![Choice {
                index: 0,
                message: None,
                delta: Some(delta),
                finish_reason: finish,
            }],
            ..Completion::default()
        }
    }

    pub fn push(&mut self, chunk: Completion) -> &mut Self {
        self.frames.push(chunk);
        self
    }

    /// Streams reasoning in token-sized pieces, unless the request disabled thinking.
    pub fn reasoning(&mut self, text: &str) -> &mut Self {
        if !self.ask.thinking {
            return self;
        }
        for piece in pieces(text) {
            let delta = AssistantDelta {
                reasoning_content: Some(piece.to_string()),
                ..assistant()
            };
            self.frames.push(self.chunk(delta, None));
        }
        self.reasoning_tokens += estimate_tokens(text);
        self.reasoned = true;
        self
    }

    /// Streams answer text in token-sized pieces; after reasoning each carries `"reasoning_content":""`.
    pub fn content(&mut self, text: &str) -> &mut Self {
        for piece in pieces(text) {
            let delta = AssistantDelta {
                content: Some(piece.to_string()),
                reasoning_content: self.reasoned.then(String::new),
                ..assistant()
            };
            self.frames.push(self.chunk(delta, None));
        }
        self.completion_tokens += estimate_tokens(text);
        self
    }

    /// Usage so far: the estimated prompt, the streamed text and its reasoning.
    pub fn usage(&self) -> Usage {
        let completion = self.completion_tokens + self.reasoning_tokens + 1;
        let prompt = self.ask.prompt_tokens();
        Usage {
            prompt_tokens: prompt,
            completion_tokens: completion,
            total_tokens: prompt + completion,
            prompt_tokens_details: Some(glm_protocol::wire::PromptTokensDetails { cached_tokens: Some(0) }),
            completion_tokens_details: self.reasoned.then_some(glm_protocol::wire::CompletionTokensDetails {
                reasoning_tokens: Some(self.reasoning_tokens),
            }),
        }
    }

    /// The last chunk: empty content, the finish reason and usage, adjusted by `extra`.
    pub fn finish_with(&mut self, reason: FinishReason, extra: impl FnOnce(&mut Completion)) -> &mut Self {
        let mut last = self.chunk(
            AssistantDelta {
                content: Some(String::new()),
                ..assistant()
            },
            Some(reason),
        );
        last.usage = Some(self.usage());
        extra(&mut last);
        self.frames.push(last);
        self
    }

    pub fn finish(&mut self, reason: FinishReason) -> &mut Self {
        self.finish_with(reason, |_| {})
    }

    pub fn script(&mut self) -> Script {
        Script {
            frames: std::mem::take(&mut self.frames),
            end: End::Done,
            framing: Framing::Plain,
            pace: None,
        }
    }
}

/// A delta with `"role":"assistant"`, as GLM repeats on nearly every chunk.
pub fn assistant() -> AssistantDelta {
    AssistantDelta {
        role: Some("assistant".to_string()),
        ..AssistantDelta::default()
    }
}
