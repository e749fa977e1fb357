//! Plain-text rendering of the block tree, for copying and searching.

use crate::{Block, Inline};

/// The blocks as readable plain text: blocks separated by a blank line, list markers and
/// quote prefixes kept, tables as ` | `-separated rows, citations as their original marker.
pub fn plain_text(blocks: &[Block]) -> String {
    blocks.iter().map(block_text).collect::<Vec<_>>().join("\n\n")
}

fn block_text(block: &Block) -> String {
    match block {
        Block::Paragraph(inlines) => inline_text(inlines),
        Block::Heading { content, .. } => inline_text(content),
        Block::CodeBlock { code, .. } => code.clone(),
        Block::Html(html) => html.clone(),
        Block::Rule => "---".into(),
        Block::Math(tex) => format!("$$\n{tex}\n$$"),
        Block::Quote(blocks) => prefix_lines(&plain_text(blocks), "> ", "> "),
        Block::List { ordered, start, items } => {
            let first = start.unwrap_or(1);
            let lines: Vec<String> = items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let mut marker = if *ordered {
                        format!("{}. ", first.saturating_add(i as u64))
                    } else {
                        "- ".to_string()
                    };
                    match item.checked {
                        Some(true) => marker.push_str("[x] "),
                        Some(false) => marker.push_str("[ ] "),
                        None => {}
                    }
                    let body = item.blocks.iter().map(block_text).collect::<Vec<_>>().join("\n");
                    let indent = " ".repeat(marker.chars().count());
                    prefix_lines(&body, &marker, &indent)
                })
                .collect();
            lines.join("\n")
        }
        Block::Table { head, rows, .. } => std::iter::once(head)
            .chain(rows)
            .map(|row| row.iter().map(|cell| inline_text(cell)).collect::<Vec<_>>().join(" | "))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// Text of an inline run: link text without its URL, image alt, citation marker.
pub(crate) fn inline_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_inline_text(inlines, &mut out);
    out
}

fn push_inline_text(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strike(c) => push_inline_text(c, out),
            Inline::Link { children, .. } => push_inline_text(children, out),
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::Citation { marker, .. } => out.push_str(marker),
            Inline::Math { tex, display } => {
                let fence = if *display { "$$" } else { "$" };
                out.push_str(fence);
                out.push_str(tex);
                out.push_str(fence);
            }
            Inline::SoftBreak | Inline::HardBreak => out.push('\n'),
        }
    }
}

fn prefix_lines(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::with_capacity(text.len() + first.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let prefix = if i == 0 { first } else { rest };
        // No trailing spaces on blank lines inside a quote or item.
        out.push_str(if line.is_empty() { prefix.trim_end() } else { prefix });
        out.push_str(line);
    }
    out
}
