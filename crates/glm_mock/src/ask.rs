//! What a chat request asks for: its validated body, the scenario `#tag` it selects and the flags that shape the reply.

use glm_protocol::wire::{ChatRequest, ErrorDetail, Message, Role, ThinkingType};
use serde_json::Value;

/// A validated chat request, with the parts the scenarios look at pulled out.
#[derive(Debug, Clone)]
pub struct Ask {
    pub request: ChatRequest,
    pub stream: bool,
    /// Reasoning is sent unless the request set `thinking.type = "disabled"`.
    pub thinking: bool,
    /// The text of the last user message (string content or the text parts).
    pub user_text: String,
    /// The tag selected, lower-case without `#`; `None` for the default scenario.
    pub tag: Option<String>,
    /// Numbers written after the tag (`#burst 2000`, `#paced 100 20`).
    pub args: Vec<u64>,
    /// `#fast` was given: no delay between chunks.
    pub fast: bool,
}

/// A rejected request body: HTTP 400 with this business error.
pub fn bad_request(code: &str, message: impl Into<String>) -> ErrorDetail {
    ErrorDetail {
        code: Some(code.to_string()),
        message: Some(message.into()),
    }
}

impl Ask {
    /// Validates the body like the real API does (1210 not JSON, 1213 field missing, 1214 field invalid).
    pub fn parse(body: &[u8], known_tags: &[&str]) -> Result<Ask, ErrorDetail> {
        let value: Value = serde_json::from_slice(body)
            .map_err(|e| bad_request("1210", format!("API 调用参数有误，请检查文档。{e}")))?;
        match value.get("model") {
            None | Some(Value::Null) => return Err(bad_request("1213", "未正常接收到model参数")),
            Some(Value::String(m)) if !m.trim().is_empty() => {}
            Some(_) => return Err(bad_request("1214", "model参数非法。请检查文档。")),
        }
        match value.get("messages") {
            None | Some(Value::Null) => {
                return Err(bad_request("1213", "未正常接收到messages参数"));
            }
            Some(Value::Array(items)) if !items.is_empty() => {}
            Some(_) => return Err(bad_request("1214", "messages参数非法。请检查文档。")),
        }
        let request: ChatRequest =
            serde_json::from_value(value).map_err(|e| bad_request("1214", format!("请求参数非法。请检查文档。{e}")))?;
        if !request
            .messages
            .iter()
            .any(|m| matches!(m.role, Role::User | Role::Tool))
        {
            return Err(bad_request(
                "1214",
                "messages参数非法：不能只包含system或assistant消息。",
            ));
        }
        let user_texts: Vec<String> = request
            .messages
            .iter()
            .filter(|m| m.role == Role::User)
            .map(|m| m.content.as_ref().map(|c| c.to_text()).unwrap_or_default())
            .collect();
        let user_text = user_texts.last().cloned().unwrap_or_default();
        let mut found = scan_tags(&user_text, known_tags);
        // "continue" after a cut-off reply keeps the scenario of the question it continues.
        if found.iter().all(|t| t.name == "fast") && is_continue(&user_text) {
            let earlier = user_texts.iter().rev().skip(1).map(|t| scan_tags(t, known_tags));
            if let Some(tags) = earlier.into_iter().find(|tags| tags.iter().any(|t| t.name != "fast")) {
                found.extend(tags);
            }
        }
        let fast = found.iter().any(|t| t.name == "fast");
        let chosen = found.into_iter().find(|t| t.name != "fast");
        Ok(Ask {
            stream: request.stream.unwrap_or(false),
            thinking: request
                .thinking
                .as_ref()
                .is_none_or(|t| t.kind != ThinkingType::Disabled),
            user_text,
            tag: chosen.as_ref().map(|t| t.name.clone()),
            args: chosen.map(|t| t.args).unwrap_or_default(),
            fast,
            request,
        })
    }

    pub fn model(&self) -> &str {
        &self.request.model
    }

    pub fn last_message(&self) -> Option<&Message> {
        self.request.messages.last()
    }

    /// The user wrote in Chinese (or Japanese/Korean): answer in Chinese.
    pub fn wants_chinese(&self) -> bool {
        self.user_text.chars().any(is_cjk)
    }

    /// A rough token count of everything sent, for `usage.prompt_tokens`.
    pub fn prompt_tokens(&self) -> u64 {
        let text: String = self
            .request
            .messages
            .iter()
            .filter_map(|m| m.content.as_ref())
            .map(|c| c.to_text())
            .collect();
        8 + estimate_tokens(&text)
    }
}

/// One `#tag` and the numbers after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    pub name: String,
    pub args: Vec<u64>,
}

/// Known tags in order of appearance, case-insensitive; `#fast` counts as known.
pub fn scan_tags(text: &str, known: &[&str]) -> Vec<Tag> {
    let mut tags = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        if c == '#' && !prev.is_some_and(|p| p.is_alphanumeric() || p == '#') {
            let rest = &text[i + 1..];
            let end = rest
                .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '-' || ch == '_'))
                .unwrap_or(rest.len());
            let name = rest[..end].trim_end_matches('-').to_ascii_lowercase();
            if name == "fast" || known.contains(&name.as_str()) {
                let args = rest[end..]
                    .split_whitespace()
                    .map_while(|w| w.parse().ok())
                    .take(2)
                    .collect();
                tags.push(Tag { name, args });
            }
        }
        prev = Some(c);
    }
    tags
}

/// "continue", "go on", "继续" and the like.
pub fn is_continue(text: &str) -> bool {
    let lower = text.to_lowercase();
    ["continue", "go on", "keep going", "继续"]
        .iter()
        .any(|w| lower.contains(w))
}

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x2FFFF)
}

/// About one token per CJK character and four per three words otherwise.
pub fn estimate_tokens(text: &str) -> u64 {
    let cjk = text.chars().filter(|c| is_cjk(*c)).count() as u64;
    let words = text
        .split(|c: char| c.is_whitespace() || is_cjk(c))
        .filter(|w| !w.is_empty())
        .count() as u64;
    cjk + (words * 4).div_ceil(3)
}
