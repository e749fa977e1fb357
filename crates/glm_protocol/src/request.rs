//! Building the request: user-facing options plus conversation history into a `ChatRequest`, and the endpoint URL.

use serde::{Deserialize, Serialize};

use crate::models::{ModelInfo, model_info};
use crate::params::{self, ParamProblem, RequestParams};
use crate::tools::{self, ToolEntry, ToolKind, ToolProblem};
use crate::wire::{ChatRequest, Message, ResponseFormat, Thinking, ThinkingType, Tool, WebSearchTool};

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
    /// do_sample, stop, response_format, user_id, request_id and tool_stream.
    pub params: RequestParams,
    /// The conversation's tools; only the enabled ones of kinds the model accepts are sent.
    pub tools: Vec<ToolEntry>,
    /// The `request_id` of this request (made by the caller, fresh for each request), when the user asked for one.
    pub request_id: Option<String>,
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
            params: RequestParams::default(),
            tools: Vec::new(),
            request_id: None,
        }
    }
}

/// Why a request may not be sent as the options stand: a parameter out of range for the model, or a tool entry
/// that does not validate (its index in `tools` and its problems).
#[derive(Debug, Clone, PartialEq)]
pub enum SendProblem {
    Param(ParamProblem),
    Tool(usize, Vec<ToolProblem>),
}

/// The first reason not to send `opts`, checked against its model; `None` when it may be sent.
pub fn check_options(opts: &RequestOptions) -> Option<SendProblem> {
    let info = model_info(&opts.model);
    if let Some(p) = params::check(opts.temperature, opts.top_p, opts.max_tokens, &opts.params, &info) {
        return Some(SendProblem::Param(p));
    }
    let (index, sent): (Vec<usize>, Vec<ToolEntry>) = opts
        .tools
        .iter()
        .enumerate()
        .filter(|(_, e)| accepts(&info, e))
        .map(|(i, e)| (i, e.clone()))
        .unzip();
    // Reported by the index in the user's list, not in the filtered one.
    tools::check_entries(&sent).map(|(i, problems)| SendProblem::Tool(index[i], problems))
}

/// Whether the model takes tool entries of this kind (functions: text models and GLM-4.6V; the rest: text models).
pub fn accepts(info: &ModelInfo, entry: &ToolEntry) -> bool {
    match entry.kind {
        ToolKind::Function => info.function_tools,
        ToolKind::Mcp | ToolKind::Retrieval => info.builtin_tools,
    }
}

/// The request body: the system prompt (when not blank) first, then the history as given. Only what the model
/// accepts is sent (`model_info`): no `thinking` before GLM-4.5, no `response_format` or built-in tools for vision
/// and voice models, `tool_stream` only where supported and streamed. Values the API would take as its default
/// anyway (`do_sample: true`, a text `response_format`) are left out; with `do_sample` off, temperature and top_p
/// are left out too, since the API ignores them then. Call `check_options` first: this does not validate.
pub fn build_request(opts: &RequestOptions, history: &[Message]) -> ChatRequest {
    let info = model_info(&opts.model);
    let p = &opts.params;
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
        thinking: opts.thinking.filter(|_| info.thinking).map(|on| Thinking {
            kind: if on {
                ThinkingType::Enabled
            } else {
                ThinkingType::Disabled
            },
            clear_thinking: None,
        }),
        do_sample: (!p.do_sample).then_some(false),
        temperature: opts.temperature.filter(|_| p.do_sample),
        top_p: opts.top_p.filter(|_| p.do_sample),
        max_tokens: opts.max_tokens,
        stop: p.stop.clone().filter(|s| !s.is_empty()).map(|s| vec![s]),
        tools: opts
            .tools
            .iter()
            .filter(|e| e.enabled && accepts(&info, e))
            .filter_map(|e| e.to_tool().ok())
            .chain(
                opts.web_search
                    .iter()
                    .filter(|_| info.builtin_tools)
                    .map(|ws| Tool::WebSearch { web_search: ws.clone() }),
            )
            .collect(),
        tool_stream: (p.tool_stream && opts.stream && info.tool_stream).then_some(true),
        response_format: (p.json_output && info.response_format).then(|| ResponseFormat {
            kind: "json_object".to_string(),
        }),
        request_id: opts.request_id.clone().filter(|id| !id.is_empty()),
        user_id: p.user_id.clone().filter(|id| !id.is_empty()),
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
