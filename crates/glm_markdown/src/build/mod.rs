//! Folding pulldown-cmark's event stream into the safe block tree.

use std::ops::Range;

use pulldown_cmark::{BrokenLink, CowStr, Event, Options, Parser};
use unicase::UniCase;

mod blocks;
mod runs;

use blocks::{Container, Frame, flush_text};
use runs::Run;

use crate::inline::{is_line_break_tag, merge_text};
use crate::url::safe_link;
use crate::{Block, Inline};

/// Deeper quotes/lists are flattened into their parent, and deeper emphasis/links into their
/// parent run, so every consumer (DOM builder, serde, Drop) can recurse without blowing the
/// stack on `>>>>>>…` input.
const MAX_BLOCK_DEPTH: usize = 16;
const MAX_INLINE_DEPTH: usize = 16;

/// The result of parsing one piece of text, with what the streaming splitter needs to know.
pub(crate) struct Parsed {
    pub blocks: Vec<Block>,
    /// One per block in `blocks`.
    pub tops: Vec<Top>,
    /// Rendered link reference definitions: where each starts, and its label.
    pub labels: Vec<(usize, Label)>,
}

/// A top-level block's source span.
pub(crate) struct Top {
    pub span: Range<usize>,
    pub kind: TopKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum TopKind {
    /// A rendered link reference definition, which behaves like an open paragraph for the
    /// line after it.
    Definition,
    Other,
}

/// A definition label, compared the way pulldown-cmark matches them (Unicode case folding).
pub(crate) type Label = UniCase<String>;

/// Parses `src`; definitions whose label is in `known` are duplicates of ones earlier in the
/// reply (outside `src`) and, as in a one-shot parse where the first one wins, are not shown.
pub(crate) fn parse_document(src: &str, known: &[Label]) -> Parsed {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let parser = Parser::new_with_broken_link_callback(src, options, Some(resolve_every_reference));
    let events = parser.into_offset_iter();
    let mut definitions: Vec<Definition> = events
        .reference_definitions()
        .iter()
        .filter(|(label, _)| !known.contains(&UniCase::new(label.to_string())))
        .map(|(label, def)| Definition {
            span: def.span.clone(),
            label: label.to_string(),
            dest: def.dest.to_string(),
            title: def.title.as_ref().map(|t| t.to_string()).filter(|t| !t.is_empty()),
        })
        .collect();
    definitions.sort_unstable_by_key(|d| std::cmp::Reverse(d.span.start));
    let mut builder = Builder {
        frames: vec![Frame::Blocks {
            kind: Container::Root,
            blocks: Vec::new(),
            text: Vec::new(),
        }],
        runs: Vec::new(),
        definitions,
        tops: Vec::new(),
        labels: Vec::new(),
        src_len: src.len(),
    };
    for (event, range) in events {
        builder.event(event, range);
    }
    builder.finish()
}

/// Reference links are rendered as their literal text (see `RunKind::Reference`), so whether a
/// definition exists must not change how the rest of the line parses. Resolving every
/// reference, even undefined ones, makes `[ref_1]` parse the same whether or not `[ref_1]: …`
/// appears anywhere, which also keeps a streamed reply identical to a one-shot parse.
fn resolve_every_reference<'a>(_: BrokenLink<'a>) -> Option<(CowStr<'a>, CowStr<'a>)> {
    Some((CowStr::Borrowed(""), CowStr::Borrowed("")))
}

struct Definition {
    span: Range<usize>,
    label: String,
    dest: String,
    title: Option<String>,
}

struct Builder {
    frames: Vec<Frame>,
    runs: Vec<Run>,
    /// Reverse-sorted by start so the next one is at the end.
    definitions: Vec<Definition>,
    tops: Vec<Top>,
    labels: Vec<(usize, Label)>,
    src_len: usize,
}

impl Builder {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(text) => self.text(&text),
            Event::Code(code) => self.inline(Inline::Code(code.into_string())),
            Event::InlineMath(m) => self.inline(Inline::Text(format!("${m}$"))),
            Event::DisplayMath(m) => self.inline(Inline::Text(format!("$${m}$$"))),
            Event::Html(html) => self.text(&html),
            Event::InlineHtml(html) if is_line_break_tag(&html) => self.inline(Inline::HardBreak),
            Event::InlineHtml(html) => self.inline(Inline::Text(html.into_string())),
            Event::FootnoteReference(label) => self.inline(Inline::Text(format!("[^{label}]"))),
            Event::SoftBreak => self.inline(Inline::SoftBreak),
            Event::HardBreak => self.inline(Inline::HardBreak),
            Event::Rule => {
                self.definitions_before(range.start);
                self.emit(Block::Rule, range);
            }
            Event::TaskListMarker(done) => {
                if let Some(Frame::Blocks {
                    kind: Container::Item { checked },
                    ..
                }) = self.frames.last_mut()
                {
                    *checked = Some(done);
                }
            }
        }
    }

    fn finish(mut self) -> Parsed {
        self.definitions_before(usize::MAX);
        match self.frames.into_iter().next() {
            Some(Frame::Blocks { mut blocks, text, .. }) => {
                if !text.is_empty() {
                    self.tops.push(Top {
                        span: self.src_len..self.src_len,
                        kind: TopKind::Other,
                    });
                }
                flush_text(&mut blocks, text);
                Parsed {
                    blocks,
                    tops: self.tops,
                    labels: self.labels,
                }
            }
            _ => Parsed {
                blocks: Vec::new(),
                tops: Vec::new(),
                labels: Vec::new(),
            },
        }
    }

    /// Link reference definitions produce no events, and a chat reply cannot show them as
    /// hidden metadata (the URL would be lost), so each becomes a visible paragraph
    /// `[label]: url` at its place in the text.
    fn definitions_before(&mut self, offset: usize) {
        while self.definitions.last().is_some_and(|d| d.span.start < offset) {
            let Some(def) = self.definitions.pop() else {
                break;
            };
            self.labels.push((def.span.start, UniCase::new(def.label.clone())));
            let label = Inline::Text(format!("[{}]: ", def.label));
            let shown = vec![Inline::Text(def.dest.clone())];
            let target = match safe_link(&def.dest) {
                Some(href) => Inline::Link {
                    href,
                    title: def.title,
                    children: shown,
                },
                None => Inline::Text(def.dest),
            };
            let block = Block::Paragraph(merge_text(vec![label, target]));
            if self.emit(block, def.span.clone())
                && let Some(top) = self.tops.last_mut()
            {
                top.kind = TopKind::Definition;
            }
        }
    }
}
