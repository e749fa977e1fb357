//! The block structure, one line at a time (CommonMark's two-phase algorithm, phase one): match the open
//! containers (quotes, list items), allow lazy paragraph continuations, open new containers, then feed the leaf.

use std::mem::take;

use super::inlines::parse_inlines;
use super::leaf::{self, HtmlEnd, Marker};
use super::line::Line;
use super::{MAX_BLOCK_DEPTH, Parsed, Top};
use crate::inline::merge_text;
use crate::url::safe_link;
use crate::{Align, Block, Inline, ListItem};

enum Kind {
    Document,
    Quote,
    List {
        marker: Marker,
        items: Vec<ListItem>,
    },
    Item {
        /// Column where the item's content starts; later lines must be indented this far.
        content_col: usize,
        checked: Option<bool>,
        /// The item began with a blank line: a second blank line before any content ends it.
        blank_start: bool,
    },
}

struct Open {
    kind: Kind,
    blocks: Vec<Block>,
    /// Offset of the line the container started on.
    start: usize,
}

enum Leaf {
    /// Lines with their offsets, leading whitespace removed.
    Paragraph(Vec<(usize, String)>),
    Fence {
        ch: u8,
        len: usize,
        indent: usize,
        lang: Option<String>,
        lines: Vec<String>,
    },
    Indented(Vec<String>),
    /// A display formula: the line that opened it and the lines after, until a line ends with `close`.
    Math {
        close: &'static str,
        open: String,
        lines: Vec<String>,
    },
    Html(HtmlEnd, Vec<String>),
    Table {
        align: Vec<Align>,
        head: Vec<String>,
        rows: Vec<Vec<String>>,
        /// The header was the first line of its paragraph, so the parser could restart there (see `Top`).
        clean: bool,
    },
}

pub(super) struct Parser<'k> {
    stack: Vec<Open>,
    leaf: Option<(Leaf, usize)>,
    tops: Vec<Top>,
    /// Every definition label seen so far, with where it was defined.
    labels: Vec<(usize, String)>,
    /// Labels defined before this text (earlier in a streamed reply): their duplicates here are hidden.
    known: &'k [String],
}

impl<'k> Parser<'k> {
    pub fn new(known: &'k [String]) -> Self {
        Parser {
            stack: vec![Open {
                kind: Kind::Document,
                blocks: Vec::new(),
                start: 0,
            }],
            leaf: None,
            tops: Vec::new(),
            labels: Vec::new(),
            known,
        }
    }

    pub fn finish(mut self) -> Parsed {
        self.close_containers_to(1);
        let blocks = self.stack.pop().map(|d| d.blocks).unwrap_or_default();
        Parsed {
            blocks,
            tops: self.tops,
            labels: self.labels,
        }
    }

    /// Quotes and lists open, which the depth limit counts.
    fn depth(&self, upto: usize) -> usize {
        self.stack[..upto]
            .iter()
            .filter(|o| matches!(o.kind, Kind::Quote | Kind::List { .. }))
            .count()
    }

    fn paragraph_open(&self) -> bool {
        matches!(self.leaf, Some((Leaf::Paragraph(_), _)))
    }

    pub fn line(&mut self, offset: usize, text: &str) {
        let mut line = Line::new(text);
        let matched = self.match_containers(&mut line);
        let all_matched = matched == self.stack.len();

        if all_matched && self.continue_raw_leaf(&mut line) {
            return;
        }
        // A lazy continuation: paragraph text that would otherwise close the unmatched containers.
        if !all_matched && self.paragraph_open() && !line.is_blank() && !self.interrupts(&line, matched) {
            self.push_paragraph_line(offset, &line);
            return;
        }
        self.close_to(matched);
        self.open_containers(&mut line, offset);
        self.leaf_line(&mut line, offset);
    }

    /// How many open containers (the document included) the line continues, consuming their markers.
    fn match_containers(&mut self, line: &mut Line) -> usize {
        let mut matched = 1;
        while matched < self.stack.len() {
            let has_content =
                !self.stack[matched].blocks.is_empty() || matched + 1 < self.stack.len() || self.leaf.is_some();
            match &self.stack[matched].kind {
                Kind::Quote => {
                    let indent = line.indent();
                    if indent > 3 || !line.content().starts_with('>') {
                        break;
                    }
                    line.skip_cols(indent);
                    quote_marker(line);
                }
                Kind::List { .. } => {}
                Kind::Item {
                    content_col,
                    blank_start,
                    ..
                } => {
                    if line.is_blank() {
                        if *blank_start && !has_content {
                            break;
                        }
                    } else if line.col + line.indent() >= *content_col {
                        let n = content_col.saturating_sub(line.col);
                        line.skip_cols(n);
                    } else {
                        break;
                    }
                }
                Kind::Document => {}
            }
            matched += 1;
        }
        matched
    }

    /// Fenced code, HTML blocks, indented code and formulas take whole lines; true when the line was used.
    fn continue_raw_leaf(&mut self, line: &mut Line) -> bool {
        if let Some((Leaf::Math { close, open, lines }, start)) = &mut self.leaf {
            // A blank line cannot be part of a formula (TeX does not allow it): the `$$` was not one.
            if line.is_blank() {
                self.close_leaf();
                return false;
            }
            let Some(before) = leaf::math_close(line.rest(), close) else {
                lines.push(line.rest().to_string());
                return true;
            };
            let first = leaf::math_open(open).map_or("", |(_, first, _)| first);
            let mut tex = first.to_string();
            for l in lines.iter().map(String::as_str).chain([before]) {
                tex.push('\n');
                tex.push_str(l);
            }
            let start = *start;
            self.leaf = None;
            self.emit(Block::Math(tex.trim().to_string()), start);
            return true;
        }
        let Some((leaf, _)) = &mut self.leaf else {
            return false;
        };
        match leaf {
            Leaf::Fence {
                ch, len, indent, lines, ..
            } => {
                let i = line.indent();
                if i <= 3 && leaf::is_fence_close(line.content(), *ch, *len) {
                    self.close_leaf();
                } else {
                    line.skip_cols(i.min(*indent));
                    lines.push(line.rest().to_string());
                }
                true
            }
            Leaf::Html(end, lines) => {
                if *end == HtmlEnd::Blank && line.is_blank() {
                    self.close_leaf();
                    return false; // the blank line is seen by the containers too
                }
                lines.push(line.rest().to_string());
                if leaf::html_ends(*end, line.rest()) {
                    self.close_leaf();
                }
                true
            }
            Leaf::Indented(lines) => {
                if line.indent() >= 4 || line.is_blank() {
                    line.skip_cols(4);
                    lines.push(line.rest().to_string());
                    true
                } else {
                    self.close_leaf();
                    false
                }
            }
            _ => false,
        }
    }

    /// Whether the line starts a block that may interrupt a paragraph (so it cannot be a lazy continuation).
    fn interrupts(&self, line: &Line, matched: usize) -> bool {
        if line.indent() > 3 {
            return false;
        }
        let s = line.content();
        let nest = self.depth(matched) < MAX_BLOCK_DEPTH;
        // Directly in a list (its item did not continue), any item marker starts the next item or list.
        let in_list = matches!(self.stack[matched - 1].kind, Kind::List { .. });
        (nest && s.starts_with('>'))
            || leaf::is_thematic_break(s)
            || leaf::atx_heading(s).is_some()
            || leaf::fence_open(s).is_some()
            || leaf::math_open(s).is_some()
            || leaf::html_start(s, true).is_some()
            || list_item(s).is_some_and(|(m, blank)| in_list || (nest && !blank && (!m.ordered || m.start == 1)))
    }

    fn open_containers(&mut self, line: &mut Line, offset: usize) {
        loop {
            let top_is_list = matches!(self.stack.last().map(|o| &o.kind), Some(Kind::List { .. }));
            let indent = line.indent();
            let s = line.content();
            let nest = self.depth(self.stack.len()) < MAX_BLOCK_DEPTH;
            if indent <= 3 && nest && s.starts_with('>') {
                self.close_list_and_leaf(top_is_list);
                line.skip_cols(indent);
                quote_marker(line);
                self.push_container(Kind::Quote, offset);
                continue;
            }
            let underline = self.paragraph_open() && leaf::setext_level(s).is_some();
            if indent <= 3
                && !underline
                && !leaf::is_thematic_break(s)
                && let Some((marker, blank)) = list_item(s)
            {
                let same_list = match self.stack.last().map(|o| &o.kind) {
                    Some(Kind::List { marker: m, .. }) => m.ordered == marker.ordered && m.kind == marker.kind,
                    _ => false,
                };
                let interrupting = self.paragraph_open();
                let allowed =
                    same_list || (nest && !(interrupting && (blank || (marker.ordered && marker.start != 1))));
                if allowed {
                    if !same_list {
                        self.close_list_and_leaf(top_is_list);
                        self.push_container(
                            Kind::List {
                                marker,
                                items: Vec::new(),
                            },
                            offset,
                        );
                    }
                    self.open_item(line, marker, blank, indent, offset);
                    continue;
                }
            }
            if top_is_list {
                self.close_containers_to(self.stack.len() - 1);
            }
            return;
        }
    }

    fn open_item(&mut self, line: &mut Line, marker: Marker, blank: bool, indent: usize, offset: usize) {
        line.skip_cols(indent);
        line.advance(marker.width);
        let marker_end = line.col;
        let spaces = line.indent();
        let content_col = if blank || spaces >= 5 {
            marker_end + 1
        } else {
            marker_end + spaces
        };
        line.skip_cols(content_col - marker_end);
        let mut checked = None;
        if !blank && let Some(done) = leaf::task_marker(line.rest()) {
            checked = Some(done);
            line.advance(3);
            let n = line.indent();
            line.skip_cols(n);
        }
        self.push_container(
            Kind::Item {
                content_col,
                checked,
                blank_start: blank,
            },
            offset,
        );
    }

    /// What is left of the line after the containers: blank, more of the open leaf, or a new leaf.
    fn leaf_line(&mut self, line: &mut Line, offset: usize) {
        if line.is_blank() {
            if matches!(self.leaf, Some((Leaf::Paragraph(_) | Leaf::Table { .. }, _))) {
                self.close_leaf();
            }
            return;
        }
        let indent = line.indent();
        let s = line.content().to_string();
        let starts_leaf = indent <= 3
            && (leaf::atx_heading(&s).is_some()
                || leaf::fence_open(&s).is_some()
                || leaf::math_open(&s).is_some()
                || leaf::html_start(&s, true).is_some()
                || leaf::is_thematic_break(&s));
        match &mut self.leaf {
            Some((Leaf::Paragraph(lines), start)) => {
                if indent <= 3
                    && let Some(level) = leaf::setext_level(&s)
                {
                    let lines = take(lines);
                    let start = *start;
                    self.leaf = None;
                    let content = parse_inlines(&join(&lines));
                    self.emit(Block::Heading { level, content }, start);
                    return;
                }
                if indent <= 3 && self.table_from_paragraph(&s) {
                    return;
                }
                if !starts_leaf {
                    self.push_paragraph_line(offset, line);
                    return;
                }
                self.close_leaf();
            }
            Some((Leaf::Table { rows, .. }, _)) if !starts_leaf => {
                rows.push(leaf::split_row(&s));
                return;
            }
            Some(_) => self.close_leaf(),
            None => {}
        }
        if indent >= 4 {
            line.skip_cols(4);
            self.leaf = Some((Leaf::Indented(vec![line.rest().to_string()]), offset));
            return;
        }
        line.skip_cols(indent);
        if let Some((level, text)) = leaf::atx_heading(&s) {
            let content = parse_inlines(text);
            self.emit(Block::Heading { level, content }, offset);
        } else if let Some((ch, len, info)) = leaf::fence_open(&s) {
            let fence = Leaf::Fence {
                ch,
                len,
                indent,
                lang: leaf::code_lang(info),
                lines: Vec::new(),
            };
            self.leaf = Some((fence, offset));
        } else if let Some((close, first, closed)) = leaf::math_open(&s) {
            if closed {
                self.emit(Block::Math(first.trim().to_string()), offset);
            } else {
                let math = Leaf::Math {
                    close,
                    open: s.clone(),
                    lines: Vec::new(),
                };
                self.leaf = Some((math, offset));
            }
        } else if let Some(end) = leaf::html_start(&s, false) {
            self.leaf = Some((Leaf::Html(end, vec![line.rest().to_string()]), offset));
            if leaf::html_ends(end, line.rest()) {
                self.close_leaf();
            }
        } else if leaf::is_thematic_break(&s) {
            self.emit(Block::Rule, offset);
        } else if let Some(def) = leaf::definition(&s) {
            self.definition(def, offset);
        } else {
            self.push_paragraph_line(offset, line);
        }
    }

    /// `| a | b |` as the paragraph's last line and `|---|---|` now: the line becomes a table header.
    fn table_from_paragraph(&mut self, s: &str) -> bool {
        let Some((Leaf::Paragraph(lines), start)) = &mut self.leaf else {
            return false;
        };
        let Some(align) = leaf::delimiter_row(s) else {
            return false;
        };
        // A header needs a `|` too, so that a sentence over a stray `|---|` stays a sentence.
        let Some((head_offset, head_line)) = lines.last().filter(|(_, l)| l.contains('|')) else {
            return false;
        };
        let head = leaf::split_row(head_line);
        if head.len() != align.len() {
            return false;
        }
        let head_offset = *head_offset;
        let start = *start;
        let mut lines = take(lines);
        lines.pop();
        self.leaf = None;
        let clean = lines.is_empty();
        if !clean {
            self.emit(Block::Paragraph(parse_inlines(&join(&lines))), start);
        }
        self.leaf = Some((
            Leaf::Table {
                align,
                head,
                rows: Vec::new(),
                clean,
            },
            head_offset,
        ));
        true
    }

    fn push_paragraph_line(&mut self, offset: usize, line: &Line) {
        let text = line.content().to_string();
        match &mut self.leaf {
            Some((Leaf::Paragraph(lines), _)) => lines.push((offset, text)),
            _ => self.leaf = Some((Leaf::Paragraph(vec![(offset, text)]), offset)),
        }
    }

    /// A definition is shown as `[label]: url` (a chat reply has nowhere to keep hidden metadata), unless its
    /// label was defined before, which CommonMark ignores.
    fn definition(&mut self, def: leaf::Definition, offset: usize) {
        let key = leaf::label_key(&def.label);
        if self.known.contains(&key) || self.labels.iter().any(|(_, k)| *k == key) {
            return;
        }
        self.labels.push((offset, key));
        let label = Inline::Text(format!("[{}]: ", def.label));
        let target = match safe_link(&def.dest) {
            Some(href) => Inline::Link {
                href,
                title: def.title,
                children: vec![Inline::Text(def.dest)],
            },
            None => Inline::Text(def.dest),
        };
        self.emit(Block::Paragraph(merge_text(vec![label, target])), offset);
    }

    fn push_container(&mut self, kind: Kind, start: usize) {
        self.stack.push(Open {
            kind,
            blocks: Vec::new(),
            start,
        });
    }

    fn close_list_and_leaf(&mut self, top_is_list: bool) {
        if top_is_list {
            self.close_containers_to(self.stack.len() - 1);
        } else {
            self.close_leaf();
        }
    }

    /// Closes the leaf and every container from `keep` up.
    fn close_to(&mut self, keep: usize) {
        if keep < self.stack.len() {
            self.close_containers_to(keep);
        }
    }

    fn close_containers_to(&mut self, keep: usize) {
        self.close_leaf();
        while self.stack.len() > keep {
            let Some(open) = self.stack.pop() else { return };
            match open.kind {
                Kind::Quote => self.emit(Block::Quote(open.blocks), open.start),
                Kind::Item { checked, .. } => {
                    let item = ListItem {
                        checked,
                        blocks: open.blocks,
                    };
                    if let Some(Open {
                        kind: Kind::List { items, .. },
                        ..
                    }) = self.stack.last_mut()
                    {
                        items.push(item);
                    }
                }
                Kind::List { marker, items } => {
                    let list = Block::List {
                        ordered: marker.ordered,
                        start: marker.ordered.then_some(marker.start),
                        items,
                    };
                    self.emit(list, open.start);
                }
                // Never popped: `keep` is at least 1.
                Kind::Document => self.stack.push(open),
            }
        }
    }

    fn close_leaf(&mut self) {
        let Some((leaf, start)) = self.leaf.take() else {
            return;
        };
        let block = match leaf {
            Leaf::Paragraph(lines) => Block::Paragraph(parse_inlines(&join(&lines))),
            Leaf::Fence { lang, lines, .. } => Block::CodeBlock {
                lang,
                code: lines.join("\n"),
            },
            Leaf::Indented(mut lines) => {
                while lines.last().is_some_and(|l| l.trim().is_empty()) {
                    lines.pop();
                }
                Block::CodeBlock {
                    lang: None,
                    code: lines.join("\n"),
                }
            }
            Leaf::Html(_, lines) => Block::Html(lines.join("\n")),
            // Never closed: not a formula after all, but the text it was.
            Leaf::Math { open, lines, .. } => {
                let text: Vec<(usize, String)> = std::iter::once(open).chain(lines).map(|l| (0, l)).collect();
                Block::Paragraph(parse_inlines(&join(&text)))
            }
            Leaf::Table {
                align,
                head,
                rows,
                clean,
            } => {
                let columns = head.len();
                let cells = |row: Vec<String>| {
                    let mut cells: Vec<Vec<Inline>> = row.iter().take(columns).map(|c| parse_inlines(c)).collect();
                    cells.resize_with(columns, Vec::new);
                    cells
                };
                let table = Block::Table {
                    align,
                    head: cells(head),
                    rows: rows.into_iter().map(cells).collect(),
                };
                return self.emit_top(table, Top { line: start, clean });
            }
        };
        self.emit(block, start);
    }

    /// Adds a finished block to the innermost container; a top-level block is recorded with its first line.
    fn emit(&mut self, block: Block, start: usize) {
        self.emit_top(
            block,
            Top {
                line: start,
                clean: true,
            },
        );
    }

    fn emit_top(&mut self, block: Block, top: Top) {
        if self.stack.len() == 1 {
            self.tops.push(top);
        }
        if let Some(open) = self.stack.last_mut() {
            open.blocks.push(block);
        }
    }
}

/// Consumes `>` and the one optional space after it.
fn quote_marker(line: &mut Line) {
    line.advance(1);
    if line.indent() > 0 {
        line.skip_cols(1);
    }
}

/// A list item marker and whether nothing follows it on the line.
fn list_item(s: &str) -> Option<(Marker, bool)> {
    let marker = leaf::list_marker(s)?;
    Some((marker, s[marker.width..].trim_matches([' ', '\t']).is_empty()))
}

/// Paragraph lines as inline source: the last line loses its trailing spaces (no hard break at the end).
fn join(lines: &[(usize, String)]) -> String {
    let mut text = lines.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>().join("\n");
    let trimmed = text.trim_end_matches([' ', '\t']).len();
    text.truncate(trimmed);
    text
}
