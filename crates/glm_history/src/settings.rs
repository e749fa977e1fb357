//! The request settings remembered with each conversation, so reopening it continues with the same model and knobs.

use glm_protocol::params::RequestParams;
use glm_protocol::tools::ToolEntry;
use serde::{Deserialize, Serialize};

/// What shapes the requests of one conversation. The endpoint and the API key are deliberately absent: they belong
/// to the browser profile, not to the conversation, and must never travel in an export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConversationSettings {
    /// Empty means "the app's default model at the time of sending".
    pub model: String,
    pub system_prompt: String,
    pub thinking: bool,
    pub web_search: bool,
    pub temperature: Option<f64>,
    pub top_p: Option<f64>,
    pub max_tokens: Option<u32>,
    pub stream: bool,
    /// do_sample, stop, response_format, user_id, request_id, tool_stream (absent in records before issue 5).
    pub params: RequestParams,
    /// Function tools, MCP servers and knowledge bases, each enabled or not.
    pub tools: Vec<ToolEntry>,
}

impl Default for ConversationSettings {
    /// Matches the app's first-run settings, so an old record without settings behaves as it did when written.
    fn default() -> Self {
        ConversationSettings {
            model: String::new(),
            system_prompt: String::new(),
            thinking: true,
            web_search: false,
            temperature: None,
            top_p: None,
            max_tokens: None,
            stream: true,
            params: RequestParams::default(),
            tools: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_fields_take_defaults() {
        let s: ConversationSettings = serde_json::from_str(r#"{"model":"glm-4.6","future":1}"#).unwrap();
        assert_eq!(s.model, "glm-4.6");
        assert!(s.stream && s.thinking && !s.web_search);
        // Records written before parameters and tools existed read with the defaults, which send nothing.
        assert_eq!(s.params, RequestParams::default());
        assert!(s.params.do_sample && s.tools.is_empty());
        let partial: ConversationSettings =
            serde_json::from_str(r#"{"params":{"stop":"END"},"tools":[{"kind":"mcp","server_label":"x"}]}"#).unwrap();
        assert_eq!(partial.params.stop.as_deref(), Some("END"));
        assert!(partial.params.do_sample && partial.tools[0].enabled);
    }
}
