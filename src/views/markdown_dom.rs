//! Turns safe Markdown blocks into DOM nodes (text nodes and whitelisted elements; untrusted text never goes through
//! HTML, except highlighted code, escaped by `glm_markdown::highlighted_html`), and
//! keeps a streamed reply's DOM in step with its text: finished blocks are built once, only the tail is rebuilt.
//! Code is highlighted once its block is finished, so a growing code block costs no more than plain text.

use std::cell::Cell;
use std::collections::HashMap;

use glm_markdown::{Align, Block, Inline, StreamingMarkdown, safe_link};
use glm_protocol::wire::WebSearchResult;
use web_sys::{Document, Element};

/// What a `[ref_N]` marker links to: its number in the sources list and the source.
pub struct Citations {
    by_refer: HashMap<String, (usize, WebSearchResult)>,
    /// The accessible name of code blocks' copy buttons, in the interface language.
    copy_label: &'static str,
    /// Whether code blocks are highlighted: only finished blocks are.
    highlight: Cell<bool>,
}

impl Citations {
    pub fn new(results: &[WebSearchResult], copy_label: &'static str) -> Self {
        let by_refer = results
            .iter()
            .enumerate()
            .map(|(i, r)| (normalise_refer(&r.refer, i), (i + 1, r.clone())))
            .collect();
        Citations {
            by_refer,
            copy_label,
            highlight: Cell::new(false),
        }
    }
}

/// `refer` as sent (`ref_1`), or the position when the server left it out.
pub fn normalise_refer(refer: &str, index: usize) -> String {
    let r = refer.trim();
    if r.is_empty() {
        format!("ref_{}", index + 1)
    } else {
        r.to_ascii_lowercase()
    }
}

/// The DOM of one reply's Markdown, updated incrementally.
pub struct MarkdownDom {
    parsed: StreamingMarkdown,
    /// Element built for each committed block, in order.
    committed_nodes: Vec<Element>,
    /// The still-growing blocks after them, with the block each element shows.
    tail: Vec<(Block, Element)>,
    sources_len: usize,
    copy_label: &'static str,
}

impl MarkdownDom {
    pub fn new() -> Self {
        MarkdownDom {
            parsed: StreamingMarkdown::new(),
            committed_nodes: Vec::new(),
            tail: Vec::new(),
            sources_len: 0,
            copy_label: "",
        }
    }

    /// Brings `container` up to date with `text`. `finished` commits the tail for good.
    ///
    /// This and the block builders below are never inlined: a long reply makes their loops hot, and the browser's
    /// top-tier wasm compiler then optimises the function holding the loop, on another thread that competes with the
    /// page on a small machine. Small functions keep that work small.
    #[inline(never)]
    pub fn sync(
        &mut self,
        container: &Element,
        text: &str,
        finished: bool,
        sources: &[WebSearchResult],
        copy_label: &'static str,
    ) -> Option<()> {
        let doc = container.owner_document()?;
        let mut reset = self.parsed.update(text).reset;
        if finished {
            reset |= self.parsed.finish().reset;
        }
        // Sources usually arrive last: the citations already drawn must become links.
        // A language switch renames the code blocks' copy buttons.
        let rebuild = reset || sources.len() != self.sources_len || copy_label != self.copy_label;
        self.sources_len = sources.len();
        self.copy_label = copy_label;
        let cites = Citations::new(sources, copy_label);
        let mut reusable = std::mem::take(&mut self.tail);
        // Elements built where others were just removed (the growing tail, a code block highlighted in place). Code
        // blocks and tables skip rendering off screen (`content-visibility: auto`), and a new one is laid out first
        // at its placeholder height: in place of a taller one, the reply would shrink for a frame and the browser
        // would scroll the list up, away from the bottom the reader follows. They are shown in full (`gc-live`) for
        // their first two frames, by when their real size is known. Appended blocks (a whole reply at once) grow the
        // list either way and keep skipping.
        let mut live = Vec::new();
        let mut replacing = rebuild;
        if rebuild {
            for node in self
                .committed_nodes
                .drain(..)
                .chain(reusable.drain(..).map(|(_, node)| node))
            {
                node.remove();
            }
        }
        // A tail block that is now committed (or still in the tail) unchanged keeps its element; from the first
        // difference on, the old elements go and new ones are appended, which keeps the order right.
        reusable.reverse();
        let mut take = |block: &Block, finished: bool| -> Option<Element> {
            cites.highlight.set(finished);
            if let Some((old, node)) = reusable.pop() {
                if &old == block {
                    if !(finished && has_code(block)) {
                        return Some(node);
                    }
                    // A finished block with code in it is built again, highlighted, once, in place: removing it
                    // and what follows would shrink the list for a moment and scroll it away from the bottom.
                    let fresh = block_node(&doc, block, &cites)?;
                    live.push(fresh.clone());
                    let _ = node.replace_with_with_node_1(&fresh);
                    return Some(fresh);
                }
                node.remove();
                for (_, rest) in reusable.drain(..) {
                    rest.remove();
                }
                replacing = true;
            }
            let node = block_node(&doc, block, &cites)?;
            if replacing {
                live.push(node.clone());
            }
            let _ = container.append_child(&node);
            Some(node)
        };
        // `None` only when the document refuses to create elements; nothing sensible can be drawn then.
        let committed = self.parsed.committed();
        let mut new_committed = Vec::new();
        for block in &committed[self.committed_nodes.len()..] {
            new_committed.push(take(block, true)?);
        }
        let mut new_tail = Vec::new();
        for block in self.parsed.tail() {
            new_tail.push((block.clone(), take(block, false)?));
        }
        for (_, node) in reusable.drain(..) {
            node.remove();
        }
        self.committed_nodes.extend(new_committed);
        self.tail = new_tail;
        show_live(live);
        Some(())
    }
}

impl Default for MarkdownDom {
    fn default() -> Self {
        Self::new()
    }
}

fn el(doc: &Document, tag: &str) -> Option<Element> {
    doc.create_element(tag).ok()
}

/// Appends `s` as a text node (`Element.append` with a string: one call into the page instead of two).
fn text(parent: &Element, s: &str) {
    if !s.is_empty() {
        let _ = parent.append_with_str_1(s);
    }
}

pub fn block_node(doc: &Document, block: &Block, cites: &Citations) -> Option<Element> {
    Some(match block {
        Block::Paragraph(inlines) => {
            let p = el(doc, "p")?;
            inline_nodes(doc, &p, inlines, cites);
            p
        }
        Block::Heading { level, content } => {
            let h = el(doc, &format!("h{}", (*level).clamp(1, 6)))?;
            inline_nodes(doc, &h, content, cites);
            h
        }
        Block::CodeBlock { lang, code } => code_block(doc, lang.as_deref(), code, cites)?,
        Block::Quote(blocks) => {
            let q = el(doc, "blockquote")?;
            append_blocks(doc, &q, blocks, cites);
            q
        }
        Block::List { ordered, start, items } => {
            let list = el(doc, if *ordered { "ol" } else { "ul" })?;
            if let (true, Some(n)) = (*ordered, start)
                && *n != 1
            {
                let _ = list.set_attribute("start", &n.to_string());
            }
            for item in items {
                let li = el(doc, "li")?;
                if let Some(checked) = item.checked {
                    li.set_class_name("gc-task");
                    let mark = el(doc, "input")?;
                    let _ = mark.set_attribute("type", "checkbox");
                    let _ = mark.set_attribute("disabled", "");
                    if checked {
                        let _ = mark.set_attribute("checked", "");
                    }
                    let _ = li.append_child(&mark);
                }
                append_blocks(doc, &li, &item.blocks, cites);
                let _ = list.append_child(&li);
            }
            list
        }
        Block::Table { align, head, rows } => table(doc, align, head, rows, cites)?,
        Block::Rule => el(doc, "hr")?,
        Block::Math(tex) => crate::views::math_dom::display_block(doc, tex)?,
        Block::Html(raw) => {
            // Raw HTML is shown as the literal text the model wrote.
            let p = el(doc, "p")?;
            text(&p, raw);
            p
        }
    })
}

fn append_blocks(doc: &Document, parent: &Element, blocks: &[Block], cites: &Citations) {
    for b in blocks {
        if let Some(node) = block_node(doc, b, cites) {
            let _ = parent.append_child(&node);
        }
    }
}

/// Whether a block is or holds a code block in a language (which highlighting would change).
fn has_code(block: &Block) -> bool {
    match block {
        Block::CodeBlock { lang, .. } => lang.is_some(),
        Block::Quote(blocks) => blocks.iter().any(has_code),
        Block::List { items, .. } => items.iter().any(|i| i.blocks.iter().any(has_code)),
        _ => false,
    }
}

#[inline(never)]
fn code_block(doc: &Document, lang: Option<&str>, code: &str, cites: &Citations) -> Option<Element> {
    let copy_label = cites.copy_label;
    let wrap = el(doc, "div")?;
    wrap.set_class_name("gc-code");
    let head = el(doc, "div")?;
    head.set_class_name("gc-code-head");
    let label = el(doc, "span")?;
    // A block without a language has no label (a word like "text" would need translating and says nothing).
    text(&label, lang.unwrap_or(""));
    let _ = head.append_child(&label);
    let button = el(doc, "button")?;
    let _ = button.set_attribute("type", "button");
    button.set_class_name("gc-copy-code");
    let _ = button.set_attribute("data-copy-code", "");
    let _ = button.set_attribute("aria-label", copy_label);
    let _ = button.set_attribute("title", copy_label);
    text(&button, copy_label);
    let _ = head.append_child(&button);
    let pre = el(doc, "pre")?;
    scrolls(&pre);
    let code_el = el(doc, "code")?;
    if let Some(l) = lang {
        code_el.set_class_name(&format!("language-{l}"));
    }
    let spans = lang
        .filter(|_| cites.highlight.get())
        .and_then(|l| glm_markdown::highlight(l, code))
        .unwrap_or_default();
    // Highlighted code is many small spans: written as escaped HTML and parsed by the browser in one call, not built
    // a node at a time. Should the page refuse (a host page's Trusted Types policy), it is built node by node.
    let as_html = !spans.is_empty()
        && glm_markdown::highlighted_html(code, &spans)
            .is_some_and(|html| code_el.insert_adjacent_html("beforeend", &html).is_ok());
    if !as_html {
        let mut at = 0;
        for (range, what) in spans {
            text(&code_el, &code[at..range.start]);
            if let Some(span) = el(doc, "span") {
                span.set_class_name(what.class());
                text(&span, &code[range.clone()]);
                let _ = code_el.append_child(&span);
            }
            at = range.end;
        }
        text(&code_el, &code[at..]);
    }
    let _ = pre.append_child(&code_el);
    let _ = wrap.append_child(&head);
    let _ = wrap.append_child(&pre);
    Some(wrap)
}

#[inline(never)]
fn table(
    doc: &Document,
    align: &[Align],
    head: &[Vec<Inline>],
    rows: &[Vec<Vec<Inline>>],
    cites: &Citations,
) -> Option<Element> {
    let wrap = el(doc, "div")?;
    wrap.set_class_name("gc-table");
    scrolls(&wrap);
    let table = el(doc, "table")?;
    let thead = el(doc, "thead")?;
    let tr = el(doc, "tr")?;
    for (i, cell) in head.iter().enumerate() {
        let th = el(doc, "th")?;
        align_cell(&th, align.get(i));
        inline_nodes(doc, &th, cell, cites);
        let _ = tr.append_child(&th);
    }
    let _ = thead.append_child(&tr);
    let _ = table.append_child(&thead);
    let tbody = el(doc, "tbody")?;
    for row in rows {
        let tr = el(doc, "tr")?;
        for (i, cell) in row.iter().enumerate() {
            let td = el(doc, "td")?;
            align_cell(&td, align.get(i));
            inline_nodes(doc, &td, cell, cites);
            let _ = tr.append_child(&td);
        }
        let _ = tbody.append_child(&tr);
    }
    let _ = table.append_child(&tbody);
    let _ = wrap.append_child(&table);
    Some(wrap)
}

fn align_cell(cell: &Element, align: Option<&Align>) {
    let value = match align {
        Some(Align::Left) => "left",
        Some(Align::Center) => "center",
        Some(Align::Right) => "right",
        _ => return,
    };
    // A class, not a style attribute: the Content-Security-Policy forbids inline styles.
    cell.set_class_name(&format!("gc-align-{value}"));
}

fn inline_nodes(doc: &Document, parent: &Element, inlines: &[Inline], cites: &Citations) {
    for inline in inlines {
        match inline {
            Inline::Text(s) => text(parent, s),
            Inline::Code(s) => wrap_text(doc, parent, "code", s),
            Inline::Emphasis(c) => wrap(doc, parent, "em", c, cites),
            Inline::Strong(c) => wrap(doc, parent, "strong", c, cites),
            Inline::Strike(c) => wrap(doc, parent, "del", c, cites),
            Inline::SoftBreak => text(parent, "\n"),
            Inline::HardBreak => {
                if let Some(br) = el(doc, "br") {
                    let _ = parent.append_child(&br);
                }
            }
            Inline::Link { href, title, children } => {
                let Some(a) = el(doc, "a") else { continue };
                let _ = a.set_attribute("href", href);
                outbound(&a);
                if let Some(t) = title {
                    let _ = a.set_attribute("title", t);
                }
                inline_nodes(doc, &a, children, cites);
                let _ = parent.append_child(&a);
            }
            Inline::Image { src, alt } => {
                let Some(img) = el(doc, "img") else { continue };
                let _ = img.set_attribute("src", src);
                let _ = img.set_attribute("alt", alt);
                let _ = img.set_attribute("loading", "lazy");
                let _ = img.set_attribute("referrerpolicy", "no-referrer");
                let _ = parent.append_child(&img);
            }
            Inline::Citation { refer, marker } => citation(doc, parent, refer, marker, cites),
            Inline::Math { tex, display } => {
                if let Some(math) = crate::views::math_dom::formula(doc, tex, *display) {
                    let _ = parent.append_child(&math);
                }
            }
        }
    }
}

fn wrap(doc: &Document, parent: &Element, tag: &str, children: &[Inline], cites: &Citations) {
    if let Some(e) = el(doc, tag) {
        inline_nodes(doc, &e, children, cites);
        let _ = parent.append_child(&e);
    }
}

fn wrap_text(doc: &Document, parent: &Element, tag: &str, s: &str) {
    if let Some(e) = el(doc, tag) {
        text(&e, s);
        let _ = parent.append_child(&e);
    }
}

/// An inline citation: a small numbered link to its source, or the marker as text when nothing matches.
fn citation(doc: &Document, parent: &Element, refer: &str, marker: &str, cites: &Citations) {
    let found = cites.by_refer.get(&refer.to_ascii_lowercase());
    let Some((n, source)) = found else {
        return text(parent, marker);
    };
    let Some(href) = safe_link(&source.link) else {
        return text(parent, marker);
    };
    let Some(a) = el(doc, "a") else { return };
    let _ = a.set_attribute("href", &href);
    a.set_class_name("gc-cite");
    let _ = a.set_attribute("data-ref", refer);
    outbound(&a);
    let hover = match (source.title.trim(), source.media.trim()) {
        ("", m) => m.to_string(),
        (t, "") => t.to_string(),
        (t, m) => format!("{t} — {m}"),
    };
    if !hover.is_empty() {
        // A CSS tooltip rather than `title`, so keyboard focus shows it too.
        let _ = a.set_attribute("data-tip", &hover);
        let _ = a.set_attribute("aria-label", &format!("{n}: {hover}"));
    }
    text(&a, &n.to_string());
    let _ = parent.append_child(&a);
}

/// Renders `elements` in full (class `gc-live`) for two frames, then lets them skip rendering off screen again.
#[inline(never)]
fn show_live(elements: Vec<Element>) {
    const SKIPPING: &str = ".gc-code, .gc-table";
    let mut skipping = Vec::new();
    for el in elements {
        if el.matches(SKIPPING).unwrap_or(false) {
            skipping.push(el.clone());
        }
        // A quote or a list item can hold them too.
        if let Ok(inner) = el.query_selector_all(SKIPPING) {
            skipping.extend(
                (0..inner.length()).filter_map(|i| wasm_bindgen::JsCast::dyn_into::<Element>(inner.item(i)?).ok()),
            );
        }
    }
    let elements: Vec<Element> = skipping
        .into_iter()
        .filter(|el| el.class_list().add_1("gc-live").is_ok())
        .collect();
    if elements.is_empty() {
        return;
    }
    crate::browser::page::next_frame(move || {
        crate::browser::page::next_frame(move || {
            for el in &elements {
                let _ = el.class_list().remove_1("gc-live");
            }
        })
    });
}

/// A box that scrolls sideways when its content is wider than the message: keyboards must be able to reach it to
/// scroll it (WCAG 2.1.1).
pub fn scrolls(el: &Element) {
    let _ = el.set_attribute("tabindex", "0");
}

pub fn outbound(a: &Element) {
    let _ = a.set_attribute("target", "_blank");
    let _ = a.set_attribute("rel", "noopener noreferrer");
}
