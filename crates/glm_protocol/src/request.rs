//! Building the request: user-facing options plus conversation history into a `ChatRequest`, and the endpoint URL.

use serde::{Deserialize, Serialize};

use crate::wire::{ChatRequest, Message, Thinking, ThinkingType, Tool, WebSearchTool};

const CHAT_PATH: &str = "/chat/completions";

/// The per-conversation settings the UI edits. `None` means "leave it to the server default" and is not sent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RequestOptions {
    pub model: String,
    pub stream: bool,
    /// `Some(true)` / `Some(false)` sends `thinking.type` enabled / disabled; `None` omits it (pre-4.5 models).
    pub thinking: Option<bool>,
    pub system_prompt: String,
    pub temperature: Option<f64>,
    pub top_p: Option<f64>,
    pub max_tokens: Option<u32>,
    pub web_search: Option<WebSearchTool>,
}

impl Default for RequestOptions {
    fn default() -> Self {
        RequestOptions {
            model: "glm-4.5-flash".to_string(),
            stream: true,
            thinking: Some(true),
            system_prompt: String::new(),
            temperature: None,
            top_p: None,
            max_tokens: None,
            web_search: None,
        }
    }
}

/// The request body: the system prompt (when not blank) first, then the history as given.
pub fn build_request(opts: &RequestOptions, history: &[Message]) -> ChatRequest {
    let system = opts.system_prompt.trim();
    let mut messages = Vec::with_capacity(history.len() + 1);
    if !system.is_empty() {
        messages.push(Message::system(system));
    }
    messages.extend_from_slice(history);
    ChatRequest {
        model: opts.model.trim().to_string(),
        messages,
        stream: Some(opts.stream),
        thinking: opts.thinking.map(|on| Thinking {
            kind: if on {
                ThinkingType::Enabled
            } else {
                ThinkingType::Disabled
            },
            clear_thinking: None,
        }),
        temperature: opts.temperature,
        top_p: opts.top_p,
        max_tokens: opts.max_tokens,
        tools: opts
            .web_search
            .iter()
            .map(|ws| Tool::WebSearch { web_search: ws.clone() })
            .collect(),
        ..ChatRequest::default()
    }
}

/// `<base>/chat/completions`. Users paste bases with trailing slashes, and sometimes the full endpoint.
pub fn endpoint_url(base: &str) -> String {
    let base = base.trim().trim_end_matches('/');
    if base.ends_with(CHAT_PATH) {
        base.to_string()
    } else {
        format!("{base}{CHAT_PATH}")
    }
}

/// Replaces the server's default search prompt, which tells the model not to name its sources (reference §7), with
/// one that asks for `[ref_N]` markers the citation parser can resolve. Written in Chinese like the documented
/// sample; it asks for the answer in the user's language so English chats stay English.
pub const DEFAULT_SEARCH_PROMPT: &str = "# 以下是来自互联网的信息：\n{search_result}\n\n# 要求：\n\
根据以上信息回答用户的问题，使用与用户提问相同的语言作答。\
当回答引用了参考信息时，必须在句末使用对应的[ref_序号]来标明参考信息来源，例如[ref_1]。\
不要编造参考信息中没有的来源。";

/// Web search as the app offers it: `search_pro`, five results returned after the answer, and the citing prompt.
pub fn default_web_search() -> WebSearchTool {
    WebSearchTool {
        enable: true,
        search_engine: "search_pro".to_string(),
        search_query: None,
        search_intent: None,
        count: Some(5),
        search_domain_filter: None,
        search_recency_filter: None,
        content_size: None,
        result_sequence: Some("after".to_string()),
        search_result: Some(true),
        require_search: None,
        search_prompt: Some(DEFAULT_SEARCH_PROMPT.to_string()),
    }
}
