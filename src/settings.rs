//! The user's settings: what they are, their defaults, validation, and how they shape a request.

use glm_history::ConversationSettings;
use glm_protocol::params::RequestParams;
pub use glm_protocol::params::{FieldError, parse_max_tokens, parse_temperature, parse_top_p};
use glm_protocol::request::{RequestOptions, default_web_search};
use glm_protocol::tools::ToolEntry;
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

pub const BIGMODEL_BASE: &str = "https://open.bigmodel.cn/api/paas/v4";
pub const ZAI_BASE: &str = "https://api.z.ai/api/paas/v4";
pub const LOCAL_DEMO_BASE: &str = "http://127.0.0.1:8787/api/paas/v4";

pub const DEFAULT_MODEL: &str = "glm-4.5-flash";

/// The colour theme: the system's (prefers-color-scheme) unless the user picked one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

/// Settings persisted in localStorage (the API key is stored apart from them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub base_url: String,
    pub model: String,
    pub stream: bool,
    pub thinking: bool,
    pub web_search: bool,
    pub system_prompt: String,
    /// `None` follows the browser's language.
    pub language: Option<Lang>,
    /// Light, dark, or the system's choice.
    pub theme: Theme,
    pub temperature: Option<f64>,
    pub top_p: Option<f64>,
    pub max_tokens: Option<u32>,
    /// do_sample, stop, response_format, user_id, request_id, tool_stream.
    pub params: RequestParams,
    /// The conversation's function tools, MCP servers and knowledge bases.
    pub tools: Vec<ToolEntry>,
    /// The host runs a proxy that holds the key (`key-storage="none"`): the visitor is never asked for one.
    #[serde(skip)]
    pub keyless: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            base_url: BIGMODEL_BASE.to_string(),
            model: DEFAULT_MODEL.to_string(),
            stream: true,
            thinking: true,
            web_search: false,
            system_prompt: String::new(),
            language: None,
            theme: Theme::System,
            temperature: None,
            top_p: None,
            max_tokens: None,
            params: RequestParams::default(),
            tools: Vec::new(),
            keyless: false,
        }
    }
}

impl Settings {
    /// Defaults for a first visit; `default_base` comes from the hosting page (e.g. the demo server) when it names one.
    pub fn first_run(default_base: Option<&str>) -> Self {
        let mut s = Settings::default();
        if let Some(base) = default_base.map(str::trim).filter(|b| !b.is_empty()) {
            s.base_url = base.to_string();
        }
        s
    }

    /// Reads saved settings; anything unreadable falls back to defaults field by field rather than failing.
    pub fn from_json(json: &str, default_base: Option<&str>) -> Self {
        match serde_json::from_str::<Settings>(json) {
            Ok(mut s) => {
                if s.base_url.trim().is_empty() {
                    s.base_url = Settings::first_run(default_base).base_url;
                }
                if s.model.trim().is_empty() {
                    s.model = DEFAULT_MODEL.to_string();
                }
                s
            }
            Err(_) => Settings::first_run(default_base),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn request_options(&self) -> RequestOptions {
        RequestOptions {
            model: self.model.trim().to_string(),
            stream: self.stream,
            thinking: Some(self.thinking),
            system_prompt: self.system_prompt.clone(),
            temperature: self.temperature,
            top_p: self.top_p,
            max_tokens: self.max_tokens,
            web_search: self.web_search.then(default_web_search),
            params: self.params.clone(),
            tools: self.tools.clone(),
            request_id: None,
        }
    }

    /// The part of these settings a conversation remembers (model, prompt, switches, sampling).
    pub fn conversation_settings(&self) -> ConversationSettings {
        ConversationSettings {
            model: self.model.trim().to_string(),
            system_prompt: self.system_prompt.clone(),
            thinking: self.thinking,
            web_search: self.web_search,
            temperature: self.temperature,
            top_p: self.top_p,
            max_tokens: self.max_tokens,
            stream: self.stream,
            params: self.params.clone(),
            tools: self.tools.clone(),
        }
    }

    /// Takes a conversation's remembered settings; an empty model (an old record) keeps the current one.
    pub fn apply_conversation(&mut self, c: &ConversationSettings) {
        if !c.model.trim().is_empty() {
            self.model = c.model.clone();
        }
        self.system_prompt = c.system_prompt.clone();
        self.thinking = c.thinking;
        self.web_search = c.web_search;
        self.temperature = c.temperature;
        self.top_p = c.top_p;
        self.max_tokens = c.max_tokens;
        self.stream = c.stream;
        self.params = c.params.clone();
        self.tools = c.tools.clone();
    }

    /// Whether the configured endpoint is one of the official hosts, which always need a key (unless the host
    /// said the visitor never gives one).
    pub fn endpoint_needs_key(&self) -> bool {
        if self.keyless {
            return false;
        }
        let base = self.base_url.to_ascii_lowercase();
        base.contains("open.bigmodel.cn") || base.contains("api.z.ai")
    }
}

/// Which preset a base URL corresponds to, for the endpoint picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndpointPreset {
    BigModel,
    Zai,
    Demo,
    Custom,
}

impl EndpointPreset {
    pub fn of(base: &str, demo_base: &str) -> Self {
        let b = base.trim().trim_end_matches('/');
        if b == BIGMODEL_BASE {
            EndpointPreset::BigModel
        } else if b == ZAI_BASE {
            EndpointPreset::Zai
        } else if b == demo_base.trim_end_matches('/') {
            EndpointPreset::Demo
        } else {
            EndpointPreset::Custom
        }
    }
}

/// A sampling value as the settings form shows it: the shortest text that reads back as the same number.
pub fn format_decimal(v: f64) -> String {
    // serde_json's float writer is already in the bundle; `f64::to_string` would add another (about 4 KB gzip).
    let text = serde_json::to_string(&v).unwrap_or_default();
    text.strip_suffix(".0").map(str::to_string).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_run_uses_the_page_default_endpoint() {
        assert_eq!(Settings::first_run(None).base_url, BIGMODEL_BASE);
        let demo = Settings::first_run(Some("http://127.0.0.1:9000/api/paas/v4"));
        assert_eq!(demo.base_url, "http://127.0.0.1:9000/api/paas/v4");
        assert!(demo.stream && demo.thinking && !demo.web_search);
    }

    #[test]
    fn saved_settings_round_trip_and_survive_garbage() {
        let s = Settings {
            model: "glm-4.6".into(),
            thinking: false,
            temperature: Some(0.3),
            language: Some(Lang::Zh),
            ..Settings::default()
        };
        assert_eq!(Settings::from_json(&s.to_json(), None), s);
        assert_eq!(Settings::from_json("{not json", None), Settings::default());
        // Unknown and missing fields: keep what is readable.
        let partial = Settings::from_json(r#"{"model":"glm-4.5","future_field":1}"#, None);
        assert_eq!(partial.model, "glm-4.5");
        assert!(partial.stream);
    }

    #[test]
    fn sampling_fields_are_validated() {
        assert_eq!(parse_temperature(""), Ok(None));
        assert_eq!(parse_temperature("0.7"), Ok(Some(0.7)));
        assert_eq!(parse_temperature("1.5"), Err(FieldError::OutOfRange));
        assert_eq!(parse_temperature("abc"), Err(FieldError::OutOfRange));
        assert_eq!(parse_top_p("0"), Err(FieldError::OutOfRange));
        assert_eq!(parse_top_p("0.01"), Ok(Some(0.01)));
        assert_eq!(parse_temperature(".5"), Ok(Some(0.5)));
        assert_eq!(parse_temperature("1."), Ok(Some(1.0)));
        for bad in [".", "-0.5", "1e-1", "0.5.5", " 0. 5", "0,5"] {
            assert_eq!(parse_temperature(bad), Err(FieldError::OutOfRange), "{bad:?}");
        }
        // Every value the form can show reads back as the same number.
        for v in [0.0, 0.01, 0.1, 0.15, 0.7, 0.95, 0.29, 1.0] {
            assert_eq!(parse_temperature(&format_decimal(v)), Ok(Some(v)), "{v}");
        }
        assert_eq!(format_decimal(1.0), "1");
        assert_eq!(format_decimal(0.7), "0.7");
        let info = glm_protocol::models::model_info("glm-4.6");
        assert_eq!(parse_max_tokens("4096", &info), Ok(Some(4096)));
        assert_eq!(parse_max_tokens("0", &info), Err(FieldError::OutOfRange));
        assert_eq!(parse_max_tokens("200000", &info), Err(FieldError::OutOfRange));
        assert_eq!(parse_max_tokens("1.5", &info), Err(FieldError::OutOfRange));
    }

    #[test]
    fn request_options_follow_settings() {
        let s = Settings {
            web_search: true,
            thinking: false,
            model: " glm-4.6 ".into(),
            ..Settings::default()
        };
        let o = s.request_options();
        assert_eq!(o.model, "glm-4.6");
        assert_eq!(o.thinking, Some(false));
        assert!(o.web_search.is_some());
    }

    #[test]
    fn conversation_settings_round_trip_and_an_empty_model_keeps_the_current() {
        let s = Settings {
            model: "glm-4.5-air".into(),
            system_prompt: "be brief".into(),
            thinking: false,
            temperature: Some(0.3),
            max_tokens: Some(99),
            ..Settings::default()
        };
        let c = s.conversation_settings();
        let mut other = Settings {
            base_url: "https://example.test/v4".into(),
            ..Settings::default()
        };
        other.apply_conversation(&c);
        assert_eq!(other.conversation_settings(), c);
        assert_eq!(
            other.base_url, "https://example.test/v4",
            "the endpoint is not per conversation"
        );
        other.apply_conversation(&ConversationSettings::default());
        assert_eq!(other.model, "glm-4.5-air");
        assert!(other.thinking && other.system_prompt.is_empty());
    }

    #[test]
    fn official_endpoints_need_a_key() {
        assert!(Settings::default().endpoint_needs_key());
        assert!(Settings::first_run(Some(ZAI_BASE)).endpoint_needs_key());
        assert!(!Settings::first_run(Some(LOCAL_DEMO_BASE)).endpoint_needs_key());
        assert_eq!(EndpointPreset::of(ZAI_BASE, LOCAL_DEMO_BASE), EndpointPreset::Zai);
        assert_eq!(
            EndpointPreset::of("https://proxy.example/api", LOCAL_DEMO_BASE),
            EndpointPreset::Custom
        );
    }
}
