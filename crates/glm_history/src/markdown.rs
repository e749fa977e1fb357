//! Conversations as readable Markdown: the current branch with reasoning, tool calls, sources and warnings.
//!
//! Model text is Markdown already and is kept as written. Everything placed inside our own structure (titles,
//! source names, links) is escaped, and only `http:`/`https:` links become links, so a hostile source cannot turn
//! the export into a `javascript:` link or break out of its list item.

use std::fmt::Write;

use glm_protocol::error::Lang;
use glm_protocol::reply::{Reply, ReplyStatus};
use glm_protocol::wire::FinishReason;

use crate::conversation::Conversation;
use crate::message::{MessageBody, StoredMessage};

/// The words the export puts around the conversation, in the reader's language. `{…}` marks what is filled in.
struct Labels {
    untitled: &'static str,
    model: &'static str,
    system_prompt: &'static str,
    you: &'static str,
    attachment: &'static str,
    tool_result: &'static str,
    assistant: &'static str,
    reasoning: &'static str,
    tool_call: &'static str,
    filter: &'static str,
    filter_level: &'static str,
    sources: &'static str,
    video: &'static str,
    audio: &'static str,
    error: &'static str,
    cut_off: &'static str,
    sensitive: &'static str,
    context: &'static str,
    network: &'static str,
    interrupted: &'static str,
    tokens: &'static str,
}

const EN: Labels = Labels {
    untitled: "Untitled conversation",
    model: "Model",
    system_prompt: "System prompt",
    you: "You",
    attachment: "Attachment",
    tool_result: "Tool result",
    assistant: "Assistant",
    reasoning: "Reasoning",
    tool_call: "Tool call",
    filter: "⚠️ Content filter{level} on the {role} side.",
    filter_level: " level {level}",
    sources: "Sources",
    video: "Video",
    audio: "(The answer included audio, not exported here.)",
    error: "Error",
    cut_off: "The answer was cut off at the token limit.",
    sensitive: "The answer was stopped by the content filter.",
    context: "The conversation outgrew the model's context.",
    network: "The model's server reported a network error.",
    interrupted: "The answer was stopped before it finished.",
    tokens: "Tokens: {prompt} prompt · {completion} completion · {total} total",
};

const ZH: Labels = Labels {
    untitled: "未命名对话",
    model: "模型",
    system_prompt: "系统提示词",
    you: "你",
    attachment: "附件",
    tool_result: "工具结果",
    assistant: "助手",
    reasoning: "推理",
    tool_call: "工具调用",
    filter: "⚠️ 内容过滤{level}（{role} 侧）。",
    filter_level: "，级别 {level}",
    sources: "来源",
    video: "视频",
    audio: "（回答包含音频，未导出。）",
    error: "错误",
    cut_off: "回答因达到 token 上限而被截断。",
    sensitive: "回答被内容过滤中止。",
    context: "对话超出了模型的上下文长度。",
    network: "模型服务器报告了网络错误。",
    interrupted: "回答在完成前被中止。",
    tokens: "Token：提示 {prompt} · 补全 {completion} · 合计 {total}",
};

fn labels(lang: Lang) -> &'static Labels {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

/// The conversation as one Markdown document in the reader's language: title, settings worth knowing, then each
/// turn on screen.
pub fn export_markdown(c: &Conversation, lang: Lang) -> String {
    let l = labels(lang);
    let mut out = String::new();
    let title = if c.title.trim().is_empty() {
        l.untitled
    } else {
        &c.title
    };
    let _ = writeln!(out, "# {}\n", inline(title));
    if !c.settings.model.trim().is_empty() {
        let _ = writeln!(out, "{}: {}\n", l.model, code_span(&c.settings.model));
    }
    if !c.settings.system_prompt.trim().is_empty() {
        let _ = writeln!(out, "{}:\n\n{}\n", l.system_prompt, quote(&c.settings.system_prompt));
    }
    for m in c.path() {
        out.push_str("---\n\n");
        out.push_str(&turn(m, l));
    }
    out
}

/// What "Copy as Markdown" puts on the clipboard: the message itself, without headings, reasoning or sources.
pub fn message_markdown(m: &StoredMessage) -> String {
    match &m.body {
        MessageBody::User { text, .. } | MessageBody::Tool { text, .. } => text.clone(),
        MessageBody::Assistant { reply } => reply.visible_content(),
    }
}

fn turn(m: &StoredMessage, l: &Labels) -> String {
    let mut out = String::new();
    match &m.body {
        MessageBody::User { text, attachments } => {
            let _ = writeln!(out, "## {}\n\n{}\n", l.you, text.trim_end());
            for a in attachments {
                let name = if a.name.is_empty() {
                    a.mime.as_str()
                } else {
                    a.name.as_str()
                };
                let _ = writeln!(out, "- {}: {}", l.attachment, link(name, &a.url));
            }
            if !attachments.is_empty() {
                out.push('\n');
            }
        }
        MessageBody::Tool { name, text, .. } => {
            let _ = writeln!(
                out,
                "## {}: {}\n\n{}\n",
                l.tool_result,
                code_span(name),
                fenced("", text)
            );
        }
        MessageBody::Assistant { reply } => reply_markdown(&mut out, reply, l),
    }
    out
}

fn reply_markdown(out: &mut String, r: &Reply, l: &Labels) {
    let model = r
        .model
        .as_deref()
        .map(|m| format!(" ({})", code_span(m)))
        .unwrap_or_default();
    let _ = writeln!(out, "## {}{model}\n", l.assistant);
    let reasoning = if r.reasoning.trim().is_empty() {
        r.inline_reasoning()
    } else {
        r.reasoning.clone()
    };
    if !reasoning.trim().is_empty() {
        let took = r
            .thought_ms
            .map(|ms| {
                // Tenths of a second, rounded, without float formatting (it would cost the wasm bundle ~5 KB).
                let tenths = (ms + 50) / 100;
                format!(" ({}.{} s)", tenths / 10, tenths % 10)
            })
            .unwrap_or_default();
        let _ = writeln!(out, "> **{}**{took}\n>\n{}\n", l.reasoning, quote(&reasoning));
    }
    let content = r.visible_content();
    if !content.trim().is_empty() {
        let _ = writeln!(out, "{}\n", content.trim_end());
    }
    for call in &r.tool_calls {
        let (name, args) = match (&call.function, &call.mcp) {
            (Some(f), _) => (f.name.clone(), f.arguments.clone()),
            (None, Some(m)) => (m.name.clone(), m.arguments.clone()),
            (None, None) => (None, None),
        };
        let name = code_span(name.as_deref().unwrap_or("?"));
        let _ = writeln!(
            out,
            "{} {name}:\n\n{}\n",
            l.tool_call,
            fenced("json", args.as_deref().unwrap_or(""))
        );
    }
    for f in &r.content_filter {
        let level = f
            .level
            .map(|n| l.filter_level.replace("{level}", &n.to_string()))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "> {}\n",
            l.filter.replace("{level}", &level).replace("{role}", &inline(&f.role))
        );
    }
    if !r.web_search.is_empty() {
        let _ = writeln!(out, "{}:\n", l.sources);
        for (i, s) in r.web_search.iter().enumerate() {
            let name = if s.title.trim().is_empty() { &s.link } else { &s.title };
            let media = if s.media.trim().is_empty() {
                String::new()
            } else {
                format!(" — {}", inline(&s.media))
            };
            let _ = writeln!(out, "{}. {}{media}", i + 1, link(name, &s.link));
        }
        out.push('\n');
    }
    for v in &r.videos {
        let _ = writeln!(out, "- {}: {}", l.video, link(l.video, &v.url));
    }
    if r.audio.is_some() {
        let _ = writeln!(out, "*{}*\n", l.audio);
    }
    if let Some(note) = ending(r, l) {
        let _ = writeln!(out, "*{note}*\n");
    }
    if let Some(u) = &r.usage {
        let tokens = l
            .tokens
            .replace("{prompt}", &u.prompt_tokens.to_string())
            .replace("{completion}", &u.completion_tokens.to_string())
            .replace("{total}", &u.total_tokens.to_string());
        let _ = writeln!(out, "*{tokens}*\n");
    }
}

/// How the reply ended, when that is worth telling a reader.
fn ending(r: &Reply, l: &Labels) -> Option<String> {
    if let Some(e) = &r.error {
        return Some(format!("{}: {e}", l.error));
    }
    let note = match (&r.finish, r.status) {
        (Some(FinishReason::Length), _) => l.cut_off,
        (Some(FinishReason::Sensitive), _) => l.sensitive,
        (Some(FinishReason::ModelContextWindowExceeded), _) => l.context,
        (Some(FinishReason::NetworkError), _) => l.network,
        (_, ReplyStatus::Interrupted) => l.interrupted,
        _ => return None,
    };
    Some(note.to_string())
}

/// A link for `http:`/`https:` URLs only; anything else is shown as plain text, never as a link.
fn link(text: &str, url: &str) -> String {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return inline(text);
    }
    let mut safe = String::with_capacity(url.len());
    for ch in url.chars() {
        match ch {
            ' ' => safe.push_str("%20"),
            '(' => safe.push_str("%28"),
            ')' => safe.push_str("%29"),
            '<' => safe.push_str("%3C"),
            '>' => safe.push_str("%3E"),
            c if c.is_control() => {}
            c => safe.push(c),
        }
    }
    format!("[{}]({safe})", inline(text))
}

/// Text placed inside our own structure: one line, with Markdown and HTML punctuation escaped.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.split_whitespace().collect::<Vec<_>>().join(" ").chars() {
        if "\\`*_[]()<>#!|~&".contains(ch) {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

fn code_span(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ").replace('`', "'");
    format!("`{text}`")
}

fn quote(text: &str) -> String {
    text.trim_end()
        .lines()
        .map(|l| {
            if l.is_empty() {
                ">".to_string()
            } else {
                format!("> {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A fenced block whose fence is longer than any run of backticks inside, so the text cannot close it early.
fn fenced(lang: &str, text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}{lang}\n{}\n{fence}", text.trim_end())
}
