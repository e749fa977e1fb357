//! The Markdown export: readable turns with reasoning, sources as safe links, warnings, tool calls and usage.

mod common;

use common::*;
use glm_history::{Attachment, AttachmentKind, MessageBody, export_markdown, message_markdown};
use glm_protocol::error::Lang;
use glm_protocol::reply::{Reply, ReplyStatus};

fn exported() -> String {
    let (mut c, [_, _, q2, _]) = two_turns("c");
    c.edit_user(&q2, "Why 42?", 6_000).unwrap();
    c.push(MessageBody::assistant(rich_reply()), 7_000);
    c.settings.model = "glm-4.6".into();
    export_markdown(&c, Lang::En)
}

#[test]
fn the_current_branch_reads_as_a_document() {
    let md = exported();
    assert!(md.starts_with("# q1\n"), "{md}");
    assert!(md.contains("Model: `glm-4.6`"));
    assert!(md.contains("## You\n\nq1"));
    assert!(md.contains("## You\n\nWhy 42?"));
    assert!(
        !md.contains("q2") && !md.contains("a2"),
        "other branches are not exported:\n{md}"
    );
    assert!(md.contains("## Assistant (`glm-4.6`)"));
    assert!(
        md.contains("The answer is **42**[ref_1]."),
        "model Markdown kept as written"
    );
}

#[test]
fn reasoning_is_quoted_and_timed() {
    let md = exported();
    assert!(
        md.contains("> **Reasoning** (3.2 s)\n>\n> First I think.\n>\n> Then I answer."),
        "{md}"
    );
}

#[test]
fn sources_are_numbered_links_only_for_http() {
    let md = exported();
    assert!(
        md.contains("1. [Deep \\[Thought\\] \\(wiki\\)](https://example.org/a%20b%281%29) — Example"),
        "{md}"
    );
    assert!(
        md.contains("2. Evil\n"),
        "a javascript: source is text, not a link:\n{md}"
    );
    assert!(!md.contains("javascript:"));
}

#[test]
fn warnings_tool_calls_endings_and_usage_are_shown() {
    let md = exported();
    assert!(md.contains("> ⚠️ Content filter level 1 on the assistant side."));
    assert!(
        md.contains("Tool call `lookup`:\n\n````json\n{\"q\":\"```\"}\n````"),
        "fence outlasts backticks:\n{md}"
    );
    assert!(md.contains("*The answer was cut off at the token limit.*"));
    assert!(md.contains("*Tokens: 12 prompt · 34 completion · 46 total*"));
}

#[test]
fn titles_and_attachments_cannot_inject_structure() {
    let mut c = empty("c");
    c.rename("<img src=x onerror=alert(1)> [x](javascript:y)", 1);
    c.push(
        MessageBody::User {
            text: "see".into(),
            attachments: vec![
                Attachment {
                    kind: AttachmentKind::Image,
                    name: "cat.png".into(),
                    mime: "image/png".into(),
                    url: "https://e.x/cat.png".into(),
                },
                Attachment {
                    kind: AttachmentKind::File,
                    name: "doc".into(),
                    mime: String::new(),
                    url: "data:text/plain;base64,QQ==".into(),
                },
            ],
        },
        2,
    );
    let md = export_markdown(&c, Lang::En);
    assert!(
        md.starts_with("# \\<img src=x onerror=alert\\(1\\)\\> \\[x\\]\\(javascript:y\\)\n"),
        "{md}"
    );
    assert!(md.contains("- Attachment: [cat.png](https://e.x/cat.png)"));
    assert!(md.contains("- Attachment: doc\n"), "data URLs are not inlined:\n{md}");
}

#[test]
fn copy_as_markdown_is_the_visible_message() {
    let (c, [q1, a1, ..]) = two_turns("c");
    assert_eq!(message_markdown(c.message(&q1).unwrap()), "q1");
    assert_eq!(message_markdown(c.message(&a1).unwrap()), "a1");
    let mut c = empty("t");
    let id = c.push(
        MessageBody::assistant(Reply {
            content: "<think>hidden</think>shown".into(),
            status: ReplyStatus::Done,
            ..Reply::default()
        }),
        1,
    );
    assert_eq!(message_markdown(c.message(&id).unwrap()), "shown");
    assert!(
        export_markdown(&c, Lang::En).contains("> hidden"),
        "inline reasoning still exported as reasoning"
    );
    assert!(export_markdown(&empty("u"), Lang::En).starts_with("# Untitled conversation"));
}

#[test]
fn the_export_speaks_the_readers_language() {
    let (mut c, _) = two_turns("c");
    c.push(MessageBody::assistant(rich_reply()), 7_000);
    c.settings.model = "glm-4.6".into();
    let zh = export_markdown(&c, Lang::Zh);
    assert!(zh.contains("模型: `glm-4.6`"), "{zh}");
    assert!(zh.contains("## 你\n\nq1"), "{zh}");
    assert!(zh.contains("## 助手 (`glm-4.6`)"), "{zh}");
    assert!(zh.contains("> **推理** (3.2 s)"), "{zh}");
    assert!(zh.contains("来源:"), "{zh}");
    for english in [
        "## You",
        "## Assistant",
        "Reasoning",
        "Sources",
        "Tokens:",
        "Content filter",
    ] {
        assert!(
            !zh.contains(english),
            "English {english:?} in the Chinese export:\n{zh}"
        );
    }
    assert!(export_markdown(&empty("u"), Lang::Zh).starts_with("# 未命名对话"));
}
