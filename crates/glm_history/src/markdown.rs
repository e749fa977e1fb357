//! Conversations as readable Markdown: the current branch with reasoning, tool calls, sources and warnings.
//!
//! Model text is Markdown already and is kept as written. Everything placed inside our own structure (titles,
//! source names, links) is escaped, and only `http:`/`https:` links become links, so a hostile source cannot turn
//! the export into a `javascript:` link or break out of its list item.

use std::fmt::Write;

use glm_protocol::reply::{Reply, ReplyStatus};
use glm_protocol::wire::FinishReason;

use crate::conversation::Conversation;
use crate::message::{MessageBody, StoredMessage};

/// The conversation as one Markdown document: title, settings worth knowing, then each turn on screen.
pub fn export_markdown(c: &Conversation) -> String {
    let mut out = String::new();
    let title = if c.title.trim().is_empty() {
        "Untitled conversation"
    } else {
        &c.title
    };
    let _ = writeln!(out, "# {}\n", inline(title));
    if !c.settings.model.trim().is_empty() {
        let _ = writeln!(out, "Model: {}\n", code_span(&c.settings.model));
    }
    if !c.settings.system_prompt.trim().is_empty() {
        let _ = writeln!(out, "System prompt:\n\n{}\n", quote(&c.settings.system_prompt));
    }
    for m in c.path() {
        out.push_str("---\n\n");
        out.push_str(&turn(m));
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

fn turn(m: &StoredMessage) -> String {
    let mut out = String::new();
    match &m.body {
        MessageBody::User { text, attachments } => {
            let _ = writeln!(out, "## You\n\n{}\n", text.trim_end());
            for a in attachments {
                let name = if a.name.is_empty() {
                    a.mime.as_str()
                } else {
                    a.name.as_str()
                };
                let _ = writeln!(out, "- Attachment: {}", link(name, &a.url));
            }
            if !attachments.is_empty() {
                out.push('\n');
            }
        }
        MessageBody::Tool { name, text, .. } => {
            let _ = writeln!(out, "## Tool result: {}\n\n{}\n", code_span(name), fenced("", text));
        }
        MessageBody::Assistant { reply } => reply_markdown(&mut out, reply),
    }
    out
}

fn reply_markdown(out: &mut String, r: &Reply) {
    let model = r
        .model
        .as_deref()
        .map(|m| format!(" ({})", code_span(m)))
        .unwrap_or_default();
    let _ = writeln!(out, "## Assistant{model}\n");
    let reasoning = if r.reasoning.trim().is_empty() {
        r.inline_reasoning()
    } else {
        r.reasoning.clone()
    };
    if !reasoning.trim().is_empty() {
        let took = r
            .thought_ms
            .map(|ms| format!(" ({:.1} s)", ms as f64 / 1000.0))
            .unwrap_or_default();
        let _ = writeln!(out, "> **Reasoning**{took}\n>\n{}\n", quote(&reasoning));
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
            "Tool call {name}:\n\n{}\n",
            fenced("json", args.as_deref().unwrap_or(""))
        );
    }
    for f in &r.content_filter {
        let level = f.level.map(|l| format!(" level {l}")).unwrap_or_default();
        let _ = writeln!(out, "> ⚠️ Content filter{level} on the {} side.\n", inline(&f.role));
    }
    if !r.web_search.is_empty() {
        out.push_str("Sources:\n\n");
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
        let _ = writeln!(out, "- Video: {}", link("video", &v.url));
    }
    if r.audio.is_some() {
        out.push_str("*(The answer included audio, not exported here.)*\n\n");
    }
    if let Some(note) = ending(r) {
        let _ = writeln!(out, "*{note}*\n");
    }
    if let Some(u) = &r.usage {
        let _ = writeln!(
            out,
            "*Tokens: {} prompt · {} completion · {} total*\n",
            u.prompt_tokens, u.completion_tokens, u.total_tokens
        );
    }
}

/// How the reply ended, when that is worth telling a reader.
fn ending(r: &Reply) -> Option<String> {
    if let Some(e) = &r.error {
        return Some(format!("Error: {e}"));
    }
    match (&r.finish, r.status) {
        (Some(FinishReason::Length), _) => Some("The answer was cut off at the token limit.".into()),
        (Some(FinishReason::Sensitive), _) => Some("The answer was stopped by the content filter.".into()),
        (Some(FinishReason::ModelContextWindowExceeded), _) => {
            Some("The conversation outgrew the model's context.".into())
        }
        (Some(FinishReason::NetworkError), _) => Some("The model's server reported a network error.".into()),
        (_, ReplyStatus::Interrupted) => Some("The answer was stopped before it finished.".into()),
        _ => None,
    }
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
