//! JSON shapes of `POST /chat/completions`: the request, the response, and the stream chunk, mirrored leniently.
//!
//! Requests omit every unset optional field (never `null`). Responses accept missing fields, unknown fields,
//! numbers-or-strings and arguments-as-string-or-object, per §13 of the API reference.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::lenient;

// ---------------------------------------------------------------------------------------------------------------
// Request
// ---------------------------------------------------------------------------------------------------------------

/// The request body. Field order follows the API reference; unset options are not serialised.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ChatRequest {
    pub model: String,
    pub messages: Vec<Message>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thinking: Option<Thinking>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub do_sample: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_p: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_tokens: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tools: Vec<Tool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_choice: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_stream: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_format: Option<ResponseFormat>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Role-play models (`charglm-4`, `emohaa`) only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<RolePlayMeta>,
    /// Listed only under the audio (glm-4-voice) schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub watermark_enabled: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    System,
    User,
    Assistant,
    Tool,
}

/// One message of the conversation sent to the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub role: Role,
    /// Text models take a string; vision and voice models take parts. An assistant turn that only called tools
    /// may have no content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<MessageContent>,
    /// Earlier reasoning, sent back when `thinking.clear_thinking` is false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reasoning_content: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tool_calls: Vec<ToolCall>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_call_id: Option<String>,
    /// glm-4-voice multi-turn: the id of the audio the model returned earlier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio: Option<AudioRef>,
}

impl Message {
    pub fn text(role: Role, text: impl Into<String>) -> Self {
        Message {
            role,
            content: Some(MessageContent::Text(text.into())),
            reasoning_content: None,
            tool_calls: Vec::new(),
            tool_call_id: None,
            audio: None,
        }
    }

    pub fn system(text: impl Into<String>) -> Self {
        Self::text(Role::System, text)
    }

    pub fn user(text: impl Into<String>) -> Self {
        Self::text(Role::User, text)
    }

    pub fn assistant(text: impl Into<String>) -> Self {
        Self::text(Role::Assistant, text)
    }

    /// The answer to a function call, matched to it by `tool_call_id`.
    pub fn tool_result(tool_call_id: impl Into<String>, content: impl Into<String>) -> Self {
        Message {
            tool_call_id: Some(tool_call_id.into()),
            ..Self::text(Role::Tool, content)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum MessageContent {
    Text(String),
    Parts(Vec<ContentPart>),
}

impl MessageContent {
    /// The text of the content: the string itself, or the text parts joined by newlines.
    pub fn to_text(&self) -> String {
        match self {
            MessageContent::Text(t) => t.clone(),
            MessageContent::Parts(parts) => parts
                .iter()
                .filter_map(|p| match p {
                    ContentPart::Text { text } => Some(text.as_str()),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ContentPart {
    Text { text: String },
    ImageUrl { image_url: UrlRef },
    VideoUrl { video_url: UrlRef },
    FileUrl { file_url: UrlRef },
    InputAudio { input_audio: InputAudio },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UrlRef {
    /// An `https:` URL, or base64 data (raw or as a data URL) for images.
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputAudio {
    /// Base64 of the WAV or MP3 bytes.
    pub data: String,
    /// `wav` or `mp3`.
    pub format: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AudioRef {
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Thinking {
    #[serde(rename = "type")]
    pub kind: ThinkingType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clear_thinking: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThinkingType {
    Enabled,
    Disabled,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResponseFormat {
    /// `text` or `json_object`.
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RolePlayMeta {
    pub user_info: String,
    pub bot_info: String,
    pub bot_name: String,
    pub user_name: String,
}

/// A tool offered to the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Tool {
    Function { function: FunctionDef },
    WebSearch { web_search: WebSearchTool },
    Retrieval { retrieval: RetrievalTool },
    Mcp { mcp: McpTool },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunctionDef {
    /// `^[a-zA-Z0-9_-]+$`, 1–64 characters.
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// A JSON schema object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Value>,
}

/// The built-in web search tool with every documented option.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebSearchTool {
    pub enable: bool,
    /// Required by BigModel: `search_std | search_pro | search_pro_sogou | search_pro_quark`; Z.ai: `search_pro_jina`.
    pub search_engine: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_query: Option<String>,
    /// Typed as a string in the spec (`"true"` / `"false"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_intent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_domain_filter: Option<String>,
    /// `oneDay | oneWeek | oneMonth | oneYear | noLimit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_recency_filter: Option<String>,
    /// `medium | high`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_size: Option<String>,
    /// `before | after`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_sequence: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_result: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_search: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_prompt: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RetrievalTool {
    pub knowledge_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt_template: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct McpTool {
    pub server_label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_url: Option<String>,
    /// `sse | streamable-http`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transport_type: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed_tools: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<serde_json::Map<String, Value>>,
}

// ---------------------------------------------------------------------------------------------------------------
// Response (non-streamed) and chunk (streamed) share one lenient shape.
// ---------------------------------------------------------------------------------------------------------------

/// A whole response (`choices[].message`) or one stream chunk (`choices[].delta`). Everything is optional.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Completion {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::int_or_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub created: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// `chat.completion` / `chat.completion.chunk`; absent in older glm-4.5 responses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    #[serde(default, deserialize_with = "null_as_default", skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_result: Option<Vec<VideoResult>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web_search: Option<Vec<WebSearchResult>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_filter: Option<Vec<ContentFilter>>,
    /// An error frame inside a stream (or a 200 body that is really an error).
    #[serde(default, deserialize_with = "error_detail", skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorDetail>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Choice {
    #[serde(default)]
    pub index: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<AssistantDelta>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delta: Option<AssistantDelta>,
    #[serde(default, deserialize_with = "finish_reason", skip_serializing_if = "Option::is_none")]
    pub finish_reason: Option<FinishReason>,
}

/// The assistant's message (whole) or the delta of one chunk.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AssistantDelta {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// A string; `null` when only tool calls; an array of `{type:"text",text}` for some GLM-4V models.
    #[serde(default, deserialize_with = "content_text", skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reasoning_content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio: Option<AudioOut>,
    #[serde(default, deserialize_with = "null_as_default", skip_serializing_if = "Vec::is_empty")]
    pub tool_calls: Vec<ToolCall>,
}

/// A tool call, whole or as a streamed fragment (merged by `index`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ToolCall {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `function` or `mcp`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function: Option<FunctionCall>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mcp: Option<McpCall>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FunctionCall {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A JSON string on BigModel, an object in the Z.ai schema; always kept as text here.
    #[serde(
        default,
        deserialize_with = "lenient::arguments",
        skip_serializing_if = "Option::is_none"
    )]
    pub arguments: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct McpCall {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `mcp_list_tools` or `mcp_call`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, deserialize_with = "null_as_default", skip_serializing_if = "Vec::is_empty")]
    pub tools: Vec<McpToolInfo>,
    #[serde(
        default,
        deserialize_with = "lenient::arguments",
        skip_serializing_if = "Option::is_none"
    )]
    pub arguments: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct McpToolInfo {
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_schema: Option<Value>,
}

/// glm-4-voice audio output.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AudioOut {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Base64 WAV.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    /// Unix seconds; the schema says string, the example an integer.
    #[serde(
        default,
        deserialize_with = "lenient::int_or_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub expires_at: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Usage {
    #[serde(default, deserialize_with = "lenient::count")]
    pub prompt_tokens: u64,
    #[serde(default, deserialize_with = "lenient::count")]
    pub completion_tokens: u64,
    #[serde(default, deserialize_with = "lenient::count")]
    pub total_tokens: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt_tokens_details: Option<PromptTokensDetails>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion_tokens_details: Option<CompletionTokensDetails>,
}

impl Usage {
    pub fn cached_tokens(&self) -> Option<u64> {
        self.prompt_tokens_details.and_then(|d| d.cached_tokens)
    }

    pub fn reasoning_tokens(&self) -> Option<u64> {
        self.completion_tokens_details.and_then(|d| d.reasoning_tokens)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PromptTokensDetails {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cached_tokens: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CompletionTokensDetails {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reasoning_tokens: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VideoResult {
    #[serde(default, deserialize_with = "lenient::text")]
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover_image_url: Option<String>,
}

/// One web search result. Every field is untrusted text.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WebSearchResult {
    #[serde(default, deserialize_with = "lenient::text")]
    pub refer: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub title: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub link: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub media: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub icon: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub publish_date: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub content: String,
}

/// A moderation verdict: `role` is the stage (`assistant`, `user`, `history`), `level` 0 (most severe) … 3 (mild).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ContentFilter {
    #[serde(default, deserialize_with = "lenient::text")]
    pub role: String,
    #[serde(default, deserialize_with = "lenient::int_or_string")]
    pub level: Option<i64>,
}

/// Why generation ended. Unknown values are kept, not rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FinishReason {
    Stop,
    Length,
    ToolCalls,
    Sensitive,
    NetworkError,
    ModelContextWindowExceeded,
    Other(String),
}

impl FinishReason {
    pub fn as_str(&self) -> &str {
        match self {
            FinishReason::Stop => "stop",
            FinishReason::Length => "length",
            FinishReason::ToolCalls => "tool_calls",
            FinishReason::Sensitive => "sensitive",
            FinishReason::NetworkError => "network_error",
            FinishReason::ModelContextWindowExceeded => "model_context_window_exceeded",
            FinishReason::Other(s) => s,
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            "stop" => FinishReason::Stop,
            "length" => FinishReason::Length,
            "tool_calls" => FinishReason::ToolCalls,
            "sensitive" => FinishReason::Sensitive,
            "network_error" => FinishReason::NetworkError,
            "model_context_window_exceeded" => FinishReason::ModelContextWindowExceeded,
            other => FinishReason::Other(other.to_string()),
        }
    }
}

impl Serialize for FinishReason {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for FinishReason {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(FinishReason::parse(&s))
    }
}

/// The `error` object of an error body or frame. `code` is a string on BigModel and a number on Z.ai.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ErrorDetail {
    #[serde(
        default,
        deserialize_with = "lenient::string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// An error body in either documented shape: wrapped `{"error":{code,message}}` or flat `{code,message}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct ErrorBody {
    #[serde(default)]
    pub error: Option<ErrorDetail>,
    #[serde(default, deserialize_with = "lenient::string_or_number")]
    pub code: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub request_id: Option<String>,
}

impl ErrorBody {
    /// The error detail, whichever shape carried it; `None` when the body has neither.
    pub fn detail(&self) -> Option<ErrorDetail> {
        match &self.error {
            Some(e) => Some(e.clone()),
            None if self.code.is_some() || self.message.is_some() => Some(ErrorDetail {
                code: self.code.clone(),
                message: self.message.clone(),
            }),
            None => None,
        }
    }
}

fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// `content` as a string, or the concatenated text of a parts array.
fn content_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(Value::Array(parts)) => Some(
            parts
                .iter()
                .filter_map(|p| p.get("text").and_then(Value::as_str))
                .collect::<String>(),
        ),
        Some(other) => Some(other.to_string()),
    })
}

/// Some OpenAI-compatible servers send `"finish_reason": ""` on every chunk; that means "not finished".
fn finish_reason<'de, D: Deserializer<'de>>(d: D) -> Result<Option<FinishReason>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(FinishReason::parse(s.trim())),
        _ => None,
    })
}

/// An error frame's `error` is normally an object; a bare string is taken as its message rather than failing the
/// whole frame.
fn error_detail<'de, D: Deserializer<'de>>(d: D) -> Result<Option<ErrorDetail>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(value @ Value::Object(_)) => serde_json::from_value(value).ok(),
        Some(Value::String(message)) => Some(ErrorDetail {
            code: None,
            message: Some(message),
        }),
        _ => None,
    })
}
