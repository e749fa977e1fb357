//! Block-level frames of the tree builder: containers, leaves, tables, code.

use std::mem::take;
use std::ops::Range;

use pulldown_cmark::{Alignment, CodeBlockKind, Tag, TagEnd};

use super::runs::RunKind;
use super::{Builder, MAX_BLOCK_DEPTH, Top, TopKind};
use crate::inline::normalize;
use crate::{Align, Block, Inline, ListItem};

const MAX_LANG_LEN: usize = 32;

pub(super) enum Container {
    Root,
    Quote,
    Item { checked: Option<bool> },
}

pub(super) enum Frame {
    /// Holds blocks; `text` collects inline content that arrives without a paragraph (tight
    /// list items) and becomes a `Paragraph` before the next block or at the end.
    Blocks {
        kind: Container,
        blocks: Vec<Block>,
        text: Vec<Inline>,
    },
    List {
        start: Option<u64>,
        items: Vec<ListItem>,
    },
    Leaf {
        heading: Option<u8>,
        inlines: Vec<Inline>,
    },
    Cell(Vec<Inline>),
    Code {
        lang: Option<String>,
        code: String,
    },
    Html(String),
    Table {
        align: Vec<Align>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
        row: Vec<Vec<Inline>>,
    },
    /// A container dropped for depth (or a construct we do not render as such): its content
    /// goes to the nearest real frame.
    Flat,
}

impl Builder {
    pub(super) fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        let frame = match tag {
            Tag::Paragraph => Frame::Leaf {
                heading: None,
                inlines: Vec::new(),
            },
            Tag::Heading { level, .. } => Frame::Leaf {
                heading: Some(level as u8),
                inlines: Vec::new(),
            },
            Tag::BlockQuote(_) if self.depth() < MAX_BLOCK_DEPTH => Frame::Blocks {
                kind: Container::Quote,
                blocks: Vec::new(),
                text: Vec::new(),
            },
            Tag::CodeBlock(kind) => Frame::Code {
                lang: code_lang(&kind),
                code: String::new(),
            },
            Tag::HtmlBlock => Frame::Html(String::new()),
            Tag::List(start) if self.depth() < MAX_BLOCK_DEPTH => Frame::List {
                start,
                items: Vec::new(),
            },
            Tag::Item if matches!(self.frames.last(), Some(Frame::List { .. })) => Frame::Blocks {
                kind: Container::Item { checked: None },
                blocks: Vec::new(),
                text: Vec::new(),
            },
            Tag::Table(align) => Frame::Table {
                align: align.iter().map(|a| Align::from(*a)).collect(),
                head: Vec::new(),
                rows: Vec::new(),
                row: Vec::new(),
            },
            Tag::TableCell => Frame::Cell(Vec::new()),
            // Head and row state lives in the table frame; neither pushes a frame.
            Tag::TableHead | Tag::TableRow => return,
            Tag::Emphasis => return self.open_run(RunKind::Emphasis, ""),
            Tag::Strong => return self.open_run(RunKind::Strong, ""),
            Tag::Strikethrough => return self.open_run(RunKind::Strike, ""),
            Tag::Superscript | Tag::Subscript => return self.open_run(RunKind::Flat, ""),
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => {
                return self.open_link(link_type, &dest_url, title.into_string(), &id, false);
            }
            Tag::Image {
                link_type,
                dest_url,
                id,
                ..
            } => {
                return self.open_link(link_type, &dest_url, String::new(), &id, true);
            }
            // Depth-limited containers, and constructs whose options are off (footnotes,
            // definition lists, metadata) but must still not lose their text.
            Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::Item
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => Frame::Flat,
        };
        if !matches!(frame, Frame::Cell(_)) {
            self.definitions_before(range.start);
        }
        self.frames.push(frame);
    }

    pub(super) fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image => return self.close_run(),
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(Frame::Table { head, rows, row, .. }) = self.frames.last_mut() {
                    let row = take(row);
                    if tag == TagEnd::TableHead {
                        *head = row
                    } else {
                        rows.push(row)
                    }
                }
                return;
            }
            _ => {}
        }
        // Definitions at the end of a quote or list item belong inside it.
        if matches!(tag, TagEnd::BlockQuote(_) | TagEnd::Item) {
            self.definitions_before(range.end);
        }
        let Some(frame) = self.frames.pop() else {
            return;
        };
        let block = match frame {
            Frame::Blocks { kind, mut blocks, text } => {
                flush_text(&mut blocks, text);
                match kind {
                    Container::Quote => Block::Quote(blocks),
                    Container::Item { checked } => {
                        return self.push_item(ListItem { checked, blocks }, range);
                    }
                    Container::Root => return, // unbalanced input; cannot happen with pulldown
                }
            }
            Frame::List { start, items } => Block::List {
                ordered: start.is_some(),
                start,
                items,
            },
            Frame::Leaf { heading: None, inlines } => Block::Paragraph(normalize(inlines)),
            Frame::Leaf {
                heading: Some(level),
                inlines,
            } => Block::Heading {
                level,
                content: normalize(inlines),
            },
            Frame::Cell(inlines) => {
                if let Some(Frame::Table { row, .. }) = self.frames.last_mut() {
                    row.push(normalize(inlines));
                }
                return;
            }
            Frame::Code { lang, mut code } => {
                if code.ends_with('\n') {
                    code.pop();
                }
                Block::CodeBlock { lang, code }
            }
            Frame::Html(mut html) => {
                if html.ends_with('\n') {
                    html.pop();
                }
                Block::Html(html)
            }
            Frame::Table { align, head, rows, .. } => Block::Table { align, head, rows },
            Frame::Flat => return,
        };
        self.emit(block, range);
    }

    /// Nesting depth of quotes and lists (items count with their list).
    fn depth(&self) -> usize {
        self.frames
            .iter()
            .filter(|f| {
                matches!(
                    f,
                    Frame::List { .. }
                        | Frame::Blocks {
                            kind: Container::Quote,
                            ..
                        }
                )
            })
            .count()
    }

    /// Adds a finished block (from `span` of the source) to the nearest frame that holds
    /// blocks; true when that is the top level.
    pub(super) fn emit(&mut self, block: Block, span: Range<usize>) -> bool {
        let Some(at) = self.frames.iter().rposition(|f| !matches!(f, Frame::Flat)) else {
            return false;
        };
        match &mut self.frames[at] {
            Frame::Blocks { blocks, text, .. } => {
                if at == 0 && !text.is_empty() {
                    // Stray top-level text (only via flattened constructs) is a block of its own.
                    self.tops.push(Top {
                        span: span.start..span.start,
                        kind: TopKind::Other,
                    });
                }
                flush_text(blocks, take(text));
                blocks.push(block);
                if at == 0 {
                    self.tops.push(Top {
                        span,
                        kind: TopKind::Other,
                    });
                }
                return at == 0;
            }
            // Never produced by pulldown-cmark; kept lossless rather than dropped.
            Frame::List { items, .. } => items.push(ListItem {
                checked: None,
                blocks: vec![block],
            }),
            _ => {}
        }
        false
    }

    fn push_item(&mut self, item: ListItem, span: Range<usize>) {
        match self.frames.last_mut() {
            Some(Frame::List { items, .. }) => items.push(item),
            _ => {
                for block in item.blocks {
                    self.emit(block, span.clone());
                }
            }
        }
    }
}

pub(super) fn flush_text(blocks: &mut Vec<Block>, text: Vec<Inline>) {
    if !text.is_empty() {
        blocks.push(Block::Paragraph(normalize(text)));
    }
}

/// The first word of a fence's info string, cut at the first character outside
/// `[A-Za-z0-9_+#.-]` (so `rust,ignore` is `rust`), at most 32 characters.
fn code_lang(kind: &CodeBlockKind<'_>) -> Option<String> {
    let CodeBlockKind::Fenced(info) = kind else {
        return None;
    };
    let allowed = |c: &char| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '#' | '.' | '-');
    let lang: String = info
        .trim_start()
        .chars()
        .take_while(allowed)
        .take(MAX_LANG_LEN)
        .collect();
    (!lang.is_empty()).then_some(lang)
}

impl From<Alignment> for Align {
    fn from(a: Alignment) -> Self {
        match a {
            Alignment::None => Align::None,
            Alignment::Left => Align::Left,
            Alignment::Center => Align::Center,
            Alignment::Right => Align::Right,
        }
    }
}
