//! Blocks as HTML, for the browser to parse in one call per block: building the same elements one call at a time
//! from wasm costs several times more (each call crosses into the page and copies its strings).
//!
//! Safe by construction: every piece of the model's text is escaped as text or as a quoted attribute value, the
//! only tags and attributes are the ones written below, links and images carry only URLs that passed [`safe_link`]
//! / [`safe_image`] (in the parser), and formulas are MathML from [`latex_to_mathml`]'s fixed tag and attribute
//! names. `tests/html.rs` checks this against the XSS corpus and arbitrary input.
//!
//! [`safe_link`]: crate::safe_link
//! [`safe_image`]: crate::safe_image

use crate::highlight::{Highlight, highlight};
use crate::math::{MathEvent, latex_to_mathml};
use crate::{Align, Block, Inline};
use std::ops::Range;

/// A citation marker that resolved to a source.
pub struct Cite {
    /// Its number in the sources list.
    pub n: usize,
    /// The source's URL, already passed through [`crate::safe_link`].
    pub href: String,
    /// The source's title and site, shown on hover and focus; empty for none.
    pub tip: String,
}

/// What the HTML of a reply depends on besides its blocks.
pub struct HtmlOptions<'a> {
    /// The accessible name and text of code blocks' copy buttons.
    pub copy_label: &'a str,
    /// Whether code blocks in a known language are highlighted (only finished blocks are).
    pub highlight: bool,
    /// The source a normalised `ref_N` refers to, if any.
    pub cite: &'a dyn Fn(&str) -> Option<Cite>,
}

/// Appends the HTML of `block`: exactly one element.
#[inline(never)] // a hot loop: see NO_INLINE in scripts/wasm_split.py
pub fn block_html(block: &Block, o: &HtmlOptions, out: &mut String) {
    match block {
        Block::Paragraph(inlines) => wrap_inlines("p", "", inlines, o, false, out),
        Block::Heading { level, content } => {
            let tag = ["h1", "h2", "h3", "h4", "h5", "h6"][usize::from((*level).clamp(1, 6)) - 1];
            wrap_inlines(tag, "", content, o, false, out);
        }
        Block::CodeBlock { lang, code } => code_block(lang.as_deref(), code, o, out),
        Block::Quote(blocks) => {
            out.push_str("<blockquote>");
            for b in blocks {
                block_html(b, o, out);
            }
            out.push_str("</blockquote>");
        }
        Block::List { ordered, start, items } => {
            let tag = if *ordered { "ol" } else { "ul" };
            out.push('<');
            out.push_str(tag);
            if let (true, Some(n)) = (*ordered, start)
                && *n != 1
            {
                out.push_str(&format!(" start=\"{n}\""));
            }
            out.push('>');
            for item in items {
                match item.checked {
                    Some(checked) => {
                        out.push_str("<li class=\"gc-task\"><input type=\"checkbox\" disabled");
                        out.push_str(if checked { " checked>" } else { ">" });
                    }
                    None => out.push_str("<li>"),
                }
                for b in &item.blocks {
                    block_html(b, o, out);
                }
                out.push_str("</li>");
            }
            close(tag, out);
        }
        Block::Table { align, head, rows } => table(align, head, rows, o, out),
        Block::Rule => out.push_str("<hr>"),
        Block::Math(tex) => {
            // Scrolls sideways when wider than the message; keyboards reach it to scroll it (WCAG 2.1.1).
            out.push_str("<div class=\"gc-math-block\" tabindex=\"0\">");
            formula(tex, true, out);
            out.push_str("</div>");
        }
        // Raw HTML is shown as the literal text the model wrote.
        Block::Html(raw) => {
            out.push_str("<p>");
            escape_text(raw, out);
            out.push_str("</p>");
        }
    }
}

fn code_block(lang: Option<&str>, code: &str, o: &HtmlOptions, out: &mut String) {
    out.push_str("<div class=\"gc-code\"><div class=\"gc-code-head\"><span>");
    // A block without a language has no label (a word like "text" would need translating and says nothing).
    escape_text(lang.unwrap_or(""), out);
    out.push_str("</span><button type=\"button\" class=\"gc-copy-code\" data-copy-code aria-label=\"");
    escape_attr(o.copy_label, out);
    out.push_str("\" title=\"");
    escape_attr(o.copy_label, out);
    out.push_str("\">");
    escape_text(o.copy_label, out);
    // A box that scrolls sideways: keyboards must be able to reach it to scroll it (WCAG 2.1.1).
    out.push_str("</button></div><pre tabindex=\"0\"><code");
    if let Some(l) = lang {
        out.push_str(" class=\"language-");
        escape_attr(l, out);
        out.push('"');
    }
    out.push('>');
    let spans = lang.filter(|_| o.highlight).and_then(|l| highlight(l, code));
    highlighted_html(code, spans.as_deref().unwrap_or_default(), out);
    out.push_str("</code></pre></div>");
}

fn table(align: &[Align], head: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>], o: &HtmlOptions, out: &mut String) {
    out.push_str("<div class=\"gc-table\" tabindex=\"0\"><table><thead><tr>");
    for (i, cell) in head.iter().enumerate() {
        wrap_inlines("th", align_class(align.get(i)), cell, o, false, out);
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            wrap_inlines("td", align_class(align.get(i)), cell, o, false, out);
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
}

/// A class, not a style attribute: the Content-Security-Policy forbids inline styles.
fn align_class(align: Option<&Align>) -> &'static str {
    match align {
        Some(Align::Left) => "gc-align-left",
        Some(Align::Center) => "gc-align-center",
        Some(Align::Right) => "gc-align-right",
        _ => "",
    }
}

/// `<tag class="…">` (no class when empty), the inlines, `</tag>`.
fn wrap_inlines(tag: &str, class: &str, inlines: &[Inline], o: &HtmlOptions, in_link: bool, out: &mut String) {
    out.push('<');
    out.push_str(tag);
    if !class.is_empty() {
        out.push_str(" class=\"");
        out.push_str(class);
        out.push('"');
    }
    out.push('>');
    inlines_html(inlines, o, in_link, out);
    close(tag, out);
}

/// `in_link`: inside a link, where another link (or a citation's) would end the outer one when parsed, so those
/// show their text instead.
fn inlines_html(inlines: &[Inline], o: &HtmlOptions, in_link: bool, out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text(s) => escape_text(s, out),
            Inline::Code(s) => {
                out.push_str("<code>");
                escape_text(s, out);
                out.push_str("</code>");
            }
            Inline::Emphasis(c) => wrap_inlines("em", "", c, o, in_link, out),
            Inline::Strong(c) => wrap_inlines("strong", "", c, o, in_link, out),
            Inline::Strike(c) => wrap_inlines("del", "", c, o, in_link, out),
            Inline::SoftBreak => out.push('\n'),
            Inline::HardBreak => out.push_str("<br>"),
            Inline::Link { children, .. } if in_link => inlines_html(children, o, true, out),
            Inline::Link { href, title, children } => {
                out.push_str("<a href=\"");
                escape_attr(href, out);
                out.push('"');
                outbound(out);
                if let Some(t) = title {
                    out.push_str(" title=\"");
                    escape_attr(t, out);
                    out.push('"');
                }
                out.push('>');
                inlines_html(children, o, true, out);
                out.push_str("</a>");
            }
            Inline::Image { src, alt } => {
                out.push_str("<img src=\"");
                escape_attr(src, out);
                out.push_str("\" alt=\"");
                escape_attr(alt, out);
                out.push_str("\" loading=\"lazy\" referrerpolicy=\"no-referrer\">");
            }
            Inline::Citation { refer, marker } => match (in_link, (o.cite)(&refer.to_ascii_lowercase())) {
                (false, Some(c)) => citation(refer, &c, out),
                _ => escape_text(marker, out),
            },
            Inline::Math { tex, display } => formula(tex, *display, out),
        }
    }
}

/// Links open in a new tab and tell the target nothing about this page.
fn outbound(out: &mut String) {
    out.push_str(" target=\"_blank\" rel=\"noopener noreferrer\"");
}

/// An inline citation: a small numbered link to its source.
fn citation(refer: &str, c: &Cite, out: &mut String) {
    out.push_str("<a href=\"");
    escape_attr(&c.href, out);
    out.push_str("\" class=\"gc-cite\" data-ref=\"");
    escape_attr(refer, out);
    out.push('"');
    outbound(out);
    if !c.tip.is_empty() {
        // A CSS tooltip rather than `title`, so keyboard focus shows it too.
        out.push_str(" data-tip=\"");
        escape_attr(&c.tip, out);
        out.push_str("\" aria-label=\"");
        escape_attr(&format!("{}: {}", c.n, c.tip), out);
        out.push('"');
    }
    out.push('>');
    out.push_str(&c.n.to_string());
    out.push_str("</a>");
}

/// A formula as native MathML, or its source when it does not convert.
fn formula(tex: &str, display: bool, out: &mut String) {
    let Ok(events) = latex_to_mathml(tex, display) else {
        let fence = if display { "$$" } else { "$" };
        out.push_str("<code class=\"gc-math-error\">");
        escape_text(&format!("{fence}{tex}{fence}"), out);
        out.push_str("</code>");
        return;
    };
    let mut open = Vec::new();
    for event in &events {
        match event {
            MathEvent::Open { tag, attrs } => {
                math_tag(tag, attrs, out);
                open.push(*tag);
            }
            MathEvent::Token { tag, attrs, text } => {
                math_tag(tag, attrs, out);
                escape_text(text, out);
                close(tag, out);
            }
            MathEvent::Close => {
                if let Some(tag) = open.pop() {
                    close(tag, out);
                }
            }
        }
    }
    // Unbalanced events would leave elements open for what follows: close them.
    while let Some(tag) = open.pop() {
        close(tag, out);
    }
}

/// `<tag name="value" …>` from the converter's fixed names and `name=value` pairs.
fn math_tag(tag: &str, attrs: &str, out: &mut String) {
    out.push('<');
    out.push_str(tag);
    for (name, value) in attrs.split_ascii_whitespace().filter_map(|pair| pair.split_once('=')) {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        escape_attr(value, out);
        out.push('"');
    }
    out.push('>');
}

fn close(tag: &str, out: &mut String) {
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

/// `code` with each of `spans` (from [`highlight`]) in a `<span class="hl-…">`, its text escaped.
pub fn highlighted_html(code: &str, spans: &[(Range<usize>, Highlight)], out: &mut String) {
    let mut at = 0;
    for (range, what) in spans {
        escape_text(&code[at..range.start], out);
        out.push_str("<span class=\"");
        out.push_str(what.class());
        out.push_str("\">");
        escape_text(&code[range.clone()], out);
        out.push_str("</span>");
        at = range.end;
    }
    escape_text(&code[at..], out);
}

/// Text as HTML text: `&`, `<` and `>` escaped; a carriage return as a character reference (the parser would fold
/// `\r\n` into `\n`); a NUL, which the parser would drop, as U+FFFD.
fn escape_text(text: &str, out: &mut String) {
    escape(text, out, false);
}

/// Text as a double-quoted attribute value: as [`escape_text`], and `"` too.
fn escape_attr(text: &str, out: &mut String) {
    escape(text, out, true);
}

#[inline(never)] // a hot loop: see NO_INLINE in scripts/wasm_split.py
fn escape(text: &str, out: &mut String, attr: bool) {
    let mut from = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' if attr => "&quot;",
            b'\r' => "&#13;",
            b'\0' => "\u{FFFD}",
            _ => continue,
        };
        out.push_str(&text[from..i]);
        out.push_str(entity);
        from = i + 1;
    }
    out.push_str(&text[from..]);
}
