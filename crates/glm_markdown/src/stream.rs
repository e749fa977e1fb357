//! Incremental parsing of a streamed reply: finished top-level blocks are parsed once.

use std::ops::Range;

use crate::Block;
use crate::build::{Label, Top, TopKind, parse_document};

/// Parses a growing reply so that each update re-parses only the unfinished end of it.
///
/// Invariant (checked by the property tests): after every `update(full)`,
/// `committed() ++ tail() == parse(full)`, and a committed block never changes.
///
/// A top-level block is committed once a later top-level block has started on a complete
/// line: CommonMark closes a block for good when the next one starts, and nothing later in the
/// text can reach back into it (reference links, the one construct that could, are shown as
/// literal text). The start line must be complete because a partial one can still change its
/// mind: `#` is an empty heading that ends the paragraph above, `#foo` is a continuation of it.
/// Parsing then restarts at that line, so without a blank line before it the line must also
/// mean the same out of context, and the line after it must be complete too (see `restartable`).
#[derive(Debug, Default, Clone)]
pub struct StreamingMarkdown {
    /// Everything seen so far, to detect a text that is not a continuation.
    seen: String,
    /// Offset in `seen` where the uncommitted text starts (always a line start).
    committed_bytes: usize,
    committed: Vec<Block>,
    tail: Vec<Block>,
    finished: bool,
    /// Labels of link reference definitions in the committed text: later duplicates are hidden.
    labels: Vec<Label>,
    bytes_parsed: usize,
}

/// What an update changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Update {
    /// The text did not continue the previous one: everything was parsed afresh, and any
    /// DOM built from earlier committed blocks must be thrown away.
    pub reset: bool,
    /// Indexes into `committed()` of the blocks committed by this update.
    pub newly_committed: Range<usize>,
}

impl StreamingMarkdown {
    pub fn new() -> Self {
        Self::default()
    }

    /// `full` is the whole reply so far. Appending is the normal case; any other change
    /// (a different reply, an edit, more text after `finish`) resets and re-parses it all.
    pub fn update(&mut self, full: &str) -> Update {
        // A memcmp of the seen prefix: linear but gigabytes per second, unlike parsing.
        let continues = full.starts_with(self.seen.as_str()) && !(self.finished && full.len() > self.seen.len());
        let reset = !continues;
        if reset {
            *self = Self {
                bytes_parsed: self.bytes_parsed,
                ..Self::default()
            };
        } else if full.len() == self.seen.len() {
            let n = self.committed.len();
            return Update {
                reset,
                newly_committed: n..n,
            };
        }
        let before = self.committed.len();
        self.seen.push_str(&full[self.seen.len()..]);
        self.reparse_tail();
        Update {
            reset,
            newly_committed: before..self.committed.len(),
        }
    }

    /// Blocks that are final: they never change until a reset.
    pub fn committed(&self) -> &[Block] {
        &self.committed
    }

    /// Blocks after the committed ones, re-parsed on every update.
    pub fn tail(&self) -> &[Block] {
        &self.tail
    }

    /// End of the stream: the tail becomes committed.
    pub fn finish(&mut self) -> Update {
        let before = self.committed.len();
        if !self.finished {
            self.finished = true;
            self.committed.append(&mut self.tail);
            self.committed_bytes = self.seen.len();
        }
        Update {
            reset: false,
            newly_committed: before..self.committed.len(),
        }
    }

    /// Total bytes handed to the parser since creation (resets included); lets tests check that
    /// streaming work stays linear in the reply length.
    #[doc(hidden)]
    pub fn bytes_parsed(&self) -> usize {
        self.bytes_parsed
    }

    fn reparse_tail(&mut self) {
        let window = &self.seen[self.committed_bytes..];
        self.bytes_parsed += window.len();
        let parsed = parse_document(window, &self.labels);
        let mut blocks = parsed.blocks;
        let n = committable(window, &parsed.tops);
        if n > 0 {
            let restart = line_start(window, parsed.tops[n].span.start);
            self.committed.extend(blocks.drain(..n));
            self.committed_bytes += restart;
            let committed_labels = parsed.labels.into_iter().filter(|(at, _)| *at < restart);
            self.labels.extend(committed_labels.map(|(_, label)| label));
        }
        self.tail = blocks;
    }
}

/// How many leading top-level blocks of `window` are final.
fn committable(window: &str, tops: &[Top]) -> usize {
    let Some(last_break) = window.rfind(['\n', '\r']) else {
        return 0;
    };
    // Blocks whose first line is complete; all but the last of them are closed for good.
    let mut n = tops.partition_point(|t| t.span.start < last_break).saturating_sub(1);
    while n > 0 && !restartable(window, &tops[n - 1], &tops[n]) {
        n -= 1;
    }
    n
}

/// Whether parsing can restart at the line where `next` begins, as if the text began there.
fn restartable(window: &str, prev: &Top, next: &Top) -> bool {
    let restart = line_start(window, next.span.start);
    if !window[restart..next.span.start]
        .bytes()
        .all(|b| b == b' ' || b == b'\t')
    {
        return false;
    }
    let mut lines = window[restart..].match_indices('\n');
    if lines.next().is_none() {
        return false;
    }
    if blank_line_before(window, restart) {
        return true;
    }
    // A block that interrupts the one above may be a table header, which the next line (the
    // delimiter row) confirms or turns back into text of the paragraph above.
    if lines.next().is_none() {
        return false;
    }
    let line = &window[restart..];
    // A link reference definition (shown, or a duplicate hidden in the gap) acts as an open
    // paragraph for the line after it: that line may be its title (`"…"`, even spanning
    // lines) or a lazy continuation (`    x` is then text, not indented code). A line
    // starting with `[` is a definition or a paragraph in either context.
    let Some(gap) = window.get(prev.span.end..restart) else {
        return false; // the block before reaches into this line: not a clean boundary
    };
    if prev.kind == TopKind::Definition || !gap.trim().is_empty() {
        return line.starts_with('[');
    }
    // A duplicate definition can also hide inside the span of the block before (pulldown
    // extends a list over it). The line must then mean the same in a fresh parse: not
    // indented code, HTML, a list item or a title, which after a definition are plain text.
    !line.starts_with(|c: char| {
        c.is_whitespace() || c.is_ascii_digit() || matches!(c, '<' | '-' | '*' | '+' | '"' | '\'' | '(')
    })
}

fn blank_line_before(window: &str, restart: usize) -> bool {
    let before = &window[..restart];
    let before = before.strip_suffix('\n').unwrap_or(before);
    let before = before.strip_suffix('\r').unwrap_or(before);
    before[line_start(before, before.len())..]
        .trim_matches([' ', '\t'])
        .is_empty()
}

fn line_start(text: &str, pos: usize) -> usize {
    text[..pos].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}
