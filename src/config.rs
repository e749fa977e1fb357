//! How the app is hosted: the full page or an embedded widget, and what the site owner fixed (endpoint, model,
//! system prompt, where the key is kept). Provided as context by whoever mounts the app; the full page reads the
//! same options from `<meta name="glm-chat-…">` tags.

use leptos::prelude::use_context;

use crate::settings::Settings;

/// Where the visitor's API key is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeyStorage {
    /// localStorage: kept across visits (the default).
    #[default]
    Local,
    /// sessionStorage: forgotten when the tab closes.
    Session,
    /// The endpoint needs no key from the visitor (a proxy that holds one): never ask, never send one.
    None,
}

impl KeyStorage {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "local" => Some(KeyStorage::Local),
            "session" => Some(KeyStorage::Session),
            "none" => Some(KeyStorage::None),
            _ => None,
        }
    }
}

/// How the app is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// The app owns the page (index.html).
    #[default]
    Page,
    /// A widget that fills the element it is mounted in.
    Inline,
    /// A widget that shows a floating button which opens the chat in a panel.
    Launcher,
}

impl Mode {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "inline" => Some(Mode::Inline),
            "launcher" => Some(Mode::Launcher),
            _ => None,
        }
    }
}

/// What the host fixed. Fields left `None` are the visitor's to choose in Settings.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AppConfig {
    pub mode: Mode,
    pub endpoint: Option<String>,
    pub model: Option<String>,
    pub system_prompt: Option<String>,
    pub key_storage: KeyStorage,
}

impl AppConfig {
    /// The configuration of the app being set up: the widget's, or the full page's from its meta tags.
    pub fn current() -> Self {
        use_context::<AppConfig>().unwrap_or_else(AppConfig::from_page)
    }

    /// The full page: `<meta name="glm-chat-endpoint">`, `glm-chat-model`, `glm-chat-system-prompt` and
    /// `glm-chat-key-storage` let a site owner fix what a widget's attributes would.
    pub fn from_page() -> Self {
        AppConfig::from_lookup(Mode::Page, crate::browser::page::meta)
    }

    /// Builds a configuration from named options (`endpoint`, `model`, `system-prompt`, `key-storage`).
    pub fn from_lookup(mode: Mode, get: impl Fn(&str) -> Option<String>) -> Self {
        let text = |name: &str| get(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        AppConfig {
            mode,
            endpoint: text("endpoint"),
            model: text("model"),
            // A system prompt keeps its inner whitespace, but a blank one fixes nothing.
            system_prompt: get("system-prompt").filter(|v| !v.trim().is_empty()),
            key_storage: text("key-storage")
                .and_then(|v| KeyStorage::parse(&v))
                .unwrap_or_default(),
        }
    }

    pub fn embedded(&self) -> bool {
        self.mode != Mode::Page
    }

    /// Whether the visitor is never asked for a key.
    pub fn keyless(&self) -> bool {
        self.key_storage == KeyStorage::None
    }

    /// The host's choices win over saved settings at every start; everything else stays the visitor's.
    pub fn apply(&self, mut settings: Settings) -> Settings {
        if let Some(endpoint) = &self.endpoint {
            settings.base_url = endpoint.clone();
        }
        if let Some(model) = &self.model {
            settings.model = model.clone();
        }
        if let Some(prompt) = &self.system_prompt {
            settings.system_prompt = prompt.clone();
        }
        settings.keyless = self.keyless();
        settings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string())
    }

    #[test]
    fn options_are_read_and_validated() {
        let c = AppConfig::from_lookup(
            Mode::Inline,
            lookup(&[
                ("endpoint", " /api/paas/v4 "),
                ("model", "glm-4.6"),
                ("system-prompt", "Be brief."),
                ("key-storage", "NONE"),
            ]),
        );
        assert_eq!(c.endpoint.as_deref(), Some("/api/paas/v4"));
        assert_eq!(c.model.as_deref(), Some("glm-4.6"));
        assert_eq!(c.system_prompt.as_deref(), Some("Be brief."));
        assert!(c.keyless() && c.embedded());

        let blank = AppConfig::from_lookup(Mode::Page, lookup(&[("endpoint", " "), ("key-storage", "cookie")]));
        assert_eq!(blank, AppConfig::default());
        assert_eq!(KeyStorage::parse("session"), Some(KeyStorage::Session));
        assert_eq!(Mode::parse("launcher"), Some(Mode::Launcher));
        assert_eq!(Mode::parse("page"), None);
    }

    #[test]
    fn host_choices_win_over_saved_settings() {
        let saved = Settings {
            base_url: "https://open.bigmodel.cn/api/paas/v4".into(),
            model: "glm-4.5".into(),
            temperature: Some(0.2),
            ..Settings::default()
        };
        let c = AppConfig {
            endpoint: Some("/api/paas/v4".into()),
            key_storage: KeyStorage::None,
            ..AppConfig::default()
        };
        let s = c.apply(saved.clone());
        assert_eq!(s.base_url, "/api/paas/v4");
        assert_eq!(s.model, "glm-4.5", "not fixed by the host: the visitor's");
        assert_eq!(s.temperature, Some(0.2));
        assert!(s.keyless && !s.endpoint_needs_key());
        assert_eq!(AppConfig::default().apply(saved.clone()), saved);
    }
}
