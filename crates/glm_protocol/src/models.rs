//! What the app knows about each model: its kind (text, vision, voice), whether it takes `thinking`, its sampling
//! defaults and `max_tokens` limits (reference §2.1), and which inputs and tools it accepts (§2.2, §2.3).
//!
//! Unknown ids are classified by their family prefix, so a newly released `glm-4.7` or `glm-4.6v-flash` still gets
//! the right controls; a wholly unknown id is treated as a text model with no known limits.

/// The request schema a model uses (reference §2: Text, Vision, Audio).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelKind {
    Text,
    Vision,
    Voice,
}

/// The presets the picker offers, grouped by kind in this order.
pub const PRESETS: &[(&str, ModelKind)] = &[
    ("glm-4.6", ModelKind::Text),
    ("glm-4.5", ModelKind::Text),
    ("glm-4.5-air", ModelKind::Text),
    ("glm-4.5-flash", ModelKind::Text),
    ("glm-4-plus", ModelKind::Text),
    ("glm-4-flash-250414", ModelKind::Text),
    ("glm-4.5v", ModelKind::Vision),
    ("glm-4.6v", ModelKind::Vision),
    ("glm-4-voice", ModelKind::Voice),
];

/// Facts about one model id. `None` means "not documented for this id": the UI shows no default and no limit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelInfo {
    pub kind: ModelKind,
    /// Accepts the `thinking` object (GLM-4.5 and later).
    pub thinking: bool,
    /// Accepts `tool_stream` (GLM-4.6 and later text models).
    pub tool_stream: bool,
    /// Accepts `response_format` (text models only).
    pub response_format: bool,
    /// Accepts `tools` of kinds other than `function` (web search, retrieval, MCP): text models only.
    pub builtin_tools: bool,
    /// Accepts function tools (text models, and GLM-4.6V among vision models).
    pub function_tools: bool,
    /// Accepts `file_url` parts (GLM-4.5V/4.6V).
    pub file_input: bool,
    /// Accepts base64 images (all vision models here; GLM-4V-Flash takes URLs only).
    pub base64_images: bool,
    /// Most images in one request.
    pub max_images: u32,
    /// The `video_url` part must come first in a message's content (GLM-4V-Plus-0111, §2.2).
    pub video_first: bool,
    pub default_temperature: Option<f64>,
    pub default_top_p: Option<f64>,
    pub default_max_tokens: Option<u32>,
    pub max_tokens_limit: Option<u32>,
}

/// The schema-wide `max_tokens` maximum, used when a model's own limit is unknown.
pub const MAX_TOKENS_SCHEMA_LIMIT: u32 = 131_072;

/// Classifies any model id (case-insensitive, surrounding blanks ignored).
pub fn model_info(id: &str) -> ModelInfo {
    let id = id.trim().to_ascii_lowercase();
    let id = id.as_str();
    let kind = kind_of(id);
    // The version after "glm-", as tenths: glm-4.6v → 46, glm-4-plus → 40, glm-5 → 50.
    let version = glm_version(id);
    let modern = version.is_some_and(|v| v >= 45);
    let mut info = ModelInfo {
        kind,
        thinking: modern,
        tool_stream: kind == ModelKind::Text && version.is_some_and(|v| v >= 46),
        response_format: kind == ModelKind::Text,
        builtin_tools: kind == ModelKind::Text,
        function_tools: kind == ModelKind::Text || (kind == ModelKind::Vision && version.is_some_and(|v| v >= 46)),
        file_input: kind == ModelKind::Vision && modern,
        base64_images: kind == ModelKind::Vision && !id.starts_with("glm-4v-flash"),
        max_images: match kind {
            ModelKind::Vision if id.starts_with("glm-4v-flash") => 1,
            ModelKind::Vision if id.starts_with("glm-4v-plus") => 5,
            ModelKind::Vision => 50,
            _ => 0,
        },
        video_first: id.starts_with("glm-4v-plus-0111"),
        default_temperature: None,
        default_top_p: None,
        default_max_tokens: None,
        max_tokens_limit: None,
    };
    let (t, p) = match (kind, version) {
        (ModelKind::Voice, _) => (Some(0.8), Some(0.6)),
        (ModelKind::Vision, _) => (Some(0.8), Some(0.6)),
        (ModelKind::Text, Some(45)) => (Some(0.6), Some(0.95)),
        (ModelKind::Text, Some(v)) if v >= 46 => (Some(1.0), Some(0.95)),
        (ModelKind::Text, Some(40)) => (Some(0.75), Some(0.9)),
        _ => (None, None),
    };
    info.default_temperature = t;
    info.default_top_p = p;
    let (default_max, limit) = match id {
        "glm-4.6" => (Some(65_536), Some(131_072)),
        _ if id.starts_with("glm-4.5v") => (Some(16_384), Some(16_384)),
        _ if id.starts_with("glm-4.6v") => (Some(16_384), Some(32_768)),
        _ if id.starts_with("glm-4.5") => (Some(65_536), Some(98_304)),
        "glm-4-flash-250414" => (Some(32_768), Some(32_768)),
        "glm-4-plus" | "glm-4-air" | "glm-4-airx" | "glm-4-flash" | "glm-4-flashx" => (None, Some(4_095)),
        "glm-4v-flash" => (Some(1_024), Some(1_024)),
        "glm-4v-plus-0111" => (Some(1_024), Some(8_192)),
        "glm-4-voice" => (Some(1_024), Some(4_096)),
        _ => (None, None),
    };
    info.default_max_tokens = default_max;
    info.max_tokens_limit = limit;
    info
}

fn kind_of(id: &str) -> ModelKind {
    if id.contains("voice") {
        return ModelKind::Voice;
    }
    // glm-4.5v, glm-4.6v-flash, glm-4v-plus-0111, glm-5v-turbo: a "v" right after the version number.
    let rest = id.strip_prefix("glm-").unwrap_or("");
    let version_end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    if version_end > 0 && rest[version_end..].starts_with('v') {
        ModelKind::Vision
    } else {
        ModelKind::Text
    }
}

fn glm_version(id: &str) -> Option<u32> {
    let rest = id.strip_prefix("glm-")?;
    let mut parts = rest.split(|c: char| !c.is_ascii_digit());
    let major: u32 = parts.next()?.parse().ok()?;
    let minor: u32 = match rest.as_bytes().get(major.to_string().len()) {
        Some(b'.') => parts
            .next()
            .and_then(|m| m.chars().next())
            .and_then(|c| c.to_digit(10))
            .unwrap_or(0),
        _ => 0,
    };
    Some(major * 10 + minor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_classified_as_listed() {
        for (id, kind) in PRESETS {
            assert_eq!(model_info(id).kind, *kind, "{id}");
        }
    }

    #[test]
    fn unknown_ids_follow_their_family() {
        assert_eq!(model_info("glm-4.6v-flash").kind, ModelKind::Vision);
        assert_eq!(model_info("glm-4v-plus-0111").max_images, 5);
        assert_eq!(model_info("GLM-4.7 ").kind, ModelKind::Text);
        assert!(model_info("glm-4.7").thinking && model_info("glm-4.7").tool_stream);
        assert_eq!(model_info("glm-5v-turbo").kind, ModelKind::Vision);
        assert_eq!(model_info("my-finetune").kind, ModelKind::Text);
        assert!(!model_info("my-finetune").thinking);
        assert_eq!(model_info("my-finetune").default_temperature, None);
    }

    #[test]
    fn documented_defaults_and_limits() {
        let g45 = model_info("glm-4.5-air");
        assert_eq!((g45.default_temperature, g45.default_top_p), (Some(0.6), Some(0.95)));
        assert_eq!(
            (g45.default_max_tokens, g45.max_tokens_limit),
            (Some(65_536), Some(98_304))
        );
        let g46 = model_info("glm-4.6");
        assert_eq!(
            (g46.default_temperature, g46.max_tokens_limit),
            (Some(1.0), Some(131_072))
        );
        assert!(g46.tool_stream && g46.thinking && g46.response_format);
        let plus = model_info("glm-4-plus");
        assert_eq!(
            (plus.default_temperature, plus.max_tokens_limit),
            (Some(0.75), Some(4_095))
        );
        assert!(!plus.thinking && !plus.tool_stream);
        let v = model_info("glm-4.5v");
        assert!(v.thinking && v.file_input && v.base64_images && !v.response_format && !v.function_tools);
        assert!(model_info("glm-4.6v").function_tools);
        let voice = model_info("glm-4-voice");
        assert_eq!(voice.kind, ModelKind::Voice);
        assert_eq!(
            (voice.default_max_tokens, voice.max_tokens_limit),
            (Some(1_024), Some(4_096))
        );
        assert!(!voice.thinking && !voice.builtin_tools && voice.max_images == 0);
        assert!(!model_info("glm-4v-flash").base64_images);
    }
}
