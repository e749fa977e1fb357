//! Keeps a streamed reply's DOM in step with its text: finished blocks are built once, only the tail is rebuilt.
//! Each block is written as escaped HTML by `glm_markdown::block_html` (whitelisted elements, every piece of the
//! model's text escaped) and parsed by the browser in one call, which costs a fraction of building it a node at a
//! time from wasm. Code is highlighted once its block is finished, so a growing code block costs no more than plain
//! text.

use std::cell::Cell;
use std::collections::HashMap;

use glm_markdown::{Block, Cite, HtmlOptions, StreamingMarkdown, block_html, plain_text, safe_link};
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

    /// The source `refer` (normalised, lower case) points to, as a citation can show it: a numbered link.
    fn cite(&self, refer: &str) -> Option<Cite> {
        let (n, source) = self.by_refer.get(refer)?;
        let href = safe_link(&source.link)?;
        let tip = match (source.title.trim(), source.media.trim()) {
            ("", m) => m.to_string(),
            (t, "") => t.to_string(),
            (t, m) => format!("{t} — {m}"),
        };
        Some(Cite { n: *n, href, tip })
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
        let scratch = doc.create_element("div").ok()?;
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
                    let fresh = block_node(&doc, &scratch, block, &cites)?;
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
            let node = block_node(&doc, &scratch, block, &cites)?;
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

/// The element of `block`: its HTML parsed in `scratch` (an element outside the page, emptied again), then taken
/// out. Should the page refuse HTML (a host page's Trusted Types policy), the block is shown as its plain text.
#[inline(never)] // see NO_INLINE in scripts/wasm_split.py
fn block_node(doc: &Document, scratch: &Element, block: &Block, cites: &Citations) -> Option<Element> {
    let mut html = String::new();
    let cite = |refer: &str| cites.cite(refer);
    let options = HtmlOptions {
        copy_label: cites.copy_label,
        highlight: cites.highlight.get(),
        cite: &cite,
    };
    block_html(block, &options, &mut html);
    let parsed = scratch
        .insert_adjacent_html("beforeend", &html)
        .ok()
        .and_then(|()| scratch.first_element_child());
    scratch.set_text_content(None);
    if parsed.is_some() {
        return parsed;
    }
    let p = doc.create_element("p").ok()?;
    p.set_text_content(Some(&plain_text(std::slice::from_ref(block))));
    Some(p)
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
